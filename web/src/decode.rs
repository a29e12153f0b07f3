//! Turn user input (pasted text or a dropped file) into what the page shows.

use std::rc::Rc;

use dnslens::dissect::layers::Start;
use dnslens::{Diagnostic, Field, Flavor, Message, Span};

/// One DNS message with the bytes around it, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    /// Bytes shown in the hex view (the frame, or the pasted bytes).
    pub bytes: Rc<Vec<u8>>,
    /// The tree: lower layers, then DNS; spans index `bytes`.
    pub tree: Field,
    /// Every diagnostic, spans indexing `bytes`.
    pub diagnostics: Vec<Diagnostic>,
    /// The decoded message.
    pub message: Rc<Message>,
    /// Where the DNS message sits in `bytes`.
    pub dns: Span,
    /// One-line summary.
    pub info: String,
    /// How the input was read, and why.
    pub note: String,
    /// The frame's link type, for a message shown with its frame.
    pub linktype: Option<u32>,
}

impl Shown {
    /// The DNS message's own bytes.
    pub fn dns_bytes(&self) -> &[u8] {
        self.bytes.get(self.dns.start..self.dns.end).unwrap_or(&[])
    }
}

/// Where a row's bytes are: kept once for the whole file, dissected only when shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// The capture file, or the reassembled message.
    pub bytes: Rc<Vec<u8>>,
    /// The frame (or message) within `bytes`.
    pub data: Span,
    /// Link type of the frame; `None` when `data` is a reassembled DNS message.
    pub linktype: Option<u32>,
    /// The DNS message within `data`.
    pub dns: Span,
    /// Dialect from the port.
    pub flavor: Flavor,
    /// How it was found.
    pub note: String,
}

impl Source {
    /// The full dissection of a message's bytes.
    pub fn show(&self) -> Shown {
        let s = self;
        let data = Rc::new(
            s.bytes
                .get(s.data.start..s.data.end)
                .unwrap_or(&[])
                .to_vec(),
        );
        let d = dnslens::dissect::dissect_frame(s.linktype, &data, s.dns, s.flavor);
        shown(data, d, s.note.clone(), s.linktype)
    }
}

/// Where the user says the input starts (None: detect).
pub type StartChoice = Option<Start>;

/// Longest paste decoded as you type (characters); beyond it, open the bytes as a file.
pub const MAX_PASTE: usize = 2 * 1024 * 1024;

/// Decode pasted text.
pub fn from_text(text: &str, start: StartChoice, dialect: Option<Flavor>) -> Result<Shown, String> {
    if text.len() > MAX_PASTE {
        return Err(format!("this paste is {} MB; the paste box decodes up to {} MB of text — save the bytes to a file and open it instead", crate::listing::decimal(text.len() as u64 * 10 / 1048576, 1), MAX_PASTE >> 20));
    }
    let parsed = dnslens::input::parse(text).map_err(|e| e.to_string())?;
    let d = dnslens::dissect(&parsed.bytes, start, dialect);
    let why = if start.is_some() {
        "chosen by you"
    } else {
        &d.why
    };
    let note = format!(
        "Read as {}; {} bytes starting at {} — {why}.",
        parsed.format.describe(),
        parsed.bytes.len(),
        d.start.unwrap_or(Start::Dns).name()
    );
    Ok(shown(Rc::new(parsed.bytes), d, note, None))
}

/// Human name of a start layer.
/// The longest Info line shown above the tree, in bytes.
pub const SUMMARY_MAX: usize = 400;

/// What the page shows of a dissection: the engine's tree and diagnostics as they are.
fn shown(bytes: Rc<Vec<u8>>, d: dnslens::Dissection, note: String, linktype: Option<u32>) -> Shown {
    let mut info =
        dnslens::present::summary(bytes.get(d.dns_span.start..d.dns_span.end).unwrap_or(&[]));
    // A hostile message can list thousands of records in its Info line: keep the first ones.
    if info.len() > SUMMARY_MAX {
        let cut = (0..=SUMMARY_MAX)
            .rev()
            .find(|&i| info.is_char_boundary(i))
            .unwrap_or(0);
        info.truncate(cut);
        info.push_str(" …");
    }
    Shown {
        bytes,
        tree: d.tree,
        diagnostics: d.diagnostics,
        message: Rc::new(d.message),
        dns: d.dns_span,
        info,
        note,
        linktype,
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn text_with_forced_layer_and_dialect() {
        let s = from_text(crate::examples::NXDOMAIN, None, None).unwrap();
        assert_eq!(s.dns, Span::new(28, 130));
        assert!(s.note.contains("IPv4"));
        let forced = from_text(crate::examples::NXDOMAIN, Some(Start::Dns), None).unwrap();
        assert_eq!(forced.dns, Span::new(0, 130));
        assert_eq!(forced.message.header.id, 0x4500);
        assert!(from_text("zz", None, None).unwrap_err().contains("line 1"));
    }

    /// v1 permalinks store tree paths: the examples' trees keep their shape and child order
    /// (`tests/golden/shapes-examples.txt`; `UPDATE_GOLDEN=1` rewrites it).
    #[test]
    fn examples_keep_their_tree_shape() {
        let mut got = String::new();
        for (label, text, flavor) in crate::examples::EXAMPLES {
            let s = from_text(text, None, Some(*flavor)).unwrap();
            got.push_str(label);
            got.push(' ');
            got.push_str(&s.tree.shape());
            got.push('\n');
        }
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/golden/shapes-examples.txt"
        );
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(path, &got).unwrap();
        }
        assert_eq!(std::fs::read_to_string(path).unwrap(), got);
    }
}
