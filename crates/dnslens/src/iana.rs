//! Protocol numbers from the IANA "Domain Name System (DNS) Parameters" registries.
//!
//! Every code is a `u16`/`u8` newtype, so a value the tables do not know is never lost: it prints
//! in the RFC 3597 generic form (`TYPE65280`, `CLASS3`) or as a plain number.

use core::fmt;

macro_rules! registry {
    (
        $(#[$doc:meta])*
        $name:ident($int:ty), unknown = $unknown:literal;
        $( $konst:ident = $val:literal, $text:literal; )*
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        pub struct $name(pub $int);

        #[allow(missing_docs)]
        impl $name {
            $( pub const $konst: $name = $name($val); )*

            /// The registered mnemonic, if this code has one.
            pub fn mnemonic(self) -> Option<&'static str> {
                match self.0 {
                    $( $val => Some($text), )*
                    _ => None,
                }
            }

            /// The text in its two parts: the mnemonic alone, or the prefix for codes without
            /// one and the number (`TYPE` and 65280). `Display` and `push_text` both print this.
            fn parts(self) -> (&'static str, Option<$int>) {
                match self.mnemonic() {
                    Some(m) => (m, None),
                    None => ($unknown, Some(self.0)),
                }
            }

            /// Append what `Display` prints, without core::fmt (the JSON writer's way).
            pub fn push_text(self, out: &mut alloc::string::String) {
                self.put_text(out);
            }

            /// [`Self::push_text`] into either sink: the JSON writer's bytes, the Info line.
            pub(crate) fn put_text(self, out: &mut impl crate::encoding::Out) {
                let (text, number) = self.parts();
                out.put(text);
                if let Some(n) = number {
                    out.put_number(n.into());
                }
            }

            /// Look a mnemonic up (case-insensitive).
            pub fn from_mnemonic(s: &str) -> Option<Self> {
                $( if s.eq_ignore_ascii_case($text) { return Some($name($val)); } )*
                None
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let (text, number) = self.parts();
                f.write_str(text)?;
                match number {
                    Some(n) => write!(f, "{n}"),
                    None => Ok(()),
                }
            }
        }
    };
}

registry! {
    /// A resource record TYPE (RFC 1035 §3.2.2 and the IANA registry).
    Rtype(u16), unknown = "TYPE";
    A = 1, "A"; NS = 2, "NS"; MD = 3, "MD"; MF = 4, "MF"; CNAME = 5, "CNAME"; SOA = 6, "SOA";
    MB = 7, "MB"; MG = 8, "MG"; MR = 9, "MR"; NULL = 10, "NULL"; WKS = 11, "WKS"; PTR = 12, "PTR";
    HINFO = 13, "HINFO"; MINFO = 14, "MINFO"; MX = 15, "MX"; TXT = 16, "TXT"; RP = 17, "RP";
    AFSDB = 18, "AFSDB"; X25 = 19, "X25"; ISDN = 20, "ISDN"; RT = 21, "RT"; NSAP = 22, "NSAP";
    NSAP_PTR = 23, "NSAP-PTR"; SIG = 24, "SIG"; KEY = 25, "KEY"; PX = 26, "PX"; GPOS = 27, "GPOS";
    AAAA = 28, "AAAA"; LOC = 29, "LOC"; NXT = 30, "NXT"; EID = 31, "EID"; NIMLOC = 32, "NIMLOC";
    SRV = 33, "SRV"; ATMA = 34, "ATMA"; NAPTR = 35, "NAPTR"; KX = 36, "KX"; CERT = 37, "CERT";
    A6 = 38, "A6"; DNAME = 39, "DNAME"; SINK = 40, "SINK"; OPT = 41, "OPT"; APL = 42, "APL";
    DS = 43, "DS"; SSHFP = 44, "SSHFP"; IPSECKEY = 45, "IPSECKEY"; RRSIG = 46, "RRSIG";
    NSEC = 47, "NSEC"; DNSKEY = 48, "DNSKEY"; DHCID = 49, "DHCID"; NSEC3 = 50, "NSEC3";
    NSEC3PARAM = 51, "NSEC3PARAM"; TLSA = 52, "TLSA"; SMIMEA = 53, "SMIMEA"; HIP = 55, "HIP";
    NINFO = 56, "NINFO"; RKEY = 57, "RKEY"; TALINK = 58, "TALINK"; CDS = 59, "CDS";
    CDNSKEY = 60, "CDNSKEY"; OPENPGPKEY = 61, "OPENPGPKEY"; CSYNC = 62, "CSYNC";
    ZONEMD = 63, "ZONEMD"; SVCB = 64, "SVCB"; HTTPS = 65, "HTTPS"; DSYNC = 66, "DSYNC";
    HHIT = 67, "HHIT"; BRID = 68, "BRID"; SPF = 99, "SPF"; UINFO = 100, "UINFO"; UID = 101, "UID";
    GID = 102, "GID"; UNSPEC = 103, "UNSPEC"; NID = 104, "NID"; L32 = 105, "L32"; L64 = 106, "L64";
    LP = 107, "LP"; EUI48 = 108, "EUI48"; EUI64 = 109, "EUI64"; NXNAME = 128, "NXNAME";
    TKEY = 249, "TKEY"; TSIG = 250, "TSIG"; IXFR = 251, "IXFR"; AXFR = 252, "AXFR";
    MAILB = 253, "MAILB"; MAILA = 254, "MAILA"; ANY = 255, "ANY"; URI = 256, "URI"; CAA = 257, "CAA";
    AVC = 258, "AVC"; DOA = 259, "DOA"; AMTRELAY = 260, "AMTRELAY"; RESINFO = 261, "RESINFO";
    WALLET = 262, "WALLET"; CLA = 263, "CLA"; IPN = 264, "IPN"; TA = 32768, "TA"; DLV = 32769, "DLV";
}

registry! {
    /// A capture's link type (the LINKTYPE_* registry of tcpdump.org, as pcap and pcapng
    /// files name them): what the bytes of a frame start with.
    LinkType(u32), unknown = "LINKTYPE_";
    NULL = 0, "NULL"; ETHERNET = 1, "ETHERNET"; FDDI = 10, "FDDI"; RAW_OPENBSD = 12, "RAW";
    RAW_BSDOS = 14, "RAW"; RAW = 101, "RAW"; LOOP = 108, "LOOP"; LINUX_SLL = 113, "LINUX_SLL";
    IPV4 = 228, "IPV4"; IPV6 = 229, "IPV6"; NFLOG = 239, "NFLOG"; LINUX_SLL2 = 276, "LINUX_SLL2";
}

impl LinkType {
    /// Link types whose frames are an IP packet with nothing before it.
    pub const fn is_raw_ip(self) -> bool {
        matches!(self.0, 12 | 14 | 101 | 228 | 229)
    }
}

impl Rtype {
    /// True for the types whose RDATA is defined for class IN only (BIND keeps them under
    /// `in_1/`; RFC 1035 §3.4 WKS and A, RFC 2782 SRV, RFC 9460 SVCB...): in another class
    /// their RDATA has no known layout and is shown in the RFC 3597 generic form, as dig does.
    pub const fn in_class_only(self) -> bool {
        matches!(
            self,
            Rtype::A
                | Rtype::AAAA
                | Rtype::A6
                | Rtype::APL
                | Rtype::ATMA
                | Rtype::DHCID
                | Rtype::EID
                | Rtype::HTTPS
                | Rtype::KX
                | Rtype::NIMLOC
                | Rtype::NSAP
                | Rtype::NSAP_PTR
                | Rtype::PX
                | Rtype::SRV
                | Rtype::SVCB
                | Rtype::WKS
        )
    }

    /// For a type whose RDATA is exactly one domain name, whether that name may be compressed:
    /// `Some(true)` for the RFC 1035 types (NS, MD, MF, CNAME, MB, MG, MR, PTR; RFC 3597 §4),
    /// `Some(false)` for DNAME (RFC 6672 §2.5) and NSAP-PTR (RFC 1348); `None` otherwise.
    /// MD and MF are obsolete (RFC 1035 §3.3.4–5) but their RDATA is still a name.
    pub const fn single_name(self) -> Option<bool> {
        match self {
            Rtype::NS
            | Rtype::MD
            | Rtype::MF
            | Rtype::CNAME
            | Rtype::MB
            | Rtype::MG
            | Rtype::MR
            | Rtype::PTR => Some(true),
            Rtype::DNAME | Rtype::NSAP_PTR => Some(false),
            _ => None,
        }
    }
}

registry! {
    /// A CLASS (RFC 1035 §3.2.4, RFC 2136 for NONE).
    Class(u16), unknown = "CLASS";
    IN = 1, "IN"; CH = 3, "CH"; HS = 4, "HS"; NONE = 254, "NONE"; ANY = 255, "ANY";
}

registry! {
    /// The 4-bit OPCODE of the header (RFC 1035 §4.1.1, RFC 1996, RFC 2136, RFC 8490).
    Opcode(u8), unknown = "OPCODE";
    QUERY = 0, "QUERY"; IQUERY = 1, "IQUERY"; STATUS = 2, "STATUS"; NOTIFY = 4, "NOTIFY";
    UPDATE = 5, "UPDATE"; DSO = 6, "DSO";
}

registry! {
    /// A response code, up to 12 bits once EDNS extends it (RFC 6891 §6.1.3).
    Rcode(u16), unknown = "RCODE";
    NOERROR = 0, "NOERROR"; FORMERR = 1, "FORMERR"; SERVFAIL = 2, "SERVFAIL"; NXDOMAIN = 3, "NXDOMAIN";
    NOTIMP = 4, "NOTIMP"; REFUSED = 5, "REFUSED"; YXDOMAIN = 6, "YXDOMAIN"; YXRRSET = 7, "YXRRSET";
    NXRRSET = 8, "NXRRSET"; NOTAUTH = 9, "NOTAUTH"; NOTZONE = 10, "NOTZONE";
    DSOTYPENI = 11, "DSOTYPENI"; BADVERS = 16, "BADVERS"; BADKEY = 17, "BADKEY";
    BADTIME = 18, "BADTIME"; BADMODE = 19, "BADMODE"; BADNAME = 20, "BADNAME"; BADALG = 21, "BADALG";
    BADTRUNC = 22, "BADTRUNC"; BADCOOKIE = 23, "BADCOOKIE";
}

registry! {
    /// An EDNS(0) option code (RFC 6891 §6.1.2 and the IANA registry).
    OptCode(u16), unknown = "OPT";
    LLQ = 1, "LLQ"; UL = 2, "UL"; NSID = 3, "NSID"; DAU = 5, "DAU"; DHU = 6, "DHU"; N3U = 7, "N3U";
    ECS = 8, "ECS"; EXPIRE = 9, "EXPIRE"; COOKIE = 10, "COOKIE"; TCP_KEEPALIVE = 11, "TCP-KEEPALIVE";
    PADDING = 12, "PADDING"; CHAIN = 13, "CHAIN"; KEY_TAG = 14, "KEY-TAG"; EDE = 15, "EDE";
    CLIENT_TAG = 16, "CLIENT-TAG"; SERVER_TAG = 17, "SERVER-TAG"; REPORT_CHANNEL = 18, "REPORT-CHANNEL";
    ZONEVERSION = 19, "ZONEVERSION"; UMBRELLA_IDENT = 20292, "UMBRELLA-IDENT"; DEVICEID = 26946, "DEVICEID";
}

registry! {
    /// A DNSSEC algorithm number (RFC 4034 App. A.1 and the IANA registry).
    SecAlg(u8), unknown = "";
    RSAMD5 = 1, "RSAMD5"; DH = 2, "DH"; DSA = 3, "DSA"; RSASHA1 = 5, "RSASHA1";
    DSA_NSEC3_SHA1 = 6, "DSA-NSEC3-SHA1"; RSASHA1_NSEC3_SHA1 = 7, "RSASHA1-NSEC3-SHA1";
    RSASHA256 = 8, "RSASHA256"; RSASHA512 = 10, "RSASHA512"; ECC_GOST = 12, "ECC-GOST";
    ECDSAP256SHA256 = 13, "ECDSAP256SHA256"; ECDSAP384SHA384 = 14, "ECDSAP384SHA384";
    ED25519 = 15, "ED25519"; ED448 = 16, "ED448"; INDIRECT = 252, "INDIRECT";
    PRIVATEDNS = 253, "PRIVATEDNS"; PRIVATEOID = 254, "PRIVATEOID";
}

registry! {
    /// A CERT RR certificate type (RFC 4398 §2.1).
    CertType(u16), unknown = "";
    PKIX = 1, "PKIX"; SPKI = 2, "SPKI"; PGP = 3, "PGP"; IPKIX = 4, "IPKIX"; ISPKI = 5, "ISPKI";
    IPGP = 6, "IPGP"; ACPKIX = 7, "ACPKIX"; IACPKIX = 8, "IACPKIX"; URI = 253, "URI"; OID = 254, "OID";
}

registry! {
    /// An SVCB/HTTPS SvcParamKey (RFC 9460 §14.3.2 and later registrations).
    SvcKey(u16), unknown = "key";
    MANDATORY = 0, "mandatory"; ALPN = 1, "alpn"; NO_DEFAULT_ALPN = 2, "no-default-alpn";
    PORT = 3, "port"; IPV4HINT = 4, "ipv4hint"; ECH = 5, "ech"; IPV6HINT = 6, "ipv6hint";
    DOHPATH = 7, "dohpath"; OHTTP = 8, "ohttp"; TLS_SUPPORTED_GROUPS = 9, "tls-supported-groups";
}

/// The Extended DNS Error INFO-CODE names (RFC 8914 §4 and the IANA registry).
pub fn ede_name(code: u16) -> Option<&'static str> {
    Some(match code {
        0 => "Other Error",
        1 => "Unsupported DNSKEY Algorithm",
        2 => "Unsupported DS Digest Type",
        3 => "Stale Answer",
        4 => "Forged Answer",
        5 => "DNSSEC Indeterminate",
        6 => "DNSSEC Bogus",
        7 => "Signature Expired",
        8 => "Signature Not Yet Valid",
        9 => "DNSKEY Missing",
        10 => "RRSIGs Missing",
        11 => "No Zone Key Bit Set",
        12 => "NSEC Missing",
        13 => "Cached Error",
        14 => "Not Ready",
        15 => "Blocked",
        16 => "Censored",
        17 => "Filtered",
        18 => "Prohibited",
        19 => "Stale NXDOMAIN Answer",
        20 => "Not Authoritative",
        21 => "Not Supported",
        22 => "No Reachable Authority",
        23 => "Network Error",
        24 => "Invalid Data",
        25 => "Signature Expired before Valid",
        26 => "Too Early",
        27 => "Unsupported NSEC3 Iterations Value",
        28 => "Unable to conform to policy",
        29 => "Synthesized",
        30 => "Invalid Query Type",
        _ => return None,
    })
}

/// What a response code means, in one plain sentence.
pub fn rcode_meaning(rcode: u16) -> &'static str {
    match rcode {
        0 => "no error: the query was answered",
        1 => "format error: the server could not understand the query",
        2 => "server failure: the server could not complete the lookup",
        3 => "non-existent domain: the name does not exist",
        4 => "not implemented: the server does not support this kind of query",
        5 => "refused: the server will not answer this query for policy reasons",
        6 => "a name exists that should not (UPDATE prerequisite)",
        7 => "an RRset exists that should not (UPDATE prerequisite)",
        8 => "an RRset that should exist does not (UPDATE prerequisite)",
        9 => "the server is not authoritative for the zone, or the request is not authorized",
        10 => "a name is not within the zone given in the message",
        11 => "DSO-TYPE not implemented",
        16 => "bad EDNS version, or bad TSIG signature",
        17 => "the key is not recognised",
        18 => "the signature is out of its time window",
        19 => "bad TKEY mode",
        20 => "duplicate key name",
        21 => "algorithm not supported",
        22 => "bad truncation",
        23 => "bad or missing server cookie",
        _ => "a response code with no registered meaning",
    }
}

/// What an opcode asks for, in one plain sentence.
pub fn opcode_meaning(op: u8) -> &'static str {
    match op {
        0 => "a standard query",
        1 => "an inverse query (obsolete, RFC 3425)",
        2 => "a server status request",
        4 => "a NOTIFY that a zone changed (RFC 1996)",
        5 => "a dynamic UPDATE of a zone (RFC 2136)",
        6 => "DNS Stateful Operations (RFC 8490)",
        _ => "an unassigned opcode",
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn known_and_unknown_codes_print() {
        assert_eq!(Rtype(15).to_string(), "MX");
        assert_eq!(Rtype(65280).to_string(), "TYPE65280");
        assert_eq!(Class(3).to_string(), "CH");
        assert_eq!(Class(42).to_string(), "CLASS42");
        assert_eq!(Rcode(23).to_string(), "BADCOOKIE");
        assert_eq!(Rcode(3841).to_string(), "RCODE3841");
        assert_eq!(OptCode(65001).to_string(), "OPT65001");
        assert_eq!(SvcKey(65000).to_string(), "key65000");
        for (code, text) in [(Rcode(23), "BADCOOKIE"), (Rcode(3841), "RCODE3841")] {
            let mut s = alloc::string::String::new();
            code.push_text(&mut s);
            assert_eq!(s, text);
        }
        assert_eq!(Rtype::from_mnemonic("nsap-ptr"), Some(Rtype::NSAP_PTR));
        assert_eq!(ede_name(18), Some("Prohibited"));
    }
}
