//! What `dig` (BIND 9.18) prints for a response, character for character: its warnings, the
//! header and flags lines, the OPT pseudo-section, and each section with BIND's column layout.
//! dnslens's own diagnostics follow dig's text as `;;` comment lines under `;; dnslens:`.

use alloc::string::String;
use core::fmt::Write;

use crate::dissect::model::{section_names, EdnsOption, Message, Record};
use crate::iana::{ede_name, Opcode, OptCode, Rtype};
use crate::wire::Error;

/// Columns of dig's record lines (BIND's master-file style for dig: TTL, CLASS, TYPE, RDATA).
const TTL_COLUMN: usize = 24;
const CLASS_COLUMN: usize = 32;
const TYPE_COLUMN: usize = 40;
const RDATA_COLUMN: usize = 48;
const TAB: usize = 8;

/// A line being laid out in columns (tabs count to the next multiple of 8), written at the end
/// of `text` (where a line starts: columns count from there).
struct Line<'a> {
    text: &'a mut String,
    col: usize,
}

impl<'a> Line<'a> {
    fn on(text: &'a mut String) -> Line<'a> {
        Line { text, col: 0 }
    }

    /// Text without tabs or newlines.
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.col += s.chars().count();
    }

    /// ASCII without tabs or newlines, written by `write` (a code, a number).
    fn push_ascii(&mut self, write: impl FnOnce(&mut String)) {
        let at = self.text.len();
        write(self.text);
        self.col += self.text.len() - at;
    }

    /// Move to column `to` the way BIND does: tabs up to the tab stop at or before `to` and
    /// spaces from there; a field already at or past `to` gets one column more.
    fn indent(&mut self, to: usize) {
        let from = self.col;
        let to = to.max(from + 1);
        let tabs = to / TAB - from / TAB;
        let spaces = if tabs > 0 {
            to - (to / TAB) * TAB
        } else {
            to - from
        };
        for _ in 0..tabs {
            self.text.push('\t');
        }
        for _ in 0..spaces {
            self.text.push(' ');
        }
        self.col = to;
    }
}

/// One record as dig prints it: `name TTL CLASS TYPE rdata`, each field at its column.
pub fn record_line(r: &Record) -> String {
    let mut s = String::with_capacity(r.name.len() + r.rdata_text.len() + 32);
    push_record_line(&mut s, r);
    s
}

/// [`record_line`] appended to `o` (without core::fmt: dig's text writes one per record).
fn push_record_line(o: &mut String, r: &Record) {
    let mut l = Line::on(o);
    l.push(&r.name);
    l.indent(TTL_COLUMN);
    l.push_ascii(|t| crate::encoding::push_number(t, r.ttl.into()));
    l.indent(CLASS_COLUMN);
    l.push_ascii(|t| r.class.push_text(t));
    l.indent(TYPE_COLUMN);
    l.push_ascii(|t| r.rtype.push_text(t));
    // Even empty RDATA (UPDATE's deletions) gets its column, as in dig.
    l.indent(RDATA_COLUMN);
    l.push(&r.rdata_text);
}

/// `;; NAME SECTION:` and a newline, the name in capitals as dig prints it.
fn section_heading(o: &mut String, name: &str) {
    o.push_str(";; ");
    o.extend(name.chars().map(|c| c.to_ascii_uppercase()));
    o.push_str(" SECTION:\n");
}

/// The counts' labels on dig's flags line: the same for UPDATE (only its section headings
/// change).
const COUNT_LABELS: [&str; 4] = ["QUERY", "ANSWER", "AUTHORITY", "ADDITIONAL"];

/// The message `msg` (decoded as `m`) as `dig` prints it (header comments, pseudo-sections,
/// sections), then dnslens's diagnostics.
pub fn dig(m: &Message, msg: &[u8]) -> String {
    // BIND's verdicts start from the first problem of the strict parse, read once.
    let first_error = if cfg!(feature = "dig-verdicts") {
        crate::wire::parse(msg).err()
    } else {
        None
    };
    dig_parsed(m, msg, first_error)
}

/// [`dig`] for a caller that has run the strict parse (`wire::parse`) on `msg` already and
/// gives its first error (`None`: it parsed), e.g. after [`crate::dissect::plain::decode`].
pub fn dig_parsed(m: &Message, msg: &[u8], first_error: Option<Error>) -> String {
    let h = &m.header;
    let mut o = String::with_capacity(256 + 96 * (m.answers.len() + m.authorities.len()));
    if !h.qr {
        o.push_str(";; Warning: query response not set\n");
    }
    if let Some(reason) = refused(m, msg, first_error) {
        bad_packet(&mut o, reason, msg);
        diagnostics(&mut o, m);
        return o;
    }
    // Where BIND's parser stops reading (an RDATA that runs out inside a record: dig treats the
    // rest as extra bytes), and what it calls extra.
    let stop = stops_at(m, first_error);
    let before = |r: &Record| stop.is_none_or(|(at, _)| r.span.start < at);
    let extra = stop.map_or(m.trailing, |(_, rdata)| m.len - rdata);
    let malformed = extra > 0 || mixed_classes(m);
    if malformed {
        // BIND's best-effort parse reports bytes after the last record, or a record of another
        // class than the message's, as a problem and goes on.
        o.push_str(";; Warning: Message parser reports malformed message packet.\n");
    }
    if !h.qr || malformed {
        o.push('\n');
    }
    if m.questions.first().is_some_and(|q| is_local(&q.name)) {
        o.push_str(";; WARNING: .local is reserved for Multicast DNS\n");
        o.push_str(
            ";; You are currently testing what happens when an mDNS query is leaked to DNS\n",
        );
    }
    // The header and flags lines without core::fmt (they were a tenth of this format's time).
    o.push_str(";; ->>HEADER<<- opcode: ");
    Opcode(h.opcode).push_text(&mut o);
    o.push_str(", status: ");
    m.rcode().push_text(&mut o);
    o.push_str(", id: ");
    crate::encoding::push_number(&mut o, h.id.into());
    o.push_str("\n;; flags:");
    for (on, n) in [
        (h.qr, "qr"),
        (h.aa, "aa"),
        (h.tc, "tc"),
        (h.rd, "rd"),
        (h.ra, "ra"),
        (h.ad, "ad"),
        (h.cd, "cd"),
    ] {
        if on {
            o.push(' ');
            o.push_str(n);
        }
    }
    for (i, (label, n)) in COUNT_LABELS.into_iter().zip(h.counts).enumerate() {
        o.push_str(if i == 0 { "; " } else { ", " });
        o.push_str(label);
        o.push_str(": ");
        crate::encoding::push_number(&mut o, n.into());
    }
    o.push('\n');
    if h.rd && !h.ra {
        o.push_str(";; WARNING: recursion requested but not available\n");
    }
    if extra > 0 {
        let _ = writeln!(o, ";; WARNING: Message has {extra} extra bytes at end");
    }
    let opt_read = m
        .additionals
        .iter()
        .any(|r| r.rtype == Rtype::OPT && before(r));
    if let Some(e) = m.edns.as_ref().filter(|_| opt_read) {
        opt_pseudosection(&mut o, e, msg);
    }
    let names = section_names(m.is_update());
    if !m.questions.is_empty() {
        // After the OPT pseudo-section dig leaves no blank line.
        if !(m.edns.is_some() && opt_read) {
            o.push('\n');
        }
        section_heading(&mut o, names[0]);
        for q in &m.questions {
            // dig's ';' does not count for the columns.
            o.push(';');
            let mut l = Line::on(&mut o);
            l.push(&q.name);
            l.indent(CLASS_COLUMN);
            l.push_ascii(|t| q.qclass.push_text(t));
            l.indent(TYPE_COLUMN);
            l.push_ascii(|t| q.qtype.push_text(t));
            o.push('\n');
        }
    }
    for (i, recs) in [&m.answers, &m.authorities, &m.additionals]
        .into_iter()
        .enumerate()
    {
        // OPT and TSIG have pseudo-sections of their own; a record the message ends inside of
        // before its TYPE..RDLENGTH has no values to print (its diagnostic says so).
        let mut shown = recs
            .iter()
            .filter(|r| r.fixed && before(r))
            .filter(|r| r.rtype != Rtype::OPT && !(i == 2 && r.rtype == Rtype::TSIG))
            .peekable();
        if shown.peek().is_none() {
            continue;
        }
        o.push('\n');
        section_heading(&mut o, names[i + 1]);
        for r in shown {
            push_record_line(&mut o, r);
            o.push('\n');
        }
    }
    let mut tsig = m
        .additionals
        .iter()
        .filter(|r| r.rtype == Rtype::TSIG)
        .peekable();
    if tsig.peek().is_some() {
        o.push_str("\n;; TSIG PSEUDOSECTION:\n");
        for r in tsig {
            // BIND prints the empty other-data as nothing after a space.
            push_record_line(&mut o, r);
            o.push_str(" \n");
        }
    }
    o.push_str("\n;; MSG SIZE  rcvd: ");
    crate::encoding::push_number(&mut o, m.len as u64);
    o.push('\n');
    diagnostics(&mut o, m);
    o
}

/// The OPT record as dig shows it, with each option dig's way.
fn opt_pseudosection(o: &mut String, e: &crate::dissect::model::Edns, msg: &[u8]) {
    use crate::encoding::push_number;
    o.push_str("\n;; OPT PSEUDOSECTION:\n; EDNS: version: ");
    push_number(o, e.version.into());
    o.push_str(if e.dnssec_ok {
        ", flags: do; "
    } else {
        ", flags:; "
    });
    if e.z != 0 {
        o.push_str("MBZ: ");
        super::push_offset(o, e.z.into());
        o.push_str(", ");
    }
    o.push_str("udp: ");
    push_number(o, e.udp_size.into());
    o.push('\n');
    for opt in &e.options {
        let data = msg.get(opt.data.start..opt.data.end).unwrap_or(&[]);
        o.push_str("; ");
        o.push_str(&option(opt, data));
        o.push('\n');
    }
}

/// dnslens's own findings, after dig's text.
fn diagnostics(o: &mut String, m: &Message) {
    if !m.diagnostics.is_empty() {
        let _ = writeln!(o, "\n;; dnslens: {} problem(s)", m.diagnostics.len());
        for d in &m.diagnostics {
            let _ = writeln!(
                o,
                ";; {} at offset {}: {}",
                super::sev(d.severity),
                d.span.start,
                d.message
            );
        }
    }
}

/// The verdicts of BIND's message parser that dnslens reproduces: the name errors that make
/// dig refuse a message outright (the first problem of the strict parse, the same walker's),
/// and EDNS options BIND will not accept.
fn refused(m: &Message, msg: &[u8], first_error: Option<Error>) -> Option<&'static str> {
    use crate::wire::name::NameError;
    if !cfg!(feature = "dig-verdicts") {
        return None;
    }
    if let Some(e) = first_error {
        let is = |n: NameError| e.what == n.what();
        if is(NameError::NotBackwards { target: 0 }) {
            return Some("bad compression pointer");
        } else if is(NameError::ReservedLabelType(0)) {
            return Some("bad label type");
        } else if is(NameError::TooLong) {
            return Some("name too long");
        }
    }
    // BIND refuses a record of the reserved type 0 outright (its parser's FORMERR).
    if [&m.answers, &m.authorities, &m.additionals]
        .into_iter()
        .flatten()
        .any(|r| r.fixed && r.rtype == Rtype(0))
    {
        return Some("FORMERR");
    }
    for r in m.additionals.iter().filter(|r| r.rtype == Rtype::OPT) {
        let rdata = msg.get(r.rdata.start..r.rdata.end).unwrap_or(&[]);
        // An option cut short is a truncation, not a refusal (see `stops_at`).
        for t in crate::wire::tlv::walk(rdata).flatten() {
            if !bind_accepts_option(OptCode(t.code), t.value) {
                return Some("malformed OPT option");
            }
        }
    }
    None
}

/// The lengths and values BIND 9.18 accepts in the options it knows (RFC 7871 §6 client
/// subnet with its prefix rules, RFC 7314 EXPIRE, RFC 7873 COOKIE, RFC 7828 KEEPALIVE, RFC 8145
/// KEY-TAG, RFC 8914 EDE, RFC 7830 PADDING has none).
fn bind_accepts_option(code: OptCode, d: &[u8]) -> bool {
    match code {
        // BIND takes family 0 (with empty prefixes) and refuses set bits past the prefix.
        OptCode::ECS => crate::wire::ecs::Ecs::read(d).is_some_and(|e| {
            let p = e.problems();
            !(p.unknown_family || p.prefix_too_long || p.address_length || p.bits_past_prefix)
        }),
        OptCode::EXPIRE => d.is_empty() || d.len() == 4,
        OptCode::COOKIE => d.len() == 8 || (16..=40).contains(&d.len()),
        OptCode::TCP_KEEPALIVE => d.is_empty() || d.len() == 2,
        OptCode::KEY_TAG => !d.is_empty() && d.len().is_multiple_of(2),
        OptCode::EDE => d.len() >= 2,
        _ => true,
    }
}

/// Where BIND's best-effort parse stops: at the record whose RDATA runs out before its type's
/// fields do (dig, ignoring truncation, shows the records before it and calls the rest extra
/// bytes). Returns where that record and its RDATA start.
fn stops_at(m: &Message, first_error: Option<Error>) -> Option<(usize, usize)> {
    use crate::wire::name::NameError;
    const RAN_OUT: [&str; 6] = [
        crate::wire::header::RDATA_PAST_END,
        "the RDATA is shorter than its type needs",
        "a field runs past the end of its data",
        "a character-string runs past the end of its data",
        "an option header runs past the end of the RDATA",
        "an option's length runs past the end of the RDATA",
    ];
    let e = first_error?;
    let label_past = NameError::LabelPast { len: 0, remain: 0 };
    let names = [NameError::RunsPast, NameError::PointerCut, label_past].map(NameError::what);
    if !RAN_OUT.contains(&e.what) && !names.contains(&e.what) {
        return None;
    }
    [&m.answers, &m.authorities, &m.additionals]
        .into_iter()
        .flatten()
        .find(|r| {
            // Anywhere in the record: its fixed fields, its RDATA, or (cut short) what is left.
            r.span.start <= e.offset && e.offset <= r.span.end.max(r.rdata.end)
        })
        .map(|r| (r.span.start, r.rdata.start))
}

/// What BIND's parser objects to and reads on past: a question asked twice (same name, type
/// and class), or a question or record of another class than the message's (the first one
/// seen), OPT, TSIG and TKEY aside, and UPDATE's NONE and ANY.
fn mixed_classes(m: &Message) -> bool {
    use crate::iana::Class;
    // Pairwise, for the first 256 questions only: bounded work whatever the count (a message
    // with more questions than that is hostile, and dnslens's own diagnostics say so).
    let qs = &m.questions[..m.questions.len().min(256)];
    let twice = qs.iter().enumerate().any(|(i, a)| {
        qs[..i].iter().any(|b| {
            a.qtype == b.qtype && a.qclass == b.qclass && a.name.eq_ignore_ascii_case(&b.name)
        })
    });
    if twice {
        return true;
    }
    let update = m.is_update();
    let mut first: Option<Class> = None;
    let classes = m.questions.iter().map(|q| q.qclass).chain(
        [&m.answers, &m.authorities, &m.additionals]
            .into_iter()
            .flatten()
            .filter(|r| r.fixed && !matches!(r.rtype, Rtype::OPT | Rtype::TSIG | Rtype::TKEY))
            .filter(|r| !(update && matches!(r.class, Class::NONE | Class::ANY)))
            .map(|r| r.class),
    );
    for c in classes {
        match first {
            None => first = Some(c),
            Some(f) if f != c && f != Class::ANY => return true,
            Some(_) => {}
        }
    }
    false
}

/// What dig prints for a message it refuses: the reason, then the bytes as a hex dump.
fn bad_packet(o: &mut String, reason: &str, msg: &[u8]) {
    let _ = writeln!(o, ";; Got bad packet: {reason}\n{} bytes", msg.len());
    for row in msg.chunks(16) {
        let mut l = Line::on(o);
        for (i, b) in row.iter().enumerate() {
            if i > 0 {
                l.push(" ");
            }
            l.push_ascii(|t| crate::encoding::push_hex(t, &[*b]));
        }
        // The ASCII column starts at 57 (BIND pads with spaces).
        while l.col < 57 {
            l.text.push(' ');
            l.col += 1;
        }
        for &b in row {
            // BIND's dump shows `~` as a dot too.
            l.text.push(if (0x21..0x7e).contains(&b) {
                b as char
            } else {
                '.'
            });
        }
        o.push('\n');
    }
}

/// True for a name under `local.` (RFC 6762), which dig warns about.
fn is_local(name: &str) -> bool {
    let n = name.strip_suffix('.').unwrap_or(name);
    n.len() >= 5
        && n[n.len() - 5..].eq_ignore_ascii_case("local")
        && (n.len() == 5 || n.as_bytes()[n.len() - 6] == b'.')
}

/// Bytes as dig shows unknown option data: ` xx` each, then the printable ones in quotes.
fn bytes_and_ascii(out: &mut String, data: &[u8]) {
    for b in data {
        let _ = write!(out, " {b:02x}");
    }
    if !data.is_empty() {
        out.push_str(" (\"");
        for &b in data {
            out.push(if (0x21..0x7f).contains(&b) {
                b as char
            } else {
                '.'
            });
        }
        out.push_str("\")");
    }
}

/// A duration as BIND writes it in words: `2 weeks`, `1 day 2 hours`.
fn words(secs: u32) -> String {
    let mut out = String::new();
    let parts = [
        (secs / 604_800, "week"),
        (secs / 86_400 % 7, "day"),
        (secs / 3600 % 24, "hour"),
        (secs / 60 % 60, "minute"),
        (secs % 60, "second"),
    ];
    for (n, unit) in parts {
        if n > 0 {
            if !out.is_empty() {
                out.push(' ');
            }
            let _ = write!(out, "{n} {unit}{}", if n == 1 { "" } else { "s" });
        }
    }
    if out.is_empty() {
        out.push_str("0 seconds");
    }
    out
}

/// One EDNS option as dig 9.18 prints it in the OPT pseudo-section.
fn option(opt: &EdnsOption, d: &[u8]) -> String {
    let mut t = String::new();
    let be16 = |i: usize| d.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    match opt.code {
        OptCode::NSID => {
            t.push_str("NSID:");
            bytes_and_ascii(&mut t, d);
        }
        OptCode::ECS => {
            t.push_str("CLIENT-SUBNET: ");
            let Some(e) = crate::wire::ecs::Ecs::read(d) else {
                return t;
            };
            match e.ip() {
                Some(ip) => super::push_ip(&mut t, ip),
                None => t.push('?'),
            }
            let (src, scope) = (e.source, e.scope);
            let _ = write!(t, "/{src}/{scope}");
        }
        OptCode::EXPIRE => {
            t.push_str("EXPIRE:");
            if let Some(b) = d.get(..4).filter(|_| d.len() == 4) {
                let secs = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
                let _ = write!(t, " {secs} ({})", words(secs));
            }
        }
        OptCode::COOKIE => {
            t.push_str("COOKIE: ");
            for b in d {
                let _ = write!(t, "{b:02x}");
            }
        }
        OptCode::TCP_KEEPALIVE => {
            t.push_str("TCP KEEPALIVE:");
            if let (Some(v), 2) = (be16(0), d.len()) {
                let _ = write!(t, " {}.{} secs", v / 10, v % 10);
            }
        }
        OptCode::PADDING => {
            let _ = write!(t, "PAD: ({} bytes)", d.len());
        }
        OptCode::KEY_TAG => {
            t.push_str("KEY-TAG:");
            for (i, c) in d.chunks_exact(2).enumerate() {
                let _ = write!(
                    t,
                    "{} {}",
                    if i > 0 { "," } else { "" },
                    u16::from_be_bytes([c[0], c[1]])
                );
            }
        }
        OptCode::EDE => {
            t.push_str("EDE:");
            if let Some(code) = be16(0) {
                let _ = write!(t, " {code}");
                if let Some(n) = ede_name(code) {
                    let _ = write!(t, " ({n})");
                }
                if d.len() > 2 {
                    t.push_str(": (");
                    t.push_str(&alloc::string::String::from_utf8_lossy(&d[2..]));
                    t.push(')');
                }
            }
        }
        c => {
            let _ = write!(t, "OPT={}:", c.0);
            bytes_and_ascii(&mut t, d);
        }
    }
    t
}

#[cfg(test)]
mod test {
    use super::*;

    fn at(text: &str, to: usize) -> String {
        let mut s = String::new();
        let mut l = Line::on(&mut s);
        l.push(text);
        l.indent(to);
        s
    }

    #[test]
    fn bind_columns() {
        assert_eq!(at("dnsbl.sorbs.net.", TTL_COLUMN), "dnsbl.sorbs.net.\t");
        assert_eq!(at(";citadel.com.", CLASS_COLUMN), ";citadel.com.\t\t\t");
        assert_eq!(
            at(";3.45.191.206.dnsbl.sorbs.net.", CLASS_COLUMN),
            ";3.45.191.206.dnsbl.sorbs.net.\t"
        );
        // Past the column: one space, or a tab when that lands on a tab stop.
        assert!(at(&"x".repeat(33), CLASS_COLUMN).ends_with("x "));
        assert!(at(&"x".repeat(39), CLASS_COLUMN).ends_with("x\t"));
        // After tabs the column is the tab stop's.
        let mut s = String::new();
        let mut l = Line::on(&mut s);
        l.push(";daisy.ubuntu.com.");
        l.indent(CLASS_COLUMN);
        l.push("IN");
        l.indent(TYPE_COLUMN);
        assert_eq!(s, ";daisy.ubuntu.com.\t\tIN\t");
    }

    #[test]
    fn a_record_cut_before_its_type_is_not_printed() {
        // The answer's owner is there (a pointer to the question), its TYPE is not.
        let msg = [
            0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 1, b'a', 0, 0, 1, 0, 1, 0xc0, 12, 0,
        ];
        let m = crate::decode(&msg);
        let text = dig(&m, &msg);
        assert!(
            !text.contains("CLASS0") && !text.contains("TYPE0"),
            "{text}"
        );
        assert!(text.contains(";; dnslens:"), "{text}");
    }

    #[test]
    fn option_words_and_local() {
        assert_eq!(words(1_209_600), "2 weeks");
        assert_eq!(words(90_061), "1 day 1 hour 1 minute 1 second");
        assert!(is_local("Yaels-iPhone.local.") && is_local("LOCAL.") && !is_local("nolocal."));
    }
}
