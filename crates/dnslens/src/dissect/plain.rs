//! The model of a message with nothing to say about it, without the tree: the fast path of the
//! command line's JSON and dig text, where a capture holds millions of ordinary messages.
//!
//! [`check`] reads the message with the strict typed parser
//! ([`crate::wire::typed::parse_noting`]) and keeps it ([`Clean`]) only when the full decoder
//! would report nothing at all; the JSON writer then reads straight from that typed view
//! ([`crate::present::json::Writer::clean`]). [`decode`] builds from it the same [`Message`]
//! as [`super::message::decode`] (the same names, RDATA text and spans) for dig's text. The
//! rules it needs are the decoder's own, called from here: where OPT and TSIG may be and the
//! EDNS checks (`message::place`, [`super::edns`]), the option walk, the name remarks
//! ([`crate::wire::typed::remark`]), the TTL rule (`record::ttl_is_negative`), UPDATE's empty
//! RDATA (`rdata::empty_is_update`), the SvcParam rules (key order, each key's value).
//! Anything else unusual (another dialect, trailing bytes, the Z bit, RDATA of a type defined
//! only in IN in another class) returns `None`, and the caller decodes in full.
//! `tests/plain.rs` holds the two paths equal over the corpus and 157,218 single-byte changes
//! of it, and the invariants check (so the `dns` fuzz target) on any bytes.

use alloc::string::String;
use alloc::vec::Vec;

use super::message::{place, placed};
use super::model::{rcode, Edns, EdnsOption, Flavor, Message, Question, Record, Section};
use crate::iana::{Class, Rcode};
use crate::tree::{Diagnostic, Field, Kind, Span};
use crate::wire::typed;
use crate::wire::Rdata;

/// A message the full decoder would say nothing about, as the strict parse read it, with what
/// its option walk made: the typed view the JSON writer reads names and RDATA from, and the
/// model is built from.
pub struct Clean<'a> {
    /// The typed view: header, questions, records, names still in the message.
    pub typed: typed::Message<'a>,
    /// The EDNS data of its OPT record, if it has one.
    pub edns: Option<Edns>,
    /// The OPT record's RDATA text (its options' texts joined); empty without one.
    pub opt_text: String,
    /// The message's length.
    pub len: usize,
}

impl Clean<'_> {
    /// The RCODE, extended by EDNS.
    pub fn rcode(&self) -> Rcode {
        rcode(&self.typed.header, self.edns.as_ref())
    }

    /// The RDATA text of one of its records, as the model holds it, appended to `out`.
    pub fn rdata_text(&self, out: &mut String, r: &typed::Record<'_>) {
        match r.data {
            Rdata::Opt(_) => out.push_str(&self.opt_text),
            Rdata::Empty => {}
            _ => crate::present::rdata::write(out, &r.data),
        }
    }

    /// [`Clean::rdata_text`] appended to bytes: the commonest types written straight in
    /// (`present::rdata::write_common`), the others through `scratch`.
    pub fn rdata_bytes(&self, out: &mut Vec<u8>, scratch: &mut String, r: &typed::Record<'_>) {
        if !crate::present::rdata::write_common(out, &r.data) {
            scratch.clear();
            self.rdata_text(scratch, r);
            out.extend_from_slice(scratch.as_bytes());
        }
    }
}

/// `msg` as the strict parse reads it, or `None` when the full decoder would have a diagnostic,
/// a dialect's bit or anything else to add. The rules are the decoder's own, called from here:
/// where OPT and TSIG may be and the EDNS checks (`message::place`, [`super::edns`]), the option
/// walk, the name remarks ([`crate::wire::typed::remark`]), the TTL rule, UPDATE's empty RDATA
/// and the SvcParam rules.
pub fn check(msg: &[u8], flavor: Flavor) -> Option<Clean<'_>> {
    check_in(msg, flavor, &mut typed::Lists::default())
}

/// [`check`], its strict parse in the room of lists kept from an earlier one
/// ([`typed::Lists::keep`] takes them back from a [`Clean`]'s `typed`).
pub fn check_in<'a>(msg: &'a [u8], flavor: Flavor, lists: &mut typed::Lists) -> Option<Clean<'a>> {
    if flavor != Flavor::Dns {
        return None;
    }
    let (typed, remark) = typed::parse_noting_in(msg, lists).ok()?;
    if typed.trailing != 0 || remark.is_some() || typed.header.z {
        return None;
    }
    let (mut edns, mut opt_text) = (None, String::new());
    let mut diags = Vec::new();
    let mut opt_seen = 0;
    for (section, these) in sections(&typed) {
        let n = these.len();
        for (i, r) in these.iter().enumerate() {
            let options = admit(msg, r, &mut opt_text, &mut diags)?;
            if placed(r.rtype) {
                // The owner's text written only where it is not the root (OPT's must be).
                let (root, mut owner) = (r.name.is_root(), String::new());
                if !root {
                    r.name.push_to(&mut owner);
                }
                let rec = record(r, String::new(), String::new());
                place(
                    &rec,
                    if root { "." } else { &owner },
                    options,
                    section,
                    i + 1 == n,
                    &mut opt_seen,
                    &mut edns,
                    &typed.header,
                    &mut diags,
                );
            }
        }
    }
    diags.is_empty().then_some(Clean {
        typed,
        edns,
        opt_text,
        len: msg.len(),
    })
}

/// The rules one record must pass (those `place` does not hold): `None` where the decoder
/// would remark on it; an OPT record's options (its text into `opt_text`).
fn admit(
    msg: &[u8],
    r: &typed::Record<'_>,
    opt_text: &mut String,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<EdnsOption>> {
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
        }
        Rdata::Opt(_) => {
            let (t, o) = super::edns::option_list(msg, r.rdata, diags);
            *opt_text = t;
            options = o;
        }
        _ => {}
    }
    if r.rtype != crate::iana::Rtype::OPT && super::record::ttl_is_negative(r.ttl) {
        return None;
    }
    diags.is_empty().then_some(options)
}

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
    check(msg, flavor).map(|c| c.build_into(m)).is_some()
}

impl Clean<'_> {
    /// The model of this message (its tree an empty group) into `m`, reusing its lists and
    /// texts ([`decode_into`]).
    pub fn build_into(self, m: &mut Message) {
        let t = &self.typed;
        m.flavor = Flavor::Dns;
        m.len = self.len;
        m.header = t.header.clone();
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
        for (section, these) in sections(t) {
            let recs = section_mut(m, section);
            recs.truncate(these.len());
            for (i, r) in these.iter().enumerate() {
                let (mut name, mut text) = recs
                    .get_mut(i)
                    .map(|old| (recycled(&mut old.name), recycled(&mut old.rdata_text)))
                    .unwrap_or_default();
                r.name.push_to(&mut name);
                // Room for most RDATA texts at once rather than growing from 8 bytes.
                text.reserve(64);
                self.rdata_text(&mut text, r);
                put(recs, i, record(r, name, text));
            }
        }
        m.edns = self.edns;
    }
}

/// The typed view's records by section.
fn sections<'a, 'm>(t: &'a typed::Message<'m>) -> [(Section, &'a [typed::Record<'m>]); 3] {
    [
        (Section::Answer, t.answers()),
        (Section::Authority, t.authorities()),
        (Section::Additional, t.additionals()),
    ]
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

/// The model's record for a typed one, with its `name` and RDATA `text` written.
fn record(r: &typed::Record<'_>, name: String, text: String) -> Record {
    Record {
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
    }
}
