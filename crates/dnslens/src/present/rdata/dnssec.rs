//! RDATA of DNSSEC (RFC 4034, 5155, 7344, 8976), keys and certificates (RFC 4398, 4255,
//! 6698, 4025, 8005) and transaction signatures (RFC 2930, 8945) in presentation form, as
//! BIND's dig prints them (see [`super::write`]).

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use core::fmt::Write;

use super::{b64, b64_opt, bits, gateway, hexu, nums, push, types};
use crate::iana::{CertType, Rcode, Rtype, SecAlg};
use crate::wire::Rdata;

/// `YYYYMMDDHHMMSS` (RFC 4034 §3.2) from seconds since 1970.
pub fn sig_time(t: u32) -> String {
    let mut s = String::new();
    push_sig_time(&mut s, t);
    s
}

/// [`sig_time`] appended to `out`.
fn push_sig_time(out: &mut String, t: u32) {
    let secs = t as i64;
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    // Civil-from-days (Howard Hinnant's algorithm), proleptic Gregorian.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    // A u32 of seconds ends in 2106: the year always has four digits.
    let mut digits = [0u8; 14];
    let parts = [
        (y, 4),
        (m, 2),
        (d, 2),
        (rem / 3600, 2),
        (rem / 60 % 60, 2),
        (rem % 60, 2),
    ];
    let mut at = 0;
    for (v, width) in parts {
        let mut v = v.unsigned_abs();
        for k in (0..width).rev() {
            digits[at + k] = b'0' + (v % 10) as u8;
            v /= 10;
        }
        at += width;
    }
    out.push_str(core::str::from_utf8(&digits).unwrap_or_default());
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

/// DNSSEC, keys and transaction signatures (see [`super::write`]).
pub(super) fn dnssec(out: &mut String, d: &Rdata<'_>) {
    match *d {
        Rdata::Rrsig {
            type_covered,
            algorithm,
            labels,
            original_ttl,
            expiration,
            inception,
            key_tag,
            signer,
            signature,
        } => {
            type_covered.push_text(out);
            out.push(' ');
            nums(out, &[algorithm.into(), labels.into(), original_ttl.into()]);
            out.push(' ');
            push_sig_time(out, expiration);
            out.push(' ');
            push_sig_time(out, inception);
            out.push(' ');
            nums(out, &[key_tag.into()]);
            out.push(' ');
            signer.push_to(out);
            out.push(' ');
            b64(out, signature);
        }
        Rdata::Dnskey {
            flags,
            protocol,
            algorithm,
            key,
        } => {
            nums(out, &[flags.into(), protocol.into(), algorithm.into()]);
            b64_opt(out, key);
        }
        Rdata::Nxt { next, bitmap } => {
            push(out, next);
            types(out, bits(bitmap).map(|t| Rtype(t as u16)));
        }
        Rdata::Ds {
            key_tag,
            algorithm,
            digest_type,
            digest,
        } => {
            nums(out, &[key_tag.into(), algorithm.into(), digest_type.into()]);
            out.push(' ');
            hexu(out, digest);
        }
        Rdata::Nsec { next, types: t } => {
            next.push_to(out);
            types(out, t.iter());
        }
        Rdata::Nsec3 {
            hash_algorithm,
            flags,
            iterations,
            salt,
            next_hashed,
            types: t,
        } => {
            nsec3param(out, hash_algorithm, flags, iterations, salt);
            out.push(' ');
            out.push_str(&crate::encoding::base32hex(next_hashed));
            types(out, t.iter());
        }
        Rdata::Nsec3param {
            hash_algorithm,
            flags,
            iterations,
            salt,
        } => nsec3param(out, hash_algorithm, flags, iterations, salt),
        Rdata::Csync {
            serial,
            flags,
            types: t,
        } => {
            nums(out, &[serial.into(), flags.into()]);
            types(out, t.iter());
        }
        Rdata::Zonemd {
            serial,
            scheme,
            hash_algorithm,
            digest,
        } => {
            nums(out, &[serial.into(), scheme.into(), hash_algorithm.into()]);
            out.push(' ');
            hexu(out, digest);
        }
        _ => keys(out, d),
    }
}

fn nsec3param(out: &mut String, alg: u8, flags: u8, iterations: u16, salt: &[u8]) {
    nums(out, &[alg.into(), flags.into(), iterations.into()]);
    out.push(' ');
    if salt.is_empty() {
        out.push('-');
    } else {
        hexu(out, salt);
    }
}

/// Keys, certificates and transaction signatures (see [`super::write`]).
fn keys(out: &mut String, d: &Rdata<'_>) {
    match *d {
        Rdata::Cert {
            cert_type,
            key_tag,
            algorithm,
            certificate,
        } => {
            match CertType(cert_type).mnemonic() {
                Some(m) => out.push_str(m),
                None => push(out, cert_type),
            }
            out.push(' ');
            nums(out, &[key_tag.into()]);
            out.push(' ');
            match SecAlg(algorithm).mnemonic() {
                Some(m) => out.push_str(m),
                None => push(out, algorithm),
            }
            out.push(' ');
            b64(out, certificate);
        }
        Rdata::Tlsa {
            usage,
            selector,
            matching_type,
            data,
        } => {
            nums(out, &[usage.into(), selector.into(), matching_type.into()]);
            out.push(' ');
            hexu(out, data);
        }
        Rdata::Sshfp {
            algorithm,
            fp_type,
            fingerprint,
        } => {
            nums(out, &[algorithm.into(), fp_type.into()]);
            out.push(' ');
            hexu(out, fingerprint);
        }
        Rdata::Ipseckey {
            precedence,
            gateway_type,
            algorithm,
            gateway: g,
            key,
        } => {
            nums(
                out,
                &[precedence.into(), gateway_type.into(), algorithm.into()],
            );
            out.push(' ');
            gateway(out, &g);
            b64_opt(out, key);
        }
        Rdata::Opaque(b) => b64(out, b),
        Rdata::Hip {
            pk_algorithm,
            hit,
            key,
            servers,
        } => {
            // BIND prints HIP's HIT and key unsplit.
            let _ = write!(
                out,
                "{pk_algorithm} {} {}",
                crate::encoding::hex_upper(hit),
                crate::encoding::base64(key)
            );
            for n in servers.iter() {
                let _ = write!(out, " {n}");
            }
        }
        Rdata::Tkey {
            algorithm,
            inception,
            expiration,
            mode,
            error,
            key,
            other,
        } => {
            let _ = write!(
                out,
                "{algorithm} {inception} {expiration} {mode} {} {}",
                tsig_error(error),
                key.len()
            );
            b64_opt(out, key);
            let _ = write!(out, " {}", other.len());
            b64_opt(out, other);
        }
        Rdata::Tsig {
            algorithm,
            time_signed,
            fudge,
            mac,
            original_id,
            error,
            other,
        } => {
            let _ = write!(out, "{algorithm} {time_signed} {fudge} {}", mac.len());
            b64_opt(out, mac);
            let _ = write!(out, " {original_id} {} {}", tsig_error(error), other.len());
            b64_opt(out, other);
        }
        _ => {}
    }
}
