//! The tree's reading of SvcParams (RFC 9460 §2.2) with the one TLV walker: a field per
//! parameter, and a diagnostic for keys out of order, values cut off or malformed.

use alloc::format;
use alloc::string::String;

use super::Rd;
use crate::iana::SvcKey;
use crate::present::rdata::{key_follows, svc_param};
use crate::tree::{Field, Kind, Severity, Span};
use crate::wire::tlv::{self, TlvError};

/// The SvcParams from here to the end of the RDATA; `Err` where one is cut off.
pub(super) fn params(rd: &mut Rd<'_, '_>) -> Result<(), ()> {
    let mut last: Option<u16> = None;
    let base = rd.pos;
    let params = rd.msg.get(base..rd.end).ok_or(())?;
    for item in tlv::walk(params) {
        let (s, key, v) = match item {
            Ok(t) => (base + t.at, t.code, t.value),
            Err((at, TlvError::HeaderCut(_))) => {
                rd.pos = base + at;
                return Err(());
            }
            Err((at, TlvError::ValueCut { code, len, value })) => {
                let s = base + at;
                rd.diag(Span::new(s + 2, s + 4), Severity::Error,
                    format!("SvcParam {} at offset {s} says its value has {len} bytes but only {} remain in the RDATA", SvcKey(code), value.len()));
                rd.pos = s;
                return Err(());
            }
        };
        let len = v.len();
        if !key_follows(last, key) {
            rd.diag(Span::new(s, s + 2), Severity::Warning,
                format!("SvcParam keys must appear in strictly increasing order (RFC 9460 §2.2); {} at offset {s} does not", SvcKey(key)));
        }
        last = Some(key);
        rd.pos = s + tlv::HEADER + len;
        let mut text = String::new();
        if !svc_param(&mut text, key, v) {
            rd.diag(Span::new(s + 4, rd.pos), Severity::Error,
                format!("the value of SvcParam {} at offset {s} is malformed ({len} bytes); shown as hex", SvcKey(key)));
        }
        rd.fields.push(
            Field::new("SvcParam", text, Span::new(s, rd.pos), Kind::Rdata)
                .explain("a service parameter: 2-byte key, 2-byte length, value")
                .rfc("RFC 9460 §2.2"),
        );
    }
    Ok(())
}
