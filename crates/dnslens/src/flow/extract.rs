//! Finding DNS messages across the frames of a capture: IPv4/IPv6 fragment reassembly and
//! DNS-over-TCP streams (RFC 7766 length prefix), with bounded memory. Each frame is taken apart
//! by [`crate::dissect::layers`]; this module only keeps state between frames.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::vec;
use alloc::vec::Vec;
use core::net::IpAddr;

use crate::dissect::layers::{dissect, flavor_of, transport, FragKey, Layers, Transport, L4};
use crate::dissect::model::Flavor;
use crate::tree::{Diagnostic, Severity, Span};

/// A DNS message found in a capture.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// The 1-based frame where the message ends.
    pub frame: usize,
    /// UDP or TCP.
    pub transport: Transport,
    /// Addresses and ports.
    pub src: IpAddr,
    /// Addresses and ports.
    pub dst: IpAddr,
    /// Ports.
    pub sport: u16,
    /// Ports.
    pub dport: u16,
    /// The message bytes.
    pub bytes: Vec<u8>,
    /// Where the message sits in the frame, when it is in one piece there.
    pub in_frame: Option<Span>,
    /// DNS, mDNS or LLMNR, from the port.
    pub flavor: Flavor,
    /// How the lower layers delivered it.
    pub notes: Vec<Note>,
    /// Capture timestamp of the frame, nanoseconds since 1970 (0 when unknown).
    pub ts_ns: u64,
}

/// How a message reached us, when not in one plain datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Note {
    /// Its IP datagram was reassembled from fragments.
    IpReassembled,
    /// It is quoted inside an ICMP error.
    InIcmp,
    /// Its TCP stream took more than one segment to carry it.
    TcpMultiSegment,
}

impl Note {
    /// The name the CLI's JSON `notes` and the packet list use.
    pub const fn name(self) -> &'static str {
        match self {
            Note::IpReassembled => "ip-reassembled",
            Note::InIcmp => "in-icmp",
            Note::TcpMultiSegment => "tcp-multi-segment",
        }
    }
}

#[derive(Default)]
struct Stream {
    next: Option<u32>,
    buf: Vec<u8>,
    pending: BTreeMap<u32, (usize, Vec<u8>)>,
    pending_bytes: usize,
    multi: bool,
}

/// Limits that keep memory bounded whatever the capture holds.
const MAX_STREAMS: usize = 4096;
const MAX_PENDING: usize = 256 * 1024;
const MAX_FRAG_DATAGRAMS: usize = 1024;

/// Finds DNS messages across frames.
pub struct Extractor {
    /// UDP ports to look for DNS on.
    pub udp_ports: Vec<u16>,
    /// TCP ports to look for DNS on.
    pub tcp_ports: Vec<u16>,
    frags: BTreeMap<FragKey, Vec<(usize, bool, Vec<u8>)>>,
    streams: BTreeMap<(IpAddr, u16, IpAddr, u16), Stream>,
    order: Vec<(IpAddr, u16, IpAddr, u16)>,
}

/// The ports DNS is looked for on, UDP and TCP, before any the user adds: DNS (RFC 1035), mDNS
/// (RFC 6762) and LLMNR (RFC 4795).
pub const DNS_PORTS: [u16; 3] = [53, 5353, 5355];

/// What is said of a capture in which no DNS message was found on [`DNS_PORTS`].
pub const NONE_FOUND: &str =
    "no DNS messages found (looked on UDP and TCP ports 53, 5353 and 5355)";

impl Default for Extractor {
    fn default() -> Self {
        // The three written out: `DNS_PORTS.to_vec()` costs the page 160 bytes gzipped.
        Extractor {
            udp_ports: vec![DNS_PORTS[0], DNS_PORTS[1], DNS_PORTS[2]],
            tcp_ports: vec![DNS_PORTS[0], DNS_PORTS[1], DNS_PORTS[2]],
            frags: BTreeMap::new(),
            streams: BTreeMap::new(),
            order: Vec::new(),
        }
    }
}

/// Whether a segment from `sport` to `dport` is one to look for DNS in: either port is one of
/// `ports`. One pass over the list (two `contains` were two calls a frame on the packet list).
pub(crate) fn either_port(ports: &[u16], sport: u16, dport: u16) -> bool {
    ports.iter().any(|&p| p == sport || p == dport)
}

impl Extractor {
    /// Feed one frame; returns the DNS messages it completes and problems found on the way.
    pub fn push(
        &mut self,
        frame: usize,
        ts_ns: u64,
        linktype: u32,
        data: &[u8],
    ) -> (Layers, Vec<Found>) {
        let (layers, mut found) = self.push_frame(frame, linktype, data);
        for f in &mut found {
            f.ts_ns = ts_ns;
        }
        (layers, found)
    }

    fn push_frame(&mut self, frame: usize, linktype: u32, data: &[u8]) -> (Layers, Vec<Found>) {
        let mut layers = dissect(linktype, data);
        let mut out = Vec::new();
        if let Some((key, off, more, span)) = layers.fragment {
            if let Some(datagram) = self.fragment(
                key,
                off,
                more,
                data.get(span.start..span.end).unwrap_or(&[]),
            ) {
                let mut sub = Layers::default();
                transport(
                    &mut sub,
                    &datagram,
                    0,
                    datagram.len(),
                    key.proto,
                    key.src,
                    key.dst,
                );
                if let Some(l4) = sub.l4.clone() {
                    self.deliver(
                        frame,
                        &l4,
                        &datagram,
                        false,
                        &mut out,
                        &mut layers.diagnostics,
                        Some(Note::IpReassembled),
                    );
                }
                layers.fields.extend(sub.fields.into_iter().map(|mut f| {
                    f.name = format!("{} (reassembled)", f.name).into();
                    f.span = Span::new(span.start, span.start);
                    f.children.clear();
                    f
                }));
            }
            return (layers, out);
        }
        if let Some(l4) = layers.l4.clone() {
            let mut d = core::mem::take(&mut layers.diagnostics);
            self.deliver(frame, &l4, data, true, &mut out, &mut d, None);
            layers.diagnostics = d;
        }
        (layers, out)
    }

    #[allow(clippy::too_many_arguments)]
    fn deliver(
        &mut self,
        frame: usize,
        l4: &L4,
        data: &[u8],
        in_frame: bool,
        out: &mut Vec<Found>,
        diags: &mut Vec<Diagnostic>,
        note: Option<Note>,
    ) {
        let payload = data.get(l4.payload.start..l4.payload.end).unwrap_or(&[]);
        if l4.in_icmp && payload.is_empty() {
            // An ICMP error that quotes only the UDP/TCP header (RFC 792 asks for 8 bytes past
            // the IP header): no byte of a DNS message is there, so none is listed.
            return;
        }
        let note = if l4.in_icmp { Some(Note::InIcmp) } else { note };
        let notes: Vec<Note> = note.into_iter().collect();
        match l4.proto {
            Transport::Udp => {
                if !either_port(&self.udp_ports, l4.sport, l4.dport) {
                    return;
                }
                out.push(Found {
                    frame,
                    transport: Transport::Udp,
                    src: l4.src,
                    dst: l4.dst,
                    sport: l4.sport,
                    dport: l4.dport,
                    bytes: payload.to_vec(),
                    in_frame: in_frame.then_some(l4.payload),
                    flavor: flavor_of(l4.sport, l4.dport),
                    notes,
                    ts_ns: 0,
                });
            }
            Transport::Tcp => {
                if !either_port(&self.tcp_ports, l4.sport, l4.dport) {
                    return;
                }
                let (seq, ack, flags) = l4.tcp.unwrap_or((0, 0, 0));
                let key = (l4.src, l4.sport, l4.dst, l4.dport);
                self.tcp_gap_check(key, ack, flags, diags, l4.payload.start);
                if !self.streams.contains_key(&key) {
                    if self.streams.len() >= MAX_STREAMS {
                        let old = self.order.remove(0);
                        self.streams.remove(&old);
                    }
                    self.order.push(key);
                }
                let st = self.streams.entry(key).or_default();
                if flags & 0x02 != 0 {
                    *st = Stream {
                        next: Some(seq.wrapping_add(1)),
                        ..Stream::default()
                    };
                }
                if flags & 0x04 != 0 {
                    st.buf.clear();
                    st.pending.clear();
                    st.pending_bytes = 0;
                }
                if payload.is_empty() {
                    return;
                }
                let next = *st.next.get_or_insert(seq);
                let diff = seq.wrapping_sub(next) as i32;
                if diff > 0 {
                    if st.pending_bytes + payload.len() <= MAX_PENDING {
                        st.pending_bytes += payload.len();
                        st.pending.insert(seq, (frame, payload.to_vec()));
                    } else {
                        diags.push(Diagnostic { span: l4.payload, severity: Severity::Warning, layer: crate::tree::Layer::Tcp,
                            message: "too much out-of-order TCP data is waiting for a missing segment; this segment is dropped".into() });
                    }
                    return;
                }
                // diff <= 0 here; i32::MIN has no negation, its magnitude is still 2^31.
                let skip = diff.unsigned_abs() as usize;
                if skip < payload.len() {
                    append(st, &payload[skip..]);
                    st.next = Some(seq.wrapping_add(payload.len() as u32));
                }
                // Drain buffered segments that now fit.
                loop {
                    let n = st.next.unwrap_or(0);
                    let Some((&k, _)) = st
                        .pending
                        .iter()
                        .find(|(k, _)| (k.wrapping_sub(n) as i32) <= 0)
                    else {
                        break;
                    };
                    let (_, data) = st.pending.remove(&k).unwrap_or_default();
                    st.pending_bytes -= data.len();
                    let skip = n.wrapping_sub(k) as usize;
                    if skip < data.len() {
                        append(st, &data[skip..]);
                        st.next = Some(k.wrapping_add(data.len() as u32));
                    }
                }
                emit(st, frame, l4, out);
            }
        }
    }

    /// When the peer acknowledges bytes we never saw, give up on them and resume at the next
    /// buffered segment (what tshark calls a "previous segment not captured").
    fn tcp_gap_check(
        &mut self,
        key: (IpAddr, u16, IpAddr, u16),
        ack: u32,
        flags: u8,
        diags: &mut Vec<Diagnostic>,
        at: usize,
    ) {
        if flags & 0x10 == 0 {
            return;
        }
        let peer = (key.2, key.3, key.0, key.1);
        let Some(st) = self.streams.get_mut(&peer) else {
            return;
        };
        let Some(next) = st.next else { return };
        if (ack.wrapping_sub(next) as i32) > 0 {
            let resume = st.pending.keys().next().copied();
            diags.push(Diagnostic { span: Span::new(at, at), severity: Severity::Warning, layer: crate::tree::Layer::Tcp,
                message: format!("the peer acknowledged {} byte(s) of the TCP stream that were never captured; reading resumes at the next segment",
                    resume.unwrap_or(ack).wrapping_sub(next)) });
            st.buf.clear();
            // With a segment already buffered, continue from it; otherwise the next one sets the start.
            st.next = resume;
        }
    }

    fn fragment(&mut self, key: FragKey, off: usize, more: bool, data: &[u8]) -> Option<Vec<u8>> {
        if !self.frags.contains_key(&key) && self.frags.len() >= MAX_FRAG_DATAGRAMS {
            let first = *self.frags.keys().next()?;
            self.frags.remove(&first);
        }
        let parts = self.frags.entry(key).or_default();
        if off + data.len() > 65_535 || parts.len() > 64 {
            self.frags.remove(&key);
            return None;
        }
        // Kept in offset order (after any part at the same offset, as a stable sort would).
        let at = parts.partition_point(|p| p.0 <= off);
        parts.insert(at, (off, more, data.to_vec()));
        let mut have = 0usize;
        let mut last = false;
        for (o, m, d) in parts.iter() {
            if *o > have {
                return None;
            }
            have = have.max(o + d.len());
            if !m {
                last = true;
            }
        }
        if !last {
            return None;
        }
        let mut out = vec![0u8; have];
        for (o, _, d) in parts.iter() {
            out[*o..o + d.len()].copy_from_slice(d);
        }
        self.frags.remove(&key);
        Some(out)
    }
}

fn append(st: &mut Stream, d: &[u8]) {
    if !st.buf.is_empty() {
        st.multi = true;
    }
    st.buf.extend_from_slice(d);
}

fn emit(st: &mut Stream, frame: usize, l4: &L4, out: &mut Vec<Found>) {
    let mut start = 0;
    while st.buf.len() - start >= 2 {
        let len = u16::from_be_bytes([st.buf[start], st.buf[start + 1]]) as usize;
        if st.buf.len() - start < 2 + len {
            st.multi = true;
            break;
        }
        let notes = if st.multi {
            vec![Note::TcpMultiSegment]
        } else {
            Vec::new()
        };
        out.push(Found {
            frame,
            transport: Transport::Tcp,
            src: l4.src,
            dst: l4.dst,
            sport: l4.sport,
            dport: l4.dport,
            bytes: st.buf[start + 2..start + 2 + len].to_vec(),
            in_frame: None,
            flavor: flavor_of(l4.sport, l4.dport),
            notes,
            ts_ns: 0,
        });
        start += 2 + len;
        st.multi = false;
    }
    st.buf.drain(..start);
}

#[cfg(test)]
mod test {
    use super::*;
    use core::net::Ipv4Addr;

    #[test]
    fn what_is_said_of_no_message_names_every_port_looked_on() {
        let named: Vec<u16> = NONE_FOUND
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        assert_eq!(named, DNS_PORTS);
    }

    #[test]
    fn tcp_messages_split_and_joined() {
        let mut x = Extractor::default();
        let src = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        let dst = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));
        let l4 = |seq: u32, len: usize| L4 {
            proto: Transport::Tcp,
            src,
            dst,
            sport: 53,
            dport: 4000,
            payload: Span::new(0, len),
            tcp: Some((seq, 0, 0x18)),
            in_icmp: false,
        };
        // two messages of 3 bytes: [0,3,a,b,c,0,3,d,e,f], sent as 4 + 6 bytes, second first
        let stream = [0u8, 3, 1, 2, 3, 0, 3, 4, 5, 6];
        let mut out = Vec::new();
        let mut d = Vec::new();
        x.deliver(1, &l4(100, 4), &stream[..4], false, &mut out, &mut d, None);
        assert!(out.is_empty());
        x.deliver(2, &l4(104, 6), &stream[4..], false, &mut out, &mut d, None);
        assert_eq!(out.len(), 2);
        assert_eq!(
            (out[0].bytes.as_slice(), out[0].frame),
            (&[1u8, 2, 3][..], 2)
        );
        // a retransmission of the first segment adds nothing
        x.deliver(3, &l4(104, 6), &stream[4..], false, &mut out, &mut d, None);
        assert_eq!(out.len(), 2);
    }
}
