//! RDATA that holds addresses and locators: IPv4/IPv6, ILNP, EUI, and the old network address
//! types (X25, ISDN, NSAP, GPOS, PX).

use alloc::string::String;
use core::fmt::Write;

use data_encoding::HEXUPPER;

use super::*;
use crate::iana::Rtype;

/// Addresses and locators: A (RFC 1035), AAAA (RFC 3596), ILNP (RFC 6742), EUI-48/64
/// (RFC 7043), X25/ISDN (RFC 1183), NSAP (RFC 1706), GPOS (RFC 1712), PX (RFC 2163). `mine` is
/// cleared for a type of another family.
pub(super) fn decode(
    rd: &mut Rd<'_, '_>,
    rtype: Rtype,
    out: &mut String,
    mine: &mut bool,
) -> Option<()> {
    match rtype {
        Rtype::A => {
            let a = rd.ipv4("Address")?;
            let _ = write!(out, "{a}");
        }
        Rtype::X25 => quote(out, rd.cstring("PSDN address")?),
        Rtype::ISDN => {
            quote(out, rd.cstring("ISDN address")?);
            if rd.left() > 0 {
                out.push(' ');
                quote(out, rd.cstring("Subaddress")?);
            }
        }
        Rtype::GPOS => {
            for l in ["Longitude", "Latitude", "Altitude"] {
                let s = rd.cstring(l)?;
                sep(out);
                quote(out, s);
            }
        }
        Rtype::NSAP => {
            let b = rd.rest("NSAP", "an OSI network service access point address");
            out.push_str("0x");
            out.push_str(&HEXUPPER.encode(b));
        }
        Rtype::PX => {
            let p = rd.u16("Preference", PREF)?;
            let a = rd.name("MAP822", true)?;
            let b = rd.name("MAPX400", true)?;
            let _ = write!(out, "{p} {a} {b}");
        }
        Rtype::AAAA => {
            let a = rd.ipv6("Address")?;
            let _ = write!(out, "{a}");
        }
        Rtype::NID | Rtype::L64 => {
            let p = rd.u16("Preference", PREF)?;
            let b = rd.bytes(
                8,
                if rtype == Rtype::NID {
                    "Node ID"
                } else {
                    "Locator64"
                },
                "64 bits in four groups",
            )?;
            // dig prints each 16-bit group without leading zeros (RFC 6742 §2.1 allows it).
            let g = |i: usize| u16::from_be_bytes([b[i], b[i + 1]]);
            let _ = write!(out, "{p} {:x}:{:x}:{:x}:{:x}", g(0), g(2), g(4), g(6));
        }
        Rtype::L32 => {
            let p = rd.u16("Preference", PREF)?;
            let a = rd.ipv4("Locator32")?;
            let _ = write!(out, "{p} {a}");
        }
        Rtype::LP => {
            let p = rd.u16("Preference", PREF)?;
            let n = rd.name("FQDN", false)?;
            let _ = write!(out, "{p} {n}");
        }
        Rtype::EUI48 | Rtype::EUI64 => {
            let n = if rtype == Rtype::EUI48 { 6 } else { 8 };
            let b = rd.bytes(n, "Address", "a MAC / EUI address")?;
            for (i, x) in b.iter().enumerate() {
                if i > 0 {
                    out.push('-');
                }
                let _ = write!(out, "{x:02x}");
            }
        }
        _ => {
            *mine = false;
            return None;
        }
    }
    Some(())
}
