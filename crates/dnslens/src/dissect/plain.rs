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

use super::model::{Flavor, Message, Question, Record, Section};
use crate::iana::Class;
use crate::wire::Rdata;

/// The model of `msg` without its tree (an empty group stands in), or `None` when the full
/// decoder would have a diagnostic, a dialect's bit or anything else to add.
pub fn decode(msg: &[u8], flavor: Flavor) -> Option<Message> {
    if flavor != Flavor::Dns {
        return None;
    }
    let (t, remark) = crate::wire::typed::parse_noting(msg).ok()?;
    if t.trailing != 0 || remark.is_some() || t.header.z {
        return None;
    }
    let mut m = Message::empty(flavor, msg.len());
    for q in &t.questions {
        m.questions.push(Question {
            name: q.name.text(),
            qtype: q.qtype,
            qclass: q.qclass,
            unicast_response: false,
            span: q.span,
        });
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
        let mut recs = Vec::with_capacity(n);
        for (i, r) in these.iter().enumerate() {
            let (rec, options) = record(msg, r, &mut diags)?;
            super::message::place(
                &rec,
                options,
                section,
                i + 1 == n,
                &mut opt_seen,
                &mut m,
                &t.header,
                &mut diags,
            );
            recs.push(rec);
        }
        match section {
            Section::Answer => m.answers = recs,
            Section::Authority => m.authorities = recs,
            Section::Additional => m.additionals = recs,
        }
    }
    if !diags.is_empty() {
        return None;
    }
    m.header = t.header;
    Some(m)
}

/// One record of the model and (OPT) its options; `None` when the decoder would remark on it.
fn record(
    msg: &[u8],
    r: &crate::wire::typed::Record<'_>,
    diags: &mut Vec<crate::tree::Diagnostic>,
) -> Option<(Record, Vec<super::model::EdnsOption>)> {
    let mut text = String::new();
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
    let rec = Record {
        name: r.name.text(),
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
