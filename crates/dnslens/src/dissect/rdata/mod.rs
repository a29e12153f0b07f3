//! RDATA of every supported type: fields with spans and the presentation text dig prints.
//!
//! Each type is a small function over an `Rd` cursor that is confined to the RDATA
//! (`start..start+RDLENGTH`): a read that would leave it returns `None`, the caller then falls
//! back to the RFC 3597 generic form (`\# 4 0a000001`) and reports where the data ran out.
//! References: RFC 1035 §3.3 (classic types), RFC 3597 (unknown types), and the RFC named on each
//! function.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;
use core::net::{Ipv4Addr, Ipv6Addr};

use data_encoding::{BASE64, HEXLOWER, HEXUPPER};

pub use crate::dissect::name::quote;
use crate::dissect::name::{escape_text, push_ddd, read_name};
use crate::iana::{Class, Rtype};
use crate::tree::{Diagnostic, Field, Kind, Severity, Span};

mod addr;
mod basic;
mod dnssec;
mod keys;
mod other;
mod svcb;

const PREF: &str = "preference: lower values are preferred";

/// A cursor over one RDATA inside the whole message (names need the message for pointers).
pub(crate) struct Rd<'a, 'd> {
    pub msg: &'a [u8],
    pub pos: usize,
    pub end: usize,
    pub fields: Vec<Field>,
    pub diags: &'d mut Vec<Diagnostic>,
    pub mdns: bool,
    /// OPT: the options found (the record's EDNS model takes them).
    pub options: Vec<crate::dissect::model::EdnsOption>,
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
        value: String,
        s: usize,
        kind: Kind,
        explain: &'static str,
    ) {
        self.fields
            .push(Field::new(name, value, Span::new(s, self.pos), kind).explain(explain));
    }

    /// Read a big-endian integer of `n` (1..=8) bytes.
    fn uint(&mut self, n: usize, name: &'static str, explain: &'static str) -> Option<u64> {
        let (s, b) = self.take(n)?;
        let v = b.iter().fold(0u64, |a, &x| (a << 8) | x as u64);
        self.field(name, format!("{v}"), s, Kind::Rdata, explain);
        Some(v)
    }
    fn u8(&mut self, name: &'static str, explain: &'static str) -> Option<u8> {
        self.uint(1, name, explain).map(|v| v as u8)
    }
    fn u16(&mut self, name: &'static str, explain: &'static str) -> Option<u16> {
        self.uint(2, name, explain).map(|v| v as u16)
    }
    fn u32(&mut self, name: &'static str, explain: &'static str) -> Option<u32> {
        self.uint(4, name, explain).map(|v| v as u32)
    }

    /// `n` raw bytes shown as `shown`.
    fn bytes(&mut self, n: usize, name: &'static str, explain: &'static str) -> Option<&'a [u8]> {
        let (s, b) = self.take(n)?;
        self.field(name, HEXLOWER.encode(b), s, Kind::Rdata, explain);
        Some(b)
    }

    /// Everything left in the RDATA (possibly nothing).
    fn rest(&mut self, name: &'static str, explain: &'static str) -> &'a [u8] {
        let n = self.end.saturating_sub(self.pos);
        if n == 0 {
            return &[];
        }
        self.bytes(n, name, explain).unwrap_or(&[])
    }

    fn left(&self) -> usize {
        self.end.saturating_sub(self.pos)
    }

    fn ipv4(&mut self, name: &'static str) -> Option<Ipv4Addr> {
        let (s, b) = self.take(4)?;
        let a = Ipv4Addr::new(b[0], b[1], b[2], b[3]);
        self.field(
            name,
            format!("{a}"),
            s,
            Kind::Rdata,
            "an IPv4 address, 4 bytes",
        );
        Some(a)
    }

    fn ipv6(&mut self, name: &'static str) -> Option<Ipv6Addr> {
        let (s, b) = self.take(16)?;
        let mut o = [0u8; 16];
        o.copy_from_slice(b);
        let a = Ipv6Addr::from(o);
        self.field(
            name,
            format!("{a}"),
            s,
            Kind::Rdata,
            "an IPv6 address, 16 bytes",
        );
        Some(a)
    }

    /// A domain name inside the RDATA; `compress` says whether RFC 3597 §4 lets this type use
    /// compression pointers.
    fn name(&mut self, label: &'static str, compress: bool) -> Option<String> {
        let start = self.pos;
        if start >= self.end {
            return None;
        }
        let n = read_name(self.msg, start, self.end, compress || self.mdns, self.diags);
        self.pos = n.end;
        let f = Field::new(label, n.text.clone(), Span::new(start, n.end), Kind::Name)
            .explain("a domain name: length-prefixed labels ending in the root label or a compression pointer")
            .rfc("RFC 1035 §3.1")
            .children(n.fields);
        self.fields.push(f);
        n.complete.then_some(n.text)
    }

    /// A <character-string>: one length byte and that many bytes (RFC 1035 §3.3).
    fn cstring(&mut self, label: &'static str) -> Option<&'a [u8]> {
        let s = self.pos;
        let (_, l) = self.take(1)?;
        let l = l[0] as usize;
        let (_, b) = self.take(l)?;
        let mut v = String::new();
        quote(&mut v, b);
        self.fields.push(
            Field::new(label, v, Span::new(s, self.pos), Kind::Rdata)
                .explain("a character-string: one length byte, then up to 255 bytes of text")
                .rfc("RFC 1035 §3.3")
                .children(alloc::vec![
                    Field::new(
                        "Length",
                        format!("{l}"),
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
        Some(b)
    }
}

/// The RFC 3597 generic form: `\# LEN HEX`.
pub fn generic(out: &mut String, b: &[u8]) {
    let _ = write!(out, "\\# {}", b.len());
    if !b.is_empty() {
        out.push(' ');
        chunked(out, &HEXUPPER.encode(b));
    }
}

/// dig splits long base64 and hex fields into chunks of this many characters (its `+split`).
const SPLIT: usize = 56;

/// `s` (ASCII) in chunks of [`SPLIT`] characters, separated by spaces.
fn chunked(out: &mut String, s: &str) {
    for (i, chunk) in s.as_bytes().chunks(SPLIT).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(core::str::from_utf8(chunk).unwrap_or(""));
    }
}

/// Base64 split into space-separated chunks as dig does on one line.
fn b64(out: &mut String, b: &[u8]) {
    chunked(out, &BASE64.encode(b));
}

fn hexu(out: &mut String, b: &[u8]) {
    chunked(out, &HEXUPPER.encode(b));
}

/// `YYYYMMDDHHMMSS` (RFC 4034 §3.2) from seconds since 1970.
pub fn sig_time(t: u32) -> String {
    let secs = t as i64;
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    // Civil-from-days (Howard Hinnant's algorithm), proleptic Gregorian.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!(
        "{y:04}{m:02}{d:02}{:02}{:02}{:02}",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// Decode typed RDATA with the family that knows `rtype`; `None` when none does or the RDATA
/// does not fit its layout.
fn decode_typed(rd: &mut Rd<'_, '_>, rtype: Rtype, out: &mut String) -> Option<()> {
    type Family = fn(&mut Rd<'_, '_>, Rtype, &mut String, &mut bool) -> Option<()>;
    const FAMILIES: [Family; 5] = [
        basic::decode,
        addr::decode,
        dnssec::decode,
        keys::decode,
        other::decode,
    ];
    for family in FAMILIES {
        let mut mine = true;
        let r = family(rd, rtype, out, &mut mine);
        if mine {
            return r;
        }
    }
    None
}

fn sep(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Decode RDATA of `rtype` into fields and dig-style text. Returns the text and whether the
/// RDATA was well-formed.
pub(crate) fn decode(rd: &mut Rd<'_, '_>, rtype: Rtype, class: u16) -> (String, bool) {
    let start = rd.pos;
    if start == rd.end && rtype != Rtype::OPT {
        // Empty RDATA: how UPDATE deletes RRsets (class ANY) and states prerequisites (RFC 2136
        // §2.4, §2.5), where dig prints nothing; anywhere else it is malformed.
        if class == Class::ANY.0 || class == Class::NONE.0 {
            return (String::new(), true);
        }
        rd.diags.push(Diagnostic {
            span: Span::new(start.saturating_sub(2), start),
            severity: Severity::Warning,
            layer: crate::tree::Layer::Dns,
            message: format!("this {rtype} record has no RDATA (RDLENGTH 0); only UPDATE messages use empty records"),
        });
        return (String::from("\\# 0"), false);
    }
    let mut out = String::new();
    if rtype.in_class_only() && class != Class::IN.0 {
        rd.diags.push(Diagnostic {
            span: Span::new(start, rd.end),
            severity: Severity::Note,
            layer: crate::tree::Layer::Dns,
            message: format!("{rtype} RDATA is defined for class IN only; in class {} it is shown as bytes (RFC 3597 §5)", Class(class)),
        });
        push_rest(rd, "RDATA bytes");
        return (generic_of(rd, start), true);
    }
    let ok = decode_typed(rd, rtype, &mut out);
    if ok.is_some() && rd.pos == rd.end {
        return (out, true);
    }
    let (s, message) = match ok {
        Some(()) => (rd.pos, format!(
            "{} byte(s) of RDATA are left over after the last field of this {rtype} record: RDLENGTH says more than the fields hold",
            rd.end - rd.pos
        )),
        None if !decoded_by_field(rtype) => {
            // Not an error: the type has no field layout here, so it is shown generically.
            rd.fields.clear();
            rd.pos = start;
            push_rest(rd, "RDATA bytes");
            return (generic_of(rd, start), true);
        }
        None => (start, format!(
            "the RDATA of this {rtype} record ({} bytes) is too short or malformed for its type; shown in the RFC 3597 generic form",
            rd.end - start
        )),
    };
    rd.diags.push(Diagnostic {
        span: Span::new(s, rd.end),
        severity: Severity::Error,
        layer: crate::tree::Layer::Dns,
        message,
    });
    push_rest(rd, "Unexplained RDATA");
    (generic_of(rd, start), false)
}

/// Show whatever RDATA no field explained.
fn push_rest(rd: &mut Rd<'_, '_>, label: &'static str) {
    if rd.pos < rd.end {
        let s = rd.pos;
        let hex = HEXLOWER.encode(rd.msg.get(s..rd.end).unwrap_or(&[]));
        rd.fields
            .push(Field::new(label, hex, Span::new(s, rd.end), Kind::Trailing));
        rd.pos = rd.end;
    }
}

/// Types [`decode_typed`] lays out field by field; others print in the generic form by design.
fn decoded_by_field(t: Rtype) -> bool {
    t.mnemonic().is_some()
        && !matches!(
            t,
            Rtype::NULL
                | Rtype::EID
                | Rtype::NIMLOC
                | Rtype::ATMA
                | Rtype::A6
                | Rtype::SINK
                | Rtype::TALINK
                | Rtype::HHIT
                | Rtype::BRID
                | Rtype::UINFO
                | Rtype::UID
                | Rtype::GID
                | Rtype::UNSPEC
                | Rtype::NXNAME
                | Rtype::IXFR
                | Rtype::AXFR
                | Rtype::MAILA
                | Rtype::MAILB
                | Rtype::ANY
                | Rtype::DOA
                | Rtype::CLA
                | Rtype::IPN
        )
}

fn generic_of(rd: &Rd<'_, '_>, start: usize) -> String {
    let mut s = String::new();
    generic(&mut s, rd.msg.get(start..rd.end).unwrap_or(&[]));
    s
}

fn gateway(rd: &mut Rd<'_, '_>, t: u8, out: &mut String) -> Option<()> {
    match t {
        0 => out.push('.'),
        1 => {
            let a = rd.ipv4("Gateway")?;
            let _ = write!(out, "{a}");
        }
        2 => {
            let a = rd.ipv6("Gateway")?;
            let _ = write!(out, "{a}");
        }
        3 => out.push_str(&rd.name("Gateway", false)?),
        _ => return None,
    }
    Some(())
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
        };
        let (t, ok) = decode(&mut rd, t, 1);
        (t, ok, diags)
    }

    #[test]
    fn sig_time_matches_rfc4034_example() {
        // RFC 4034 §3.3 example: 20030322173103 == 1048354263
        assert_eq!(sig_time(1_048_354_263), "20030322173103");
        assert_eq!(sig_time(0), "19700101000000");
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
