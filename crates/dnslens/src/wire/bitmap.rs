//! NSEC, NSEC3 and CSYNC type bitmaps (RFC 4034 §4.1.2): the one walker over their windows.
//!
//! ```text
//!   | window number (8) | bitmap length 1..32 (8) | bitmap: one bit per type, MSB first ... |
//! ```
//!
//! Panic freedom: every slice is taken with `get`; each window consumes at least 3 bytes.

use crate::iana::Rtype;

/// What can be wrong with a window of an NSEC/NSEC3/CSYNC type bitmap (RFC 4034 §4.1.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BitmapProblem {
    /// The window's two header bytes or its bitmap run past the RDATA.
    Cut,
    /// A window (number, length) whose length is outside 1..=32.
    BadLength(u8, usize),
}

/// One window of a type bitmap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window<'a> {
    /// Offset of the window number within the bitmap.
    pub at: usize,
    /// The window number: the high byte of the types it lists.
    pub number: u8,
    /// One bit per type, most significant first.
    pub bits: &'a [u8],
    /// False when the number does not follow the previous window's: windows must increase
    /// (RFC 4034 §4.1.2). The window is still read.
    pub in_order: bool,
}

impl<'a> Window<'a> {
    /// The types the window lists.
    pub fn types(self) -> impl Iterator<Item = Rtype> + 'a {
        let w = self.number as u16;
        self.bits.iter().enumerate().flat_map(move |(k, &byte)| {
            (0..8u16)
                .filter(move |bit| byte & (0x80 >> bit) != 0)
                .map(move |bit| Rtype(w << 8 | (k as u16) << 3 | bit))
        })
    }
}

/// The windows of a type bitmap, in order: the one place that knows a bitmap's rules. Ends
/// after the last window, or with the problem (and its offset) that makes reading on impossible.
pub fn bitmap_windows(
    b: &[u8],
) -> impl Iterator<Item = Result<Window<'_>, (usize, BitmapProblem)>> {
    let (mut i, mut last, mut done) = (0usize, None::<u8>, false);
    core::iter::from_fn(move || {
        if done || i >= b.len() {
            return None;
        }
        let (Some(&number), Some(&n)) = (b.get(i), b.get(i + 1)) else {
            done = true;
            return Some(Err((i, BitmapProblem::Cut)));
        };
        let n = n as usize;
        if !(1..=32).contains(&n) {
            done = true;
            return Some(Err((i, BitmapProblem::BadLength(number, n))));
        }
        let Some(bits) = b.get(i + 2..i + 2 + n) else {
            done = true;
            return Some(Err((i, BitmapProblem::Cut)));
        };
        let w = Window {
            at: i,
            number,
            bits,
            in_order: last.is_none_or(|l| l < number),
        };
        last = Some(number);
        i += 2 + n;
        Some(Ok(w))
    })
}
