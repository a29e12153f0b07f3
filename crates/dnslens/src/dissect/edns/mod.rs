//! EDNS(0) (RFC 6891 §6): the OPT pseudo-record's reused fields and its options.
//!
//! ```text
//! OPT TTL field:   | EXTENDED-RCODE (8) | VERSION (8) | DO | Z (15) |
//! each option:     | OPTION-CODE (16) | OPTION-LENGTH (16) | OPTION-DATA ... |
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::dissect::model::{Edns, EdnsOption, Record};
use crate::dissect::words::{number, Words};
use crate::iana::OptCode;
use crate::tree::{Diagnostic, Field, Kind, Severity, Span};

mod option;
use option::option_text;

/// The OPT record's TTL field, split into its parts.
pub fn ttl_field(ttl: u32, at: usize) -> Field {
    let s = Span::new(at, at + 4);
    let [ext, ver, ..] = ttl.to_be_bytes();
    let (d, z) = (ttl & 0x8000 != 0, (ttl & 0x7fff) as u16);
    let word = Words::cap(10).s("0x").hex_bytes(&ttl.to_be_bytes());
    Field::new("EDNS flags", word, s, Kind::Ttl)
        .explain("in OPT the TTL field holds the extended RCODE, the EDNS version and flags")
        .rfc("RFC 6891 §6.1.3")
        .children(vec![
            Field::new(
                "Extended RCODE",
                number(ext.into()),
                Span::new(at, at + 1),
                Kind::Flag,
            )
            .explain("upper 8 bits of the 12-bit response code; the header holds the lower 4")
            .rfc("RFC 6891 §6.1.3"),
            Field::new(
                "Version",
                number(ver.into()),
                Span::new(at + 1, at + 2),
                Kind::Flag,
            )
            .explain("EDNS version; only 0 is defined")
            .rfc("RFC 6891 §6.1.3"),
            Field::new(
                "DO",
                if d { "1" } else { "0" },
                Span::new(at + 2, at + 4),
                Kind::Flag,
            )
            .mask(0x8000)
            .explain(if d {
                "1: DNSSEC OK — send me signatures"
            } else {
                "0: no DNSSEC records wanted"
            })
            .rfc("RFC 3225 §3"),
            Field::new("Z", number(z.into()), Span::new(at + 2, at + 4), Kind::Flag)
                .mask(0x7fff)
                .explain("reserved flag bits, must be zero")
                .rfc("RFC 6891 §6.1.4"),
        ])
}

/// Build the model of the OPT record `rec`, with the options its RDATA decode found.
pub fn decode(rec: &Record, options: Vec<EdnsOption>, diags: &mut Vec<Diagnostic>) -> Edns {
    let ttl = rec.ttl;
    let e = Edns {
        udp_size: rec.class.0,
        ext_rcode: (ttl >> 24) as u8,
        version: (ttl >> 16) as u8,
        dnssec_ok: ttl & 0x8000 != 0,
        z: (ttl & 0x7fff) as u16,
        options,
    };
    let at = rec.rdata.start.saturating_sub(6);
    if e.z != 0 {
        diags.push(Diagnostic {
            span: Span::new(at + 2, at + 4),
            severity: Severity::Warning,
            layer: crate::tree::Layer::Dns,
            message: format!(
                "reserved EDNS flag bits are set (0x{:04x}); they must be zero (RFC 6891 §6.1.4)",
                e.z
            ),
        });
    }
    if e.version != 0 {
        diags.push(Diagnostic {
            span: Span::new(at + 1, at + 2),
            severity: Severity::Note,
            layer: crate::tree::Layer::Dns,
            message: format!(
                "EDNS version {} is not 0, the only version defined; a server answers BADVERS",
                e.version
            ),
        });
    }
    if e.udp_size < 512 {
        diags.push(Diagnostic {
            span: Span::new(at - 4, at - 2),
            severity: Severity::Warning,
            layer: crate::tree::Layer::Dns,
            message: format!(
                "EDNS UDP payload size {} is below 512, which RFC 6891 §6.2.3 says to treat as 512",
                e.udp_size
            ),
        });
    }
    e
}

/// Decode the options in `span`, pushing a field per option and diagnostics. Returns the text
/// and the options (the OPT record's model takes them: the options are walked once).
pub(crate) fn options(
    msg: &[u8],
    span: Span,
    fields: &mut Vec<Field>,
    diags: &mut Vec<Diagnostic>,
) -> (String, Vec<EdnsOption>) {
    joined(walk(msg, span, Some(fields), Some(diags)))
}

/// [`options`] without the fields: the text and the options, problems into `diags`.
pub(crate) fn option_list(
    msg: &[u8],
    span: Span,
    diags: &mut Vec<Diagnostic>,
) -> (String, Vec<EdnsOption>) {
    joined(walk(msg, span, None, Some(diags)))
}

/// The options' texts joined as the OPT record's RDATA text.
fn joined(opts: Vec<EdnsOption>) -> (String, Vec<EdnsOption>) {
    let mut out = String::new();
    for o in &opts {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(&o.text);
    }
    (out, opts)
}

fn walk(
    msg: &[u8],
    span: Span,
    mut fields: Option<&mut Vec<Field>>,
    mut diags: Option<&mut Vec<Diagnostic>>,
) -> Vec<EdnsOption> {
    use crate::wire::tlv::{self, TlvError};
    let mut out = Vec::new();
    let end = span.end.min(msg.len());
    let base = span.start.min(end);
    for item in tlv::walk(&msg[base..end]) {
        let (pos, code, len, data) = match item {
            Ok(t) => (base + t.at, t.code, t.value.len(), t.value),
            Err((at, TlvError::HeaderCut(_))) => {
                let pos = base + at;
                if let Some(d) = diags.as_deref_mut() {
                    d.push(Diagnostic { span: Span::new(pos, end), severity: Severity::Error, layer: crate::tree::Layer::Dns,
                        message: format!("{} byte(s) at offset {pos} are too few for an EDNS option header (4 bytes: code and length)", end - pos) });
                }
                if let Some(f) = fields.as_deref_mut() {
                    f.push(Field::new(
                        "Truncated option",
                        crate::encoding::hex(msg.get(pos..end).unwrap_or(&[])),
                        Span::new(pos, end),
                        Kind::Trailing,
                    ));
                }
                break;
            }
            Err((at, TlvError::ValueCut { code, len, value })) => {
                let pos = base + at;
                if let Some(d) = diags.as_deref_mut() {
                    d.push(Diagnostic { span: Span::new(pos + 2, pos + 4), severity: Severity::Error, layer: crate::tree::Layer::Dns,
                        message: format!("EDNS option {} at offset {pos} says it has {len} bytes of data but only {} remain in the OPT record", OptCode(code), end - (pos + tlv::HEADER)) });
                }
                (pos, code, len, value)
            }
        };
        let code = OptCode(code);
        let dstart = pos + tlv::HEADER;
        let dend = dstart + data.len();
        let d = diags.as_deref_mut();
        let (text, kids) = option_text(msg, code, data, dstart, d, fields.is_some());
        if let Some(f) = fields.as_deref_mut() {
            let mut children = vec![
                Field::new(
                    "Option code",
                    super::words::code(|o| code.push_text(o), code.0.into()),
                    Span::new(pos, pos + 2),
                    Kind::Option,
                )
                .explain(option_explain(code))
                .rfc("RFC 6891 §6.1.2"),
                Field::new(
                    "Option length",
                    number(len as u64),
                    Span::new(pos + 2, pos + 4),
                    Kind::RdLength,
                )
                .explain("bytes of option data that follow"),
            ];
            if dend > dstart {
                children.push(
                    Field::new(
                        "Option data",
                        crate::encoding::hex(data),
                        Span::new(dstart, dend),
                        Kind::Rdata,
                    )
                    .children(kids),
                );
            }
            f.push(
                Field::new(
                    Words::cap(24).s("Option ").with(|o| code.push_text(o)),
                    text.clone(),
                    Span::new(pos, dend),
                    Kind::Option,
                )
                .rfc(option_rfc(code))
                .children(children),
            );
        }
        out.push(EdnsOption {
            code,
            data: Span::new(dstart, dend),
            text,
        });
    }
    out
}

fn option_explain(c: OptCode) -> &'static str {
    match c {
        OptCode::NSID => "name server identifier: which server instance answered",
        OptCode::ECS => "client subnet: part of the client's address, so answers can be tailored to its location",
        OptCode::COOKIE => "DNS cookie: a lightweight guard against spoofed and amplified traffic",
        OptCode::EDE => "extended DNS error: why the answer is what it is",
        OptCode::PADDING => "padding to hide message sizes from an observer of encrypted DNS",
        OptCode::TCP_KEEPALIVE => "how long to keep an idle TCP connection open",
        OptCode::EXPIRE => "the zone's remaining expire time, for secondaries",
        OptCode::DAU | OptCode::DHU | OptCode::N3U => "DNSSEC algorithms the client understands",
        OptCode::KEY_TAG => "key tags of trust anchors the resolver uses",
        OptCode::CHAIN => "ask for the chain of trust down from a closest trust point",
        _ => "an EDNS option",
    }
}

fn option_rfc(c: OptCode) -> &'static str {
    match c {
        OptCode::LLQ => "RFC 8764",
        OptCode::UL => "draft-ietf-dnssd-update-lease",
        OptCode::NSID => "RFC 5001",
        OptCode::DAU | OptCode::DHU | OptCode::N3U => "RFC 6975",
        OptCode::ECS => "RFC 7871",
        OptCode::EXPIRE => "RFC 7314",
        OptCode::COOKIE => "RFC 7873",
        OptCode::TCP_KEEPALIVE => "RFC 7828",
        OptCode::PADDING => "RFC 7830",
        OptCode::CHAIN => "RFC 7901",
        OptCode::KEY_TAG => "RFC 8145",
        OptCode::EDE => "RFC 8914",
        OptCode::REPORT_CHANNEL => "RFC 9567",
        OptCode::ZONEVERSION => "RFC 9660",
        _ => "RFC 6891 §6.1.2",
    }
}
