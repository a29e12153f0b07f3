//! RDATA of the classic types (RFC 1035 and its kin).

use alloc::string::String;
use core::fmt::Write;

use super::*;
use crate::iana::Rtype;

/// The classic types: names, SOA, MX and its kin, text, HINFO, WKS, NULL, MINFO/RP (RFC 1035
/// §3.3–3.4, RFC 1183). `mine` is cleared for a type of another family.
pub(super) fn decode(
    rd: &mut Rd<'_, '_>,
    rtype: Rtype,
    out: &mut String,
    mine: &mut bool,
) -> Option<()> {
    match rtype {
        t if t.single_name().is_some() => {
            let compress = t.single_name() == Some(true);
            out.push_str(&rd.name(if compress { "Name" } else { "Target" }, compress)?);
        }
        Rtype::SOA => {
            let m = rd.name("MNAME", true)?;
            let r = rd.name("RNAME", true)?;
            let serial = rd.u32(
                "Serial",
                "zone version number; secondaries transfer the zone when it increases",
            )?;
            let refresh = rd.u32(
                "Refresh",
                "seconds a secondary waits before checking the serial again",
            )?;
            let retry = rd.u32("Retry", "seconds a secondary waits after a failed check")?;
            let expire = rd.u32(
                "Expire",
                "seconds after which a secondary that cannot reach the primary stops answering",
            )?;
            let min = rd.u32("Minimum", "TTL for negative answers (RFC 2308): how long to cache that the name does not exist")?;
            let _ = write!(out, "{m} {r} {serial} {refresh} {retry} {expire} {min}");
        }
        Rtype::NULL => return None,
        Rtype::WKS => {
            let a = rd.ipv4("Address")?;
            let p = rd.u8("Protocol", "IP protocol number (6 = TCP, 17 = UDP)")?;
            let bits = rd.rest("Bitmap", "one bit per port, port 0 first");
            let _ = write!(out, "{a} {p}");
            for (i, &b) in bits.iter().enumerate() {
                for bit in 0..8 {
                    if b & (0x80 >> bit) != 0 {
                        let _ = write!(out, " {}", i * 8 + bit);
                    }
                }
            }
        }
        Rtype::HINFO => {
            let c = rd.cstring("CPU")?;
            let o = rd.cstring("OS")?;
            quote(out, c);
            out.push(' ');
            quote(out, o);
        }
        Rtype::MINFO | Rtype::RP => {
            let a = rd.name(
                if rtype == Rtype::RP {
                    "Mailbox"
                } else {
                    "RMAILBX"
                },
                true,
            )?;
            let b = rd.name(
                if rtype == Rtype::RP {
                    "TXT name"
                } else {
                    "EMAILBX"
                },
                true,
            )?;
            let _ = write!(out, "{a} {b}");
        }
        Rtype::MX | Rtype::AFSDB | Rtype::RT | Rtype::KX => {
            let p = rd.u16(
                if rtype == Rtype::AFSDB {
                    "Subtype"
                } else {
                    "Preference"
                },
                PREF,
            )?;
            let n = rd.name("Exchange", rtype != Rtype::KX)?;
            let _ = write!(out, "{p} {n}");
        }
        Rtype::TXT | Rtype::SPF | Rtype::RESINFO | Rtype::WALLET | Rtype::NINFO | Rtype::AVC => {
            while rd.left() > 0 {
                let s = rd.cstring("String")?;
                sep(out);
                quote(out, s);
            }
        }
        _ => {
            *mine = false;
            return None;
        }
    }
    Some(())
}
