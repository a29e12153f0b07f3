//! The fast path to a DNS message in a plain UDP frame: [`udp_payload`] finds it in an
//! Ethernet (VLAN tags followed by the same rule as [`crate::dissect::layers`]) / raw-IP frame
//! without building fields; anything else (TCP, fragments, IPv6 extension headers, other
//! links) is left to [`crate::flow::Extractor`].

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::iana::LinkType;
use crate::tree::Span;

fn be16(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_be_bytes([s[0], s[1]]))
}

/// A DNS message in plain UDP: where it is in the frame, the addresses and the ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UdpDns {
    /// The UDP payload in the frame.
    pub payload: Span,
    /// Source address.
    pub src: IpAddr,
    /// Destination address.
    pub dst: IpAddr,
    /// Source port.
    pub sport: u16,
    /// Destination port.
    pub dport: u16,
}

/// Where the DNS message is in an Ethernet / raw-IP frame carrying UDP; `None` for anything
/// else (TCP, fragments, IPv6 extension headers, other links), which the extractor handles.
pub fn udp_payload(linktype: u32, data: &[u8]) -> Option<UdpDns> {
    let mut at = match LinkType(linktype) {
        LinkType::ETHERNET => {
            let mut et = be16(data, 12)?;
            let mut at = 14;
            for _ in 0..crate::dissect::layers::MAX_VLAN_TAGS {
                if !crate::dissect::layers::is_vlan(et) {
                    break;
                }
                et = be16(data, at + 2)?;
                at += 4;
            }
            if !matches!(et, 0x0800 | 0x86dd) {
                return None;
            }
            at
        }
        t if t.is_raw_ip() => 0,
        _ => return None,
    };
    let (end, src, dst);
    match data.get(at)? >> 4 {
        4 => {
            let ihl = (data[at] & 0xf) as usize * 4;
            let total = be16(data, at + 2)? as usize;
            let ff = be16(data, at + 6)?;
            if ihl < 20 || *data.get(at + 9)? != 17 || ff & 0x3fff != 0 || total < ihl {
                return None;
            }
            let a = data.get(at + 12..at + 20)?;
            src = IpAddr::V4(Ipv4Addr::new(a[0], a[1], a[2], a[3]));
            dst = IpAddr::V4(Ipv4Addr::new(a[4], a[5], a[6], a[7]));
            end = (at + total).min(data.len());
            at += ihl;
        }
        6 => {
            if *data.get(at + 6)? != 17 {
                return None;
            }
            let mut a = [0u8; 16];
            a.copy_from_slice(data.get(at + 8..at + 24)?);
            src = IpAddr::V6(Ipv6Addr::from(a));
            a.copy_from_slice(data.get(at + 24..at + 40)?);
            dst = IpAddr::V6(Ipv6Addr::from(a));
            end = (at + 40 + be16(data, at + 4)? as usize).min(data.len());
            at += 40;
        }
        _ => return None,
    }
    let (sport, dport, ulen) = (
        be16(data, at)?,
        be16(data, at + 2)?,
        be16(data, at + 4)? as usize,
    );
    if ulen < 8 {
        return None;
    }
    let pend = (at + ulen).min(end);
    (at + 8 <= pend).then_some(UdpDns {
        payload: Span::new(at + 8, pend),
        src,
        dst,
        sport,
        dport,
    })
}
