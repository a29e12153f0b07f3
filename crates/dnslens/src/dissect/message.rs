//! A whole DNS message (RFC 1035 §4.1): header, question, answer, authority, additional.
//!
//! ```text
//!                                 1  1  1  1  1  1
//!   0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
//! +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! |                      ID                       |
//! |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
//! |                    QDCOUNT                    |
//! |                    ANCOUNT                    |
//! |                    NSCOUNT                    |
//! |                    ARCOUNT                    |
//! +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//! ```
//!
//! Panic freedom: every read goes through `get`/checked ranges; the loop over records is bounded
//! by the header counts *and* by progress through the buffer (each record consumes ≥ 1 byte), so
//! work and memory are linear in the input whatever the counts claim.

use alloc::borrow::Cow;
use alloc::format;
use alloc::vec::Vec;

use crate::dissect::edns;
use crate::dissect::model::{
    section_names, EdnsOption, Flavor, Header, Message, Question, Record, Section,
};
use crate::dissect::name::read_name;
use crate::iana::{Class, Rcode, Rtype};
use crate::tree::{Diagnostic, Field, Kind, Severity, Span};

pub use super::header::flag_span;
use super::header::header;
use super::record::{class_field, decode_record, type_field};
use super::words::Words;

/// Byte ranges of the fixed header fields (they live in [`crate::wire::header`]).
pub use crate::wire::header::field;
use crate::wire::header::question_fixed;

/// Decode one DNS message. Never panics; every problem becomes a [`Diagnostic`].
pub fn decode(msg: &[u8], flavor: Flavor) -> Message {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut h = Header::default();
    let mut root = Field::new(
        match flavor {
            Flavor::Dns => "Domain Name System",
            Flavor::Mdns => "Multicast DNS",
            Flavor::Llmnr => "Link-Local Multicast Name Resolution",
        },
        "",
        Span::new(0, msg.len()),
        Kind::Group,
    )
    .rfc("RFC 1035 §4.1");
    let mut m = Message::empty(flavor, msg.len());
    // The header and four sections, and room for trailing bytes: no growing.
    root.children.reserve_exact(6);
    root.children.push(header(msg, flavor, &mut h, &mut diags));
    let (pos, ran_out) = questions(msg, flavor, &h, &mut m, &mut root, &mut diags);
    let pos = record_sections(msg, flavor, &h, &mut m, &mut root, &mut diags, pos, ran_out);
    finish(msg, &h, &mut m, &mut root, &mut diags, pos);
    crate::tree::sort_diagnostics(&mut diags);
    diags.dedup();
    m.header = h;
    m.diagnostics = diags;
    m.tree = root;
    m
}

/// The question (zone) section from `pos`: the questions into `m`, its node into `root`.
/// Returns where the next section starts and whether the message ran out.
fn questions(
    msg: &[u8],
    flavor: Flavor,
    h: &Header,
    m: &mut Message,
    root: &mut Field,
    diags: &mut Vec<Diagnostic>,
) -> (usize, bool) {
    let sec_names = section_names(h.opcode == 5);
    let mut pos = field::HEADER_LEN.min(msg.len());
    let mut ran_out = msg.len() < field::HEADER_LEN;
    if h.counts[0] > 0 {
        let mut sec =
            Field::new(sec_names[0], "", Span::new(pos, pos), Kind::Group).rfc("RFC 1035 §4.1.2");
        sec.children.reserve_exact(usize::from(h.counts[0]).min(8));
        for i in 0..h.counts[0] {
            if pos >= msg.len() {
                ran_out = true;
                break;
            }
            let start = pos;
            let n = read_name(msg, pos, msg.len(), true, diags);
            // Name, QTYPE, QCLASS: sized once (a tree node is big enough that growing costs).
            let mut children = Vec::with_capacity(3);
            children.push(
                Field::new("Name", n.text.clone(), Span::new(start, n.end), Kind::Name)
                    .explain("the name asked about")
                    .rfc("RFC 1035 §4.1.2")
                    .children(n.fields),
            );
            pos = n.end;
            let (Some(t), Some(c)) = question_fixed(msg, pos) else {
                diags.push(Diagnostic { span: Span::new(start, msg.len()), severity: Severity::Error, layer: crate::tree::Layer::Dns,
                    message: format!("question {} at offset {start} is cut short: the 4 bytes of QTYPE and QCLASS are missing", i + 1) });
                sec.children.push(
                    Field::new(
                        format!("Question {} (incomplete)", i + 1),
                        n.text,
                        Span::new(start, msg.len()),
                        Kind::Group,
                    )
                    .children(children),
                );
                pos = msg.len();
                ran_out = true;
                break;
            };
            let qu = flavor == Flavor::Mdns && c & 0x8000 != 0;
            let qclass = if flavor == Flavor::Mdns {
                Class(c & 0x7fff)
            } else {
                Class(c)
            };
            children.push(type_field("QTYPE", t, pos));
            children.push(class_field("QCLASS", c, pos + 2, flavor, true));
            pos += 4;
            let q = Question {
                name: n.text,
                qtype: Rtype(t),
                qclass,
                unicast_response: qu,
                span: Span::new(start, pos),
            };
            sec.children.push(
                Field::new(
                    question_label(h.opcode == 5, i + 1),
                    Words::cap(q.name.len() + 16)
                        .s(&q.name)
                        .s(" ")
                        .with(|o| q.qclass.push_text(o))
                        .s(" ")
                        .with(|o| q.qtype.push_text(o)),
                    q.span,
                    Kind::Group,
                )
                .children(children),
            );
            m.questions.push(q);
        }
        sec.fit_to_children();
        sec.value = n_of(m.questions.len(), h.counts[0]);
        root.children.push(sec);
    }

    (pos, ran_out)
}

/// The answer, authority and additional sections from `pos`; returns where they end.
#[allow(clippy::too_many_arguments)]
fn record_sections(
    msg: &[u8],
    flavor: Flavor,
    h: &Header,
    m: &mut Message,
    root: &mut Field,
    diags: &mut Vec<Diagnostic>,
    mut pos: usize,
    mut ran_out: bool,
) -> usize {
    let sec_names = section_names(h.opcode == 5);
    let mut opt_seen = 0;
    for (si, section) in [Section::Answer, Section::Authority, Section::Additional]
        .into_iter()
        .enumerate()
    {
        let count = h.counts[si + 1];
        if count == 0 {
            continue;
        }
        let mut sec = Field::new(sec_names[si + 1], "", Span::new(pos, pos), Kind::Group)
            .rfc("RFC 1035 §4.1.3");
        // Room for the stated count, as far as the bytes left could hold (11 bytes a record).
        let room = (count as usize).min(msg.len().saturating_sub(pos) / 11 + 1);
        sec.children.reserve_exact(room);
        let mut recs = Vec::with_capacity(room);
        for i in 0..count {
            if ran_out || pos >= msg.len() {
                ran_out = true;
                break;
            }
            let (rec, field, next, options) =
                decode_record(msg, pos, i as usize + 1, section, flavor, diags);
            let last = i + 1 == count;
            place(
                &rec,
                &rec.name,
                options,
                section,
                last,
                &mut opt_seen,
                &mut m.edns,
                h,
                diags,
            );
            sec.children.push(field);
            let complete = rec.complete;
            recs.push(rec);
            // Each record consumes at least one byte, so this loop ends.
            pos = next;
            if pos >= msg.len() && !complete {
                ran_out = true;
            }
        }
        sec.fit_to_children();
        sec.value = n_of(recs.len(), count);
        root.children.push(sec);
        match section {
            Section::Answer => m.answers = recs,
            Section::Authority => m.authorities = recs,
            Section::Additional => m.additionals = recs,
        }
    }

    pos
}

/// True for the types [`place`] has rules for (OPT and TSIG): it does nothing with others.
pub(super) fn placed(rtype: Rtype) -> bool {
    rtype == Rtype::OPT || rtype == Rtype::TSIG
}

/// The rules about where a record may be: OPT only once and in the additional section with
/// the root as `owner` (its owner name's text; then its EDNS data goes into `found`), TSIG
/// last. `last`: the record is the last of its section; `opt_seen` counts OPT records so far.
#[allow(clippy::too_many_arguments)]
pub(super) fn place(
    rec: &Record,
    owner: &str,
    options: Vec<EdnsOption>,
    section: Section,
    last: bool,
    opt_seen: &mut usize,
    found: &mut Option<super::model::Edns>,
    h: &Header,
    diags: &mut Vec<Diagnostic>,
) {
    if !placed(rec.rtype) {
        return;
    }
    let sec_names = section_names(h.opcode == 5);
    let si = section as usize;
    if rec.rtype == Rtype::OPT {
        *opt_seen += 1;
        if section != Section::Additional {
            diags.push(Diagnostic { span: rec.span, severity: Severity::Error, layer: crate::tree::Layer::Dns,
                message: format!("an OPT pseudo-record at offset {} is in the {} section; it may only appear in the additional section (RFC 6891 §6.1.1)", rec.span.start, sec_names[si + 1].to_ascii_lowercase()) });
        } else if *opt_seen > 1 {
            diags.push(Diagnostic { span: rec.span, severity: Severity::Error, layer: crate::tree::Layer::Dns,
                message: format!("a second OPT record at offset {}: a message may carry only one (RFC 6891 §6.1.1)", rec.span.start) });
        }
        if section == Section::Additional && found.is_none() {
            if owner != "." {
                diags.push(Diagnostic {
                    span: Span::new(rec.span.start, rec.span.start + 1),
                    severity: Severity::Error,
                    layer: crate::tree::Layer::Dns,
                    message: format!("the OPT record's owner name must be the root, not {owner}"),
                });
            }
            *found = Some(edns::decode(rec, options, diags));
        }
    } else if rec.rtype == Rtype::TSIG && !(section == Section::Additional && last) {
        diags.push(Diagnostic {
            span: rec.span,
            severity: Severity::Warning,
            layer: crate::tree::Layer::Dns,
            message:
                "a TSIG record must be the last record of the additional section (RFC 8945 §5.1)"
                    .into(),
        });
    }
}

/// What the counts promised and the bytes left over; folds EDNS into the root's value.
fn finish(
    msg: &[u8],
    h: &Header,
    m: &mut Message,
    root: &mut Field,
    diags: &mut Vec<Diagnostic>,
    pos: usize,
) {
    let sec_names = section_names(h.opcode == 5);
    let got = [
        m.questions.len(),
        m.answers.len(),
        m.authorities.len(),
        m.additionals.len(),
    ];
    for i in 0..4 {
        if got[i] < h.counts[i] as usize {
            diags.push(Diagnostic {
                span: Span::new(pos.min(msg.len()), msg.len()),
                severity: Severity::Error,
                layer: crate::tree::Layer::Dns,
                message: format!(
                    "the header promises {} {} entr{} but the message ends after {}",
                    h.counts[i],
                    sec_names[i].to_ascii_lowercase(),
                    if h.counts[i] == 1 { "y" } else { "ies" },
                    got[i]
                ),
            });
        }
    }
    if pos < msg.len() {
        m.trailing = msg.len() - pos;
        diags.push(Diagnostic {
            span: Span::new(pos, msg.len()),
            severity: Severity::Warning,
            layer: crate::tree::Layer::Dns,
            message: format!(
                "{} byte(s) follow the last section; no record accounts for them",
                msg.len() - pos
            ),
        });
        root.children.push(
            Field::new(
                "Trailing bytes",
                format!("{} bytes", msg.len() - pos),
                Span::new(pos, msg.len()),
                Kind::Trailing,
            )
            .explain(
                "bytes after the end of the message that the header's counts do not account for",
            ),
        );
    }

    // Fold EDNS into the header view.
    if let Some(e) = &m.edns {
        let rc = Rcode(((e.ext_rcode as u16) << 4) | h.rcode as u16);
        root.value = format!("RCODE {rc} (extended by EDNS), EDNS version {}", e.version).into();
    }
}

/// "Question 1" (or "Zone 1" in UPDATE): the usual single question without allocating.
fn question_label(update: bool, n: u16) -> Cow<'static, str> {
    match (update, n) {
        (false, 1) => "Question 1".into(),
        (true, 1) => "Zone 1".into(),
        _ => Words::cap(16)
            .s(if update { "Zone " } else { "Question " })
            .n(n.into())
            .into(),
    }
}

/// A section's value: "2 of 2" entries read of those its count promised.
fn n_of(read: usize, count: u16) -> Cow<'static, str> {
    Words::cap(12)
        .n(read as u64)
        .s(" of ")
        .n(count.into())
        .into()
}

#[cfg(test)]
mod test {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        let s: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
        s.chunks(2)
            .map(|c| u8::from_str_radix(core::str::from_utf8(c).unwrap(), 16).unwrap())
            .collect()
    }

    /// mDNS probe from pcapplusplus__Dns.pcap frame 2: two ANY questions with the QU bit,
    /// A and AAAA proposals in the authority section, OPT in the additional section.
    const MDNS_PROBE: &str =
        "0000000000020000000200010c5961656c732d6950686f6e65056c6f63616c0000ff8001c00c00ff8001\
c00c000100010000007800040a000002c00c001c0001000000780010fe800000000000005a1faafffe4f3f9d\
00002905a000001194000c0004000800df581faa4f3f9d";

    #[test]
    fn mdns_qu_bit_and_cache_flush() {
        let mut b = hex(MDNS_PROBE);
        let m = decode(&b, Flavor::Mdns);
        assert!(m
            .questions
            .iter()
            .all(|q| q.unicast_response && q.qclass == Class::IN && q.qtype == Rtype::ANY));
        assert_eq!(m.authorities[0].rdata_text, "10.0.0.2");
        assert_eq!(m.authorities[1].rdata_text, "fe80::5a1f:aaff:fe4f:3f9d");
        // The same bytes read as unicast DNS: class 0x8001 is just an unknown class.
        let plain = decode(&b, Flavor::Dns);
        assert_eq!(plain.questions[0].qclass, Class(0x8001));
        // Set the cache-flush bit on the A record (its CLASS is at offset 46).
        assert_eq!(&b[46..48], &[0x00, 0x01]);
        b[46] = 0x80;
        let m = decode(&b, Flavor::Mdns);
        assert!(m.authorities[0].cache_flush && !m.authorities[1].cache_flush);
        assert_eq!(m.authorities[0].class, Class::IN);
        assert!(
            m.diagnostics.iter().all(|d| d.severity < Severity::Error),
            "{:?}",
            m.diagnostics
        );
    }

    #[test]
    fn llmnr_flags_are_c_and_t() {
        // suricata__llmnr-tcp-reassembly.pcap frame 4, with C and T set by hand (0x0500).
        let mut b = hex("abcd0000000100000000000004746573740000010001");
        b[2] = 0x05;
        let m = decode(&b, Flavor::Llmnr);
        let flags = &m.tree.children[0].children[1];
        let names: Vec<&str> = flags.children.iter().map(|f| &*f.name).collect();
        assert_eq!(names, ["QR", "Opcode", "C", "TC", "T", "Z", "RCODE"]);
        let c = flags.children.iter().find(|f| f.name == "C").unwrap();
        assert_eq!(
            (c.span, c.mask, &*c.value),
            (Span::new(2, 3), Some(0x04), "1")
        );
        assert!(m.diagnostics.is_empty());
    }

    #[test]
    fn update_sections_are_named() {
        // zeek__dynamic-update.pcap frame 1 (the start: header, zone and the prerequisite).
        let b = hex("bb50280000010001000300010953747261746f4c6162036f72670000060001054e57696e320953747261746f4c6162036f726700000500fe000000000000");
        let m = decode(&b, Flavor::Dns);
        assert!(m.is_update());
        let names: Vec<&str> = m.tree.children.iter().map(|f| &*f.name).collect();
        assert_eq!(&names[..3], ["Header", "Zone", "Prerequisite"]);
        assert_eq!(m.tree.children[0].children[2].name, "ZOCOUNT");
        // CNAME class NONE with no RDATA: "this name has no CNAME" (RFC 2136 §2.4.3).
        assert_eq!(
            (m.answers[0].class, m.answers[0].rdata_text.as_str()),
            (Class::NONE, "")
        );
        // The header promised 3 updates and 1 additional that these bytes do not hold.
        assert!(m
            .diagnostics
            .iter()
            .any(|d| d.message.contains("3 update entries")));
    }

    #[test]
    fn edns_is_folded_in_and_misplaced_opt_is_flagged() {
        // tcpdump__edns-opts.pcap frame 5: a query with an ECS option.
        let b = hex("a30b01200001000000000001076578616d706c6503636f6d0000010001000029100000000000000b0008000700011800c00002");
        let m = decode(&b, Flavor::Dns);
        let e = m.edns.as_ref().unwrap();
        assert_eq!((e.udp_size, e.version, e.dnssec_ok), (4096, 0, false));
        assert_eq!(e.options[0].text, "ECS 192.0.2.0/24/0");
        assert!(m.is_clean(), "{:?}", m.diagnostics);
        // Same record counted as an answer instead: OPT outside the additional section.
        let mut moved = b.clone();
        moved[7] = 1;
        moved[11] = 0;
        let m = decode(&moved, Flavor::Dns);
        assert!(m.edns.is_none());
        assert!(m.diagnostics.iter().any(|d| d
            .message
            .contains("only appear in the additional section")
            && d.span.start == 29));
        // Two OPT records.
        let mut two = b.clone();
        two[11] = 2;
        two.extend_from_slice(&b[29..]);
        let m = decode(&two, Flavor::Dns);
        assert!(m
            .diagnostics
            .iter()
            .any(|d| d.message.contains("second OPT")));
    }

    #[test]
    fn extended_rcode_and_ttl_top_bit() {
        // tcpdump__dns-badvers.pcap-like: header RCODE 0, OPT extended RCODE 1 → BADVERS (16).
        let mut b = hex(
            "a30b81200001000000000001076578616d706c6503636f6d0000010001000029100001000000000000",
        );
        assert_eq!(decode(&b, Flavor::Dns).rcode(), Rcode::BADVERS);
        // An answer with TTL 0x80000000.
        b[7] = 1;
        b[11] = 0;
        b.truncate(29);
        b.extend_from_slice(&[0xc0, 0x0c, 0, 1, 0, 1, 0x80, 0, 0, 0, 0, 4, 192, 0, 2, 1]);
        let m = decode(&b, Flavor::Dns);
        assert_eq!(m.answers[0].ttl, 0x8000_0000);
        assert!(m
            .diagnostics
            .iter()
            .any(|d| d.message.contains("top bit") && d.span == Span::new(35, 39)));
    }

    #[test]
    fn counts_that_lie_cost_nothing() {
        // A 12-byte header claiming 65535 of everything: no allocation per claimed record.
        let b = [
            0u8, 1, 0x81, 0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        ];
        let m = decode(&b, Flavor::Dns);
        assert!(m.questions.is_empty() && m.answers.is_empty());
        assert_eq!(
            m.diagnostics
                .iter()
                .filter(|d| d.message.contains("promises 65535"))
                .count(),
            4
        );
    }
}
