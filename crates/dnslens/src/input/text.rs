//! What users paste: hex in its many dresses, turned into bytes.
//!
//! Recognised: plain hex with any whitespace; `:` `-` `,` separators; `0x` / `\x` prefixes;
//! C / Rust / Python byte arrays and byte strings; dumps with an offset column — tcpdump
//! `-x`/`-xx`/`-X`/`-XX` (`0x0000:  4500 ...`), Wireshark "Copy as Hex Dump" (`0000  45 00 ...`),
//! `xxd` and `hexdump -C` — whose offset column and ASCII gutter are never read as data; base64.
//!
//! Written by hand: the dump dialects need the offset column to know how many bytes a line holds
//! (that is how an ASCII gutter that happens to look like hex is told from data), which no crate
//! does; base64 itself is decoded by [`crate::encoding`].

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Which notation the text was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)]
pub enum TextFormat {
    PlainHex,
    /// A dump with an offset column (tcpdump, Wireshark, xxd, hexdump -C).
    Dump,
    /// A C/Rust/Python array of numbers or a byte-string literal.
    ByteArray,
    Base64,
    /// Not text at all: the bytes as they were given ([`parse_bytes`]).
    Raw,
}

impl TextFormat {
    /// Human name.
    pub fn describe(self) -> &'static str {
        match self {
            TextFormat::PlainHex => "plain hex",
            TextFormat::Dump => {
                "hex dump with an offset column (tcpdump / Wireshark / xxd / hexdump)"
            }
            TextFormat::ByteArray => "byte array or byte string (C, Rust, Python)",
            TextFormat::Base64 => "base64",
            TextFormat::Raw => "raw bytes (not text)",
        }
    }
}

/// Bytes read from text.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// How the text was read.
    pub format: TextFormat,
    /// Lines skipped as not part of a dump (1-based).
    pub skipped_lines: Vec<usize>,
}

/// Why text could not be read, with the 1-based line and column of the first bad character.
#[derive(Clone, Debug, PartialEq)]
pub struct TextError {
    /// Line, 1-based.
    pub line: usize,
    /// Column (in characters), 1-based.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl core::fmt::Display for TextError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

fn err(line: usize, column: usize, message: String) -> TextError {
    TextError {
        line,
        column,
        message,
    }
}

/// The most bytes [`parse_bytes`] takes as they are: an IP packet's 65,535 and a link-layer
/// header (Ethernet with two VLAN tags, 22 bytes).
pub const MAX_RAW: usize = 65_535 + 22;

/// Read bytes from what is handed over whole (a file, standard input): text in a notation
/// [`parse`] reads, or, when the bytes cannot be text, the bytes as they are: a DNS message as
/// it travels (RFC 8484's `application/dns-message`, a message saved from a socket). Text is
/// UTF-8 with no control character but tab, line feed, form feed and carriage return; a DNS
/// message nearly always has a zero byte in its header's counts. Bytes that are not text and
/// longer than [`MAX_RAW`] are not one message: an error.
pub fn parse_bytes(input: &[u8]) -> Result<Parsed, TextError> {
    let text = core::str::from_utf8(input).ok().filter(|_| is_text(input));
    match text {
        Some(t) => parse(t),
        None if input.len() > MAX_RAW => Err(err(
            1,
            1,
            format!(
                "{} bytes that are not text, more than one DNS message and the packet around it hold ({MAX_RAW})",
                input.len()
            ),
        )),
        None => Ok(Parsed {
            bytes: input.to_vec(),
            format: TextFormat::Raw,
            skipped_lines: Vec::new(),
        }),
    }
}

/// Whether `input` can be text, as [`parse_bytes`] judges it: UTF-8 with no control character
/// but tab, line feed, form feed and carriage return.
pub fn is_text(input: &[u8]) -> bool {
    core::str::from_utf8(input).is_ok()
        && !input
            .iter()
            .any(|&b| (b < 0x20 && !b"\t\n\x0c\r".contains(&b)) || b == 0x7f)
}

/// Read bytes from pasted text.
pub fn parse(text: &str) -> Result<Parsed, TextError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(err(
            1,
            1,
            "there is nothing to decode: paste hex digits, a hex dump or base64".into(),
        ));
    }
    if let Some(p) = dump(text)? {
        return Ok(p);
    }
    if let Some(p) = byte_string(text)? {
        return Ok(p);
    }
    let array = trimmed.contains('{')
        || trimmed.contains('[')
        || trimmed.contains("0x")
        || trimmed.contains("0X");
    match plain(text) {
        Ok(bytes) => Ok(Parsed {
            bytes,
            format: if array {
                TextFormat::ByteArray
            } else {
                TextFormat::PlainHex
            },
            skipped_lines: Vec::new(),
        }),
        Err(e) => base64(trimmed).ok_or(e),
    }
}

fn base64(t: &str) -> Option<Parsed> {
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() < 4
        || !compact
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'))
    {
        return None;
    }
    // Short hex with a typo must stay a hex error, so base64 needs a tell-tale sign.
    let telltale = compact.contains(['=', '+', '/', '-', '_'])
        || compact.len() >= 16
            && compact.bytes().any(|b| b.is_ascii_lowercase())
            && compact.bytes().any(|b| b.is_ascii_uppercase());
    if !telltale {
        return None;
    }
    let bytes = crate::encoding::base64_decode(compact.as_bytes(), false).or_else(|| {
        crate::encoding::base64_decode(compact.trim_end_matches('=').as_bytes(), true)
    })?;
    Some(Parsed {
        bytes,
        format: TextFormat::Base64,
        skipped_lines: Vec::new(),
    })
}

/// An offset token: `0x0000:`, `0000`, `00000010:` (4 to 8 hex digits, optional 0x and colon).
fn offset_token(tok: &str) -> Option<usize> {
    let t = tok.strip_suffix(':').unwrap_or(tok);
    let t = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    if (4..=8).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        usize::from_str_radix(t, 16).ok()
    } else {
        None
    }
}

fn hex_pairs(tok: &str, out: &mut Vec<u8>) -> bool {
    if tok.is_empty() || !tok.len().is_multiple_of(2) || !tok.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return false;
    }
    for i in (0..tok.len()).step_by(2) {
        match u8::from_str_radix(&tok[i..i + 2], 16) {
            Ok(b) => out.push(b),
            Err(_) => return false,
        }
    }
    true
}

/// Dumps: at least one line starts with an offset, and the offsets grow from 0 by the number of
/// bytes each line holds.
fn dump(text: &str) -> Result<Option<Parsed>, TextError> {
    let mut lines: Vec<(usize, usize, Vec<&str>)> = Vec::new(); // (line no, offset, tokens after it)
    let mut bare_first = false;
    let mut skipped = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut toks = line.split_whitespace();
        let Some(first) = toks.next() else { continue };
        let rest: Vec<&str> = toks.collect();
        match offset_token(first) {
            // A lone offset-looking token is plain hex, not a dump line.
            Some(off) if !rest.is_empty() => {
                if lines.is_empty() {
                    bare_first = !first.ends_with(':')
                        && !first.starts_with("0x")
                        && !first.starts_with("0X");
                }
                lines.push((i + 1, off, rest))
            }
            Some(_) => {}
            _ => skipped.push(i + 1),
        }
    }
    if lines.is_empty() || lines[0].1 != 0 {
        return Ok(None);
    }
    // Plain hex in groups of four with no offsets looks like this too: "4500 0082 d9eb": a real
    // dump's second line starts at the first line's width.
    if lines.len() > 1 && lines[1].1 == 0 || lines.len() == 1 && bare_first {
        return Ok(None);
    }
    // A bare first token ("0000", no colon or 0x) is only an offset if the offsets step by a
    // dump's line width; otherwise it is plain hex in groups of four that happens to start "0000".
    if bare_first {
        let width = lines[1].1;
        let steady = lines.windows(2).all(|w| w[1].1 == w[0].1 + width);
        if !matches!(width, 8 | 16 | 32) || !steady {
            return Ok(None);
        }
    }
    let mut bytes = Vec::new();
    let mut width = 0usize;
    for (n, (line_no, off, toks)) in lines.iter().enumerate() {
        if *off != bytes.len() {
            if *off < bytes.len() && n > 0 {
                // Repeated offsets (a second dump pasted after the first) end this one.
                break;
            }
            return Err(err(*line_no, 1, format!(
                "this dump line says it starts at byte {off:#x}, but the lines before it hold {:#x} bytes; a line is missing or damaged",
                bytes.len()
            )));
        }
        let want = lines
            .get(n + 1)
            .map(|l| l.1.saturating_sub(*off))
            .unwrap_or(if width == 0 { usize::MAX } else { width });
        let start = bytes.len();
        for tok in toks {
            if bytes.len() - start >= want {
                break;
            }
            let t = tok.trim_start_matches("0x");
            let before = bytes.len();
            if !hex_pairs(t, &mut bytes) || bytes.len() - start > want {
                bytes.truncate(before);
                break; // the ASCII gutter starts here
            }
        }
        if n + 1 == lines.len() {
            gutter_trim(toks, &mut bytes, start);
        }
        let got = bytes.len() - start;
        if n + 1 < lines.len() && got != want {
            return Err(err(*line_no, 1, format!("this dump line should hold {want} bytes (the next line starts at {:#x}) but holds {got}", off + want)));
        }
        if n == 0 {
            width = got;
        }
    }
    // Lines that are not part of the dump (a tcpdump summary line, a heading) are skipped.
    let data_lines: Vec<usize> = lines.iter().map(|l| l.0).collect();
    skipped.retain(|l| !data_lines.contains(l));
    Ok(Some(Parsed {
        bytes,
        format: TextFormat::Dump,
        skipped_lines: skipped,
    }))
}

/// On a dump's last line the width is unknown, so trailing hex-looking tokens may be the ASCII
/// gutter (bytes `61 62` print as `ab`). Drop the longest tail of tokens that is exactly the
/// printable rendering of the bytes before it.
fn gutter_trim(toks: &[&str], bytes: &mut Vec<u8>, start: usize) {
    let mut sizes = Vec::new();
    for tok in toks {
        let t = tok.trim_start_matches("0x");
        if t.is_empty() || t.len() % 2 != 0 || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
            break;
        }
        sizes.push(t.len() / 2);
    }
    let taken = bytes.len() - start;
    let mut acc = 0;
    for (k, sz) in sizes.iter().enumerate() {
        acc += sz;
        if acc > taken {
            break;
        }
        let data = &bytes[start..start + acc];
        let render: String = data
            .iter()
            .filter_map(|&b| match b {
                b' ' => None,
                0x21..=0x7e => Some(b as char),
                _ => Some('.'),
            })
            .collect();
        let rest: String = toks[k + 1..].concat();
        if k + 1 < toks.len() && rest == render {
            bytes.truncate(start + acc);
            return;
        }
    }
}

/// Python/Rust/C byte strings: `b"E\x00..."`, `"\x45\x00"`.
fn byte_string(text: &str) -> Result<Option<Parsed>, TextError> {
    let t = text.trim();
    let body = if let Some(r) = t.strip_prefix("b\"").or_else(|| t.strip_prefix("b'")) {
        r
    } else if (t.starts_with('"') || t.starts_with('\'')) && t.contains("\\x") {
        &t[1..]
    } else if t.starts_with("\\x") {
        t
    } else {
        return Ok(None);
    };
    let quote = t.chars().find(|c| *c == '"' || *c == '\'');
    let mut out = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if Some(c) == quote {
            break;
        }
        if c == '\\' {
            match chars.next() {
                Some((_, 'x')) => {
                    let h: String = (0..2).filter_map(|_| chars.next().map(|x| x.1)).collect();
                    match u8::from_str_radix(&h, 16) {
                        Ok(b) => out.push(b),
                        Err(_) => {
                            return Err(position(
                                text,
                                body,
                                i,
                                format!("\\x must be followed by two hex digits, not {h:?}"),
                            ))
                        }
                    }
                }
                Some((_, 'n')) => out.push(b'\n'),
                Some((_, 'r')) => out.push(b'\r'),
                Some((_, 't')) => out.push(b'\t'),
                Some((_, '0')) => out.push(0),
                Some((_, c @ ('\\' | '\'' | '"'))) => out.push(c as u8),
                other => {
                    return Err(position(
                        text,
                        body,
                        i,
                        format!("unknown escape \\{}", other.map_or(' ', |o| o.1)),
                    ))
                }
            }
        } else if c.is_ascii() && !c.is_ascii_control() {
            out.push(c as u8);
        } else if !c.is_whitespace() {
            return Err(position(
                text,
                body,
                i,
                format!("{c:?} cannot appear in a byte string"),
            ));
        }
    }
    Ok(Some(Parsed {
        bytes: out,
        format: TextFormat::ByteArray,
        skipped_lines: Vec::new(),
    }))
}

fn position(text: &str, body: &str, i: usize, message: String) -> TextError {
    let abs = (body.as_ptr() as usize - text.as_ptr() as usize) + i;
    let before = &text[..abs.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    err(line, column, message)
}

/// Plain hex and arrays: tokens split on whitespace and `, : - ; { } [ ] ( )`, each optionally
/// `0x`/`\x`-prefixed; C declarations before `=` are ignored.
fn plain(text: &str) -> Result<Vec<u8>, TextError> {
    let mut out = Vec::new();
    // `unsigned char pkt[] = {...}`, `let b: [u8; 4] = [...]`: the data follows the `=`.
    let body_start = text.find('=').map_or(0, |e| e + 1);
    let line = 1 + text[..body_start].matches('\n').count();
    for (ln_idx, l) in text[body_start..].split('\n').enumerate() {
        let line_no = line + ln_idx;
        let mut col = 0usize;
        let chars: Vec<char> = l.chars().collect();
        while col < chars.len() {
            let c = chars[col];
            if c.is_whitespace()
                || matches!(c, ',' | ':' | '-' | ';' | '{' | '}' | '[' | ']' | '(' | ')')
            {
                col += 1;
                continue;
            }
            let start = col;
            while col < chars.len()
                && !(chars[col].is_whitespace()
                    || matches!(
                        chars[col],
                        ',' | ':' | '-' | ';' | '{' | '}' | '[' | ']' | '(' | ')'
                    ))
            {
                col += 1;
            }
            let tok: String = chars[start..col].iter().collect();
            // Rust suffixes (0x45u8) and prefixes.
            let t = tok.strip_suffix("u8").unwrap_or(&tok);
            let (t, prefixed) = match t
                .strip_prefix("0x")
                .or_else(|| t.strip_prefix("0X"))
                .or_else(|| t.strip_prefix("\\x"))
            {
                Some(r) => (r, true),
                None => (t, false),
            };
            if let Some(bad) = t.chars().position(|c| !c.is_ascii_hexdigit()) {
                return Err(err(
                    line_no,
                    start + 1 + bad + (tok.len() - t.len()).min(2),
                    format!("{:?} is not a hex digit", t.chars().nth(bad).unwrap_or('?')),
                ));
            }
            if prefixed && t.len() <= 2 && !t.is_empty() {
                out.push(u8::from_str_radix(t, 16).unwrap_or(0));
            } else if t.len() % 2 == 0 && hex_pairs(t, &mut out) {
            } else {
                return Err(err(
                    line_no,
                    start + 1,
                    format!("{tok:?} has an odd number of hex digits: a byte needs two"),
                ));
            }
        }
    }
    if out.is_empty() {
        return Err(err(1, 1, "no hex digits found".into()));
    }
    Ok(out)
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn bytes_that_cannot_be_text_are_the_message_itself() {
        // Each DNS message of a capture, as a file of its own (RFC 8484's
        // application/dns-message), is read as it is; the same bytes written as hex, with the
        // whitespace text has, are read as hex.
        let file = crate::corpus_capture("tcpdump__dns_udp.pcap");
        let mut n = 0;
        for p in crate::input::capture::Reader::new(&file).unwrap() {
            let msg = &p.data[42..];
            let raw = parse_bytes(msg).unwrap();
            assert_eq!((raw.format, &raw.bytes[..]), (TextFormat::Raw, msg));
            let mut hex = String::new();
            crate::encoding::push_hex(&mut hex, msg);
            let text = alloc::format!("\t{hex}\r\n\x0c");
            let read = parse_bytes(text.as_bytes()).unwrap();
            assert_eq!((read.format, &read.bytes[..]), (TextFormat::PlainHex, msg));
            n += 1;
        }
        assert!(n >= 2);
        // Not UTF-8, a control character, DEL: not text. Nothing at all is still an error.
        for b in [&b"\xff\xfe41"[..], b"4142\x01", b"41\x7f42"] {
            assert_eq!(parse_bytes(b).unwrap().format, TextFormat::Raw, "{b:?}");
        }
        assert!(parse_bytes(b"").is_err());
        let big = vec![0u8; MAX_RAW + 1];
        assert!(parse_bytes(&big).unwrap_err().message.contains("not text"));
        assert_eq!(parse_bytes(&big[1..]).unwrap().bytes.len(), MAX_RAW);
        assert!(parse_bytes(b"4g").is_err());
    }
    use alloc::vec;

    const IP_START: [u8; 8] = [0x45, 0x00, 0x00, 0x82, 0xd9, 0xeb, 0x00, 0x00];

    #[test]
    fn plain_and_separated() {
        for t in [
            "4500 0082 d9eb 0000",
            "45:00:00:82:d9:eb:00:00",
            "45-00-00-82-d9-eb-00-00",
            "0x45, 0x00, 0x00, 0x82, 0xd9, 0xeb, 0x00, 0x00",
            "\\x45\\x00\\x00\\x82\\xd9\\xeb\\x00\\x00",
            "4500\n0082d9eb\n0000",
        ] {
            assert_eq!(parse(t).unwrap().bytes, IP_START, "{t}");
        }
        assert_eq!(
            parse("unsigned char pkt[] = { 0x45, 0x00, 0x00, 0x82, 0xd9, 0xeb, 0x00, 0x00 };")
                .unwrap()
                .format,
            TextFormat::ByteArray
        );
        assert_eq!(
            parse("let b: [u8; 8] = [0x45, 0x00, 0x00, 0x82, 0xd9, 0xeb, 0x00, 0x00];")
                .unwrap()
                .bytes,
            IP_START
        );
        assert_eq!(
            parse("b'E\\x00\\x00\\x82\\xd9\\xeb\\x00\\x00'")
                .unwrap()
                .bytes,
            IP_START
        );
    }

    #[test]
    fn dumps_ignore_offsets_and_gutters() {
        // tcpdump -X (the gutter "E..." after two spaces); the last gutter is hex-looking "dead".
        let t = "\t0x0000:  4500 0082 d9eb 0000 3a11 f873 c0a8 01c8  E.......:..s....\n\t0x0010:  c0a8  ..";
        let p = parse(t).unwrap();
        assert_eq!(p.format, TextFormat::Dump);
        assert_eq!(p.bytes.len(), 18);
        // Wireshark copy-as-hex-dump
        let w = "0000   45 00 00 82 d9 eb 00 00 3a 11 f8 73 c0 a8 01 c8   E.......:..s....\n0010   c0 a8 01 64   ...d";
        assert_eq!(parse(w).unwrap().bytes.len(), 20);
        // hexdump -C, with its double space in the middle and |gutter|
        let h = "00000000  45 00 00 82 d9 eb 00 00  3a 11 f8 73 c0 a8 01 c8  |E.......:..s....|\n00000010  de ad                                             |..|\n00000012";
        let p = parse(h).unwrap();
        assert_eq!(p.bytes.len(), 18);
        assert_eq!(&p.bytes[16..], &[0xde, 0xad]);
        // xxd: groups of four digits, gutter "dead" which looks like hex must not be read.
        let x = "00000000: 4500 0082 d9eb 0000 3a11 f873 c0a8 01c8  E.......:..s....\n00000010: 6162 6364  abcd";
        let p = parse(x).unwrap();
        assert_eq!(p.bytes.len(), 20, "{:02x?}", p.bytes);
    }

    #[test]
    fn grouped_hex_starting_with_zeros_is_not_a_dump() {
        // An mDNS message (ID 0, flags 0) written two bytes per group, 16 per line.
        let t = "0000 0000 0002 0000 0002 0001 0c59 6165\n6c73 2d69 5068 6f6e 6505 6c6f 6361 6c00";
        let p = parse(t).unwrap();
        assert_eq!(p.format, TextFormat::PlainHex);
        assert_eq!(p.bytes.len(), 32);
        // ...while a real Wireshark dump with bare offsets still is one.
        let w = "0000  45 00 00 82 d9 eb 00 00 3a 11 f8 73 c0 a8 01 c8   E.......\n0010  c0 a8 01 64   ...d";
        assert_eq!(parse(w).unwrap().format, TextFormat::Dump);
    }

    #[test]
    fn base64_and_errors() {
        assert_eq!(parse("RQAAgtnrAAA=").unwrap().bytes, IP_START);
        assert_eq!(parse("RQAAgtnrAAA=").unwrap().format, TextFormat::Base64);
        let e = parse("45 00\n00 zz").unwrap_err();
        assert_eq!((e.line, e.column), (2, 4), "{e}");
        let e = parse("450").unwrap_err();
        assert!(e.message.contains("odd"));
        assert!(parse("   ").is_err());
        assert_eq!(
            parse("0x0000:  4500 0082").unwrap().bytes,
            vec![0x45, 0, 0, 0x82]
        );
    }
}
