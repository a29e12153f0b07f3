//! The DNS message's fixed parts (RFC 1035 §4.1): the 12-byte header, a question's QTYPE and
//! QCLASS, and a record's TYPE, CLASS, TTL and RDLENGTH after its owner name. The offsets live
//! here once (`mod field`, `mod question`, `mod record`), and so do the flag bits; the tree
//! builder, the typed parse and the Info line all read through this module.
//!
//! ```text
//!                                 1  1  1  1  1  1
//!   0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
//! +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! |                      ID                       |
//! |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
//! |                    QDCOUNT                    |
//! |                    ANCOUNT                    |
//! |                    NSCOUNT                    |
//! |                    ARCOUNT                    |
//! +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! ```
//!
//! Panic freedom: every read is a `get`; a field that is not there is `None`.

use core::ops::Range;

use super::name::{end_of, NameError};

/// Byte ranges of the header fields.
pub mod field {
    use core::ops::Range;
    /// A fixed field.
    pub type Field = Range<usize>;
    /// Transaction ID.
    pub const ID: Field = 0..2;
    /// The 16 flag bits.
    pub const FLAGS: Field = 2..4;
    /// Question count.
    pub const QDCOUNT: Field = 4..6;
    /// Answer count.
    pub const ANCOUNT: Field = 6..8;
    /// Authority count.
    pub const NSCOUNT: Field = 8..10;
    /// Additional count.
    pub const ARCOUNT: Field = 10..12;
    /// The four counts, in section order.
    pub const COUNTS: [Field; 4] = [QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT];
    /// Header length.
    pub const HEADER_LEN: usize = 12;
}

/// A question's fields after its name, relative to the end of the name.
pub mod question {
    use core::ops::Range;
    /// QTYPE.
    pub const QTYPE: Range<usize> = 0..2;
    /// QCLASS.
    pub const QCLASS: Range<usize> = 2..4;
    /// Bytes after the name.
    pub const LEN: usize = 4;
}

/// A record's fields after its owner name, relative to the end of the name.
pub mod record {
    use core::ops::Range;
    /// TYPE.
    pub const TYPE: Range<usize> = 0..2;
    /// CLASS (OPT: the UDP payload size).
    pub const CLASS: Range<usize> = 2..4;
    /// TTL (OPT: extended RCODE, version, flags).
    pub const TTL: Range<usize> = 4..8;
    /// RDLENGTH.
    pub const RDLENGTH: Range<usize> = 8..10;
    /// Bytes between the name and the RDATA.
    pub const LEN: usize = 10;
}

/// The 16 flag bits of the header (RFC 1035 §4.1.1, RFC 4035 §3.2 for AD and CD).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags(pub u16);

#[allow(missing_docs)]
impl Flags {
    pub const QR: u16 = 0x8000;
    pub const OPCODE: u16 = 0x7800;
    pub const AA: u16 = 0x0400;
    pub const TC: u16 = 0x0200;
    pub const RD: u16 = 0x0100;
    pub const RA: u16 = 0x0080;
    pub const Z: u16 = 0x0040;
    pub const AD: u16 = 0x0020;
    pub const CD: u16 = 0x0010;
    pub const RCODE: u16 = 0x000f;

    pub const fn qr(self) -> bool {
        self.0 & Self::QR != 0
    }
    pub const fn opcode(self) -> u8 {
        ((self.0 & Self::OPCODE) >> 11) as u8
    }
    pub const fn aa(self) -> bool {
        self.0 & Self::AA != 0
    }
    pub const fn tc(self) -> bool {
        self.0 & Self::TC != 0
    }
    pub const fn rd(self) -> bool {
        self.0 & Self::RD != 0
    }
    pub const fn ra(self) -> bool {
        self.0 & Self::RA != 0
    }
    pub const fn z(self) -> bool {
        self.0 & Self::Z != 0
    }
    pub const fn ad(self) -> bool {
        self.0 & Self::AD != 0
    }
    pub const fn cd(self) -> bool {
        self.0 & Self::CD != 0
    }
    /// The header's 4 RCODE bits (EDNS adds 8 more, RFC 6891 §6.1.3).
    pub const fn rcode(self) -> u8 {
        (self.0 & Self::RCODE) as u8
    }
}

fn be16(b: &[u8], r: Range<usize>) -> Option<u16> {
    b.get(r).map(|s| u16::from_be_bytes([s[0], s[1]]))
}

/// A lax view of the header: each field is there if its bytes are.
#[derive(Clone, Copy, Debug)]
pub struct Header<'a>(pub &'a [u8]);

impl Header<'_> {
    /// The ID.
    pub fn id(&self) -> Option<u16> {
        be16(self.0, field::ID)
    }
    /// The flags.
    pub fn flags(&self) -> Option<Flags> {
        be16(self.0, field::FLAGS).map(Flags)
    }
    /// Count `i` (0 questions, 1 answers, 2 authority, 3 additional).
    pub fn count(&self, i: usize) -> Option<u16> {
        field::COUNTS.get(i).and_then(|r| be16(self.0, r.clone()))
    }
    /// All four counts, 0 for one that is cut off.
    pub fn counts(&self) -> [u16; 4] {
        [0, 1, 2, 3].map(|i| self.count(i).unwrap_or(0))
    }
    /// True when the message holds the whole 12-byte header.
    pub fn is_whole(&self) -> bool {
        self.0.len() >= field::HEADER_LEN
    }
}

/// What a question or record framing found wrong, and where.
pub type FrameError = (usize, &'static str);

/// A question: where its name ends, its QTYPE and QCLASS, where the next entry starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuestionFrame {
    /// End of the name in place.
    pub name_end: usize,
    /// QTYPE.
    pub qtype: u16,
    /// QCLASS, all 16 bits.
    pub qclass: u16,
    /// Where the next entry starts.
    pub next: usize,
}

/// A record: where its owner name ends, its fixed fields, where its RDATA is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordFrame {
    /// End of the owner name in place.
    pub name_end: usize,
    /// TYPE.
    pub rtype: u16,
    /// CLASS, all 16 bits.
    pub class: u16,
    /// TTL, all 32 bits.
    pub ttl: u32,
    /// The RDATA (`RDLENGTH` bytes after the fixed fields).
    pub rdata: (usize, usize),
}

const FIELD_CUT: &str = "a field runs past the end of its data";

/// The problem of a record whose RDLENGTH runs past the end of the message.
pub const RDATA_PAST_END: &str = "the RDATA length runs past the end of the message";

fn name_end(msg: &[u8], at: usize) -> Result<usize, FrameError> {
    end_of(msg, at, msg.len()).map_err(|(at, e): (usize, NameError)| (at, e.what()))
}

/// The fixed fields after a record's owner name (at `p`), as far as they are there: TYPE,
/// CLASS, TTL, RDLENGTH. The one place that reads them.
pub fn record_fixed(msg: &[u8], p: usize) -> (Option<u16>, Option<u16>, Option<u32>, Option<u16>) {
    let at = |r: Range<usize>| p + r.start..p + r.end;
    (
        be16(msg, at(record::TYPE)),
        be16(msg, at(record::CLASS)),
        msg.get(at(record::TTL))
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]])),
        be16(msg, at(record::RDLENGTH)),
    )
}

/// The RDATA of a record whose fixed fields start at `p` and announce `rdlength`: `Ok` when it
/// fits the message, else `Err` with what is there (the rule "RDLENGTH must not run past the
/// end of the message" lives here).
pub fn rdata_span(len: usize, p: usize, rdlength: u16) -> Result<(usize, usize), (usize, usize)> {
    let start = p + record::LEN;
    let end = start + rdlength as usize;
    if end > len {
        Err((start.min(len), len))
    } else {
        Ok((start, end))
    }
}

/// QTYPE and QCLASS after a question's name (at `p`), as far as they are there.
pub fn question_fixed(msg: &[u8], p: usize) -> (Option<u16>, Option<u16>) {
    let at = |r: Range<usize>| p + r.start..p + r.end;
    (
        be16(msg, at(question::QTYPE)),
        be16(msg, at(question::QCLASS)),
    )
}

/// Frame the question at `at`: its name (by the one walker) and its 4 fixed bytes.
pub fn frame_question(msg: &[u8], at: usize) -> Result<QuestionFrame, FrameError> {
    let p = name_end(msg, at)?;
    let (t, c) = question_fixed(msg, p);
    Ok(QuestionFrame {
        name_end: p,
        qtype: t.ok_or((p + question::QTYPE.start, FIELD_CUT))?,
        qclass: c.ok_or((p + question::QCLASS.start, FIELD_CUT))?,
        next: p + question::LEN,
    })
}

/// Frame the record at `at`: its owner name, its fixed fields and where its RDATA is. The
/// error names the first field that is missing.
pub fn frame_record(msg: &[u8], at: usize) -> Result<RecordFrame, FrameError> {
    let p = name_end(msg, at)?;
    let (t, c, ttl, len) = record_fixed(msg, p);
    let cut = |r: Range<usize>| (p + r.start, FIELD_CUT);
    let rtype = t.ok_or(cut(record::TYPE))?;
    let class = c.ok_or(cut(record::CLASS))?;
    let ttl = ttl.ok_or(cut(record::TTL))?;
    let len = len.ok_or(cut(record::RDLENGTH))?;
    let rdata =
        rdata_span(msg.len(), p, len).map_err(|_| (p + record::RDLENGTH.start, RDATA_PAST_END))?;
    Ok(RecordFrame {
        name_end: p,
        rtype,
        class,
        ttl,
        rdata,
    })
}

#[cfg(test)]
mod test {
    use super::*;

    /// The citadel.com query from the seed walkthrough (ID 0x0100, one question, class IN).
    const CITADEL: [u8; 29] = [
        0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 7, b'c', b'i',
        b't', b'a', b'd', b'e', b'l', 3, b'c', b'o', b'm', 0, 0x00, 0x01, 0x00, 0x01,
    ];

    #[test]
    fn citadel_query() {
        let h = Header(&CITADEL);
        assert_eq!((h.id(), h.counts()), (Some(0x0100), [1, 0, 0, 0]));
        let f = h.flags().unwrap();
        assert!(!f.qr() && !f.rd() && f.opcode() == 0 && f.rcode() == 0);
        let q = frame_question(&CITADEL, 12).unwrap();
        assert_eq!((q.name_end, q.qtype, q.qclass, q.next), (25, 1, 1, 29));
        // Cut in QCLASS: the error is at QCLASS.
        assert_eq!(frame_question(&CITADEL[..28], 12), Err((27, FIELD_CUT)));
        // The seed NXDOMAIN flags 0x8183: QR, RD, RA, RCODE 3.
        let f = Flags(0x8183);
        assert!(f.qr() && f.rd() && f.ra() && !f.aa() && f.rcode() == 3);
    }

    #[test]
    fn records_and_their_rdata() {
        let mut m = CITADEL.to_vec();
        m[7] = 1; // one answer: c0 0c A IN 3600 192.0.2.1
        m.extend_from_slice(&[0xc0, 12, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 192, 0, 2, 1]);
        let r = frame_record(&m, 29).unwrap();
        assert_eq!(
            (r.name_end, r.rtype, r.class, r.ttl, r.rdata),
            (31, 1, 1, 3600, (41, 45))
        );
        assert_eq!(frame_record(&m[..44], 29), Err((39, RDATA_PAST_END)));
        assert_eq!(frame_record(&m[..34], 29), Err((33, FIELD_CUT)));
        assert_eq!(rdata_span(44, 31, 4), Err((41, 44)));
    }
}
