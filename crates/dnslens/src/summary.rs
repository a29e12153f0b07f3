//! The packet-list pass: one Info line per message, fast.
//!
//! [`summarize`] reads the header, the questions and the answer/authority record headers and
//! writes the same line as [`crate::present::summary`] into a buffer the caller reuses: no tree,
//! no allocation per label or per record. [`udp_payload`] finds the DNS message in an
//! Ethernet/IPv4/IPv6/UDP frame without building fields; anything else (TCP, fragments,
//! extension headers) is left to [`crate::layers::Extractor`].

use core::fmt::Write;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use alloc::string::String;

use crate::iana::{Rcode, Rtype};
use crate::tree::Span;
use crate::wire::name::write_name;

/// The header facts of a summarised message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Brief {
    /// Transaction ID.
    pub id: u16,
    /// Response bit.
    pub qr: bool,
    /// Header RCODE (4 bits).
    pub rcode: u8,
    /// False when the summary had to stop early (the message is malformed).
    pub complete: bool,
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_be_bytes([s[0], s[1]]))
}

/// The kind of message, as the Info column starts.
pub fn kind(opcode: u8) -> &'static str {
    match opcode {
        0 => "Standard query",
        1 => "Inverse query",
        2 => "Server status request",
        4 => "Zone change notification",
        5 => "Dynamic update",
        _ => "Query",
    }
}

/// Write the Info line of `msg` into `out` (cleared first).
pub fn summarize(msg: &[u8], out: &mut String) -> Brief {
    out.clear();
    let (Some(id), Some(flags)) = (be16(msg, 0), be16(msg, 2)) else {
        out.push_str("Malformed: shorter than a DNS header");
        return Brief::default();
    };
    let qr = flags & 0x8000 != 0;
    let opcode = ((flags >> 11) & 0xF) as u8;
    let rcode = (flags & 0xF) as u8;
    let mut b = Brief {
        id,
        qr,
        rcode,
        complete: false,
    };
    out.push_str(kind(opcode));
    if qr {
        out.push_str(" response");
    }
    let _ = write!(out, " 0x{id:04x}");
    if msg.len() < 12 {
        return b;
    }
    // The extended RCODE lives in OPT; without reading the additional section the header's 4
    // bits are all we have. Responses with RCODE 0 say nothing, like the full summary.
    let counts = [
        be16(msg, 4).unwrap_or(0),
        be16(msg, 6).unwrap_or(0),
        be16(msg, 8).unwrap_or(0),
        be16(msg, 10).unwrap_or(0),
    ];
    let rcode_at = out.len();
    let mut pos = 12;
    for _ in 0..counts[0] {
        let Some(p) = crate::name::skip_name(msg, pos) else {
            return b;
        };
        let (Some(t), Some(_)) = (be16(msg, p), be16(msg, p + 2)) else {
            return b;
        };
        let _ = write!(out, " {} ", Rtype(t));
        if write_name(msg, pos, out).is_none() {
            return b;
        }
        pos = p + 4;
    }
    for _ in 0..counts[1] as u32 + counts[2] as u32 {
        let Some(p) = crate::name::skip_name(msg, pos) else {
            return b;
        };
        let (Some(t), Some(rdlen)) = (be16(msg, p), be16(msg, p + 8)) else {
            return b;
        };
        let rstart = p + 10;
        let rend = rstart + rdlen as usize;
        if rend > msg.len() {
            return b;
        }
        let _ = write!(out, " {}", Rtype(t));
        let rd = &msg[rstart..rend];
        match Rtype(t) {
            Rtype::A if rd.len() == 4 => {
                let _ = write!(out, " {}", Ipv4Addr::new(rd[0], rd[1], rd[2], rd[3]));
            }
            Rtype::AAAA if rd.len() == 16 => {
                let mut a = [0u8; 16];
                a.copy_from_slice(rd);
                let _ = write!(out, " {}", Ipv6Addr::from(a));
            }
            t if (t.single_name().is_some() || t == Rtype::SOA) && rdlen > 0 => {
                out.push(' ');
                if write_name(msg, rstart, out).is_none() {
                    return b;
                }
            }
            Rtype::MX if rd.len() >= 3 => {
                let _ = write!(out, " {}", u16::from_be_bytes([rd[0], rd[1]]));
            }
            _ => {}
        }
        pos = rend;
    }
    // The additional section only for OPT's upper RCODE bits (RFC 6891 §6.1.3).
    let mut ext = 0u16;
    for _ in 0..counts[3] {
        let Some(p) = crate::name::skip_name(msg, pos) else {
            break;
        };
        let (Some(t), Some(rdlen)) = (be16(msg, p), be16(msg, p + 8)) else {
            break;
        };
        if t == Rtype::OPT.0 {
            ext = *msg.get(p + 4).unwrap_or(&0) as u16;
            break;
        }
        pos = p + 10 + rdlen as usize;
    }
    let code = (ext << 4) | rcode as u16;
    if qr && code != 0 {
        let mut tmp = [0u8; 24];
        let s = fmt_small(&mut tmp, Rcode(code));
        out.insert_str(rcode_at, s);
        out.insert(rcode_at, ' ');
    }
    b.complete = true;
    b
}

fn fmt_small(buf: &mut [u8; 24], code: Rcode) -> &str {
    struct W<'a>(&'a mut [u8], usize);
    impl Write for W<'_> {
        fn write_str(&mut self, s: &str) -> core::fmt::Result {
            let end = self.1 + s.len();
            let dst = self.0.get_mut(self.1..end).ok_or(core::fmt::Error)?;
            dst.copy_from_slice(s.as_bytes());
            self.1 = end;
            Ok(())
        }
    }
    let mut w = W(buf, 0);
    let _ = write!(w, "{code}");
    let n = w.1;
    core::str::from_utf8(&buf[..n]).unwrap_or("")
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
    let mut at = match linktype {
        1 => {
            let mut et = be16(data, 12)?;
            let mut at = 14;
            for _ in 0..crate::layers::MAX_VLAN_TAGS {
                if !crate::layers::is_vlan(et) {
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
        12 | 14 | 101 | 228 | 229 => 0,
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

/// One message of a capture, as the packet list needs it.
pub struct Item<'a> {
    /// Frame where the message ends.
    pub frame: usize,
    /// Capture time, ns since 1970.
    pub ts_ns: u64,
    /// The frame's bytes and link type (for showing it later).
    pub frame_data: &'a [u8],
    /// Link type.
    pub linktype: u32,
    /// UDP or TCP, addresses, ports, where the message is (its `bytes` are empty on the fast
    /// path: use [`Item::bytes`]).
    pub found: crate::layers::Found,
    /// The DNS message.
    pub bytes: &'a [u8],
    /// Header facts.
    pub brief: Brief,
    /// The Info line.
    pub info: &'a str,
    /// Found by [`udp_payload`] on the frame: the message, its addresses and ports can be found
    /// again from the frame alone.
    pub fast: bool,
}

/// Walk a capture and call `f` for each DNS message with its summary. Plain UDP frames take the
/// fast path (no fields, no copies beyond the message); TCP, fragments and everything else go
/// through [`crate::layers::Extractor`].
pub fn list<'f>(
    file: &'f [u8],
    extra_ports: &[u16],
    f: impl FnMut(Item<'_>),
) -> Result<crate::capture::Reader<'f>, crate::capture::FileError> {
    let mut l = Lister::new(file, extra_ports)?;
    let _ = l.run(file, false, usize::MAX, f);
    match l.reader.take() {
        Some(p) => Ok(crate::capture::Reader::resume(file, p, false)),
        None => crate::capture::Reader::new(file),
    }
}

/// Why [`Lister::run`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Run {
    /// The whole file has been read.
    Done,
    /// `max_frames` were listed; there may be more in the bytes given.
    Budget,
    /// Every complete record given has been listed; the rest of the file has not arrived.
    Waiting,
}

/// [`list`] in pieces: over a file that is still arriving, or a little at a time so that a page
/// stays responsive. Each [`Lister::run`] goes on where the last one stopped.
pub struct Lister {
    reader: Option<crate::capture::Paused>,
    x: crate::layers::Extractor,
    line: String,
}

impl Lister {
    /// Start on a file whose first bytes (at least its file header) are `head`.
    pub fn new(head: &[u8], extra_ports: &[u16]) -> Result<Lister, crate::capture::FileError> {
        let reader = crate::capture::Reader::new(head)?.pause();
        let mut x = crate::layers::Extractor::default();
        x.udp_ports.extend_from_slice(extra_ports);
        x.tcp_ports.extend_from_slice(extra_ports);
        Ok(Lister {
            reader: Some(reader),
            x,
            line: String::new(),
        })
    }

    /// List up to `max_frames` more frames of `file` (the bytes arrived so far; `more` when
    /// others will follow), and say why it stopped.
    pub fn run(
        &mut self,
        file: &[u8],
        more: bool,
        max_frames: usize,
        mut f: impl FnMut(Item<'_>),
    ) -> Run {
        let Some(paused) = self.reader.take() else {
            return Run::Done;
        };
        let mut frames = 0;
        let mut reader = crate::capture::Reader::resume(file, paused, more);
        let (x, line) = (&mut self.x, &mut self.line);
        for p in reader.by_ref().take(max_frames) {
            frames += 1;
            let fast = udp_payload(p.linktype, p.data)
                .filter(|u| x.udp_ports.contains(&u.sport) || x.udp_ports.contains(&u.dport));
            if let Some(u) = fast {
                // The common case, without a Vec or a copy: the message stays in the frame.
                let found = crate::layers::Found {
                    frame: p.number,
                    transport: crate::layers::Transport::Udp,
                    src: u.src,
                    dst: u.dst,
                    sport: u.sport,
                    dport: u.dport,
                    bytes: alloc::vec::Vec::new(),
                    in_frame: Some(u.payload),
                    flavor: crate::layers::flavor_of(u.sport, u.dport),
                    notes: alloc::vec::Vec::new(),
                    ts_ns: p.ts_ns,
                };
                emit(
                    &mut f,
                    line,
                    &p,
                    &p.data[u.payload.start..u.payload.end],
                    found,
                    true,
                );
                continue;
            }
            for found in x.push(p.number, p.ts_ns, p.linktype, p.data).1 {
                let owned = found.bytes.clone();
                emit(&mut f, line, &p, &owned, found, false);
            }
        }
        let done = reader.finished();
        self.reader = Some(reader.pause());
        if done {
            Run::Done
        } else if frames == max_frames {
            Run::Budget
        } else {
            Run::Waiting
        }
    }

    /// Byte offset reached in the file (for a progress bar).
    pub fn position(&self) -> usize {
        self.reader.as_ref().map_or(0, |r| r.position())
    }

    /// Problems the capture reader found so far (a damaged or cut-short file), with offsets.
    pub fn problems(&self) -> &[crate::tree::Diagnostic] {
        self.reader.as_ref().map_or(&[], |r| r.diagnostics())
    }
}

/// Summarise one message into `line` and hand it to `f`.
fn emit(
    f: &mut impl FnMut(Item<'_>),
    line: &mut String,
    p: &crate::capture::Packet<'_>,
    bytes: &[u8],
    found: crate::layers::Found,
    fast: bool,
) {
    let brief = summarize(bytes, line);
    f(Item {
        frame: p.number,
        ts_ns: p.ts_ns,
        frame_data: p.data,
        linktype: p.linktype,
        bytes,
        brief,
        info: line,
        found,
        fast,
    });
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn seed_summary() {
        let b: alloc::vec::Vec<u8> = crate::input::parse(
            "ea1a81830001000000010000013302343503313931033230360564 6e73626c05736f726273036e65740000010001c0190006000100000e10002c0772626c646e7330c01f03646e73046973757803636f6d00431ce07e00001c2000001c2000093a8000000e10",
        )
        .unwrap()
        .bytes;
        let mut out = String::new();
        let brief = summarize(&b, &mut out);
        assert!(brief.complete);
        assert_eq!(out, "Standard query response 0xea1a NXDOMAIN A 3.45.191.206.dnsbl.sorbs.net. SOA rbldns0.sorbs.net.");
    }

    #[test]
    fn listing_in_pieces_matches_listing_at_once() {
        for name in [
            "pcapplusplus__dns_over_tcp.pcapng",
            "suricata__dns-udp-google.com-a-aaaa-mx.pcap",
        ] {
            let file = crate::corpus_capture(name);
            let key = |i: Item<'_>| (i.frame, i.bytes.to_vec(), String::from(i.info));
            let mut whole = alloc::vec::Vec::new();
            list(&file, &[], |i| whole.push(key(i))).unwrap();
            assert!(!whole.is_empty(), "{name}");
            let mut got = alloc::vec::Vec::new();
            let mut avail = 64;
            let mut l = Lister::new(&file[..avail], &[]).unwrap();
            loop {
                let more = avail < file.len();
                // Two frames at a time, over a file that grows by 50 bytes.
                let mut r = Run::Budget;
                while r == Run::Budget {
                    r = l.run(&file[..avail], more, 2, |i| got.push(key(i)));
                }
                if r == Run::Done {
                    assert!(!more);
                    break;
                }
                avail = (avail + 50).min(file.len());
            }
            assert!(l.problems().is_empty());
            assert_eq!(got, whole, "{name}");
        }
    }
}
