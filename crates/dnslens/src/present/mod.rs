//! Renderings of a decoded message: what `dig` prints, the whole dissection tree as text, the
//! Info line ([`info`]) and RFC 8427 JSON (`json`, with the `serde` feature).

pub mod info;
#[cfg(feature = "serde")]
pub mod json;

use alloc::format;
use alloc::string::String;
use core::fmt::Write;

use crate::dissect::model::{section_names, Message, Record};
use crate::iana::Opcode;
use crate::tree::{Diagnostic, Field, Severity};

/// One record as a zone-file line: `name TTL CLASS TYPE rdata` (tab-separated like dig).
pub fn record_line(r: &Record) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}",
        r.name, r.ttl, r.class, r.rtype, r.rdata_text
    )
}

/// The message as `dig` prints it (header comments, pseudo-section, sections).
pub fn dig(m: &Message) -> String {
    let h = &m.header;
    let mut o = String::new();
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
    let names = section_names(m.is_update());
    let _ = writeln!(
        o,
        ";; flags:{flags}; {}: {}, {}: {}, {}: {}, {}: {}",
        names[0].to_ascii_uppercase(),
        h.counts[0],
        names[1].to_ascii_uppercase(),
        h.counts[1],
        names[2].to_ascii_uppercase(),
        h.counts[2],
        names[3].to_ascii_uppercase(),
        h.counts[3]
    );
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
    if !m.questions.is_empty() {
        let _ = writeln!(o, "\n;; {} SECTION:", names[0].to_ascii_uppercase());
        for q in &m.questions {
            let _ = writeln!(o, ";{}\t\t{}\t{}", q.name, q.qclass, q.qtype);
        }
    }
    for (i, recs) in [&m.answers, &m.authorities, &m.additionals]
        .into_iter()
        .enumerate()
    {
        let shown: alloc::vec::Vec<&Record> = recs
            .iter()
            .filter(|r| r.rtype != crate::iana::Rtype::OPT)
            .collect();
        if shown.is_empty() {
            continue;
        }
        let _ = writeln!(o, "\n;; {} SECTION:", names[i + 1].to_ascii_uppercase());
        for r in shown {
            let _ = writeln!(o, "{}", record_line(r));
        }
    }
    if !m.diagnostics.is_empty() {
        o.push('\n');
        for d in &m.diagnostics {
            let _ = writeln!(
                o,
                ";; {} at offset {}: {}",
                sev(d.severity),
                d.span.start,
                d.message
            );
        }
    }
    let _ = writeln!(o, "\n;; MSG SIZE  rcvd: {}", m.len);
    o
}

fn sev(s: Severity) -> &'static str {
    match s {
        Severity::Note => "note",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// The dissection tree, one field per line with its byte range, value and explanation.
pub fn tree_text(root: &Field) -> String {
    let mut o = String::new();
    root.walk(&mut |path, f| {
        let indent = path.len() * 2;
        let _ = write!(
            o,
            "{:indent$}[{:#06x}..{:#06x}) {}",
            "", f.span.start, f.span.end, f.name
        );
        if let Some(m) = f.mask {
            let _ = write!(o, " (mask {m:#06x})");
        }
        if !f.value.is_empty() {
            let _ = write!(o, ": {}", f.value);
        }
        if let Some(t) = f.target {
            let _ = write!(o, " (target {t:#06x})");
        }
        if !f.explain.is_empty() {
            let _ = write!(o, "  — {}", f.explain);
        }
        if !f.rfc.is_empty() {
            let _ = write!(o, " [{}]", f.rfc);
        }
        o.push('\n');
    });
    o
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
