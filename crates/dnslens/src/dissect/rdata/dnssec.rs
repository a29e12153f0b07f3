//! RDATA of DNSSEC and the types that carry keys, certificates and signatures.

use alloc::format;
use alloc::string::String;
use core::fmt::Write;

use data_encoding::BASE32HEX_NOPAD;

use super::*;
use crate::iana::Rtype;
use crate::tree::{Diagnostic, Field, Kind, Severity, Span};

/// DNSSEC and the keys, certificates and signatures around it (RFC 4034, RFC 5155, RFC 4255,
/// RFC 6698, RFC 7344, RFC 8976, RFC 2930 TKEY, RFC 8945 TSIG, RFC 4398 CERT, RFC 4025
/// IPSECKEY, RFC 4701 DHCID, RFC 8005 HIP, RFC 7929). `mine` is cleared for a type of another family.
pub(super) fn decode(
    rd: &mut Rd<'_, '_>,
    rtype: Rtype,
    out: &mut String,
    mine: &mut bool,
) -> Option<()> {
    match rtype {
        Rtype::SIG | Rtype::RRSIG => {
            let t = rd.u16(
                "Type covered",
                "the type of the RRset this signature covers",
            )?;
            let alg = rd.u8("Algorithm", "DNSSEC algorithm number")?;
            let labels = rd.u8(
                "Labels",
                "number of labels in the signed owner name, not counting the root or a wildcard",
            )?;
            let ttl = rd.u32("Original TTL", "the TTL of the RRset as the zone has it")?;
            let exp = rd.u32(
                "Expiration",
                "the signature is not valid after this time (seconds since 1970)",
            )?;
            let inc = rd.u32("Inception", "the signature is not valid before this time")?;
            let tag = rd.u16("Key tag", "identifies the DNSKEY that made the signature")?;
            let signer = rd.name("Signer", rtype == Rtype::SIG)?;
            let sig = rd.rest("Signature", "the cryptographic signature");
            let _ = write!(
                out,
                "{} {alg} {labels} {ttl} {} {} {tag} {signer} ",
                Rtype(t),
                sig_time(exp),
                sig_time(inc)
            );
            b64(out, sig);
        }
        Rtype::KEY | Rtype::DNSKEY | Rtype::CDNSKEY | Rtype::RKEY => {
            let f = rd.u16(
                "Flags",
                "bit 7 = zone key, bit 15 = secure entry point (KSK)",
            )?;
            let p = rd.u8("Protocol", "always 3 for DNSSEC")?;
            let a = rd.u8("Algorithm", "DNSSEC algorithm number")?;
            let k = rd.rest("Public key", "the public key, in the algorithm's format");
            let _ = write!(out, "{f} {p} {a}");
            if !k.is_empty() {
                out.push(' ');
                b64(out, k);
            }
        }
        Rtype::NXT => {
            let n = rd.name("Next name", true)?;
            let bits = rd.rest("Type bitmap", "one bit per type present, type 0 first");
            out.push_str(&n);
            for (i, &b) in bits.iter().enumerate() {
                for bit in 0..8 {
                    if b & (0x80 >> bit) != 0 {
                        let _ = write!(out, " {}", Rtype((i * 8 + bit) as u16));
                    }
                }
            }
        }
        Rtype::DS | Rtype::CDS | Rtype::DLV | Rtype::TA => {
            let tag = rd.u16("Key tag", "the key tag of the DNSKEY this digest is of")?;
            let a = rd.u8("Algorithm", "the DNSKEY's algorithm")?;
            let d = rd.u8("Digest type", "1 = SHA-1, 2 = SHA-256, 4 = SHA-384")?;
            let h = rd.rest("Digest", "the hash of the owner name and the DNSKEY RDATA");
            let _ = write!(out, "{tag} {a} {d} ");
            hexu(out, h);
        }
        Rtype::NSEC => {
            let n = rd.name("Next name", false)?;
            out.push_str(&n);
            type_bitmap(rd, out)?;
        }
        Rtype::NSEC3 | Rtype::NSEC3PARAM => {
            let a = rd.u8("Hash algorithm", "1 = SHA-1")?;
            let f = rd.u8("Flags", "bit 0 = opt-out")?;
            let it = rd.u16("Iterations", "extra hash iterations")?;
            let sl = rd.u8("Salt length", "bytes of salt")? as usize;
            let salt = rd.bytes(sl, "Salt", "salt appended before hashing")?;
            let _ = write!(out, "{a} {f} {it} ");
            if salt.is_empty() {
                out.push('-');
            } else {
                hexu(out, salt);
            }
            if rtype == Rtype::NSEC3 {
                let hl = rd.u8("Hash length", "bytes of the next hash")? as usize;
                let h = rd.bytes(
                    hl,
                    "Next hashed owner",
                    "hash of the next name in hash order (base32hex)",
                )?;
                out.push(' ');
                out.push_str(&BASE32HEX_NOPAD.encode(h));
                type_bitmap(rd, out)?;
            }
        }
        Rtype::CSYNC => {
            let s = rd.u32("SOA serial", "the serial this CSYNC applies to")?;
            let f = rd.u16("Flags", "bit 0 immediate, bit 1 soaminimum")?;
            let _ = write!(out, "{s} {f}");
            type_bitmap(rd, out)?;
        }
        Rtype::ZONEMD => {
            let s = rd.u32("Serial", "the zone serial the digest is of")?;
            let sc = rd.u8("Scheme", "1 = SIMPLE")?;
            let h = rd.u8("Hash algorithm", "1 SHA-384, 2 SHA-512")?;
            let d = rd.rest("Digest", "the zone digest");
            let _ = write!(out, "{s} {sc} {h} ");
            hexu(out, d);
        }
        _ => {
            *mine = false;
            return None;
        }
    }
    Some(())
}

/// Type bitmap windows (RFC 4034 §4.1.2) → mnemonics, read with the one bitmap walker
/// ([`crate::wire::bitmap_windows`]).
fn type_bitmap(rd: &mut Rd<'_, '_>, out: &mut String) -> Option<()> {
    let base = rd.pos;
    let bitmap = rd.msg.get(base..rd.end)?;
    for w in crate::wire::bitmap_windows(bitmap) {
        let w = match w {
            Ok(w) => w,
            Err((_, crate::wire::BitmapProblem::Cut)) => return None,
            Err((at, crate::wire::BitmapProblem::BadLength(window, len))) => {
                let s = base + at;
                rd.diags.push(Diagnostic {
                    span: Span::new(s, s + 2),
                    severity: Severity::Error,
                    layer: crate::tree::Layer::Dns,
                    message: format!("type bitmap window {window} at offset {s} says it has {len} bytes; it must have 1 to 32 (RFC 4034 §4.1.2)"),
                });
                return None;
            }
        };
        let (s, window) = (base + w.at, w.number);
        if !w.in_order {
            rd.diags.push(Diagnostic {
                span: Span::new(s, s + 1),
                severity: Severity::Error,
                layer: crate::tree::Layer::Dns,
                message: format!("type bitmap window {window} at offset {s} is out of order; windows must increase"),
            });
        }
        rd.pos = s + 2 + w.bits.len();
        let mut types = String::new();
        for t in w.types() {
            if !types.is_empty() {
                types.push(' ');
            }
            let _ = write!(types, "{t}");
        }
        if !out.is_empty() && !types.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str(&types);
        rd.fields.push(
            Field::new(
                "Type bitmap window",
                format!("window {window}: {types}"),
                Span::new(s, rd.pos),
                Kind::Rdata,
            )
            .explain("a window number, a length, then one bit per type present")
            .rfc("RFC 4034 §4.1.2"),
        );
    }
    Some(())
}
