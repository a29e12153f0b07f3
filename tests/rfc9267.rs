//! RFC 9267 ("Common Implementation Anti-Patterns Related to DNS Resource Record Processing"):
//! one test per anti-pattern, with crafted bytes, plus the "zlip" compression-loop family from
//! tcpdump's test captures. dnslens must decode as far as it can, stop where the bytes break
//! the rule, and say so at the right offset.

use dnslens::{decode, Severity, Span};
use dnslens_e2e::{corpus, unhex};

/// A response header with the given counts.
fn header(qd: u16, an: u16) -> Vec<u8> {
    let mut h = vec![0x12, 0x34, 0x81, 0x80];
    for c in [qd, an, 0, 0] {
        h.extend_from_slice(&c.to_be_bytes());
    }
    h
}

fn errors(m: &dnslens::Message) -> Vec<(Span, String)> {
    m.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.span, d.message.clone()))
        .collect()
}

/// §2: a compression pointer that points beyond the end of the message.
#[test]
fn pointer_beyond_the_message() {
    let mut b = header(1, 0);
    b.extend_from_slice(&[0xc0, 0xff, 0, 1, 0, 1]);
    let m = decode(&b);
    let e = errors(&m);
    assert!(
        e.iter()
            .any(|(s, msg)| *s == Span::new(12, 14) && msg.contains("forward")),
        "{e:?}"
    );
    // The question's type and class after the pointer are still read.
    assert_eq!(m.questions.len(), 1);
    assert_eq!(m.questions[0].qtype, dnslens::Rtype::A);
}

/// §2: a pointer to itself (CVE-2020-25767-style loops).
#[test]
fn pointer_to_itself() {
    let mut b = header(1, 0);
    b.extend_from_slice(&[0xc0, 0x0c, 0, 1, 0, 1]);
    let e = errors(&decode(&b));
    assert!(
        e.iter()
            .any(|(s, msg)| *s == Span::new(12, 14) && msg.contains("itself")),
        "{e:?}"
    );
}

/// §2: two names pointing at each other — a loop no single pointer shows.
#[test]
fn pointer_loop_between_two_names() {
    let mut b = header(2, 0);
    // 12: "a" + ptr→18 ; 18: "b" + ptr→12
    b.extend_from_slice(&[1, b'a', 0xc0, 18, 0, 1, 1, b'b', 0xc0, 12, 0, 1, 0, 1]);
    // fix the first question's type/class: bytes 16..18 are "0 1" then the second name starts
    let m = decode(&b);
    let e = errors(&m);
    assert!(
        e.iter()
            .any(|(_, msg)| msg.contains("loop") || msg.contains("forward")),
        "{e:?}"
    );
}

/// §2: a chain of pointers that each go back a little: legal, and read without recursion.
#[test]
fn long_backward_chain_is_fine() {
    let mut b = header(1, 0);
    b.extend_from_slice(&[3, b'c', b'o', b'm', 0, 0, 1, 0, 1]); // question "com." at 12
                                                                // An answer whose owner is a chain: 200 two-byte pointers each to the one before.
    let first = b.len();
    b.extend_from_slice(&[0xc0, 12]);
    for i in 1..200 {
        let prev = first + 2 * (i - 1);
        b.extend_from_slice(&[0xc0 | (prev >> 8) as u8, prev as u8]);
    }
    // A name that is one pointer to the end of that chain: 200 jumps back to "com.".
    let last = first + 2 * 199;
    let answer = b.len();
    b.extend_from_slice(&[0xc0 | (last >> 8) as u8, last as u8]);
    let t0 = std::time::Instant::now();
    let n = dnslens::dissect::name::read_name(&b, answer, b.len(), true, &mut Vec::new());
    assert!(t0.elapsed().as_millis() < 50);
    assert_eq!(n.text, "com.");
    assert!(n.complete);
}

/// §3: a label length that runs past the end of the message.
#[test]
fn label_longer_than_what_is_left() {
    let mut b = header(1, 0);
    b.extend_from_slice(&[10, b'a', b'b']);
    let e = errors(&decode(&b));
    assert!(
        e.iter()
            .any(|(s, msg)| s.start == 12 && msg.contains("10 bytes long but only 2 remain")),
        "{e:?}"
    );
}

/// §3: a name longer than 255 bytes when decompressed.
#[test]
fn name_longer_than_255() {
    let mut b = header(1, 0);
    for _ in 0..5 {
        b.push(60);
        b.extend_from_slice(&[b'x'; 60]);
    }
    b.extend_from_slice(&[0, 0, 1, 0, 1]);
    let e = errors(&decode(&b));
    assert!(
        e.iter()
            .any(|(s, msg)| s.start == 12 + 4 * 61 && msg.contains("255")),
        "{e:?}"
    );
}

/// §4: a name with no terminating zero label before the message ends.
#[test]
fn name_without_terminator() {
    let mut b = header(1, 0);
    b.extend_from_slice(&[3, b'c', b'o', b'm']);
    let m = decode(&b);
    let e = errors(&m);
    assert!(e.iter().any(|(_, msg)| msg.contains("runs past the end of the message before its terminating")), "{e:?}");
    assert!(
        e.iter()
            .any(|(_, msg)| msg.contains("QTYPE and QCLASS are missing")),
        "{e:?}"
    );
}

/// §5: RDLENGTH larger than what is left, and RDLENGTH that disagrees with the RDATA.
#[test]
fn rdlength_disagreements() {
    let mut b = header(0, 2);
    // A record claiming 200 bytes of RDATA, then another whose A RDATA has 5 bytes.
    b.extend_from_slice(&[0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 5, 1, 2, 3, 4, 5]);
    b.extend_from_slice(&[0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 200, 1, 2, 3, 4]);
    let m = decode(&b);
    let e = errors(&m);
    assert!(
        e.iter()
            .any(|(s, msg)| *s == Span::new(27, 28) && msg.contains("left over")),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|(s, msg)| *s == Span::new(37, 39) && msg.contains("RDLENGTH 200")),
        "{e:?}"
    );
    assert_eq!(m.answers[0].rdata_text, "\\# 5 0102030405");
}

/// §6: counts larger than the records present.
#[test]
fn counts_larger_than_the_records() {
    let mut b = header(1, 3);
    b.extend_from_slice(&[0, 0, 1, 0, 1]);
    b.extend_from_slice(&[0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4]);
    let m = decode(&b);
    assert_eq!(m.answers.len(), 1);
    let e = errors(&m);
    assert!(
        e.iter()
            .any(|(_, msg)| msg.contains("promises 3 answer entries but the message ends after 1")),
        "{e:?}"
    );
}

/// The zlip family (tcpdump tests/dns-zlip-*.pcap and the derived copy with fixed UDP
/// lengths): compression loops crafted to hang decompressors.
#[test]
fn zlip_family() {
    let text = std::fs::read_to_string(
        corpus().join("oracle-out/derived__dns-zlip-udplen-fixed.pcap.dnspython.jsonl"),
    )
    .unwrap();
    let mut n = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let b = unhex(v["hex"].as_str().unwrap());
        let t0 = std::time::Instant::now();
        let m = decode(&b);
        assert!(
            t0.elapsed().as_millis() < 100,
            "decoding took {:?}",
            t0.elapsed()
        );
        let e = errors(&m);
        assert!(
            e.iter()
                .any(|(s, msg)| msg.contains("compression pointer") && s.len() == 2),
            "{e:?}"
        );
        dnslens::invariants::check_message(&b).unwrap();
        n += 1;
    }
    assert_eq!(n, 3);
    // The originals carry no DNS payload at all (their UDP length is wrong): still no panic.
    for f in ["tcpdump__dns-zlip-1.pcap", "tcpdump__dns-zlip-3.pcap"] {
        let file = std::fs::read(corpus().join("captures").join(f)).unwrap();
        dnslens::invariants::check_capture(&file).unwrap();
    }
}

/// A 64 KB message made only of compression pointers, each to the one before.
#[test]
fn sixty_four_kilobytes_of_pointers() {
    let mut b = header(32_000, 0);
    b.extend_from_slice(&[0]); // the root name at 12
    while b.len() + 2 <= 65_535 {
        let prev = b.len() - 2;
        let p = if b.len() == 13 { 12 } else { prev };
        b.extend_from_slice(&[0xc0 | (p >> 8) as u8, p as u8]);
    }
    let t0 = std::time::Instant::now();
    let m = decode(&b);
    assert!(t0.elapsed().as_secs() < 2, "{:?}", t0.elapsed());
    assert!(m.diagnostics.len() < 70_000);
    dnslens::invariants::check_tree(&m.tree, b.len()).unwrap();
}

/// 65,535 records in one message: all decoded, memory linear.
#[test]
fn sixty_five_thousand_records() {
    let mut b = header(0, 65_535);
    for _ in 0..65_535 {
        b.extend_from_slice(&[0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0]); // root, A, IN, TTL 1, RDLENGTH 0
    }
    let m = decode(&b);
    assert_eq!(m.answers.len(), 65_535);
    assert!(m.answers.iter().all(|r| r.ttl == 1));
}
