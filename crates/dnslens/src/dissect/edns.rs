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
use core::fmt::Write;

use crate::dissect::model::{Edns, EdnsOption, Record};
use crate::dissect::name::read_name;
use crate::dissect::words::{number, Words};
use crate::iana::{ede_name, OptCode, SecAlg};
use crate::tree::{Diagnostic, Field, Kind, Severity, Span};

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
        let (text, kids) = option_text(msg, code, data, dstart, d);
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

fn bad(diags: Option<&mut Vec<Diagnostic>>, at: usize, end: usize, msg: String) {
    if let Some(d) = diags {
        d.push(Diagnostic {
            span: Span::new(at, end),
            severity: Severity::Error,
            layer: crate::tree::Layer::Dns,
            message: msg,
        });
    }
}

/// Client subnet (RFC 7871 §6): family, prefix lengths, the address truncated to its prefix.
fn ecs(
    d: &[u8],
    at: usize,
    diags: Option<&mut Vec<Diagnostic>>,
    t: &mut String,
    kids: &mut Vec<Field>,
) {
    let end = at + d.len();
    let Some(e) = crate::wire::ecs::Ecs::read(d) else {
        bad(diags, at, end, format!("the client-subnet option at offset {at} needs at least 4 bytes (family, prefix lengths), it has {}", d.len()));
        hex_after_colon(t, d);
        return;
    };
    let (fam, src, scope, addr) = (e.family, e.source, e.scope, e.address);
    kids.push(
        Field::new(
            "Family",
            format!("{fam}"),
            Span::new(at, at + 2),
            Kind::Option,
        )
        .explain("1 = IPv4, 2 = IPv6"),
    );
    kids.push(
        Field::new(
            "Source prefix",
            format!("{src}"),
            Span::new(at + 2, at + 3),
            Kind::Option,
        )
        .explain("how many leading bits of the address are given"),
    );
    kids.push(
        Field::new(
            "Scope prefix",
            format!("{scope}"),
            Span::new(at + 3, at + 4),
            Kind::Option,
        )
        .explain("how many bits the answer applies to (0 in queries)"),
    );
    kids.push(
        Field::new(
            "Address",
            crate::encoding::hex(addr),
            Span::new(at + 4, end),
            Kind::Option,
        )
        .explain("only the bytes the prefix needs"),
    );
    let p = e.problems();
    // The tree holds to RFC 7871: family 0 is reserved; bits past the prefix are not judged.
    let (Some(ip), false) = (
        e.ip(),
        p.reserved_family || p.unknown_family || p.prefix_too_long || p.address_length,
    ) else {
        bad(diags, at, end, format!("the client-subnet option at offset {at} is malformed: family {fam}, source prefix /{src}, scope /{scope} and {} address byte(s) do not fit together (RFC 7871 §6)", addr.len()));
        hex_after_colon(t, d);
        return;
    };
    let _ = write!(t, " {ip}/{src}/{scope}");
}

/// Extended DNS error (RFC 8914 §2): the info code and its text.
fn ede(
    d: &[u8],
    at: usize,
    diags: Option<&mut Vec<Diagnostic>>,
    t: &mut String,
    kids: &mut Vec<Field>,
) {
    let end = at + d.len();
    let be16 = |i: usize| d.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let Some(info) = be16(0) else {
        bad(
            diags,
            at,
            end,
            format!(
                "the extended-error option at offset {at} needs at least 2 bytes for its INFO-CODE"
            ),
        );
        return;
    };
    kids.push(
        Field::new(
            "INFO-CODE",
            format!("{info} ({})", ede_name(info).unwrap_or("unassigned")),
            Span::new(at, at + 2),
            Kind::Option,
        )
        .rfc("RFC 8914 §2"),
    );
    let _ = write!(t, ": {info}");
    if let Some(n) = ede_name(info) {
        let _ = write!(t, " ({n})");
    }
    if d.len() > 2 {
        kids.push(Field::new(
            "EXTRA-TEXT",
            String::from_utf8_lossy(&d[2..]).into_owned(),
            Span::new(at + 2, end),
            Kind::Option,
        ));
        t.push_str(": ");
        crate::dissect::name::quote(t, &d[2..]);
    }
}

/// Cookies (RFC 7873 §4): the 8-byte client cookie and the server cookie.
fn cookie(
    d: &[u8],
    at: usize,
    diags: Option<&mut Vec<Diagnostic>>,
    t: &mut String,
    kids: &mut Vec<Field>,
) {
    let end = at + d.len();
    if d.len() != 8 && !(16..=40).contains(&d.len()) {
        bad(diags, at, end, format!("a DNS cookie at offset {at} has {} bytes: it must be an 8-byte client cookie, optionally followed by an 8–32-byte server cookie (RFC 7873 §4)", d.len()));
    }
    let (c, s) = d.split_at(d.len().min(8));
    kids.push(Field::new(
        "Client cookie",
        crate::encoding::hex(c),
        Span::new(at, at + c.len()),
        Kind::Option,
    ));
    if !s.is_empty() {
        kids.push(Field::new(
            "Server cookie",
            crate::encoding::hex(s),
            Span::new(at + 8, end),
            Kind::Option,
        ));
    }
    hex_after_colon(t, d);
}

/// CHAIN (RFC 7901) and REPORT-CHANNEL (RFC 9567): one uncompressed domain name.
fn name_option(
    msg: &[u8],
    code: OptCode,
    d: &[u8],
    at: usize,
    diags: Option<&mut Vec<Diagnostic>>,
    t: &mut String,
    kids: &mut Vec<Field>,
) {
    let end = at + d.len();
    let mut sink = Vec::new();
    let n = read_name(msg, at, end, false, &mut sink);
    if n.complete && n.end == end {
        let _ = write!(t, ": {}", n.text);
        kids.extend(n.fields);
    } else {
        bad(
            diags,
            at,
            end,
            format!("the {code} option at offset {at} should hold one uncompressed domain name"),
        );
        hex_after_colon(t, d);
    }
}

/// `: ` and `d` in hex: the text of an option shown as its bytes.
fn hex_after_colon(t: &mut String, d: &[u8]) {
    t.push_str(": ");
    crate::encoding::push_hex(t, d);
}

/// dig-style text of one option, plus sub-fields of its data.
fn option_text(
    msg: &[u8],
    code: OptCode,
    d: &[u8],
    at: usize,
    diags: Option<&mut Vec<Diagnostic>>,
) -> (String, Vec<Field>) {
    let mut t = String::new();
    let mut kids = Vec::new();
    let end = at + d.len();
    let be16 = |i: usize| d.get(i..i + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let be32 = |i: usize| {
        d.get(i..i + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    code.push_text(&mut t);
    match code {
        OptCode::NSID => {
            hex_after_colon(&mut t, d);
            if !d.is_empty() && d.iter().all(|b| (0x20..0x7f).contains(b)) {
                let _ = write!(t, " (\"{}\")", String::from_utf8_lossy(d));
            }
        }
        OptCode::ECS => ecs(d, at, diags, &mut t, &mut kids),
        OptCode::COOKIE => cookie(d, at, diags, &mut t, &mut kids),
        OptCode::EXPIRE => match (d.len(), be32(0)) {
            (0, _) => {}
            (4, Some(v)) => {
                let _ = write!(t, ": {v}");
            }
            _ => {
                bad(
                    diags,
                    at,
                    end,
                    format!(
                        "the EXPIRE option at offset {at} must be empty or 4 bytes, not {}",
                        d.len()
                    ),
                );
                hex_after_colon(&mut t, d);
            }
        },
        OptCode::TCP_KEEPALIVE => {
            match (d.len(), be16(0)) {
                (0, _) => {}
                (2, Some(v)) => {
                    let _ = write!(t, ": {}.{} secs", v / 10, v % 10);
                }
                _ => {
                    bad(diags, at, end, format!("the TCP-KEEPALIVE option at offset {at} must be empty or 2 bytes, not {}", d.len()));
                    hex_after_colon(&mut t, d);
                }
            }
        }
        OptCode::PADDING => {
            t.push_str(": (");
            crate::encoding::push_number(&mut t, d.len() as u64);
            t.push_str(" bytes)");
            if d.iter().any(|&b| b != 0) {
                if let Some(dg) = diags {
                    dg.push(Diagnostic {
                        span: Span::new(at, end),
                        severity: Severity::Note,
                        layer: crate::tree::Layer::Dns,
                        message: "padding bytes should be zero (RFC 7830 §4)".into(),
                    });
                }
            }
        }
        OptCode::DAU | OptCode::DHU | OptCode::N3U => {
            t.push(':');
            for &a in d {
                match (code, SecAlg(a).mnemonic()) {
                    (OptCode::DAU, Some(m)) => {
                        let _ = write!(t, " {m}");
                    }
                    _ => {
                        let _ = write!(t, " {a}");
                    }
                }
            }
        }
        OptCode::KEY_TAG => {
            if !d.len().is_multiple_of(2) || d.is_empty() {
                bad(diags, at, end, format!("the KEY-TAG option at offset {at} must hold whole 2-byte key tags, it has {} bytes", d.len()));
            }
            t.push(':');
            for (i, c) in d.chunks_exact(2).enumerate() {
                let _ = write!(
                    t,
                    "{}{}",
                    if i > 0 { ", " } else { " " },
                    u16::from_be_bytes([c[0], c[1]])
                );
            }
        }
        OptCode::EDE => ede(d, at, diags, &mut t, &mut kids),
        OptCode::CLIENT_TAG | OptCode::SERVER_TAG if d.len() == 2 => {
            let _ = write!(t, ": {}", u16::from_be_bytes([d[0], d[1]]));
        }
        OptCode::CHAIN | OptCode::REPORT_CHANNEL => {
            name_option(msg, code, d, at, diags, &mut t, &mut kids)
        }
        OptCode::ZONEVERSION if d.len() >= 2 => {
            let _ = write!(
                t,
                ": labels {} type {} {}",
                d[0],
                d[1],
                crate::encoding::hex(&d[2..])
            );
        }
        OptCode::LLQ if d.len() == 18 => {
            let _ = write!(
                t,
                ": version {} opcode {} error {} id {} lease {}",
                u16::from_be_bytes([d[0], d[1]]),
                u16::from_be_bytes([d[2], d[3]]),
                u16::from_be_bytes([d[4], d[5]]),
                u64::from_be_bytes([d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13]]),
                u32::from_be_bytes([d[14], d[15], d[16], d[17]])
            );
        }
        OptCode::UL if d.len() == 4 || d.len() == 8 => {
            let _ = write!(t, ": {}", u32::from_be_bytes([d[0], d[1], d[2], d[3]]));
            if d.len() == 8 {
                let _ = write!(t, "/{}", u32::from_be_bytes([d[4], d[5], d[6], d[7]]));
            }
        }
        _ => {
            if !d.is_empty() {
                hex_after_colon(&mut t, d);
            }
        }
    }
    (t, kids)
}

#[cfg(test)]
mod test {
    use super::*;

    fn text(code: u16, d: &[u8]) -> (String, usize) {
        let mut diags = Vec::new();
        let mut msg = vec![0u8; 12];
        msg.extend_from_slice(d);
        let (t, _) = option_text(&msg, OptCode(code), d, 12, Some(&mut diags));
        (t, diags.len())
    }

    #[test]
    fn options_print_like_dig() {
        assert_eq!(
            text(8, &[0, 1, 24, 0, 192, 0, 2]),
            ("ECS 192.0.2.0/24/0".into(), 0)
        );
        // prefix /24 with 4 address bytes: malformed (zeek dns-edns-ecs-bad)
        assert_eq!(text(8, &[0, 1, 24, 0, 192, 0, 2, 0]).1, 1);
        assert_eq!(text(15, &[0, 18]).0, "EDE: 18 (Prohibited)");
        assert_eq!(
            text(10, &[1, 2, 3, 4, 5, 6, 7, 8]),
            ("COOKIE: 0102030405060708".into(), 0)
        );
        assert_eq!(text(10, &[1, 2, 3]).1, 1);
        assert_eq!(text(11, &[0, 150]).0, "TCP-KEEPALIVE: 15.0 secs");
        assert_eq!(text(65001, &[0xab]).0, "OPT65001: ab");
        assert_eq!(text(3, b"gpdns").0, "NSID: 6770646e73 (\"gpdns\")");
    }
}
