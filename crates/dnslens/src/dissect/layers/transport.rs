//! The transport layer: UDP, TCP, and ICMP errors that quote a datagram.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::ip::l4_checksum;
use super::*;
use crate::tree::{Field, Kind, Severity, Span};

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
        17 => udp(l, data, at, end, src, dst, known_addrs),
        6 => tcp(l, data, at, end, src, dst),
        1 | 58 => icmp(l, data, at, end, proto),
        other => diag(
            l,
            crate::tree::Layer::Ip,
            at,
            end,
            Severity::Note,
            format!("IP protocol {other} is neither UDP nor TCP"),
        ),
    }
}

/// UDP (RFC 768), checksum verified when the addresses are known.
#[allow(clippy::too_many_arguments)]
fn udp(
    l: &mut Layers,
    data: &[u8],
    at: usize,
    end: usize,
    src: IpAddr,
    dst: IpAddr,
    known_addrs: bool,
) {
    let (Some(sp), Some(dp), Some(ulen), Some(ck)) = (
        be16(data, at),
        be16(data, at + 2),
        be16(data, at + 4),
        be16(data, at + 6),
    ) else {
        diag(
            l,
            crate::tree::Layer::Udp,
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
            diag(l, crate::tree::Layer::Udp, at + 4, at + 6, Severity::Warning, format!("UDP length {ulen} is more than the {} bytes present (cut by the capture's snap length?)", end - at));
        } else {
            diag(
                l,
                crate::tree::Layer::Udp,
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
            crate::tree::Layer::Udp,
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
            leaf("Length", format!("{ulen}"), at + 4, at + 6).explain("header plus payload"),
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
            crate::tree::Layer::Udp,
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

/// TCP (RFC 9293): header and options; the payload carries DNS with its 2-byte length prefix.
fn tcp(l: &mut Layers, data: &[u8], at: usize, end: usize, src: IpAddr, dst: IpAddr) {
    let (Some(sp), Some(dp), Some(seq), Some(ack)) = (
        be16(data, at),
        be16(data, at + 2),
        be32(data, at + 4),
        be32(data, at + 8),
    ) else {
        diag(
            l,
            crate::tree::Layer::Tcp,
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
            crate::tree::Layer::Tcp,
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

/// ICMP (RFC 792) and ICMPv6 (RFC 4443): errors quote the datagram that caused them, so a DNS
/// query that could not be delivered is shown inside the error.
fn icmp(l: &mut Layers, data: &[u8], at: usize, end: usize, proto: u8) {
    // Nothing past the IP payload belongs to ICMP.
    let data = &data[..end.min(data.len())];
    let (Some(&ty), Some(&code), Some(ck)) = (data.get(at), data.get(at + 1), be16(data, at + 2))
    else {
        diag(
            l,
            crate::tree::Layer::Icmp,
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
