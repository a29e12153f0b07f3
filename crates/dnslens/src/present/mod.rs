//! Renderings of a decoded message: what `dig` prints, the whole dissection tree as text, the
//! Info line ([`info`]) and RFC 8427 JSON ([`json`]).

mod dig;
pub mod info;
pub mod json;
pub mod rdata;

use alloc::string::String;
use core::fmt::Write;

use crate::tree::{Diagnostic, Field, Severity};

pub use dig::{dig, dig_parsed, record_line};

pub(crate) fn sev(s: Severity) -> &'static str {
    match s {
        Severity::Note => "note",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// The dissection tree, one field per line with its byte range, value and explanation.
///
/// Written with `push_str` rather than `write!`: formatting was 60% of the text format's time
/// (it writes several kilobytes per message). Each line reads
/// `{indent}[{start:#06x}..{end:#06x}) {name}[ (mask {m:#06x})][: {value}][ (target {t:#06x})][  — {explain}][ [{rfc}]]`.
pub fn tree_text(root: &Field) -> String {
    // A message's tree is a few kilobytes of text: start there rather than grow from nothing.
    let mut o = String::with_capacity(4096);
    write_tree_text(&mut o, root);
    o
}

/// [`tree_text`] appended to `out`.
pub fn write_tree_text(out: &mut String, root: &Field) {
    write_node(out, root, 0);
}

/// [`tree_text`] appended to `out` as UTF-8 bytes: the command line's way, whose output is
/// bytes anyway. Pieces built as ASCII bytes (every line's span) then go in without the
/// `from_utf8` a `String` needs, which was a sixteenth of `--format text`'s time.
pub fn write_tree_bytes(out: &mut alloc::vec::Vec<u8>, root: &Field) {
    write_node(out, root, 0);
}

/// Where text is written: a `String`, or the bytes of one; [`crate::encoding::Out`] and what
/// only the renderings write (names, addresses).
pub trait Sink: crate::encoding::Out + crate::encoding::Chars + Sized {
    /// Append an IPv4 address as its `Display` writes it.
    fn put_ipv4(&mut self, a: [u8; 4]) {
        self.ipv4(a);
    }
    /// Append an IPv6 address as its `Display` writes it.
    fn put_ipv6(&mut self, a: core::net::Ipv6Addr) {
        crate::encoding::write_ipv6(self, a);
    }
    /// Append the presentation form of the name at `start` in `msg`; where it ends in place,
    /// or `None` (with what was read written) when it does not read to its root.
    fn put_name(&mut self, msg: &[u8], start: usize) -> Option<usize>;
    /// Append the presentation form of a name the strict parse has checked.
    fn put_view(&mut self, n: &crate::wire::Name<'_>);
}

impl Sink for String {
    fn put_name(&mut self, msg: &[u8], start: usize) -> Option<usize> {
        crate::wire::name::write_name(msg, start, self)
    }
    fn put_view(&mut self, n: &crate::wire::Name<'_>) {
        n.push_to(self);
    }
}

impl Sink for alloc::vec::Vec<u8> {
    fn put_name(&mut self, msg: &[u8], start: usize) -> Option<usize> {
        crate::wire::name::push_dotted(self, msg, start)
    }
    fn put_view(&mut self, n: &crate::wire::Name<'_>) {
        n.push_bytes(self);
    }
}

/// A node's line, then its children's, one level deeper: only the depth is needed, so no path
/// is kept (the tree is the decoder's own, a few levels deep).
fn write_node(out: &mut impl Sink, f: &Field, depth: usize) {
    tree_line(out, depth, f);
    for c in &f.children {
        write_node(out, c, depth + 1);
    }
}

/// One field's line: `[0x000c..0x001d) Name: example.com.  — what it is [RFC 1035 §4.1.2]`.
/// The line is most of `--format text`'s output, so the pieces that are always there go in
/// with as few copies as may be: the indent from one run of spaces.
fn tree_line(o: &mut impl Sink, depth: usize, f: &Field) {
    o.put_spaces(2 * depth);
    push_span(o, f.span.start, f.span.end);
    o.put(&f.name);
    if let Some(m) = f.mask {
        o.put(" (mask ");
        push_offset(o, m as usize);
        o.put(")");
    }
    if !f.value.is_empty() {
        o.put(": ");
        o.put(&f.value);
    }
    if let Some(t) = f.target {
        o.put(" (target ");
        push_offset(o, t);
        o.put(")");
    }
    if !f.explain.is_empty() {
        o.put("  — ");
        o.put(&f.explain);
    }
    if f.rfc.is_empty() {
        o.put("\n");
    } else {
        o.put(" [");
        o.put(f.rfc);
        o.put("]\n");
    }
}

/// `[0x000c..0x001d) `: the span that opens every line. Spans within 64 KiB (all of a DNS
/// message's) are gathered as bytes and go in as one piece.
fn push_span(o: &mut impl Sink, start: usize, end: usize) {
    if start < 0x1_0000 && end < 0x1_0000 {
        let (s, e) = (hex4(start), hex4(end));
        let line = [
            b'[', b'0', b'x', s[0], s[1], s[2], s[3], b'.', b'.', b'0', b'x', e[0], e[1], e[2],
            e[3], b')', b' ',
        ];
        o.put_ascii(&line);
        return;
    }
    o.put("[");
    push_offset(o, start);
    o.put("..");
    push_offset(o, end);
    o.put(") ");
}

/// The four lowercase hex digits of `v` (below 0x10000), from the table of pairs.
fn hex4(v: usize) -> [u8; 4] {
    let pair = |b: usize| HEX_PAIRS.as_bytes().get(2 * b..2 * b + 2).unwrap_or(b"??");
    let (hi, lo) = (pair(v >> 8 & 0xff), pair(v & 0xff));
    [hi[0], hi[1], lo[0], lo[1]]
}

/// The two lowercase hex digits of a byte.
fn hex_pair(b: usize) -> &'static str {
    HEX_PAIRS.get(2 * b..2 * b + 2).unwrap_or("??")
}

/// `v` as `{:#06x}` writes it: `0x` and at least four hex digits. Two lines of the tree's
/// text in three carry two of these, so the usual four digits come as two pairs from a table
/// (into a `String` as pieces of text, which it takes without a check).
pub(crate) fn push_offset<S: Sink>(o: &mut S, v: usize) {
    if v < 0x1_0000 && S::UNCHECKED {
        let d = hex4(v);
        o.put_ascii(&[b'0', b'x', d[0], d[1], d[2], d[3]]);
        return;
    }
    if v < 0x1_0000 {
        o.put("0x");
        o.put(hex_pair(v >> 8));
        o.put(hex_pair(v & 0xff));
        return;
    }
    o.put("0x");
    let digits = (usize::BITS - v.leading_zeros()).div_ceil(4);
    let mut buf = [0u8; 16];
    for (i, k) in (0..digits).rev().enumerate() {
        buf[i] = crate::encoding::HEX_LOWER[(v >> (4 * k)) & 0xf];
    }
    o.put_ascii(buf.get(..digits as usize).unwrap_or_default());
}

/// "00" to "ff", two digits each: [`crate::encoding`]'s table of pairs, as text.
const HEX_PAIRS: &str = match core::str::from_utf8(&crate::encoding::HEX_PAIRS_LOWER) {
    Ok(s) => s,
    Err(_) => "",
};

/// An address as its `Display` writes it, without core::fmt (which spent a fifth of the
/// packet list's time on a capture of IPv6 traffic).
pub fn push_ip(out: &mut impl Sink, a: core::net::IpAddr) {
    match a {
        core::net::IpAddr::V4(v4) => out.put_ipv4(v4.octets()),
        core::net::IpAddr::V6(v6) => out.put_ipv6(v6),
    }
}

/// [`push_ip`] into a new `String`: an address as a field's value or a row's cell.
pub fn ip_text(a: core::net::IpAddr) -> String {
    let mut s = String::new();
    push_ip(&mut s, a);
    s
}

/// Diagnostics as text lines.
pub fn diagnostics_text(diagnostics: &[Diagnostic]) -> String {
    let mut o = String::new();
    for d in diagnostics {
        let _ = writeln!(
            o,
            "{} [{:#06x}..{:#06x}) {}: {}",
            sev(d.severity),
            d.span.start,
            d.span.end,
            d.layer,
            d.message
        );
    }
    o
}

/// A packet-list Info line, e.g. `Standard query response 0xea1a NXDOMAIN A 3.45.191.206.dnsbl.sorbs.net. SOA rbldns0.sorbs.net.`,
/// of a DNS message's bytes: the one Info line there is, [`crate::present::info::summarize`].
pub fn summary(msg: &[u8]) -> String {
    let mut o = String::new();
    crate::present::info::summarize(msg, &mut o);
    o
}

#[cfg(test)]
mod test {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn the_tree_as_bytes_is_the_tree_as_text() {
        let file = crate::corpus_capture("tcpdump__dnssec.pcap");
        let mut n = 0;
        crate::flow::list::list(&file, &[], |it| {
            let m = crate::decode_as(it.bytes, it.found.flavor);
            let mut b = alloc::vec::Vec::new();
            write_tree_bytes(&mut b, &m.tree);
            assert_eq!(b, tree_text(&m.tree).into_bytes());
            n += 1;
        })
        .unwrap();
        assert!(n > 1);
    }

    #[test]
    fn a_lines_span_is_what_format_writes() {
        let ends = (0..0x2_0000)
            .step_by(4099)
            .chain([0xffff, 0x1_0000, usize::MAX]);
        for start in ends.clone() {
            for end in ends.clone() {
                let want = alloc::format!("[{start:#06x}..{end:#06x}) ");
                let mut o = String::new();
                push_span(&mut o, start, end);
                assert_eq!(o, want);
                // The command line's byte sink writes the same.
                let mut b = alloc::vec::Vec::new();
                push_span(&mut b, start, end);
                assert_eq!(b, want.as_bytes());
                let (mut o, mut b) = (String::new(), alloc::vec::Vec::new());
                push_offset(&mut o, start);
                push_offset(&mut b, start);
                assert_eq!(
                    (o.as_str(), &b[..]),
                    (&want[1..want.find('.').unwrap()], o.as_bytes())
                );
            }
        }
    }

    #[test]
    fn addresses_print_as_their_display_does() {
        // Written after some text, into a `String` and into bytes: the two must agree.
        let both = |ip: core::net::IpAddr| {
            let (mut s, mut b) = (String::from("at "), alloc::vec::Vec::from(*b"at "));
            push_ip(&mut s, ip);
            push_ip(&mut b, ip);
            assert_eq!(s.as_bytes(), &b[..]);
            String::from(&s[3..])
        };
        for a in [
            [0, 0, 0, 0],
            [255, 255, 255, 255],
            [10, 52, 162, 8],
            [192, 0, 2, 99],
        ]
        .into_iter()
        .chain((0..=255).map(|o| [o, 9, 10, o]))
        .chain((0..=255).map(|o| [7, o, 255 - o, o / 3]))
        {
            let ip = core::net::IpAddr::from(a);
            assert_eq!(both(ip), ip.to_string());
        }
        let v6 = core::net::IpAddr::from([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
        assert_eq!(both(v6), "2001:db8::1");
        // IPv6: every pattern of zero and non-zero groups (runs of every length and place, ties
        // among runs), with one to four hex digits, and mapped and compatible IPv4.
        let values = [0x1u16, 0xab, 0xdb8, 0xffff, 0x0100];
        for pattern in 0u32..256 {
            for (vi, &v) in values.iter().enumerate() {
                let g: [u16; 8] = core::array::from_fn(|i| {
                    if pattern >> i & 1 == 1 {
                        values[(vi + i) % values.len()].max(v)
                    } else {
                        0
                    }
                });
                let ip = core::net::IpAddr::from(g);
                assert_eq!(both(ip), ip.to_string(), "{g:x?}");
            }
        }
        for g in [
            [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201],
            [0, 0, 0, 0, 0, 0, 0xc000, 0x0201],
            [0, 0, 0, 0, 0, 0xfffe, 0xc000, 0x0201],
            [0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0201],
        ] {
            let ip = core::net::IpAddr::from(g);
            assert_eq!(both(ip), ip.to_string(), "{g:x?}");
        }
    }
}
