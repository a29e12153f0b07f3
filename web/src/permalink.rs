//! Permalinks: the input bytes and the view state in the URL fragment (never the query string,
//! which a server would see).
//!
//! `#v1.<data>` opens the full app, `#embed.v1.<data>` the compact embed view. `<data>` is
//! base64url (no padding) of raw deflate of the binary payload below; `v1` is the version tag,
//! so later versions can still read old links.
//!
//! Payload v1 (integers are LEB128 varints):
//! ```text
//! kind          0 = pasted bytes, 1 = one message taken from a capture
//!   kind 0:     start layer (0 auto, 1 Ethernet, 2 IPv4, 3 IPv6, 4 UDP, 5 TCP, 6 DNS),
//!               dialect (0 from the port, 1 DNS, 2 mDNS, 3 LLMNR)
//!   kind 1:     file name (len + UTF-8), frame number, link type + 1 (0 = reassembled
//!               message), DNS start, DNS end, dialect
//! bytes         len + bytes
//! selected      0 = none, else 1 + path length, then the path
//! toggled       count, then each path (length + indexes)
//! ```
//!
//! Hostile fragments are expected: every length is checked against what is left, the text is
//! capped before decoding and the decompressed size is capped, so a bomb or megabytes of text
//! give an error, never a hang. This file depends only on `miniz_oxide` and the engine's base64url
//! (the fuzz target includes it directly).

/// Longest fragment accepted (characters).
pub const MAX_FRAGMENT: usize = 256 * 1024;
/// Largest decompressed payload accepted (bytes): a 64 KB message plus its frame and state.
pub const MAX_PAYLOAD: usize = 160 * 1024;
const MAX_PATH: usize = 64;
const MAX_TOGGLED: usize = 4096;

/// Where the bytes of a link came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Pasted (or typed) bytes.
    Paste {
        /// 0 auto, 1 Ethernet, 2 IPv4, 3 IPv6, 4 UDP, 5 TCP, 6 DNS.
        start: u8,
        /// 0 from the port, 1 DNS, 2 mDNS, 3 LLMNR.
        dialect: u8,
    },
    /// One message from a capture file, with its frame.
    Message {
        /// The capture's file name (shown only).
        file: String,
        /// Frame number in that file.
        frame: u32,
        /// The frame's link type, or `None` when `bytes` is a reassembled DNS message.
        linktype: Option<u32>,
        /// Where the DNS message sits in `bytes`.
        dns: (u32, u32),
        /// 1 DNS, 2 mDNS, 3 LLMNR.
        dialect: u8,
    },
}

/// Everything a link carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// Where the bytes came from.
    pub origin: Origin,
    /// The bytes shown.
    pub bytes: Vec<u8>,
    /// The selected field's path in the tree.
    pub selected: Option<Vec<u32>>,
    /// Tree nodes opened or closed by hand.
    pub toggled: Vec<Vec<u32>>,
}

/// Why a fragment could not be opened (shown to the user).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Too long to be one of ours.
    TooLong(usize),
    /// A version this build does not know.
    Version(String),
    /// Not base64url.
    Base64,
    /// Not deflate, or larger than allowed when inflated.
    Inflate,
    /// The payload is cut short or inconsistent.
    Payload(&'static str),
}

impl core::fmt::Display for LinkError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            LinkError::TooLong(n) => write!(
                f,
                "the link is {n} characters long, more than any dnslens link can be"
            ),
            LinkError::Version(v) => write!(
                f,
                "the link is in format {v:?}, which this version of dnslens does not know"
            ),
            LinkError::Base64 => write!(
                f,
                "the link's data is not valid base64url — it may have been cut or changed"
            ),
            LinkError::Inflate => write!(
                f,
                "the link's data does not decompress (or would be larger than {} KB)",
                MAX_PAYLOAD / 1024
            ),
            LinkError::Payload(what) => write!(f, "the link's data is damaged: {what}"),
        }
    }
}

/// A parsed fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fragment {
    /// Embed view requested.
    pub embed: bool,
    /// The link.
    pub link: Link,
    /// The guided tour's step to open at (the fragment's `.tN` suffix, outside the packed
    /// data so that v1 links without it stay exactly as they were).
    pub step: Option<usize>,
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put(out, b.len() as u64);
    out.extend_from_slice(b);
}

fn put_path(out: &mut Vec<u8>, p: &[u32]) {
    put(out, p.len() as u64);
    for &i in p {
        put(out, i as u64);
    }
}

struct Rd<'a>(&'a [u8]);

impl<'a> Rd<'a> {
    fn var(&mut self) -> Result<u64, LinkError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self
                .0
                .split_first()
                .ok_or(LinkError::Payload("a number is cut short"))?;
            self.0 = rest;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(LinkError::Payload("a number is too long"))
    }
    fn small(&mut self, max: u64, what: &'static str) -> Result<u64, LinkError> {
        let v = self.var()?;
        if v > max {
            return Err(LinkError::Payload(what));
        }
        Ok(v)
    }
    fn bytes(&mut self, what: &'static str) -> Result<&'a [u8], LinkError> {
        let n = self.var()?;
        if n > self.0.len() as u64 {
            return Err(LinkError::Payload(what));
        }
        let (b, rest) = self.0.split_at(n as usize);
        self.0 = rest;
        Ok(b)
    }
    fn path(&mut self) -> Result<Vec<u32>, LinkError> {
        let n = self.small(MAX_PATH as u64, "a tree path is too deep")?;
        (0..n)
            .map(|_| {
                self.small(u32::MAX as u64, "a tree index is too large")
                    .map(|v| v as u32)
            })
            .collect()
    }
}

/// The payload bytes (before compression).
pub fn payload(link: &Link) -> Vec<u8> {
    let mut out = Vec::with_capacity(link.bytes.len() + 32);
    match &link.origin {
        Origin::Paste { start, dialect } => {
            put(&mut out, 0);
            put(&mut out, *start as u64);
            put(&mut out, *dialect as u64);
        }
        Origin::Message {
            file,
            frame,
            linktype,
            dns,
            dialect,
        } => {
            put(&mut out, 1);
            put_bytes(&mut out, file.as_bytes());
            put(&mut out, *frame as u64);
            put(&mut out, linktype.map_or(0, |l| l as u64 + 1));
            put(&mut out, dns.0 as u64);
            put(&mut out, dns.1 as u64);
            put(&mut out, *dialect as u64);
        }
    }
    put_bytes(&mut out, &link.bytes);
    match &link.selected {
        None => put(&mut out, 0),
        Some(p) => {
            put(&mut out, 1);
            put_path(&mut out, p);
        }
    }
    put(&mut out, link.toggled.len() as u64);
    for p in &link.toggled {
        put_path(&mut out, p);
    }
    out
}

/// Read a payload.
pub fn from_payload(b: &[u8]) -> Result<Link, LinkError> {
    let mut r = Rd(b);
    let origin = match r.var()? {
        0 => Origin::Paste {
            start: r.small(6, "unknown start layer")? as u8,
            dialect: r.small(3, "unknown dialect")? as u8,
        },
        1 => {
            let file = String::from_utf8_lossy(r.bytes("the file name is cut short")?).into_owned();
            let frame = r.small(u32::MAX as u64, "frame number too large")? as u32;
            let lt = r.small(u32::MAX as u64 + 1, "link type too large")?;
            let dns = (
                r.small(u32::MAX as u64, "bad message start")? as u32,
                r.small(u32::MAX as u64, "bad message end")? as u32,
            );
            let dialect = r.small(3, "unknown dialect")? as u8;
            Origin::Message {
                file,
                frame,
                linktype: lt.checked_sub(1).map(|l| l as u32),
                dns,
                dialect,
            }
        }
        _ => return Err(LinkError::Payload("unknown kind of link")),
    };
    let bytes = r.bytes("the packet bytes are cut short")?.to_vec();
    if let Origin::Message { dns, .. } = &origin {
        if dns.0 > dns.1 || dns.1 as usize > bytes.len() {
            return Err(LinkError::Payload("the message lies outside its bytes"));
        }
    }
    let selected = match r.small(1, "bad selection flag")? {
        0 => None,
        _ => Some(r.path()?),
    };
    let n = r.small(MAX_TOGGLED as u64, "too many expanded nodes")?;
    let toggled = (0..n).map(|_| r.path()).collect::<Result<Vec<_>, _>>()?;
    if !r.0.is_empty() {
        return Err(LinkError::Payload("extra data after the end"));
    }
    Ok(Link {
        origin,
        bytes,
        selected,
        toggled,
    })
}

/// The fragment (without `#`) for a link.
pub fn encode(link: &Link, embed: bool) -> String {
    encode_at(link, embed, None)
}

/// The fragment for a link that opens the guided tour at `step`.
pub fn encode_at(link: &Link, embed: bool, step: Option<usize>) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(&payload(link), 9);
    let mut s = String::from(if embed { "embed.v1." } else { "v1." });
    s.push_str(&dnslens::encoding::base64url(&packed));
    if let Some(n) = step {
        s.push_str(&format!(".t{n}"));
    }
    s
}

/// Parse a fragment (with or without the leading `#`). `Ok(None)` when it is not a link at all
/// (empty, or some other anchor).
pub fn decode(fragment: &str) -> Result<Option<Fragment>, LinkError> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    if f.len() > MAX_FRAGMENT {
        return Err(LinkError::TooLong(f.len()));
    }
    let (embed, rest) = match f.strip_prefix("embed.") {
        Some(r) => (true, r),
        None => (false, f),
    };
    let Some((version, data)) = rest.split_once('.') else {
        return if rest.is_empty() || embed {
            if embed {
                Err(LinkError::Payload("the embed link has no data"))
            } else {
                Ok(None)
            }
        } else {
            Ok(None)
        };
    };
    if version != "v1" {
        if version.starts_with('v') && version.len() <= 4 {
            return Err(LinkError::Version(version.into()));
        }
        return Ok(None);
    }
    // base64url has no '.', so a `.tN` suffix cannot be part of the data.
    let (data, step) = match data.rsplit_once(".t") {
        Some((d, n)) => (
            d,
            Some(n.parse().map_err(|_| LinkError::Payload("bad tour step"))?),
        ),
        None => (data, None),
    };
    let packed =
        dnslens::encoding::base64_decode(data.as_bytes(), true).ok_or(LinkError::Base64)?;
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_PAYLOAD)
        .map_err(|_| LinkError::Inflate)?;
    Ok(Some(Fragment {
        embed,
        link: from_payload(&raw)?,
        step,
    }))
}

#[cfg(test)]
mod test {
    use super::*;

    fn seed_nxdomain() -> Vec<u8> {
        let text = crate::examples::NXDOMAIN;
        dnslens::input::parse(text).unwrap().bytes
    }

    #[test]
    fn seed_link_is_short_and_round_trips() {
        let link = Link {
            origin: Origin::Paste {
                start: 0,
                dialect: 0,
            },
            bytes: seed_nxdomain(),
            selected: Some(vec![2, 0, 1, 9]),
            toggled: vec![vec![2, 1, 0, 0, 4]],
        };
        let f = encode(&link, false);
        let url = format!("https://example.org/dnslens/#{f}");
        assert!(url.len() < 300, "{} characters: {url}", url.len());
        assert_eq!(
            decode(&f),
            Ok(Some(Fragment {
                embed: false,
                link: link.clone(),
                step: None,
            }))
        );
        let e = encode(&link, true);
        assert!(e.starts_with("embed.v1."));
        assert!(decode(&format!("#{e}")).unwrap().unwrap().embed);
        // A tour step rides after the data; the link without it is unchanged.
        let t = encode_at(&link, true, Some(7));
        assert_eq!(t, format!("{e}.t7"));
        let back = decode(&t).unwrap().unwrap();
        assert_eq!(
            (back.step, back.embed, back.link),
            (Some(7), true, link.clone())
        );
        assert!(decode(&format!("{f}.tx")).is_err());
    }

    #[test]
    fn message_links_round_trip() {
        let link = Link {
            origin: Origin::Message {
                file: "dns.pcap".into(),
                frame: 7,
                linktype: Some(1),
                dns: (42, 120),
                dialect: 2,
            },
            bytes: (0..120).collect(),
            selected: None,
            toggled: vec![],
        };
        assert_eq!(decode(&encode(&link, false)).unwrap().unwrap().link, link);
        let reassembled = Link {
            origin: Origin::Message {
                file: String::new(),
                frame: 1,
                linktype: None,
                dns: (0, 3),
                dialect: 1,
            },
            bytes: vec![1, 2, 3],
            ..link
        };
        assert_eq!(
            decode(&encode(&reassembled, false)).unwrap().unwrap().link,
            reassembled
        );
    }

    #[test]
    fn round_trip_property() {
        // A deterministic sweep standing in for a property test: many shapes and sizes.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..500 {
            let n = (next() % 2000) as usize;
            let bytes: Vec<u8> = (0..n).map(|_| next() as u8).collect();
            let depth = (next() % 8) as usize;
            let link = Link {
                origin: if next() % 2 == 0 {
                    Origin::Paste {
                        start: (next() % 7) as u8,
                        dialect: (next() % 4) as u8,
                    }
                } else {
                    let a = (next() % (n as u64 + 1)) as u32;
                    Origin::Message {
                        file: format!("f{}.pcapng", next() % 100),
                        frame: next() as u32,
                        linktype: (next() % 2 == 0).then(|| next() as u32),
                        dns: (a, a + ((n as u32 - a) / 2)),
                        dialect: (next() % 4) as u8,
                    }
                },
                bytes,
                selected: (next() % 3 != 0)
                    .then(|| (0..depth).map(|_| (next() % 50) as u32).collect()),
                toggled: (0..next() % 5)
                    .map(|_| (0..next() % 6).map(|_| next() as u32).collect())
                    .collect(),
            };
            assert_eq!(
                decode(&encode(&link, next() % 2 == 0))
                    .unwrap()
                    .unwrap()
                    .link,
                link
            );
        }
    }

    #[test]
    fn hostile_fragments_are_refused_quickly() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#section-2"), Ok(None));
        assert_eq!(decode("#v9.AAAA"), Err(LinkError::Version("v9".into())));
        assert_eq!(decode("#v1.not*base64"), Err(LinkError::Base64));
        assert_eq!(decode("#v1.AAAA"), Err(LinkError::Inflate));
        assert!(matches!(
            decode(&format!("#v1.{}", "A".repeat(MAX_FRAGMENT))),
            Err(LinkError::TooLong(_))
        ));
        // A decompression bomb: 50 MB of zeros deflates to ~50 KB; refused at the cap.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 50 << 20], 9);
        let frag = format!("v1.{}", dnslens::encoding::base64url(&bomb));
        assert!(frag.len() < MAX_FRAGMENT);
        assert_eq!(decode(&frag), Err(LinkError::Inflate));
        // Valid deflate of a damaged payload: lengths past the end, a path too deep.
        let bad = |p: &[u8]| {
            decode(&format!(
                "v1.{}",
                dnslens::encoding::base64url(&miniz_oxide::deflate::compress_to_vec(p, 6))
            ))
        };
        assert!(matches!(
            bad(&[0, 0, 0, 0xff, 0xff, 0x03]),
            Err(LinkError::Payload(_))
        ));
        assert!(matches!(
            bad(&[0, 0, 0, 0, 1, 100]),
            Err(LinkError::Payload(_))
        ));
        assert!(matches!(
            bad(&[0, 9, 0, 0, 0, 0]),
            Err(LinkError::Payload(_))
        ));
        assert!(matches!(bad(&[]), Err(LinkError::Payload(_))));
    }
}
