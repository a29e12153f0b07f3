//! Text input with real dumps: tcpdump, Wireshark, xxd, hexdump -C, base64, byte arrays of one
//! corpus frame (see `tests/fixtures/dumps/README.md`) must all give back exactly that frame's
//! bytes, and the seed walkthrough's tcpdump dump, pasted as-is, decodes to the NXDOMAIN answer.

use dnslens::dissect::layers::Start;
use dnslens::input::capture::Reader;
use dnslens::input::{parse, TextFormat};
use dnslens_e2e::{corpus, repo, seed_fixture};

fn frame2() -> Vec<u8> {
    let file = std::fs::read(corpus().join("captures/tcpdump__dns_udp.pcap")).unwrap();
    Reader::new(&file).unwrap().nth(1).unwrap().data.to_vec()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/dumps").join(name)).unwrap()
}

/// The DNS message the bytes carry, via auto-detection, with the layer chosen.
fn dns_id(bytes: &[u8]) -> (Start, u16) {
    let d = dnslens::dissect(bytes, None, None);
    assert!(d.dns_span.start > 0, "reached UDP");
    (d.start.unwrap(), d.message.header.id)
}

#[test]
fn every_dump_gives_the_frame_back() {
    let frame = frame2();
    assert_eq!(frame.len(), 266);
    let cases = [
        ("tcpdump-x.txt", TextFormat::Dump, 14),
        ("tcpdump-X.txt", TextFormat::Dump, 14),
        ("tcpdump-xx.txt", TextFormat::Dump, 0),
        ("tcpdump-XX.txt", TextFormat::Dump, 0),
        ("wireshark-x.txt", TextFormat::Dump, 0),
        ("xxd.txt", TextFormat::Dump, 0),
        ("hexdump-C.txt", TextFormat::Dump, 0),
        ("base64.txt", TextFormat::Base64, 0),
        ("c-array.txt", TextFormat::ByteArray, 0),
        ("rust-array.txt", TextFormat::ByteArray, 0),
        ("python-bytes.txt", TextFormat::ByteArray, 0),
        ("colon-hex.txt", TextFormat::PlainHex, 0),
    ];
    for (name, format, skip) in cases {
        let p = parse(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(p.format, format, "{name}");
        assert_eq!(p.bytes, frame[skip..], "{name}");
        let (start, id) = dns_id(&p.bytes);
        assert_eq!(
            start,
            if skip == 14 {
                Start::Ipv4
            } else {
                Start::Ethernet
            },
            "{name}"
        );
        assert_eq!(id, 22836, "{name}");
    }
    // tcpdump's summary line above the dump is not data, and is reported as skipped.
    assert_eq!(
        parse(&fixture("tcpdump-X.txt")).unwrap().skipped_lines,
        vec![1]
    );
}

#[test]
fn seed_dump_pasted_as_is_is_the_nxdomain_answer() {
    let text = seed_fixture("002-nxdomain-tcpdump.txt");
    // What a reader selects and pastes: tcpdump's line and the dump under it.
    let start = text.find("01:00:09.684739").unwrap();
    let end = text[start..].find("0x0080 0e10 ..").unwrap() + start + "0x0080 0e10 ..".len();
    let p = parse(&text[start..end]).unwrap();
    assert_eq!((p.format, p.bytes.len()), (TextFormat::Dump, 130));
    let (s, id) = dns_id(&p.bytes);
    assert_eq!((s, id), (Start::Ipv4, 0xea1a));
    let m = dnslens::dissect(&p.bytes, None, None).message;
    assert_eq!(format!("{}", m.rcode()), "NXDOMAIN");
    assert_eq!(m.authorities[0].rtype, dnslens::Rtype::SOA);
}

#[test]
fn junk_points_at_line_and_column() {
    let e = parse("ea1a 8183\n0001 00g0").unwrap_err();
    assert_eq!((e.line, e.column), (2, 8), "{e}");
    let e = parse("hello, world").unwrap_err();
    assert_eq!(e.line, 1);
}
