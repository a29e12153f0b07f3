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

/// [`tree_text`] appended to `out` (the command line writes every message into one buffer).
pub fn write_tree_text(out: &mut String, root: &Field) {
    write_node(out, root, 0);
}

/// A node's line, then its children's, one level deeper: only the depth is needed, so no path
/// is kept (the tree is the decoder's own, a few levels deep).
fn write_node(out: &mut String, f: &Field, depth: usize) {
    tree_line(out, depth, f);
    for c in &f.children {
        write_node(out, c, depth + 1);
    }
}

/// One field's line: `[0x000c..0x001d) Name: example.com.  — what it is [RFC 1035 §4.1.2]`.
/// The line is most of `--format text`'s output, so the pieces that are always there go in
/// with as few copies as may be: the indent from one run of spaces.
fn tree_line(o: &mut String, depth: usize, f: &Field) {
    const SPACES: &str = "                                                                ";
    let mut indent = 2 * depth;
    while indent > 0 {
        let k = indent.min(SPACES.len());
        o.push_str(&SPACES[..k]);
        indent -= k;
    }
    push_span(o, f.span.start, f.span.end);
    o.push_str(&f.name);
    if let Some(m) = f.mask {
        o.push_str(" (mask ");
        push_offset(o, m as usize);
        o.push(')');
    }
    if !f.value.is_empty() {
        o.push_str(": ");
        o.push_str(&f.value);
    }
    if let Some(t) = f.target {
        o.push_str(" (target ");
        push_offset(o, t);
        o.push(')');
    }
    if !f.explain.is_empty() {
        o.push_str("  — ");
        o.push_str(&f.explain);
    }
    if !f.rfc.is_empty() {
        o.push_str(" [");
        o.push_str(f.rfc);
        o.push(']');
    }
    o.push('\n');
}

/// `[0x000c..0x001d) `: the span that opens every line. Spans within 64 KiB (all of a DNS
/// message's) are gathered as bytes and go into the string in one copy.
fn push_span(o: &mut String, start: usize, end: usize) {
    if start < 0x1_0000 && end < 0x1_0000 {
        let h = |v: usize, k: u32| crate::encoding::HEX_LOWER[(v >> k) & 0xf];
        let line = [
            b'[',
            b'0',
            b'x',
            h(start, 12),
            h(start, 8),
            h(start, 4),
            h(start, 0),
            b'.',
            b'.',
            b'0',
            b'x',
            h(end, 12),
            h(end, 8),
            h(end, 4),
            h(end, 0),
            b')',
            b' ',
        ];
        // Hex digits and punctuation only: always valid UTF-8.
        o.push_str(core::str::from_utf8(&line).unwrap_or_default());
        return;
    }
    o.push('[');
    push_offset(o, start);
    o.push_str("..");
    push_offset(o, end);
    o.push_str(") ");
}

/// `v` as `{:#06x}` writes it: `0x` and at least four hex digits. Two lines of the tree's
/// text in three carry two of these, so the usual four digits go in as two pairs from a table.
pub(crate) fn push_offset(o: &mut String, v: usize) {
    o.push_str("0x");
    if v < 0x1_0000 {
        o.push_str(hex_pair(v >> 8));
        o.push_str(hex_pair(v & 0xff));
        return;
    }
    let digits = (usize::BITS - v.leading_zeros()).div_ceil(4);
    for k in (0..digits).rev() {
        o.push(char::from(crate::encoding::HEX_LOWER[(v >> (4 * k)) & 0xf]));
    }
}

/// The two lowercase hex digits of a byte.
fn hex_pair(b: usize) -> &'static str {
    HEX_PAIRS.get(2 * b..2 * b + 2).unwrap_or("??")
}

/// "00" to "ff", two digits each.
const HEX_PAIRS: &str = {
    const DIGITS: [u8; 512] = {
        let mut t = [0u8; 512];
        let mut i = 0;
        while i < 256 {
            t[i * 2] = crate::encoding::HEX_LOWER[i >> 4];
            t[i * 2 + 1] = crate::encoding::HEX_LOWER[i & 0xf];
            i += 1;
        }
        t
    };
    match core::str::from_utf8(&DIGITS) {
        Ok(s) => s,
        Err(_) => "",
    }
};

/// An IPv4 address as `Ipv4Addr`'s Display writes it, without core::fmt: the Info line, the
/// RDATA text and the command line's addresses are on the hot paths of the packet list and
/// the JSON format. A digit at a time (a table of "000".."255" sliced per octet cost twice as
/// much: a `str` slice checks its ends, and each piece was a call to copy).
pub(crate) fn push_ipv4(out: &mut String, a: [u8; 4]) {
    out.reserve(15);
    for (k, octet) in a.into_iter().enumerate() {
        if k > 0 {
            out.push('.');
        }
        if octet >= 100 {
            out.push(char::from(b'0' + octet / 100));
        }
        if octet >= 10 {
            out.push(char::from(b'0' + octet / 10 % 10));
        }
        out.push(char::from(b'0' + octet % 10));
    }
}

/// An IPv6 address as `Ipv6Addr`'s Display writes it (RFC 5952: lowercase hex without leading
/// zeros, the first longest run of two or more zero groups as `::`, and `::ffff:a.b.c.d` for a
/// mapped IPv4 address), without core::fmt, which spent a fifth of the packet list's time on a
/// capture of IPv6 traffic.
pub(crate) fn push_ipv6(out: &mut String, a: core::net::Ipv6Addr) {
    if let Some(v4) = a.to_ipv4_mapped() {
        out.push_str("::ffff:");
        push_ipv4(out, v4.octets());
        return;
    }
    let groups = a.segments();
    // The longest run of zero groups, the first of equals.
    let (mut best, mut run) = ((0, 0), (0, 0));
    for (i, &g) in groups.iter().enumerate() {
        if g != 0 {
            run = (i + 1, 0);
            continue;
        }
        run.1 += 1;
        if run.1 > best.1 {
            best = run;
        }
    }
    out.reserve(39);
    let hex = |out: &mut String, list: &[u16]| {
        for (i, &g) in list.iter().enumerate() {
            if i > 0 {
                out.push(':');
            }
            let digits = (16 - g.leading_zeros()).div_ceil(4).max(1);
            for k in (0..digits).rev() {
                let nibble = usize::from(g >> (4 * k) & 0xf);
                out.push(char::from(crate::encoding::HEX_LOWER[nibble]));
            }
        }
    };
    if best.1 > 1 {
        hex(out, &groups[..best.0]);
        out.push_str("::");
        hex(out, &groups[best.0 + best.1..]);
    } else {
        hex(out, &groups);
    }
}

/// An address as its `Display` writes it, without core::fmt.
pub fn push_ip(out: &mut String, a: core::net::IpAddr) {
    match a {
        core::net::IpAddr::V4(v4) => push_ipv4(out, v4.octets()),
        core::net::IpAddr::V6(v6) => push_ipv6(out, v6),
    }
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
    fn a_lines_span_is_what_format_writes() {
        let ends = (0..0x2_0000)
            .step_by(4099)
            .chain([0xffff, 0x1_0000, usize::MAX]);
        for start in ends.clone() {
            for end in ends.clone() {
                let mut o = String::new();
                push_span(&mut o, start, end);
                assert_eq!(o, alloc::format!("[{start:#06x}..{end:#06x}) "));
            }
        }
    }

    #[test]
    fn addresses_print_as_their_display_does() {
        for a in [
            [0, 0, 0, 0],
            [255, 255, 255, 255],
            [10, 52, 162, 8],
            [192, 0, 2, 99],
        ]
        .into_iter()
        .chain((0..=255).map(|o| [o, 9, 10, o]))
        {
            let ip = core::net::IpAddr::from(a);
            let mut s = String::new();
            push_ip(&mut s, ip);
            assert_eq!(s, ip.to_string());
        }
        let v6 = core::net::IpAddr::from([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
        let mut s = String::new();
        push_ip(&mut s, v6);
        assert_eq!(s, "2001:db8::1");
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
                let mut s = String::new();
                push_ip(&mut s, ip);
                assert_eq!(s, ip.to_string(), "{g:x?}");
            }
        }
        for g in [
            [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201],
            [0, 0, 0, 0, 0, 0, 0xc000, 0x0201],
            [0, 0, 0, 0, 0, 0xfffe, 0xc000, 0x0201],
            [0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0201],
        ] {
            let ip = core::net::IpAddr::from(g);
            let mut s = String::new();
            push_ip(&mut s, ip);
            assert_eq!(s, ip.to_string(), "{g:x?}");
        }
    }
}
