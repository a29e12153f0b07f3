//! Keys, fingerprints and certificates outside the DNSSEC chain (RFC 4255 SSHFP, RFC 6698 TLSA,
//! RFC 8162 SMIMEA, RFC 7929 OPENPGPKEY, RFC 4398 CERT, RFC 4025 IPSECKEY, RFC 4701 DHCID,
//! RFC 8005 HIP) and transaction signatures (RFC 2930 TKEY, RFC 8945 TSIG).

use super::{gateway, Names, Rdata, Reader, PREF};
use crate::iana::Rtype;

/// The layout of `t` if it is one of this family's.
pub(super) fn read<'a, R: Reader<'a>>(r: &mut R, t: Rtype) -> Result<Option<Rdata<'a>>, R::Fail> {
    Ok(Some(match t {
        Rtype::CERT => Rdata::Cert {
            cert_type: r.u16("Certificate type", "the kind of certificate (1 = X.509)")?,
            key_tag: r.u16("Key tag", "key tag of the matching key, or 0")?,
            algorithm: r.u8("Algorithm", "DNSSEC algorithm number")?,
            certificate: r.rest("Certificate", "the certificate or CRL"),
        },
        Rtype::SSHFP => Rdata::Sshfp {
            algorithm: r.u8("Algorithm", "1 RSA, 2 DSA, 3 ECDSA, 4 Ed25519")?,
            fp_type: r.u8("Fingerprint type", "1 = SHA-1, 2 = SHA-256")?,
            fingerprint: r.rest("Fingerprint", "hash of the host's SSH public key"),
        },
        Rtype::IPSECKEY => {
            let precedence = r.u8("Precedence", PREF)?;
            let gateway_type = r.u8("Gateway type", "0 none, 1 IPv4, 2 IPv6, 3 domain name")?;
            let algorithm = r.u8("Algorithm", "1 DSA, 2 RSA, 3 ECDSA")?;
            Rdata::Ipseckey {
                precedence,
                gateway_type,
                algorithm,
                gateway: gateway(r, gateway_type)?,
                key: r.rest("Public key", "the IPsec public key"),
            }
        }
        Rtype::DHCID | Rtype::OPENPGPKEY => Rdata::Opaque(r.rest(
            if t == Rtype::DHCID { "Digest" } else { "Key" },
            "opaque data, shown as base64",
        )),
        Rtype::TLSA | Rtype::SMIMEA => Rdata::Tlsa {
            usage: r.u8(
                "Usage",
                "0 CA, 1 service cert, 2 trust anchor, 3 domain-issued cert",
            )?,
            selector: r.u8("Selector", "0 full cert, 1 public key only")?,
            matching_type: r.u8("Matching type", "0 exact, 1 SHA-256, 2 SHA-512")?,
            data: r.rest("Certificate data", "the certificate association data"),
        },
        Rtype::HIP => {
            let hl = r.u8("HIT length", "bytes of the host identity tag")? as usize;
            let pk_algorithm = r.u8("PK algorithm", "public key algorithm")?;
            let pl = r.u16("PK length", "bytes of public key")? as usize;
            let hit = r.bytes(hl, "HIT", "the host identity tag")?;
            let key = r.bytes(pl, "Public key", "the host identity")?;
            let start = r.pos();
            while r.left() > 0 {
                r.name("Rendezvous server", false)?;
            }
            let (msg, end) = (r.msg(), r.pos());
            Rdata::Hip {
                pk_algorithm,
                hit,
                key,
                servers: Names { msg, start, end },
            }
        }
        Rtype::TKEY => {
            let algorithm = r.name("Algorithm", false)?;
            let inception = r.u32(
                "Inception",
                "start of the key's validity (seconds since 1970)",
            )?;
            let expiration = r.u32("Expiration", "end of the key's validity")?;
            let mode = r.u16(
                "Mode",
                "1 server-assigned, 2 DH, 3 GSS-API, 4 resolver-assigned, 5 delete",
            )?;
            let error = r.u16("Error", "an extended RCODE, 0 when all is well")?;
            let kl = r.u16("Key size", "bytes of key data")? as usize;
            let key = r.bytes(kl, "Key data", "the key exchange token")?;
            let ol = r.u16("Other size", "bytes of other data")? as usize;
            Rdata::Tkey {
                algorithm,
                inception,
                expiration,
                mode,
                error,
                key,
                other: r.bytes(ol, "Other data", "unused")?,
            }
        }
        Rtype::TSIG => {
            let algorithm = r.name("Algorithm", false)?;
            let time_signed = r.uint(
                6,
                "Time signed",
                "seconds since 1970 when the message was signed",
            )?;
            let fudge = r.u16("Fudge", "allowed clock skew in seconds")?;
            let ml = r.u16("MAC size", "bytes of MAC")? as usize;
            let mac = r.bytes(ml, "MAC", "the message authentication code")?;
            let original_id = r.u16("Original ID", "the message ID before any forwarding")?;
            let error = r.u16("Error", "an extended RCODE, 0 when all is well")?;
            let ol = r.u16("Other len", "bytes of other data")? as usize;
            Rdata::Tsig {
                algorithm,
                time_signed,
                fudge,
                mac,
                original_id,
                error,
                other: r.bytes(
                    ol,
                    "Other data",
                    "the server's time when the error is BADTIME",
                )?,
            }
        }
        _ => return Ok(None),
    }))
}
