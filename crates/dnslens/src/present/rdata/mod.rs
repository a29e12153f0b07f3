//! RDATA in presentation form, as BIND's dig prints it, from the typed value the one layout per
//! type reads ([`crate::wire::rdata`]).

use alloc::string::String;
use core::fmt::Write;

use crate::dissect::name::{escape_text, quote};
use crate::iana::Rtype;
use crate::present::Sink;
use crate::wire::{AplItem, Gateway, Rdata};

mod dnssec;
mod svc;
pub use dnssec::sig_time;
pub(crate) use svc::{key_follows, svc_param};

/// dig splits long base64 and hex fields into chunks of this many characters (its `+split`).
const SPLIT: usize = 56;

/// Base64 split into space-separated chunks as dig does on one line.
fn b64(out: &mut String, b: &[u8]) {
    crate::encoding::push_base64_split(out, b, SPLIT);
}

/// Upper-case hex split as [`b64`] splits base64.
fn hexu(out: &mut String, b: &[u8]) {
    crate::encoding::push_hex_upper_split(out, b, SPLIT);
}

/// `ns` in decimal, separated by single spaces: the numbers most RDATA starts with, written
/// without core::fmt (whose `write!` was a twentieth of the JSON format's time).
fn nums(out: &mut String, ns: &[u64]) {
    for (i, &n) in ns.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        crate::encoding::push_number(out, n);
    }
}

/// A space and `b` in base64, unless `b` is empty.
fn b64_opt(out: &mut String, b: &[u8]) {
    if !b.is_empty() {
        out.push(' ');
        b64(out, b);
    }
}

/// The RFC 3597 generic form: `\# LEN HEX`.
pub fn generic(out: &mut String, b: &[u8]) {
    out.push_str("\\# ");
    crate::encoding::push_number(out, b.len() as u64);
    if !b.is_empty() {
        out.push(' ');
        hexu(out, b);
    }
}

fn gateway(out: &mut String, g: &Gateway<'_>) {
    match g {
        Gateway::None => out.push('.'),
        Gateway::V4(a) => out.put_ipv4(a.octets()),
        Gateway::V6(a) => out.put_ipv6(*a),
        Gateway::Name(n) => n.push_to(out),
    }
}

/// ` T` for each type of a bitmap.
fn types(out: &mut String, t: impl Iterator<Item = Rtype>) {
    for t in t {
        out.push(' ');
        t.push_text(out);
    }
}

/// The bits set in `bits`, port 0 (or type 0) first.
fn bits(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    b.iter().enumerate().flat_map(|(i, &x)| {
        (0..8)
            .filter(move |bit| x & (0x80 >> bit) != 0)
            .map(move |bit| i * 8 + bit)
    })
}

/// Quoted character-strings, separated by spaces.
fn quoted<'a>(out: &mut String, strings: impl IntoIterator<Item = &'a [u8]>) {
    for (i, s) in strings.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        quote(out, s);
    }
}

/// The commonest types (addresses, names, MX, SOA: most of the RDATA in traffic) into either
/// sink, without core::fmt; false, with nothing written, for the others, which [`write`]
/// writes. The JSON writer puts these straight into its bytes.
pub(crate) fn write_common(out: &mut impl Sink, d: &Rdata<'_>) -> bool {
    match *d {
        Rdata::A(a) => out.put_ipv4(a.octets()),
        Rdata::Aaaa(a) => out.put_ipv6(a),
        Rdata::Name(n) => out.put_view(&n),
        Rdata::Mx {
            preference,
            exchange,
        } => {
            out.put_number(preference.into());
            out.ch(b' ');
            out.put_view(&exchange);
        }
        Rdata::Soa {
            mname,
            rname,
            serial,
            refresh,
            retry,
            expire,
            minimum,
        } => {
            out.put_view(&mname);
            out.ch(b' ');
            out.put_view(&rname);
            for n in [serial, refresh, retry, expire, minimum] {
                out.ch(b' ');
                out.put_number(n.into());
            }
        }
        Rdata::NamePair { first, second } => {
            out.put_view(&first);
            out.ch(b' ');
            out.put_view(&second);
        }
        _ => return false,
    }
    true
}

/// Append `d` in presentation form. OPT has none of its own (the EDNS options are shown by
/// the OPT pseudo-section); the tree keeps the text its option walk made.
pub fn write(out: &mut String, d: &Rdata<'_>) {
    if write_common(out, d) {
        return;
    }
    match *d {
        Rdata::Txt(s) => quoted(out, s.iter()),
        Rdata::Hinfo { cpu, os } => quoted(out, [cpu, os]),
        Rdata::Wks {
            address,
            protocol,
            bitmap,
        } => {
            out.put_ipv4(address.octets());
            out.push(' ');
            nums(out, &[protocol.into()]);
            for p in bits(bitmap) {
                out.push(' ');
                nums(out, &[p as u64]);
            }
        }
        Rdata::X25(a) => quote(out, a),
        Rdata::Isdn {
            address,
            subaddress,
        } => quoted(out, core::iter::once(address).chain(subaddress)),
        Rdata::Gpos {
            longitude,
            latitude,
            altitude,
        } => quoted(out, [longitude, latitude, altitude]),
        Rdata::Nsap(b) => {
            out.push_str("0x");
            out.push_str(&crate::encoding::hex_upper(b));
        }
        Rdata::Px {
            preference,
            map822,
            mapx400,
        } => {
            nums(out, &[preference.into()]);
            out.push(' ');
            map822.push_to(out);
            out.push(' ');
            mapx400.push_to(out);
        }
        Rdata::Ilnp64 { preference, value } => {
            // dig prints each 16-bit group without leading zeros (RFC 6742 §2.1 allows it).
            let g = |i: usize| u16::from_be_bytes([value[i], value[i + 1]]);
            let _ = write!(
                out,
                "{preference} {:x}:{:x}:{:x}:{:x}",
                g(0),
                g(2),
                g(4),
                g(6)
            );
        }
        Rdata::L32 {
            preference,
            locator,
        } => {
            nums(out, &[preference.into()]);
            out.push(' ');
            out.put_ipv4(locator.octets());
        }
        Rdata::Lp { preference, fqdn } => {
            nums(out, &[preference.into()]);
            out.push(' ');
            fqdn.push_to(out);
        }
        Rdata::Eui48(a) => eui(out, &a),
        Rdata::Eui64(a) => eui(out, &a),
        _ => services(out, d),
    }
}

pub(super) fn push(out: &mut String, v: impl core::fmt::Display) {
    let _ = write!(out, "{v}");
}

fn eui(out: &mut String, b: &[u8]) {
    for (i, x) in b.iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        let _ = write!(out, "{x:02x}");
    }
}

/// Services, locations, OPT and SVCB (see [`write`]).
fn services(out: &mut String, d: &Rdata<'_>) {
    match *d {
        Rdata::Srv {
            priority,
            weight,
            port,
            target,
        } => {
            nums(out, &[priority.into(), weight.into(), port.into()]);
            out.push(' ');
            target.push_to(out);
        }
        Rdata::Naptr {
            order,
            preference,
            flags,
            services,
            regexp,
            replacement,
        } => {
            nums(out, &[order.into(), preference.into()]);
            out.push(' ');
            quoted(out, [flags, services, regexp]);
            out.push(' ');
            replacement.push_to(out);
        }
        Rdata::Uri {
            priority,
            weight,
            target,
        } => {
            nums(out, &[priority.into(), weight.into()]);
            out.push(' ');
            quote(out, target);
        }
        Rdata::Caa { flags, tag, value } => {
            nums(out, &[flags.into()]);
            out.push(' ');
            escape_text(out, tag);
            out.push(' ');
            quote(out, value);
        }
        Rdata::Loc {
            size,
            horizontal,
            vertical,
            latitude,
            longitude,
            altitude,
        } => loc(
            out,
            [size, horizontal, vertical],
            latitude,
            longitude,
            altitude,
        ),
        Rdata::Apl(b) => {
            for (i, item) in AplItem::iter(b).enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                item.push_to(out);
            }
        }
        Rdata::Dsync {
            rtype,
            scheme,
            port,
            target,
        } => {
            let _ = write!(out, "{rtype} {scheme} {port} {target}");
        }
        Rdata::Amtrelay {
            precedence,
            discovery,
            relay_type,
            relay,
        } => {
            nums(
                out,
                &[precedence.into(), discovery.into(), relay_type.into()],
            );
            out.push(' ');
            gateway(out, &relay);
        }
        Rdata::Svcb {
            priority,
            target,
            params,
        } => {
            nums(out, &[priority.into()]);
            out.push(' ');
            target.push_to(out);
            for (key, v) in params.iter() {
                out.push(' ');
                svc_param(out, key, v);
            }
        }
        Rdata::Opt(_) | Rdata::Empty => {}
        Rdata::Unknown(b) => generic(out, b),
        _ => dnssec::dnssec(out, d),
    }
}

/// LOC (RFC 1876 §3), printed as BIND does.
fn loc(out: &mut String, sizes: [u8; 3], lat: u32, lon: u32, alt: u32) {
    let angle = |out: &mut String, v: u32, pos: char, neg: char| {
        let (h, mut x) = if v >= 0x8000_0000 {
            (pos, v - 0x8000_0000)
        } else {
            (neg, 0x8000_0000 - v)
        };
        let ms = x % 1000;
        x /= 1000;
        let s = x % 60;
        x /= 60;
        let m = x % 60;
        let d = x / 60;
        nums(out, &[d.into(), m.into(), s.into()]);
        out.push('.');
        crate::encoding::push_zero_padded(out, ms.into(), 3);
        out.push(' ');
        out.push(h);
    };
    angle(out, lat, 'N', 'S');
    out.push(' ');
    angle(out, lon, 'E', 'W');
    let (neg, a) = if alt < 10_000_000 {
        ("-", 10_000_000 - alt)
    } else {
        ("", alt - 10_000_000)
    };
    out.push(' ');
    out.push_str(neg);
    nums(out, &[(a / 100).into()]);
    out.push('.');
    crate::encoding::push_zero_padded(out, (a % 100).into(), 2);
    out.push('m');
    for b in sizes {
        let (m, e) = ((b >> 4) as u64, (b & 0xf) as u32);
        if e >= 2 {
            out.push(' ');
            nums(out, &[m * 10u64.pow(e - 2)]);
            out.push('m');
        } else {
            out.push_str(" 0.");
            crate::encoding::push_zero_padded(out, m * 10u64.pow(e), 2);
            out.push('m');
        }
    }
}
