//! IPv4 (RFC 791, header checksum verified) and IPv6 (RFC 8200, extension headers, fragments).

use alloc::format;
use alloc::vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::*;
use crate::tree::{Field, Kind, Severity, Span};

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

pub(super) fn ip(l: &mut Layers, data: &[u8], at: usize) {
    match data.get(at).map(|b| b >> 4) {
        Some(4) => ipv4(l, data, at),
        Some(6) => ipv6(l, data, at),
        Some(v) => diag(
            l,
            crate::tree::Layer::Ip,
            at,
            at + 1,
            Severity::Error,
            format!("IP version {v}: neither 4 nor 6"),
        ),
        None => diag(
            l,
            crate::tree::Layer::Ip,
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
        diag(l, crate::tree::Layer::Ipv4, at, data.len(), Severity::Error, format!("the IPv4 header is {ihl} bytes long by its IHL but {} are present (at least 20 are needed)", data.len() - at));
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
        diag(l, crate::tree::Layer::Ipv4, at + 2, at + 4, Severity::Warning, format!("the IPv4 total length {total} does not fit the {} bytes captured; using what is there", data.len() - at));
        end = data.len();
    }
    if !ck_ok {
        diag(
            l,
            crate::tree::Layer::Ipv4,
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
    ];
    children.extend(endpoints(src.into(), dst.into(), at + 12));
    if ihl > 20 {
        children.push(leaf("Options", hex(&h[20..]), at + 20, at + ihl));
    }
    l.fields.push(
        Field::new(
            "Internet Protocol version 4",
            between(src.into(), dst.into()),
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

/// The Source and Destination fields, one after the other from `at`, each as long as its
/// address (4 bytes for IPv4, 16 for IPv6).
fn endpoints(src: IpAddr, dst: IpAddr, at: usize) -> [Field; 2] {
    let n = if src.is_ipv4() { 4 } else { 16 };
    [
        leaf("Source", crate::present::ip_text(src), at, at + n),
        leaf(
            "Destination",
            crate::present::ip_text(dst),
            at + n,
            at + 2 * n,
        ),
    ]
}

fn ipv6(l: &mut Layers, data: &[u8], at: usize) {
    if data.len() < at + 40 {
        diag(
            l,
            crate::tree::Layer::Ipv6,
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
            crate::tree::Layer::Ipv6,
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
    ];
    children.extend(endpoints(src.into(), dst.into(), at + 8));
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
                diag(l, crate::tree::Layer::Ipv6, pos.min(end), end, Severity::Error, format!("an IPv6 extension header (next header {next}) of {n} bytes at offset {pos} runs past the end of the payload"));
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
            between(src.into(), dst.into()),
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

pub(super) fn l4_checksum(src: IpAddr, dst: IpAddr, proto: u8, seg: &[u8]) -> u16 {
    let mut sum = pseudo_sum(src, dst, proto, seg.len());
    for c in seg.chunks(2) {
        sum += u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]) as u32;
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// The layer's line, `src → dst`, its addresses written the engine's way rather than through
/// std's `Display` (which the page would then carry).
fn between(src: IpAddr, dst: IpAddr) -> String {
    let mut s = crate::present::ip_text(src);
    s.push_str(" → ");
    crate::present::push_ip(&mut s, dst);
    s
}
