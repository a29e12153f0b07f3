//! The model of a message with nothing to say about it, without the tree: the fast path of the
//! command line's JSON and dig text, where a capture holds millions of ordinary messages.
//!
//! [`decode`] reads the message with the strict typed parser
//! ([`crate::wire::typed::parse_noting`]) and builds the same [`Message`] as [`super::message::decode`] — the same names, RDATA text and
//! spans — but only when the full decoder would report nothing at all. The rules it needs for
//! that are the decoder's own, called from here: where OPT and TSIG may be and the EDNS checks
//! (`message::place`, [`super::edns`]), the option walk, the name remarks
//! ([`crate::wire::typed::remark`]), the TTL rule (`record::ttl_is_negative`), UPDATE's
//! empty RDATA (`rdata::empty_is_update`), the SvcParam rules (key order, each key's
//! value). Anything else unusual (another dialect, trailing bytes, the Z bit, RDATA of a type
//! defined only in IN in another class) returns `None`, and the caller decodes in full.
//! `tests/plain.rs` holds the two paths equal over the corpus and 157,218 single-byte changes of
//! it, and the invariants check (so the `dns` fuzz target) on any bytes.

use alloc::string::String;
use alloc::vec::Vec;

use super::model::{Flavor, Header, Message, Question, Record, Section};
use crate::iana::Class;
use crate::tree::{Field, Kind, Span};
use crate::wire::Rdata;

/// The model of `msg` without its tree (an empty group stands in), or `None` when the full
/// decoder would have a diagnostic, a dialect's bit or anything else to add.
pub fn decode(msg: &[u8], flavor: Flavor) -> Option<Message> {
    let mut m = Message::empty(flavor, msg.len());
    decode_into(msg, flavor, &mut m).then_some(m)
}

/// [`decode`] into `m`, reusing the allocations of its lists and texts: a capture's millions
/// of messages decoded into one `Message` then allocate next to nothing (malloc and free were
/// a seventh of the JSON format's time). True when `m` now holds the model of `msg` (its tree
/// an empty group); false where [`decode`] returns `None`, and then `m` holds nothing useful.
pub fn decode_into(msg: &[u8], flavor: Flavor, m: &mut Message) -> bool {
    if flavor != Flavor::Dns {
        return false;
    }
    let Ok((t, remark)) = crate::wire::typed::parse_noting(msg) else {
        return false;
    };
    if t.trailing != 0 || remark.is_some() || t.header.z {
        return false;
    }
    m.flavor = flavor;
    m.len = msg.len();
    m.header = Header::default();
    m.edns = None;
    m.trailing = 0;
    m.diagnostics.clear();
    if !m.tree.children.is_empty() || !m.tree.name.is_empty() {
        m.tree = Field::new("", "", Span::default(), Kind::Group);
    }
    m.questions.truncate(t.questions.len());
    for (i, q) in t.questions.iter().enumerate() {
        let mut name = m
            .questions
            .get_mut(i)
            .map(|old| recycled(&mut old.name))
            .unwrap_or_default();
        q.name.push_to(&mut name);
        let question = Question {
            name,
            qtype: q.qtype,
            qclass: q.qclass,
            unicast_response: false,
            span: q.span,
        };
        put(&mut m.questions, i, question);
    }
    let counts = t.header.counts;
    let mut diags = Vec::new();
    let mut opt_seen = 0;
    let mut rest = &t.records[..];
    for (si, section) in [Section::Answer, Section::Authority, Section::Additional]
        .into_iter()
        .enumerate()
    {
        let n = (counts[si + 1] as usize).min(rest.len());
        let (these, after) = rest.split_at(n);
        rest = after;
        // Out of `m` while it is filled: `place` needs the rest of `m` (its EDNS).
        let mut recs = core::mem::take(section_mut(m, section));
        recs.truncate(n);
        for (i, r) in these.iter().enumerate() {
            let strings = recs
                .get_mut(i)
                .map(|old| (recycled(&mut old.name), recycled(&mut old.rdata_text)));
            let Some((rec, options)) = record(msg, r, strings.unwrap_or_default(), &mut diags)
            else {
                return false;
            };
            super::message::place(
                &rec,
                options,
                section,
                i + 1 == n,
                &mut opt_seen,
                m,
                &t.header,
                &mut diags,
            );
            put(&mut recs, i, rec);
        }
        *section_mut(m, section) = recs;
    }
    if !diags.is_empty() {
        return false;
    }
    m.header = t.header;
    true
}

fn section_mut(m: &mut Message, s: Section) -> &mut Vec<Record> {
    match s {
        Section::Answer => &mut m.answers,
        Section::Authority => &mut m.authorities,
        Section::Additional => &mut m.additionals,
    }
}

/// The `i`th item of a list being refilled in order: over the one there, or at the end.
fn put<T>(list: &mut Vec<T>, i: usize, item: T) {
    match list.get_mut(i) {
        Some(slot) => *slot = item,
        None => list.push(item),
    }
}

/// An old item's text, taken and emptied, to be written again without a new allocation.
fn recycled(old: &mut String) -> String {
    let mut s = core::mem::take(old);
    s.clear();
    s
}

/// One record of the model, its texts written into `(name, text)` (empty strings, perhaps
/// with room from an earlier record), and (OPT) its options; `None` when the decoder would
/// remark on it.
fn record(
    msg: &[u8],
    r: &crate::wire::typed::Record<'_>,
    (mut name, mut text): (String, String),
    diags: &mut Vec<crate::tree::Diagnostic>,
) -> Option<(Record, Vec<super::model::EdnsOption>)> {
    let mut options = Vec::new();
    match r.data {
        // The decoder has a word for empty RDATA outside UPDATE's classes, and for RDATA a
        // type defines only in IN.
        Rdata::Empty if !super::rdata::empty_is_update(r.class.0) => return None,
        Rdata::Unknown(_) if r.class != Class::IN => return None,
        // SvcParams: keys in order, each value well-formed for its key (the tree reader's
        // rules, from the same functions).
        Rdata::Svcb { params, .. } => {
            let (mut last, mut scratch) = (None, String::new());
            for (key, v) in params.iter() {
                if !crate::present::rdata::key_follows(last, key)
                    || !crate::present::rdata::svc_param(&mut scratch, key, v)
                {
                    return None;
                }
                last = Some(key);
            }
            crate::present::rdata::write(&mut text, &r.data);
        }
        Rdata::Opt(_) => {
            let (t, o) = super::edns::option_list(msg, r.rdata, diags);
            text = t;
            options = o;
        }
        Rdata::Empty => {}
        _ => {
            // Room for most RDATA texts at once rather than growing from 8 bytes.
            text.reserve(64);
            crate::present::rdata::write(&mut text, &r.data)
        }
    }
    if r.rtype != crate::iana::Rtype::OPT && super::record::ttl_is_negative(r.ttl) {
        return None;
    }
    if !diags.is_empty() {
        return None;
    }
    r.name.push_to(&mut name);
    let rec = Record {
        name,
        rtype: r.rtype,
        class: r.class,
        cache_flush: false,
        ttl: r.ttl,
        rdlength: (r.rdata.end - r.rdata.start) as u16,
        rdata: r.rdata,
        rdata_text: text,
        span: r.span,
        complete: true,
        fixed: true,
    };
    Some((rec, options))
}
