//! The tree's reader of RDATA: it walks the one layout per type ([`crate::wire::rdata`]) and
//! records a field with its span for every read and a diagnostic for each problem.
//!
//! A read that would leave the RDATA (`start..start+RDLENGTH`) stops the layout; the record is
//! then shown in the RFC 3597 generic form (`\# 4 0A000001`) with the fields read so far and the
//! rest as unexplained bytes, and the problem is reported where the data ran out. The text of a
//! layout that read to its end is the presentation form ([`crate::present::rdata`]).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{Ipv4Addr, Ipv6Addr};

pub use crate::dissect::name::quote;
use crate::dissect::name::read_name;
use crate::dissect::words::number;
use crate::iana::{Class, Rtype};
use crate::present::rdata::generic;
use crate::present::Sink;
use crate::tree::{Diagnostic, Field, Kind, Severity, Span};
use crate::wire::rdata::{Laid, Reader, TlvKind};
use crate::wire::{Name, Strings, Tlvs, Types};

mod svcb;

/// A cursor over one RDATA inside the whole message (names need the message for pointers).
pub(crate) struct Rd<'a, 'd> {
    pub msg: &'a [u8],
    pub pos: usize,
    pub end: usize,
    pub fields: Vec<Field>,
    pub diags: &'d mut Vec<Diagnostic>,
    pub mdns: bool,
    /// OPT: the options found (the record's EDNS model takes them) and their text.
    pub options: Vec<crate::dissect::model::EdnsOption>,
    pub(crate) options_text: String,
}

impl<'a> Rd<'a, '_> {
    fn take(&mut self, n: usize) -> Option<(usize, &'a [u8])> {
        let s = self.pos;
        let e = s.checked_add(n)?;
        if e > self.end {
            return None;
        }
        let msg: &'a [u8] = self.msg;
        let b = msg.get(s..e)?;
        self.pos = e;
        Some((s, b))
    }

    fn field(
        &mut self,
        name: &'static str,
        value: impl Into<alloc::borrow::Cow<'static, str>>,
        s: usize,
        kind: Kind,
        explain: &'static str,
    ) {
        self.fields
            .push(Field::new(name, value, Span::new(s, self.pos), kind).explain(explain));
    }

    fn diag(&mut self, span: Span, severity: Severity, message: String) {
        self.diags.push(Diagnostic {
            span,
            severity,
            layer: crate::tree::Layer::Dns,
            message,
        });
    }
}

/// The lax reader: every read becomes a field; a problem that still lets the bytes be read is
/// a diagnostic and the layout goes on.
impl<'a> Reader<'a> for Rd<'a, '_> {
    type Fail = ();
    fn msg(&self) -> &'a [u8] {
        self.msg
    }
    fn pos(&self) -> usize {
        self.pos
    }
    fn left(&self) -> usize {
        self.end.saturating_sub(self.pos)
    }
    fn skip(&mut self, n: usize) -> Result<&'a [u8], ()> {
        self.take(n).map(|(_, b)| b).ok_or(())
    }
    fn uint(&mut self, n: usize, name: &'static str, explain: &'static str) -> Result<u64, ()> {
        let (s, b) = self.take(n).ok_or(())?;
        let v = crate::wire::rdata::be_uint(b);
        self.field(name, number(v), s, Kind::Rdata, explain);
        Ok(v)
    }
    fn bytes(
        &mut self,
        n: usize,
        name: &'static str,
        explain: &'static str,
    ) -> Result<&'a [u8], ()> {
        let (s, b) = self.take(n).ok_or(())?;
        self.field(name, crate::encoding::hex(b), s, Kind::Rdata, explain);
        Ok(b)
    }
    fn rest(&mut self, name: &'static str, explain: &'static str) -> &'a [u8] {
        let n = self.left();
        if n == 0 {
            return &[];
        }
        self.bytes(n, name, explain).unwrap_or(&[])
    }
    fn ipv4(&mut self, name: &'static str) -> Result<Ipv4Addr, ()> {
        let (s, b) = self.take(4).ok_or(())?;
        let mut o = [0u8; 4];
        o.copy_from_slice(b);
        let a = Ipv4Addr::from(o);
        let mut text = String::new();
        text.put_ipv4(o);
        self.field(name, text, s, Kind::Rdata, "an IPv4 address, 4 bytes");
        Ok(a)
    }
    fn ipv6(&mut self, name: &'static str) -> Result<Ipv6Addr, ()> {
        let (s, b) = self.take(16).ok_or(())?;
        let mut o = [0u8; 16];
        o.copy_from_slice(b);
        let a = Ipv6Addr::from(o);
        let mut text = String::new();
        text.put_ipv6(a);
        self.field(name, text, s, Kind::Rdata, "an IPv6 address, 16 bytes");
        Ok(a)
    }
    fn name(&mut self, label: &'static str, compress: bool) -> Result<Name<'a>, ()> {
        let start = self.pos;
        if start >= self.end {
            return Err(());
        }
        let n = read_name(self.msg, start, self.end, compress || self.mdns, self.diags);
        self.pos = n.end;
        let f = Field::new(label, n.text, Span::new(start, n.end), Kind::Name)
            .explain("a domain name: length-prefixed labels ending in the root label or a compression pointer")
            .rfc("RFC 1035 §3.1")
            .children(n.fields);
        self.fields.push(f);
        if n.complete {
            Ok(Name::at(self.msg, start))
        } else {
            Err(())
        }
    }
    fn cstring(&mut self, label: &'static str) -> Result<&'a [u8], ()> {
        let s = self.pos;
        let (_, l) = self.take(1).ok_or(())?;
        let l = l[0] as usize;
        let (_, b) = self.take(l).ok_or(())?;
        let mut v = String::new();
        quote(&mut v, b);
        self.fields.push(
            Field::new(label, v, Span::new(s, self.pos), Kind::Rdata)
                .explain("a character-string: one length byte, then up to 255 bytes of text")
                .rfc("RFC 1035 §3.3")
                .children(alloc::vec![
                    Field::new(
                        "Length",
                        number(l as u64),
                        Span::new(s, s + 1),
                        Kind::LabelLength
                    ),
                    Field::new(
                        "Text",
                        String::from_utf8_lossy(b).into_owned(),
                        Span::new(s + 1, self.pos),
                        Kind::Rdata
                    ),
                ]),
        );
        Ok(b)
    }
    fn strings(&mut self) -> Result<Strings<'a>, ()> {
        let start = self.pos;
        while self.left() > 0 {
            self.cstring("String")?;
        }
        Ok(Strings::unchecked(
            self.msg.get(start..self.pos).unwrap_or(&[]),
        ))
    }
    fn types(&mut self) -> Result<Types<'a>, ()> {
        let start = self.pos;
        type_bitmap(self).ok_or(())?;
        Ok(Types::unchecked(
            self.msg.get(start..self.pos).unwrap_or(&[]),
        ))
    }
    fn tlvs(&mut self, kind: TlvKind) -> Result<Tlvs<'a>, ()> {
        let start = self.pos;
        match kind {
            TlvKind::Edns => {
                let span = Span::new(self.pos, self.end);
                let (text, options) =
                    crate::dissect::edns::options(self.msg, span, &mut self.fields, self.diags);
                self.options_text = text;
                self.options = options;
                self.pos = self.end;
            }
            TlvKind::Svc => svcb::params(self)?,
        }
        Ok(Tlvs::unchecked(
            self.msg.get(start..self.pos).unwrap_or(&[]),
        ))
    }
    fn mark(
        &mut self,
        start: usize,
        name: &'static str,
        explain: &'static str,
        rfc: Option<&'static str>,
        value: impl FnOnce(&mut String),
    ) {
        let mut v = String::new();
        value(&mut v);
        let mut f = Field::new(name, v, Span::new(start, self.pos), Kind::Rdata).explain(explain);
        if let Some(r) = rfc {
            f = f.rfc(r);
        }
        self.fields.push(f);
    }
    fn malformed(&mut self, _: usize, _: &'static str) {}
    fn problem(&mut self, at: usize, len: usize, what: &'static str) -> Result<(), ()> {
        self.diag(Span::new(at, at + len), Severity::Error, String::from(what));
        Ok(())
    }
}

/// Type bitmap windows (RFC 4034 §4.1.2), read with the one bitmap walker: a field per window;
/// a window out of order is an error the walk goes past, a bad length stops it.
fn type_bitmap(rd: &mut Rd<'_, '_>) -> Option<()> {
    use core::fmt::Write;
    let base = rd.pos;
    let bitmap = rd.msg.get(base..rd.end)?;
    for w in crate::wire::bitmap_windows(bitmap) {
        let w = match w {
            Ok(w) => w,
            Err((_, crate::wire::BitmapProblem::Cut)) => return None,
            Err((at, crate::wire::BitmapProblem::BadLength(window, len))) => {
                let s = base + at;
                rd.diag(Span::new(s, s + 2), Severity::Error,
                    format!("type bitmap window {window} at offset {s} says it has {len} bytes; it must have 1 to 32 (RFC 4034 §4.1.2)"));
                return None;
            }
        };
        let (s, window) = (base + w.at, w.number);
        if !w.in_order {
            rd.diag(Span::new(s, s + 1), Severity::Error,
                format!("type bitmap window {window} at offset {s} is out of order; windows must increase"));
        }
        rd.pos = s + 2 + w.bits.len();
        let mut types = String::new();
        for t in w.types() {
            if !types.is_empty() {
                types.push(' ');
            }
            let _ = write!(types, "{t}");
        }
        rd.fields.push(
            Field::new(
                "Type bitmap window",
                format!("window {window}: {types}"),
                Span::new(s, rd.pos),
                Kind::Rdata,
            )
            .explain("a window number, a length, then one bit per type present")
            .rfc("RFC 4034 §4.1.2"),
        );
    }
    Some(())
}

/// Empty RDATA is how UPDATE deletes RRsets (class ANY) and states prerequisites (class NONE,
/// RFC 2136 §2.4, §2.5), where dig prints nothing; in any other class it is malformed.
pub(crate) fn empty_is_update(class: u16) -> bool {
    class == Class::ANY.0 || class == Class::NONE.0
}

/// Decode RDATA of `rtype` into fields and dig-style text. Returns the text and whether the
/// RDATA was well-formed.
pub(crate) fn decode(rd: &mut Rd<'_, '_>, rtype: Rtype, class: u16) -> (String, bool) {
    let start = rd.pos;
    if start == rd.end && rtype != Rtype::OPT {
        if empty_is_update(class) {
            return (String::new(), true);
        }
        rd.diag(Span::new(start.saturating_sub(2), start), Severity::Warning,
            format!("this {rtype} record has no RDATA (RDLENGTH 0); only UPDATE messages use empty records"));
        return (String::from("\\# 0"), false);
    }
    let laid = crate::wire::rdata::read(rd, rtype, class);
    let (s, message) = match laid {
        Ok(Laid::Typed(d)) if rd.pos == rd.end => {
            let mut out = String::new();
            if rtype == Rtype::OPT {
                out = core::mem::take(&mut rd.options_text);
            } else {
                crate::present::rdata::write(&mut out, &d);
            }
            return (out, true);
        }
        Ok(Laid::Typed(_)) => (rd.pos, format!(
            "{} byte(s) of RDATA are left over after the last field of this {rtype} record: RDLENGTH says more than the fields hold",
            rd.end - rd.pos
        )),
        Ok(Laid::NoLayout) => {
            // Not an error: the type has no field layout, so it is shown generically.
            rd.fields.clear();
            rd.pos = start;
            push_rest(rd, "RDATA bytes");
            return (generic_of(rd, start), true);
        }
        Ok(Laid::OutsideClass) => {
            rd.diag(Span::new(start, rd.end), Severity::Note,
                format!("{rtype} RDATA is defined for class IN only; in class {} it is shown as bytes (RFC 3597 §5)", Class(class)));
            push_rest(rd, "RDATA bytes");
            return (generic_of(rd, start), true);
        }
        Err(()) => (start, format!(
            "the RDATA of this {rtype} record ({} bytes) is too short or malformed for its type; shown in the RFC 3597 generic form",
            rd.end - start
        )),
    };
    rd.diag(Span::new(s, rd.end), Severity::Error, message);
    push_rest(rd, "Unexplained RDATA");
    (generic_of(rd, start), false)
}

/// Show whatever RDATA no field explained.
fn push_rest(rd: &mut Rd<'_, '_>, label: &'static str) {
    if rd.pos < rd.end {
        let s = rd.pos;
        let hex = crate::encoding::hex(rd.msg.get(s..rd.end).unwrap_or(&[]));
        rd.fields
            .push(Field::new(label, hex, Span::new(s, rd.end), Kind::Trailing));
        rd.pos = rd.end;
    }
}

fn generic_of(rd: &Rd<'_, '_>, start: usize) -> String {
    let mut s = String::new();
    generic(&mut s, rd.msg.get(start..rd.end).unwrap_or(&[]));
    s
}

#[cfg(test)]
mod test {
    use super::*;
    use alloc::vec;

    fn run(rdata: &[u8], t: Rtype) -> (String, bool, Vec<Diagnostic>) {
        let mut msg = vec![0u8; 12];
        msg.extend_from_slice(rdata);
        let mut diags = Vec::new();
        let mut rd = Rd {
            msg: &msg,
            pos: 12,
            end: msg.len(),
            fields: Vec::new(),
            diags: &mut diags,
            mdns: false,
            options: Vec::new(),
            options_text: String::new(),
        };
        let (t, ok) = decode(&mut rd, t, 1);
        (t, ok, diags)
    }

    #[test]
    fn sig_time_matches_rfc4034_example() {
        // RFC 4034 §3.3 example: 20030322173103 == 1048354263
        assert_eq!(
            crate::present::rdata::sig_time(1_048_354_263),
            "20030322173103"
        );
        assert_eq!(crate::present::rdata::sig_time(0), "19700101000000");
    }

    #[test]
    fn loc_from_zeek_capture() {
        // sunn-pt1.es.net LOC from zeek__loc-29-trunc.pcap
        let b = [
            0x00, 0x12, 0x15, 0x13, 0x88, 0x05, 0x02, 0x50, 0x65, 0xd2, 0xd4, 0x00, 0x00, 0x98,
            0x96, 0x80,
        ];
        let (t, ok, _) = run(&b, Rtype::LOC);
        assert!(ok);
        assert_eq!(
            t, "37 22 26.000 N 121 59 28.000 W 0.00m 1m 1000m 10m",
            "BIND prints sizes in whole metres from 1 m up"
        );
    }

    #[test]
    fn txt_escapes_and_generic_fallback() {
        let (t, ok, _) = run(b"\x05a\"b\\c\x03\x07", Rtype::TXT);
        assert!(!ok);
        assert!(t.starts_with("\\# 8 "), "{t}");
        let (t, ok, _) = run(b"\x05a\"b\\\x01", Rtype::TXT);
        assert!(ok);
        assert_eq!(t, "\"a\\\"b\\\\\\001\"");
        let (t, _, _) = run(&[10, 0, 0, 1], Rtype(65280));
        assert_eq!(t, "\\# 4 0A000001", "dig prints generic hex in upper case");
    }

    #[test]
    fn svcb_params() {
        // 1 . alpn=h2,h3 port=443 ipv4hint=192.0.2.1
        let b = [
            0, 1, 0, 0, 1, 0, 6, 2, b'h', b'2', 2, b'h', b'3', 0, 3, 0, 2, 1, 0xbb, 0, 4, 0, 4,
            192, 0, 2, 1,
        ];
        let (t, ok, d) = run(&b, Rtype::HTTPS);
        assert!(ok, "{d:?}");
        assert_eq!(t, "1 . alpn=\"h2,h3\" port=443 ipv4hint=192.0.2.1");
    }

    #[test]
    fn nsec_bitmap() {
        // next "." ; window 0, A NS SOA ... as in RFC 4034 §4.3: A MX RRSIG NSEC TYPE1234
        let b = [
            0, 0, 6, 0x40, 0x01, 0x00, 0x00, 0x00, 0x03, 0x04, 0x1b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20,
        ];
        let (t, ok, d) = run(&b, Rtype::NSEC);
        assert!(ok, "{d:?}");
        assert_eq!(t, ". A MX RRSIG NSEC TYPE1234");
    }
}
