//! The RFC 8427 JSON view of a message (`ID`, `QR`, `questionRRs`, `rdataMX`...), plus `Z`,
//! `errors` and an `EDNS` object: the one member list, which the command line writes a line
//! per message and the browser hands to `JSON.parse` for `decode()` and the JSON export.
//!
//! Written by hand rather than through serde: the command line writes a million of these a
//! second, and serde_json spent a quarter of that format's time escaping hex and names a few
//! bytes at a time through `collect_str`. The output is serde_json's compact form exactly
//! (members in this order, its escapes, integers as integers); the test at the bottom holds the
//! string escaping to serde_json's, and the CLI's tests read every line back with it.

use alloc::string::String;

use crate::dissect::model::{Edns, Message, Question, Record};
use crate::iana::{Class, Rtype};
use crate::tree::Diagnostic;

/// The message as one JSON object (no newline), appended to `out`.
pub fn write(out: &mut String, m: &Message, bytes: &[u8]) {
    let h = &m.header;
    out.reserve(64 + 4 * bytes.len());
    number(out, "{\"ID\":", h.id.into());
    flag(out, ",\"QR\":", h.qr);
    number(out, ",\"Opcode\":", h.opcode.into());
    flag(out, ",\"AA\":", h.aa);
    flag(out, ",\"TC\":", h.tc);
    flag(out, ",\"RD\":", h.rd);
    flag(out, ",\"RA\":", h.ra);
    number(out, ",\"Z\":", h.z.into());
    flag(out, ",\"AD\":", h.ad);
    flag(out, ",\"CD\":", h.cd);
    let rcode = m.rcode();
    number(out, ",\"RCODE\":", rcode.0.into());
    out.push_str(",\"RCODEname\":\"");
    rcode.push_text(out);
    out.push('"');
    // RFC 8427 keeps RFC 1035's count names for every opcode (UPDATE's too).
    for ((name, _), n) in crate::dissect::model::count_names(false)
        .into_iter()
        .zip(h.counts)
    {
        out.push_str(",\"");
        out.push_str(name);
        number(out, "\":", n.into());
    }
    out.push_str(",\"questionRRs\":[");
    for (i, q) in m.questions.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        question(out, q);
    }
    for (key, records) in [
        ("],\"answerRRs\":[", &m.answers),
        ("],\"authorityRRs\":[", &m.authorities),
        ("],\"additionalRRs\":[", &m.additionals),
    ] {
        out.push_str(key);
        for (i, r) in records.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            record(out, r, bytes);
        }
    }
    out.push(']');
    if let Some(e) = &m.edns {
        edns(out, e);
    }
    out.push_str(",\"messageOctetsHEX\":\"");
    crate::encoding::push_hex(out, bytes);
    out.push_str("\",\"errors\":[");
    for (i, d) in m.diagnostics.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        diagnostic(out, d);
    }
    out.push_str("]}");
}

/// The members a question and a record open with: `{"NAME":…,"TYPE":…,"TYPEname":…,"CLASS":…,"CLASSname":…`.
fn owner(out: &mut String, name: &str, rtype: Rtype, class: Class) {
    out.push_str("{\"NAME\":");
    string(out, name);
    number(out, ",\"TYPE\":", rtype.0.into());
    out.push_str(",\"TYPEname\":\"");
    rtype.push_text(out);
    number(out, "\",\"CLASS\":", class.0.into());
    out.push_str(",\"CLASSname\":\"");
    class.push_text(out);
    out.push('"');
}

fn question(out: &mut String, q: &Question) {
    owner(out, &q.name, q.qtype, q.qclass);
    if q.unicast_response {
        out.push_str(",\"QU\":true");
    }
    out.push('}');
}

fn record(out: &mut String, r: &Record, bytes: &[u8]) {
    owner(out, &r.name, r.rtype, r.class);
    if r.cache_flush {
        out.push_str(",\"cacheFlush\":true");
    }
    number(out, ",\"TTL\":", r.ttl.into());
    number(out, ",\"RDLENGTH\":", r.rdlength.into());
    out.push_str(",\"RDATAHEX\":\"");
    crate::encoding::push_hex(out, bytes.get(r.rdata.start..r.rdata.end).unwrap_or(&[]));
    // The member naming the RDATA text: `rdataMX`, `rdataTYPE65280` (RFC 8427 §2.3).
    out.push_str("\",\"rdata");
    r.rtype.push_text(out);
    out.push_str("\":");
    string(out, &r.rdata_text);
    out.push('}');
}

fn edns(out: &mut String, e: &Edns) {
    number(out, ",\"EDNS\":{\"udp_size\":", e.udp_size.into());
    number(out, ",\"ext_rcode\":", e.ext_rcode.into());
    number(out, ",\"version\":", e.version.into());
    flag(out, ",\"dnssec_ok\":", e.dnssec_ok);
    number(out, ",\"z\":", e.z.into());
    out.push_str(",\"options\":[");
    for (i, o) in e.options.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        number(out, "{\"code\":", o.code.0.into());
        number(out, ",\"data\":{\"start\":", o.data.start as u64);
        number(out, ",\"end\":", o.data.end as u64);
        out.push_str("},\"text\":");
        string(out, &o.text);
        out.push('}');
    }
    out.push_str("]}");
}

fn diagnostic(out: &mut String, d: &Diagnostic) {
    number(out, "{\"offset\":", d.span.start as u64);
    number(out, ",\"end\":", d.span.end as u64);
    out.push_str(",\"severity\":\"");
    out.push_str(super::sev(d.severity));
    out.push_str("\",\"message\":");
    string(out, &d.message);
    out.push('}');
}

/// `key` then the number.
fn number(out: &mut String, key: &str, n: u64) {
    out.push_str(key);
    crate::encoding::push_number(out, n);
}

fn flag(out: &mut String, key: &str, b: bool) {
    out.push_str(key);
    out.push_str(if b { "true" } else { "false" });
}

/// `s` as a JSON string, escaped as serde_json escapes: `"`, `\` and the control characters
/// (`\b \f \n \r \t`, the others as `\u00xx`); everything else, non-ASCII included, as it is.
/// Runs that need nothing are copied whole, and most strings (names, RDATA) are one such run.
pub fn string(out: &mut String, s: &str) {
    out.push('"');
    // A test of every byte without an early exit, which the compiler can do many bytes at once.
    if !s.bytes().fold(false, |any, b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    }) {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..0x20 => "",
            _ => continue,
        };
        // `i` is at an ASCII byte, so both slices end on character boundaries.
        out.push_str(s.get(start..i).unwrap_or(""));
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(crate::encoding::HEX_LOWER[usize::from(b >> 4)]));
            out.push(char::from(crate::encoding::HEX_LOWER[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or(""));
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_as_serde_json_does() {
        let mut all = String::new();
        for c in (0u32..0x80).chain([0xe9, 0x2028, 0x1f600]) {
            all.push(char::from_u32(c).unwrap());
        }
        for s in [
            "",
            "plain",
            "a\"b\\c",
            "tab\there\nnewline\r\u{7}\u{1f}\u{7f}",
            "caf\u{e9} \\. \\032",
            all.as_str(),
        ] {
            let mut ours = String::new();
            string(&mut ours, s);
            assert_eq!(ours, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn a_captured_response_is_valid_json_with_its_members_in_order() {
        // seed 004's query: citadel.ie. A, RD, from its walkthrough's hex.
        let bytes = crate::input::parse("b0f301000001000000000000076369746164656c0269650000010001")
            .unwrap()
            .bytes;
        let m = crate::decode(&bytes);
        let mut out = String::new();
        write(&mut out, &m, &bytes);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["ID"], 0xb0f3);
        assert_eq!(v["RD"], true);
        assert_eq!(v["questionRRs"][0]["NAME"], "citadel.ie.");
        assert_eq!(v["questionRRs"][0]["TYPEname"], "A");
        assert_eq!(v["messageOctetsHEX"], crate::encoding::hex(&bytes));
        assert!(
            out.starts_with("{\"ID\":45299,\"QR\":false,\"Opcode\":0,"),
            "{out}"
        );
        assert!(out.ends_with(",\"errors\":[]}"), "{out}");
    }
}
