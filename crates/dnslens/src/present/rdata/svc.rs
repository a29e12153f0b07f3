//! SvcParams in presentation form (RFC 9460 §2.1, §7), as BIND prints them.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;
use core::net::Ipv6Addr;

use crate::dissect::name::{escape_text, push_ddd};
use crate::iana::SvcKey;
use crate::present::Sink;

/// True when SvcParam `key` may follow the one before it (`last`): keys appear in strictly
/// increasing order (RFC 9460 §2.2).
pub(crate) fn key_follows(last: Option<u16>, key: u16) -> bool {
    last.is_none_or(|l| key > l)
}

/// One SvcParam as `key=value` (RFC 9460 §2.1); a value that is malformed for its key is shown
/// as `keyN="\DDD..."` and `false` returned.
pub(crate) fn svc_param(out: &mut String, key: u16, v: &[u8]) -> bool {
    let start = out.len();
    SvcKey(key).push_text(out);
    if svc_value(out, key, v) {
        return true;
    }
    out.truncate(start);
    let _ = write!(out, "key{key}=\"");
    for &b in v {
        push_ddd(out, b);
    }
    out.push('"');
    false
}

/// `=value` for SvcParam `key`; false when `v` is malformed for it.
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
                SvcKey(u16::from_be_bytes([c[0], c[1]])).push_text(out);
            }
        }
        SvcKey::ALPN => return alpn(out, v),
        SvcKey::NO_DEFAULT_ALPN => return v.is_empty(),
        SvcKey::PORT => {
            if v.len() != 2 {
                return false;
            }
            out.push('=');
            crate::encoding::push_number(out, u16::from_be_bytes([v[0], v[1]]).into());
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
                out.put_ipv4([c[0], c[1], c[2], c[3]]);
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
                out.put_ipv6(Ipv6Addr::from(b));
            }
        }
        SvcKey::ECH => {
            out.push('=');
            out.push_str(&crate::encoding::base64(v));
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

/// `="h2,h3"`: ALPN ids, each a length byte and at least one byte (RFC 9460 §7.1.1).
fn alpn(out: &mut String, v: &[u8]) -> bool {
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
    true
}
