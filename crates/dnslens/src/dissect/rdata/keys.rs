//! RDATA of the types that carry keys, fingerprints, certificates and transaction signatures.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use core::fmt::Write;

use super::*;
use crate::iana::{CertType, Rcode, Rtype, SecAlg};

/// Keys, fingerprints and certificates outside the DNSSEC chain (RFC 4255 SSHFP, RFC 6698 TLSA,
/// RFC 8162 SMIMEA, RFC 7929 OPENPGPKEY, RFC 4398 CERT, RFC 4025 IPSECKEY, RFC 4701 DHCID,
/// RFC 8005 HIP) and transaction signatures (RFC 2930 TKEY, RFC 8945 TSIG). `mine` is cleared
/// for a type of another family.
pub(super) fn decode(
    rd: &mut Rd<'_, '_>,
    rtype: Rtype,
    out: &mut String,
    mine: &mut bool,
) -> Option<()> {
    match rtype {
        Rtype::CERT => {
            let t = rd.u16("Certificate type", "the kind of certificate (1 = X.509)")?;
            let tag = rd.u16("Key tag", "key tag of the matching key, or 0")?;
            let a = rd.u8("Algorithm", "DNSSEC algorithm number")?;
            let c = rd.rest("Certificate", "the certificate or CRL");
            match CertType(t).mnemonic() {
                Some(m) => out.push_str(m),
                None => {
                    let _ = write!(out, "{t}");
                }
            }
            let _ = write!(out, " {tag} ");
            match SecAlg(a).mnemonic() {
                Some(m) => out.push_str(m),
                None => {
                    let _ = write!(out, "{a}");
                }
            }
            out.push(' ');
            b64(out, c);
        }
        Rtype::SSHFP => {
            let a = rd.u8("Algorithm", "1 RSA, 2 DSA, 3 ECDSA, 4 Ed25519")?;
            let t = rd.u8("Fingerprint type", "1 = SHA-1, 2 = SHA-256")?;
            let h = rd.rest("Fingerprint", "hash of the host's SSH public key");
            let _ = write!(out, "{a} {t} ");
            hexu(out, h);
        }
        Rtype::IPSECKEY => {
            let p = rd.u8("Precedence", PREF)?;
            let gt = rd.u8("Gateway type", "0 none, 1 IPv4, 2 IPv6, 3 domain name")?;
            let a = rd.u8("Algorithm", "1 DSA, 2 RSA, 3 ECDSA")?;
            let _ = write!(out, "{p} {gt} {a} ");
            gateway(rd, gt, out)?;
            let k = rd.rest("Public key", "the IPsec public key");
            if !k.is_empty() {
                out.push(' ');
                b64(out, k);
            }
        }
        Rtype::DHCID | Rtype::OPENPGPKEY => {
            let b = rd.rest(
                if rtype == Rtype::DHCID {
                    "Digest"
                } else {
                    "Key"
                },
                "opaque data, shown as base64",
            );
            b64(out, b);
        }
        Rtype::TLSA | Rtype::SMIMEA => {
            let u = rd.u8(
                "Usage",
                "0 CA, 1 service cert, 2 trust anchor, 3 domain-issued cert",
            )?;
            let s = rd.u8("Selector", "0 full cert, 1 public key only")?;
            let m = rd.u8("Matching type", "0 exact, 1 SHA-256, 2 SHA-512")?;
            let d = rd.rest("Certificate data", "the certificate association data");
            let _ = write!(out, "{u} {s} {m} ");
            hexu(out, d);
        }
        Rtype::HIP => {
            let hl = rd.u8("HIT length", "bytes of the host identity tag")? as usize;
            let a = rd.u8("PK algorithm", "public key algorithm")?;
            let pl = rd.u16("PK length", "bytes of public key")? as usize;
            let hit = rd.bytes(hl, "HIT", "the host identity tag")?;
            let pk = rd.bytes(pl, "Public key", "the host identity")?;
            // BIND prints HIP's HIT and key unsplit.
            let _ = write!(out, "{a} {} {}", HEXUPPER.encode(hit), BASE64.encode(pk));
            while rd.left() > 0 {
                let n = rd.name("Rendezvous server", false)?;
                out.push(' ');
                out.push_str(&n);
            }
        }
        Rtype::TKEY => {
            let alg = rd.name("Algorithm", false)?;
            let inc = rd.u32(
                "Inception",
                "start of the key's validity (seconds since 1970)",
            )?;
            let exp = rd.u32("Expiration", "end of the key's validity")?;
            let mode = rd.u16(
                "Mode",
                "1 server-assigned, 2 DH, 3 GSS-API, 4 resolver-assigned, 5 delete",
            )?;
            let err = rd.u16("Error", "an extended RCODE, 0 when all is well")?;
            let kl = rd.u16("Key size", "bytes of key data")? as usize;
            let k = rd.bytes(kl, "Key data", "the key exchange token")?;
            let ol = rd.u16("Other size", "bytes of other data")? as usize;
            let o = rd.bytes(ol, "Other data", "unused")?;
            let _ = write!(out, "{alg} {inc} {exp} {mode} {} {kl}", tsig_error(err));
            if !k.is_empty() {
                out.push(' ');
                b64(out, k);
            }
            let _ = write!(out, " {ol}");
            if !o.is_empty() {
                out.push(' ');
                b64(out, o);
            }
        }
        Rtype::TSIG => {
            let alg = rd.name("Algorithm", false)?;
            let t = rd.uint(
                6,
                "Time signed",
                "seconds since 1970 when the message was signed",
            )?;
            let fudge = rd.u16("Fudge", "allowed clock skew in seconds")?;
            let ml = rd.u16("MAC size", "bytes of MAC")? as usize;
            let mac = rd.bytes(ml, "MAC", "the message authentication code")?;
            let id = rd.u16("Original ID", "the message ID before any forwarding")?;
            let err = rd.u16("Error", "an extended RCODE, 0 when all is well")?;
            let ol = rd.u16("Other len", "bytes of other data")? as usize;
            let o = rd.bytes(
                ol,
                "Other data",
                "the server's time when the error is BADTIME",
            )?;
            let _ = write!(out, "{alg} {t} {fudge} {ml}");
            if !mac.is_empty() {
                out.push(' ');
                b64(out, mac);
            }
            let _ = write!(out, " {id} {} {ol}", tsig_error(err));
            if !o.is_empty() {
                out.push(' ');
                b64(out, o);
            }
        }
        _ => {
            *mine = false;
            return None;
        }
    }
    Some(())
}

fn tsig_error(e: u16) -> Cow<'static, str> {
    match e {
        16 => Cow::Borrowed("BADSIG"),
        _ => match Rcode(e).mnemonic() {
            Some(m) => Cow::Borrowed(m),
            None => Cow::Owned(format!("{e}")),
        },
    }
}
