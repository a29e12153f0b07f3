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
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::dissect::edns;
use crate::dissect::model::{section_names, Flavor, Header, Message, Question, Record, Section};
use crate::dissect::name::read_name;
use crate::dissect::rdata::{self, Rd};
use crate::iana::{opcode_meaning, rcode_meaning, Class, Opcode, Rcode, Rtype};
use crate::tree::{Diagnostic, Field, Kind, Severity, Span};

/// Byte ranges of the fixed header fields (they live in [`crate::wire::header`]).
pub use crate::wire::header::field;
use crate::wire::header::{question_fixed, rdata_span, record_fixed, record, Header as HeaderView};

struct Bit {
    name: &'static str,
    mask: u16,
    explain_on: &'static str,
    explain_off: &'static str,
}

const fn bit(name: &'static str, mask: u16, on: &'static str, off: &'static str) -> Bit {
    Bit {
        name,
        mask,
        explain_on: on,
        explain_off: off,
    }
}

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
    let mut m = Message {
        flavor,
        header: Header::default(),
        questions: Vec::new(),
        answers: Vec::new(),
        authorities: Vec::new(),
        additionals: Vec::new(),
        edns: None,
        trailing: 0,
        len: msg.len(),
        diagnostics: Vec::new(),
        tree: Field::new("", "", Span::default(), Kind::Group),
    };

    root.children.push(header(msg, flavor, &mut h, &mut diags));
    let (pos, ran_out) = questions(msg, flavor, &h, &mut m, &mut root, &mut diags);
    let pos = record_sections(msg, flavor, &h, &mut m, &mut root, &mut diags, pos, ran_out);
    finish(msg, &h, &mut m, &mut root, &mut diags, pos);
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    diags.dedup();
    m.header = h;
    m.diagnostics = diags;
    m.tree = root;
    m
}

/// The header's fields into `h`, its tree node, and its problems.
fn header(msg: &[u8], flavor: Flavor, h: &mut Header, diags: &mut Vec<Diagnostic>) -> Field {
    let view = HeaderView(msg);
    let mut header = Field::new("Header", "", Span::new(0, msg.len().min(12)), Kind::Group)
        .rfc("RFC 1035 §4.1.1");
    if let Some(id) = view.id() {
        h.id = id;
        header.children.push(
            Field::new("ID", format!("0x{id:04x} ({id})"), Span::new(0, 2), Kind::Id)
                .explain("transaction ID: chosen by the asker, copied into the answer so the two can be matched")
                .rfc("RFC 1035 §4.1.1"),
        );
    }
    if let Some(flags) = view.flags() {
        h.set_flags(flags.0);
        header.children.push(flags_field(flags.0, flavor));
    }
    let count_names = if h.opcode == 5 {
        ["ZOCOUNT", "PRCOUNT", "UPCOUNT", "ADCOUNT"]
    } else {
        ["QDCOUNT", "ANCOUNT", "NSCOUNT", "ARCOUNT"]
    };
    let sec_names = section_names(h.opcode == 5);
    for (i, r) in field::COUNTS.into_iter().enumerate() {
        if let Some(c) = view.count(i) {
            h.counts[i] = c;
            header.children.push(
                Field::new(
                    count_names[i],
                    format!("{c}"),
                    Span::new(r.start, r.end),
                    Kind::Count,
                )
                .explain(format!(
                    "number of entries in the {} section",
                    sec_names[i].to_ascii_lowercase()
                ))
                .rfc("RFC 1035 §4.1.1"),
            );
        }
    }
    if msg.len() < field::HEADER_LEN {
        diags.push(Diagnostic {
            span: Span::new(0, msg.len()),
            severity: Severity::Error,
            layer: "dns",
            message: format!(
                "a DNS message starts with a 12-byte header, but there are only {} byte(s)",
                msg.len()
            ),
        });
    }
    if h.z && flavor != Flavor::Llmnr {
        diags.push(Diagnostic {
            span: Span::new(3, 4),
            severity: Severity::Warning,
            layer: "dns",
            message:
                "the Z bit (0x0040 of the flags) is reserved and must be zero (RFC 1035 §4.1.1)"
                    .into(),
        });
    }
    header

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
        for i in 0..h.counts[0] {
            if pos >= msg.len() {
                ran_out = true;
                break;
            }
            let start = pos;
            let n = read_name(msg, pos, msg.len(), true, diags);
            let mut children =
                vec![
                    Field::new("Name", n.text.clone(), Span::new(start, n.end), Kind::Name)
                        .explain("the name asked about")
                        .rfc("RFC 1035 §4.1.2")
                        .children(n.fields),
                ];
            pos = n.end;
            let (Some(t), Some(c)) = question_fixed(msg, pos) else {
                diags.push(Diagnostic { span: Span::new(start, msg.len()), severity: Severity::Error, layer: "dns",
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
                    format!(
                        "{} {}",
                        if h.opcode == 5 { "Zone" } else { "Question" },
                        i + 1
                    ),
                    format!("{} {} {}", q.name, q.qclass, q.qtype),
                    q.span,
                    Kind::Group,
                )
                .children(children),
            );
            m.questions.push(q);
        }
        sec.fit_to_children();
        sec.value = format!("{} of {}", m.questions.len(), h.counts[0]).into();
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
            if rec.rtype == Rtype::OPT {
                opt_seen += 1;
                if section != Section::Additional {
                    diags.push(Diagnostic { span: rec.span, severity: Severity::Error, layer: "dns",
                        message: format!("an OPT pseudo-record at offset {} is in the {} section; it may only appear in the additional section (RFC 6891 §6.1.1)", rec.span.start, sec_names[si + 1].to_ascii_lowercase()) });
                } else if opt_seen > 1 {
                    diags.push(Diagnostic { span: rec.span, severity: Severity::Error, layer: "dns",
                        message: format!("a second OPT record at offset {}: a message may carry only one (RFC 6891 §6.1.1)", rec.span.start) });
                }
                if section == Section::Additional && m.edns.is_none() {
                    if rec.name != "." {
                        diags.push(Diagnostic {
                            span: Span::new(rec.span.start, rec.span.start + 1),
                            severity: Severity::Error,
                            layer: "dns",
                            message: format!(
                                "the OPT record's owner name must be the root, not {}",
                                rec.name
                            ),
                        });
                    }
                    m.edns = Some(edns::decode(&rec, options, diags));
                }
            } else if rec.rtype == Rtype::TSIG
                && !(section == Section::Additional && i + 1 == count)
            {
                diags.push(Diagnostic { span: rec.span, severity: Severity::Warning, layer: "dns",
                    message: "a TSIG record must be the last record of the additional section (RFC 8945 §5.1)".into() });
            }
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
        sec.value = format!("{} of {}", recs.len(), count).into();
        root.children.push(sec);
        match section {
            Section::Answer => m.answers = recs,
            Section::Authority => m.authorities = recs,
            Section::Additional => m.additionals = recs,
        }
    }

    pos
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
                layer: "dns",
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
            layer: "dns",
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

fn flags_field(flags: u16, flavor: Flavor) -> Field {
    let llmnr = flavor == Flavor::Llmnr;
    let bits: [Bit; 8] = [
        bit(
            "QR",
            0x8000,
            "1: this message is a response",
            "0: this message is a query",
        ),
        if llmnr {
            bit(
                "C",
                0x0400,
                "1: conflict — the name is not unique (RFC 4795 §2.1.1)",
                "0: no conflict reported",
            )
        } else {
            bit(
                "AA",
                0x0400,
                "1: authoritative answer — the server owns the zone",
                "0: not authoritative",
            )
        },
        bit(
            "TC",
            0x0200,
            "1: truncated — the message did not fit and was cut; retry over TCP",
            "0: not truncated",
        ),
        if llmnr {
            bit(
                "T",
                0x0100,
                "1: tentative — the responder is still checking its name (RFC 4795 §2.1.1)",
                "0: not tentative",
            )
        } else {
            bit(
                "RD",
                0x0100,
                "1: recursion desired — please chase the answer for me",
                "0: no recursion asked for",
            )
        },
        bit(
            "RA",
            0x0080,
            "1: recursion available on this server",
            "0: this server does not recurse",
        ),
        bit(
            "Z",
            0x0040,
            "1: reserved bit set (it must be zero)",
            "0: reserved, must be zero",
        ),
        bit(
            "AD",
            0x0020,
            "1: authentic data — the resolver validated the answer with DNSSEC (RFC 4035)",
            "0: not DNSSEC-validated",
        ),
        bit(
            "CD",
            0x0010,
            "1: checking disabled — do not DNSSEC-validate (RFC 4035)",
            "0: validation allowed",
        ),
    ];
    let s = Span::new(2, 4);
    let mut children = Vec::new();
    let on = |m: u16| flags & m != 0;
    children.push(bits[0].field(on(bits[0].mask)));
    let op = ((flags >> 11) & 0xF) as u8;
    let (ops, opm) = flag_span(0x7800);
    children.push(
        Field::new("Opcode", format!("{} ({op})", Opcode(op)), ops, Kind::Flag)
            .mask(opm)
            .explain(format!("bits 1–4: {}", opcode_meaning(op)))
            .rfc("RFC 1035 §4.1.1"),
    );
    for b in &bits[1..] {
        if llmnr && matches!(b.name, "RA" | "Z" | "AD" | "CD") {
            continue;
        }
        children.push(b.field(on(b.mask)));
    }
    if llmnr {
        children.push(
            Field::new(
                "Z",
                format!("{}", (flags >> 4) & 0xF),
                flag_span(0x00F0).0,
                Kind::Flag,
            )
            .mask(0xF0)
            .explain("four reserved bits, zero")
            .rfc("RFC 4795 §2.1.1"),
        );
    }
    let rc = flags & 0xF;
    children.push(
        Field::new(
            "RCODE",
            format!("{} ({rc})", Rcode(rc)),
            flag_span(0x000F).0,
            Kind::Flag,
        )
        .mask(0x0F)
        .explain(format!("bits 12–15: {}", rcode_meaning(rc)))
        .rfc("RFC 1035 §4.1.1"),
    );
    let mut set = Vec::new();
    for b in &bits {
        if on(b.mask) && !(llmnr && matches!(b.name, "RA" | "AD" | "CD" | "Z")) {
            set.push(b.name);
        }
    }
    Field::new("Flags", format!("0x{flags:04x} {}", set.join(" ")), s, Kind::Flags)
        .explain(format!("0x{flags:04x} = {:04b} {:04b} {:04b} {:04b} in binary: each bit or group of bits is one field",
            flags >> 12, (flags >> 8) & 0xF, (flags >> 4) & 0xF, flags & 0xF))
        .rfc(if llmnr { "RFC 4795 §2.1.1" } else { "RFC 1035 §4.1.1" })
        .children(children)
}

/// The byte(s) of the flags word that hold `mask`, and the mask relative to them: QR lives in
/// byte 2 (mask 0x80), RCODE in byte 3 (mask 0x0f).
pub fn flag_span(mask: u16) -> (Span, u32) {
    if mask & 0xff00 == mask {
        (Span::new(2, 3), (mask >> 8) as u32)
    } else if mask & 0x00ff == mask {
        (Span::new(3, 4), mask as u32)
    } else {
        (Span::new(2, 4), mask as u32)
    }
}

impl Bit {
    fn field(&self, on: bool) -> Field {
        let (s, m) = flag_span(self.mask);
        Field::new(self.name, if on { "1" } else { "0" }, s, Kind::Flag)
            .mask(m)
            .explain(if on {
                self.explain_on
            } else {
                self.explain_off
            })
            .rfc(match self.name {
                "AD" | "CD" => "RFC 4035 §3.2",
                "C" | "T" => "RFC 4795 §2.1.1",
                _ => "RFC 1035 §4.1.1",
            })
    }
}

fn type_field(label: &'static str, t: u16, at: usize) -> Field {
    Field::new(label, type_value(t), Span::new(at, at + 2), Kind::Type)
        .explain(type_explain(Rtype(t)))
        .rfc("RFC 1035 §3.2.2")
}

fn class_field(label: &'static str, c: u16, at: usize, flavor: Flavor, question: bool) -> Field {
    let s = Span::new(at, at + 2);
    if flavor == Flavor::Mdns && c & 0x8000 != 0 {
        let (bitname, what) = if question {
            (
                "QU",
                "unicast-response bit: the asker would like a unicast reply (RFC 6762 §5.4)",
            )
        } else {
            (
                "Cache flush",
                "cache-flush bit: this record replaces, not adds to, cached ones (RFC 6762 §10.2)",
            )
        };
        return Field::new(
            label,
            format!("{} ({}) + {bitname}", Class(c & 0x7fff), c & 0x7fff),
            s,
            Kind::Class,
        )
        .rfc("RFC 6762 §18.12")
        .children(vec![
            Field::new(bitname, "1", s, Kind::Flag)
                .mask(0x8000)
                .explain(what)
                .rfc("RFC 6762"),
            Field::new("Class", format!("{}", Class(c & 0x7fff)), s, Kind::Class).mask(0x7fff),
        ]);
    }
    let value: Cow<'static, str> = match c {
        1 => "IN (1)".into(),
        _ => format!("{} ({c})", Class(c)).into(),
    };
    Field::new(label, value, s, Kind::Class)
        .explain(match c {
            1 => "IN: the Internet class — nearly every record is IN",
            3 => "CH: Chaos class, used today for server self-description (version.bind)",
            254 => "NONE: used by UPDATE to delete a specific record",
            255 => "ANY: matches every class",
            _ => "the protocol family or namespace of the record",
        })
        .rfc("RFC 1035 §3.2.4")
}

fn type_explain(t: Rtype) -> Cow<'static, str> {
    Cow::Borrowed(match t {
        Rtype::A => "A: an IPv4 address",
        Rtype::AAAA => "AAAA: an IPv6 address",
        Rtype::NS => "NS: an authoritative name server for the zone",
        Rtype::CNAME => "CNAME: this name is an alias of another",
        Rtype::SOA => "SOA: start of authority, the zone's administrative data",
        Rtype::PTR => "PTR: a pointer to another name (reverse lookups)",
        Rtype::MX => "MX: a mail exchanger for the domain",
        Rtype::TXT => "TXT: free-form text strings",
        Rtype::SRV => "SRV: where a service runs (host and port)",
        Rtype::OPT => "OPT: the EDNS(0) pseudo-record, not real data",
        Rtype::ANY => "ANY (*): a request for all records",
        Rtype::RRSIG => "RRSIG: a DNSSEC signature over an RRset",
        Rtype::DNSKEY => "DNSKEY: a DNSSEC public key",
        Rtype::DS => "DS: delegation signer, a hash of a child zone's key",
        Rtype::NSEC | Rtype::NSEC3 => "authenticated denial of existence (DNSSEC)",
        Rtype::HTTPS | Rtype::SVCB => "service binding: endpoints and connection parameters",
        _ => "the record type",
    })
}

/// Decode one RR at `pos`. Returns the model, its tree node and where the next record starts.
/// A record, its field, where it ends, and (OPT) its EDNS options.
type Decoded = (Record, Field, usize, Vec<crate::dissect::model::EdnsOption>);

fn decode_record(
    msg: &[u8],
    pos: usize,
    n: usize,
    section: Section,
    flavor: Flavor,
    diags: &mut Vec<Diagnostic>,
) -> Decoded {
    let start = pos;
    let name = read_name(msg, pos, msg.len(), true, diags);
    let mut children = Vec::with_capacity(6);
    children.push(
        Field::new(
            "Name",
            name.text.clone(),
            Span::new(start, name.end),
            Kind::Name,
        )
        .explain("the owner name: the domain this record is about")
        .rfc("RFC 1035 §4.1.3")
        .children(name.fields),
    );
    let p = name.end;
    let mut rec = Record {
        name: name.text,
        rtype: Rtype(0),
        class: Class(0),
        cache_flush: false,
        ttl: 0,
        rdlength: 0,
        rdata: Span::new(p, p),
        rdata_text: String::new(),
        span: Span::new(start, p),
        complete: false,
    };
    let label = |rec: &Record| -> Cow<'static, str> {
        const NAMES: [[&str; 8]; 3] = [
            [
                "Answer 1", "Answer 2", "Answer 3", "Answer 4", "Answer 5", "Answer 6", "Answer 7",
                "Answer 8",
            ],
            [
                "Authority 1",
                "Authority 2",
                "Authority 3",
                "Authority 4",
                "Authority 5",
                "Authority 6",
                "Authority 7",
                "Authority 8",
            ],
            [
                "Additional 1",
                "Additional 2",
                "Additional 3",
                "Additional 4",
                "Additional 5",
                "Additional 6",
                "Additional 7",
                "Additional 8",
            ],
        ];
        let si = match section {
            Section::Answer => 0,
            Section::Authority => 1,
            Section::Additional => 2,
        };
        match NAMES[si].get(n.wrapping_sub(1)) {
            Some(s) if rec.complete => Cow::Borrowed(s),
            _ => {
                let word = ["Answer", "Authority", "Additional"][si];
                let tail = if rec.complete { "" } else { " (incomplete)" };
                format!("{word} {n}{tail}").into()
            }
        }
    };
    let (Some(t), Some(c), Some(ttl), Some(rdlen)) = record_fixed(msg, p) else {
        diags.push(Diagnostic { span: Span::new(start, msg.len()), severity: Severity::Error, layer: "dns",
            message: format!("the record at offset {start} is cut short: after its name the 10 bytes of TYPE, CLASS, TTL and RDLENGTH do not fit in the {} bytes left", msg.len().saturating_sub(p)) });
        rec.span = Span::new(start, msg.len());
        if p < msg.len() {
            children.push(Field::new(
                "Truncated record",
                "",
                Span::new(p, msg.len()),
                Kind::Trailing,
            ));
        }
        let f = Field::new(label(&rec), rec.name.clone(), rec.span, Kind::Group).children(children);
        return (rec, f, msg.len(), Vec::new());
    };
    rec.rtype = Rtype(t);
    rec.ttl = ttl;
    rec.rdlength = rdlen;
    let is_opt = rec.rtype == Rtype::OPT;
    if flavor == Flavor::Mdns && !is_opt {
        rec.cache_flush = c & 0x8000 != 0;
        rec.class = Class(c & 0x7fff);
    } else {
        rec.class = Class(c);
    }
    children.push(type_field("Type", t, p));
    if is_opt {
        children.push(
            Field::new(
                "UDP payload size",
                format!("{c}"),
                Span::new(p + 2, p + 4),
                Kind::Class,
            )
            .explain("in OPT the CLASS field is the largest UDP reply the sender can take")
            .rfc("RFC 6891 §6.1.2"),
        );
        children.push(edns::ttl_field(ttl, p + 4));
    } else {
        children.push(class_field("Class", c, p + 2, flavor, false));
        let mut f = Field::new("TTL", ttl_text(ttl), Span::new(p + 4, p + 8), Kind::Ttl)
            .explain("time to live: how many seconds the record may be cached")
            .rfc("RFC 1035 §4.1.3");
        if ttl & 0x8000_0000 != 0 {
            f.explain = "the top bit is set: RFC 2181 §8 says to treat such a TTL as 0".into();
            diags.push(Diagnostic { span: Span::new(p + 4, p + 8), severity: Severity::Warning, layer: "dns",
                message: format!("TTL {ttl} at offset {} has its top bit set; RFC 2181 §8 limits TTLs to 2^31−1 and says to treat this as zero", p + 4) });
        }
        children.push(f);
    }
    children.push(
        Field::new(
            "RDLENGTH",
            crate::dissect::name::small_number(rdlen as usize),
            Span::new(p + 8, p + 10),
            Kind::RdLength,
        )
        .explain("how many bytes of RDATA follow")
        .rfc("RFC 1035 §4.1.3"),
    );
    let (rstart, rend) = rdata_span(msg.len(), p, rdlen).unwrap_or_else(|(rstart, rend)| {
        let at = p + record::RDLENGTH.start;
        diags.push(Diagnostic { span: Span::new(at, at + 2), severity: Severity::Error, layer: "dns",
            message: format!("RDLENGTH {rdlen} at offset {at} runs past the end of the message: only {} byte(s) of RDATA are present", rend - rstart) });
        (rstart, rend)
    });
    let mut rd = Rd {
        msg,
        pos: rstart,
        end: rend,
        fields: Vec::new(),
        diags,
        mdns: flavor == Flavor::Mdns,
        options: Vec::new(),
    };
    let (text, ok) = rdata::decode(&mut rd, rec.rtype, rec.class.0);
    let (rfields, options) = (rd.fields, rd.options);
    rec.rdata = Span::new(rstart, rend);
    rec.rdata_text = text;
    rec.span = Span::new(start, rend);
    rec.complete = name.complete && ok && rend - rstart == rdlen as usize;
    children.push(
        Field::new("RDATA", rec.rdata_text.clone(), rec.rdata, Kind::Rdata)
            .explain(rdata_explain(rec.rtype))
            .rfc(rdata_rfc(rec.rtype))
            .children(rfields),
    );
    let mut value = String::with_capacity(rec.name.len() + rec.rdata_text.len() + 32);
    {
        use core::fmt::Write;
        let _ = if is_opt {
            write!(value, "OPT udp={} {}", c, rec.rdata_text)
        } else {
            write!(
                value,
                "{} {} {} {} {}",
                rec.name, ttl, rec.class, rec.rtype, rec.rdata_text
            )
        };
    }
    let f = Field::new(label(&rec), value, rec.span, Kind::Group)
        .rfc("RFC 1035 §4.1.3")
        .children(children);
    (rec, f, rend, options)
}

fn ttl_text(ttl: u32) -> String {
    use core::fmt::Write;
    let (d, h, m, s) = (ttl / 86400, (ttl / 3600) % 24, (ttl / 60) % 60, ttl % 60);
    let mut out = String::with_capacity(32);
    let _ = write!(out, "{ttl} (");
    if d > 0 {
        let _ = write!(out, "{d}d ");
    }
    if d > 0 || h > 0 {
        let _ = write!(out, "{h}h ");
    }
    if d > 0 || h > 0 || m > 0 {
        let _ = write!(out, "{m}m ");
    }
    let _ = write!(out, "{s}s)");
    out
}

/// "CNAME (5)": the common types without formatting.
fn type_value(t: u16) -> Cow<'static, str> {
    match Rtype(t) {
        Rtype::A => "A (1)".into(),
        Rtype::NS => "NS (2)".into(),
        Rtype::CNAME => "CNAME (5)".into(),
        Rtype::SOA => "SOA (6)".into(),
        Rtype::PTR => "PTR (12)".into(),
        Rtype::MX => "MX (15)".into(),
        Rtype::TXT => "TXT (16)".into(),
        Rtype::AAAA => "AAAA (28)".into(),
        Rtype::SRV => "SRV (33)".into(),
        Rtype::OPT => "OPT (41)".into(),
        Rtype::RRSIG => "RRSIG (46)".into(),
        Rtype::HTTPS => "HTTPS (65)".into(),
        _ => format!("{} ({t})", Rtype(t)).into(),
    }
}

/// What the RDATA node says it is.
fn rdata_explain(t: Rtype) -> Cow<'static, str> {
    match t {
        Rtype::A => "the A record's data".into(),
        Rtype::NS => "the NS record's data".into(),
        Rtype::CNAME => "the CNAME record's data".into(),
        Rtype::SOA => "the SOA record's data".into(),
        Rtype::PTR => "the PTR record's data".into(),
        Rtype::MX => "the MX record's data".into(),
        Rtype::TXT => "the TXT record's data".into(),
        Rtype::AAAA => "the AAAA record's data".into(),
        Rtype::SRV => "the SRV record's data".into(),
        Rtype::OPT => "the OPT record's data".into(),
        Rtype::RRSIG => "the RRSIG record's data".into(),
        _ => format!("the {t} record's data").into(),
    }
}

fn rdata_rfc(t: Rtype) -> &'static str {
    match t {
        Rtype::AAAA => "RFC 3596 §2.2",
        Rtype::SRV => "RFC 2782",
        Rtype::OPT => "RFC 6891 §6.1.2",
        Rtype::DS | Rtype::DNSKEY | Rtype::RRSIG | Rtype::NSEC => "RFC 4034",
        Rtype::NSEC3 | Rtype::NSEC3PARAM => "RFC 5155",
        Rtype::SVCB | Rtype::HTTPS => "RFC 9460",
        Rtype::CAA => "RFC 8659",
        Rtype::TLSA => "RFC 6698",
        Rtype::LOC => "RFC 1876",
        Rtype::NAPTR => "RFC 3403",
        Rtype::TSIG => "RFC 8945",
        Rtype::TKEY => "RFC 2930",
        Rtype::URI => "RFC 7553",
        _ => "RFC 1035 §3.3",
    }
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
