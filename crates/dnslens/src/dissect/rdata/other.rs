//! RDATA of the service and location types (SRV, NAPTR, URI, CAA, LOC) and of OPT, APL,
//! SVCB/HTTPS, ILNP, EUI and AMTRELAY.

use alloc::format;
use alloc::string::String;
use core::fmt::Write;
use core::net::{Ipv4Addr, Ipv6Addr};

use super::*;
use crate::iana::Rtype;
use crate::tree::{Field, Kind, Span};

/// Services and locations (RFC 2782 SRV, RFC 3403 NAPTR, RFC 7553 URI, RFC 8659 CAA, RFC 1876
/// LOC) and the rest: OPT (RFC 6891), APL (RFC 3123), SVCB/HTTPS (RFC 9460), DSYNC,
/// AMTRELAY (RFC 8777). `mine` is cleared for a type of another family.
pub(super) fn decode(
    rd: &mut Rd<'_, '_>,
    rtype: Rtype,
    out: &mut String,
    mine: &mut bool,
) -> Option<()> {
    match rtype {
        Rtype::OPT => {
            let span = Span::new(rd.pos, rd.end);
            let (text, options) =
                crate::dissect::edns::options(rd.msg, span, &mut rd.fields, rd.diags);
            out.push_str(&text);
            rd.options = options;
            rd.pos = rd.end;
        }
        Rtype::APL => {
            while rd.left() > 0 {
                let s = rd.pos;
                let (_, h) = rd.take(4)?;
                let family = u16::from_be_bytes([h[0], h[1]]);
                let prefix = h[2];
                let neg = h[3] & 0x80 != 0;
                let alen = (h[3] & 0x7f) as usize;
                let (_, a) = rd.take(alen)?;
                sep(out);
                if neg {
                    out.push('!');
                }
                match family {
                    1 if alen <= 4 => {
                        let mut b = [0u8; 4];
                        b[..alen].copy_from_slice(a);
                        let _ = write!(out, "1:{}/{prefix}", Ipv4Addr::from(b));
                    }
                    2 if alen <= 16 => {
                        let mut b = [0u8; 16];
                        b[..alen].copy_from_slice(a);
                        let _ = write!(out, "2:{}/{prefix}", Ipv6Addr::from(b));
                    }
                    _ => return None,
                }
                rd.fields.push(Field::new("APL item", String::from(out.rsplit(' ').next().unwrap_or("")), Span::new(s, rd.pos), Kind::Rdata)
                    .explain("address family, prefix length, negation bit and the significant address bytes").rfc("RFC 3123 §4"));
            }
        }
        Rtype::SVCB | Rtype::HTTPS => super::svcb::svcb(rd, out)?,
        Rtype::DSYNC => {
            let t = rd.u16("RRtype", "the type notifications are for")?;
            let s = rd.u8("Scheme", "1 = NOTIFY")?;
            let p = rd.u16("Port", "the port to notify")?;
            let n = rd.name("Target", false)?;
            let _ = write!(out, "{} {s} {p} {n}", Rtype(t));
        }
        Rtype::AMTRELAY => {
            let p = rd.u8("Precedence", PREF)?;
            let s = rd.pos;
            let (_, b) = rd.take(1)?;
            let (d, t) = (b[0] >> 7, b[0] & 0x7f);
            rd.fields.push(
                Field::new(
                    "D bit and type",
                    format!("D={d} type={t}"),
                    Span::new(s, rd.pos),
                    Kind::Rdata,
                )
                .explain(
                    "the discovery-optional bit and the relay type: 0 none, 1 IPv4, 2 IPv6, 3 name",
                ),
            );
            let _ = write!(out, "{p} {d} {t} ");
            gateway(rd, t, out)?;
        }
        Rtype::LOC => loc(rd, out)?,
        Rtype::SRV => {
            let p = rd.u16("Priority", "lower values are tried first")?;
            let w = rd.u16("Weight", "relative share among targets of equal priority")?;
            let port = rd.u16("Port", "the port the service listens on")?;
            let t = rd.name("Target", false)?;
            let _ = write!(out, "{p} {w} {port} {t}");
        }
        Rtype::NAPTR => {
            let o = rd.u16("Order", "rules are processed in increasing order")?;
            let p = rd.u16("Preference", PREF)?;
            let _ = write!(out, "{o} {p} ");
            for l in ["Flags", "Services", "Regexp"] {
                quote(out, rd.cstring(l)?);
                out.push(' ');
            }
            out.push_str(&rd.name("Replacement", false)?);
        }
        Rtype::URI => {
            let p = rd.u16("Priority", "lower values are tried first")?;
            let w = rd.u16("Weight", "relative share among equal priority")?;
            let t = rd.rest("Target", "the URI");
            let _ = write!(out, "{p} {w} ");
            quote(out, t);
        }
        Rtype::CAA => {
            let f = rd.u8("Flags", "bit 7 = issuer critical")?;
            let tl = rd.u8("Tag length", "bytes of tag")? as usize;
            let tag = rd.bytes(tl, "Tag", "the property: issue, issuewild, iodef...")?;
            if let Err(what) = crate::wire::caa_tag(tag) {
                let at = rd.pos - tl - 1;
                rd.diags.push(Diagnostic {
                    span: Span::new(at, at + 1),
                    severity: Severity::Error,
                    layer: crate::tree::Layer::Dns,
                    message: String::from(what),
                });
            }
            let v = rd.rest("Value", "the property value");
            let _ = write!(out, "{f} ");
            escape_text(out, tag);
            out.push(' ');
            quote(out, v);
        }
        _ => {
            *mine = false;
            return None;
        }
    }
    Some(())
}

/// LOC (RFC 1876 §3), printed as BIND does.
fn loc(rd: &mut Rd<'_, '_>, out: &mut String) -> Option<()> {
    let v = rd.u8("Version", "must be 0")?;
    if v != 0 {
        return None;
    }
    let size = rd.u8(
        "Size",
        "diameter of a sphere around the point, as mantissa×10^exponent cm",
    )?;
    let hp = rd.u8("Horizontal precision", "mantissa×10^exponent cm")?;
    let vp = rd.u8("Vertical precision", "mantissa×10^exponent cm")?;
    let lat = rd.u32(
        "Latitude",
        "thousandths of an arc second, 2^31 = the equator",
    )?;
    let lon = rd.u32(
        "Longitude",
        "thousandths of an arc second, 2^31 = the prime meridian",
    )?;
    let alt = rd.u32(
        "Altitude",
        "centimetres above a base 100,000 m below the WGS 84 spheroid",
    )?;
    for b in [size, hp, vp] {
        if (b >> 4) > 9 || (b & 0xf) > 9 {
            return None;
        }
    }
    let angle = |out: &mut String, v: u32, pos: char, neg: char| {
        let (h, mut x) = if v >= 0x8000_0000 {
            (pos, v - 0x8000_0000)
        } else {
            (neg, 0x8000_0000 - v)
        };
        let ms = x % 1000;
        x /= 1000;
        let s = x % 60;
        x /= 60;
        let m = x % 60;
        let d = x / 60;
        let _ = write!(out, "{d} {m} {s}.{ms:03} {h}");
    };
    angle(out, lat, 'N', 'S');
    out.push(' ');
    angle(out, lon, 'E', 'W');
    let (neg, a) = if alt < 10_000_000 {
        ("-", 10_000_000 - alt)
    } else {
        ("", alt - 10_000_000)
    };
    let _ = write!(out, " {neg}{}.{:02}m", a / 100, a % 100);
    for b in [size, hp, vp] {
        let (m, e) = ((b >> 4) as u64, (b & 0xf) as u32);
        if e >= 2 {
            let _ = write!(out, " {}m", m * 10u64.pow(e - 2));
        } else {
            let _ = write!(out, " 0.{:02}m", m * 10u64.pow(e));
        }
    }
    Some(())
}
