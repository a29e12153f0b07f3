//! Turn user input (pasted text or a dropped file) into what the page shows.

use std::rc::Rc;

use dnslens::capture::Reader;
use dnslens::layers::{self, Extractor, Start};
use dnslens::{Diagnostic, Field, Kind, Message, Span};

/// One DNS message with the frame it came from, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    /// Bytes shown in the hex view (the frame, or the pasted bytes).
    pub bytes: Rc<Vec<u8>>,
    /// The tree: lower layers, then DNS, spans relative to `bytes`.
    pub tree: Field,
    /// Every diagnostic, spans relative to `bytes`.
    pub diagnostics: Vec<Diagnostic>,
    /// The decoded message.
    pub message: Rc<Message>,
    /// One-line summary.
    pub info: String,
    /// Where the input was taken to start, and why.
    pub start_note: String,
}

/// A row of the packet list.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Frame number.
    pub frame: usize,
    /// Source and destination.
    pub src: String,
    /// Destination.
    pub dst: String,
    /// DNS / mDNS / LLMNR.
    pub proto: &'static str,
    /// Summary.
    pub info: String,
    /// Has problems.
    pub flagged: bool,
    /// The message.
    pub shown: Rc<Shown>,
}

/// Decode pasted text.
pub fn from_text(text: &str) -> Result<Shown, String> {
    let parsed = dnslens::input::parse(text).map_err(|e| e.to_string())?;
    let bytes = parsed.bytes;
    let (start, why) = layers::detect(&bytes);
    let l = layers::dissect_from(start, &bytes);
    let (payload, flavor, tcp) = match (&l.l4, start) {
        (Some(l4), s) if s != Start::Dns => {
            let tcp = l4.proto == layers::Transport::Tcp;
            let p = l4.payload;
            let flavor = flavor_of(l4.sport, l4.dport);
            (
                Span::new(p.start + if tcp { 2 } else { 0 }, p.end),
                flavor,
                tcp,
            )
        }
        _ => (Span::new(0, bytes.len()), dnslens::Flavor::Dns, false),
    };
    let _ = tcp;
    let note = format!(
        "read as {}; starts at {:?} — {why}",
        parsed.format.describe(),
        start
    );
    Ok(build(
        Rc::new(bytes),
        l.fields,
        l.diagnostics,
        payload,
        flavor,
        note,
    ))
}

fn flavor_of(a: u16, b: u16) -> dnslens::Flavor {
    if a == 5353 || b == 5353 {
        dnslens::Flavor::Mdns
    } else if a == 5355 || b == 5355 {
        dnslens::Flavor::Llmnr
    } else {
        dnslens::Flavor::Dns
    }
}

fn build(
    bytes: Rc<Vec<u8>>,
    layer_fields: Vec<Field>,
    mut diags: Vec<Diagnostic>,
    payload: Span,
    flavor: dnslens::Flavor,
    note: String,
) -> Shown {
    let dns = bytes
        .get(payload.start.min(bytes.len())..payload.end.min(bytes.len()))
        .unwrap_or(&[]);
    let m = dnslens::decode_as(dns, flavor);
    let mut dns_tree = m.tree.clone();
    dns_tree.shift(payload.start);
    let mut root = Field::new(
        "Packet",
        format!("{} bytes", bytes.len()),
        Span::new(0, bytes.len()),
        Kind::Group,
    );
    root.children = layer_fields;
    root.children.push(dns_tree);
    diags.extend(m.diagnostics.iter().cloned().map(|mut d| {
        d.shift(payload.start);
        d
    }));
    let info = dnslens::present::summary(&m);
    Shown {
        bytes,
        tree: root,
        diagnostics: diags,
        message: Rc::new(m),
        info,
        start_note: note,
    }
}

/// Decode a capture file into packet-list rows (or, for other files, the bytes as one message).
pub fn from_file(name: &str, data: Vec<u8>) -> Result<Vec<Row>, String> {
    let Ok(reader) = Reader::new(&data) else {
        // Not a capture: treat the file as one raw DNS message.
        let len = data.len();
        let s = build(
            Rc::new(data),
            Vec::new(),
            Vec::new(),
            Span::new(0, len),
            dnslens::Flavor::Dns,
            format!("{name}: not a capture file, read as one DNS message"),
        );
        return Ok(vec![Row {
            frame: 1,
            src: String::new(),
            dst: String::new(),
            proto: "DNS",
            info: s.info.clone(),
            flagged: !s.diagnostics.is_empty(),
            shown: Rc::new(s),
        }]);
    };
    let mut x = Extractor::default();
    let mut rows = Vec::new();
    for p in reader {
        let (l, found) = x.push(p.number, p.ts_ns, p.linktype, p.data);
        for f in found {
            let (bytes, fields, diags, payload) = match f.in_frame {
                Some(span) => (
                    Rc::new(p.data.to_vec()),
                    l.fields.clone(),
                    l.diagnostics.clone(),
                    span,
                ),
                None => {
                    let len = f.bytes.len();
                    (
                        Rc::new(f.bytes.clone()),
                        Vec::new(),
                        Vec::new(),
                        Span::new(0, len),
                    )
                }
            };
            let s = build(
                bytes,
                fields,
                diags,
                payload,
                f.flavor,
                format!(
                    "frame {}, {:?} {}:{} → {}:{}",
                    f.frame, f.transport, f.src, f.sport, f.dst, f.dport
                ),
            );
            rows.push(Row {
                frame: f.frame,
                src: f.src.to_string(),
                dst: f.dst.to_string(),
                proto: match f.flavor {
                    dnslens::Flavor::Mdns => "mDNS",
                    dnslens::Flavor::Llmnr => "LLMNR",
                    dnslens::Flavor::Dns => "DNS",
                },
                info: s.info.clone(),
                flagged: s
                    .diagnostics
                    .iter()
                    .any(|d| d.severity >= dnslens::Severity::Warning),
                shown: Rc::new(s),
            });
        }
    }
    if rows.is_empty() {
        return Err(format!(
            "{name}: no DNS messages found on ports 53, 5353 or 5355"
        ));
    }
    Ok(rows)
}
