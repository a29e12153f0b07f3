//! Domain names in the dissection tree: [`read_name`] folds the steps of the one name walker
//! ([`crate::wire::name`], which holds every rule: bounds, the 255-octet cap, pointers that must
//! lead strictly backwards) into fields — one per length byte, label and pointer in place — and
//! a diagnostic for each problem, at its byte; and back from presentation form
//! ([`parse_presentation`]).

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::words::{number, Words};
use crate::tree::{Diagnostic, Field, Kind, Severity, Span};
use crate::wire::name::{walk, NameError, Piece, Step};
pub use crate::wire::name::{MAX_LABEL, MAX_NAME_WIRE};

/// A name read from a message.
#[derive(Debug, Clone)]
pub struct ParsedName {
    /// Presentation form, absolute, with the trailing dot (`.` for the root).
    pub text: String,
    /// Offset just after the name's bytes in place (after the pointer or the root label).
    pub end: usize,
    /// One field per length byte, label and pointer found in place.
    pub fields: Vec<Field>,
    /// False when the name could not be read to its end.
    pub complete: bool,
    /// Uncompressed wire length of the part that was read.
    pub wire_len: usize,
}

/// Append one label in presentation form, escaped the way BIND and dig print it
/// ([`crate::wire::name::write_label`]).
pub fn escape_label(out: &mut String, label: &[u8]) {
    let _ = crate::wire::name::write_label(out, label);
}

/// `\DDD` decimal escape.
pub(crate) fn push_ddd(out: &mut String, b: u8) {
    let _ = crate::wire::name::write_ddd(out, b);
}

/// Append a quoted character-string as BIND prints it.
pub fn quote(out: &mut String, b: &[u8]) {
    out.push('"');
    escape_text(out, b);
    out.push('"');
}

/// The bytes of a character-string, escaped as BIND prints them (`\"`, `\\`, `\DDD`).
pub(crate) fn escape_text(out: &mut String, b: &[u8]) {
    for &c in b {
        match c {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            _ => push_ddd(out, c),
        }
    }
}

/// "Label N" without formatting for the first 16 labels (the tree is built for every message
/// shown, and most names are short).
fn label_name(n: usize) -> Cow<'static, str> {
    const NAMES: [&str; 16] = [
        "Label 1", "Label 2", "Label 3", "Label 4", "Label 5", "Label 6", "Label 7", "Label 8",
        "Label 9", "Label 10", "Label 11", "Label 12", "Label 13", "Label 14", "Label 15",
        "Label 16",
    ];
    match NAMES.get(n.wrapping_sub(1)) {
        Some(s) => Cow::Borrowed(s),
        None => Words::cap(10).s("Label ").n(n as u64).into(),
    }
}

/// Read the name at `start` into fields and diagnostics, with the one name walker
/// ([`crate::wire::name::walk`]). Bytes in place must end before `limit` (the end of the RDATA
/// or the message); pointers may lead anywhere before them. `compression_ok` is false inside
/// RDATA of types that must not be compressed (RFC 3597 §4): pointers are then followed but
/// flagged.
pub fn read_name(
    msg: &[u8],
    start: usize,
    limit: usize,
    compression_ok: bool,
    diags: &mut Vec<Diagnostic>,
) -> ParsedName {
    let limit = limit.min(msg.len());
    // Sized for a typical name, so that building it rarely reallocates.
    let mut text = String::with_capacity(40);
    let mut fields = Vec::with_capacity(4);
    let mut end = start;
    let mut complete = false;
    let mut label_no = 0usize;
    // A pointer into the header is worth a warning once the walk shows it leads backwards.
    let mut into_header: Option<(usize, usize)> = None;
    let mut walk = walk(msg, start, limit);
    for Step {
        at: pos,
        in_place,
        piece,
    } in walk.by_ref()
    {
        if let Some((p, target)) = into_header.take() {
            if !matches!(piece, Piece::Bad(NameError::NotBackwards { .. })) {
                err(diags, p, p + 2, Severity::Warning,
                    format!("the compression pointer at offset {p} points into the 12-byte header (offset {target}), where no name can be"));
            }
        }
        match piece {
            Piece::Root => {
                if in_place {
                    fields.push(
                        Field::new(
                            "Root label",
                            "length 0",
                            Span::new(pos, pos + 1),
                            Kind::LabelLength,
                        )
                        .explain("a zero length byte: the empty root label that ends every name")
                        .rfc("RFC 1035 §3.1"),
                    );
                    end = pos + 1;
                }
                complete = true;
            }
            Piece::Label(bytes) => {
                let n = bytes.len();
                let at = text.len();
                escape_label(&mut text, bytes);
                text.push('.');
                label_no += 1;
                if in_place {
                    let body_end = pos + 1 + n;
                    // The label as escaped into the name's text, twice: the node's value and its
                    // Text child's.
                    let label = text.get(at..text.len() - 1).unwrap_or_default();
                    fields.push(
                        Field::new(label_name(label_no), String::from(label), Span::new(pos, body_end), Kind::Group)
                            .children(alloc::vec![
                                Field::new("Length", number(n as u64), Span::new(pos, pos + 1), Kind::LabelLength)
                                    .explain("the top two bits are 00, so this byte is a label length: that many bytes of label text follow")
                                    .rfc("RFC 1035 §3.1"),
                                Field::new("Text", String::from(label), Span::new(pos + 1, body_end), Kind::Label)
                                    .explain("the label's bytes; DNS compares them without regard to ASCII case")
                                    .rfc("RFC 1035 §2.3.3"),
                            ]),
                    );
                }
            }
            Piece::Pointer(target) => {
                if in_place {
                    let mut f = Field::new("Pointer", Words::cap(24).s("→ offset ").n(target as u64).s(" (").hex4(target).s(")"), Span::new(pos, pos + 2), Kind::Pointer)
                        .explain("the top two bits are 11, so these two bytes are a compression pointer: the other 14 bits are the offset where the rest of the name is stored")
                        .rfc("RFC 1035 §4.1.4")
                        .mask(0x3FFF);
                    f.target = Some(target);
                    fields.push(f);
                    end = pos + 2;
                    if !compression_ok {
                        err(diags, pos, pos + 2, Severity::Warning,
                            format!("compression pointer at offset {pos} inside RDATA of a type that must not be compressed (RFC 3597 §4); followed anyway"));
                    }
                }
                if crate::wire::typed::into_header(target) {
                    into_header = Some((pos, target));
                }
            }
            Piece::Bad(e) => {
                if let Some(e) = problem(msg, (start, limit), pos, in_place, e, diags) {
                    end = e;
                }
            }
        }
    }
    if text.is_empty() {
        text.push('.');
    }
    ParsedName {
        text,
        end,
        fields,
        complete,
        wire_len: walk.wire_len(),
    }
}

/// A problem of a name, at `s..e`.
fn err(diags: &mut Vec<Diagnostic>, s: usize, e: usize, sev: Severity, m: String) {
    diags.push(Diagnostic {
        span: Span::new(s, e),
        severity: sev,
        layer: crate::tree::Layer::Dns,
        message: m,
    })
}

/// The diagnostic for the problem `e` that ended the name starting at `start` (its bytes in
/// place bounded by `limit`); returns where the name's bytes in place end, when `pos` is still
/// in place.
fn problem(
    msg: &[u8],
    (start, limit): (usize, usize),
    pos: usize,
    in_place: bool,
    e: NameError,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let bound = if in_place { limit } else { msg.len() };
    match e {
        NameError::RunsPast => {
            err(diags, pos, pos, Severity::Error,
                format!("the name starting at offset {start} runs past the end of the {} before its terminating zero-length label",
                    if in_place && limit < msg.len() { "record data" } else { "message" }));
            return in_place.then_some(pos.min(limit));
        }
        NameError::TooLong => {
            err(diags, pos, pos + 1, Severity::Error,
                format!("the name starting at offset {start} is longer than 255 bytes, the limit set by RFC 1035 §3.1; reading stopped here"));
            return in_place.then_some(pos);
        }
        NameError::LabelPast { len, remain } => {
            err(diags, pos, bound.max(pos + 1).min(msg.len()), Severity::Error,
                format!("the label at offset {pos} says it is {len} bytes long but only {remain} remain"));
            return in_place.then_some(bound);
        }
        NameError::PointerCut => {
            err(
                diags,
                pos,
                pos + 1,
                Severity::Error,
                format!(
                    "a compression pointer starts at offset {pos} but its second byte is missing"
                ),
            );
            return in_place.then_some((pos + 1).min(bound));
        }
        NameError::NotBackwards { target } => {
            let what = if target == pos {
                "to itself".into()
            } else if target >= pos {
                format!("forward to offset {target}")
            } else {
                format!("back to offset {target}, inside the name it belongs to, which would loop forever")
            };
            err(diags, pos, pos + 2, Severity::Error,
                format!("the compression pointer at offset {pos} points {what}; pointers must lead to an earlier name (RFC 9267 §2), so the name is cut here"));
        }
        NameError::ReservedLabelType(other) => {
            err(diags, pos, pos + 1, Severity::Error,
                format!("the byte 0x{:02x} at offset {pos} would be a label of {} bytes, but labels are at most 63 (RFC 1035 §2.3.4): its top bits {} mark a reserved label type{} (RFC 6891 §5), so the name cannot be read further",
                    msg.get(pos).copied().unwrap_or(other), msg.get(pos).copied().unwrap_or(other),
                    if other == 0x40 { "01" } else { "10" },
                    if other == 0x40 { ", once the extended labels of RFC 2673" } else { "" }));
            return in_place.then_some(pos + 1);
        }
    }
    None
}

/// The uncompressed wire form of the name at `start` (the one walker's rules), or `None` if it
/// cannot be read to its end.
pub fn wire_form(msg: &[u8], start: usize) -> Option<Vec<u8>> {
    crate::wire::name::wire_form(msg, start)
}

/// Parse a name in presentation form (absolute, as [`read_name`] prints it, with `\.` and
/// `\DDD` escapes) back to its uncompressed wire form.
pub fn parse_presentation(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    if text == "." {
        out.push(0);
        return Some(out);
    }
    let b = text.as_bytes();
    let mut label: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                let next = *b.get(i + 1)?;
                if next.is_ascii_digit() {
                    let d = core::str::from_utf8(b.get(i + 1..i + 4)?)
                        .ok()?
                        .parse::<u16>()
                        .ok()?;
                    label.push(u8::try_from(d).ok()?);
                    i += 4;
                } else {
                    label.push(next);
                    i += 2;
                }
            }
            b'.' => {
                if label.is_empty() || label.len() > MAX_LABEL {
                    return None;
                }
                out.push(label.len() as u8);
                out.append(&mut label);
                i += 1;
            }
            c => {
                label.push(c);
                i += 1;
            }
        }
    }
    if !label.is_empty() {
        return None; // not absolute
    }
    out.push(0);
    Some(out)
}

/// Skip a name without decoding it (for the fast summary pass): the offset after its bytes
/// in place, or `None` if it does not read to its end.
pub fn skip_name(msg: &[u8], pos: usize) -> Option<usize> {
    crate::wire::name::end_of(msg, pos, msg.len()).ok()
}

#[cfg(test)]
mod test {
    use super::*;

    /// The NXDOMAIN response from the seed walkthrough (DNS part of the tcpdump dump).
    const NX: &str = "ea1a81830001000000010000013302343503313931033230360564\
6e73626c05736f726273036e65740000010001c0190006000100000e10002c0772626c646e7330c01f\
03646e73046973757803636f6d00431ce07e00001c2000001c2000093a8000000e10";

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| c.is_ascii_hexdigit()).collect();
        (0..s.len() / 2)
            .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn question_name_labels() {
        let m = hex(NX);
        let mut d = Vec::new();
        let n = read_name(&m, 12, m.len(), true, &mut d);
        assert_eq!(n.text, "3.45.191.206.dnsbl.sorbs.net.");
        assert!(n.complete && d.is_empty());
        assert_eq!(n.end, 12 + 30);
        // 7 labels + root; label 5 ("dnsbl") starts at offset 12+1+2+3+4+4 = 26... check one.
        assert_eq!(n.fields.len(), 8);
        assert_eq!(n.fields[4].value, "dnsbl");
        assert_eq!(n.fields[4].span, Span::new(25, 31));
    }

    #[test]
    fn pointer_c019_is_dnsbl_sorbs_net() {
        let m = hex(NX);
        let mut d = Vec::new();
        let n = read_name(&m, 46, m.len(), true, &mut d);
        assert_eq!(n.text, "dnsbl.sorbs.net.");
        assert_eq!(n.fields.len(), 1);
        assert_eq!(n.fields[0].target, Some(0x19));
        assert_eq!(n.end, 48);
    }

    #[test]
    fn self_forward_and_header_pointers() {
        let mut m = alloc::vec![0u8; 12];
        m.extend_from_slice(&[0xc0, 12]); // points at itself
        let mut d = Vec::new();
        let n = read_name(&m, 12, m.len(), true, &mut d);
        assert!(!n.complete);
        assert!(d[0].message.contains("itself"), "{:?}", d);
        assert_eq!(d[0].span, Span::new(12, 14));

        let mut m = alloc::vec![0u8; 12];
        m.extend_from_slice(&[0xc0, 14, 0]); // forward
        let mut d = Vec::new();
        read_name(&m, 12, m.len(), true, &mut d);
        assert!(d[0].message.contains("forward"));

        // a loop between two names: 12: "a" -> ptr 16 ; 16: "b" -> ptr 12
        let mut m = alloc::vec![0u8; 12];
        m.extend_from_slice(&[1, b'a', 0xc0, 16, 1, b'b', 0xc0, 12]);
        let mut d = Vec::new();
        let n = read_name(&m, 16, m.len(), true, &mut d);
        assert_eq!(n.text, "b.a.");
        assert!(!n.complete);
        assert!(d.iter().any(|x| x.span.start == 14), "{d:?}");
    }

    #[test]
    fn reserved_label_types_and_escapes() {
        let mut m = alloc::vec![0u8; 12];
        m.extend_from_slice(&[0x41, 0]);
        let mut d = Vec::new();
        read_name(&m, 12, m.len(), true, &mut d);
        assert!(d[0].message.contains("reserved"));

        let mut m = alloc::vec![0u8; 12];
        m.extend_from_slice(&[4, b'a', b'.', b' ', b'"', 0]);
        let mut d = Vec::new();
        assert_eq!(
            read_name(&m, 12, m.len(), true, &mut d).text,
            "a\\.\\032\\\"."
        );
    }

    #[test]
    fn presentation_round_trips_to_wire() {
        let m = hex(NX);
        let mut d = Vec::new();
        for start in [12, 46] {
            let n = read_name(&m, start, m.len(), true, &mut d);
            assert_eq!(parse_presentation(&n.text), wire_form(&m, start));
        }
        let mut m = alloc::vec![0u8; 12];
        m.extend_from_slice(&[4, b'a', b'.', b' ', b'"', 0]);
        let n = read_name(&m, 12, m.len(), true, &mut d);
        assert_eq!(parse_presentation(&n.text).as_deref(), Some(&m[12..]));
        assert_eq!(parse_presentation("."), Some(alloc::vec![0]));
        assert_eq!(parse_presentation("a"), None);
    }

    #[test]
    fn too_long_name_stops() {
        let mut m = alloc::vec![0u8; 12];
        for _ in 0..5 {
            m.push(63);
            m.extend_from_slice(&[b'x'; 63]);
        }
        m.push(0);
        let mut d = Vec::new();
        let n = read_name(&m, 12, m.len(), true, &mut d);
        assert!(!n.complete);
        assert!(d[0].message.contains("255"));
        assert_eq!(d[0].span.start, 12 + 3 * 64);
    }
}
