//! The tree's short texts ("0x1a2b (6699)", "A (1)", "3 of 3") built without `core::fmt`.
//!
//! `--format text` builds the explained tree for every message of a capture, and `format!`
//! was a fifth of its time (its argument machinery and `pad_integral` cost far more than the
//! few bytes they write). These helpers append into one `String` allocated once at about the
//! right size; numbers go through `itoa`, the crate the JSON writer uses too.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::encoding::push_number;

/// A text being built: `Words::cap(12).hex4(id).s(" (").n(id).s(")")`.
pub(crate) struct Words(String);

impl Words {
    /// An empty text with room for `n` bytes.
    pub(crate) fn cap(n: usize) -> Self {
        Words(String::with_capacity(n))
    }

    /// Append a string.
    pub(crate) fn s(mut self, t: &str) -> Self {
        self.0.push_str(t);
        self
    }

    /// Append a number in decimal.
    pub(crate) fn n(mut self, v: u64) -> Self {
        push_number(&mut self.0, v);
        self
    }

    /// Append `0x` and `v` in lowercase hex, at least four digits (what `{:#06x}` writes).
    pub(crate) fn hex4(mut self, v: usize) -> Self {
        crate::present::push_offset(&mut self.0, v);
        self
    }

    /// Append the bytes `b` as lowercase hex, two digits each.
    pub(crate) fn hex_bytes(mut self, b: &[u8]) -> Self {
        crate::encoding::push_hex(&mut self.0, b);
        self
    }

    /// Append the low four bits of `v` in binary (what `{:04b}` writes of a nibble).
    pub(crate) fn bin4(mut self, v: u16) -> Self {
        for k in (0..4).rev() {
            self.0.push(if v >> k & 1 == 1 { '1' } else { '0' });
        }
        self
    }

    /// Append with a writer of the registries and names (`Rtype::push_text`, ...).
    pub(crate) fn with(mut self, f: impl FnOnce(&mut String)) -> Self {
        f(&mut self.0);
        self
    }
}

impl From<Words> for Cow<'static, str> {
    fn from(w: Words) -> Self {
        Cow::Owned(w.0)
    }
}

impl From<Words> for String {
    fn from(w: Words) -> Self {
        w.0
    }
}

/// "QUERY (0)", "A (1)": a registry's text, then its number in brackets.
pub(crate) fn code(text: impl FnOnce(&mut String), n: u64) -> Words {
    Words::cap(24).with(text).s(" (").n(n).s(")")
}

/// A number as text: below 64 (label lengths, counts, most small fields) a static string, no
/// allocation; above, written by `itoa`.
pub(crate) fn number(n: u64) -> Cow<'static, str> {
    const NUMBERS: [&str; 64] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
        "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31",
        "32", "33", "34", "35", "36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46",
        "47", "48", "49", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61",
        "62", "63",
    ];
    match usize::try_from(n).ok().and_then(|i| NUMBERS.get(i)) {
        Some(s) => Cow::Borrowed(s),
        None => Words::cap(20).n(n).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn the_helpers_write_what_format_writes() {
        for v in (0..0x2_0000)
            .step_by(7)
            .chain([0xffff, 0x1_0000, 0xdead_beef, usize::MAX])
        {
            assert_eq!(String::from(Words::cap(0).hex4(v)), format!("{v:#06x}"));
        }
        for v in [0u16, 1, 5, 10, 15, 0x1f] {
            assert_eq!(
                String::from(Words::cap(0).bin4(v)),
                format!("{:04b}", v & 0xf)
            );
        }
        for v in [0u32, 0x8000, 0x0100_8000, u32::MAX] {
            assert_eq!(
                String::from(Words::cap(0).s("0x").hex_bytes(&v.to_be_bytes())),
                format!("0x{v:08x}")
            );
        }
        for n in [0u64, 7, 63, 64, 1000, u64::MAX] {
            assert_eq!(number(n), format!("{n}"));
        }
        let w = Words::cap(4).s("a").n(42).s(" ").with(|o| o.push('z'));
        assert_eq!(String::from(w), "a42 z");
    }
}
