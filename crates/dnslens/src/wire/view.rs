//! The checked views the typed values hold — a name, character-strings, code–length–value
//! items, a type bitmap — and the error that says where a check failed. Each is checked once
//! (by the strict reader) or walked by the lax one, then iterated without copying.

use core::fmt;

use super::bitmap::{bitmap_windows, Window};
use super::name::Piece;
use crate::iana::Rtype;

/// Why a message could not be parsed, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error {
    /// Byte offset in the message.
    pub offset: usize,
    /// What is wrong, in plain words.
    pub what: &'static str,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {}: {}", self.offset, self.what)
    }
}

pub(crate) fn err<T>(offset: usize, what: &'static str) -> Result<T, Error> {
    Err(Error { offset, what })
}

/// A domain name in a message, checked once; two words, no copy.
#[derive(Clone, Copy)]
pub struct Name<'a> {
    msg: &'a [u8],
    at: usize,
}

impl<'a> Name<'a> {
    /// The name at `at` in `msg`, for a reader that has checked it.
    pub(crate) fn at(msg: &'a [u8], at: usize) -> Self {
        Name { msg, at }
    }

    /// Its labels, in order, without the root; compression pointers are followed.
    pub fn labels(&self) -> Labels<'a> {
        Labels(super::name::walk(self.msg, self.at, self.msg.len()))
    }

    /// Where it starts in its message.
    pub(crate) fn start(&self) -> usize {
        self.at
    }

    /// Where the name it is a copy of starts, when it is a compression pointer alone (a
    /// record's owner `c0 0c`): it then reads as the name there does.
    pub(crate) fn pointer_alone(&self) -> Option<usize> {
        match super::name::walk(self.msg, self.at, self.msg.len())
            .next()?
            .piece
        {
            Piece::Pointer(target) => Some(target),
            _ => None,
        }
    }

    /// True for the root name.
    pub fn is_root(&self) -> bool {
        self.labels().next().is_none()
    }

    /// Length in uncompressed wire form (1 for the root).
    pub fn wire_len(&self) -> usize {
        self.labels().map(|l| l.len() + 1).sum::<usize>() + 1
    }
}

/// Case-insensitive, label by label (RFC 4343).
impl PartialEq for Name<'_> {
    fn eq(&self, o: &Self) -> bool {
        let (mut a, mut b) = (self.labels(), o.labels());
        loop {
            match (a.next(), b.next()) {
                (None, None) => return true,
                (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => {}
                _ => return false,
            }
        }
    }
}

impl Name<'_> {
    /// Presentation form, with `\.` and `\DDD` escapes, ending in a dot (`.` for the root),
    /// appended to a short `String` (a model's name, an RDATA text): built as bytes
    /// ([`super::name::push_ascii_with`]), not through a `Formatter` (`Display` was a third of the
    /// JSON format's time in names).
    pub fn push_to(&self, out: &mut alloc::string::String) {
        super::name::push_ascii_with(out, |out| self.push_bytes(out));
    }

    /// Presentation form as ASCII bytes (the JSON writer's output).
    pub(crate) fn push_bytes(&self, out: &mut alloc::vec::Vec<u8>) {
        super::name::push_dotted(out, self.msg, self.at);
    }
}

/// Presentation form, with `\.` and `\DDD` escapes, ending in a dot.
impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = alloc::string::String::new();
        self.push_to(&mut s);
        f.write_str(&s)
    }
}

impl fmt::Debug for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Name({self})")
    }
}

/// The labels of a [`Name`], walked again with the one name walker.
pub struct Labels<'a>(super::name::Walk<'a>);

impl<'a> Iterator for Labels<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        for s in self.0.by_ref() {
            match s.piece {
                Piece::Label(l) => return Some(l),
                Piece::Pointer(_) => {}
                Piece::Root | Piece::Bad(_) => return None,
            }
        }
        None
    }
}

/// Check the name at `start`; its bytes in place must end by `limit`. Returns it and the
/// offset after it in place.
pub(crate) fn name(msg: &[u8], start: usize, limit: usize) -> Result<(Name<'_>, usize), Error> {
    match super::name::end_of(msg, start, limit) {
        Ok(end) => Ok((Name { msg, at: start }, end)),
        Err((at, e)) => err(at, e.what()),
    }
}

/// Character-strings one after another (TXT); checked, iterated without copying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Strings<'a>(&'a [u8]);

impl<'a> Strings<'a> {
    /// Bytes a lax reader has walked itself (its walk reported any problem).
    pub(crate) fn unchecked(b: &'a [u8]) -> Self {
        Strings(b)
    }

    pub(crate) fn check(b: &'a [u8], at: usize) -> Result<Self, Error> {
        let mut i = 0;
        while i < b.len() {
            i += 1 + b[i] as usize;
        }
        if i > b.len() {
            return err(
                at,
                "the last character-string runs past the end of the RDATA",
            );
        }
        Ok(Strings(b))
    }

    /// Each string.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> {
        let b = self.0;
        let mut i = 0;
        core::iter::from_fn(move || {
            let n = *b.get(i)? as usize;
            let s = b.get(i + 1..i + 1 + n)?;
            i += 1 + n;
            Some(s)
        })
    }
}

/// Type-length-value items with 16-bit codes and lengths (EDNS options, SVCB parameters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlvs<'a>(&'a [u8]);

impl<'a> Tlvs<'a> {
    /// Bytes a lax reader has walked itself (its walk reported any problem).
    pub(crate) fn unchecked(b: &'a [u8]) -> Self {
        Tlvs(b)
    }

    pub(crate) fn check(b: &'a [u8], at: usize) -> Result<Self, Error> {
        for t in super::tlv::walk(b) {
            match t {
                Ok(_) => {}
                Err((i, super::tlv::TlvError::HeaderCut(_))) => {
                    return err(at + i, "an option header runs past the end of the RDATA")
                }
                Err((i, super::tlv::TlvError::ValueCut { .. })) => {
                    return err(
                        at + i + 2,
                        "an option's length runs past the end of the RDATA",
                    )
                }
            }
        }
        Ok(Tlvs(b))
    }

    /// Each (code, value).
    pub fn iter(&self) -> impl Iterator<Item = (u16, &'a [u8])> {
        let b: &'a [u8] = self.0;
        super::tlv::walk(b).map_while(|t| t.ok().map(|t| (t.code, t.value)))
    }
}

/// An NSEC/NSEC3/CSYNC type bitmap (RFC 4034 §4.1.2), checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Types<'a>(&'a [u8]);

impl<'a> Types<'a> {
    /// Bytes a lax reader has walked itself (its walk reported any problem).
    pub(crate) fn unchecked(b: &'a [u8]) -> Self {
        Types(b)
    }

    pub(crate) fn check(b: &'a [u8], at: usize) -> Result<Self, Error> {
        for w in bitmap_windows(b) {
            match w {
                Err((i, _)) => {
                    return err(
                        at + i,
                        "a type bitmap window is cut off or has a length outside 1..32",
                    )
                }
                Ok(w) if !w.in_order => {
                    return err(
                        at + w.at,
                        "type bitmap windows must come in increasing order",
                    )
                }
                Ok(_) => {}
            }
        }
        Ok(Types(b))
    }

    /// The types listed.
    pub fn iter(&self) -> impl Iterator<Item = Rtype> + 'a {
        let b: &'a [u8] = self.0;
        bitmap_windows(b)
            .map_while(Result::ok)
            .flat_map(Window::types)
    }
}
