//! Link layers: Ethernet II with 802.1Q/QinQ tags, and NFLOG's TLVs.

use alloc::format;
use alloc::vec;

use super::*;
use crate::tree::{Field, Kind, Severity, Span};

pub(super) fn ethernet(l: &mut Layers, data: &[u8], at: usize) -> Option<usize> {
    l.link = Some(super::Link::Ethernet);
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
pub(super) fn ethertype_walk(
    l: &mut Layers,
    data: &[u8],
    mut et: u16,
    mut at: usize,
) -> Option<usize> {
    for _ in 0..=MAX_VLAN_TAGS {
        match et {
            e if is_vlan(e) => {
                let (Some(tci), Some(next)) = (be16(data, at), be16(data, at + 2)) else {
                    diag(
                        l,
                        crate::tree::Layer::Link,
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
                    crate::tree::Layer::Link,
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

pub(super) fn nflog(l: &mut Layers, data: &[u8]) -> Option<usize> {
    l.link = Some(super::Link::Nflog);
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
