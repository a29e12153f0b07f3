//! The typed model without the tree: [`parse`] checks a whole message and returns its header,
//! questions and records with typed RDATA, borrowing from the message.
//!
//! This is the path for programs that want values, not an explanation: no fields, no spans, no
//! presentation text, and no allocation per name or label — a [`Name`] is where it starts in
//! the message, checked once (labels in bounds, pointers strictly backwards as RFC 9267 asks,
//! at most 255 bytes); its labels are walked again only when asked for. Text is made on demand
//! through `Display`. Hand-written for the same reasons as the rest of the engine: `no_std`,
//! the engine's own name rules, and errors that carry the byte offset of the problem.
//!
//! The first problem stops parsing (use [`crate::decode`] to read past problems and see them
//! all).
//!
//! ```
//! use dnslens::wire::{parse, Rdata};
//! // A response: example. A 192.0.2.1, the answer's owner a pointer back to the question.
//! let msg = [0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
//!            7, b'e', b'x', b'a', b'm', b'p', b'l', b'e', 0, 0, 1, 0, 1,
//!            0xc0, 12, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 192, 0, 2, 1];
//! let m = parse(&msg).unwrap();
//! let a = &m.answers()[0];
//! assert_eq!((a.name.to_string(), a.ttl), ("example.".to_string(), 3600));
//! assert_eq!(a.data, Rdata::A([192, 0, 2, 1].into()));
//! assert_eq!(parse(&msg[..30]).unwrap_err().offset, 29); // the answer's CLASS is cut
//! ```
//!
//! Panic freedom: every read goes through `Cur`, which checks bounds; every loop either consumes
//! bytes or follows a pointer that leads strictly backwards.

use core::net::{Ipv4Addr, Ipv6Addr};

use super::view::{err, name};
pub use super::view::{Error, Labels, Name, Strings, Tlvs, Types};

pub use super::rdata::Rdata;
use super::rdata::{Laid, Reader, TlvKind};

use alloc::vec::Vec;

use crate::dissect::model::Header;
use crate::iana::{Class, Rtype};
use crate::tree::Span;

fn framed<T>(r: Result<T, super::header::FrameError>) -> Result<T, Error> {
    r.map_err(|(offset, what)| Error { offset, what })
}

/// A bounds-checked reader over part of a message.
struct Cur<'a> {
    msg: &'a [u8],
    pos: usize,
    end: usize,
    /// Whether to look for names the dissector would remark on ([`parse_noting`]), and the
    /// first one found.
    noting: bool,
    remark: Option<usize>,
}

impl<'a> Cur<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], Error> {
        match self.pos.checked_add(n).filter(|&e| e <= self.end) {
            Some(e) => {
                let b = self.msg.get(self.pos..e).unwrap_or(&[]);
                self.pos = e;
                Ok(b)
            }
            None => err(self.pos, what),
        }
    }
    fn rest_bytes(&mut self) -> &'a [u8] {
        let b = self.msg.get(self.pos..self.end).unwrap_or(&[]);
        self.pos = self.end;
        b
    }
}

const SHORT: &str = "the RDATA is shorter than its type needs";
const PAST: &str = "a field runs past the end of its data";

/// The strict reader: the first problem stops the layout; names and explanations are unused.
impl<'a> Reader<'a> for Cur<'a> {
    type Fail = Error;
    fn msg(&self) -> &'a [u8] {
        self.msg
    }
    fn pos(&self) -> usize {
        self.pos
    }
    fn left(&self) -> usize {
        self.end.saturating_sub(self.pos)
    }
    fn skip(&mut self, n: usize) -> Result<&'a [u8], Error> {
        self.take(n, PAST)
    }
    fn uint(&mut self, n: usize, _: &'static str, _: &'static str) -> Result<u64, Error> {
        let b = self.take(n, PAST)?;
        Ok(super::rdata::be_uint(b))
    }
    fn bytes(&mut self, n: usize, _: &'static str, _: &'static str) -> Result<&'a [u8], Error> {
        self.take(n, PAST)
    }
    fn u16(&mut self, _: &'static str, _: &'static str) -> Result<u16, Error> {
        let mut a = [0u8; 2];
        a.copy_from_slice(self.take(2, PAST)?);
        Ok(u16::from_be_bytes(a))
    }
    fn u32(&mut self, _: &'static str, _: &'static str) -> Result<u32, Error> {
        let mut a = [0u8; 4];
        a.copy_from_slice(self.take(4, PAST)?);
        Ok(u32::from_be_bytes(a))
    }
    fn rest(&mut self, _: &'static str, _: &'static str) -> &'a [u8] {
        self.rest_bytes()
    }
    fn ipv4(&mut self, _: &'static str) -> Result<Ipv4Addr, Error> {
        let mut a = [0u8; 4];
        a.copy_from_slice(self.take(4, SHORT)?);
        Ok(a.into())
    }
    fn ipv6(&mut self, _: &'static str) -> Result<Ipv6Addr, Error> {
        let mut a = [0u8; 16];
        a.copy_from_slice(self.take(16, SHORT)?);
        Ok(a.into())
    }
    fn name(&mut self, _: &'static str, compress: bool) -> Result<Name<'a>, Error> {
        let (n, next) = name(self.msg, self.pos, self.end)?;
        if self.noting && self.remark.is_none() {
            self.remark = remark(self.msg, self.pos, compress);
        }
        self.pos = next;
        Ok(n)
    }
    fn cstring(&mut self, _: &'static str) -> Result<&'a [u8], Error> {
        let n = self.take(1, PAST)?.first().copied().unwrap_or(0) as usize;
        self.take(n, "a character-string runs past the end of its data")
    }
    fn strings(&mut self) -> Result<Strings<'a>, Error> {
        let at = self.pos;
        Strings::check(self.rest_bytes(), at)
    }
    fn types(&mut self) -> Result<Types<'a>, Error> {
        let at = self.pos;
        Types::check(self.rest_bytes(), at)
    }
    fn tlvs(&mut self, _: TlvKind) -> Result<Tlvs<'a>, Error> {
        let at = self.pos;
        Tlvs::check(self.rest_bytes(), at)
    }
    fn mark(
        &mut self,
        _: usize,
        _: &'static str,
        _: &'static str,
        _: Option<&'static str>,
        _: impl FnOnce(&mut alloc::string::String),
    ) {
    }
    fn malformed(&mut self, at: usize, what: &'static str) -> Error {
        Error { offset: at, what }
    }
    fn problem(&mut self, at: usize, _: usize, what: &'static str) -> Result<(), Error> {
        err(at, what)
    }
}

/// The typed RDATA of a record of type `t` in class `class`.
fn rdata<'a>(c: &mut Cur<'a>, t: Rtype, class: u16) -> Result<Rdata<'a>, Error> {
    if c.pos == c.end && t != Rtype::OPT {
        return Ok(Rdata::Empty);
    }
    Ok(match super::rdata::read(c, t, class)? {
        Laid::Typed(d) => d,
        Laid::NoLayout | Laid::OutsideClass => Rdata::Unknown(c.rest_bytes()),
    })
}

/// One question.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Question<'a> {
    /// QNAME.
    pub name: Name<'a>,
    /// QTYPE.
    pub qtype: Rtype,
    /// QCLASS, all 16 bits (mDNS puts its QU flag in the top one).
    pub qclass: Class,
    /// Where the question sits in the message.
    pub span: Span,
}

/// One resource record.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Record<'a> {
    /// Owner name.
    pub name: Name<'a>,
    /// TYPE.
    pub rtype: Rtype,
    /// CLASS, all 16 bits (for OPT: the UDP payload size; mDNS: cache-flush in the top bit).
    pub class: Class,
    /// TTL (for OPT: extended RCODE, version and flags).
    pub ttl: u32,
    /// Typed RDATA.
    pub data: Rdata<'a>,
    /// Where the whole record sits in the message.
    pub span: Span,
    /// Where its RDATA sits (RDLENGTH is its length).
    pub rdata: Span,
}

/// A parsed message.
#[derive(Clone, Debug, PartialEq)]
pub struct Message<'a> {
    /// The header.
    pub header: Header,
    /// The question section.
    pub questions: Vec<Question<'a>>,
    /// Answer, authority and additional records, in that order.
    pub records: Vec<Record<'a>>,
    /// Bytes after the last record.
    pub trailing: usize,
}

impl<'a> Message<'a> {
    fn section(&self, i: usize) -> &[Record<'a>] {
        let c = self.header.counts;
        let start = match i {
            0 => 0,
            1 => c[1] as usize,
            _ => c[1] as usize + c[2] as usize,
        };
        let len = c[i + 1] as usize;
        self.records.get(start..start + len).unwrap_or(&[])
    }
    /// The answer section.
    pub fn answers(&self) -> &[Record<'a>] {
        self.section(0)
    }
    /// The authority section.
    pub fn authorities(&self) -> &[Record<'a>] {
        self.section(1)
    }
    /// The additional section.
    pub fn additionals(&self) -> &[Record<'a>] {
        self.section(2)
    }
}

/// True when a compression pointer to `target` leads into the 12-byte header, where no name
/// can be: legal to follow, worth a warning.
pub fn into_header(target: usize) -> bool {
    target < super::header::field::HEADER_LEN
}

/// Where the first pointer of the (checked) name at `start` that draws a remark is: one into
/// the header, or, when `compress` is false (RDATA of a type that must not be compressed,
/// RFC 3597 §4), the name's own pointer.
pub fn remark(msg: &[u8], start: usize, compress: bool) -> Option<usize> {
    for s in super::name::walk(msg, start, msg.len()) {
        match s.piece {
            super::name::Piece::Pointer(t) if into_header(t) || (s.in_place && !compress) => {
                return Some(s.at)
            }
            super::name::Piece::Label(_) | super::name::Piece::Pointer(_) => {}
            super::name::Piece::Root | super::name::Piece::Bad(_) => return None,
        }
    }
    None
}

/// Parse a whole message into its typed model, or say where it first goes wrong.
pub fn parse(msg: &[u8]) -> Result<Message<'_>, Error> {
    parse_with(msg, false, Vec::new(), Vec::new()).map(|(m, _)| m)
}

/// [`parse`], also saying where the first name is that the strict reader accepts but the
/// dissector warns about ([`remark`]): a compression pointer into the header, or one in the
/// RDATA of a type that must not be compressed (RFC 3597 §4). It walks every name a second
/// time, which plain [`parse`] does not pay for.
pub fn parse_noting(msg: &[u8]) -> Result<(Message<'_>, Option<usize>), Error> {
    parse_noting_in(msg, &mut Lists::default())
}

/// [`parse_noting`] into the room of lists kept from an earlier parse ([`Lists::keep`]).
pub fn parse_noting_in<'a>(
    msg: &'a [u8],
    lists: &mut Lists,
) -> Result<(Message<'a>, Option<usize>), Error> {
    let questions = emptied(core::mem::take(&mut lists.questions));
    let records = emptied(core::mem::take(&mut lists.records));
    parse_with(msg, true, questions, records)
}

/// A parse's two lists, kept empty between parses so that the next one reuses their room: the
/// command line parses millions of messages, and allocating and freeing two lists for each was
/// about a hundredth of its JSON's time.
#[derive(Default)]
pub struct Lists {
    questions: Vec<Question<'static>>,
    records: Vec<Record<'static>>,
}

impl Lists {
    /// Keep a parsed message's lists, emptied, for the next parse.
    pub fn keep(&mut self, m: Message<'_>) {
        self.questions = emptied(m.questions);
        self.records = emptied(m.records);
    }
}

/// `v` emptied, as a list of the same items under another lifetime, its room kept: an in-place
/// collect of nothing (the standard library reuses the buffer where the two item types have
/// the same size and alignment, as these do: they differ only in a lifetime). Written this way
/// rather than with a transmute: the engine has no unsafe code.
fn emptied<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

fn parse_with<'a>(
    msg: &'a [u8],
    noting: bool,
    mut questions: Vec<Question<'a>>,
    mut records: Vec<Record<'a>>,
) -> Result<(Message<'a>, Option<usize>), Error> {
    let note = |at: usize| if noting { remark(msg, at, true) } else { None };
    let view = super::header::Header(msg);
    let (Some(id), Some(flags), true) = (view.id(), view.flags(), view.is_whole()) else {
        let at = msg.len().min(11) & !1;
        return err(at, "a DNS message starts with a 12-byte header");
    };
    let mut header = Header {
        id,
        counts: view.counts(),
        ..Header::default()
    };
    header.set_flags(flags.0);
    let [qd, an, ns, ar] = header.counts.map(|n| n as usize);
    // A question takes 5 bytes at least and a record 11: reserve no more than the bytes can
    // hold, whatever the counts say (the parse then stops where the entries run out).
    let room = msg.len().saturating_sub(12);
    questions.reserve(qd.min(room / 5));
    let mut pos = super::header::field::HEADER_LEN;
    let mut first_remark = None;
    for _ in 0..qd {
        let q = framed(super::header::frame_question(msg, pos))?;
        first_remark = first_remark.or_else(|| note(pos));
        questions.push(Question {
            name: Name::at(msg, pos),
            qtype: Rtype(q.qtype),
            qclass: Class(q.qclass),
            span: Span::new(pos, q.next),
        });
        pos = q.next;
    }
    records.reserve((an + ns + ar).min(room / 11));
    for _ in 0..an + ns + ar {
        let f = framed(super::header::frame_record(msg, pos))?;
        let rtype = Rtype(f.rtype);
        let (start, end) = f.rdata;
        first_remark = first_remark.or_else(|| note(pos));
        let mut r = Cur {
            msg,
            pos: start,
            end,
            noting,
            remark: None,
        };
        let data = rdata(&mut r, rtype, f.class)?;
        if r.pos != end {
            return err(r.pos, "the RDATA has bytes its type does not use");
        }
        first_remark = first_remark.or(r.remark);
        records.push(Record {
            name: Name::at(msg, pos),
            rtype,
            class: Class(f.class),
            ttl: f.ttl,
            data,
            span: Span::new(pos, end),
            rdata: Span::new(start, end),
        });
        pos = end;
    }
    let m = Message {
        header,
        questions,
        records,
        trailing: msg.len().saturating_sub(pos),
    };
    Ok((m, first_remark))
}

#[cfg(test)]
mod test {
    use super::*;
    use alloc::string::ToString;

    /// The seed walkthrough's NXDOMAIN answer (tcpdump capture): a question and an SOA whose
    /// names point back into the question.
    const SEED: &str = "ea1a81830001000000010000013302343503313931033230360564 6e73626c05736f726273036e65740000010001c0190006000100000e10002c0772626c646e7330c01f03646e73046973757803636f6d00431ce07e00001c2000001c2000093a8000000e10";

    #[test]
    fn kept_lists_are_reused() {
        let b = crate::input::parse(SEED).unwrap().bytes;
        let mut lists = Lists::default();
        let (m, _) = parse_noting_in(&b, &mut lists).unwrap();
        let want = parse(&b).unwrap();
        assert_eq!(m, want);
        let (q, r) = (m.questions.as_ptr() as usize, m.records.as_ptr() as usize);
        lists.keep(m);
        // Another message (a copy, so another lifetime) parses into the same room, and the
        // same way.
        let again = b.clone();
        let (m, _) = parse_noting_in(&again, &mut lists).unwrap();
        assert_eq!(
            (m.questions.as_ptr() as usize, m.records.as_ptr() as usize),
            (q, r)
        );
        assert_eq!(m, parse(&again).unwrap());
    }

    #[test]
    fn seed_answer_typed() {
        let b = crate::input::parse(SEED).unwrap().bytes;
        let m = parse(&b).unwrap();
        assert_eq!(
            (m.header.id, m.header.rcode, m.header.qr),
            (0xea1a, 3, true)
        );
        assert_eq!(
            m.questions[0].name.to_string(),
            "3.45.191.206.dnsbl.sorbs.net."
        );
        assert_eq!(m.authorities().len(), 1);
        let Rdata::Soa {
            mname,
            rname,
            serial,
            minimum,
            ..
        } = m.authorities()[0].data
        else {
            panic!("{:?}", m.authorities()[0].data)
        };
        assert_eq!(m.authorities()[0].name.to_string(), "dnsbl.sorbs.net.");
        assert_eq!(
            (mname.to_string(), rname.to_string()),
            ("rbldns0.sorbs.net.".into(), "dns.isux.com.".into())
        );
        assert_eq!((serial, minimum), (0x431ce07e, 3600));
        assert_eq!(m.trailing, 0);
        // Every cut of the message is an error at an offset inside it, never a panic.
        for n in 0..b.len() {
            let e = parse(&b[..n]).unwrap_err();
            assert!(e.offset <= n, "{n}: {e}");
        }
    }

    #[test]
    fn bad_names_are_refused_where_they_go_wrong() {
        // A question whose name points at itself.
        let mut b = alloc::vec![0u8, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1];
        assert_eq!(
            parse(&b).unwrap_err(),
            Error {
                offset: 12,
                what: "the compression pointer does not lead backwards"
            }
        );
        b[12] = 0x40;
        assert_eq!(parse(&b).unwrap_err().offset, 12);
        // Counts far beyond the bytes: refused where the entries run out.
        let huge = [0u8, 1, 1, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert_eq!(parse(&huge).unwrap_err().offset, 12);
    }

    #[test]
    fn bitmaps_and_strings() {
        // NSEC bitmap for A, NS, RRSIG, NSEC (window 0) and CAA (window 1).
        let t = Types::check(&[0, 6, 0x60, 0, 0, 0, 0, 0x03, 1, 1, 0x40], 0).unwrap();
        let v: Vec<u16> = t.iter().map(|r| r.0).collect();
        assert_eq!(v, [1, 2, 46, 47, 257]);
        assert!(Types::check(&[1, 1, 0, 0, 1, 0], 0).is_err());
        let s = Strings::check(b"\x02hi\x00\x03abc", 0).unwrap();
        assert_eq!(s.iter().collect::<Vec<_>>(), [&b"hi"[..], b"", b"abc"]);
        assert!(Strings::check(b"\x05ab", 0).is_err());
    }
}
