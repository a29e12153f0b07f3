//! DNSSEC: signatures, keys, digests and denial of existence (RFC 4034, RFC 5155, RFC 7344,
//! RFC 8976 ZONEMD, RFC 7477 CSYNC, RFC 2535 SIG/KEY/NXT).

use super::{Rdata, Reader};
use crate::iana::Rtype;

/// The layout of `t` if it is one of this family's.
pub(super) fn read<'a, R: Reader<'a>>(r: &mut R, t: Rtype) -> Result<Option<Rdata<'a>>, R::Fail> {
    Ok(Some(match t {
        Rtype::SIG | Rtype::RRSIG => Rdata::Rrsig {
            type_covered: Rtype(r.u16(
                "Type covered",
                "the type of the RRset this signature covers",
            )?),
            algorithm: r.u8("Algorithm", "DNSSEC algorithm number")?,
            labels: r.u8(
                "Labels",
                "number of labels in the signed owner name, not counting the root or a wildcard",
            )?,
            original_ttl: r.u32("Original TTL", "the TTL of the RRset as the zone has it")?,
            expiration: r.u32(
                "Expiration",
                "the signature is not valid after this time (seconds since 1970)",
            )?,
            inception: r.u32("Inception", "the signature is not valid before this time")?,
            key_tag: r.u16("Key tag", "identifies the DNSKEY that made the signature")?,
            signer: r.name("Signer", t == Rtype::SIG)?,
            signature: r.rest("Signature", "the cryptographic signature"),
        },
        Rtype::KEY | Rtype::DNSKEY | Rtype::CDNSKEY | Rtype::RKEY => Rdata::Dnskey {
            flags: r.u16(
                "Flags",
                "bit 7 = zone key, bit 15 = secure entry point (KSK)",
            )?,
            protocol: r.u8("Protocol", "always 3 for DNSSEC")?,
            algorithm: r.u8("Algorithm", "DNSSEC algorithm number")?,
            key: r.rest("Public key", "the public key, in the algorithm's format"),
        },
        Rtype::NXT => Rdata::Nxt {
            next: r.name("Next name", true)?,
            bitmap: r.rest("Type bitmap", "one bit per type present, type 0 first"),
        },
        Rtype::DS | Rtype::CDS | Rtype::DLV | Rtype::TA => Rdata::Ds {
            key_tag: r.u16("Key tag", "the key tag of the DNSKEY this digest is of")?,
            algorithm: r.u8("Algorithm", "the DNSKEY's algorithm")?,
            digest_type: r.u8("Digest type", "1 = SHA-1, 2 = SHA-256, 4 = SHA-384")?,
            digest: r.rest("Digest", "the hash of the owner name and the DNSKEY RDATA"),
        },
        Rtype::NSEC => Rdata::Nsec {
            next: r.name("Next name", false)?,
            types: r.types()?,
        },
        Rtype::NSEC3 | Rtype::NSEC3PARAM => {
            let hash_algorithm = r.u8("Hash algorithm", "1 = SHA-1")?;
            let flags = r.u8("Flags", "bit 0 = opt-out")?;
            let iterations = r.u16("Iterations", "extra hash iterations")?;
            let sl = r.u8("Salt length", "bytes of salt")? as usize;
            let salt = r.bytes(sl, "Salt", "salt appended before hashing")?;
            if t == Rtype::NSEC3PARAM {
                return Ok(Some(Rdata::Nsec3param {
                    hash_algorithm,
                    flags,
                    iterations,
                    salt,
                }));
            }
            let hl = r.u8("Hash length", "bytes of the next hash")? as usize;
            let next_hashed = r.bytes(
                hl,
                "Next hashed owner",
                "hash of the next name in hash order (base32hex)",
            )?;
            Rdata::Nsec3 {
                hash_algorithm,
                flags,
                iterations,
                salt,
                next_hashed,
                types: r.types()?,
            }
        }
        Rtype::CSYNC => Rdata::Csync {
            serial: r.u32("SOA serial", "the serial this CSYNC applies to")?,
            flags: r.u16("Flags", "bit 0 immediate, bit 1 soaminimum")?,
            types: r.types()?,
        },
        Rtype::ZONEMD => Rdata::Zonemd {
            serial: r.u32("Serial", "the zone serial the digest is of")?,
            scheme: r.u8("Scheme", "1 = SIMPLE")?,
            hash_algorithm: r.u8("Hash algorithm", "1 SHA-384, 2 SHA-512")?,
            digest: r.rest("Digest", "the zone digest"),
        },
        _ => return Ok(None),
    }))
}
