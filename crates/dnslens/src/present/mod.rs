//! Renderings of a decoded message: what `dig` prints, the whole dissection tree as text, the
//! Info line ([`info`]) and RFC 8427 JSON (`json`, with the `serde` feature).

mod dig;
pub mod info;
#[cfg(feature = "serde")]
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
