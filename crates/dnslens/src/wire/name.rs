//! Domain names on the wire (RFC 1035 §3.1, §4.1.4): the one walker every reader of names
//! goes through — the dissection tree, the strict typed parse, the Info line, the invariants.
//!
//! ```text
//!   +--+--+--+--+--+--+--+--+
//!   | 0  0|   LENGTH 0..63   |  a label of LENGTH octets follows
//!   +--+--+--+--+--+--+--+--+
//!   | 1  1|  OFFSET (14 bits) ...  a pointer to an earlier name
//!   +--+--+--+--+--+--+--+--+
//! ```
//!
//! [`walk`] yields the name as steps — a label, a pointer, the root, or the problem that ends
//! it — and knows every rule once: bytes in place end by a limit (the RDATA's or the message's
//! end), a name is at most 255 octets, label types 01 and 10 are not in use, and a pointer must
//! lead strictly below the start of the run of labels it ends (RFC 9267 §2, §3). Every jump
//! therefore lowers that start, so a walk takes at most `len(message)` steps and visits no byte
//! twice: no loop, however the bytes are made.
//!
//! Panic freedom: every byte is read with `get`; the walk ends after the root or a problem.

use core::fmt;

use alloc::string::String;

/// The longest name allowed on the wire, root label included (RFC 1035 §3.1).
pub const MAX_NAME_WIRE: usize = 255;
/// The longest label (RFC 1035 §2.3.4).
pub const MAX_LABEL: usize = 63;

/// What ends a name before its root label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameError {
    /// The bytes (in place: up to the limit; after a pointer: the message) end first.
    RunsPast,
    /// A label's length byte announces more bytes than remain before the bound.
    LabelPast {
        /// The length announced.
        len: u8,
        /// The bytes left after the length byte.
        remain: usize,
    },
    /// The name would pass 255 octets (RFC 1035 §3.1).
    TooLong,
    /// A pointer's second byte is missing.
    PointerCut,
    /// A pointer to `target`, which is not below the run of labels it ends: forward, to
    /// itself, or back into its own name (a loop).
    NotBackwards {
        /// Where it points.
        target: usize,
    },
    /// Label type 01 (once RFC 2673's extended labels) or 10: not in use (RFC 6891 §5).
    ReservedLabelType(u8),
}

impl NameError {
    /// The problem in a few words, without offsets.
    pub fn what(self) -> &'static str {
        match self {
            NameError::RunsPast => "the name runs past the end of its data",
            NameError::LabelPast { .. } => "the label runs past the end of its data",
            NameError::TooLong => "the name is longer than 255 bytes",
            NameError::PointerCut => "the compression pointer is cut off",
            NameError::NotBackwards { .. } => "the compression pointer does not lead backwards",
            NameError::ReservedLabelType(_) => "label types 0x40 and 0x80 are not in use",
        }
    }
}

/// One piece of a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A label: its length byte at the step's offset, then these bytes.
    Label(&'a [u8]),
    /// A compression pointer (two bytes) to this offset.
    Pointer(usize),
    /// The zero-length root label: the name is complete.
    Root,
    /// The problem that ends the name here.
    Bad(NameError),
}

/// A piece of a name and where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step<'a> {
    /// Offset of the piece (its length byte, pointer or problem) in the message.
    pub at: usize,
    /// True while the walk is still on the name's own bytes, before any pointer was followed.
    pub in_place: bool,
    /// What is there.
    pub piece: Piece<'a>,
}

/// The walk over one name; see [`walk`].
#[derive(Clone, Debug)]
pub struct Walk<'a> {
    msg: &'a [u8],
    pos: usize,
    limit: usize,
    run_start: usize,
    wire: usize,
    in_place: bool,
    /// A pointer that does not lead backwards is yielded, then this problem at its offset.
    pending: Option<Step<'a>>,
    done: bool,
}

/// Walk the name at `start` in `msg`. Its bytes in place must end by `limit` (the end of the
/// RDATA or of the message); after a pointer the whole message may be read.
pub fn walk(msg: &[u8], start: usize, limit: usize) -> Walk<'_> {
    Walk {
        msg,
        pos: start,
        limit: limit.min(msg.len()),
        run_start: start,
        wire: 0,
        in_place: true,
        pending: None,
        done: false,
    }
}

impl<'a> Walk<'a> {
    fn end(&mut self, at: usize, e: NameError) -> Step<'a> {
        self.done = true;
        Step {
            at,
            in_place: self.in_place,
            piece: Piece::Bad(e),
        }
    }

    /// Uncompressed wire length of what has been walked so far (root included once reached).
    pub fn wire_len(&self) -> usize {
        self.wire
    }
}

impl<'a> Iterator for Walk<'a> {
    type Item = Step<'a>;

    #[inline]
    fn next(&mut self) -> Option<Step<'a>> {
        if let Some(p) = self.pending.take() {
            return Some(p);
        }
        if self.done {
            return None;
        }
        let (msg, pos) = (self.msg, self.pos);
        let bound = if self.in_place { self.limit } else { msg.len() };
        let Some(&len) = msg.get(pos).filter(|_| pos < bound) else {
            return Some(self.end(pos.min(msg.len()), NameError::RunsPast));
        };
        match len & 0xC0 {
            0x00 => {
                let n = len as usize;
                if self.wire + 1 + n > MAX_NAME_WIRE {
                    return Some(self.end(pos, NameError::TooLong));
                }
                let in_place = self.in_place;
                if n == 0 {
                    self.wire += 1;
                    self.done = true;
                    return Some(Step {
                        at: pos,
                        in_place,
                        piece: Piece::Root,
                    });
                }
                let Some(text) = msg
                    .get(pos + 1..pos + 1 + n)
                    .filter(|_| pos + 1 + n <= bound)
                else {
                    let remain = bound.saturating_sub(pos + 1);
                    return Some(self.end(pos, NameError::LabelPast { len, remain }));
                };
                self.wire += 1 + n;
                self.pos = pos + 1 + n;
                Some(Step {
                    at: pos,
                    in_place,
                    piece: Piece::Label(text),
                })
            }
            0xC0 => {
                let Some(&lo) = msg.get(pos + 1).filter(|_| pos + 1 < bound) else {
                    return Some(self.end(pos, NameError::PointerCut));
                };
                let target = (((len & 0x3F) as usize) << 8) | lo as usize;
                let step = Step {
                    at: pos,
                    in_place: self.in_place,
                    piece: Piece::Pointer(target),
                };
                self.in_place = false;
                if target >= self.run_start {
                    self.done = true;
                    self.pending = Some(Step {
                        at: pos,
                        in_place: false,
                        piece: Piece::Bad(NameError::NotBackwards { target }),
                    });
                } else {
                    self.pos = target;
                    self.run_start = target;
                }
                Some(step)
            }
            other => Some(self.end(pos, NameError::ReservedLabelType(other))),
        }
    }
}

/// Where a name that reads to its root ends in place (after its root label or first pointer);
/// the error and its offset otherwise.
pub fn end_of(msg: &[u8], start: usize, limit: usize) -> Result<usize, (usize, NameError)> {
    let mut after = None;
    for s in walk(msg, start, limit) {
        match s.piece {
            Piece::Label(_) => {}
            Piece::Pointer(_) => {
                after.get_or_insert(s.at + 2);
            }
            Piece::Root => return Ok(after.unwrap_or(s.at + 1)),
            Piece::Bad(e) => return Err((s.at, e)),
        }
    }
    Err((start, NameError::RunsPast))
}

/// The uncompressed wire form of the name at `start`, or `None` if it does not read to its root.
pub fn wire_form(msg: &[u8], start: usize) -> Option<alloc::vec::Vec<u8>> {
    let mut out = alloc::vec::Vec::new();
    for s in walk(msg, start, msg.len()) {
        match s.piece {
            Piece::Label(t) => {
                out.push(t.len() as u8);
                out.extend_from_slice(t);
            }
            Piece::Pointer(_) => {}
            Piece::Root => {
                out.push(0);
                return Some(out);
            }
            Piece::Bad(_) => return None,
        }
    }
    None
}

/// Write one label in presentation form, escaped the way BIND and dig print it: `\.` and the
/// other special characters with a backslash, bytes outside printable ASCII as `\DDD`.
///
/// A character at a time, each byte's form found in `ESCAPES`: runs of plain bytes written
/// as one `str` needed `from_utf8` on each, which (with the copy) cost four times this loop.
pub fn write_label<W: fmt::Write>(out: &mut W, label: &[u8]) -> fmt::Result {
    for &b in label {
        match ESCAPES[usize::from(b)] {
            Escape::None => out.write_char(char::from(b))?,
            Escape::Backslash => {
                out.write_char('\\')?;
                out.write_char(char::from(b))?;
            }
            Escape::Decimal => write_ddd(out, b)?,
        }
    }
    Ok(())
}

/// How a byte of a label is written.
#[derive(Clone, Copy)]
enum Escape {
    /// As itself: printable ASCII other than the specials.
    None,
    /// `\` and itself: `.` `;` `\` `"` `(` `)` `@` `$`, which mean something in a zone file.
    Backslash,
    /// `\DDD`: everything outside printable ASCII, space included.
    Decimal,
}

/// Each byte's [`Escape`].
const ESCAPES: [Escape; 256] = {
    let mut t = [Escape::Decimal; 256];
    let mut b = 0x21;
    while b <= 0x7e {
        t[b] = match b as u8 {
            b'.' | b';' | b'\\' | b'"' | b'(' | b')' | b'@' | b'$' => Escape::Backslash,
            _ => Escape::None,
        };
        b += 1;
    }
    t
};

/// `\DDD` decimal escape.
pub fn write_ddd<W: fmt::Write>(out: &mut W, b: u8) -> fmt::Result {
    ddd(b)
        .into_iter()
        .try_for_each(|c| out.write_char(char::from(c)))
}

/// [`write_label`] into bytes. Plain labels (most) go in as one copy; the others a byte at a
/// time. Bytes rather than a `String`'s characters: a `char` pushed onto a `String` costs
/// several times a byte pushed onto a `Vec`, and names are most of what the formats write.
pub fn push_label_bytes(out: &mut alloc::vec::Vec<u8>, label: &[u8]) {
    if plain(label) {
        out.extend_from_slice(label);
    } else {
        push_escaped(out, label);
    }
}

/// A label with bytes to escape, a byte at a time.
fn push_escaped(out: &mut alloc::vec::Vec<u8>, label: &[u8]) {
    for &b in label {
        match ESCAPES[usize::from(b)] {
            Escape::None => out.push(b),
            Escape::Backslash => out.extend_from_slice(&[b'\\', b]),
            Escape::Decimal => out.extend_from_slice(&ddd(b)),
        }
    }
}

/// Whether no byte of `label` is escaped in presentation form: a test of every byte without an
/// early exit, which the compiler does many bytes at a time.
fn plain(label: &[u8]) -> bool {
    label.iter().fold(true, |all, &b| {
        all & matches!(ESCAPES[usize::from(b)], Escape::None)
    })
}

/// Run `write`, which appends ASCII bytes, on the bytes of `out`: text built as bytes, checked
/// once as the `String` is given back (an ASCII check over a short string, a fraction of what
/// checking or pushing each piece costs). Only for short strings: the check reads all of `out`.
pub fn push_ascii_with<R>(
    out: &mut String,
    write: impl FnOnce(&mut alloc::vec::Vec<u8>) -> R,
) -> R {
    let mut bytes = core::mem::take(out).into_bytes();
    let r = write(&mut bytes);
    *out = match String::from_utf8(bytes) {
        Ok(s) => s,
        // Not reached (only ASCII is appended to valid text), and safe if it were.
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    r
}

/// The four characters of `\DDD`.
fn ddd(b: u8) -> [u8; 4] {
    [b'\\', b'0' + b / 100, b'0' + b / 10 % 10, b'0' + b % 10]
}

/// Write the name at `start` in presentation form (`.` for the root); returns where it ends in
/// place, or `None` (with what was read written) when it does not read to its root.
pub fn write_name(msg: &[u8], start: usize, out: &mut String) -> Option<usize> {
    push_ascii_with(out, |out| push_dotted(out, msg, start))
}

/// The presentation form of the name at `start` in `msg`, as bytes: each label and a dot, `.`
/// alone for the root (the one place that puts a name together; [`write_name`], the view's
/// `Name` and the renderings' byte sink all come here). Returns where the name ends in place,
/// or `None` (with the labels read so far written) when the walk does not reach the root. Inlined into both on
/// the command line (as a call it cost the packet list 3%), not in the page (its size budget).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub(crate) fn push_dotted(
    out: &mut alloc::vec::Vec<u8>,
    msg: &[u8],
    start: usize,
) -> Option<usize> {
    let (mut after, mut any) = (None, false);
    for s in walk(msg, start, msg.len()) {
        match s.piece {
            Piece::Label(t) => {
                any = true;
                // A short plain label (most are) goes in as a copy of 16 bytes from the
                // message, the rest cut off again: a copy of known length is a store or two,
                // where one of the label's own length was a call to copy a few bytes.
                // The label is looked at once: plain, or escaped a byte at a time.
                let chunk = msg.get(s.at + 1..).and_then(<[u8]>::first_chunk::<16>);
                match chunk {
                    _ if !plain(t) => push_escaped(out, t),
                    Some(chunk) if t.len() <= 16 => {
                        out.extend_from_slice(chunk);
                        out.truncate(out.len() - (16 - t.len()));
                    }
                    _ => out.extend_from_slice(t),
                }
                out.push(b'.');
            }
            Piece::Pointer(_) => {
                after.get_or_insert(s.at + 2);
            }
            Piece::Root => {
                if !any {
                    out.push(b'.');
                }
                return Some(after.unwrap_or(s.at + 1));
            }
            Piece::Bad(_) => return None,
        }
    }
    None
}

#[cfg(test)]
mod test {
    use super::*;
    use alloc::string::String;
    use alloc::vec::Vec;

    /// The seed NXDOMAIN answer (bytes from its tcpdump dump): the question's name at 12
    /// (`3.45.191.206.dnsbl.sorbs.net.`), the authority's owner `c0 19` at 46 → offset 25
    /// (`dnsbl.sorbs.net.`).
    const SEED: &str = "ea1a81830001000000010000013302343503313931033230360564\
        6e73626c05736f726273036e65740000010001c0190006000100000e10002c0772626c646e7330c01f\
        03646e73046973757803636f6d00431ce07e00001c2000001c2000093a8000000e10";

    fn seed() -> Vec<u8> {
        crate::input::parse(SEED).unwrap().bytes
    }

    fn pieces(msg: &[u8], at: usize) -> Vec<(usize, bool, Piece<'_>)> {
        walk(msg, at, msg.len())
            .map(|s| (s.at, s.in_place, s.piece))
            .collect()
    }

    #[test]
    fn seed_names() {
        let m = seed();
        let q = pieces(&m, 12);
        assert_eq!(q.len(), 8, "7 labels and the root");
        assert_eq!(q[0], (12, true, Piece::Label(b"3")));
        assert_eq!(q[7], (41, true, Piece::Root));
        assert_eq!(end_of(&m, 12, m.len()), Ok(42));
        // The authority owner: a pointer, then labels that are not in place.
        let a = pieces(&m, 46);
        assert_eq!(a[0], (46, true, Piece::Pointer(25)));
        assert_eq!(a[1], (25, false, Piece::Label(b"dnsbl")));
        assert_eq!(end_of(&m, 46, m.len()), Ok(48));
        let mut s = String::new();
        assert_eq!(write_name(&m, 46, &mut s), Some(48));
        assert_eq!(s, "dnsbl.sorbs.net.");
        assert_eq!(wire_form(&m, 46).unwrap().len(), 17);
    }

    /// The presentation form written as bytes ([`push_dotted`]) equals the form written as
    /// text a label at a time ([`write_label`]), over names mixing plain labels, escaped ones
    /// and pointers, and over every offset of a corpus capture's messages as a name's start.
    #[test]
    fn names_as_bytes_are_names_as_text() {
        fn by_label(msg: &[u8], at: usize) -> (String, Option<usize>) {
            let mut s = String::new();
            let mut any = false;
            let mut after = None;
            for st in walk(msg, at, msg.len()) {
                match st.piece {
                    Piece::Label(t) => {
                        any = true;
                        write_label(&mut s, t).unwrap();
                        s.push('.');
                    }
                    Piece::Pointer(_) => {
                        after.get_or_insert(st.at + 2);
                    }
                    Piece::Root => {
                        if !any {
                            s.push('.');
                        }
                        return (s, Some(after.unwrap_or(st.at + 1)));
                    }
                    Piece::Bad(_) => return (s, None),
                }
            }
            (s, None)
        }
        let check = |msg: &[u8]| {
            for at in 0..msg.len() {
                let mut b = b"x".to_vec();
                let end = push_dotted(&mut b, msg, at);
                let (want, want_end) = by_label(msg, at);
                assert_eq!((&b[1..], end), (want.as_bytes(), want_end), "at {at}");
            }
        };
        // Plain labels, "a.b" (escaped), a pointer back to plain labels, a space, `\` and `"`.
        let mut m = b"\x03www\x07example\x03com\x00".to_vec();
        m.extend_from_slice(b"\x03one\x03a.b\x03two\xc0\x04");
        m.extend_from_slice(b"\x03x y\x00\x02\\\"\xc0\x0c");
        check(&m);
        let file = crate::corpus_capture("tcpdump__dnssec.pcap");
        crate::flow::list::list(&file, &[], |it| check(it.bytes)).unwrap();
    }

    #[test]
    fn every_rule_at_its_byte() {
        // A pointer to itself at 12: yielded, then the problem at the same offset.
        let mut m = seed();
        m[12] = 0xc0;
        m[13] = 12;
        let p = pieces(&m, 12);
        assert_eq!(p[0], (12, true, Piece::Pointer(12)));
        assert_eq!(
            p[1],
            (
                12,
                false,
                Piece::Bad(NameError::NotBackwards { target: 12 })
            )
        );
        assert_eq!(p.len(), 2);
        // Forward pointer, reserved label type, a label past the limit, a cut pointer.
        assert_eq!(
            end_of(&[0xc0, 5, 0], 0, 3),
            Err((0, NameError::NotBackwards { target: 5 }))
        );
        assert_eq!(
            end_of(&[0x41], 0, 1),
            Err((0, NameError::ReservedLabelType(0x40)))
        );
        assert_eq!(
            end_of(&[3, b'a', b'b', 0], 0, 3),
            Err((0, NameError::LabelPast { len: 3, remain: 2 }))
        );
        assert_eq!(end_of(&[0xc0], 0, 1), Err((0, NameError::PointerCut)));
        assert_eq!(end_of(&[1, b'a'], 0, 2), Err((2, NameError::RunsPast)));
        // 255 octets is the limit: 127 one-byte labels and the root make 255.
        let mut long: Vec<u8> = (0..127).flat_map(|_| [1, b'x']).collect();
        long.push(0);
        assert_eq!(end_of(&long, 0, long.len()), Ok(255));
        long.insert(0, b'x');
        long.insert(0, 1);
        assert_eq!(end_of(&long, 0, long.len()), Err((254, NameError::TooLong)));
    }

    #[test]
    fn labels_are_escaped_like_dig() {
        let mut s = String::new();
        write_label(&mut s, b"a.b\\c d\x07").unwrap();
        assert_eq!(s, "a\\.b\\\\c\\032d\\007");
        // Every byte, against RFC 1035 §5.1's rule as dig applies it.
        for b in 0..=255u8 {
            let mut s = String::new();
            write_label(&mut s, &[b'x', b, b'y']).unwrap();
            let want = match b {
                b'.' | b';' | b'\\' | b'"' | b'(' | b')' | b'@' | b'$' => {
                    alloc::format!("x\\{}y", char::from(b))
                }
                0x21..=0x7e => alloc::format!("x{}y", char::from(b)),
                _ => alloc::format!("x\\{b:03}y"),
            };
            assert_eq!(s, want, "{b:#04x}");
            // The byte writer, for the formats, writes the same.
            let mut v = alloc::vec::Vec::new();
            push_label_bytes(&mut v, &[b'x', b, b'y']);
            assert_eq!(v, want.as_bytes(), "{b:#04x}");
        }
    }
}
