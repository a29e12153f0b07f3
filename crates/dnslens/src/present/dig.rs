//! What `dig` (BIND 9.18) prints for a response, character for character: its warnings, the
//! header and flags lines, the OPT pseudo-section, and each section with BIND's column layout.
//! dnslens's own diagnostics follow dig's text as `;;` comment lines under `;; dnslens:`.

use alloc::string::String;
use core::fmt::Write;

use crate::dissect::model::{section_names, Message, Record};
use crate::iana::{Opcode, Rtype};

/// Columns of dig's record lines (BIND's master-file style for dig: TTL, CLASS, TYPE, RDATA).
const TTL_COLUMN: usize = 24;
const CLASS_COLUMN: usize = 32;
const TYPE_COLUMN: usize = 40;
const RDATA_COLUMN: usize = 48;
const TAB: usize = 8;

/// A line being laid out in columns (tabs count to the next multiple of 8).
struct Line {
    text: String,
    col: usize,
}

impl Line {
    fn new(capacity: usize) -> Line {
        Line {
            text: String::with_capacity(capacity),
            col: 0,
        }
    }

    /// Text without tabs or newlines.
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.col += s.chars().count();
    }

    fn push_fmt(&mut self, v: impl core::fmt::Display) {
        let at = self.text.len();
        let _ = write!(self.text, "{v}");
        self.col += self.text[at..].chars().count();
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
    let mut l = Line::new(r.name.len() + r.rdata_text.len() + 32);
    l.push(&r.name);
    l.indent(TTL_COLUMN);
    l.push_fmt(r.ttl);
    l.indent(CLASS_COLUMN);
    l.push_fmt(r.class);
    l.indent(TYPE_COLUMN);
    l.push_fmt(r.rtype);
    if !r.rdata_text.is_empty() {
        l.indent(RDATA_COLUMN);
        l.push(&r.rdata_text);
    }
    l.text
}

/// The counts' labels on dig's flags line.
fn count_labels(update: bool) -> [&'static str; 4] {
    if update {
        ["ZONE", "PREREQ", "UPDATE", "ADDITIONAL"]
    } else {
        ["QUERY", "ANSWER", "AUTHORITY", "ADDITIONAL"]
    }
}

/// The message as `dig` prints it (header comments, pseudo-section, sections), then dnslens's
/// diagnostics.
pub fn dig(m: &Message) -> String {
    let h = &m.header;
    let mut o = String::new();
    if !h.qr {
        o.push_str(";; Warning: query response not set\n\n");
    }
    let _ = writeln!(
        o,
        ";; ->>HEADER<<- opcode: {}, status: {}, id: {}",
        Opcode(h.opcode),
        m.rcode(),
        h.id
    );
    let mut flags = String::new();
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
            flags.push(' ');
            flags.push_str(n);
        }
    }
    let labels = count_labels(m.is_update());
    let _ = writeln!(
        o,
        ";; flags:{flags}; {}: {}, {}: {}, {}: {}, {}: {}",
        labels[0],
        h.counts[0],
        labels[1],
        h.counts[1],
        labels[2],
        h.counts[2],
        labels[3],
        h.counts[3]
    );
    if h.rd && !h.ra {
        o.push_str(";; WARNING: recursion requested but not available\n");
    }
    if let Some(e) = &m.edns {
        let _ = writeln!(o, "\n;; OPT PSEUDOSECTION:");
        let _ = writeln!(
            o,
            "; EDNS: version: {}, flags:{}; udp: {}",
            e.version,
            if e.dnssec_ok { " do" } else { "" },
            e.udp_size
        );
        for opt in &e.options {
            let _ = writeln!(o, "; {}", opt.text);
        }
    }
    let names = section_names(m.is_update());
    if !m.questions.is_empty() {
        // After the OPT pseudo-section dig leaves no blank line.
        if m.edns.is_none() {
            o.push('\n');
        }
        let _ = writeln!(o, ";; {} SECTION:", names[0].to_ascii_uppercase());
        for q in &m.questions {
            let mut l = Line::new(q.name.len() + 24);
            // dig's ';' does not count for the columns.
            l.text.push(';');
            l.push(&q.name);
            l.indent(CLASS_COLUMN);
            l.push_fmt(q.qclass);
            l.indent(TYPE_COLUMN);
            l.push_fmt(q.qtype);
            o.push_str(&l.text);
            o.push('\n');
        }
    }
    for (i, recs) in [&m.answers, &m.authorities, &m.additionals]
        .into_iter()
        .enumerate()
    {
        let mut shown = recs.iter().filter(|r| r.rtype != Rtype::OPT).peekable();
        if shown.peek().is_none() {
            continue;
        }
        let _ = writeln!(o, "\n;; {} SECTION:", names[i + 1].to_ascii_uppercase());
        for r in shown {
            let _ = writeln!(o, "{}", record_line(r));
        }
    }
    let _ = writeln!(o, "\n;; MSG SIZE  rcvd: {}", m.len);
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
    o
}

#[cfg(test)]
mod test {
    use super::*;

    fn at(text: &str, to: usize) -> String {
        let mut l = Line::new(64);
        l.push(text);
        l.indent(to);
        l.text
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
        let mut l = Line::new(64);
        l.push(";daisy.ubuntu.com.");
        l.indent(CLASS_COLUMN);
        l.push("IN");
        l.indent(TYPE_COLUMN);
        assert_eq!(l.text, ";daisy.ubuntu.com.\t\tIN\t");
    }
}
