//! Turn user input (pasted text or a dropped file) into what the page shows.

use std::rc::Rc;

use dnslens::layers::{self, Start};
use dnslens::{Diagnostic, Field, Flavor, Kind, Message, Span};

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
        let (fields, diags) = match s.linktype {
            Some(lt) => {
                let l = layers::dissect(lt, &data);
                (l.fields, l.diagnostics)
            }
            None => (Vec::new(), Vec::new()),
        };
        let mut shown = build(data, fields, diags, s.dns, s.flavor, s.note.clone());
        shown.linktype = s.linktype;
        shown
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
    let bytes = parsed.bytes;
    let (start, why) = match start {
        Some(s) => (s, "chosen by you"),
        None => layers::detect(&bytes),
    };
    let l = layers::dissect_from(start, &bytes);
    let (payload, flavor) = (l.dns_span(start, bytes.len()), l.flavor());
    let note = format!(
        "Read as {}; {} bytes starting at {} — {why}.",
        parsed.format.describe(),
        bytes.len(),
        start_name(start)
    );
    Ok(build(
        Rc::new(bytes),
        l.fields,
        l.diagnostics,
        payload,
        dialect.unwrap_or(flavor),
        note,
    ))
}

/// Human name of a start layer.
pub fn start_name(s: Start) -> &'static str {
    match s {
        Start::Ethernet => "Ethernet",
        Start::Ipv4 => "IPv4",
        Start::Ipv6 => "IPv6",
        Start::Udp => "UDP",
        Start::Tcp => "TCP",
        Start::Dns => "the DNS header",
    }
}

fn build(
    bytes: Rc<Vec<u8>>,
    layer_fields: Vec<Field>,
    mut diags: Vec<Diagnostic>,
    dns: Span,
    flavor: Flavor,
    note: String,
) -> Shown {
    let dns = Span::new(dns.start.min(bytes.len()), dns.end.min(bytes.len()));
    let m = dnslens::decode_as(&bytes[dns.start..dns.end], flavor);
    let mut dns_tree = m.tree.clone();
    dns_tree.shift(dns.start);
    dns_tree.name = match flavor {
        Flavor::Mdns => "Multicast DNS".into(),
        Flavor::Llmnr => "Link-Local Multicast Name Resolution".into(),
        Flavor::Dns => dns_tree.name,
    };
    let mut root = Field::new(
        "Packet",
        format!("{} bytes", bytes.len()),
        Span::new(0, bytes.len()),
        Kind::Group,
    );
    root.children = layer_fields;
    root.children.push(dns_tree);
    diags.extend(m.diagnostics.iter().cloned().map(|mut d| {
        d.shift(dns.start);
        d
    }));
    diags.sort_by_key(|d| d.span.start);
    let info = dnslens::present::summary(&m);
    Shown {
        bytes,
        tree: root,
        diagnostics: diags,
        message: Rc::new(m),
        dns,
        info,
        note,
        linktype: None,
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

    fn shape(f: &Field, out: &mut String) {
        out.push_str(&f.name);
        if !f.children.is_empty() {
            out.push('{');
            for (i, c) in f.children.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                shape(c, out);
            }
            out.push('}');
        }
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
            shape(&s.tree, &mut got);
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
