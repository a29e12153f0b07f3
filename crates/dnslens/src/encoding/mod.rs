//! Hex, base32hex and base64 (RFC 4648): what RDATA text, the tree, JSON and pasted input
//! need. Written by hand, not taken from `data-encoding`, for the web page's size budget
//! (250 KB gzipped for everything): that crate's run-time-configurable engine cost about 9 KB
//! of it for five fixed alphabets. The tests hold every function equal to `data-encoding`
//! (a dev-dependency) on generated inputs.

use alloc::string::String;
use alloc::vec::Vec;

mod addr;
pub use addr::{write_ipv6, Chars};

pub(crate) const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// The two hex digits of every byte value, in order: one lookup per byte instead of two.
const fn pairs(digits: &[u8; 16]) -> [u8; 512] {
    let mut t = [0u8; 512];
    let mut i = 0;
    while i < 256 {
        t[i * 2] = digits[i >> 4];
        t[i * 2 + 1] = digits[i & 0xf];
        i += 1;
    }
    t
}
pub(crate) const HEX_PAIRS_LOWER: [u8; 512] = pairs(HEX_LOWER);
const HEX_PAIRS_UPPER: [u8; 512] = pairs(HEX_UPPER);
const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const B32HEX: &[u8; 32] = b"0123456789ABCDEFGHIJKLMNOPQRSTUV";

fn hex_with(out: &mut String, b: &[u8], pairs: &[u8; 512]) {
    out.reserve(b.len() * 2);
    let _ = write_hex_with(out, b, pairs);
}

/// Hex digits of 64 bytes at a time, built on the stack from the table of pairs and handed to
/// `put` as one piece (a char per push was the JSON format's second cost; a piece per byte
/// cost it 7%).
fn hex_pieces<E>(
    b: &[u8],
    pairs: &[u8; 512],
    mut put: impl FnMut(&[u8]) -> Result<(), E>,
) -> Result<(), E> {
    let mut buf = [0u8; 128];
    for chunk in b.chunks(64) {
        for (pair, &x) in buf.chunks_exact_mut(2).zip(chunk) {
            let at = usize::from(x) * 2;
            pair.copy_from_slice(&pairs[at..at + 2]);
        }
        put(&buf[..chunk.len() * 2])?;
    }
    Ok(())
}

fn write_hex_with<W: core::fmt::Write>(
    out: &mut W,
    b: &[u8],
    pairs: &[u8; 512],
) -> core::fmt::Result {
    hex_pieces(b, pairs, |p| {
        out.write_str(core::str::from_utf8(p).unwrap_or_default())
    })
}

/// Append `b` as lowercase hex to bytes (the JSON writer's output).
pub(crate) fn put_hex(out: &mut Vec<u8>, b: &[u8]) {
    out.reserve(b.len() * 2);
    let _ = hex_pieces::<()>(b, &HEX_PAIRS_LOWER, |p| {
        out.extend_from_slice(p);
        Ok(())
    });
}

/// Where text is written: a `String`, or the bytes of one (the command line's output, which
/// takes ASCII without a check). The renderings' own pieces are `crate::present::Sink`.
pub trait Out {
    /// True where ASCII bytes go in without a check (bytes), false where each piece of bytes
    /// is checked (`String`): short pieces are then better given as text.
    const UNCHECKED: bool;
    /// Append text.
    fn put(&mut self, s: &str);
    /// Append bytes that are ASCII (a `String` checks them; non-ASCII never comes here).
    fn put_ascii(&mut self, b: &[u8]);
    /// Append a number in decimal.
    fn put_number(&mut self, n: u64);
    /// Append `n` spaces (an indent).
    fn put_spaces(&mut self, n: usize) {
        let mut left = n;
        while left > 0 {
            let k = left.min(SPACES.len());
            self.put(SPACES.get(..k).unwrap_or_default());
            left -= k;
        }
    }
    /// How many bytes are written so far: a place to [`Out::insert_ascii`] at later.
    fn at(&self) -> usize;
    /// Insert ASCII text at byte offset `at` (an earlier [`Out::at`]).
    fn insert_ascii(&mut self, at: usize, s: &str);
}

impl Out for String {
    const UNCHECKED: bool = false;
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
    fn put_ascii(&mut self, b: &[u8]) {
        self.push_str(core::str::from_utf8(b).unwrap_or_default());
    }
    fn put_number(&mut self, n: u64) {
        push_number(self, n);
    }
    fn at(&self) -> usize {
        self.len()
    }
    fn insert_ascii(&mut self, at: usize, s: &str) {
        if self.is_char_boundary(at) {
            self.insert_str(at, s);
        }
    }
}

impl Out for Vec<u8> {
    const UNCHECKED: bool = true;
    fn put(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
    fn put_ascii(&mut self, b: &[u8]) {
        self.extend_from_slice(b);
    }
    fn put_number(&mut self, n: u64) {
        put_number(self, n);
    }
    /// Sixty-four spaces copied whole (a few stores, where a copy of the indent's own length
    /// was a call: one on every line of the text format), the rest cut off again.
    fn put_spaces(&mut self, n: usize) {
        let mut left = n;
        while left > 0 {
            let k = left.min(SPACES.len());
            self.extend_from_slice(SPACES.as_bytes());
            self.truncate(self.len() - (SPACES.len() - k));
            left -= k;
        }
    }
    fn at(&self) -> usize {
        self.len()
    }
    fn insert_ascii(&mut self, at: usize, s: &str) {
        let at = at.min(self.len());
        self.splice(at..at, s.bytes());
    }
}

/// A run of spaces to indent with.
const SPACES: &str = "                                                                ";

/// Append `n` in decimal, without core::fmt.
pub fn push_number(out: &mut String, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// [`push_number`] into bytes; a single digit (flags, counts, opcodes: most of the JSON
/// format's numbers) without itoa's buffer.
pub fn put_number(out: &mut Vec<u8>, n: u64) {
    if n < 10 {
        out.push(b'0' + n as u8);
    } else {
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }
}

/// `n` in decimal in `W` columns, right-aligned with `fill` before it: `b' '` writes what
/// `{:>W}` does, `b'0'` what `{:0W}` does. Made in `W` bytes and copied whole (a store or two,
/// where itoa's digits are a copy of unknown length: a call), for the columns of the packet
/// list; a number too wide for them goes in as it is, as those formats write it.
pub fn put_fixed<const W: usize>(out: &mut Vec<u8>, n: u64, fill: u8) {
    // Two digits at a time from a table (one division for two): the packet list writes three
    // of these a line, and a digit at a time was 5% of its instructions.
    const PAIRS: [u8; 200] = {
        let (mut t, mut i) = ([0u8; 200], 0);
        while i < 100 {
            t[2 * i] = b'0' + (i / 10) as u8;
            t[2 * i + 1] = b'0' + (i % 10) as u8;
            i += 1;
        }
        t
    };
    let (mut cols, mut rest, mut at) = ([fill; W], n, W);
    while at > 0 {
        if rest >= 10 && at >= 2 {
            let d = (rest % 100) as usize * 2;
            cols[at - 2..at].copy_from_slice(&PAIRS[d..d + 2]);
            (rest, at) = (rest / 100, at - 2);
        } else {
            cols[at - 1] = b'0' + (rest % 10) as u8;
            (rest, at) = (rest / 10, at - 1);
        }
        if rest == 0 {
            break;
        }
    }
    if rest == 0 {
        out.extend_from_slice(&cols);
    } else {
        put_number(out, n);
    }
}

/// Append `n` in decimal with leading zeros to `width` digits, as `{:0width$}` does.
pub fn push_zero_padded(out: &mut impl Out, n: u64, width: usize) {
    let mut b = itoa::Buffer::new();
    let digits = b.format(n);
    for _ in digits.len()..width {
        out.put("0");
    }
    out.put(digits);
}

/// Append `b` as lowercase hex.
pub fn push_hex(out: &mut String, b: &[u8]) {
    hex_with(out, b, &HEX_PAIRS_LOWER);
}

/// Write `b` as lowercase hex.
pub fn write_hex<W: core::fmt::Write>(out: &mut W, b: &[u8]) -> core::fmt::Result {
    write_hex_with(out, b, &HEX_PAIRS_LOWER)
}

/// `b` as lowercase hex.
pub fn hex(b: &[u8]) -> String {
    let mut s = String::new();
    push_hex(&mut s, b);
    s
}

/// `b` as uppercase hex.
pub fn hex_upper(b: &[u8]) -> String {
    let mut s = String::new();
    hex_with(&mut s, b, &HEX_PAIRS_UPPER);
    s
}

/// Base64 with `alphabet`, `=`-padded when `pad`.
fn b64_with(b: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut s = String::with_capacity(b.len().div_ceil(3) * 4);
    push_b64_with(&mut s, b, alphabet, pad);
    s
}

/// Base64 of `b` appended to `out`, 48 bytes (64 characters) at a time built on the stack and
/// pushed as one string, as the hex writer does.
fn push_b64_with(out: &mut String, b: &[u8], alphabet: &[u8; 64], pad: bool) {
    let mut buf = [0u8; 64];
    for chunk in b.chunks(48) {
        let mut n = 0;
        for c in chunk.chunks(3) {
            let v = (c[0] as u32) << 16
                | (c.get(1).copied().unwrap_or(0) as u32) << 8
                | c.get(2).copied().unwrap_or(0) as u32;
            for i in 0..4 {
                if i <= c.len() {
                    buf[n] = alphabet[(v >> (18 - 6 * i) & 63) as usize];
                    n += 1;
                } else if pad {
                    buf[n] = b'=';
                    n += 1;
                }
            }
        }
        out.push_str(core::str::from_utf8(&buf[..n]).unwrap_or_default());
    }
}

/// `b` in base64 (padded) appended to `out`, in space-separated pieces of `width` characters
/// (a multiple of 4: each piece is then the base64 of its own `width / 4 * 3` bytes).
pub fn push_base64_split(out: &mut String, b: &[u8], width: usize) {
    for (i, chunk) in b.chunks((width / 4 * 3).max(3)).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_b64_with(out, chunk, B64, true);
    }
}

/// `b` in upper-case hex appended to `out`, in space-separated pieces of `width` characters
/// (even: each piece is the hex of its own `width / 2` bytes).
pub fn push_hex_upper_split(out: &mut String, b: &[u8], width: usize) {
    for (i, chunk) in b.chunks((width / 2).max(1)).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        hex_with(out, chunk, &HEX_PAIRS_UPPER);
    }
}

/// `b` in base64, padded (RFC 4648 §4).
pub fn base64(b: &[u8]) -> String {
    b64_with(b, B64, true)
}

/// `b` in base64url without padding (RFC 4648 §5).
pub fn base64url(b: &[u8]) -> String {
    b64_with(b, B64URL, false)
}

/// `b` in base32hex without padding, upper case (RFC 4648 §7; NSEC3's next hashed owner).
pub fn base32hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len().div_ceil(5) * 8);
    for c in b.chunks(5) {
        let mut v = 0u64;
        for i in 0..5 {
            v = v << 8 | c.get(i).copied().unwrap_or(0) as u64;
        }
        // 8 bits give 1.6 digits: a chunk of n bytes needs ceil(8n / 5) of the 8.
        for i in 0..(c.len() * 8).div_ceil(5) {
            s.push(B32HEX[(v >> (35 - 5 * i) & 31) as usize] as char);
        }
    }
    s
}

/// Decode base64 (standard alphabet, or base64url when `url`), with or without its `=`
/// padding. `None` for any other byte, a length no encoding has, padding in the wrong place,
/// or leftover bits that are not zero (so each byte string has one text).
pub fn base64_decode(text: &[u8], url: bool) -> Option<Vec<u8>> {
    let alphabet = if url { B64URL } else { B64 };
    let body = match text.iter().position(|&c| c == b'=') {
        Some(p) => {
            // Padding only at the end, making a multiple of 4, at most two.
            let pads = text.len() - p;
            if pads > 2 || text[p..].iter().any(|&c| c != b'=') || !text.len().is_multiple_of(4) {
                return None;
            }
            &text[..p]
        }
        None => text,
    };
    if body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in body {
        let v = alphabet.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6 | v) & 0xffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    // What is left over must be zero bits.
    (acc & ((1 << bits) - 1) == 0).then_some(out)
}

#[cfg(test)]
mod test {
    use super::*;
    use data_encoding::{
        BASE32HEX_NOPAD, BASE64, BASE64URL_NOPAD, BASE64_NOPAD, HEXLOWER, HEXUPPER,
    };

    /// Inputs of every length up to 70 from a simple generator.
    fn inputs() -> impl Iterator<Item = Vec<u8>> {
        let mut x = 0x1234_5678u32;
        (0..600).map(move |n| {
            (0..n % 71)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    x as u8
                })
                .collect()
        })
    }

    #[test]
    fn encoders_equal_data_encoding() {
        for b in inputs() {
            assert_eq!(hex(&b), HEXLOWER.encode(&b));
            let mut bytes = b"so far".to_vec();
            put_hex(&mut bytes, &b);
            assert_eq!(
                bytes,
                [&b"so far"[..], HEXLOWER.encode(&b).as_bytes()].concat()
            );
            // An indent, in one copy or several, either way.
            let n = b.len() * 3;
            let (mut bytes, mut text) = (b"|".to_vec(), String::from("|"));
            bytes.put_spaces(n);
            text.put_spaces(n);
            assert_eq!(bytes, alloc::format!("|{:n$}", "").into_bytes());
            assert_eq!(text.as_bytes(), bytes);
            // Fixed columns, as `{:>6}` and `{:03}` write them, wide enough or not.
            for n in [b.len() as u64, b.len() as u64 * 1_000_003, 0] {
                let mut cols = b"c=".to_vec();
                put_fixed::<6>(&mut cols, n, b' ');
                put_fixed::<3>(&mut cols, n, b'0');
                assert_eq!(cols, alloc::format!("c={n:>6}{n:03}").into_bytes());
            }
            // Every width of number, in and past its columns.
            let mut n = b.len() as u64;
            while n < 100_000_000 {
                for m in [n, n + 1, n * 10, (n * 10).saturating_sub(1)] {
                    let mut cols = Vec::new();
                    put_fixed::<6>(&mut cols, m, b' ');
                    put_fixed::<4>(&mut cols, m, b' ');
                    put_fixed::<6>(&mut cols, m, b'0');
                    put_fixed::<3>(&mut cols, m, b'0');
                    assert_eq!(
                        cols,
                        alloc::format!("{m:>6}{m:>4}{m:06}{m:03}").into_bytes()
                    );
                }
                n = n * 7 + 3;
            }
            // One digit (the lengths below 10) and many.
            for n in [b.len() as u64, b.len() as u64 * 1_000_003] {
                let mut number = b"n=".to_vec();
                put_number(&mut number, n);
                assert_eq!(number, alloc::format!("n={n}").into_bytes());
            }
            assert_eq!(hex_upper(&b), HEXUPPER.encode(&b));
            assert_eq!(base64(&b), BASE64.encode(&b));
            assert_eq!(base64url(&b), BASE64URL_NOPAD.encode(&b));
            assert_eq!(base32hex(&b), BASE32HEX_NOPAD.encode(&b));
            assert_eq!(
                base64_decode(BASE64.encode(&b).as_bytes(), false),
                Some(b.clone())
            );
            assert_eq!(
                base64_decode(BASE64_NOPAD.encode(&b).as_bytes(), false),
                Some(b.clone())
            );
            assert_eq!(
                base64_decode(BASE64URL_NOPAD.encode(&b).as_bytes(), true),
                Some(b.clone())
            );
            // The split forms: the whole text cut every `width` characters.
            let split = |text: String, width: usize| {
                let pieces: Vec<&str> = text
                    .as_bytes()
                    .chunks(width)
                    .map(|c| core::str::from_utf8(c).unwrap())
                    .collect();
                pieces.join(" ")
            };
            for width in [8, 56] {
                let mut ours = String::new();
                push_base64_split(&mut ours, &b, width);
                assert_eq!(ours, split(BASE64.encode(&b), width));
                let mut ours = String::new();
                push_hex_upper_split(&mut ours, &b, width);
                assert_eq!(ours, split(HEXUPPER.encode(&b), width));
            }
        }
    }

    #[test]
    fn decoder_refuses_what_data_encoding_refuses() {
        for t in [
            "A", "AB=", "A===", "AB=C", "ABC==", "AB==A", "AB*=", "AR==", "ABD=", "QUJD=", "=",
        ] {
            let ours = base64_decode(t.as_bytes(), false);
            let theirs = BASE64
                .decode(t.as_bytes())
                .or_else(|_| BASE64_NOPAD.decode(t.as_bytes()))
                .ok();
            assert_eq!(ours, theirs, "{t}");
        }
        assert_eq!(base64_decode(b"", false), Some(Vec::new()));
        assert_eq!(
            base64_decode(b"-_8", true),
            BASE64URL_NOPAD.decode(b"-_8").ok()
        );
        assert_eq!(base64_decode(b"+/8", true), None);
    }
}
