//! RDATA: one layout per type, and the one place that knows it.
//!
//! Each type's layout is a small function written once against [`Reader`], the order of its
//! fields, their widths, names and meanings; it returns the typed value ([`Rdata`]). Two readers
//! walk the same layouts:
//! - the strict typed parse ([`crate::wire::parse`]): a cursor that stops at the first problem
//!   and ignores the names and explanations (they are `&'static str`, nothing is built);
//! - the explained tree ([`crate::dissect()`]): a cursor that records a field with its span for
//!   every read, and a diagnostic for each problem, and reads on where it can.
//!
//! The encoder (editing, next) implements the writing side of the same descriptions.
//! Families follow the RFCs: `classic` (RFC 1035 and kin), `addr` (addresses and locators),
//! `dnssec`, `keys` (keys, certificates, transaction signatures), `service` (services,
//! locations, OPT, SVCB).
//!
//! Panic freedom: layouts read only through the reader, which checks every bound; loops
//! consume at least one byte per turn.

use alloc::string::String;
use core::net::{Ipv4Addr, Ipv6Addr};

use super::view::{Name, Strings, Tlvs, Types};
use crate::iana::{Class, Rtype};

mod addr;
mod classic;
mod dnssec;
mod keys;
mod service;

pub use service::AplItem;

/// Which list of code–length–value items a [`Reader::tlvs`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlvKind {
    /// EDNS options (RFC 6891 §6.1.2).
    Edns,
    /// SvcParams (RFC 9460 §2.2).
    Svc,
}

/// What a layout reads with. Each read names the field and says in a few words what it means;
/// a strict reader ignores both.
pub trait Reader<'a> {
    /// Why a layout stopped.
    type Fail;
    /// The whole message (names point into it).
    fn msg(&self) -> &'a [u8];
    /// The offset of the next byte, in the message.
    fn pos(&self) -> usize;
    /// Bytes left in the RDATA.
    fn left(&self) -> usize;
    /// `n` bytes that are no field of their own (see [`Reader::mark`]).
    fn skip(&mut self, n: usize) -> Result<&'a [u8], Self::Fail>;
    /// A big-endian unsigned integer of `n` (1..=8) bytes.
    fn uint(
        &mut self,
        n: usize,
        name: &'static str,
        explain: &'static str,
    ) -> Result<u64, Self::Fail>;
    /// `n` opaque bytes.
    fn bytes(
        &mut self,
        n: usize,
        name: &'static str,
        explain: &'static str,
    ) -> Result<&'a [u8], Self::Fail>;
    /// Everything left in the RDATA (possibly nothing).
    fn rest(&mut self, name: &'static str, explain: &'static str) -> &'a [u8];
    /// Four bytes of IPv4 address.
    fn ipv4(&mut self, name: &'static str) -> Result<Ipv4Addr, Self::Fail>;
    /// Sixteen bytes of IPv6 address.
    fn ipv6(&mut self, name: &'static str) -> Result<Ipv6Addr, Self::Fail>;
    /// A domain name; `compress` says whether RFC 3597 §4 lets this type use pointers.
    fn name(&mut self, name: &'static str, compress: bool) -> Result<Name<'a>, Self::Fail>;
    /// A `<character-string>`: a length byte and that many bytes (RFC 1035 §3.3).
    fn cstring(&mut self, name: &'static str) -> Result<&'a [u8], Self::Fail>;
    /// Character-strings to the end of the RDATA.
    fn strings(&mut self) -> Result<Strings<'a>, Self::Fail>;
    /// A type bitmap to the end of the RDATA (RFC 4034 §4.1.2).
    fn types(&mut self) -> Result<Types<'a>, Self::Fail>;
    /// Code–length–value items to the end of the RDATA.
    fn tlvs(&mut self, kind: TlvKind) -> Result<Tlvs<'a>, Self::Fail>;
    /// The bytes from `start` to here are one field, shown as `value` makes it.
    fn mark(
        &mut self,
        start: usize,
        name: &'static str,
        explain: &'static str,
        rfc: Option<&'static str>,
        value: impl FnOnce(&mut String),
    );
    /// The layout cannot go on: `what` is wrong at `at`.
    fn malformed(&mut self, at: usize, what: &'static str) -> Self::Fail;
    /// A rule is broken at `at..at+len`, but the bytes can still be read (a lax reader goes on).
    fn problem(&mut self, at: usize, len: usize, what: &'static str) -> Result<(), Self::Fail>;

    /// One byte.
    fn u8(&mut self, name: &'static str, explain: &'static str) -> Result<u8, Self::Fail> {
        self.uint(1, name, explain).map(|v| v as u8)
    }
    /// Two bytes, big-endian.
    fn u16(&mut self, name: &'static str, explain: &'static str) -> Result<u16, Self::Fail> {
        self.uint(2, name, explain).map(|v| v as u16)
    }
    /// Four bytes, big-endian.
    fn u32(&mut self, name: &'static str, explain: &'static str) -> Result<u32, Self::Fail> {
        self.uint(4, name, explain).map(|v| v as u32)
    }
}

/// Names one after another to the end of the RDATA (HIP's rendezvous servers), checked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Names<'a> {
    pub(crate) msg: &'a [u8],
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl<'a> Names<'a> {
    /// Each name.
    pub fn iter(&self) -> impl Iterator<Item = Name<'a>> + 'a {
        let (msg, end) = (self.msg, self.end);
        let mut at = self.start;
        core::iter::from_fn(move || {
            if at >= end {
                return None;
            }
            let next = super::name::end_of(msg, at, end).ok()?;
            let n = Name::at(msg, at);
            at = next;
            Some(n)
        })
    }
}

/// Where IPSECKEY and AMTRELAY send traffic (RFC 4025 §2.5, RFC 8777 §4.2.3).
#[derive(Clone, Copy, Debug, PartialEq)]
#[allow(missing_docs)]
pub enum Gateway<'a> {
    None,
    V4(Ipv4Addr),
    V6(Ipv6Addr),
    Name(Name<'a>),
}

/// Typed RDATA. Types without a layout are kept as their bytes ([`Rdata::Unknown`], RFC 3597).
#[derive(Clone, Copy, Debug, PartialEq)]
#[allow(missing_docs)]
pub enum Rdata<'a> {
    A(Ipv4Addr),
    Aaaa(Ipv6Addr),
    /// NS, CNAME, PTR, DNAME, MB, MG, MR, MD, MF, NSAP-PTR: one name.
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
    /// MINFO (RMAILBX, EMAILBX), RP (mailbox, TXT name): two names.
    NamePair {
        first: Name<'a>,
        second: Name<'a>,
    },
    /// TXT, SPF, RESINFO, WALLET, NINFO, AVC.
    Txt(Strings<'a>),
    Hinfo {
        cpu: &'a [u8],
        os: &'a [u8],
    },
    Wks {
        address: Ipv4Addr,
        protocol: u8,
        bitmap: &'a [u8],
    },
    X25(&'a [u8]),
    Isdn {
        address: &'a [u8],
        subaddress: Option<&'a [u8]>,
    },
    Gpos {
        longitude: &'a [u8],
        latitude: &'a [u8],
        altitude: &'a [u8],
    },
    Nsap(&'a [u8]),
    Px {
        preference: u16,
        map822: Name<'a>,
        mapx400: Name<'a>,
    },
    /// NID, L64 (RFC 6742): a preference and 64 bits.
    Ilnp64 {
        preference: u16,
        value: [u8; 8],
    },
    L32 {
        preference: u16,
        locator: Ipv4Addr,
    },
    Lp {
        preference: u16,
        fqdn: Name<'a>,
    },
    Eui48([u8; 6]),
    Eui64([u8; 8]),
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
    Uri {
        priority: u16,
        weight: u16,
        target: &'a [u8],
    },
    Caa {
        flags: u8,
        tag: &'a [u8],
        value: &'a [u8],
    },
    Loc {
        size: u8,
        horizontal: u8,
        vertical: u8,
        latitude: u32,
        longitude: u32,
        altitude: u32,
    },
    /// APL (RFC 3123): address prefix items, checked.
    Apl(&'a [u8]),
    Dsync {
        rtype: Rtype,
        scheme: u8,
        port: u16,
        target: Name<'a>,
    },
    Amtrelay {
        precedence: u8,
        discovery: bool,
        relay_type: u8,
        relay: Gateway<'a>,
    },
    /// DS, CDS, DLV, TA.
    Ds {
        key_tag: u16,
        algorithm: u8,
        digest_type: u8,
        digest: &'a [u8],
    },
    /// DNSKEY, CDNSKEY, KEY, RKEY.
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
    Nxt {
        next: Name<'a>,
        bitmap: &'a [u8],
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
    Csync {
        serial: u32,
        flags: u16,
        types: Types<'a>,
    },
    Zonemd {
        serial: u32,
        scheme: u8,
        hash_algorithm: u8,
        digest: &'a [u8],
    },
    Cert {
        cert_type: u16,
        key_tag: u16,
        algorithm: u8,
        certificate: &'a [u8],
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
    Ipseckey {
        precedence: u8,
        gateway_type: u8,
        algorithm: u8,
        gateway: Gateway<'a>,
        key: &'a [u8],
    },
    /// DHCID, OPENPGPKEY: one opaque value.
    Opaque(&'a [u8]),
    Hip {
        pk_algorithm: u8,
        hit: &'a [u8],
        key: &'a [u8],
        servers: Names<'a>,
    },
    Tkey {
        algorithm: Name<'a>,
        inception: u32,
        expiration: u32,
        mode: u16,
        error: u16,
        key: &'a [u8],
        other: &'a [u8],
    },
    Tsig {
        algorithm: Name<'a>,
        time_signed: u64,
        fudge: u16,
        mac: &'a [u8],
        original_id: u16,
        error: u16,
        other: &'a [u8],
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

/// The outcome of reading RDATA with its type's layout.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Laid<'a> {
    /// The layout read its fields.
    Typed(Rdata<'a>),
    /// The type has no layout (RFC 3597: its RDATA is opaque bytes).
    NoLayout,
    /// The type is defined for class IN only and the record is in another class (RFC 3597 §5).
    OutsideClass,
}

/// RFC 8659 §4.1: a CAA tag has at least one byte. The one place that says so.
pub(crate) fn caa_tag(tag: &[u8]) -> Result<(), &'static str> {
    if tag.is_empty() {
        return Err("a CAA tag cannot be empty (RFC 8659 §4.1: its length is at least 1)");
    }
    Ok(())
}

/// Read the RDATA of a record of type `t` in class `class` with its layout.
pub fn read<'a, R: Reader<'a>>(r: &mut R, t: Rtype, class: u16) -> Result<Laid<'a>, R::Fail> {
    if t.in_class_only() && class != Class::IN.0 {
        return Ok(Laid::OutsideClass);
    }
    // Direct calls, most common family first: each inlines into one jump table per family.
    let laid = match addr::read(r, t)? {
        Some(d) => d,
        None => match classic::read(r, t)? {
            Some(d) => d,
            None => match dnssec::read(r, t)? {
                Some(d) => d,
                None => match service::read(r, t)? {
                    Some(d) => d,
                    None => match keys::read(r, t)? {
                        Some(d) => d,
                        None => return Ok(Laid::NoLayout),
                    },
                },
            },
        },
    };
    Ok(Laid::Typed(laid))
}

/// A gateway of the given type (0 none, 1 IPv4, 2 IPv6, 3 name).
fn gateway<'a, R: Reader<'a>>(r: &mut R, t: u8) -> Result<Gateway<'a>, R::Fail> {
    Ok(match t {
        0 => Gateway::None,
        1 => Gateway::V4(r.ipv4("Gateway")?),
        2 => Gateway::V6(r.ipv6("Gateway")?),
        3 => Gateway::Name(r.name("Gateway", false)?),
        _ => return Err(r.malformed(r.pos(), "the gateway type is not 0, 1, 2 or 3")),
    })
}

/// A big-endian unsigned integer from up to 8 bytes (both readers' `uint`).
pub(crate) fn be_uint(b: &[u8]) -> u64 {
    b.iter().fold(0u64, |a, &x| (a << 8) | x as u64)
}

/// "lower values are preferred", said of many preference fields.
const PREF: &str = "preference: lower values are preferred";
