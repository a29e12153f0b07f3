//! The RFC 8427 JSON view of a message (`ID`, `QR`, `questionRRs`, `rdataMX`...), plus `Z`,
//! `errors` and an `EDNS` object: the one member list, which the command line writes a line
//! per message and the browser hands to `JSON.parse` for `decode()` and the JSON export.
//!
//! The list reads a message from either of its two sources: the decoded model
//! ([`Writer::model`]), or, for a message the full decoder has nothing to say about, the strict
//! parse's typed view ([`Writer::clean`]), whose names go from the message's labels straight
//! into the output, with no model in between (the command line's fast path over captures).
//!
//! Written by hand rather than through serde: the command line writes a million of these a
//! second, and serde_json spent a quarter of that format's time escaping hex and names a few
//! bytes at a time through `collect_str`. The output is serde_json's compact form exactly
//! (members in this order, its escapes, integers as integers); the test at the bottom holds the
//! string escaping to serde_json's, and the CLI's tests read every line back with it.

use alloc::string::String;
use alloc::vec::Vec;
use core::ops::Range;

use crate::dissect::model::{Edns, Header, Message, Record};
use crate::dissect::plain::Clean;
use crate::iana::{Class, Rcode, Rtype};
use crate::tree::{Diagnostic, Span};
use crate::wire::{typed, Name};

/// The message as one JSON object (no newline), appended to `out`: [`Writer::model`] for a
/// caller with a `String`.
pub fn write(out: &mut String, m: &Message, bytes: &[u8]) {
    let mut json = core::mem::take(out).into_bytes();
    Writer::default().model(&mut json, m, bytes);
    // Always UTF-8: the writer copies text whole and adds only ASCII.
    *out = String::from_utf8(json).unwrap_or_default();
}

/// Writes messages as JSON objects into bytes, keeping its scratch space between them: a text
/// (RDATA texts written from the typed view) and the message's hex (each RDATAHEX is a piece
/// of it, copied rather than encoded twice).
#[derive(Default)]
pub struct Writer {
    scratch: String,
    hex: Vec<u8>,
    /// The header's members from `QR` to `RCODEname`, by flags and RCODE.
    heads: Memo<160>,
    /// An entry's members from `TYPE` to `CLASSname`, by type and class.
    kinds: Memo<96>,
    /// The names of the message written so far from its typed view: where each starts in the
    /// message, where its JSON string is in the output, and whether that string is its
    /// presentation form as it is (nothing escaped: no `\` in it).
    names: [(usize, Range<usize>, bool); 4],
    /// How many of `names` hold this message's names.
    named: usize,
}

/// Runs of members that depend on a few small values only (a header's flags, an entry's type
/// and class), kept as written the last time those values came: the command line writes the
/// same few dozen runs a million times, and one copy of a kept run costs a tenth of writing
/// its keys, numbers and mnemonics again. Direct-mapped by the values; a run too long for a
/// slot is written every time. Not in the page, which writes a message at a time (its size
/// budget has no room for what would not pay there): its runs are written every time.
struct Memo<const N: usize> {
    slots: Vec<Slot<N>>,
}

/// A kept run: its values (`FILLED` marks a slot in use), its length, two marks in it (an
/// entry's type text) and its bytes.
#[derive(Clone)]
struct Slot<const N: usize> {
    key: u64,
    len: u8,
    marks: [u8; 2],
    bytes: [u8; N],
}

const FILLED: u64 = 1 << 63;
const SLOTS: usize = 64;

impl<const N: usize> Default for Memo<N> {
    fn default() -> Self {
        Memo { slots: Vec::new() }
    }
}

impl<const N: usize> Memo<N> {
    /// The run for `key` (below `FILLED`) appended to `out`, written by `write` (which returns
    /// its two marks as offsets into `out`) when it is not kept. Returns the marks, relative
    /// to where the run starts.
    fn put(
        &mut self,
        out: &mut Vec<u8>,
        key: u64,
        write: impl FnOnce(&mut Vec<u8>) -> [usize; 2],
    ) -> [usize; 2] {
        if cfg!(target_arch = "wasm32") {
            let start = out.len();
            return write(out).map(|m| m.saturating_sub(start));
        }
        let key = key | FILLED;
        if self.slots.is_empty() {
            self.slots = alloc::vec![Slot { key: 0, len: 0, marks: [0; 2], bytes: [0; N] }; SLOTS];
        }
        // Fibonacci hashing: the top bits of the key times 2^64 / φ.
        let at = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58) as usize % SLOTS;
        let start = out.len();
        if let Some(slot) = self.slots.get(at).filter(|s| s.key == key) {
            // A copy of known length (a few stores), the rest cut off again.
            out.extend_from_slice(&slot.bytes);
            out.truncate(start + usize::from(slot.len));
            return slot.marks.map(usize::from);
        }
        let marks = write(out).map(|m| m.saturating_sub(start));
        let run = out.get(start..).unwrap_or_default();
        let fits = run.len() <= N.min(255) && marks.iter().all(|&m| m <= run.len());
        if let Some(slot) = self.slots.get_mut(at).filter(|_| fits) {
            if let Some(bytes) = slot.bytes.get_mut(..run.len()) {
                bytes.copy_from_slice(run);
                slot.key = key;
                slot.len = run.len() as u8;
                slot.marks = marks.map(|m| m as u8);
            }
        }
        marks
    }
}

/// A name or an RDATA text, as the member list takes it from a source, written as a JSON
/// string. Each source its own type, so that a program that writes only models (the page)
/// carries no code for the typed view.
trait Text {
    fn write(&self, w: &mut Writer, out: &mut Vec<u8>);
}

/// The model's presentation text.
impl Text for &str {
    fn write(&self, _: &mut Writer, out: &mut Vec<u8>) {
        string(out, self);
    }
}

/// What a clean message's typed view gives.
enum Typed<'a> {
    /// A name still in the message, written from its labels.
    Name(Name<'a>),
    /// A record, its RDATA text written from its typed value.
    Rdata(&'a Clean<'a>, &'a typed::Record<'a>),
}

impl Text for Typed<'_> {
    fn write(&self, w: &mut Writer, out: &mut Vec<u8>) {
        match self {
            Typed::Name(n) => {
                // A compression pointer alone to a name written before (a record's owner,
                // most of them) is a copy of that name's string, not another walk.
                let at = n.pointer_alone();
                let seen = w.names.iter().take(w.named).find(|(s, ..)| Some(*s) == at);
                if let Some((_, string, _)) = seen {
                    out.extend_from_within(string.clone());
                    return;
                }
                let from = out.len();
                let plain = presentation_string(out, |out| n.push_bytes(out));
                if let Some(slot) = w.names.get_mut(w.named) {
                    *slot = (n.start(), from..out.len(), plain);
                    w.named += 1;
                }
            }
            Typed::Rdata(c, r) => {
                let scratch = &mut w.scratch;
                string_with(out, |out| c.rdata_bytes(out, scratch, r));
            }
        }
    }
}

/// A question or a record, as the member list reads it from either source.
struct Entry<T> {
    name: T,
    rtype: Rtype,
    class: Class,
    /// mDNS: a question's QU bit, a record's cache-flush bit.
    bit: bool,
    /// A record's TTL, RDLENGTH, where its RDATA is, and its RDATA text.
    rr: Option<(u32, u16, Span, T)>,
}

/// The parts of a message the member list needs.
struct Parts<'a, Q, R> {
    header: &'a Header,
    rcode: Rcode,
    questions: Q,
    sections: [R; 3],
    edns: Option<&'a Edns>,
    diagnostics: &'a [Diagnostic],
}

impl Writer {
    /// The decoded message `m` of `bytes` as one JSON object (no newline), appended to `out`.
    pub fn model(&mut self, out: &mut Vec<u8>, m: &Message, bytes: &[u8]) {
        fn record(r: &Record) -> Entry<&str> {
            Entry {
                name: &r.name,
                rtype: r.rtype,
                class: r.class,
                bit: r.cache_flush,
                rr: Some((r.ttl, r.rdlength, r.rdata, &r.rdata_text)),
            }
        }
        let parts = Parts {
            header: &m.header,
            rcode: m.rcode(),
            questions: m.questions.iter().map(|q| Entry {
                name: q.name.as_str(),
                rtype: q.qtype,
                class: q.qclass,
                bit: q.unicast_response,
                rr: None,
            }),
            sections: [&m.answers, &m.authorities, &m.additionals].map(|s| s.iter().map(record)),
            edns: m.edns.as_ref(),
            diagnostics: &m.diagnostics,
        };
        self.parts(out, parts, bytes);
    }

    /// The clean message `c` of `bytes` as [`Writer::model`] writes its model, read straight
    /// from the typed view.
    pub fn clean(&mut self, out: &mut Vec<u8>, c: &Clean<'_>, bytes: &[u8]) {
        let t = &c.typed;
        fn record<'a>(c: &'a Clean<'a>, r: &'a typed::Record<'a>) -> Entry<Typed<'a>> {
            Entry {
                name: Typed::Name(r.name),
                rtype: r.rtype,
                class: r.class,
                bit: false,
                rr: Some((r.ttl, r.rdata.len() as u16, r.rdata, Typed::Rdata(c, r))),
            }
        }
        let parts = Parts {
            header: &t.header,
            rcode: c.rcode(),
            questions: t.questions.iter().map(|q| Entry {
                name: Typed::Name(q.name),
                rtype: q.qtype,
                class: q.qclass,
                bit: false,
                rr: None,
            }),
            sections: [t.answers(), t.authorities(), t.additionals()]
                .map(|s| s.iter().map(move |r| record(c, r))),
            edns: c.edns.as_ref(),
            diagnostics: &[],
        };
        self.parts(out, parts, bytes);
    }

    /// The Info line of the clean message `c` of `bytes` as a JSON string, appended to `out`
    /// after [`Writer::clean`] has written `c` there: its question names are copied from the
    /// strings that wrote them, not walked again.
    pub fn info(&self, out: &mut Vec<u8>, c: &Clean<'_>, bytes: &[u8]) {
        let names = self.names.get(..self.named).unwrap_or_default();
        let written = |start| {
            let (_, string, _) = names.iter().find(|(s, _, plain)| *s == start && *plain)?;
            // The string without its quotes.
            Some(string.start + 1..string.end - 1)
        };
        presentation_string(out, |out| {
            crate::present::info::summarize_typed(&c.typed, c.rcode(), bytes, out, written)
        });
    }

    /// The member list.
    fn parts<T: Text, Q, R>(&mut self, out: &mut Vec<u8>, p: Parts<'_, Q, R>, bytes: &[u8])
    where
        Q: Iterator<Item = Entry<T>>,
        R: Iterator<Item = Entry<T>>,
    {
        let h = p.header;
        out.reserve(64 + 4 * bytes.len());
        self.hex.clear();
        self.named = 0;
        crate::encoding::put_hex(&mut self.hex, bytes);
        number(out, "{\"ID\":", h.id.into());
        let bits = [h.qr, h.aa, h.tc, h.rd, h.ra, h.z, h.ad, h.cd];
        // The flags (each bit as the header holds it), the opcode and the RCODE.
        let key = bits.iter().rev().fold(0, |k, &b| k << 1 | u64::from(b))
            | u64::from(h.opcode) << 8
            | u64::from(p.rcode.0) << 16;
        self.heads.put(out, key, |out| {
            flag(out, ",\"QR\":", h.qr);
            number(out, ",\"Opcode\":", h.opcode.into());
            flag(out, ",\"AA\":", h.aa);
            flag(out, ",\"TC\":", h.tc);
            flag(out, ",\"RD\":", h.rd);
            flag(out, ",\"RA\":", h.ra);
            number(out, ",\"Z\":", h.z.into());
            flag(out, ",\"AD\":", h.ad);
            flag(out, ",\"CD\":", h.cd);
            number(out, ",\"RCODE\":", p.rcode.0.into());
            put(out, ",\"RCODEname\":\"");
            p.rcode.put_text(out);
            out.push(b'"');
            [0; 2]
        });
        // RFC 8427 keeps RFC 1035's count names for every opcode (UPDATE's too).
        for ((name, _), n) in crate::dissect::model::count_names(false)
            .into_iter()
            .zip(h.counts)
        {
            put(out, ",\"");
            put(out, name);
            number(out, "\":", n.into());
        }
        put(out, ",\"questionRRs\":[");
        for (i, q) in p.questions.enumerate() {
            if i > 0 {
                out.push(b',');
            }
            self.entry(out, q);
        }
        for (key, records) in [
            "],\"answerRRs\":[",
            "],\"authorityRRs\":[",
            "],\"additionalRRs\":[",
        ]
        .into_iter()
        .zip(p.sections)
        {
            put(out, key);
            for (i, r) in records.enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                self.entry(out, r);
            }
        }
        out.push(b']');
        if let Some(e) = p.edns {
            edns(out, e);
        }
        put(out, ",\"messageOctetsHEX\":\"");
        out.extend_from_slice(&self.hex);
        put(out, "\",\"errors\":[");
        for (i, d) in p.diagnostics.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            diagnostic(out, d);
        }
        put(out, "]}");
    }

    /// A question (`{"NAME":…,"TYPE":…,"TYPEname":…,"CLASS":…,"CLASSname":…}`) or a record
    /// (the same, then its TTL, RDLENGTH and RDATA as hex and as text).
    fn entry<T: Text>(&mut self, out: &mut Vec<u8>, e: Entry<T>) {
        put(out, "{\"NAME\":");
        e.name.write(self, out);
        let start = out.len();
        let key = u64::from(e.rtype.0) << 16 | u64::from(e.class.0);
        let [from, to] = self.kinds.put(out, key, |out| {
            number(out, ",\"TYPE\":", e.rtype.0.into());
            put(out, ",\"TYPEname\":\"");
            let from = out.len();
            e.rtype.put_text(out);
            let to = out.len();
            number(out, "\",\"CLASS\":", e.class.0.into());
            put(out, ",\"CLASSname\":\"");
            e.class.put_text(out);
            out.push(b'"');
            [from, to]
        });
        let type_text = start + from..start + to;
        let Some((ttl, rdlength, rdata, text)) = e.rr else {
            if e.bit {
                put(out, ",\"QU\":true");
            }
            out.push(b'}');
            return;
        };
        if e.bit {
            put(out, ",\"cacheFlush\":true");
        }
        number(out, ",\"TTL\":", ttl.into());
        number(out, ",\"RDLENGTH\":", rdlength.into());
        put(out, ",\"RDATAHEX\":\"");
        // The RDATA's part of the message's hex (its span is within the message).
        let digits = self
            .hex
            .get(2 * rdata.start..2 * rdata.end)
            .unwrap_or_default();
        out.extend_from_slice(digits);
        // The member naming the RDATA text: `rdataMX`, `rdataTYPE65280` (RFC 8427 §2.3), its
        // type's text copied from TYPEname's.
        put(out, "\",\"rdata");
        out.extend_from_within(type_text);
        put(out, "\":");
        text.write(self, out);
        out.push(b'}');
    }
}

fn edns(out: &mut Vec<u8>, e: &Edns) {
    number(out, ",\"EDNS\":{\"udp_size\":", e.udp_size.into());
    number(out, ",\"ext_rcode\":", e.ext_rcode.into());
    number(out, ",\"version\":", e.version.into());
    flag(out, ",\"dnssec_ok\":", e.dnssec_ok);
    number(out, ",\"z\":", e.z.into());
    put(out, ",\"options\":[");
    for (i, o) in e.options.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        number(out, "{\"code\":", o.code.0.into());
        number(out, ",\"data\":{\"start\":", o.data.start as u64);
        number(out, ",\"end\":", o.data.end as u64);
        put(out, "},\"text\":");
        string(out, &o.text);
        out.push(b'}');
    }
    put(out, "]}");
}

fn diagnostic(out: &mut Vec<u8>, d: &Diagnostic) {
    number(out, "{\"offset\":", d.span.start as u64);
    number(out, ",\"end\":", d.span.end as u64);
    put(out, ",\"severity\":\"");
    put(out, super::sev(d.severity));
    put(out, "\",\"message\":");
    string(out, &d.message);
    out.push(b'}');
}

// Inlined where speed counts (the command line: a key's copy is then one of known length, not
// a call to copy; each of these is one of ~60 pieces per message), not in the page's wasm,
// which is built for size.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn put(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(s.as_bytes());
}

/// `key` then the number.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn number(out: &mut Vec<u8>, key: &str, n: u64) {
    put(out, key);
    crate::encoding::put_number(out, n);
}

#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn flag(out: &mut Vec<u8>, key: &str, b: bool) {
    put(out, key);
    put(out, if b { "true" } else { "false" });
}

/// `s` as a JSON string, escaped as serde_json escapes: `"`, `\` and the control characters
/// (`\b \f \n \r \t`, the others as `\u00xx`); everything else, non-ASCII included, as it is.
pub fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escaped(out, s.as_bytes());
    out.push(b'"');
}

/// A JSON string of the UTF-8 bytes `write` appends, written in place and escaped
/// afterwards only where it has to be. For text that seldom needs it: an RDATA text (a TXT's
/// quotes and backslashes now and then).
pub fn string_with<R>(out: &mut Vec<u8>, write: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    in_quotes(out, write, needs_escape).0
}

/// [`string_with`] for presentation text, which `write` appends: names and the Info line, made
/// of printable ASCII in which a `"` or a `\` (the only bytes of it JSON escapes) comes after a
/// `\`, so one look for a backslash (a faster search than `needs_escape`'s) says whether to
/// escape. Returns true when nothing needed escaping.
pub fn presentation_string(out: &mut Vec<u8>, write: impl FnOnce(&mut Vec<u8>)) -> bool {
    in_quotes(out, write, has_backslash).1
}

/// The two above: `write`'s bytes between quotes, escaped when `needs` says they must be.
/// Returns what `write` returned, and whether nothing was escaped.
fn in_quotes<R>(
    out: &mut Vec<u8>,
    write: impl FnOnce(&mut Vec<u8>) -> R,
    needs: fn(&[u8]) -> bool,
) -> (R, bool) {
    out.push(b'"');
    let at = out.len();
    let r = write(out);
    let plain = !needs(out.get(at..).unwrap_or_default());
    if !plain {
        let text = out.split_off(at);
        escaped(out, &text);
    }
    out.push(b'"');
    (r, plain)
}

/// Whether `s` has a `\`: a test of every byte without an early exit, which the compiler does
/// many bytes at a time (`contains`, a search that stops at the first, cost twice as much on
/// names and Info lines).
fn has_backslash(s: &[u8]) -> bool {
    s.iter().fold(false, |any, &b| any | (b == b'\\'))
}

/// Whether any byte of `s` must be escaped in a JSON string: a test of every byte without
/// an early exit, which the compiler does many bytes at a time.
fn needs_escape(s: &[u8]) -> bool {
    s.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// The inside of [`string`]: the bytes of UTF-8 text, escaped. Runs that need nothing are
/// copied whole, and most strings (names, RDATA) are one such run.
fn escaped(out: &mut Vec<u8>, s: &[u8]) {
    if !needs_escape(s) {
        out.extend_from_slice(s);
        return;
    }
    let mut start = 0;
    for (i, &b) in s.iter().enumerate() {
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
        out.extend_from_slice(s.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            put(out, "\\u00");
            out.push(crate::encoding::HEX_LOWER[usize::from(b >> 4)]);
            out.push(crate::encoding::HEX_LOWER[usize::from(b & 0xf)]);
        } else {
            put(out, escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(s.get(start..).unwrap_or_default());
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
            let mut ours = Vec::new();
            string(&mut ours, s);
            assert_eq!(ours, serde_json::to_string(s).unwrap().as_bytes(), "{s:?}");
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

    #[test]
    fn kept_runs_write_what_a_fresh_writer_writes() {
        // The seed's query and an A answer to it; then every flags word, and types and
        // classes in a row that makes the direct-mapped slots collide, through one writer
        // (its runs kept) and through a fresh one each time.
        let mut bytes =
            crate::input::parse("b0f381800001000100000000076369746164656c0269650000010001")
                .unwrap()
                .bytes;
        bytes.extend_from_slice(&[0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 192, 0, 2, 1]);
        let mut m = crate::decode(&bytes);
        assert_eq!(m.answers.len(), 1);
        let mut kept = Writer::default();
        let mut x: u32 = 1;
        for flags in 0..=u16::MAX {
            m.header.set_flags(flags);
            // xorshift: types and classes from all over, repeated now and then.
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let (t, c) = if x.is_multiple_of(4) {
                (28, 1)
            } else {
                (x as u16, (x >> 16) as u16 % 300)
            };
            m.answers[0].rtype = Rtype(t);
            m.answers[0].class = Class(c);
            m.questions[0].qtype = Rtype(t ^ 1);
            let (mut ours, mut fresh) = (Vec::new(), Vec::new());
            kept.model(&mut ours, &m, &bytes);
            Writer::default().model(&mut fresh, &m, &bytes);
            assert_eq!(ours, fresh, "flags {flags:#06x}, type {t}, class {c}");
        }
        // Every head and entry slot was used.
        assert!(kept.heads.slots.iter().all(|s| s.key & FILLED != 0));
        assert!(kept.kinds.slots.iter().all(|s| s.key & FILLED != 0));
    }

    #[test]
    fn the_info_line_after_the_members_is_the_summary_as_a_string() {
        // A plain question; one whose name needs escaping in JSON (a quote, a backslash and a
        // tab: its text is copied only where nothing was escaped); and one with two names.
        let mut plain = alloc::vec![0xb0, 0xf3, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0];
        plain.extend_from_slice(b"\x07citadel\x02ie\x00\x00\x01\x00\x01");
        plain
            .extend_from_slice(b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\xc0\x00\x02\x01");
        let mut escaped = alloc::vec![0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0];
        escaped.extend_from_slice(b"\x06a\"b\\c\t\x01x\x00\x00\x10\x00\x01");
        escaped.extend_from_slice(b"\xc0\x0c\x00\x10\x00\x01\x00\x00\x00\x3c\x00\x04\x03\"\\\n");
        let mut two = alloc::vec![0x43, 0x21, 0x01, 0x00, 0, 2, 0, 0, 0, 0, 0, 0];
        two.extend_from_slice(b"\x03www\x07example\x03com\x00\x00\x1c\x00\x01");
        two.extend_from_slice(b"\xc0\x10\x00\x01\x00\x01");
        for bytes in [plain, escaped, two] {
            let c = crate::dissect::plain::check(&bytes, crate::Flavor::Dns).expect("clean");
            let mut w = Writer::default();
            let mut out = b"[".to_vec();
            w.clean(&mut out, &c, &bytes);
            out.push(b',');
            w.info(&mut out, &c, &bytes);
            out.push(b']');
            let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(
                v[1],
                crate::present::summary(&bytes).as_str(),
                "{bytes:02x?}"
            );
        }
    }

    #[test]
    fn names_with_quotes_backslashes_and_control_bytes_from_the_typed_view() {
        // A query for `a"b\c<tab>.x.` (its first label holds a quote, a backslash and a tab)
        // and a TXT answer for it: the typed view's names are escaped as the model's are.
        let mut bytes = alloc::vec![0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0];
        bytes.extend_from_slice(b"\x06a\"b\\c\t\x01x\x00\x00\x10\x00\x01");
        bytes.extend_from_slice(b"\xc0\x0c\x00\x10\x00\x01\x00\x00\x00\x3c\x00\x04\x03\"\\\n");
        let c = crate::dissect::plain::check(&bytes, crate::Flavor::Dns).expect("clean");
        let m = crate::decode(&bytes);
        let mut w = Writer::default();
        let (mut typed, mut model) = (Vec::new(), Vec::new());
        w.clean(&mut typed, &c, &bytes);
        w.model(&mut model, &m, &bytes);
        assert_eq!(typed, model);
        let v: serde_json::Value = serde_json::from_slice(&typed).unwrap();
        assert_eq!(v["questionRRs"][0]["NAME"], "a\\\"b\\\\c\\009.x.");
        assert_eq!(v["answerRRs"][0]["rdataTXT"], "\"\\\"\\\\\\010\"");
    }
}
