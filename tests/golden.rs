//! Golden tests on the packets of the seed walkthroughs (their dumps and hex, kept in
//! `tests/fixtures/seeds/`): every fact the walkthroughs explain is
//! asserted on the decoded bytes, and the whole text/JSON/dig renderings are compared with the
//! files in `tests/golden/` (regenerate with `UPDATE_GOLDEN=1`, then review the diff like code).

use dnslens::{Kind, Rtype, Severity, Span};
use dnslens_e2e::{golden, seed_fixture, unhex};

/// The tcpdump dump of seed 002 (`0x0000 4500 0082 ...  E.......`), offset column and ASCII
/// gutter dropped: only the groups of 4 (or a final 2) hex digits after the offset are data.
fn seed_002_ip_packet() -> Vec<u8> {
    let text = seed_fixture("002-nxdomain-tcpdump.txt");
    let mut hex = String::new();
    for line in text.lines().filter(|l| l.starts_with("0x00")) {
        for tok in line.split_whitespace().skip(1) {
            if (tok.len() == 4 || tok.len() == 2) && tok.bytes().all(|b| b.is_ascii_hexdigit()) {
                hex.push_str(tok);
            } else {
                break;
            }
        }
    }
    unhex(&hex)
}

/// The DNS message of seed 002: after the 20-byte IPv4 and 8-byte UDP headers.
fn seed_002_dns() -> Vec<u8> {
    let ip = seed_002_ip_packet();
    assert_eq!(ip.len(), 130, "tcpdump says len 130");
    ip[28..].to_vec()
}

/// The query the citadel.com walkthrough sends (`message_hex` in seed 004).
fn seed_004_query() -> Vec<u8> {
    unhex(&seed_fixture("004-citadel-query.hex"))
}

/// The start of the root server's reply as the walkthrough prints it (`01 00 | ...` rows).
fn seed_004_reply_prefix() -> Vec<u8> {
    unhex(&seed_fixture("004-root-reply-prefix.hex"))
}

#[test]
fn seed_002_nxdomain_header_facts() {
    let b = seed_002_dns();
    assert_eq!(b.len(), 102, "tcpdump prints (102) for the DNS payload");
    let m = dnslens::decode(&b);
    let h = &m.header;
    assert_eq!(h.id, 0xea1a);
    assert_eq!(h.id, 59930);
    assert_eq!(h.flags, 0x8183);
    assert_eq!(h.flags, 33155);
    // 33155 = 32768 (QR) + 256 (RD) + 128 (RA) + 3 (RCODE)
    assert!(h.qr && h.rd && h.ra);
    assert!(!h.aa && !h.tc && !h.z && !h.ad && !h.cd);
    assert_eq!(h.opcode, 0);
    assert_eq!(h.rcode, 3);
    assert_eq!(format!("{}", m.rcode()), "NXDOMAIN");
    assert_eq!(h.counts, [1, 0, 1, 0], "tcpdump prints 0/1/0");
    assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);

    // The flag bits are separate nodes over bytes 2..4, each with its mask.
    let flags = m.tree.children[0]
        .children
        .iter()
        .find(|f| f.name == "Flags")
        .unwrap();
    let bit = |n: &str| flags.children.iter().find(|f| f.name == n).unwrap();
    // QR..RD sit in byte 2 (0x81 = 1000 0001), RA..RCODE in byte 3 (0x83 = 1000 0011).
    let facts = |n: &str| (bit(n).span, bit(n).mask, bit(n).value.to_string());
    assert_eq!(facts("QR"), (Span::new(2, 3), Some(0x80), "1".into()));
    assert_eq!(
        facts("Opcode"),
        (Span::new(2, 3), Some(0x78), "QUERY (0)".into())
    );
    assert_eq!(facts("RD"), (Span::new(2, 3), Some(0x01), "1".into()));
    assert_eq!(facts("RA"), (Span::new(3, 4), Some(0x80), "1".into()));
    assert_eq!(
        (bit("RCODE").span, bit("RCODE").mask),
        (Span::new(3, 4), Some(0x0f))
    );
    assert!(bit("RCODE").value.starts_with("NXDOMAIN (3)"));
    assert_eq!(b[3] & 0x0f, 3);
    assert!(flags.explain.contains("1000 0001 1000 0011"));
}

#[test]
fn seed_002_question_and_soa() {
    let b = seed_002_dns();
    let m = dnslens::decode(&b);
    let q = &m.questions[0];
    assert_eq!(q.name, "3.45.191.206.dnsbl.sorbs.net.");
    assert_eq!((q.qtype, q.qclass.0), (Rtype::A, 1));
    assert_eq!(q.span, Span::new(12, 46));

    let soa = &m.authorities[0];
    assert_eq!(soa.rtype, Rtype::SOA);
    assert_eq!(soa.ttl, 3600);
    assert_eq!(soa.rdlength, 44);
    // The owner is the pointer c0 19 at offset 46, leading to offset 0x19 = "dnsbl.sorbs.net."
    assert_eq!(&b[46..48], &[0xc0, 0x19]);
    assert_eq!(soa.name, "dnsbl.sorbs.net.");
    let rr = &m.tree.children[2].children[0];
    let ptr = &rr.children[0].children[0];
    assert_eq!(ptr.kind, Kind::Pointer);
    assert_eq!(ptr.span, Span::new(46, 48));
    assert_eq!(ptr.target, Some(0x19));
    // ...and offset 0x19 is where the question's "dnsbl" label starts.
    let dnsbl = m
        .tree
        .deepest_at(0x19)
        .and_then(|p| m.tree.at(&p).cloned())
        .unwrap();
    assert_eq!(dnsbl.kind, Kind::LabelLength);
    assert_eq!(b[0x19], 5);
    // SOA fields: MNAME uses the pointer c0 1f ("sorbs.net.").
    assert_eq!(
        soa.rdata_text,
        "rbldns0.sorbs.net. dns.isux.com. 1125965950 7200 7200 604800 3600"
    );
    let rdata = rr.children.iter().find(|f| f.name == "RDATA").unwrap();
    let mname = &rdata.children[0];
    assert_eq!(mname.value, "rbldns0.sorbs.net.");
    assert_eq!(mname.children.last().unwrap().target, Some(0x1f));
    let names: Vec<(&str, &str)> = rdata.children[2..]
        .iter()
        .map(|f| (&*f.name, &*f.value))
        .collect();
    assert_eq!(
        names,
        [
            ("Serial", "1125965950"),
            ("Refresh", "7200"),
            ("Retry", "7200"),
            ("Expire", "604800"),
            ("Minimum", "3600")
        ]
    );
}

#[test]
fn seed_004_citadel_query() {
    let b = seed_004_query();
    assert_eq!(b.len(), 29);
    let m = dnslens::decode(&b);
    assert_eq!(m.header.id, 0x0100);
    assert_eq!(m.header.flags, 0, "QR+Opcode+AA+TC+RD+RA+Z+RCODE all zero");
    assert_eq!(m.header.counts, [1, 0, 0, 0]);
    let q = &m.questions[0];
    assert_eq!(
        (q.name.as_str(), q.qtype, q.qclass.0),
        ("citadel.com.", Rtype::A, 1)
    );
    // 07 'citadel' 03 'com' 00: two labels and the root, each length byte its own node.
    let name = &m.tree.children[1].children[0].children[0];
    let lens: Vec<(Span, &str)> = name.children.iter().map(|l| (l.span, &*l.value)).collect();
    assert_eq!(
        lens,
        [
            (Span::new(12, 20), "citadel"),
            (Span::new(20, 24), "com"),
            (Span::new(24, 25), "length 0")
        ]
    );
    assert!(m.diagnostics.is_empty());
}

#[test]
fn seed_004_reply_is_cut_and_says_so() {
    // The walkthrough prints only the first 52 bytes of the root server's reply.
    let b = seed_004_reply_prefix();
    assert_eq!(&b[..4], &[0x01, 0x00, 0x80, 0x00]);
    let m = dnslens::decode(&b);
    assert!(m.header.qr && m.header.rcode == 0);
    assert_eq!(m.header.counts, [1, 0, 13, 14]);
    assert_eq!(m.questions[0].name, "citadel.com.");
    // First authority record: pointer c0 14 → "com.", NS, TTL 0x2a300 = 172800, RDLENGTH 20.
    let ns = &m.authorities[0];
    assert_eq!(
        (ns.name.as_str(), ns.rtype, ns.ttl, ns.rdlength),
        ("com.", Rtype::NS, 172_800, 20)
    );
    assert!(!ns.complete);
    let errs: Vec<&dnslens::Diagnostic> = m
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(
        errs.iter()
            .any(|d| d.message.contains("RDLENGTH 20") && d.span.start == 39),
        "{errs:?}"
    );
    assert!(errs
        .iter()
        .any(|d| d.message.contains("13 authority entries")));
    assert!(errs
        .iter()
        .any(|d| d.message.contains("14 additional entries")));
}

fn renders(stem: &str, b: &[u8]) {
    let m = dnslens::decode(b);
    golden(
        &format!("{stem}.tree.txt"),
        &(dnslens::present::tree_text(&m.tree)
            + &dnslens::present::diagnostics_text(&m.diagnostics)),
    );
    golden(&format!("{stem}.dig.txt"), &dnslens::present::dig(&m, b));
    // The engine's compact line, indented by serde_json (members kept in their order).
    let mut line = String::new();
    dnslens::present::json::write(&mut line, &m, b);
    let value: serde_json::Value = serde_json::from_str(&line).unwrap();
    let json = serde_json::to_string_pretty(&value).unwrap();
    golden(&format!("{stem}.json"), &(json + "\n"));
}

#[test]
fn golden_renderings() {
    renders("seed-002-nxdomain", &seed_002_dns());
    renders("seed-004-query", &seed_004_query());
    renders("seed-004-reply-prefix", &seed_004_reply_prefix());
}
