//! Addresses and locators: A (RFC 1035), AAAA (RFC 3596), ILNP (RFC 6742), EUI-48/64
//! (RFC 7043), X25/ISDN (RFC 1183), NSAP (RFC 1706), GPOS (RFC 1712), PX (RFC 2163).

use super::{Rdata, Reader, PREF};
use crate::iana::Rtype;

/// The layout of `t` if it is one of this family's.
pub(super) fn read<'a, R: Reader<'a>>(r: &mut R, t: Rtype) -> Result<Option<Rdata<'a>>, R::Fail> {
    Ok(Some(match t {
        Rtype::A => Rdata::A(r.ipv4("Address")?),
        Rtype::AAAA => Rdata::Aaaa(r.ipv6("Address")?),
        Rtype::X25 => Rdata::X25(r.cstring("PSDN address")?),
        Rtype::ISDN => {
            let address = r.cstring("ISDN address")?;
            let subaddress = if r.left() > 0 {
                Some(r.cstring("Subaddress")?)
            } else {
                None
            };
            Rdata::Isdn {
                address,
                subaddress,
            }
        }
        Rtype::GPOS => Rdata::Gpos {
            longitude: r.cstring("Longitude")?,
            latitude: r.cstring("Latitude")?,
            altitude: r.cstring("Altitude")?,
        },
        Rtype::NSAP => Rdata::Nsap(r.rest("NSAP", "an OSI network service access point address")),
        Rtype::PX => Rdata::Px {
            preference: r.u16("Preference", PREF)?,
            map822: r.name("MAP822", true)?,
            mapx400: r.name("MAPX400", true)?,
        },
        Rtype::NID | Rtype::L64 => {
            let preference = r.u16("Preference", PREF)?;
            let name = if t == Rtype::NID {
                "Node ID"
            } else {
                "Locator64"
            };
            let mut value = [0u8; 8];
            value.copy_from_slice(r.bytes(8, name, "64 bits in four groups")?);
            Rdata::Ilnp64 { preference, value }
        }
        Rtype::L32 => Rdata::L32 {
            preference: r.u16("Preference", PREF)?,
            locator: r.ipv4("Locator32")?,
        },
        Rtype::LP => Rdata::Lp {
            preference: r.u16("Preference", PREF)?,
            fqdn: r.name("FQDN", false)?,
        },
        Rtype::EUI48 => {
            let mut a = [0u8; 6];
            a.copy_from_slice(r.bytes(6, "Address", "a MAC / EUI address")?);
            Rdata::Eui48(a)
        }
        Rtype::EUI64 => {
            let mut a = [0u8; 8];
            a.copy_from_slice(r.bytes(8, "Address", "a MAC / EUI address")?);
            Rdata::Eui64(a)
        }
        _ => return Ok(None),
    }))
}
