//! The RFC 8427 JSON view of a message (`ID`, `QR`, `questionRRs`, `rdataMX`...), plus `Z`,
//! `errors` and an `EDNS` object. Built with serde so the CLI (serde_json) and the browser
//! (serde-wasm-bindgen) emit exactly the same members.

use core::fmt;

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

use crate::dissect::model::{Message, Question, Record};

/// Serialises a [`Message`] and its bytes as RFC 8427 members.
pub struct Rfc8427<'a> {
    /// The decoded message.
    pub message: &'a Message,
    /// The bytes it was decoded from.
    pub bytes: &'a [u8],
}

/// A value as its `Display` text, written straight into the output where the serializer can
/// (serde_json does), instead of through a `String` per value.
struct Shown<T>(T);

impl<T: fmt::Display> Serialize for Shown<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// Bytes as lowercase hex, through one small buffer.
struct Hex<'a>(&'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::encoding::write_hex(f, self.0)
    }
}

impl Serialize for Hex<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The member naming a record's RDATA text: `rdataMX`, `rdataTYPE65280` (RFC 8427 §2.3).
struct RdataKey(crate::iana::Rtype);

impl fmt::Display for RdataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rdata{}", self.0)
    }
}

struct Questions<'a>(&'a [Question]);
struct Records<'a>(&'a [Record], &'a [u8]);
struct Rr<'a>(&'a Record, &'a [u8]);
struct Errors<'a>(&'a Message);

impl Serialize for Rfc8427<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = self.message;
        let h = &m.header;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("ID", &h.id)?;
        map.serialize_entry("QR", &h.qr)?;
        map.serialize_entry("Opcode", &h.opcode)?;
        map.serialize_entry("AA", &h.aa)?;
        map.serialize_entry("TC", &h.tc)?;
        map.serialize_entry("RD", &h.rd)?;
        map.serialize_entry("RA", &h.ra)?;
        map.serialize_entry("Z", &(h.z as u8))?;
        map.serialize_entry("AD", &h.ad)?;
        map.serialize_entry("CD", &h.cd)?;
        map.serialize_entry("RCODE", &m.rcode().0)?;
        map.serialize_entry("RCODEname", &Shown(m.rcode()))?;
        map.serialize_entry("QDCOUNT", &h.counts[0])?;
        map.serialize_entry("ANCOUNT", &h.counts[1])?;
        map.serialize_entry("NSCOUNT", &h.counts[2])?;
        map.serialize_entry("ARCOUNT", &h.counts[3])?;
        map.serialize_entry("questionRRs", &Questions(&m.questions))?;
        map.serialize_entry("answerRRs", &Records(&m.answers, self.bytes))?;
        map.serialize_entry("authorityRRs", &Records(&m.authorities, self.bytes))?;
        map.serialize_entry("additionalRRs", &Records(&m.additionals, self.bytes))?;
        if let Some(e) = &m.edns {
            map.serialize_entry("EDNS", e)?;
        }
        map.serialize_entry("messageOctetsHEX", &Hex(self.bytes))?;
        map.serialize_entry("errors", &Errors(m))?;
        map.end()
    }
}

impl Serialize for Questions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for q in self.0 {
            seq.serialize_element(&Q(q))?;
        }
        seq.end()
    }
}

struct Q<'a>(&'a Question);
impl Serialize for Q<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let q = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("NAME", &q.name)?;
        map.serialize_entry("TYPE", &q.qtype.0)?;
        map.serialize_entry("TYPEname", &Shown(q.qtype))?;
        map.serialize_entry("CLASS", &q.qclass.0)?;
        map.serialize_entry("CLASSname", &Shown(q.qclass))?;
        if q.unicast_response {
            map.serialize_entry("QU", &true)?;
        }
        map.end()
    }
}

impl Serialize for Records<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for r in self.0 {
            seq.serialize_element(&Rr(r, self.1))?;
        }
        seq.end()
    }
}

impl Serialize for Rr<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("NAME", &r.name)?;
        map.serialize_entry("TYPE", &r.rtype.0)?;
        map.serialize_entry("TYPEname", &Shown(r.rtype))?;
        map.serialize_entry("CLASS", &r.class.0)?;
        map.serialize_entry("CLASSname", &Shown(r.class))?;
        if r.cache_flush {
            map.serialize_entry("cacheFlush", &true)?;
        }
        map.serialize_entry("TTL", &r.ttl)?;
        map.serialize_entry("RDLENGTH", &r.rdlength)?;
        let rd = self.1.get(r.rdata.start..r.rdata.end).unwrap_or(&[]);
        map.serialize_entry("RDATAHEX", &Hex(rd))?;
        map.serialize_entry(&Shown(RdataKey(r.rtype)), &r.rdata_text)?;
        map.end()
    }
}

#[derive(Serialize)]
struct E<'a> {
    offset: usize,
    end: usize,
    severity: crate::tree::Severity,
    message: &'a str,
}

impl Serialize for Errors<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = &self.0.diagnostics;
        let mut seq = s.serialize_seq(Some(d.len()))?;
        for x in d {
            seq.serialize_element(&E {
                offset: x.span.start,
                end: x.span.end,
                severity: x.severity,
                message: &x.message,
            })?;
        }
        seq.end()
    }
}
