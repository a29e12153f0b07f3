//! Services and locations (RFC 2782 SRV, RFC 3403 NAPTR, RFC 7553 URI, RFC 8659 CAA, RFC 1876
//! LOC) and the rest: OPT (RFC 6891), APL (RFC 3123), SVCB/HTTPS (RFC 9460), DSYNC, AMTRELAY
//! (RFC 8777).

use alloc::string::String;
use core::fmt::{self, Write};
use core::net::Ipv6Addr;

use super::{caa_tag, gateway, Rdata, Reader, TlvKind, PREF};
use crate::iana::Rtype;

/// The layout of `t` if it is one of this family's.
pub(super) fn read<'a, R: Reader<'a>>(r: &mut R, t: Rtype) -> Result<Option<Rdata<'a>>, R::Fail> {
    Ok(Some(match t {
        Rtype::OPT => Rdata::Opt(r.tlvs(TlvKind::Edns)?),
        Rtype::APL => apl(r)?,
        Rtype::SVCB | Rtype::HTTPS => Rdata::Svcb {
            priority: r.u16(
                "SvcPriority",
                "0 = alias form; otherwise lower values are preferred",
            )?,
            target: r.name("TargetName", false)?,
            params: r.tlvs(TlvKind::Svc)?,
        },
        Rtype::DSYNC => Rdata::Dsync {
            rtype: Rtype(r.u16("RRtype", "the type notifications are for")?),
            scheme: r.u8("Scheme", "1 = NOTIFY")?,
            port: r.u16("Port", "the port to notify")?,
            target: r.name("Target", false)?,
        },
        Rtype::AMTRELAY => {
            let precedence = r.u8("Precedence", PREF)?;
            let s = r.pos();
            let b = r.skip(1)?.first().copied().unwrap_or(0);
            let (d, relay_type) = (b >> 7, b & 0x7f);
            r.mark(
                s,
                "D bit and type",
                "the discovery-optional bit and the relay type: 0 none, 1 IPv4, 2 IPv6, 3 name",
                None,
                |v| {
                    let _ = write!(v, "D={d} type={relay_type}");
                },
            );
            Rdata::Amtrelay {
                precedence,
                discovery: d == 1,
                relay_type,
                relay: gateway(r, relay_type)?,
            }
        }
        Rtype::LOC => loc(r)?,
        Rtype::SRV => Rdata::Srv {
            priority: r.u16("Priority", "lower values are tried first")?,
            weight: r.u16("Weight", "relative share among targets of equal priority")?,
            port: r.u16("Port", "the port the service listens on")?,
            target: r.name("Target", false)?,
        },
        Rtype::NAPTR => Rdata::Naptr {
            order: r.u16("Order", "rules are processed in increasing order")?,
            preference: r.u16("Preference", PREF)?,
            flags: r.cstring("Flags")?,
            services: r.cstring("Services")?,
            regexp: r.cstring("Regexp")?,
            replacement: r.name("Replacement", false)?,
        },
        Rtype::URI => Rdata::Uri {
            priority: r.u16("Priority", "lower values are tried first")?,
            weight: r.u16("Weight", "relative share among equal priority")?,
            target: r.rest("Target", "the URI"),
        },
        Rtype::CAA => {
            let flags = r.u8("Flags", "bit 7 = issuer critical")?;
            let tl = r.u8("Tag length", "bytes of tag")? as usize;
            let tag = r.bytes(tl, "Tag", "the property: issue, issuewild, iodef...")?;
            if let Err(what) = caa_tag(tag) {
                let at = r.pos().saturating_sub(tl + 1);
                r.problem(at, 1, what)?;
            }
            Rdata::Caa {
                flags,
                tag,
                value: r.rest("Value", "the property value"),
            }
        }
        _ => return Ok(None),
    }))
}

/// One APL item (RFC 3123 §4): address family, prefix length, negation, the significant bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AplItem<'a> {
    /// 1 = IPv4, 2 = IPv6.
    pub family: u16,
    /// Prefix length in bits.
    pub prefix: u8,
    /// The `!` flag.
    pub negate: bool,
    /// The address bytes present (trailing zero bytes may be left out).
    pub address: &'a [u8],
}

impl<'a> AplItem<'a> {
    /// The item at the start of `b` and the bytes it takes; `None` where it is cut off or of a
    /// family with no address form here.
    fn at(b: &'a [u8]) -> Option<(AplItem<'a>, usize)> {
        let h = b.get(..4)?;
        let alen = (h[3] & 0x7f) as usize;
        let item = AplItem {
            family: u16::from_be_bytes([h[0], h[1]]),
            prefix: h[2],
            negate: h[3] & 0x80 != 0,
            address: b.get(4..4 + alen)?,
        };
        match (item.family, alen) {
            (1, 0..=4) | (2, 0..=16) => Some((item, 4 + alen)),
            _ => None,
        }
    }

    /// The items of checked APL RDATA.
    pub fn iter(b: &'a [u8]) -> impl Iterator<Item = AplItem<'a>> + 'a {
        let mut rest = b;
        core::iter::from_fn(move || {
            let (item, n) = AplItem::at(rest)?;
            rest = rest.get(n..)?;
            Some(item)
        })
    }
}

impl AplItem<'_> {
    /// Appended as BIND prints it: `!1:192.0.2.0/24`.
    pub fn push_to(&self, out: &mut String) {
        use crate::encoding::Chars;
        if self.negate {
            out.push('!');
        }
        if self.family == 1 {
            let mut b = [0u8; 4];
            b.iter_mut().zip(self.address).for_each(|(d, s)| *d = *s);
            out.push_str("1:");
            out.ipv4(b);
        } else {
            let mut b = [0u8; 16];
            b.iter_mut().zip(self.address).for_each(|(d, s)| *d = *s);
            out.push_str("2:");
            crate::encoding::write_ipv6(out, Ipv6Addr::from(b));
        }
        out.push('/');
        crate::encoding::push_number(out, self.prefix.into());
    }
}

/// [`AplItem::push_to`]'s text.
impl fmt::Display for AplItem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.push_to(&mut s);
        f.write_str(&s)
    }
}

/// APL: items to the end of the RDATA, each one field.
fn apl<'a, R: Reader<'a>>(r: &mut R) -> Result<Rdata<'a>, R::Fail> {
    let (msg, start) = (r.msg(), r.pos());
    while r.left() > 0 {
        let s = r.pos();
        let h = r.skip(4)?;
        let alen = (h.get(3).copied().unwrap_or(0) & 0x7f) as usize;
        r.skip(alen)?;
        let bytes = msg.get(s..r.pos()).unwrap_or(&[]);
        let Some((item, _)) = AplItem::at(bytes) else {
            return Err(r.malformed(
                s,
                "an APL item's family is not 1 or 2, or its address is too long for it",
            ));
        };
        r.mark(
            s,
            "APL item",
            "address family, prefix length, negation bit and the significant address bytes",
            Some("RFC 3123 §4"),
            |v| item.push_to(v),
        );
    }
    Ok(Rdata::Apl(msg.get(start..r.pos()).unwrap_or(&[])))
}

/// LOC (RFC 1876 §2): version 0, three sizes as mantissa and exponent, three coordinates.
fn loc<'a, R: Reader<'a>>(r: &mut R) -> Result<Rdata<'a>, R::Fail> {
    let at = r.pos();
    if r.u8("Version", "must be 0")? != 0 {
        return Err(r.malformed(at, "LOC version is not 0"));
    }
    let size = r.u8(
        "Size",
        "diameter of a sphere around the point, as mantissa×10^exponent cm",
    )?;
    let horizontal = r.u8("Horizontal precision", "mantissa×10^exponent cm")?;
    let vertical = r.u8("Vertical precision", "mantissa×10^exponent cm")?;
    let latitude = r.u32(
        "Latitude",
        "thousandths of an arc second, 2^31 = the equator",
    )?;
    let longitude = r.u32(
        "Longitude",
        "thousandths of an arc second, 2^31 = the prime meridian",
    )?;
    let altitude = r.u32(
        "Altitude",
        "centimetres above a base 100,000 m below the WGS 84 spheroid",
    )?;
    for b in [size, horizontal, vertical] {
        if (b >> 4) > 9 || (b & 0xf) > 9 {
            return Err(r.malformed(at + 1, "a LOC size digit is above 9"));
        }
    }
    Ok(Rdata::Loc {
        size,
        horizontal,
        vertical,
        latitude,
        longitude,
        altitude,
    })
}
