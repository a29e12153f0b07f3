//! SVCB / HTTPS RDATA (RFC 9460): priority, target, then SvcParams read with the one TLV walker.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;
use core::net::{Ipv4Addr, Ipv6Addr};

use data_encoding::BASE64;

use super::*;
use crate::iana::SvcKey;
use crate::tree::{Diagnostic, Field, Kind, Severity, Span};

/// SVCB / HTTPS (RFC 9460 §2.2, §7): priority, target, then key=value parameters.
pub(super) fn svcb(rd: &mut Rd<'_, '_>, out: &mut String) -> Option<()> {
    let p = rd.u16(
        "SvcPriority",
        "0 = alias form; otherwise lower values are preferred",
    )?;
    let t = rd.name("TargetName", false)?;
    let _ = write!(out, "{p} {t}");
    let mut last: Option<u16> = None;
    let base = rd.pos;
    let params = rd.msg.get(base..rd.end)?;
    for item in crate::wire::tlv::walk(params) {
        let (s, key, v) = match item {
            Ok(t) => (base + t.at, t.code, t.value),
            Err((at, crate::wire::tlv::TlvError::HeaderCut(_))) => {
                rd.pos = base + at;
                return None;
            }
            Err((at, crate::wire::tlv::TlvError::ValueCut { code, len, value })) => {
                let s = base + at;
                rd.diags.push(Diagnostic {
                    span: Span::new(s + 2, s + 4),
                    severity: Severity::Error,
                    layer: crate::tree::Layer::Dns,
                    message: format!("SvcParam {} at offset {s} says its value has {len} bytes but only {} remain in the RDATA", SvcKey(code), value.len()),
                });
                rd.pos = s;
                return None;
            }
        };
        let len = v.len();
        if last.is_some_and(|l| key <= l) {
            rd.diags.push(Diagnostic {
                span: Span::new(s, s + 2),
                severity: Severity::Warning,
                layer: crate::tree::Layer::Dns,
                message: format!("SvcParam keys must appear in strictly increasing order (RFC 9460 §2.2); {} at offset {s} does not", SvcKey(key)),
            });
        }
        last = Some(key);
        rd.pos = s + crate::wire::tlv::HEADER + len;
        let mut text = String::new();
        let _ = write!(text, "{}", SvcKey(key));
        let good = svc_value(&mut text, key, v);
        if !good {
            rd.diags.push(Diagnostic {
                span: Span::new(s + 4, rd.pos),
                severity: Severity::Error,
                layer: crate::tree::Layer::Dns,
                message: format!("the value of SvcParam {} at offset {s} is malformed ({len} bytes); shown as hex", SvcKey(key)),
            });
            text.clear();
            let _ = write!(text, "key{key}=\"");
            for &b in v {
                push_ddd(&mut text, b);
            }
            text.push('"');
        }
        rd.fields.push(
            Field::new("SvcParam", text.clone(), Span::new(s, rd.pos), Kind::Rdata)
                .explain("a service parameter: 2-byte key, 2-byte length, value")
                .rfc("RFC 9460 §2.2"),
        );
        out.push(' ');
        out.push_str(&text);
    }
    Some(())
}

fn svc_value(out: &mut String, key: u16, v: &[u8]) -> bool {
    match SvcKey(key) {
        SvcKey::MANDATORY => {
            if v.is_empty() || !v.len().is_multiple_of(2) {
                return false;
            }
            out.push('=');
            for (i, c) in v.chunks(2).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{}", SvcKey(u16::from_be_bytes([c[0], c[1]])));
            }
        }
        SvcKey::ALPN => {
            let mut ids = Vec::new();
            let mut i = 0;
            while i < v.len() {
                let l = v[i] as usize;
                let Some(id) = v.get(i + 1..i + 1 + l).filter(|_| l > 0) else {
                    return false;
                };
                ids.push(id);
                i += 1 + l;
            }
            if ids.is_empty() {
                return false;
            }
            out.push_str("=\"");
            for (n, id) in ids.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                for &b in *id {
                    match b {
                        b',' => out.push_str("\\\\,"),
                        b'\\' => out.push_str("\\\\\\\\"),
                        b'"' => out.push_str("\\\""),
                        0x20..=0x7e => out.push(b as char),
                        _ => push_ddd(out, b),
                    }
                }
            }
            out.push('"');
        }
        SvcKey::NO_DEFAULT_ALPN => return v.is_empty(),
        SvcKey::PORT => {
            if v.len() != 2 {
                return false;
            }
            let _ = write!(out, "={}", u16::from_be_bytes([v[0], v[1]]));
        }
        SvcKey::IPV4HINT => {
            if v.is_empty() || !v.len().is_multiple_of(4) {
                return false;
            }
            out.push('=');
            for (i, c) in v.chunks(4).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{}", Ipv4Addr::new(c[0], c[1], c[2], c[3]));
            }
        }
        SvcKey::IPV6HINT => {
            if v.is_empty() || !v.len().is_multiple_of(16) {
                return false;
            }
            out.push('=');
            for (i, c) in v.chunks(16).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let mut b = [0u8; 16];
                b.copy_from_slice(c);
                let _ = write!(out, "{}", Ipv6Addr::from(b));
            }
        }
        SvcKey::ECH => {
            out.push('=');
            out.push_str(&BASE64.encode(v));
        }
        _ => {
            if !v.is_empty() {
                out.push_str("=\"");
                escape_text(out, v);
                out.push('"');
            }
        }
    }
    true
}
