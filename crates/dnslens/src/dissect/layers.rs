//! The layers under DNS: link (Ethernet with 802.1Q/QinQ, BSD NULL/loopback, raw IP, Linux SLL
//! and SLL2, NFLOG), IPv4 (RFC 791, checksum verified), IPv6 (RFC 8200, extension headers), UDP
//! (RFC 768, checksum verified) and TCP (RFC 9293, options), each field with its span in the
//! frame; then [`Extractor`], which finds DNS messages across frames: IPv4/IPv6 fragment
//! reassembly and DNS-over-TCP streams (RFC 7766 length prefix) with bounded memory.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::dissect::model::Flavor;
use crate::tree::{Diagnostic, Field, Kind, Severity, Span};

/// Where a pasted packet starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Start {
    Ethernet,
    Ipv4,
    Ipv6,
    Udp,
    /// TCP header; the DNS message inside has its 2-byte length prefix.
    Tcp,
    Dns,
}

/// The transport protocol carrying a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[allow(missing_docs)]
pub enum Transport {
    Udp,
    Tcp,
}

/// Layer-4 facts of a frame.
#[derive(Clone, Debug, PartialEq)]
pub struct L4 {
    /// UDP or TCP.
    pub proto: Transport,
    /// Addresses.
    pub src: IpAddr,
    /// Addresses.
    pub dst: IpAddr,
    /// Ports.
    pub sport: u16,
    /// Ports.
    pub dport: u16,
    /// The payload within the frame (or within the reassembled datagram).
    pub payload: Span,
    /// TCP sequence number, acknowledgement and flags.
    pub tcp: Option<(u32, u32, u8)>,
    /// True when this is the original datagram quoted inside an ICMP error.
    pub in_icmp: bool,
}

/// A frame taken apart down to its transport payload.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layers {
    /// One field per layer, spans relative to the frame's first byte.
    pub fields: Vec<Field>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// Transport facts, when the frame reached UDP or TCP.
    pub l4: Option<L4>,
    /// An IP fragment that still needs its siblings: (key, offset, more-fragments, payload span).
    pub fragment: Option<(FragKey, usize, bool, Span)>,
    /// "Ethernet", "Linux cooked v2"...
    pub link: &'static str,
}

/// Identifies the datagram a fragment belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FragKey {
    pub(crate) src: IpAddr,
    pub(crate) dst: IpAddr,
    pub(crate) id: u32,
    pub(crate) proto: u8,
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_be_bytes([s[0], s[1]]))
}
fn be32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}
fn leaf(name: &'static str, value: String, s: usize, e: usize) -> Field {
    Field::new(name, value, Span::new(s, e), Kind::Layer)
}
fn diag(l: &mut Layers, layer: &'static str, s: usize, e: usize, sev: Severity, m: String) {
    l.diagnostics.push(Diagnostic {
        span: Span::new(s, e),
        severity: sev,
        layer,
        message: m,
    });
}

/// Take a captured frame apart according to its link type.
pub fn dissect(linktype: u32, data: &[u8]) -> Layers {
    let mut l = Layers::default();
    let ip_at = match linktype {
        1 => ethernet(&mut l, data, 0),
        0 | 108 => {
            l.link = "BSD loopback";
            let Some(fam) = data.get(0..4) else {
                return truncated(l, "loopback", data.len(), 4);
            };
            let v = u32::from_le_bytes([fam[0], fam[1], fam[2], fam[3]]);
            let v = if v > 0xffff {
                u32::from_be_bytes([fam[0], fam[1], fam[2], fam[3]])
            } else {
                v
            };
            l.fields.push(Field::new("Loopback", format!("address family {v}"), Span::new(0, 4), Kind::Layer)
                .explain("BSD loopback header: the address family in host byte order (2 = IPv4; 24, 28 or 30 = IPv6)"));
            Some(4)
        }
        12 | 14 | 101 | 228 | 229 => {
            l.link = "raw IP";
            Some(0)
        }
        113 => {
            l.link = "Linux cooked (SLL)";
            if data.len() < 16 {
                return truncated(l, "SLL", data.len(), 16);
            }
            let et = be16(data, 14).unwrap_or(0);
            l.fields.push(
                Field::new(
                    "Linux cooked capture",
                    format!("protocol 0x{et:04x}"),
                    Span::new(0, 16),
                    Kind::Layer,
                )
                .children(vec![
                    leaf(
                        "Packet type",
                        format!("{}", be16(data, 0).unwrap_or(0)),
                        0,
                        2,
                    )
                    .explain("0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us"),
                    leaf(
                        "ARPHRD type",
                        format!("{}", be16(data, 2).unwrap_or(0)),
                        2,
                        4,
                    ),
                    leaf(
                        "Address length",
                        format!("{}", be16(data, 4).unwrap_or(0)),
                        4,
                        6,
                    ),
                    leaf("Address", hex(&data[6..14]), 6, 14),
                    leaf("Protocol", format!("0x{et:04x}"), 14, 16),
                ])
                .rfc("LINKTYPE_LINUX_SLL"),
            );
            ethertype_walk(&mut l, data, et, 16)
        }
        276 => {
            l.link = "Linux cooked v2 (SLL2)";
            if data.len() < 20 {
                return truncated(l, "SLL2", data.len(), 20);
            }
            let et = be16(data, 0).unwrap_or(0);
            l.fields.push(
                Field::new(
                    "Linux cooked capture v2",
                    format!("protocol 0x{et:04x}"),
                    Span::new(0, 20),
                    Kind::Layer,
                )
                .children(vec![
                    leaf("Protocol", format!("0x{et:04x}"), 0, 2),
                    leaf(
                        "Interface index",
                        format!("{}", be32(data, 4).unwrap_or(0)),
                        4,
                        8,
                    ),
                    leaf("Packet type", format!("{}", data[10]), 10, 11),
                    leaf("Address", hex(&data[12..20]), 12, 20),
                ])
                .rfc("LINKTYPE_LINUX_SLL2"),
            );
            ethertype_walk(&mut l, data, et, 20)
        }
        239 => nflog(&mut l, data),
        10 => {
            l.link = "FDDI";
            // Frame control, two MAC addresses, then LLC/SNAP (aa aa 03, OUI, EtherType).
            if data.len() < 21 || data[13..16] != [0xaa, 0xaa, 0x03] {
                return truncated(l, "FDDI + LLC/SNAP", data.len(), 21);
            }
            let et = be16(data, 19).unwrap_or(0);
            l.fields.push(
                Field::new(
                    "FDDI",
                    format!("{} → {}", hex(&data[7..13]), hex(&data[1..7])),
                    Span::new(0, 21),
                    Kind::Layer,
                )
                .rfc("LINKTYPE_FDDI")
                .children(vec![
                    leaf("Frame control", format!("0x{:02x}", data[0]), 0, 1),
                    leaf("Destination", hex(&data[1..7]), 1, 7),
                    leaf("Source", hex(&data[7..13]), 7, 13),
                    leaf("LLC/SNAP", hex(&data[13..19]), 13, 19),
                    leaf("EtherType", format!("0x{et:04x}"), 19, 21),
                ]),
            );
            ethertype_walk(&mut l, data, et, 21)
        }
        other => {
            diag(
                &mut l,
                "link",
                0,
                data.len(),
                Severity::Note,
                format!("link type {other} is not supported; the frame is shown as bytes"),
            );
            None
        }
    };
    if let Some(at) = ip_at {
        ip(&mut l, data, at);
    }
    l
}

/// DNS, mDNS or LLMNR from the ports.
pub fn flavor_of(sport: u16, dport: u16) -> Flavor {
    if sport == 5353 || dport == 5353 {
        Flavor::Mdns
    } else if sport == 5355 || dport == 5355 {
        Flavor::Llmnr
    } else {
        Flavor::Dns
    }
}

/// Dissect a pasted packet from an explicit starting layer.
pub fn dissect_from(start: Start, data: &[u8]) -> Layers {
    let mut l = Layers::default();
    match start {
        Start::Ethernet => {
            if let Some(at) = ethernet(&mut l, data, 0) {
                ip(&mut l, data, at);
            }
        }
        Start::Ipv4 | Start::Ipv6 => ip(&mut l, data, 0),
        Start::Udp | Start::Tcp => {
            let unspecified = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
            transport(
                &mut l,
                data,
                0,
                data.len(),
                if start == Start::Udp { 17 } else { 6 },
                unspecified,
                unspecified,
            );
        }
        Start::Dns => {}
    }
    l
}

impl Layers {
    /// Where the DNS message is in `len` bytes read from `start`: everything for [`Start::Dns`],
    /// else the transport payload (after TCP's 2-byte length prefix), else nothing.
    pub fn dns_span(&self, start: Start, len: usize) -> Span {
        match (&self.l4, start) {
            (_, Start::Dns) => Span::new(0, len),
            (Some(l4), _) => {
                let skip = if l4.proto == Transport::Tcp { 2 } else { 0 };
                let end = l4.payload.end.min(len);
                Span::new((l4.payload.start + skip).min(end), end)
            }
            (None, _) => Span::new(len, len),
        }
    }

    /// DNS, mDNS or LLMNR from the transport's ports (DNS when there are none).
    pub fn flavor(&self) -> Flavor {
        self.l4
            .as_ref()
            .map_or(Flavor::Dns, |l| flavor_of(l.sport, l.dport))
    }
}

fn truncated(mut l: Layers, what: &'static str, have: usize, need: usize) -> Layers {
    diag(
        &mut l,
        "link",
        0,
        have,
        Severity::Error,
        format!("the {what} header needs {need} bytes but the frame has {have}"),
    );
    l
}

fn hex(b: &[u8]) -> String {
    let mut s = String::new();
    for (i, x) in b.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.push_str(&format!("{x:02x}"));
    }
    s
}

fn ethernet(l: &mut Layers, data: &[u8], at: usize) -> Option<usize> {
    l.link = "Ethernet";
    if data.len() < at + 14 {
        *l = truncated(core::mem::take(l), "Ethernet", data.len(), 14);
        return None;
    }
    let et = be16(data, at + 12).unwrap_or(0);
    l.fields.push(
        Field::new(
            "Ethernet II",
            format!(
                "{} → {}",
                hex(&data[at + 6..at + 12]),
                hex(&data[at..at + 6])
            ),
            Span::new(at, at + 14),
            Kind::Layer,
        )
        .rfc("IEEE 802.3")
        .children(vec![
            leaf("Destination", hex(&data[at..at + 6]), at, at + 6)
                .explain("MAC address of the receiver"),
            leaf("Source", hex(&data[at + 6..at + 12]), at + 6, at + 12)
                .explain("MAC address of the sender"),
            leaf("EtherType", format!("0x{et:04x}"), at + 12, at + 14)
                .explain("what follows: 0x0800 IPv4, 0x86dd IPv6, 0x8100 a VLAN tag"),
        ]),
    );
    ethertype_walk(l, data, et, at + 14)
}

/// EtherTypes that announce a VLAN tag: 802.1Q (0x8100), 802.1ad QinQ (0x88a8) and the older
/// QinQ 0x9100. Every walker over Ethernet follows exactly these.
pub const fn is_vlan(et: u16) -> bool {
    matches!(et, 0x8100 | 0x88a8 | 0x9100)
}

/// The most VLAN tags followed in one frame; past them the frame is not read as IP.
pub const MAX_VLAN_TAGS: usize = 8;

/// EtherTypes this dissector follows: IPv4, IPv6, or a VLAN tag.
pub fn is_ethertype_ip_or_vlan(et: Option<u16>) -> bool {
    et.is_some_and(|e| is_vlan(e) || matches!(e, 0x0800 | 0x86dd))
}

/// Follow VLAN tags (802.1Q, 802.1ad QinQ) to the IP header.
fn ethertype_walk(l: &mut Layers, data: &[u8], mut et: u16, mut at: usize) -> Option<usize> {
    for _ in 0..=MAX_VLAN_TAGS {
        match et {
            e if is_vlan(e) => {
                let (Some(tci), Some(next)) = (be16(data, at), be16(data, at + 2)) else {
                    diag(
                        l,
                        "link",
                        at,
                        data.len(),
                        Severity::Error,
                        "a VLAN tag is cut short".into(),
                    );
                    return None;
                };
                l.fields.push(
                    Field::new(
                        "802.1Q VLAN tag",
                        format!("VLAN {}", tci & 0x0fff),
                        Span::new(at, at + 4),
                        Kind::Layer,
                    )
                    .rfc("IEEE 802.1Q")
                    .children(vec![
                        leaf("Priority", format!("{}", tci >> 13), at, at + 2).mask(0xe000),
                        leaf("VLAN ID", format!("{}", tci & 0x0fff), at, at + 2).mask(0x0fff),
                        leaf("EtherType", format!("0x{next:04x}"), at + 2, at + 4),
                    ]),
                );
                et = next;
                at += 4;
            }
            0x0800 | 0x86dd => return Some(at),
            other => {
                diag(
                    l,
                    "link",
                    at.saturating_sub(2),
                    at,
                    Severity::Note,
                    format!("EtherType 0x{other:04x} carries neither IPv4 nor IPv6"),
                );
                return None;
            }
        }
    }
    None
}

fn nflog(l: &mut Layers, data: &[u8]) -> Option<usize> {
    l.link = "NFLOG";
    if data.len() < 4 {
        *l = truncated(core::mem::take(l), "NFLOG", data.len(), 4);
        return None;
    }
    let mut children = vec![
        leaf("Family", format!("{}", data[0]), 0, 1).explain("2 = IPv4, 10 = IPv6"),
        leaf("Version", format!("{}", data[1]), 1, 2),
        leaf(
            "Resource ID",
            format!("{}", be16(data, 2).unwrap_or(0)),
            2,
            4,
        ),
    ];
    let mut pos = 4;
    let mut payload = None;
    while pos + 4 <= data.len() {
        // TLVs: length and type in host byte order (little-endian on the captures we know).
        let len = u16::from_le_bytes([data[pos], data[pos + 1]]) as usize;
        let ty = u16::from_le_bytes([data[pos + 2], data[pos + 3]]);
        if len < 4 {
            break;
        }
        children.push(leaf(
            "TLV",
            format!("type {ty}, {len} bytes"),
            pos,
            (pos + len).min(data.len()),
        ));
        if ty == 9 {
            payload = Some(pos + 4);
        }
        pos += len.div_ceil(4) * 4;
    }
    l.fields.push(
        Field::new("NFLOG", "", Span::new(0, pos.min(data.len())), Kind::Layer)
            .rfc("LINKTYPE_NFLOG")
            .children(children),
    );
    payload
}

/// The IPv4 header checksum (0 when right).
fn ipv4_checksum(h: &[u8]) -> u16 {
    let mut sum = 0u32;
    for c in h.chunks(2) {
        sum += u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]) as u32;
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

fn ip(l: &mut Layers, data: &[u8], at: usize) {
    match data.get(at).map(|b| b >> 4) {
        Some(4) => ipv4(l, data, at),
        Some(6) => ipv6(l, data, at),
        Some(v) => diag(
            l,
            "ip",
            at,
            at + 1,
            Severity::Error,
            format!("IP version {v}: neither 4 nor 6"),
        ),
        None => diag(
            l,
            "ip",
            at,
            at,
            Severity::Error,
            "the frame ends before the IP header".into(),
        ),
    }
}

fn ipv4(l: &mut Layers, data: &[u8], at: usize) {
    let ihl = (data[at] & 0xf) as usize * 4;
    if ihl < 20 || data.len() < at + ihl {
        diag(l, "ipv4", at, data.len(), Severity::Error, format!("the IPv4 header is {ihl} bytes long by its IHL but {} are present (at least 20 are needed)", data.len() - at));
        return;
    }
    let h = &data[at..at + ihl];
    let total = be16(h, 2).unwrap_or(0) as usize;
    let id = be16(h, 4).unwrap_or(0);
    let ff = be16(h, 6).unwrap_or(0);
    let (df, mf, frag_off) = (
        ff & 0x4000 != 0,
        ff & 0x2000 != 0,
        (ff & 0x1fff) as usize * 8,
    );
    let proto = h[9];
    let src = Ipv4Addr::new(h[12], h[13], h[14], h[15]);
    let dst = Ipv4Addr::new(h[16], h[17], h[18], h[19]);
    let ck = be16(h, 10).unwrap_or(0);
    let ck_ok = ipv4_checksum(h) == 0;
    let ck_right = {
        let mut z = [0u8; 60];
        z[..ihl].copy_from_slice(h);
        z[10] = 0;
        z[11] = 0;
        ipv4_checksum(&z[..ihl])
    };
    let mut end = at + total;
    if total < ihl || end > data.len() {
        diag(l, "ipv4", at + 2, at + 4, Severity::Warning, format!("the IPv4 total length {total} does not fit the {} bytes captured; using what is there", data.len() - at));
        end = data.len();
    }
    if !ck_ok {
        diag(
            l,
            "ipv4",
            at + 10,
            at + 12,
            Severity::Warning,
            format!("IPv4 header checksum 0x{ck:04x} is wrong (should be 0x{ck_right:04x})"),
        );
    }
    let mut children = vec![
        leaf("Version", "4".into(), at, at + 1).mask(0xf0),
        leaf("Header length", format!("{ihl} bytes"), at, at + 1)
            .mask(0x0f)
            .explain("IHL: the header length in 32-bit words"),
        leaf("DSCP/ECN", format!("0x{:02x}", h[1]), at + 1, at + 2),
        leaf("Total length", format!("{total}"), at + 2, at + 4)
            .explain("header plus payload, in bytes"),
        leaf(
            "Identification",
            format!("0x{id:04x} ({id})"),
            at + 4,
            at + 6,
        )
        .explain("groups the fragments of one datagram"),
        leaf(
            "Flags",
            format!(
                "{}{}",
                if df { "DF " } else { "" },
                if mf { "MF" } else { "" }
            ),
            at + 6,
            at + 8,
        )
        .mask(0xe000)
        .explain("DF: don't fragment; MF: more fragments follow"),
        leaf("Fragment offset", format!("{frag_off}"), at + 6, at + 8)
            .mask(0x1fff)
            .explain("where this fragment's data goes, in 8-byte units"),
        leaf("TTL", format!("{}", h[8]), at + 8, at + 9)
            .explain("hops left before a router discards the packet"),
        leaf(
            "Protocol",
            format!(
                "{proto} ({})",
                match proto {
                    6 => "TCP",
                    17 => "UDP",
                    1 => "ICMP",
                    _ => "other",
                }
            ),
            at + 9,
            at + 10,
        ),
        leaf(
            "Header checksum",
            format!(
                "0x{ck:04x} [{}]",
                if ck_ok { "correct" } else { "incorrect" }
            ),
            at + 10,
            at + 12,
        ),
        leaf("Source", format!("{src}"), at + 12, at + 16),
        leaf("Destination", format!("{dst}"), at + 16, at + 20),
    ];
    if ihl > 20 {
        children.push(leaf("Options", hex(&h[20..]), at + 20, at + ihl));
    }
    l.fields.push(
        Field::new(
            "Internet Protocol version 4",
            format!("{src} → {dst}"),
            Span::new(at, at + ihl),
            Kind::Layer,
        )
        .rfc("RFC 791")
        .children(children),
    );
    let (s, d) = (IpAddr::V4(src), IpAddr::V4(dst));
    if mf || frag_off > 0 {
        l.fragment = Some((
            FragKey {
                src: s,
                dst: d,
                id: id as u32,
                proto,
            },
            frag_off,
            mf,
            Span::new(at + ihl, end),
        ));
        return;
    }
    transport(l, data, at + ihl, end, proto, s, d);
}

fn ipv6(l: &mut Layers, data: &[u8], at: usize) {
    if data.len() < at + 40 {
        diag(
            l,
            "ipv6",
            at,
            data.len(),
            Severity::Error,
            format!(
                "the IPv6 header needs 40 bytes but {} are present",
                data.len() - at
            ),
        );
        return;
    }
    let plen = be16(data, at + 4).unwrap_or(0) as usize;
    let mut next = data[at + 6];
    let mut src = [0u8; 16];
    src.copy_from_slice(&data[at + 8..at + 24]);
    let mut dst = [0u8; 16];
    dst.copy_from_slice(&data[at + 24..at + 40]);
    let (src, dst) = (Ipv6Addr::from(src), Ipv6Addr::from(dst));
    let mut end = at + 40 + plen;
    if end > data.len() {
        diag(
            l,
            "ipv6",
            at + 4,
            at + 6,
            Severity::Warning,
            format!(
                "the IPv6 payload length {plen} is more than the {} bytes captured",
                data.len() - at - 40
            ),
        );
        end = data.len();
    }
    let mut children = vec![
        leaf("Version", "6".into(), at, at + 1).mask(0xf0),
        leaf(
            "Traffic class / flow label",
            format!("0x{:08x}", be32(data, at).unwrap_or(0) & 0x0fff_ffff),
            at,
            at + 4,
        ),
        leaf("Payload length", format!("{plen}"), at + 4, at + 6),
        leaf("Next header", format!("{next}"), at + 6, at + 7),
        leaf("Hop limit", format!("{}", data[at + 7]), at + 7, at + 8),
        leaf("Source", format!("{src}"), at + 8, at + 24),
        leaf("Destination", format!("{dst}"), at + 24, at + 40),
    ];
    let mut pos = at + 40;
    let mut frag = None;
    // Extension headers: hop-by-hop, routing, fragment, destination options. Each must fit in
    // the payload; one that does not ends the walk with a diagnostic.
    for _ in 0..16 {
        let need = match next {
            0 | 43 | 60 => data.get(pos + 1).map(|&l| (l as usize + 1) * 8),
            44 => Some(8),
            _ => None,
        };
        if let Some(n) = need.or((matches!(next, 0 | 43 | 60)).then_some(2)) {
            if pos + n > end {
                diag(l, "ipv6", pos.min(end), end, Severity::Error, format!("an IPv6 extension header (next header {next}) of {n} bytes at offset {pos} runs past the end of the payload"));
                break;
            }
        }
        match next {
            0 | 43 | 60 => {
                let (Some(&nh), Some(&len)) = (data.get(pos), data.get(pos + 1)) else {
                    break;
                };
                let hl = (len as usize + 1) * 8;
                children.push(leaf(
                    match next {
                        0 => "Hop-by-hop options",
                        43 => "Routing header",
                        _ => "Destination options",
                    },
                    format!("{hl} bytes"),
                    pos,
                    pos + hl,
                ));
                next = nh;
                pos += hl;
            }
            44 => {
                let (Some(&nh), Some(fo), Some(id)) =
                    (data.get(pos), be16(data, pos + 2), be32(data, pos + 4))
                else {
                    break;
                };
                children.push(leaf(
                    "Fragment header",
                    format!(
                        "offset {} {}id 0x{id:08x}",
                        (fo >> 3) as usize * 8,
                        if fo & 1 != 0 { "MF " } else { "" }
                    ),
                    pos,
                    pos + 8,
                ));
                frag = Some(((fo >> 3) as usize * 8, fo & 1 != 0, id));
                next = nh;
                pos += 8;
            }
            _ => break,
        }
    }
    l.fields.push(
        Field::new(
            "Internet Protocol version 6",
            format!("{src} → {dst}"),
            Span::new(at, pos.min(end)),
            Kind::Layer,
        )
        .rfc("RFC 8200")
        .children(children),
    );
    let (s, d) = (IpAddr::V6(src), IpAddr::V6(dst));
    if let Some((off, mf, id)) = frag {
        if off > 0 || mf {
            l.fragment = Some((
                FragKey {
                    src: s,
                    dst: d,
                    id,
                    proto: next,
                },
                off,
                mf,
                Span::new(pos.min(end), end),
            ));
            return;
        }
    }
    transport(l, data, pos, end, next, s, d);
}

fn pseudo_sum(src: IpAddr, dst: IpAddr, proto: u8, len: usize) -> u32 {
    let mut sum = 0u32;
    let mut add = |b: &[u8]| {
        for c in b.chunks(2) {
            sum += u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]) as u32;
        }
    };
    match (src, dst) {
        (IpAddr::V4(a), IpAddr::V4(b)) => {
            add(&a.octets());
            add(&b.octets());
        }
        (IpAddr::V6(a), IpAddr::V6(b)) => {
            add(&a.octets());
            add(&b.octets());
        }
        _ => {}
    }
    sum + proto as u32 + (len as u32 & 0xffff) + (len as u32 >> 16)
}

fn l4_checksum(src: IpAddr, dst: IpAddr, proto: u8, seg: &[u8]) -> u16 {
    let mut sum = pseudo_sum(src, dst, proto, seg.len());
    for c in seg.chunks(2) {
        sum += u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]) as u32;
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// UDP or TCP at `at..end` of `data` (`data` may be a reassembled datagram).
#[allow(clippy::too_many_arguments)]
pub(crate) fn transport(
    l: &mut Layers,
    data: &[u8],
    at: usize,
    end: usize,
    proto: u8,
    src: IpAddr,
    dst: IpAddr,
) {
    // Nothing past the IP payload belongs to the transport header.
    let data = &data[..end.min(data.len())];
    let known_addrs = !matches!(src, IpAddr::V4(a) if a.is_unspecified());
    match proto {
        17 => {
            let (Some(sp), Some(dp), Some(ulen), Some(ck)) = (
                be16(data, at),
                be16(data, at + 2),
                be16(data, at + 4),
                be16(data, at + 6),
            ) else {
                diag(
                    l,
                    "udp",
                    at,
                    end,
                    Severity::Error,
                    "the UDP header (8 bytes) is cut short".into(),
                );
                return;
            };
            let mut pend = at + ulen as usize;
            if (ulen as usize) < 8 || pend > end {
                if end - at < ulen as usize {
                    diag(l, "udp", at + 4, at + 6, Severity::Warning, format!("UDP length {ulen} is more than the {} bytes present (cut by the capture's snap length?)", end - at));
                } else {
                    diag(
                        l,
                        "udp",
                        at + 4,
                        at + 6,
                        Severity::Error,
                        format!("UDP length {ulen} is less than the 8-byte header"),
                    );
                }
                pend = end;
            }
            let ck_state = if ck == 0 {
                "not used".into()
            } else if !known_addrs || pend != at + ulen as usize {
                "not verified".into()
            } else if l4_checksum(src, dst, 17, &data[at..pend]) == 0 {
                String::from("correct")
            } else {
                diag(
                    l,
                    "udp",
                    at + 6,
                    at + 8,
                    Severity::Warning,
                    format!("UDP checksum 0x{ck:04x} is wrong"),
                );
                String::from("incorrect")
            };
            l.fields.push(
                Field::new(
                    "User Datagram Protocol",
                    format!("{sp} → {dp}"),
                    Span::new(at, at + 8),
                    Kind::Layer,
                )
                .rfc("RFC 768")
                .children(vec![
                    leaf("Source port", format!("{sp}"), at, at + 2),
                    leaf("Destination port", format!("{dp}"), at + 2, at + 4),
                    leaf("Length", format!("{ulen}"), at + 4, at + 6)
                        .explain("header plus payload"),
                    leaf(
                        "Checksum",
                        format!("0x{ck:04x} [{ck_state}]"),
                        at + 6,
                        at + 8,
                    ),
                ]),
            );
            if pend < end {
                diag(
                    l,
                    "udp",
                    pend,
                    end,
                    Severity::Note,
                    format!(
                        "{} byte(s) after the UDP datagram (Ethernet padding?)",
                        end - pend
                    ),
                );
            }
            l.l4 = Some(L4 {
                proto: Transport::Udp,
                src,
                dst,
                sport: sp,
                dport: dp,
                payload: Span::new(at + 8, pend),
                tcp: None,
                in_icmp: false,
            });
        }
        6 => {
            let (Some(sp), Some(dp), Some(seq), Some(ack)) = (
                be16(data, at),
                be16(data, at + 2),
                be32(data, at + 4),
                be32(data, at + 8),
            ) else {
                diag(
                    l,
                    "tcp",
                    at,
                    end,
                    Severity::Error,
                    "the TCP header (20 bytes) is cut short".into(),
                );
                return;
            };
            let off = data.get(at + 12).map_or(0, |b| (b >> 4) as usize * 4);
            let flags = data.get(at + 13).copied().unwrap_or(0);
            if off < 20 || at + off > end {
                diag(
                    l,
                    "tcp",
                    at + 12,
                    at + 13,
                    Severity::Error,
                    format!("TCP data offset {off} is impossible here"),
                );
                return;
            }
            let names = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"];
            let fl: Vec<&str> = names
                .iter()
                .enumerate()
                .filter(|(i, _)| flags & (1 << i) != 0)
                .map(|(_, n)| *n)
                .collect();
            let mut children = vec![
                leaf("Source port", format!("{sp}"), at, at + 2),
                leaf("Destination port", format!("{dp}"), at + 2, at + 4),
                leaf("Sequence number", format!("{seq}"), at + 4, at + 8)
                    .explain("position of this segment's first byte in the sender's stream"),
                leaf("Acknowledgment", format!("{ack}"), at + 8, at + 12)
                    .explain("the next byte expected from the peer"),
                leaf("Data offset", format!("{off} bytes"), at + 12, at + 13).mask(0xf0),
                leaf("Flags", fl.join(" "), at + 13, at + 14),
                leaf(
                    "Window",
                    format!("{}", be16(data, at + 14).unwrap_or(0)),
                    at + 14,
                    at + 16,
                ),
                leaf(
                    "Checksum",
                    format!("0x{:04x}", be16(data, at + 16).unwrap_or(0)),
                    at + 16,
                    at + 18,
                ),
                leaf(
                    "Urgent pointer",
                    format!("{}", be16(data, at + 18).unwrap_or(0)),
                    at + 18,
                    at + 20,
                ),
            ];
            if off > 20 {
                children.push(
                    leaf("Options", hex(&data[at + 20..at + off]), at + 20, at + off)
                        .explain("MSS, window scale, SACK, timestamps..."),
                );
            }
            l.fields.push(
                Field::new(
                    "Transmission Control Protocol",
                    format!("{sp} → {dp} [{}] seq {seq}", fl.join(" ")),
                    Span::new(at, at + off),
                    Kind::Layer,
                )
                .rfc("RFC 9293")
                .children(children),
            );
            l.l4 = Some(L4 {
                proto: Transport::Tcp,
                src,
                dst,
                sport: sp,
                dport: dp,
                payload: Span::new(at + off, end),
                tcp: Some((seq, ack, flags)),
                in_icmp: false,
            });
        }
        1 | 58 => icmp(l, data, at, end, proto),
        other => diag(
            l,
            "ip",
            at,
            end,
            Severity::Note,
            format!("IP protocol {other} is neither UDP nor TCP"),
        ),
    }
}

/// ICMP (RFC 792) and ICMPv6 (RFC 4443): errors quote the datagram that caused them, so a DNS
/// query that could not be delivered is shown inside the error.
fn icmp(l: &mut Layers, data: &[u8], at: usize, end: usize, proto: u8) {
    // Nothing past the IP payload belongs to ICMP.
    let data = &data[..end.min(data.len())];
    let (Some(&ty), Some(&code), Some(ck)) = (data.get(at), data.get(at + 1), be16(data, at + 2))
    else {
        diag(
            l,
            "icmp",
            at,
            end,
            Severity::Error,
            "the ICMP header (8 bytes) is cut short".into(),
        );
        return;
    };
    let v6 = proto == 58;
    let what = match (v6, ty) {
        (false, 3) | (true, 1) => "destination unreachable",
        (false, 11) | (true, 3) => "time exceeded",
        (false, 12) | (true, 4) => "parameter problem",
        (true, 2) => "packet too big",
        (false, 5) => "redirect",
        (false, 0) | (true, 129) => "echo reply",
        (false, 8) | (true, 128) => "echo request",
        _ => "other",
    };
    let quotes = matches!((v6, ty), (false, 3 | 4 | 5 | 11 | 12) | (true, 1..=4));
    let name = if v6 {
        "Internet Control Message Protocol v6"
    } else {
        "Internet Control Message Protocol"
    };
    let hdr_end = (at + 8).min(end);
    l.fields.push(
        Field::new(
            name,
            format!("type {ty} ({what}), code {code}"),
            Span::new(at, hdr_end),
            Kind::Layer,
        )
        .rfc(if v6 { "RFC 4443" } else { "RFC 792" })
        .children(vec![
            leaf("Type", format!("{ty} ({what})"), at, at + 1),
            leaf("Code", format!("{code}"), at + 1, at + 2)
                .explain("for unreachable: 3 = port unreachable (nobody listens there)"),
            leaf("Checksum", format!("0x{ck:04x}"), at + 2, at + 4),
            leaf(
                "Rest of header",
                hex(data.get(at + 4..hdr_end).unwrap_or(&[])),
                at + 4,
                hdr_end,
            ),
        ]),
    );
    if !quotes || at + 8 >= end {
        return;
    }
    // The quoted datagram: its own IP header and (part of) its transport header and payload.
    let mut inner = Layers::default();
    ip(&mut inner, &data[..end], at + 8);
    for mut f in inner.fields {
        f.name = format!("Quoted: {}", f.name).into();
        l.fields.push(f);
    }
    l.diagnostics
        .extend(inner.diagnostics.into_iter().map(|mut d| {
            // A quote is allowed to be cut short (RFC 792 quotes only 8 bytes past the IP header).
            d.severity = Severity::Note;
            d.message = format!("in the quoted datagram: {}", d.message);
            d
        }));
    if let Some(mut q) = inner.l4 {
        q.in_icmp = true;
        l.l4 = Some(q);
    }
}

#[cfg(test)]
mod test {
    use super::*;

    /// The seed tcpdump packet: IPv4 + UDP 53 → 616 carrying the NXDOMAIN answer.
    const SEED: &str = "45000082d9eb00003a11f873c0a801c8c0a801640035026800 6eba41ea1a818300010000000100000133023435033139310332303605646e73626c05736f726273036e65740000010001c0190006000100000e10002c0772626c646e7330c01f03646e73046973757803636f6d00431ce07e00001c2000001c2000093a8000000e10";

    fn unhex(s: &str) -> Vec<u8> {
        let s: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
        s.chunks(2)
            .map(|c| u8::from_str_radix(core::str::from_utf8(c).unwrap(), 16).unwrap())
            .collect()
    }

    #[test]
    fn seed_packet_layers() {
        let b = unhex(SEED);
        assert_eq!(crate::dissect::detect(&b).start, Start::Ipv4);
        let l = dissect_from(Start::Ipv4, &b);
        let l4 = l.l4.unwrap();
        assert_eq!(
            (l4.sport, l4.dport, l4.payload),
            (53, 616, Span::new(28, 130))
        );
        // The walkthrough's addresses were rewritten after capture (192.168.x.x), so the IPv4
        // header checksum f873 no longer adds up: flagged at bytes 10..12, decoding goes on.
        assert!(l.fields[0]
            .children
            .iter()
            .any(|f| f.name == "Header checksum" && f.value.contains("[incorrect]")));
        assert!(
            l.diagnostics.iter().any(|d| d
                .message
                .contains("IPv4 header checksum 0xf873 is wrong")
                && d.span == Span::new(10, 12)),
            "{:?}",
            l.diagnostics
        );
        // The UDP checksum covers the addresses too, so it is flagged as well.
        assert!(l
            .diagnostics
            .iter()
            .any(|d| d.layer == "udp" && d.span == Span::new(26, 28)));
        // Put the checksum the message names in: no complaint about IPv4 any more.
        let right = l.diagnostics[0]
            .message
            .split("should be 0x")
            .nth(1)
            .unwrap()
            .trim_end_matches(')');
        let right = u16::from_str_radix(right, 16).unwrap();
        let mut good = b.clone();
        good[10..12].copy_from_slice(&right.to_be_bytes());
        let l = dissect_from(Start::Ipv4, &good);
        assert!(
            !l.diagnostics.iter().any(|d| d.layer == "ipv4"),
            "{:?}",
            l.diagnostics
        );
    }

    #[test]
    fn sll2_and_qinq_reach_the_same_dns() {
        let ip = unhex(SEED);
        // Linux cooked v2: protocol 0x0800, reserved, ifindex 2, ARPHRD 1, packet type 0 (to us),
        // address length 6, address (8 bytes, padded).
        let mut sll2 = vec![
            0x08, 0x00, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0,
        ];
        sll2.extend_from_slice(&ip);
        let l = dissect(276, &sll2);
        assert_eq!(l.link, "Linux cooked v2 (SLL2)");
        assert_eq!(
            l.l4.as_ref().map(|x| (x.sport, x.payload)),
            Some((53, Span::new(48, 150)))
        );
        // Ethernet with an 802.1ad outer tag (VLAN 100) and an 802.1Q inner tag (VLAN 7).
        let mut eth = vec![
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x88, 0xa8, 0x00, 0x64, 0x81, 0x00, 0x00, 0x07,
            0x08, 0x00,
        ];
        eth.extend_from_slice(&ip);
        let l = dissect(1, &eth);
        let tags: Vec<&str> = l
            .fields
            .iter()
            .filter(|f| f.name == "802.1Q VLAN tag")
            .map(|f| &*f.value)
            .collect();
        assert_eq!(tags, ["VLAN 100", "VLAN 7"]);
        assert_eq!(l.l4.as_ref().map(|x| x.payload), Some(Span::new(50, 152)));
        assert_eq!(crate::dissect::detect(&eth).start, Start::Ethernet);
        // An unsupported link type is reported, not crashed on.
        let l = dissect(147, &eth);
        assert!(l.l4.is_none() && l.diagnostics[0].message.contains("not supported"));
    }
}
