//! Typed RDATA: one layout per type, read from a cursor confined to the RDATA.

use core::net::{Ipv4Addr, Ipv6Addr};

use super::{err, Cur, Error, Name, Strings, Tlvs, Types};
use crate::iana::Rtype;

/// Typed RDATA. Types not listed are kept as their bytes ([`Rdata::Unknown`], RFC 3597).
#[derive(Clone, Copy, Debug, PartialEq)]
#[allow(missing_docs)]
pub enum Rdata<'a> {
    A(Ipv4Addr),
    Aaaa(Ipv6Addr),
    /// NS, CNAME, PTR, DNAME, MB, MG, MR: one name.
    Name(Name<'a>),
    /// MX, AFSDB, RT, KX: a preference and a name.
    Mx {
        preference: u16,
        exchange: Name<'a>,
    },
    Soa {
        mname: Name<'a>,
        rname: Name<'a>,
        serial: u32,
        refresh: u32,
        retry: u32,
        expire: u32,
        minimum: u32,
    },
    /// TXT, SPF.
    Txt(Strings<'a>),
    Hinfo {
        cpu: &'a [u8],
        os: &'a [u8],
    },
    Srv {
        priority: u16,
        weight: u16,
        port: u16,
        target: Name<'a>,
    },
    Naptr {
        order: u16,
        preference: u16,
        flags: &'a [u8],
        services: &'a [u8],
        regexp: &'a [u8],
        replacement: Name<'a>,
    },
    Caa {
        flags: u8,
        tag: &'a [u8],
        value: &'a [u8],
    },
    /// DS, CDS, DLV, TA.
    Ds {
        key_tag: u16,
        algorithm: u8,
        digest_type: u8,
        digest: &'a [u8],
    },
    /// DNSKEY, CDNSKEY, KEY.
    Dnskey {
        flags: u16,
        protocol: u8,
        algorithm: u8,
        key: &'a [u8],
    },
    /// RRSIG, SIG.
    Rrsig {
        type_covered: Rtype,
        algorithm: u8,
        labels: u8,
        original_ttl: u32,
        expiration: u32,
        inception: u32,
        key_tag: u16,
        signer: Name<'a>,
        signature: &'a [u8],
    },
    Nsec {
        next: Name<'a>,
        types: Types<'a>,
    },
    Nsec3 {
        hash_algorithm: u8,
        flags: u8,
        iterations: u16,
        salt: &'a [u8],
        next_hashed: &'a [u8],
        types: Types<'a>,
    },
    Nsec3param {
        hash_algorithm: u8,
        flags: u8,
        iterations: u16,
        salt: &'a [u8],
    },
    /// TLSA, SMIMEA.
    Tlsa {
        usage: u8,
        selector: u8,
        matching_type: u8,
        data: &'a [u8],
    },
    Sshfp {
        algorithm: u8,
        fp_type: u8,
        fingerprint: &'a [u8],
    },
    /// SVCB, HTTPS.
    Svcb {
        priority: u16,
        target: Name<'a>,
        params: Tlvs<'a>,
    },
    /// OPT: the EDNS options.
    Opt(Tlvs<'a>),
    /// No RDATA at all, for a type that has fields (as in UPDATE's deletions, RFC 2136 §2.5).
    Empty,
    Unknown(&'a [u8]),
}

/// RFC 8659 §4.1: a CAA tag has at least one byte. The one place that says so.
pub(crate) fn caa_tag(tag: &[u8]) -> Result<(), &'static str> {
    if tag.is_empty() {
        return Err("a CAA tag cannot be empty (RFC 8659 §4.1: its length is at least 1)");
    }
    Ok(())
}

pub(super) fn rdata<'a>(c: &mut Cur<'a>, t: Rtype, class: u16) -> Result<Rdata<'a>, Error> {
    const SHORT: &str = "the RDATA is shorter than its type needs";
    if c.pos == c.end && t != Rtype::OPT {
        return Ok(Rdata::Empty);
    }
    if t.in_class_only() && class != crate::iana::Class::IN.0 {
        // No layout outside class IN (the same rule as the tree's, `Rtype::in_class_only`).
        return Ok(Rdata::Unknown(c.rest()));
    }
    Ok(match t {
        Rtype::A => Rdata::A(Ipv4Addr::from(c.array::<4>(SHORT)?)),
        Rtype::AAAA => Rdata::Aaaa(Ipv6Addr::from(c.array::<16>(SHORT)?)),
        t if t.single_name().is_some() => Rdata::Name(c.name()?),
        Rtype::MX | Rtype::AFSDB | Rtype::RT | Rtype::KX => Rdata::Mx {
            preference: c.u16()?,
            exchange: c.name()?,
        },
        Rtype::SOA => Rdata::Soa {
            mname: c.name()?,
            rname: c.name()?,
            serial: c.u32()?,
            refresh: c.u32()?,
            retry: c.u32()?,
            expire: c.u32()?,
            minimum: c.u32()?,
        },
        Rtype::TXT | Rtype::SPF => {
            let at = c.pos;
            Rdata::Txt(Strings::check(c.rest(), at)?)
        }
        Rtype::HINFO => Rdata::Hinfo {
            cpu: c.cstring()?,
            os: c.cstring()?,
        },
        Rtype::SRV => Rdata::Srv {
            priority: c.u16()?,
            weight: c.u16()?,
            port: c.u16()?,
            target: c.name()?,
        },
        Rtype::NAPTR => Rdata::Naptr {
            order: c.u16()?,
            preference: c.u16()?,
            flags: c.cstring()?,
            services: c.cstring()?,
            regexp: c.cstring()?,
            replacement: c.name()?,
        },
        Rtype::CAA => {
            let flags = c.u8()?;
            let tag = c.cstring()?;
            if let Err(what) = caa_tag(tag) {
                return err(c.pos - 1, what);
            }
            Rdata::Caa {
                flags,
                tag,
                value: c.rest(),
            }
        }
        Rtype::DS | Rtype::CDS | Rtype::DLV | Rtype::TA => Rdata::Ds {
            key_tag: c.u16()?,
            algorithm: c.u8()?,
            digest_type: c.u8()?,
            digest: c.rest(),
        },
        Rtype::DNSKEY | Rtype::CDNSKEY | Rtype::KEY => Rdata::Dnskey {
            flags: c.u16()?,
            protocol: c.u8()?,
            algorithm: c.u8()?,
            key: c.rest(),
        },
        Rtype::RRSIG | Rtype::SIG => Rdata::Rrsig {
            type_covered: Rtype(c.u16()?),
            algorithm: c.u8()?,
            labels: c.u8()?,
            original_ttl: c.u32()?,
            expiration: c.u32()?,
            inception: c.u32()?,
            key_tag: c.u16()?,
            signer: c.name()?,
            signature: c.rest(),
        },
        Rtype::NSEC => {
            let next = c.name()?;
            let at = c.pos;
            Rdata::Nsec {
                next,
                types: Types::check(c.rest(), at)?,
            }
        }
        Rtype::NSEC3 => {
            let (hash_algorithm, flags, iterations) = (c.u8()?, c.u8()?, c.u16()?);
            let salt = c.cstring()?;
            let next_hashed = c.cstring()?;
            let at = c.pos;
            Rdata::Nsec3 {
                hash_algorithm,
                flags,
                iterations,
                salt,
                next_hashed,
                types: Types::check(c.rest(), at)?,
            }
        }
        Rtype::NSEC3PARAM => Rdata::Nsec3param {
            hash_algorithm: c.u8()?,
            flags: c.u8()?,
            iterations: c.u16()?,
            salt: c.cstring()?,
        },
        Rtype::TLSA | Rtype::SMIMEA => Rdata::Tlsa {
            usage: c.u8()?,
            selector: c.u8()?,
            matching_type: c.u8()?,
            data: c.rest(),
        },
        Rtype::SSHFP => Rdata::Sshfp {
            algorithm: c.u8()?,
            fp_type: c.u8()?,
            fingerprint: c.rest(),
        },
        Rtype::SVCB | Rtype::HTTPS => {
            let priority = c.u16()?;
            let target = c.name()?;
            let at = c.pos;
            Rdata::Svcb {
                priority,
                target,
                params: Tlvs::check(c.rest(), at)?,
            }
        }
        Rtype::OPT => {
            let at = c.pos;
            Rdata::Opt(Tlvs::check(c.rest(), at)?)
        }
        _ => Rdata::Unknown(c.rest()),
    })
}
