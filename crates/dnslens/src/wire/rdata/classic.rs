//! The classic types: names, SOA, MX and its kin, text, HINFO, WKS, MINFO/RP (RFC 1035
//! §3.3–3.4, RFC 1183).

use super::{Rdata, Reader, PREF};
use crate::iana::Rtype;

/// The layout of `t` if it is one of this family's.
pub(super) fn read<'a, R: Reader<'a>>(r: &mut R, t: Rtype) -> Result<Option<Rdata<'a>>, R::Fail> {
    Ok(Some(match t {
        t if t.single_name().is_some() => {
            let compress = t.single_name() == Some(true);
            Rdata::Name(r.name(if compress { "Name" } else { "Target" }, compress)?)
        }
        Rtype::SOA => Rdata::Soa {
            mname: r.name("MNAME", true)?,
            rname: r.name("RNAME", true)?,
            serial: r.u32(
                "Serial",
                "zone version number; secondaries transfer the zone when it increases",
            )?,
            refresh: r.u32(
                "Refresh",
                "seconds a secondary waits before checking the serial again",
            )?,
            retry: r.u32("Retry", "seconds a secondary waits after a failed check")?,
            expire: r.u32(
                "Expire",
                "seconds after which a secondary that cannot reach the primary stops answering",
            )?,
            minimum: r.u32("Minimum", "TTL for negative answers (RFC 2308): how long to cache that the name does not exist")?,
        },
        Rtype::WKS => Rdata::Wks {
            address: r.ipv4("Address")?,
            protocol: r.u8("Protocol", "IP protocol number (6 = TCP, 17 = UDP)")?,
            bitmap: r.rest("Bitmap", "one bit per port, port 0 first"),
        },
        Rtype::HINFO => Rdata::Hinfo {
            cpu: r.cstring("CPU")?,
            os: r.cstring("OS")?,
        },
        Rtype::MINFO | Rtype::RP => {
            let rp = t == Rtype::RP;
            Rdata::NamePair {
                first: r.name(if rp { "Mailbox" } else { "RMAILBX" }, true)?,
                second: r.name(if rp { "TXT name" } else { "EMAILBX" }, true)?,
            }
        }
        Rtype::MX | Rtype::AFSDB | Rtype::RT | Rtype::KX => Rdata::Mx {
            preference: r.u16(
                if t == Rtype::AFSDB {
                    "Subtype"
                } else {
                    "Preference"
                },
                PREF,
            )?,
            exchange: r.name("Exchange", t != Rtype::KX)?,
        },
        Rtype::TXT | Rtype::SPF | Rtype::RESINFO | Rtype::WALLET | Rtype::NINFO | Rtype::AVC => {
            Rdata::Txt(r.strings()?)
        }
        _ => return Ok(None),
    }))
}
