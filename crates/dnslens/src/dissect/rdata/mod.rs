//! RDATA of every supported type: fields with spans and the presentation text dig prints.
//!
//! Each type is a small function over an `Rd` cursor that is confined to the RDATA
//! (`start..start+RDLENGTH`): a read that would leave it returns `None`, the caller then falls
//! back to the RFC 3597 generic form (`\# 4 0a000001`) and reports where the data ran out.
//! References: RFC 1035 §3.3 (classic types), RFC 3597 (unknown types), and the RFC named on each
//! function.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;
use core::net::{Ipv4Addr, Ipv6Addr};

use data_encoding::{BASE32HEX_NOPAD, BASE64, HEXLOWER, HEXUPPER};

use crate::dissect::name::{push_ddd, read_name};
use crate::iana::{CertType, Class, Rcode, Rtype, SecAlg, SvcKey};
use crate::tree::{Diagnostic, Field, Kind, Severity, Span};

/// A cursor over one RDATA inside the whole message (names need the message for pointers).
pub(crate) struct Rd<'a, 'd> {
    pub msg: &'a [u8],
    pub pos: usize,
    pub end: usize,
    pub fields: Vec<Field>,
    pub diags: &'d mut Vec<Diagnostic>,
    pub mdns: bool,
    /// OPT: the options found (the record's EDNS model takes them).
    pub options: Vec<crate::dissect::model::EdnsOption>,
}

impl<'a> Rd<'a, '_> {
    fn take(&mut self, n: usize) -> Option<(usize, &'a [u8])> {
        let s = self.pos;
        let e = s.checked_add(n)?;
        if e > self.end {
            return None;
        }
        let msg: &'a [u8] = self.msg;
        let b = msg.get(s..e)?;
        self.pos = e;
        Some((s, b))
    }

    fn field(
        &mut self,
        name: &'static str,
        value: String,
        s: usize,
        kind: Kind,
        explain: &'static str,
    ) {
        self.fields
            .push(Field::new(name, value, Span::new(s, self.pos), kind).explain(explain));
    }

    /// Read a big-endian integer of `n` (1..=8) bytes.
    fn uint(&mut self, n: usize, name: &'static str, explain: &'static str) -> Option<u64> {
        let (s, b) = self.take(n)?;
        let v = b.iter().fold(0u64, |a, &x| (a << 8) | x as u64);
        self.field(name, format!("{v}"), s, Kind::Rdata, explain);
        Some(v)
    }
    fn u8(&mut self, name: &'static str, explain: &'static str) -> Option<u8> {
        self.uint(1, name, explain).map(|v| v as u8)
    }
    fn u16(&mut self, name: &'static str, explain: &'static str) -> Option<u16> {
        self.uint(2, name, explain).map(|v| v as u16)
    }
    fn u32(&mut self, name: &'static str, explain: &'static str) -> Option<u32> {
        self.uint(4, name, explain).map(|v| v as u32)
    }

    /// `n` raw bytes shown as `shown`.
    fn bytes(&mut self, n: usize, name: &'static str, explain: &'static str) -> Option<&'a [u8]> {
        let (s, b) = self.take(n)?;
        self.field(name, HEXLOWER.encode(b), s, Kind::Rdata, explain);
        Some(b)
    }

    /// Everything left in the RDATA (possibly nothing).
    fn rest(&mut self, name: &'static str, explain: &'static str) -> &'a [u8] {
        let n = self.end.saturating_sub(self.pos);
        if n == 0 {
            return &[];
        }
        self.bytes(n, name, explain).unwrap_or(&[])
    }

    fn left(&self) -> usize {
        self.end.saturating_sub(self.pos)
    }

    fn ipv4(&mut self, name: &'static str) -> Option<Ipv4Addr> {
        let (s, b) = self.take(4)?;
        let a = Ipv4Addr::new(b[0], b[1], b[2], b[3]);
        self.field(
            name,
            format!("{a}"),
            s,
            Kind::Rdata,
            "an IPv4 address, 4 bytes",
        );
        Some(a)
    }

    fn ipv6(&mut self, name: &'static str) -> Option<Ipv6Addr> {
        let (s, b) = self.take(16)?;
        let mut o = [0u8; 16];
        o.copy_from_slice(b);
        let a = Ipv6Addr::from(o);
        self.field(
            name,
            format!("{a}"),
            s,
            Kind::Rdata,
            "an IPv6 address, 16 bytes",
        );
        Some(a)
    }

    /// A domain name inside the RDATA; `compress` says whether RFC 3597 §4 lets this type use
    /// compression pointers.
    fn name(&mut self, label: &'static str, compress: bool) -> Option<String> {
        let start = self.pos;
        if start >= self.end {
            return None;
        }
        let n = read_name(self.msg, start, self.end, compress || self.mdns, self.diags);
        self.pos = n.end;
        let f = Field::new(label, n.text.clone(), Span::new(start, n.end), Kind::Name)
            .explain("a domain name: length-prefixed labels ending in the root label or a compression pointer")
            .rfc("RFC 1035 §3.1")
            .children(n.fields);
        self.fields.push(f);
        n.complete.then_some(n.text)
    }

    /// A <character-string>: one length byte and that many bytes (RFC 1035 §3.3).
    fn cstring(&mut self, label: &'static str) -> Option<&'a [u8]> {
        let s = self.pos;
        let (_, l) = self.take(1)?;
        let l = l[0] as usize;
        let (_, b) = self.take(l)?;
        let mut v = String::new();
        quote(&mut v, b);
        self.fields.push(
            Field::new(label, v, Span::new(s, self.pos), Kind::Rdata)
                .explain("a character-string: one length byte, then up to 255 bytes of text")
                .rfc("RFC 1035 §3.3")
                .children(alloc::vec![
                    Field::new(
                        "Length",
                        format!("{l}"),
                        Span::new(s, s + 1),
                        Kind::LabelLength
                    ),
                    Field::new(
                        "Text",
                        String::from_utf8_lossy(b).into_owned(),
                        Span::new(s + 1, self.pos),
                        Kind::Rdata
                    ),
                ]),
        );
        Some(b)
    }
}

/// Append a quoted character-string as BIND prints it.
pub fn quote(out: &mut String, b: &[u8]) {
    out.push('"');
    escape_text(out, b);
    out.push('"');
}

fn escape_text(out: &mut String, b: &[u8]) {
    for &c in b {
        match c {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            _ => push_ddd(out, c),
        }
    }
}

/// The RFC 3597 generic form: `\# LEN HEX`.
pub fn generic(out: &mut String, b: &[u8]) {
    let _ = write!(out, "\\# {}", b.len());
    if !b.is_empty() {
        out.push(' ');
        out.push_str(&HEXLOWER.encode(b));
    }
}

/// Base64 split into space-separated chunks as dig does on one line.
fn b64(out: &mut String, b: &[u8]) {
    let s = BASE64.encode(b);
    for (i, chunk) in s.as_bytes().chunks(44).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(core::str::from_utf8(chunk).unwrap_or(""));
    }
}

fn hexu(out: &mut String, b: &[u8]) {
    out.push_str(&HEXUPPER.encode(b));
}

/// `YYYYMMDDHHMMSS` (RFC 4034 §3.2) from seconds since 1970.
pub fn sig_time(t: u32) -> String {
    let secs = t as i64;
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    // Civil-from-days (Howard Hinnant's algorithm), proleptic Gregorian.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!(
        "{y:04}{m:02}{d:02}{:02}{:02}{:02}",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// Type bitmap windows (RFC 4034 §4.1.2) → mnemonics, read with the one bitmap walker
/// ([`crate::wire::bitmap_windows`]).
fn type_bitmap(rd: &mut Rd<'_, '_>, out: &mut String) -> Option<()> {
    let base = rd.pos;
    let bitmap = rd.msg.get(base..rd.end)?;
    for w in crate::wire::bitmap_windows(bitmap) {
        let w = match w {
            Ok(w) => w,
            Err((_, crate::wire::BitmapProblem::Cut)) => return None,
            Err((at, crate::wire::BitmapProblem::BadLength(window, len))) => {
                let s = base + at;
                rd.diags.push(Diagnostic {
                    span: Span::new(s, s + 2),
                    severity: Severity::Error,
                    layer: "dns",
                    message: format!("type bitmap window {window} at offset {s} says it has {len} bytes; it must have 1 to 32 (RFC 4034 §4.1.2)"),
                });
                return None;
            }
        };
        let (s, window) = (base + w.at, w.number);
        if !w.in_order {
            rd.diags.push(Diagnostic {
                span: Span::new(s, s + 1),
                severity: Severity::Error,
                layer: "dns",
                message: format!("type bitmap window {window} at offset {s} is out of order; windows must increase"),
            });
        }
        rd.pos = s + 2 + w.bits.len();
        let mut types = String::new();
        for t in w.types() {
            if !types.is_empty() {
                types.push(' ');
            }
            let _ = write!(types, "{t}");
        }
        if !out.is_empty() && !types.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str(&types);
        rd.fields.push(
            Field::new(
                "Type bitmap window",
                format!("window {window}: {types}"),
                Span::new(s, rd.pos),
                Kind::Rdata,
            )
            .explain("a window number, a length, then one bit per type present")
            .rfc("RFC 4034 §4.1.2"),
        );
    }
    Some(())
}

fn sep(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Decode RDATA of `rtype` into fields and dig-style text. Returns the text and whether the
/// RDATA was well-formed.
pub(crate) fn decode(rd: &mut Rd<'_, '_>, rtype: Rtype, class: u16) -> (String, bool) {
    let start = rd.pos;
    if start == rd.end && rtype != Rtype::OPT {
        // Empty RDATA: how UPDATE deletes RRsets (class ANY) and states prerequisites (RFC 2136
        // §2.4, §2.5), where dig prints nothing; anywhere else it is malformed.
        if class == Class::ANY.0 || class == Class::NONE.0 {
            return (String::new(), true);
        }
        rd.diags.push(Diagnostic {
            span: Span::new(start.saturating_sub(2), start),
            severity: Severity::Warning,
            layer: "dns",
            message: format!("this {rtype} record has no RDATA (RDLENGTH 0); only UPDATE messages use empty records"),
        });
        return (String::from("\\# 0"), false);
    }
    let mut out = String::new();
    let ok = decode_typed(rd, rtype, &mut out);
    if ok.is_some() && rd.pos == rd.end {
        return (out, true);
    }
    let (s, message) = match ok {
        Some(()) => (rd.pos, format!(
            "{} byte(s) of RDATA are left over after the last field of this {rtype} record: RDLENGTH says more than the fields hold",
            rd.end - rd.pos
        )),
        None if !decoded_by_field(rtype) => {
            // Not an error: the type has no field layout here, so it is shown generically.
            rd.fields.clear();
            rd.pos = start;
            push_rest(rd, "RDATA bytes");
            return (generic_of(rd, start), true);
        }
        None => (start, format!(
            "the RDATA of this {rtype} record ({} bytes) is too short or malformed for its type; shown in the RFC 3597 generic form",
            rd.end - start
        )),
    };
    rd.diags.push(Diagnostic {
        span: Span::new(s, rd.end),
        severity: Severity::Error,
        layer: "dns",
        message,
    });
    push_rest(rd, "Unexplained RDATA");
    (generic_of(rd, start), false)
}

/// Show whatever RDATA no field explained.
fn push_rest(rd: &mut Rd<'_, '_>, label: &'static str) {
    if rd.pos < rd.end {
        let s = rd.pos;
        let hex = HEXLOWER.encode(rd.msg.get(s..rd.end).unwrap_or(&[]));
        rd.fields
            .push(Field::new(label, hex, Span::new(s, rd.end), Kind::Trailing));
        rd.pos = rd.end;
    }
}

/// Types [`decode_typed`] lays out field by field; others print in the generic form by design.
fn decoded_by_field(t: Rtype) -> bool {
    t.mnemonic().is_some()
        && !matches!(
            t,
            Rtype::NULL
                | Rtype::EID
                | Rtype::NIMLOC
                | Rtype::ATMA
                | Rtype::A6
                | Rtype::SINK
                | Rtype::TALINK
                | Rtype::HHIT
                | Rtype::BRID
                | Rtype::UINFO
                | Rtype::UID
                | Rtype::GID
                | Rtype::UNSPEC
                | Rtype::NXNAME
                | Rtype::IXFR
                | Rtype::AXFR
                | Rtype::MAILA
                | Rtype::MAILB
                | Rtype::ANY
                | Rtype::DOA
                | Rtype::CLA
                | Rtype::IPN
        )
}

fn generic_of(rd: &Rd<'_, '_>, start: usize) -> String {
    let mut s = String::new();
    generic(&mut s, rd.msg.get(start..rd.end).unwrap_or(&[]));
    s
}

fn decode_typed(rd: &mut Rd<'_, '_>, rtype: Rtype, out: &mut String) -> Option<()> {
    const PREF: &str = "preference: lower values are preferred";
    match rtype {
        Rtype::A => {
            let a = rd.ipv4("Address")?;
            let _ = write!(out, "{a}");
        }
        t if t.single_name().is_some() => {
            let compress = t.single_name() == Some(true);
            out.push_str(&rd.name(if compress { "Name" } else { "Target" }, compress)?);
        }
        Rtype::SOA => {
            let m = rd.name("MNAME", true)?;
            let r = rd.name("RNAME", true)?;
            let serial = rd.u32(
                "Serial",
                "zone version number; secondaries transfer the zone when it increases",
            )?;
            let refresh = rd.u32(
                "Refresh",
                "seconds a secondary waits before checking the serial again",
            )?;
            let retry = rd.u32("Retry", "seconds a secondary waits after a failed check")?;
            let expire = rd.u32(
                "Expire",
                "seconds after which a secondary that cannot reach the primary stops answering",
            )?;
            let min = rd.u32("Minimum", "TTL for negative answers (RFC 2308): how long to cache that the name does not exist")?;
            let _ = write!(out, "{m} {r} {serial} {refresh} {retry} {expire} {min}");
        }
        Rtype::NULL => return None,
        Rtype::WKS => {
            let a = rd.ipv4("Address")?;
            let p = rd.u8("Protocol", "IP protocol number (6 = TCP, 17 = UDP)")?;
            let bits = rd.rest("Bitmap", "one bit per port, port 0 first");
            let _ = write!(out, "{a} {p}");
            for (i, &b) in bits.iter().enumerate() {
                for bit in 0..8 {
                    if b & (0x80 >> bit) != 0 {
                        let _ = write!(out, " {}", i * 8 + bit);
                    }
                }
            }
        }
        Rtype::HINFO => {
            let c = rd.cstring("CPU")?;
            let o = rd.cstring("OS")?;
            quote(out, c);
            out.push(' ');
            quote(out, o);
        }
        Rtype::MINFO | Rtype::RP => {
            let a = rd.name(
                if rtype == Rtype::RP {
                    "Mailbox"
                } else {
                    "RMAILBX"
                },
                true,
            )?;
            let b = rd.name(
                if rtype == Rtype::RP {
                    "TXT name"
                } else {
                    "EMAILBX"
                },
                true,
            )?;
            let _ = write!(out, "{a} {b}");
        }
        Rtype::MX | Rtype::AFSDB | Rtype::RT | Rtype::KX => {
            let p = rd.u16(
                if rtype == Rtype::AFSDB {
                    "Subtype"
                } else {
                    "Preference"
                },
                PREF,
            )?;
            let n = rd.name("Exchange", rtype != Rtype::KX)?;
            let _ = write!(out, "{p} {n}");
        }
        Rtype::TXT | Rtype::SPF | Rtype::RESINFO | Rtype::WALLET | Rtype::NINFO | Rtype::AVC => {
            while rd.left() > 0 {
                let s = rd.cstring("String")?;
                sep(out);
                quote(out, s);
            }
        }
        Rtype::X25 => quote(out, rd.cstring("PSDN address")?),
        Rtype::ISDN => {
            quote(out, rd.cstring("ISDN address")?);
            if rd.left() > 0 {
                out.push(' ');
                quote(out, rd.cstring("Subaddress")?);
            }
        }
        Rtype::GPOS => {
            for l in ["Longitude", "Latitude", "Altitude"] {
                let s = rd.cstring(l)?;
                sep(out);
                quote(out, s);
            }
        }
        Rtype::NSAP => {
            let b = rd.rest("NSAP", "an OSI network service access point address");
            out.push_str("0x");
            out.push_str(&HEXUPPER.encode(b));
        }
        Rtype::SIG | Rtype::RRSIG => {
            let t = rd.u16(
                "Type covered",
                "the type of the RRset this signature covers",
            )?;
            let alg = rd.u8("Algorithm", "DNSSEC algorithm number")?;
            let labels = rd.u8(
                "Labels",
                "number of labels in the signed owner name, not counting the root or a wildcard",
            )?;
            let ttl = rd.u32("Original TTL", "the TTL of the RRset as the zone has it")?;
            let exp = rd.u32(
                "Expiration",
                "the signature is not valid after this time (seconds since 1970)",
            )?;
            let inc = rd.u32("Inception", "the signature is not valid before this time")?;
            let tag = rd.u16("Key tag", "identifies the DNSKEY that made the signature")?;
            let signer = rd.name("Signer", rtype == Rtype::SIG)?;
            let sig = rd.rest("Signature", "the cryptographic signature");
            let _ = write!(
                out,
                "{} {alg} {labels} {ttl} {} {} {tag} {signer} ",
                Rtype(t),
                sig_time(exp),
                sig_time(inc)
            );
            b64(out, sig);
        }
        Rtype::KEY | Rtype::DNSKEY | Rtype::CDNSKEY | Rtype::RKEY => {
            let f = rd.u16(
                "Flags",
                "bit 7 = zone key, bit 15 = secure entry point (KSK)",
            )?;
            let p = rd.u8("Protocol", "always 3 for DNSSEC")?;
            let a = rd.u8("Algorithm", "DNSSEC algorithm number")?;
            let k = rd.rest("Public key", "the public key, in the algorithm's format");
            let _ = write!(out, "{f} {p} {a}");
            if !k.is_empty() {
                out.push(' ');
                b64(out, k);
            }
        }
        Rtype::PX => {
            let p = rd.u16("Preference", PREF)?;
            let a = rd.name("MAP822", true)?;
            let b = rd.name("MAPX400", true)?;
            let _ = write!(out, "{p} {a} {b}");
        }
        Rtype::AAAA => {
            let a = rd.ipv6("Address")?;
            let _ = write!(out, "{a}");
        }
        Rtype::LOC => loc(rd, out)?,
        Rtype::NXT => {
            let n = rd.name("Next name", true)?;
            let bits = rd.rest("Type bitmap", "one bit per type present, type 0 first");
            out.push_str(&n);
            for (i, &b) in bits.iter().enumerate() {
                for bit in 0..8 {
                    if b & (0x80 >> bit) != 0 {
                        let _ = write!(out, " {}", Rtype((i * 8 + bit) as u16));
                    }
                }
            }
        }
        Rtype::SRV => {
            let p = rd.u16("Priority", "lower values are tried first")?;
            let w = rd.u16("Weight", "relative share among targets of equal priority")?;
            let port = rd.u16("Port", "the port the service listens on")?;
            let t = rd.name("Target", false)?;
            let _ = write!(out, "{p} {w} {port} {t}");
        }
        Rtype::NAPTR => {
            let o = rd.u16("Order", "rules are processed in increasing order")?;
            let p = rd.u16("Preference", PREF)?;
            let _ = write!(out, "{o} {p} ");
            for l in ["Flags", "Services", "Regexp"] {
                quote(out, rd.cstring(l)?);
                out.push(' ');
            }
            out.push_str(&rd.name("Replacement", false)?);
        }
        Rtype::CERT => {
            let t = rd.u16("Certificate type", "the kind of certificate (1 = X.509)")?;
            let tag = rd.u16("Key tag", "key tag of the matching key, or 0")?;
            let a = rd.u8("Algorithm", "DNSSEC algorithm number")?;
            let c = rd.rest("Certificate", "the certificate or CRL");
            match CertType(t).mnemonic() {
                Some(m) => out.push_str(m),
                None => {
                    let _ = write!(out, "{t}");
                }
            }
            let _ = write!(out, " {tag} ");
            match SecAlg(a).mnemonic() {
                Some(m) => out.push_str(m),
                None => {
                    let _ = write!(out, "{a}");
                }
            }
            out.push(' ');
            b64(out, c);
        }
        Rtype::OPT => {
            let span = Span::new(rd.pos, rd.end);
            let (text, options) =
                crate::dissect::edns::options(rd.msg, span, &mut rd.fields, rd.diags);
            out.push_str(&text);
            rd.options = options;
            rd.pos = rd.end;
        }
        Rtype::APL => {
            while rd.left() > 0 {
                let s = rd.pos;
                let (_, h) = rd.take(4)?;
                let family = u16::from_be_bytes([h[0], h[1]]);
                let prefix = h[2];
                let neg = h[3] & 0x80 != 0;
                let alen = (h[3] & 0x7f) as usize;
                let (_, a) = rd.take(alen)?;
                sep(out);
                if neg {
                    out.push('!');
                }
                match family {
                    1 if alen <= 4 => {
                        let mut b = [0u8; 4];
                        b[..alen].copy_from_slice(a);
                        let _ = write!(out, "1:{}/{prefix}", Ipv4Addr::from(b));
                    }
                    2 if alen <= 16 => {
                        let mut b = [0u8; 16];
                        b[..alen].copy_from_slice(a);
                        let _ = write!(out, "2:{}/{prefix}", Ipv6Addr::from(b));
                    }
                    _ => return None,
                }
                rd.fields.push(Field::new("APL item", String::from(out.rsplit(' ').next().unwrap_or("")), Span::new(s, rd.pos), Kind::Rdata)
                    .explain("address family, prefix length, negation bit and the significant address bytes").rfc("RFC 3123 §4"));
            }
        }
        Rtype::DS | Rtype::CDS | Rtype::DLV | Rtype::TA => {
            let tag = rd.u16("Key tag", "the key tag of the DNSKEY this digest is of")?;
            let a = rd.u8("Algorithm", "the DNSKEY's algorithm")?;
            let d = rd.u8("Digest type", "1 = SHA-1, 2 = SHA-256, 4 = SHA-384")?;
            let h = rd.rest("Digest", "the hash of the owner name and the DNSKEY RDATA");
            let _ = write!(out, "{tag} {a} {d} ");
            hexu(out, h);
        }
        Rtype::SSHFP => {
            let a = rd.u8("Algorithm", "1 RSA, 2 DSA, 3 ECDSA, 4 Ed25519")?;
            let t = rd.u8("Fingerprint type", "1 = SHA-1, 2 = SHA-256")?;
            let h = rd.rest("Fingerprint", "hash of the host's SSH public key");
            let _ = write!(out, "{a} {t} ");
            hexu(out, h);
        }
        Rtype::IPSECKEY => {
            let p = rd.u8("Precedence", PREF)?;
            let gt = rd.u8("Gateway type", "0 none, 1 IPv4, 2 IPv6, 3 domain name")?;
            let a = rd.u8("Algorithm", "1 DSA, 2 RSA, 3 ECDSA")?;
            let _ = write!(out, "{p} {gt} {a} ");
            gateway(rd, gt, out)?;
            let k = rd.rest("Public key", "the IPsec public key");
            if !k.is_empty() {
                out.push(' ');
                b64(out, k);
            }
        }
        Rtype::DHCID | Rtype::OPENPGPKEY => {
            let b = rd.rest(
                if rtype == Rtype::DHCID {
                    "Digest"
                } else {
                    "Key"
                },
                "opaque data, shown as base64",
            );
            b64(out, b);
        }
        Rtype::NSEC => {
            let n = rd.name("Next name", false)?;
            out.push_str(&n);
            type_bitmap(rd, out)?;
        }
        Rtype::NSEC3 | Rtype::NSEC3PARAM => {
            let a = rd.u8("Hash algorithm", "1 = SHA-1")?;
            let f = rd.u8("Flags", "bit 0 = opt-out")?;
            let it = rd.u16("Iterations", "extra hash iterations")?;
            let sl = rd.u8("Salt length", "bytes of salt")? as usize;
            let salt = rd.bytes(sl, "Salt", "salt appended before hashing")?;
            let _ = write!(out, "{a} {f} {it} ");
            if salt.is_empty() {
                out.push('-');
            } else {
                hexu(out, salt);
            }
            if rtype == Rtype::NSEC3 {
                let hl = rd.u8("Hash length", "bytes of the next hash")? as usize;
                let h = rd.bytes(
                    hl,
                    "Next hashed owner",
                    "hash of the next name in hash order (base32hex)",
                )?;
                out.push(' ');
                out.push_str(&BASE32HEX_NOPAD.encode(h));
                type_bitmap(rd, out)?;
            }
        }
        Rtype::TLSA | Rtype::SMIMEA => {
            let u = rd.u8(
                "Usage",
                "0 CA, 1 service cert, 2 trust anchor, 3 domain-issued cert",
            )?;
            let s = rd.u8("Selector", "0 full cert, 1 public key only")?;
            let m = rd.u8("Matching type", "0 exact, 1 SHA-256, 2 SHA-512")?;
            let d = rd.rest("Certificate data", "the certificate association data");
            let _ = write!(out, "{u} {s} {m} ");
            hexu(out, d);
        }
        Rtype::HIP => {
            let hl = rd.u8("HIT length", "bytes of the host identity tag")? as usize;
            let a = rd.u8("PK algorithm", "public key algorithm")?;
            let pl = rd.u16("PK length", "bytes of public key")? as usize;
            let hit = rd.bytes(hl, "HIT", "the host identity tag")?;
            let pk = rd.bytes(pl, "Public key", "the host identity")?;
            let _ = write!(out, "{a} ");
            hexu(out, hit);
            out.push(' ');
            b64(out, pk);
            while rd.left() > 0 {
                let n = rd.name("Rendezvous server", false)?;
                out.push(' ');
                out.push_str(&n);
            }
        }
        Rtype::CSYNC => {
            let s = rd.u32("SOA serial", "the serial this CSYNC applies to")?;
            let f = rd.u16("Flags", "bit 0 immediate, bit 1 soaminimum")?;
            let _ = write!(out, "{s} {f}");
            type_bitmap(rd, out)?;
        }
        Rtype::ZONEMD => {
            let s = rd.u32("Serial", "the zone serial the digest is of")?;
            let sc = rd.u8("Scheme", "1 = SIMPLE")?;
            let h = rd.u8("Hash algorithm", "1 SHA-384, 2 SHA-512")?;
            let d = rd.rest("Digest", "the zone digest");
            let _ = write!(out, "{s} {sc} {h} ");
            hexu(out, d);
        }
        Rtype::SVCB | Rtype::HTTPS => svcb(rd, out)?,
        Rtype::DSYNC => {
            let t = rd.u16("RRtype", "the type notifications are for")?;
            let s = rd.u8("Scheme", "1 = NOTIFY")?;
            let p = rd.u16("Port", "the port to notify")?;
            let n = rd.name("Target", false)?;
            let _ = write!(out, "{} {s} {p} {n}", Rtype(t));
        }
        Rtype::NID | Rtype::L64 => {
            let p = rd.u16("Preference", PREF)?;
            let b = rd.bytes(
                8,
                if rtype == Rtype::NID {
                    "Node ID"
                } else {
                    "Locator64"
                },
                "64 bits in four groups",
            )?;
            let _ = write!(
                out,
                "{p} {:02x}{:02x}:{:02x}{:02x}:{:02x}{:02x}:{:02x}{:02x}",
                b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]
            );
        }
        Rtype::L32 => {
            let p = rd.u16("Preference", PREF)?;
            let a = rd.ipv4("Locator32")?;
            let _ = write!(out, "{p} {a}");
        }
        Rtype::LP => {
            let p = rd.u16("Preference", PREF)?;
            let n = rd.name("FQDN", false)?;
            let _ = write!(out, "{p} {n}");
        }
        Rtype::EUI48 | Rtype::EUI64 => {
            let n = if rtype == Rtype::EUI48 { 6 } else { 8 };
            let b = rd.bytes(n, "Address", "a MAC / EUI address")?;
            for (i, x) in b.iter().enumerate() {
                if i > 0 {
                    out.push('-');
                }
                let _ = write!(out, "{x:02x}");
            }
        }
        Rtype::TKEY => {
            let alg = rd.name("Algorithm", false)?;
            let inc = rd.u32(
                "Inception",
                "start of the key's validity (seconds since 1970)",
            )?;
            let exp = rd.u32("Expiration", "end of the key's validity")?;
            let mode = rd.u16(
                "Mode",
                "1 server-assigned, 2 DH, 3 GSS-API, 4 resolver-assigned, 5 delete",
            )?;
            let err = rd.u16("Error", "an extended RCODE, 0 when all is well")?;
            let kl = rd.u16("Key size", "bytes of key data")? as usize;
            let k = rd.bytes(kl, "Key data", "the key exchange token")?;
            let ol = rd.u16("Other size", "bytes of other data")? as usize;
            let o = rd.bytes(ol, "Other data", "unused")?;
            let _ = write!(out, "{alg} {inc} {exp} {mode} {} {kl}", tsig_error(err));
            if !k.is_empty() {
                out.push(' ');
                b64(out, k);
            }
            let _ = write!(out, " {ol}");
            if !o.is_empty() {
                out.push(' ');
                b64(out, o);
            }
        }
        Rtype::TSIG => {
            let alg = rd.name("Algorithm", false)?;
            let t = rd.uint(
                6,
                "Time signed",
                "seconds since 1970 when the message was signed",
            )?;
            let fudge = rd.u16("Fudge", "allowed clock skew in seconds")?;
            let ml = rd.u16("MAC size", "bytes of MAC")? as usize;
            let mac = rd.bytes(ml, "MAC", "the message authentication code")?;
            let id = rd.u16("Original ID", "the message ID before any forwarding")?;
            let err = rd.u16("Error", "an extended RCODE, 0 when all is well")?;
            let ol = rd.u16("Other len", "bytes of other data")? as usize;
            let o = rd.bytes(
                ol,
                "Other data",
                "the server's time when the error is BADTIME",
            )?;
            let _ = write!(out, "{alg} {t} {fudge} {ml}");
            if !mac.is_empty() {
                out.push(' ');
                b64(out, mac);
            }
            let _ = write!(out, " {id} {} {ol}", tsig_error(err));
            if !o.is_empty() {
                out.push(' ');
                b64(out, o);
            }
        }
        Rtype::URI => {
            let p = rd.u16("Priority", "lower values are tried first")?;
            let w = rd.u16("Weight", "relative share among equal priority")?;
            let t = rd.rest("Target", "the URI");
            let _ = write!(out, "{p} {w} ");
            quote(out, t);
        }
        Rtype::CAA => {
            let f = rd.u8("Flags", "bit 7 = issuer critical")?;
            let tl = rd.u8("Tag length", "bytes of tag")? as usize;
            let tag = rd.bytes(tl, "Tag", "the property: issue, issuewild, iodef...")?;
            if let Err(what) = crate::wire::caa_tag(tag) {
                let at = rd.pos - tl - 1;
                rd.diags.push(Diagnostic {
                    span: Span::new(at, at + 1),
                    severity: Severity::Error,
                    layer: "dns",
                    message: String::from(what),
                });
            }
            let v = rd.rest("Value", "the property value");
            let _ = write!(out, "{f} ");
            escape_text(out, tag);
            out.push(' ');
            quote(out, v);
        }
        Rtype::AMTRELAY => {
            let p = rd.u8("Precedence", PREF)?;
            let s = rd.pos;
            let (_, b) = rd.take(1)?;
            let (d, t) = (b[0] >> 7, b[0] & 0x7f);
            rd.fields.push(
                Field::new(
                    "D bit and type",
                    format!("D={d} type={t}"),
                    Span::new(s, rd.pos),
                    Kind::Rdata,
                )
                .explain(
                    "the discovery-optional bit and the relay type: 0 none, 1 IPv4, 2 IPv6, 3 name",
                ),
            );
            let _ = write!(out, "{p} {d} {t} ");
            gateway(rd, t, out)?;
        }
        _ => return None,
    }
    Some(())
}

fn gateway(rd: &mut Rd<'_, '_>, t: u8, out: &mut String) -> Option<()> {
    match t {
        0 => out.push('.'),
        1 => {
            let a = rd.ipv4("Gateway")?;
            let _ = write!(out, "{a}");
        }
        2 => {
            let a = rd.ipv6("Gateway")?;
            let _ = write!(out, "{a}");
        }
        3 => out.push_str(&rd.name("Gateway", false)?),
        _ => return None,
    }
    Some(())
}

fn tsig_error(e: u16) -> Cow<'static, str> {
    match e {
        16 => Cow::Borrowed("BADSIG"),
        _ => match Rcode(e).mnemonic() {
            Some(m) => Cow::Borrowed(m),
            None => Cow::Owned(format!("{e}")),
        },
    }
}

/// LOC (RFC 1876 §3), printed as BIND does.
fn loc(rd: &mut Rd<'_, '_>, out: &mut String) -> Option<()> {
    let v = rd.u8("Version", "must be 0")?;
    if v != 0 {
        return None;
    }
    let size = rd.u8(
        "Size",
        "diameter of a sphere around the point, as mantissa×10^exponent cm",
    )?;
    let hp = rd.u8("Horizontal precision", "mantissa×10^exponent cm")?;
    let vp = rd.u8("Vertical precision", "mantissa×10^exponent cm")?;
    let lat = rd.u32(
        "Latitude",
        "thousandths of an arc second, 2^31 = the equator",
    )?;
    let lon = rd.u32(
        "Longitude",
        "thousandths of an arc second, 2^31 = the prime meridian",
    )?;
    let alt = rd.u32(
        "Altitude",
        "centimetres above a base 100,000 m below the WGS 84 spheroid",
    )?;
    for b in [size, hp, vp] {
        if (b >> 4) > 9 || (b & 0xf) > 9 {
            return None;
        }
    }
    let angle = |out: &mut String, v: u32, pos: char, neg: char| {
        let (h, mut x) = if v >= 0x8000_0000 {
            (pos, v - 0x8000_0000)
        } else {
            (neg, 0x8000_0000 - v)
        };
        let ms = x % 1000;
        x /= 1000;
        let s = x % 60;
        x /= 60;
        let m = x % 60;
        let d = x / 60;
        let _ = write!(out, "{d} {m} {s}.{ms:03} {h}");
    };
    angle(out, lat, 'N', 'S');
    out.push(' ');
    angle(out, lon, 'E', 'W');
    let (neg, a) = if alt < 10_000_000 {
        ("-", 10_000_000 - alt)
    } else {
        ("", alt - 10_000_000)
    };
    let _ = write!(out, " {neg}{}.{:02}m", a / 100, a % 100);
    for b in [size, hp, vp] {
        let (m, e) = ((b >> 4) as u64, (b & 0xf) as u32);
        if e >= 2 {
            let _ = write!(out, " {}m", m * 10u64.pow(e - 2));
        } else {
            let _ = write!(out, " 0.{:02}m", m * 10u64.pow(e));
        }
    }
    Some(())
}

/// SVCB / HTTPS (RFC 9460 §2.2, §7): priority, target, then key=value parameters.
fn svcb(rd: &mut Rd<'_, '_>, out: &mut String) -> Option<()> {
    let p = rd.u16(
        "SvcPriority",
        "0 = alias form; otherwise lower values are preferred",
    )?;
    let t = rd.name("TargetName", false)?;
    let _ = write!(out, "{p} {t}");
    let mut last: Option<u16> = None;
    let base = rd.pos;
    let params = rd.msg.get(base..rd.end)?;
    for item in crate::wire::tlv::walk(params) {
        let (s, key, v) = match item {
            Ok(t) => (base + t.at, t.code, t.value),
            Err((at, crate::wire::tlv::TlvError::HeaderCut(_))) => {
                rd.pos = base + at;
                return None;
            }
            Err((at, crate::wire::tlv::TlvError::ValueCut { code, len, value })) => {
                let s = base + at;
                rd.diags.push(Diagnostic {
                    span: Span::new(s + 2, s + 4),
                    severity: Severity::Error,
                    layer: "dns",
                    message: format!("SvcParam {} at offset {s} says its value has {len} bytes but only {} remain in the RDATA", SvcKey(code), value.len()),
                });
                rd.pos = s;
                return None;
            }
        };
        let len = v.len();
        if last.is_some_and(|l| key <= l) {
            rd.diags.push(Diagnostic {
                span: Span::new(s, s + 2),
                severity: Severity::Warning,
                layer: "dns",
                message: format!("SvcParam keys must appear in strictly increasing order (RFC 9460 §2.2); {} at offset {s} does not", SvcKey(key)),
            });
        }
        last = Some(key);
        rd.pos = s + crate::wire::tlv::HEADER + len;
        let mut text = String::new();
        let _ = write!(text, "{}", SvcKey(key));
        let good = svc_value(&mut text, key, v);
        if !good {
            rd.diags.push(Diagnostic {
                span: Span::new(s + 4, rd.pos),
                severity: Severity::Error,
                layer: "dns",
                message: format!("the value of SvcParam {} at offset {s} is malformed ({len} bytes); shown as hex", SvcKey(key)),
            });
            text.clear();
            let _ = write!(text, "key{key}=\"");
            for &b in v {
                push_ddd(&mut text, b);
            }
            text.push('"');
        }
        rd.fields.push(
            Field::new("SvcParam", text.clone(), Span::new(s, rd.pos), Kind::Rdata)
                .explain("a service parameter: 2-byte key, 2-byte length, value")
                .rfc("RFC 9460 §2.2"),
        );
        out.push(' ');
        out.push_str(&text);
    }
    Some(())
}

fn svc_value(out: &mut String, key: u16, v: &[u8]) -> bool {
    match SvcKey(key) {
        SvcKey::MANDATORY => {
            if v.is_empty() || !v.len().is_multiple_of(2) {
                return false;
            }
            out.push('=');
            for (i, c) in v.chunks(2).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{}", SvcKey(u16::from_be_bytes([c[0], c[1]])));
            }
        }
        SvcKey::ALPN => {
            let mut ids = Vec::new();
            let mut i = 0;
            while i < v.len() {
                let l = v[i] as usize;
                let Some(id) = v.get(i + 1..i + 1 + l).filter(|_| l > 0) else {
                    return false;
                };
                ids.push(id);
                i += 1 + l;
            }
            if ids.is_empty() {
                return false;
            }
            out.push_str("=\"");
            for (n, id) in ids.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                for &b in *id {
                    match b {
                        b',' => out.push_str("\\\\,"),
                        b'\\' => out.push_str("\\\\\\\\"),
                        b'"' => out.push_str("\\\""),
                        0x20..=0x7e => out.push(b as char),
                        _ => push_ddd(out, b),
                    }
                }
            }
            out.push('"');
        }
        SvcKey::NO_DEFAULT_ALPN => return v.is_empty(),
        SvcKey::PORT => {
            if v.len() != 2 {
                return false;
            }
            let _ = write!(out, "={}", u16::from_be_bytes([v[0], v[1]]));
        }
        SvcKey::IPV4HINT => {
            if v.is_empty() || !v.len().is_multiple_of(4) {
                return false;
            }
            out.push('=');
            for (i, c) in v.chunks(4).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{}", Ipv4Addr::new(c[0], c[1], c[2], c[3]));
            }
        }
        SvcKey::IPV6HINT => {
            if v.is_empty() || !v.len().is_multiple_of(16) {
                return false;
            }
            out.push('=');
            for (i, c) in v.chunks(16).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let mut b = [0u8; 16];
                b.copy_from_slice(c);
                let _ = write!(out, "{}", Ipv6Addr::from(b));
            }
        }
        SvcKey::ECH => {
            out.push('=');
            out.push_str(&BASE64.encode(v));
        }
        _ => {
            if !v.is_empty() {
                out.push_str("=\"");
                escape_text(out, v);
                out.push('"');
            }
        }
    }
    true
}

#[cfg(test)]
mod test {
    use super::*;
    use alloc::vec;

    fn run(rdata: &[u8], t: Rtype) -> (String, bool, Vec<Diagnostic>) {
        let mut msg = vec![0u8; 12];
        msg.extend_from_slice(rdata);
        let mut diags = Vec::new();
        let mut rd = Rd {
            msg: &msg,
            pos: 12,
            end: msg.len(),
            fields: Vec::new(),
            diags: &mut diags,
            mdns: false,
            options: Vec::new(),
        };
        let (t, ok) = decode(&mut rd, t, 1);
        (t, ok, diags)
    }

    #[test]
    fn sig_time_matches_rfc4034_example() {
        // RFC 4034 §3.3 example: 20030322173103 == 1048354263
        assert_eq!(sig_time(1_048_354_263), "20030322173103");
        assert_eq!(sig_time(0), "19700101000000");
    }

    #[test]
    fn loc_from_zeek_capture() {
        // sunn-pt1.es.net LOC from zeek__loc-29-trunc.pcap
        let b = [
            0x00, 0x12, 0x15, 0x13, 0x88, 0x05, 0x02, 0x50, 0x65, 0xd2, 0xd4, 0x00, 0x00, 0x98,
            0x96, 0x80,
        ];
        let (t, ok, _) = run(&b, Rtype::LOC);
        assert!(ok);
        assert_eq!(
            t, "37 22 26.000 N 121 59 28.000 W 0.00m 1m 1000m 10m",
            "BIND prints sizes in whole metres from 1 m up"
        );
    }

    #[test]
    fn txt_escapes_and_generic_fallback() {
        let (t, ok, _) = run(b"\x05a\"b\\c\x03\x07", Rtype::TXT);
        assert!(!ok);
        assert!(t.starts_with("\\# 8 "), "{t}");
        let (t, ok, _) = run(b"\x05a\"b\\\x01", Rtype::TXT);
        assert!(ok);
        assert_eq!(t, "\"a\\\"b\\\\\\001\"");
        let (t, _, _) = run(&[10, 0, 0, 1], Rtype(65280));
        assert_eq!(t, "\\# 4 0a000001");
    }

    #[test]
    fn svcb_params() {
        // 1 . alpn=h2,h3 port=443 ipv4hint=192.0.2.1
        let b = [
            0, 1, 0, 0, 1, 0, 6, 2, b'h', b'2', 2, b'h', b'3', 0, 3, 0, 2, 1, 0xbb, 0, 4, 0, 4,
            192, 0, 2, 1,
        ];
        let (t, ok, d) = run(&b, Rtype::HTTPS);
        assert!(ok, "{d:?}");
        assert_eq!(t, "1 . alpn=\"h2,h3\" port=443 ipv4hint=192.0.2.1");
    }

    #[test]
    fn nsec_bitmap() {
        // next "." ; window 0, A NS SOA ... as in RFC 4034 §4.3: A MX RRSIG NSEC TYPE1234
        let b = [
            0, 0, 6, 0x40, 0x01, 0x00, 0x00, 0x00, 0x03, 0x04, 0x1b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20,
        ];
        let (t, ok, d) = run(&b, Rtype::NSEC);
        assert!(ok, "{d:?}");
        assert_eq!(t, ". A MX RRSIG NSEC TYPE1234");
    }
}
