//! Properties every decode must have, whatever the bytes. The fuzz targets and the regression
//! tests call these, so a crash input found once stays a test forever.
//!
//! - every span lies inside the input, and every child's span inside its parent's;
//! - every diagnostic points inside the input;
//! - every name read to its end prints in presentation form that parses back to the same
//!   uncompressed wire bytes;
//! - decoding is deterministic;
//! - the Info line is presentation text.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::dissect::layers::L4;
use crate::dissect::message::decode;
use crate::dissect::model::Flavor;
use crate::dissect::name::{parse_presentation, read_name, wire_form};
use crate::flow::Extractor;
use crate::input::capture::Reader;
use crate::tree::{Field, Kind, Span};

/// Check a field tree against a buffer of `len` bytes.
pub fn check_tree(root: &Field, len: usize) -> Result<(), String> {
    fn walk(f: &Field, parent: Span, len: usize, depth: usize) -> Result<(), String> {
        if depth > 64 {
            return Err(format!("tree deeper than 64 at {}", f.name));
        }
        if f.span.start > f.span.end || f.span.end > len {
            return Err(format!("{} has span {:?} outside 0..{len}", f.name, f.span));
        }
        if !parent.contains(&f.span) {
            return Err(format!(
                "{} span {:?} is not inside its parent's {:?}",
                f.name, f.span, parent
            ));
        }
        for c in &f.children {
            walk(c, f.span, len, depth + 1)?;
        }
        Ok(())
    }
    walk(root, Span::new(0, len), len, 0)
}

/// The Info line of `bytes`, which must be presentation text, as the JSON writer takes it
/// (`present::json::presentation_string`, which escapes it only where it has a backslash):
/// printable ASCII, each `"` after a `\`.
pub fn info_line(bytes: &[u8]) -> Result<String, String> {
    let mut line = String::new();
    crate::present::info::summarize(bytes, &mut line);
    let info = line.as_bytes();
    let quote_alone = |i: usize| info[i] == b'"' && (i == 0 || info[i - 1] != b'\\');
    match (0..info.len()).find(|&i| !(0x20..0x7f).contains(&info[i]) || quote_alone(i)) {
        Some(i) => Err(format!(
            "byte {i} of the Info line {line:?} is not presentation text"
        )),
        None => Ok(line),
    }
}

/// Decode `bytes` in every dialect and check every property.
pub fn check_message(bytes: &[u8]) -> Result<(), String> {
    let line = info_line(bytes)?;
    for flavor in [Flavor::Dns, Flavor::Mdns, Flavor::Llmnr] {
        let m = decode(bytes, flavor);
        check_tree(&m.tree, bytes.len())?;
        for d in &m.diagnostics {
            if d.span.end > bytes.len() || d.span.start > d.span.end {
                return Err(format!(
                    "diagnostic {:?} outside the message: {}",
                    d.span, d.message
                ));
            }
        }
        let again = decode(bytes, flavor);
        if again != m {
            return Err("decoding the same bytes twice gave different results".into());
        }
        // Where the fast model takes the bytes, it is the full model without the tree.
        let fast = crate::dissect::plain::decode(bytes, flavor);
        if let Some(fast) = &fast {
            let mut full = m.clone();
            full.tree = fast.tree.clone();
            if *fast != full {
                return Err("the fast model (dissect::plain) differs from the full decoder".into());
            }
            // And the JSON written from its typed view is the full model's.
            let mut w = crate::present::json::Writer::default();
            let (mut typed, mut model) = (Vec::new(), Vec::new());
            if let Some(c) = crate::dissect::plain::check(bytes, flavor) {
                w.clean(&mut typed, &c, bytes);
                // Its info member (the question names copied from that JSON's) is the Info line.
                let at = typed.len();
                w.info(&mut typed, &c, bytes);
                let mut want = Vec::new();
                crate::present::json::string(&mut want, &line);
                if typed.get(at..) != Some(&want[..]) {
                    return Err("the info member from the typed view is not the Info line".into());
                }
                typed.truncate(at);
            }
            w.model(&mut model, &m, bytes);
            if typed != model {
                return Err("the JSON from the typed view differs from the model's".into());
            }
        }
        // Decoded into a model that holds something else (this message's full model, tree and
        // diagnostics included), the fast path gives the same as from nothing.
        let mut reused = m.clone();
        let taken = crate::dissect::plain::decode_into(bytes, flavor, &mut reused);
        if taken != fast.is_some() || fast.is_some_and(|f| f != reused) {
            return Err("the fast model decoded into a used one differs from a fresh one".into());
        }
        // The dig text of any bytes: made without a panic, the same twice.
        if crate::present::dig(&m, bytes) != crate::present::dig(&again, bytes) {
            return Err("the dig text of the same bytes differs between two runs".into());
        }
        let mut names = Vec::new();
        m.tree.walk(&mut |_, f| {
            if f.kind == Kind::Name {
                names.push(f.span.start);
            }
        });
        for start in names {
            let mut sink = Vec::new();
            let n = read_name(bytes, start, bytes.len(), true, &mut sink);
            if !n.complete {
                continue;
            }
            let wire = wire_form(bytes, start);
            let back = parse_presentation(&n.text);
            if wire != back {
                return Err(format!(
                    "name {:?} at {start} does not parse back to its wire bytes",
                    n.text
                ));
            }
        }
    }
    check_typed(bytes)
}

/// The tree-free typed view: an error lies inside the message; a parsed message has the counts
/// its header states, names that print and parse back to their length, and the same owners and
/// types as the full decoder.
fn check_typed(bytes: &[u8]) -> Result<(), String> {
    let t = match crate::wire::parse(bytes) {
        Ok(t) => t,
        Err(e) if e.offset <= bytes.len() => return Ok(()),
        Err(e) => return Err(format!("typed view error outside the message: {e}")),
    };
    let c = t.header.counts;
    if t.questions.len() != c[0] as usize
        || t.records.len() != c[1] as usize + c[2] as usize + c[3] as usize
    {
        return Err("typed view's entries differ from the header counts".into());
    }
    let full = decode(bytes, Flavor::Dns);
    let full_records = full
        .answers
        .iter()
        .chain(&full.authorities)
        .chain(&full.additionals);
    for (r, f) in t.records.iter().zip(full_records) {
        let text = format!("{}", r.name);
        if text != f.name || r.rtype != f.rtype {
            return Err(format!(
                "typed view reads {text} {:?}, full decoder {} {:?}",
                r.rtype, f.name, f.rtype
            ));
        }
        if parse_presentation(&text).map(|w| w.len()) != Some(r.name.wire_len()) {
            return Err(format!(
                "typed name {text} does not parse back to its length"
            ));
        }
    }
    Ok(())
}

/// Input handed over whole (a file, standard input): bytes taken as they are come out the
/// same; anything else is UTF-8, read exactly as the same text pasted ([`check_text`]).
pub fn check_bytes(input: &[u8]) -> Result<(), String> {
    match crate::input::parse_bytes(input) {
        Ok(p) if p.format == crate::input::TextFormat::Raw => {
            if p.bytes != input {
                return Err("bytes taken as they are came out different".into());
            }
            Ok(())
        }
        got => {
            let Ok(text) = core::str::from_utf8(input) else {
                return Err("bytes that are not UTF-8 were read as text".into());
            };
            if got != crate::input::parse(text) {
                return Err(
                    "input read as text reads differently from the same text pasted".into(),
                );
            }
            check_text(text)
        }
    }
}

/// Any text as pasted input: no panic, errors inside the text, our own hex re-reads the same,
/// and what it decodes to keeps the tree's invariants.
pub fn check_text(text: &str) -> Result<(), String> {
    match crate::input::parse(text) {
        Ok(p) => {
            // Plain hex written back out must read the same.
            let hex: String = p.bytes.iter().map(|b| format!("{b:02x}")).collect();
            if !p.bytes.is_empty() {
                let again = crate::input::parse(&hex)
                    .map_err(|e| format!("re-reading our own hex failed: {e}"))?;
                if again.bytes != p.bytes {
                    return Err("hex written back out reads differently".into());
                }
            }
            let d = crate::dissect(&p.bytes, None, None);
            check_tree(&d.tree, p.bytes.len())?;
            for x in &d.diagnostics {
                if x.span.end > p.bytes.len() || x.span.start > x.span.end {
                    return Err(format!("diagnostic {:?} outside the bytes", x.span));
                }
            }
            Ok(())
        }
        Err(e) => {
            let lines = text.split('\n').count().max(1);
            if e.line == 0 || e.line > lines || e.column == 0 {
                return Err(format!(
                    "error position {}:{} is outside the text",
                    e.line, e.column
                ));
            }
            Ok(())
        }
    }
}

/// Read `file` as a capture, take every frame apart, decode every DNS message found.
pub fn check_capture(file: &[u8]) -> Result<usize, String> {
    let Ok(mut r) = Reader::new(file) else {
        return Ok(0);
    };
    let mut x = Extractor::default();
    let mut messages = 0;
    for p in r.by_ref() {
        if p.data_offset + p.data.len() > file.len() || p.record.end > file.len() {
            return Err(format!("packet {} points outside the file", p.number));
        }
        let (layers, found) = x.push(p.number, p.ts_ns, p.linktype, p.data);
        for f in &layers.fields {
            check_tree(f, p.data.len())?;
        }
        check_l4(&layers.l4, p.data.len())?;
        for f in found {
            if let Some(s) = f.in_frame {
                if s.end > p.data.len() {
                    return Err("a message's span leaves its frame".into());
                }
            }
            check_message(&f.bytes)?;
            messages += 1;
        }
    }
    for d in &r.diagnostics {
        if d.span.end > file.len() {
            return Err(format!("capture diagnostic {:?} outside the file", d.span));
        }
    }
    check_pieces(file)?;
    Ok(messages)
}

/// Listing a file that arrives in pieces finds the same messages, and the same problems at
/// the same offsets, as listing it at once; so does a stream whose bytes are let go of as they
/// are passed (17-byte pieces, as `dnslens read -` reads).
fn check_pieces(file: &[u8]) -> Result<(), String> {
    type Seen = Vec<(usize, Vec<u8>, String)>;
    let key = |i: crate::flow::list::Item<'_>| (i.frame, i.bytes.to_vec(), String::from(i.info));
    let mut whole: Seen = Vec::new();
    let Ok(r) = crate::flow::list::list(file, &[], |i| whole.push(key(i))) else {
        return Ok(());
    };
    for step in [file.len() / 3 + 1, 17] {
        let mut got: Seen = Vec::new();
        let header = crate::input::capture::FILE_HEADER;
        let (mut from, mut avail) = (
            0,
            step.clamp(header, file.len().max(header)).min(file.len()),
        );
        let Ok(mut l) = crate::flow::list::Lister::new(&file[..avail], &[]) else {
            return Err("the start of a capture was refused as a capture".into());
        };
        loop {
            let more = avail < file.len();
            let run = l.run(&file[from..avail], more, usize::MAX, |i| got.push(key(i)));
            if run == crate::flow::list::Run::Done || !more {
                break;
            }
            if step == 17 {
                from += l.release();
            }
            avail = (avail + step).min(file.len());
        }
        if got != whole {
            return Err(format!(
                "listing in pieces of {step} bytes found {} messages, at once {}",
                got.len(),
                whole.len()
            ));
        }
        if l.problems() != &r.diagnostics[..] || l.frames_read() != r.frames_read() {
            return Err(format!(
                "listing in pieces of {step} bytes: problems {:?} and {} frames, at once {:?} and {}",
                l.problems(),
                l.frames_read(),
                r.diagnostics,
                r.frames_read()
            ));
        }
    }
    Ok(())
}

fn check_l4(l4: &Option<L4>, len: usize) -> Result<(), String> {
    match l4 {
        Some(l) if l.payload.end > len && !l.in_icmp => Err(format!(
            "transport payload {:?} outside the frame of {len}",
            l.payload
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn a_bad_tree_is_caught() {
        let mut f = Field::new("root", "", Span::new(0, 4), Kind::Group);
        f.children
            .push(Field::new("child", "", Span::new(2, 6), Kind::Id));
        assert!(check_tree(&f, 4).is_err());
        f.children[0].span = Span::new(2, 4);
        assert!(check_tree(&f, 4).is_ok());
        assert!(check_message(&[0u8; 3]).is_ok());
        assert!(check_text("zz").is_ok());
    }
}
