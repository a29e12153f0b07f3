//! The examples menu: the seed packets and real corpus messages (sources in the labels).

use dnslens::Flavor;

/// The seed NXDOMAIN packet exactly as the walkthrough printed it (tcpdump line and dump).
pub const NXDOMAIN: &str = "01:00:09.684739 192.168.1.200.53 > 192.168.1.100.616: [udp sum ok] 59930 NXDomain 0/1/0 (102) (ttl 58, id 55787, len 130)
0x0000 4500 0082 d9eb 0000 3a11 f873 c0a8 01c8 E.......:..s..e.
0x0010 c0a8 0164 0035 0268 006e ba41 ea1a 8183 .....5.h.n.A....
0x0020 0001 0000 0001 0000 0133 0234 3503 3139 .........3.45.19
0x0030 3103 3230 3605 646e 7362 6c05 736f 7262 1.206.dnsbl.sorb
0x0040 7303 6e65 7400 0001 0001 c019 0006 0001 s.net...........
0x0050 0000 0e10 002c 0772 626c 646e 7330 c01f .....,.rbldns0..
0x0060 0364 6e73 0469 7375 7803 636f 6d00 431c .dns.isux.com.C.
0x0070 e07e 0000 1c20 0000 1c20 0009 3a80 0000 .~..........:...
0x0080 0e10 ..";

/// The seed 001 exchange, rebuilt from what its walkthrough states: query ID 0x9332, flags
/// 0x0100 and 0x8180, QTYPE AAAA, a CNAME (TTL 2496, RDLENGTH 23, ending in the pointer c0 1b)
/// and an SOA (owner c0 1b, TTL 68, RDLENGTH 69, ns-773.awsdns-32.net., a mailbox ending in
/// c0 1b, 1 7200 900 1209600 300). The walkthrough names the query log.dropbox.com and the
/// response's question log.getdropbox.com; only the second makes its pointers (offset 27, the
/// `com` label) and both RDLENGTHs come out right, so both messages ask for it. The mailbox's
/// labels are not given: awsdns-hostmaster.amazon, Route 53's, fills the 25 bytes RDLENGTH
/// leaves for them.
pub const SEED1_QUERY: &str =
    "933201000001000000000000036c6f670a67657464726f70626f7803636f6d00001c0001";
/// Its response (see [`SEED1_QUERY`]).
pub const SEED1_RESPONSE: &str = "933281800001000100010000036c6f670a67657464726f70626f7803636f6d00001c0001c00c00050001000009c000170a67657464726f70626f7801760764726f70626f78c01bc01b00060001000000440045066e732d37373309617773646e732d3332036e65740011617773646e732d686f73746d617374657206616d617a6f6ec01b0000000100001c2000000384001275000000012c";

/// (label, text, dialect)
pub const EXAMPLES: &[(&str, &str, Flavor)] = &[
    ("NXDOMAIN with SOA — seed tcpdump dump", NXDOMAIN, Flavor::Dns),
    ("AAAA query for log.getdropbox.com — seed 001", SEED1_QUERY, Flavor::Dns),
    ("Its response: CNAME and the awsdns SOA — seed 001", SEED1_RESPONSE, Flavor::Dns),
    ("Hand-made query for citadel.com — seed", "010000000001000000000000076369746164656C03636F6D0000010001", Flavor::Dns),
    ("CNAME chain to Akamai (PcapPlusPlus sll-dns-subset)", "f130818000010002000100000377777704796e657402636f02696c00001c0001c00c00050001000000a7001404796e657402636f02696c03643470036e657400c02c00050001000015be000f03613339016706616b616d6169c03bc050000600010000000f0031036e3067c0520a686f73746d617374657206616b616d616903636f6d00576070cc000003e8000003e8000003e800000708", Flavor::Dns),
    ("mDNS probe with QU bits (PcapPlusPlus Dns.pcap)", "0000000000020000000200010c5961656c732d6950686f6e65056c6f63616c0000ff8001c00c00ff8001c00c000100010000007800040a000002c00c001c0001000000780010fe800000000000005a1faafffe4f3f9d00002905a000001194000c0004000800df581faa4f3f9d", Flavor::Mdns),
    ("EDNS options DAU/DHU/N3U (tcpdump edns-opts)", "e1d001200001000000000001076578616d706c6503636f6d0000010001000029100000008000000f00050001fd00060001020007000101", Flavor::Dns),
    ("EDNS client subnet (tcpdump edns-opts)", "a30b01200001000000000001076578616d706c6503636f6d0000010001000029100000000000000b0008000700011800c00002", Flavor::Dns),
    ("DNSSEC: A with RRSIG (tcpdump edns-opts)", "b94085000001000200000001076578616d706c6503636f6d0000010001c00c000100010001518000045db8d822c00c002e000100015180009f00010802000151805dbfb6d65da469f2dcff076578616d706c6503636f6d0002b74defb8185ffcf49a65510c9985c594397da46659c29dd8a8778bb263f51de768597683ca6cc37864abcd48bfe9fec820d1819a148b15fcd2ef17aed9fc861dbf1ada04c07ee49373cdfe1389e50b3313986f5445a223bd580ec7958e204c660cd246057f45431709247077dd662f77283a384a84e0379ad97e7adc32a70b0000291000000080000000", Flavor::Dns),
    ("HTTPS record with ECH (Zeek ech.pcap)", "f74b81a00001000100000001046465666f0269650000410001c00c00410001000006ff00e500010000040004d56c6c65000500c200c0fe0d003c6a00200020ae635f6d481e136f9727547c3d782123eb6f68ff0853260332b0db33a0ceca4a000400010001000d636f7665722e6465666f2e69650000fe0d003c4700200020f089e6c9b3bbfdf890a83037d1bb3acd4e131247076371313a054e9a920f716a000400010001000d636f7665722e6465666f2e69650000fe0d003c2200200020ee022d9efd4ca231257bdb845d77050a3b9fcfee997597088e1dc9d9cd7e3a05000400010001000d636f7665722e6465666f2e69650000000600102a00c6c00000011600050000000000100000290200000000000000", Flavor::Dns),
    ("Compression loop — malformed (zlip)", "ed6900000001000000000000c00cc007c010c017c020c027c030c0ffcf000000010001", Flavor::Dns),
];

#[cfg(test)]
mod test {
    #[test]
    fn every_example_decodes() {
        for (label, text, flavor) in super::EXAMPLES {
            let dialect = (*flavor != dnslens::Flavor::Dns).then_some(*flavor);
            let s = crate::decode::from_text(text, None, dialect)
                .unwrap_or_else(|e| panic!("{label}: {e}"));
            assert!(!s.info.is_empty(), "{label}");
            // Real captures may carry warnings (the mDNS probe sets reserved EDNS bits); only the
            // malformed example has errors.
            let errors = s
                .message
                .diagnostics
                .iter()
                .any(|d| d.severity == dnslens::Severity::Error);
            assert_eq!(
                errors,
                label.contains("malformed"),
                "{label}: {:?}",
                s.message.diagnostics
            );
        }
    }
}
