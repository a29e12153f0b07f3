//! The Info line, the one there is: [`summarize`] reads the header, the questions and the
//! answer/authority record headers and writes the line into a buffer the caller reuses: no
//! tree, no allocation per label or per record ([`crate::present::summary`] returns it as a
//! `String`).

use core::net::Ipv6Addr;

use alloc::string::String;

use super::Sink;
use crate::iana::{Rcode, Rtype};
use crate::wire::header::{field, frame_question, frame_record, rdata_span, record_fixed, Header};
use crate::wire::name::end_of;
use crate::wire::typed;

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

impl Brief {
    /// The header's ID, QR and RCODE alone, without the Info line ([`summarize`] makes both):
    /// what pairing queries with responses needs. `complete` stays false.
    pub fn of_header(msg: &[u8]) -> Brief {
        let view = Header(msg);
        match (view.id(), view.flags()) {
            (Some(id), Some(flags)) => Brief {
                id,
                qr: flags.qr(),
                rcode: flags.rcode(),
                complete: false,
            },
            _ => Brief::default(),
        }
    }
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
    summarize_into(msg, out)
}

/// The Info line of `msg` appended to `out`: a `String` (the page), or bytes (the command
/// line, which writes it straight into its output, unchecked: it is ASCII).
pub fn summarize_into(msg: &[u8], out: &mut impl Sink) -> Brief {
    let view = Header(msg);
    let (Some(id), Some(flags)) = (view.id(), view.flags()) else {
        out.put("Malformed: shorter than a DNS header");
        return Brief::default();
    };
    let (qr, rcode) = (flags.qr(), flags.rcode());
    let mut b = Brief {
        id,
        qr,
        rcode,
        complete: false,
    };
    head(out, flags.opcode(), qr, id);
    if !view.is_whole() {
        return b;
    }
    // The extended RCODE lives in OPT; without reading the additional section the header's 4
    // bits are all we have. Responses with RCODE 0 say nothing, like the full summary.
    let counts = view.counts();
    let rcode_at = out.at();
    let mut pos = field::HEADER_LEN;
    for _ in 0..counts[0] {
        let Ok(q) = frame_question(msg, pos) else {
            return b;
        };
        if question(out, q.qtype, |out| out.put_name(msg, pos).map(drop)).is_none() {
            return b;
        }
        pos = q.next;
    }
    for _ in 0..counts[1] as u32 + counts[2] as u32 {
        let Ok(r) = frame_record(msg, pos) else {
            return b;
        };
        if record(out, msg, r.rtype, r.rdata).is_none() {
            return b;
        }
        pos = r.rdata.1;
    }
    // The additional section only for OPT's upper RCODE bits (RFC 6891 §6.1.3), read as the
    // tree does: an OPT counts even when its RDATA runs past the end.
    let mut ext = 0u16;
    for _ in 0..counts[3] {
        let Ok(p) = end_of(msg, pos, msg.len()) else {
            break;
        };
        let (Some(t), _, Some(ttl), Some(rdlen)) = record_fixed(msg, p) else {
            break;
        };
        if t == Rtype::OPT.0 {
            ext = (ttl >> 24) as u16;
            break;
        }
        let Ok((_, next)) = rdata_span(msg.len(), p, rdlen) else {
            break;
        };
        pos = next;
    }
    rcode_after(out, qr, (ext << 4) | rcode as u16, rcode_at);
    b.complete = true;
    b
}

/// [`summarize_into`]'s line for a message whose strict parse succeeded, from that parse's
/// typed view and its RCODE (extended by its OPT record): the same line, the same pieces
/// (`head`, `question`, `record`), without reading the message's records a second time
/// (the command line's JSON, whose `info` member is a tenth of its time). `written` gives,
/// for where a name starts in `msg`, where `out` holds its presentation form already, to be
/// copied rather than walked again (the JSON's question names).
pub fn summarize_typed(
    t: &typed::Message<'_>,
    rcode: Rcode,
    msg: &[u8],
    out: &mut alloc::vec::Vec<u8>,
    written: impl Fn(usize) -> Option<core::ops::Range<usize>>,
) {
    let h = &t.header;
    head(out, h.opcode, h.qr, h.id);
    let rcode_at = out.len();
    for q in &t.questions {
        let start = q.span.start;
        let name = |out: &mut alloc::vec::Vec<u8>| match written(start) {
            Some(text) if text.end <= out.len() => {
                out.extend_from_within(text);
                Some(())
            }
            _ => out.put_name(msg, start).map(drop),
        };
        if question(out, q.qtype.0, name).is_none() {
            return;
        }
    }
    for r in t.answers().iter().chain(t.authorities()) {
        if record(out, msg, r.rtype.0, (r.rdata.start, r.rdata.end)).is_none() {
            return;
        }
    }
    rcode_after(out, h.qr, rcode.0, rcode_at);
}

// The pieces of the line are inlined into both readers on the command line (as calls they
// cost the packet list 2%), not in the page (its size budget).

/// The kind of message, response or not, and its ID: `Standard query response 0x1a2b`.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn head(out: &mut impl Sink, opcode: u8, qr: bool, id: u16) {
    out.put(kind(opcode));
    out.put(if qr { " response " } else { " " });
    super::push_offset(out, usize::from(id)); // 0x and four digits: what `{id:#06x}` writes
}

/// A question: its type and name (which `name` writes, `None` where the name does not read to
/// its root, as this returns then).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn question<S: Sink>(
    out: &mut S,
    qtype: u16,
    name: impl FnOnce(&mut S) -> Option<()>,
) -> Option<()> {
    out.put(" ");
    Rtype(qtype).put_text(out);
    out.put(" ");
    name(out)
}

/// An answer or authority record: its type, and for some types what it says (an address, a
/// name, a preference); `None` where that name does not read to its root.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn record(
    out: &mut impl Sink,
    msg: &[u8],
    rtype: u16,
    (rstart, rend): (usize, usize),
) -> Option<()> {
    out.put(" ");
    Rtype(rtype).put_text(out);
    let rd = msg.get(rstart..rend).unwrap_or_default();
    match Rtype(rtype) {
        Rtype::A if rd.len() == 4 => {
            out.put(" ");
            out.put_ipv4([rd[0], rd[1], rd[2], rd[3]]);
        }
        Rtype::AAAA if rd.len() == 16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(rd);
            out.put(" ");
            out.put_ipv6(Ipv6Addr::from(a));
        }
        t if (t.single_name().is_some() || t == Rtype::SOA) && !rd.is_empty() => {
            out.put(" ");
            out.put_name(msg, rstart)?;
        }
        Rtype::MX if rd.len() >= 3 => {
            out.put(" ");
            out.put_number(u16::from_be_bytes([rd[0], rd[1]]).into());
        }
        _ => {}
    }
    Some(())
}

/// A response's RCODE, unless it is 0, put in after the ID (at `rcode_at`): it is known only
/// once the additional section has been read.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn rcode_after(out: &mut impl Sink, qr: bool, code: u16, rcode_at: usize) {
    if qr && code != 0 {
        let mut s = String::from(" ");
        Rcode(code).push_text(&mut s);
        out.insert_ascii(rcode_at, &s);
    }
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
}
