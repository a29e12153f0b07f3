//! Turn user input (pasted text or a dropped file) into what the page shows.

use std::rc::Rc;

use dnslens::capture::Reader;
use dnslens::layers::{self, Pairer, Start};
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

/// A row of the packet list.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Frame number.
    pub frame: usize,
    /// Seconds since the first message.
    pub time: f64,
    /// Source.
    pub src: String,
    /// Destination.
    pub dst: String,
    /// DNS / mDNS / LLMNR.
    pub proto: &'static str,
    /// Summary.
    pub info: String,
    /// Has warnings or errors.
    pub flagged: bool,
    /// For a response: the query's row and the time between, in ms.
    pub answers: Option<(usize, f64)>,
    /// For a query: the row of its response.
    pub answered_by: Option<usize>,
    /// Where its bytes are.
    pub source: Source,
}

impl Row {
    /// The full dissection, built when the row is shown.
    pub fn show(&self) -> Shown {
        Row::show_source(&self.source)
    }

    /// The full dissection of a message's bytes.
    pub fn show_source(s: &Source) -> Shown {
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
        return Err(format!("this paste is {:.1} MB; the paste box decodes up to {} MB of text — save the bytes to a file and open it instead", text.len() as f64 / 1048576.0, MAX_PASTE >> 20));
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

/// Largest capture the page accepts; bigger files get a clear message instead of a stall.
pub const MAX_FILE: usize = 512 * 1024 * 1024;

/// Decode a capture file into packet-list rows (or, for other files, the bytes as one message).
pub fn from_file(name: &str, data: Vec<u8>) -> Result<Vec<Row>, String> {
    if data.len() > MAX_FILE {
        return Err(format!("{name} is {} MB; the browser version opens files up to {} MB — use the dnslens command line for larger captures", data.len() >> 20, MAX_FILE >> 20));
    }
    let file = Rc::new(data);
    let reader = match Reader::new(&file) {
        Ok(r) => r,
        Err(e) => {
            // Not a capture: a raw DNS message saved as binary, if it could be one.
            if file.len() < 12 || file.len() > 65_535 {
                return Err(format!("{name}: {}", e.0));
            }
            let whole = Span::new(0, file.len());
            let source = Source {
                bytes: file.clone(),
                data: whole,
                linktype: None,
                dns: whole,
                flavor: Flavor::Dns,
                note: format!(
                    "{name} is not a capture file ({}); its bytes are read as one DNS message.",
                    e.0
                ),
            };
            let m = dnslens::decode(&file);
            return Ok(vec![row(1, 0.0, String::new(), String::new(), &m, source)]);
        }
    };
    drop(reader);
    // The listing pass: the Info line from the fast summary, no tree; a row is dissected in
    // full only when it is shown. A row is flagged when the summary could not read it to its end.
    let mut pairs = Pairer::default();
    let mut rows: Vec<Row> = Vec::new();
    let mut t0 = None;
    let walk = dnslens::summary::list(&file, &[], |item| {
        let f = item.found;
        let note = format!(
            "Frame {}: {} {}:{} → {}:{}{}. The hex view shows {}.",
            f.frame,
            if f.transport == layers::Transport::Tcp {
                "TCP"
            } else {
                "UDP"
            },
            f.src,
            f.sport,
            f.dst,
            f.dport,
            if f.notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", f.notes.join(", "))
            },
            if f.in_frame.is_some() {
                "the whole frame"
            } else {
                "the reassembled DNS message"
            }
        );
        let frame_start = item.frame_data.as_ptr() as usize - file.as_ptr() as usize;
        let source = match f.in_frame {
            Some(span) => Source {
                bytes: file.clone(),
                data: Span::new(frame_start, frame_start + item.frame_data.len()),
                linktype: Some(item.linktype),
                dns: span,
                flavor: f.flavor,
                note,
            },
            None => Source {
                bytes: Rc::new(item.bytes.to_vec()),
                data: Span::new(0, item.bytes.len()),
                linktype: None,
                dns: Span::new(0, item.bytes.len()),
                flavor: f.flavor,
                note,
            },
        };
        let t = *t0.get_or_insert(f.ts_ns);
        let mut r = Row {
            frame: f.frame,
            time: f.ts_ns.saturating_sub(t) as f64 / 1e9,
            src: f.src.to_string(),
            dst: f.dst.to_string(),
            proto: proto_name(f.flavor),
            info: item.info.to_string(),
            flagged: !item.brief.complete,
            answers: None,
            answered_by: None,
            source,
        };
        if let Some((q, dt)) = pairs.add(rows.len(), &f, item.brief.id, item.brief.qr) {
            r.answers = Some((q, dt as f64 / 1e6));
            let me = rows.len();
            if let Some(qr) = rows.get_mut(q) {
                qr.answered_by = Some(me);
            }
        }
        rows.push(r);
    });
    if let Err(e) = walk {
        return Err(format!("{name}: {}", e.0));
    }
    if rows.is_empty() {
        return Err(format!(
            "{name}: no DNS messages found (looked on UDP and TCP ports 53, 5353 and 5355)"
        ));
    }
    Ok(rows)
}

fn proto_name(f: Flavor) -> &'static str {
    match f {
        Flavor::Mdns => "mDNS",
        Flavor::Llmnr => "LLMNR",
        Flavor::Dns => "DNS",
    }
}

fn row(frame: usize, time: f64, src: String, dst: String, m: &Message, source: Source) -> Row {
    Row {
        frame,
        time,
        src,
        dst,
        proto: match source.flavor {
            Flavor::Mdns => "mDNS",
            Flavor::Llmnr => "LLMNR",
            Flavor::Dns => "DNS",
        },
        info: dnslens::present::summary(m),
        flagged: m
            .diagnostics
            .iter()
            .any(|d| d.severity >= dnslens::Severity::Warning),
        answers: None,
        answered_by: None,
        source,
    }
}

/// Does a row pass the filter? Words must all appear in the Info line (case-insensitive), or
/// in the addresses; `errors` keeps only rows with problems.
pub fn matches(r: &Row, filter: &str, errors_only: bool) -> bool {
    if errors_only && !r.flagged {
        return false;
    }
    let hay = format!("{} {} {} {}", r.info, r.src, r.dst, r.proto).to_lowercase();
    filter
        .split_whitespace()
        .all(|w| hay.contains(&w.to_lowercase()))
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn capture_rows_pair_and_filter() {
        let file = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/corpus/captures/suricata__dns-udp-google.com-a-aaaa-mx.pcap"
        ))
        .unwrap();
        let rows = from_file("x.pcap", file).unwrap();
        assert_eq!(rows.len(), 6);
        // Queries are answered by the following responses, with a time.
        let answered: Vec<Option<usize>> = rows.iter().map(|r| r.answered_by).collect();
        assert!(
            answered.iter().filter(|a| a.is_some()).count() >= 3,
            "{answered:?}"
        );
        let (q, ms) = rows.iter().find_map(|r| r.answers).unwrap();
        assert!(rows[q].answered_by.is_some() && ms >= 0.0);
        assert_eq!(rows.iter().filter(|r| matches(r, "mx", false)).count(), 2);
        assert_eq!(rows.iter().filter(|r| matches(r, "", true)).count(), 0);
    }

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
}
