//! One EDNS option's data (RFC 6891 §6.1.2 and the RFCs of each code): its dig-style text,
//! the sub-fields of its data, and the problems with it.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::dissect::name::read_name;
use crate::iana::{ede_name, OptCode, SecAlg};
use crate::tree::{Diagnostic, Field, Kind, Severity, Span};

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
    kids: Option<&mut Vec<Field>>,
) {
    let end = at + d.len();
    let Some(e) = crate::wire::ecs::Ecs::read(d) else {
        bad(diags, at, end, format!("the client-subnet option at offset {at} needs at least 4 bytes (family, prefix lengths), it has {}", d.len()));
        hex_after_colon(t, d);
        return;
    };
    let (fam, src, scope, addr) = (e.family, e.source, e.scope, e.address);
    if let Some(k) = kids {
        k.push(
            Field::new(
                "Family",
                format!("{fam}"),
                Span::new(at, at + 2),
                Kind::Option,
            )
            .explain("1 = IPv4, 2 = IPv6"),
        );
        k.push(
            Field::new(
                "Source prefix",
                format!("{src}"),
                Span::new(at + 2, at + 3),
                Kind::Option,
            )
            .explain("how many leading bits of the address are given"),
        );
        k.push(
            Field::new(
                "Scope prefix",
                format!("{scope}"),
                Span::new(at + 3, at + 4),
                Kind::Option,
            )
            .explain("how many bits the answer applies to (0 in queries)"),
        );
        k.push(
            Field::new(
                "Address",
                crate::encoding::hex(addr),
                Span::new(at + 4, end),
                Kind::Option,
            )
            .explain("only the bytes the prefix needs"),
        );
    }
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
    t.push(' ');
    crate::present::push_ip(t, ip);
    for n in [src, scope] {
        t.push('/');
        crate::encoding::push_number(t, n.into());
    }
}

/// Extended DNS error (RFC 8914 §2): the info code and its text.
fn ede(
    d: &[u8],
    at: usize,
    diags: Option<&mut Vec<Diagnostic>>,
    t: &mut String,
    mut kids: Option<&mut Vec<Field>>,
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
    if let Some(k) = kids.as_deref_mut() {
        k.push(
            Field::new(
                "INFO-CODE",
                format!("{info} ({})", ede_name(info).unwrap_or("unassigned")),
                Span::new(at, at + 2),
                Kind::Option,
            )
            .rfc("RFC 8914 §2"),
        );
    }
    let _ = write!(t, ": {info}");
    if let Some(n) = ede_name(info) {
        let _ = write!(t, " ({n})");
    }
    if d.len() > 2 {
        if let Some(k) = kids {
            k.push(Field::new(
                "EXTRA-TEXT",
                String::from_utf8_lossy(&d[2..]).into_owned(),
                Span::new(at + 2, end),
                Kind::Option,
            ));
        }
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
    mut kids: Option<&mut Vec<Field>>,
) {
    let end = at + d.len();
    if d.len() != 8 && !(16..=40).contains(&d.len()) {
        bad(diags, at, end, format!("a DNS cookie at offset {at} has {} bytes: it must be an 8-byte client cookie, optionally followed by an 8–32-byte server cookie (RFC 7873 §4)", d.len()));
    }
    let (c, s) = d.split_at(d.len().min(8));
    if let Some(k) = kids.as_deref_mut() {
        k.push(Field::new(
            "Client cookie",
            crate::encoding::hex(c),
            Span::new(at, at + c.len()),
            Kind::Option,
        ));
    }
    if !s.is_empty() {
        if let Some(k) = kids {
            k.push(Field::new(
                "Server cookie",
                crate::encoding::hex(s),
                Span::new(at + 8, end),
                Kind::Option,
            ));
        }
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
    kids: Option<&mut Vec<Field>>,
) {
    let end = at + d.len();
    let mut sink = Vec::new();
    let n = read_name(msg, at, end, false, &mut sink);
    if n.complete && n.end == end {
        let _ = write!(t, ": {}", n.text);
        if let Some(k) = kids {
            k.extend(n.fields);
        }
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

/// dig-style text of one option, plus sub-fields of its data when `fields` are wanted: the
/// command line's fast path wants only the text, and the sub-fields are then not even built
/// (their texts were about half of its EDNS time). Each helper takes them as an `Option`.
pub(super) fn option_text(
    msg: &[u8],
    code: OptCode,
    d: &[u8],
    at: usize,
    diags: Option<&mut Vec<Diagnostic>>,
    fields: bool,
) -> (String, Vec<Field>) {
    let mut t = String::new();
    let mut kids = fields.then(Vec::new);
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
        OptCode::ECS => ecs(d, at, diags, &mut t, kids.as_mut()),
        OptCode::COOKIE => cookie(d, at, diags, &mut t, kids.as_mut()),
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
        OptCode::EDE => ede(d, at, diags, &mut t, kids.as_mut()),
        OptCode::CLIENT_TAG | OptCode::SERVER_TAG if d.len() == 2 => {
            let _ = write!(t, ": {}", u16::from_be_bytes([d[0], d[1]]));
        }
        OptCode::CHAIN | OptCode::REPORT_CHANNEL => {
            name_option(msg, code, d, at, diags, &mut t, kids.as_mut())
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
    (t, kids.unwrap_or_default())
}

#[cfg(test)]
mod test {
    use super::*;
    use alloc::vec;

    fn text(code: u16, d: &[u8]) -> (String, usize) {
        let mut diags = Vec::new();
        let mut msg = vec![0u8; 12];
        msg.extend_from_slice(d);
        let (t, _) = option_text(&msg, OptCode(code), d, 12, Some(&mut diags), true);
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
