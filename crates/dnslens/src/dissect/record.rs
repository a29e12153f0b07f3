//! One resource record in the tree (RFC 1035 §4.1.3): owner, TYPE, CLASS, TTL, RDLENGTH and
//! the RDATA by its type, with the rules about where OPT and TSIG may be.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::words::{code, number, Words};
use crate::dissect::edns;
use crate::dissect::model::{Flavor, Record, Section};
use crate::dissect::name::read_name;
use crate::dissect::rdata::{self, Rd};
use crate::iana::{Class, Rtype};
use crate::tree::{Diagnostic, Field, Kind, Severity, Span};
use crate::wire::header::{rdata_span, record, record_fixed};

pub(super) fn type_field(label: &'static str, t: u16, at: usize) -> Field {
    Field::new(label, type_value(t), Span::new(at, at + 2), Kind::Type)
        .explain(type_explain(Rtype(t)))
        .rfc("RFC 1035 §3.2.2")
}

pub(super) fn class_field(
    label: &'static str,
    c: u16,
    at: usize,
    flavor: Flavor,
    question: bool,
) -> Field {
    let s = Span::new(at, at + 2);
    if flavor == Flavor::Mdns && c & 0x8000 != 0 {
        let (bitname, what) = if question {
            (
                "QU",
                "unicast-response bit: the asker would like a unicast reply (RFC 6762 §5.4)",
            )
        } else {
            (
                "Cache flush",
                "cache-flush bit: this record replaces, not adds to, cached ones (RFC 6762 §10.2)",
            )
        };
        return Field::new(
            label,
            format!("{} ({}) + {bitname}", Class(c & 0x7fff), c & 0x7fff),
            s,
            Kind::Class,
        )
        .rfc("RFC 6762 §18.12")
        .children(vec![
            Field::new(bitname, "1", s, Kind::Flag)
                .mask(0x8000)
                .explain(what)
                .rfc("RFC 6762"),
            Field::new("Class", format!("{}", Class(c & 0x7fff)), s, Kind::Class).mask(0x7fff),
        ]);
    }
    let value: Cow<'static, str> = match c {
        1 => "IN (1)".into(),
        _ => code(|o| Class(c).push_text(o), c.into()).into(),
    };
    Field::new(label, value, s, Kind::Class)
        .explain(match c {
            1 => "IN: the Internet class — nearly every record is IN",
            3 => "CH: Chaos class, used today for server self-description (version.bind)",
            254 => "NONE: used by UPDATE to delete a specific record",
            255 => "ANY: matches every class",
            _ => "the protocol family or namespace of the record",
        })
        .rfc("RFC 1035 §3.2.4")
}

fn type_explain(t: Rtype) -> Cow<'static, str> {
    Cow::Borrowed(match t {
        Rtype::A => "A: an IPv4 address",
        Rtype::AAAA => "AAAA: an IPv6 address",
        Rtype::NS => "NS: an authoritative name server for the zone",
        Rtype::CNAME => "CNAME: this name is an alias of another",
        Rtype::SOA => "SOA: start of authority, the zone's administrative data",
        Rtype::PTR => "PTR: a pointer to another name (reverse lookups)",
        Rtype::MX => "MX: a mail exchanger for the domain",
        Rtype::TXT => "TXT: free-form text strings",
        Rtype::SRV => "SRV: where a service runs (host and port)",
        Rtype::OPT => "OPT: the EDNS(0) pseudo-record, not real data",
        Rtype::ANY => "ANY (*): a request for all records",
        Rtype::RRSIG => "RRSIG: a DNSSEC signature over an RRset",
        Rtype::DNSKEY => "DNSKEY: a DNSSEC public key",
        Rtype::DS => "DS: delegation signer, a hash of a child zone's key",
        Rtype::NSEC | Rtype::NSEC3 => "authenticated denial of existence (DNSSEC)",
        Rtype::HTTPS | Rtype::SVCB => "service binding: endpoints and connection parameters",
        _ => "the record type",
    })
}

/// "Answer 3", "Authority 1 (incomplete)"...: static texts for the first eight of a section.
fn label(rec: &Record, section: Section, n: usize) -> Cow<'static, str> {
    const NAMES: [[&str; 8]; 3] = [
        [
            "Answer 1", "Answer 2", "Answer 3", "Answer 4", "Answer 5", "Answer 6", "Answer 7",
            "Answer 8",
        ],
        [
            "Authority 1",
            "Authority 2",
            "Authority 3",
            "Authority 4",
            "Authority 5",
            "Authority 6",
            "Authority 7",
            "Authority 8",
        ],
        [
            "Additional 1",
            "Additional 2",
            "Additional 3",
            "Additional 4",
            "Additional 5",
            "Additional 6",
            "Additional 7",
            "Additional 8",
        ],
    ];
    let si = match section {
        Section::Answer => 0,
        Section::Authority => 1,
        Section::Additional => 2,
    };
    match NAMES[si].get(n.wrapping_sub(1)) {
        Some(s) if rec.complete => Cow::Borrowed(s),
        _ => {
            let word = ["Answer", "Authority", "Additional"][si];
            let tail = if rec.complete { "" } else { " (incomplete)" };
            Words::cap(28).s(word).s(" ").n(n as u64).s(tail).into()
        }
    }
}

/// Decode one RR at `pos`. Returns the model, its tree node and where the next record starts.
/// True for a TTL with its top bit set, which RFC 2181 §8 says to treat as zero.
pub(super) fn ttl_is_negative(ttl: u32) -> bool {
    ttl & 0x8000_0000 != 0
}

/// A record, its field, where it ends, and (OPT) its EDNS options.
type Decoded = (Record, Field, usize, Vec<crate::dissect::model::EdnsOption>);

pub(super) fn decode_record(
    msg: &[u8],
    pos: usize,
    n: usize,
    section: Section,
    flavor: Flavor,
    diags: &mut Vec<Diagnostic>,
) -> Decoded {
    let start = pos;
    let name = read_name(msg, pos, msg.len(), true, diags);
    let mut children = Vec::with_capacity(6);
    children.push(
        Field::new(
            "Name",
            name.text.clone(),
            Span::new(start, name.end),
            Kind::Name,
        )
        .explain("the owner name: the domain this record is about")
        .rfc("RFC 1035 §4.1.3")
        .children(name.fields),
    );
    let p = name.end;
    let mut rec = Record {
        name: name.text,
        rtype: Rtype(0),
        class: Class(0),
        cache_flush: false,
        ttl: 0,
        rdlength: 0,
        rdata: Span::new(p, p),
        rdata_text: String::new(),
        span: Span::new(start, p),
        complete: false,
        fixed: false,
    };
    let (Some(t), Some(c), Some(ttl), Some(rdlen)) = record_fixed(msg, p) else {
        diags.push(Diagnostic { span: Span::new(start, msg.len()), severity: Severity::Error, layer: crate::tree::Layer::Dns,
            message: format!("the record at offset {start} is cut short: after its name the 10 bytes of TYPE, CLASS, TTL and RDLENGTH do not fit in the {} bytes left", msg.len().saturating_sub(p)) });
        rec.span = Span::new(start, msg.len());
        if p < msg.len() {
            children.push(Field::new(
                "Truncated record",
                "",
                Span::new(p, msg.len()),
                Kind::Trailing,
            ));
        }
        let f = Field::new(
            label(&rec, section, n),
            rec.name.clone(),
            rec.span,
            Kind::Group,
        )
        .children(children);
        return (rec, f, msg.len(), Vec::new());
    };
    rec.fixed = true;
    rec.rtype = Rtype(t);
    rec.ttl = ttl;
    rec.rdlength = rdlen;
    let is_opt = rec.rtype == Rtype::OPT;
    if flavor == Flavor::Mdns && !is_opt {
        rec.cache_flush = c & 0x8000 != 0;
        rec.class = Class(c & 0x7fff);
    } else {
        rec.class = Class(c);
    }
    fixed_fields(&mut children, p, (t, c, ttl, rdlen), is_opt, flavor, diags);
    let (rstart, rend) = rdata_span(msg.len(), p, rdlen).unwrap_or_else(|(rstart, rend)| {
        let at = p + record::RDLENGTH.start;
        diags.push(Diagnostic { span: Span::new(at, at + 2), severity: Severity::Error, layer: crate::tree::Layer::Dns,
            message: format!("RDLENGTH {rdlen} at offset {at} runs past the end of the message: only {} byte(s) of RDATA are present", rend - rstart) });
        (rstart, rend)
    });
    let mut rd = Rd {
        msg,
        pos: rstart,
        end: rend,
        fields: Vec::new(),
        diags,
        mdns: flavor == Flavor::Mdns,
        options: Vec::new(),
        options_text: String::new(),
    };
    let (text, ok) = rdata::decode(&mut rd, rec.rtype, rec.class.0);
    let (rfields, options) = (rd.fields, rd.options);
    rec.rdata = Span::new(rstart, rend);
    rec.rdata_text = text;
    rec.span = Span::new(start, rend);
    rec.complete = name.complete && ok && rend - rstart == rdlen as usize;
    children.push(
        Field::new("RDATA", rec.rdata_text.clone(), rec.rdata, Kind::Rdata)
            .explain(rdata_explain(rec.rtype))
            .rfc(rdata_rfc(rec.rtype))
            .children(rfields),
    );
    // "example. 3600 IN A 192.0.2.1" (OPT: "OPT udp=1232 ..."), the record on one line.
    let w = Words::cap(rec.name.len() + rec.rdata_text.len() + 32);
    let value = if is_opt {
        w.s("OPT udp=").n(c.into()).s(" ").s(&rec.rdata_text)
    } else {
        w.s(&rec.name)
            .s(" ")
            .n(ttl.into())
            .s(" ")
            .with(|o| rec.class.push_text(o))
            .s(" ")
            .with(|o| rec.rtype.push_text(o))
            .s(" ")
            .s(&rec.rdata_text)
    };
    let f = Field::new(label(&rec, section, n), value, rec.span, Kind::Group)
        .rfc("RFC 1035 §4.1.3")
        .children(children);
    (rec, f, rend, options)
}

/// TYPE, CLASS (OPT: the UDP payload size), TTL (OPT: the EDNS flags) and RDLENGTH at `p`.
fn fixed_fields(
    children: &mut Vec<Field>,
    p: usize,
    (t, c, ttl, rdlen): (u16, u16, u32, u16),
    is_opt: bool,
    flavor: Flavor,
    diags: &mut Vec<Diagnostic>,
) {
    children.push(type_field("Type", t, p));
    if is_opt {
        children.push(
            Field::new(
                "UDP payload size",
                number(c.into()),
                Span::new(p + 2, p + 4),
                Kind::Class,
            )
            .explain("in OPT the CLASS field is the largest UDP reply the sender can take")
            .rfc("RFC 6891 §6.1.2"),
        );
        children.push(edns::ttl_field(ttl, p + 4));
    } else {
        children.push(class_field("Class", c, p + 2, flavor, false));
        let mut f = Field::new("TTL", ttl_text(ttl), Span::new(p + 4, p + 8), Kind::Ttl)
            .explain("time to live: how many seconds the record may be cached")
            .rfc("RFC 1035 §4.1.3");
        if ttl_is_negative(ttl) {
            f.explain = "the top bit is set: RFC 2181 §8 says to treat such a TTL as 0".into();
            diags.push(Diagnostic { span: Span::new(p + 4, p + 8), severity: Severity::Warning, layer: crate::tree::Layer::Dns,
                message: format!("TTL {ttl} at offset {} has its top bit set; RFC 2181 §8 limits TTLs to 2^31−1 and says to treat this as zero", p + 4) });
        }
        children.push(f);
    }
    children.push(
        Field::new(
            "RDLENGTH",
            super::words::number(rdlen.into()),
            Span::new(p + 8, p + 10),
            Kind::RdLength,
        )
        .explain("how many bytes of RDATA follow")
        .rfc("RFC 1035 §4.1.3"),
    );
}

fn ttl_text(ttl: u32) -> String {
    let (d, h, m, s) = (ttl / 86400, (ttl / 3600) % 24, (ttl / 60) % 60, ttl % 60);
    let mut out = Words::cap(32).n(ttl.into()).s(" (");
    if d > 0 {
        out = out.n(d.into()).s("d ");
    }
    if d > 0 || h > 0 {
        out = out.n(h.into()).s("h ");
    }
    if d > 0 || h > 0 || m > 0 {
        out = out.n(m.into()).s("m ");
    }
    out.n(s.into()).s("s)").into()
}

/// "CNAME (5)": the common types without formatting.
fn type_value(t: u16) -> Cow<'static, str> {
    match Rtype(t) {
        Rtype::A => "A (1)".into(),
        Rtype::NS => "NS (2)".into(),
        Rtype::CNAME => "CNAME (5)".into(),
        Rtype::SOA => "SOA (6)".into(),
        Rtype::PTR => "PTR (12)".into(),
        Rtype::MX => "MX (15)".into(),
        Rtype::TXT => "TXT (16)".into(),
        Rtype::AAAA => "AAAA (28)".into(),
        Rtype::SRV => "SRV (33)".into(),
        Rtype::OPT => "OPT (41)".into(),
        Rtype::RRSIG => "RRSIG (46)".into(),
        Rtype::HTTPS => "HTTPS (65)".into(),
        _ => code(|o| Rtype(t).push_text(o), t.into()).into(),
    }
}

/// What the RDATA node says it is.
fn rdata_explain(t: Rtype) -> Cow<'static, str> {
    match t {
        Rtype::A => "the A record's data".into(),
        Rtype::NS => "the NS record's data".into(),
        Rtype::CNAME => "the CNAME record's data".into(),
        Rtype::SOA => "the SOA record's data".into(),
        Rtype::PTR => "the PTR record's data".into(),
        Rtype::MX => "the MX record's data".into(),
        Rtype::TXT => "the TXT record's data".into(),
        Rtype::AAAA => "the AAAA record's data".into(),
        Rtype::SRV => "the SRV record's data".into(),
        Rtype::OPT => "the OPT record's data".into(),
        Rtype::RRSIG => "the RRSIG record's data".into(),
        _ => Words::cap(32)
            .s("the ")
            .with(|o| t.push_text(o))
            .s(" record's data")
            .into(),
    }
}

fn rdata_rfc(t: Rtype) -> &'static str {
    match t {
        Rtype::AAAA => "RFC 3596 §2.2",
        Rtype::SRV => "RFC 2782",
        Rtype::OPT => "RFC 6891 §6.1.2",
        Rtype::DS | Rtype::DNSKEY | Rtype::RRSIG | Rtype::NSEC => "RFC 4034",
        Rtype::NSEC3 | Rtype::NSEC3PARAM => "RFC 5155",
        Rtype::SVCB | Rtype::HTTPS => "RFC 9460",
        Rtype::CAA => "RFC 8659",
        Rtype::TLSA => "RFC 6698",
        Rtype::LOC => "RFC 1876",
        Rtype::NAPTR => "RFC 3403",
        Rtype::TSIG => "RFC 8945",
        Rtype::TKEY => "RFC 2930",
        Rtype::URI => "RFC 7553",
        _ => "RFC 1035 §3.3",
    }
}
