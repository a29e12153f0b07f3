//! The layers under DNS: link (Ethernet with 802.1Q/QinQ, BSD NULL/loopback, raw IP, Linux SLL
//! and SLL2, NFLOG), IPv4 (RFC 791, checksum verified), IPv6 (RFC 8200, extension headers), UDP
//! (RFC 768, checksum verified) and TCP (RFC 9293, options), each field with its span in the
//! frame. [`crate::flow::Extractor`] finds DNS messages across frames from these layers.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr};

use crate::dissect::model::Flavor;
use crate::iana::LinkType;
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

impl Start {
    /// Its name, as a start to choose: "IPv4", "the DNS header"...
    pub const fn name(self) -> &'static str {
        self.names().0
    }

    /// What bytes starting there are: "an IPv4 packet", "a DNS message"...
    pub const fn described(self) -> &'static str {
        self.names().1
    }

    const fn names(self) -> (&'static str, &'static str) {
        match self {
            Start::Ethernet => ("Ethernet", "an Ethernet frame"),
            Start::Ipv4 => ("IPv4", "an IPv4 packet"),
            Start::Ipv6 => ("IPv6", "an IPv6 packet"),
            Start::Udp => ("UDP", "a UDP datagram"),
            Start::Tcp => ("TCP", "a TCP segment"),
            Start::Dns => ("the DNS header", "a DNS message"),
        }
    }
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
    /// The link layer the frame was read with.
    pub link: Option<Link>,
}

/// The link layers a frame is read with (each a [`crate::iana::LinkType`] or a family of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// Ethernet II / 802.3, with any VLAN tags.
    Ethernet,
    /// BSD loopback (NULL and LOOP): a 4-byte address family.
    BsdLoopback,
    /// Raw IPv4 or IPv6, no link header.
    RawIp,
    /// Linux cooked capture v1.
    Sll,
    /// Linux cooked capture v2.
    Sll2,
    /// FDDI with 802.2 LLC/SNAP.
    Fddi,
    /// Linux NFLOG.
    Nflog,
}

impl Link {
    /// Its name, as the tree shows it.
    pub const fn name(self) -> &'static str {
        match self {
            Link::Ethernet => "Ethernet",
            Link::BsdLoopback => "BSD loopback",
            Link::RawIp => "raw IP",
            Link::Sll => "Linux cooked (SLL)",
            Link::Sll2 => "Linux cooked v2 (SLL2)",
            Link::Fddi => "FDDI",
            Link::Nflog => "NFLOG",
        }
    }
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
fn diag(l: &mut Layers, layer: crate::tree::Layer, s: usize, e: usize, sev: Severity, m: String) {
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
    let ip_at = match LinkType(linktype) {
        LinkType::ETHERNET => ethernet(&mut l, data, 0),
        LinkType::NULL | LinkType::LOOP => {
            l.link = Some(Link::BsdLoopback);
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
        t if t.is_raw_ip() => {
            l.link = Some(Link::RawIp);
            Some(0)
        }
        LinkType::LINUX_SLL => {
            l.link = Some(Link::Sll);
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
        LinkType::LINUX_SLL2 => {
            l.link = Some(Link::Sll2);
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
        LinkType::NFLOG => nflog(&mut l, data),
        LinkType::FDDI => {
            l.link = Some(Link::Fddi);
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
        LinkType(other) => {
            diag(
                &mut l,
                crate::tree::Layer::Link,
                0,
                data.len(),
                Severity::Note,
                format!("link type {other} is not one dnslens reads: no DNS message is looked for in its frames"),
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
        crate::tree::Layer::Link,
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

mod ip;
mod link;
mod transport;

use ip::ip;
use link::{ethernet, ethertype_walk, nflog};
pub use link::{is_ethertype_ip_or_vlan, is_vlan, MAX_VLAN_TAGS};
pub(crate) use transport::transport;

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
            .any(|d| d.layer == crate::tree::Layer::Udp && d.span == Span::new(26, 28)));
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
            !l.diagnostics
                .iter()
                .any(|d| d.layer == crate::tree::Layer::Ipv4),
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
        assert_eq!(l.link, Some(Link::Sll2));
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
        assert!(l.l4.is_none() && l.diagnostics[0].message.contains("not one dnslens reads"));
    }
}
