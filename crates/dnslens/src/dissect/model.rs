//! The decoded model of a DNS message: what [`crate::dissect::message::decode`] returns beside
//! the tree, and what the JSON and dig renderings read.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::iana::{Class, Opcode, OptCode, Rcode, Rtype};
use crate::tree::{Diagnostic, Field, Severity, Span};

/// Which protocol dialect the message is in; changes how some bits are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Flavor {
    /// Unicast DNS (RFC 1035).
    #[default]
    Dns,
    /// Multicast DNS (RFC 6762): QU bit in question classes, cache-flush bit in record classes.
    Mdns,
    /// LLMNR (RFC 4795): C and T header flags.
    Llmnr,
}

/// The decoded header.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)]
pub struct Header {
    pub id: u16,
    pub flags: u16,
    pub qr: bool,
    pub opcode: u8,
    pub aa: bool,
    pub tc: bool,
    pub rd: bool,
    pub ra: bool,
    pub z: bool,
    pub ad: bool,
    pub cd: bool,
    /// The 4-bit RCODE of the header (see [`Message::rcode`] for the EDNS-extended one).
    pub rcode: u8,
    /// QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT as the header states them.
    pub counts: [u16; 4],
}

impl Header {
    /// Set the flags word and every bit read from it.
    pub fn set_flags(&mut self, flags: u16) {
        let f = crate::wire::header::Flags(flags);
        self.flags = flags;
        self.qr = f.qr();
        self.opcode = f.opcode();
        self.aa = f.aa();
        self.tc = f.tc();
        self.rd = f.rd();
        self.ra = f.ra();
        self.z = f.z();
        self.ad = f.ad();
        self.cd = f.cd();
        self.rcode = f.rcode();
    }
}

/// One question.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Question {
    /// QNAME, presentation form.
    pub name: String,
    /// QTYPE.
    pub qtype: Rtype,
    /// QCLASS (without the mDNS QU bit).
    pub qclass: Class,
    /// mDNS: the unicast-response bit.
    pub unicast_response: bool,
    /// Where it sits.
    pub span: Span,
}

/// One resource record.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Record {
    /// Owner name, presentation form.
    pub name: String,
    /// TYPE.
    pub rtype: Rtype,
    /// CLASS (without the mDNS cache-flush bit; the raw payload size for OPT).
    pub class: Class,
    /// mDNS: the cache-flush bit.
    pub cache_flush: bool,
    /// TTL as sent (the raw 32 bits).
    pub ttl: u32,
    /// RDLENGTH as sent.
    pub rdlength: u16,
    /// Where the RDATA sits (clipped to the message).
    pub rdata: Span,
    /// Presentation text of the RDATA, as dig prints it.
    pub rdata_text: String,
    /// Where the whole record sits.
    pub span: Span,
    /// False when the record was cut short or malformed.
    pub complete: bool,
    /// False when the message ends before TYPE, CLASS, TTL and RDLENGTH: then `rtype`, `class`
    /// and `ttl` are placeholders, not values from the message.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub fixed: bool,
}

impl Record {
    /// The class as dig prints it.
    pub fn class_text(&self) -> String {
        format!("{}", self.class)
    }
}

/// The message sections in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Section {
    Answer,
    Authority,
    Additional,
}

/// A decoded message: the typed model plus the dissection tree and diagnostics.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Message {
    /// Dialect it was read as.
    pub flavor: Flavor,
    /// Header.
    pub header: Header,
    /// Questions (zone section for UPDATE).
    pub questions: Vec<Question>,
    /// Answer (prerequisite) records.
    pub answers: Vec<Record>,
    /// Authority (update) records.
    pub authorities: Vec<Record>,
    /// Additional records, OPT included.
    pub additionals: Vec<Record>,
    /// The EDNS(0) data of the (first) OPT record.
    pub edns: Option<Edns>,
    /// Bytes after the last section.
    pub trailing: usize,
    /// Length of the message.
    pub len: usize,
    /// Everything found wrong, in byte order.
    pub diagnostics: Vec<Diagnostic>,
    /// The dissection tree, rooted at the whole message.
    pub tree: Field,
}

impl Message {
    /// A message of `len` bytes in `flavor` with nothing decoded yet (and an empty tree).
    pub fn empty(flavor: Flavor, len: usize) -> Message {
        Message {
            flavor,
            header: Header::default(),
            questions: Vec::new(),
            answers: Vec::new(),
            authorities: Vec::new(),
            additionals: Vec::new(),
            edns: None,
            trailing: 0,
            len,
            diagnostics: Vec::new(),
            tree: Field::new("", "", Span::default(), crate::tree::Kind::Group),
        }
    }

    /// The RCODE including the 8 upper bits from OPT (RFC 6891 §6.1.3).
    pub fn rcode(&self) -> Rcode {
        rcode(&self.header, self.edns.as_ref())
    }

    /// The opcode.
    pub fn opcode(&self) -> Opcode {
        Opcode(self.header.opcode)
    }

    /// True when the opcode is UPDATE, whose sections have other names.
    pub fn is_update(&self) -> bool {
        self.header.opcode == Opcode::UPDATE.0
    }

    /// Records of one section.
    pub fn section(&self, s: Section) -> &[Record] {
        match s {
            Section::Answer => &self.answers,
            Section::Authority => &self.authorities,
            Section::Additional => &self.additionals,
        }
    }

    /// True when nothing was found wrong (notes aside).
    pub fn is_clean(&self) -> bool {
        !self.diagnostics.iter().any(|d| d.severity > Severity::Note)
    }
}

/// The RCODE of a message with `header` and `edns`: the header's 4 bits below OPT's upper 8
/// (RFC 6891 §6.1.3).
pub fn rcode(header: &Header, edns: Option<&Edns>) -> Rcode {
    let ext = edns.map_or(0, |e| e.ext_rcode as u16);
    Rcode((ext << 4) | header.rcode as u16)
}

/// The four sections of a normal message and of UPDATE (RFC 2136 §2): their names, the
/// header's count fields, and what each count means.
const SECTIONS: [[(&str, &str, &str); 4]; 2] = [
    [
        (
            "Question",
            "QDCOUNT",
            "number of entries in the question section",
        ),
        (
            "Answer",
            "ANCOUNT",
            "number of entries in the answer section",
        ),
        (
            "Authority",
            "NSCOUNT",
            "number of entries in the authority section",
        ),
        (
            "Additional",
            "ARCOUNT",
            "number of entries in the additional section",
        ),
    ],
    [
        ("Zone", "ZOCOUNT", "number of entries in the zone section"),
        (
            "Prerequisite",
            "PRCOUNT",
            "number of entries in the prerequisite section",
        ),
        (
            "Update",
            "UPCOUNT",
            "number of entries in the update section",
        ),
        (
            "Additional",
            "ADCOUNT",
            "number of entries in the additional section",
        ),
    ],
];

/// Section names for normal messages and for UPDATE (RFC 2136 §2).
pub fn section_names(update: bool) -> [&'static str; 4] {
    SECTIONS[usize::from(update)].map(|s| s.0)
}

/// The header's count fields, named for the sections ([`section_names`]), and what each
/// means.
pub fn count_names(update: bool) -> [(&'static str, &'static str); 4] {
    SECTIONS[usize::from(update)].map(|s| (s.1, s.2))
}

/// EDNS data of a message.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Edns {
    /// Largest UDP payload the sender can reassemble.
    pub udp_size: u16,
    /// Upper 8 bits of the 12-bit RCODE.
    pub ext_rcode: u8,
    /// EDNS version (0 today).
    pub version: u8,
    /// DNSSEC OK bit.
    pub dnssec_ok: bool,
    /// The other 15 flag bits (must be zero).
    pub z: u16,
    /// Options in wire order.
    pub options: Vec<EdnsOption>,
}

/// One EDNS option.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EdnsOption {
    /// OPTION-CODE.
    pub code: OptCode,
    /// Where OPTION-DATA sits.
    pub data: Span,
    /// Presentation text, dig style (`ECS 192.0.2.0/24/0`).
    pub text: String,
}
