//! Rules that used to be written twice and disagreed, now each in one place: every reader (the
//! dissection tree, the strict typed parse, the fast Info line, the capture walkers) gives the
//! same verdict at the same byte.

use dnslens::wire;
use dnslens::{Rtype, Severity};
use dnslens_e2e::unhex;

/// A response for `a.` with one answer of `rtype` carrying `rdata`.
fn answer(rtype: u16, rdata: &[u8]) -> Vec<u8> {
    let mut m = unhex("abcd 8180 0001 0001 0000 0000 0161 00 0001 0001");
    m.extend_from_slice(&unhex("c00c"));
    m.extend_from_slice(&rtype.to_be_bytes());
    m.extend_from_slice(&unhex("0001 00000e10"));
    m.extend_from_slice(&(rdata.len() as u16).to_be_bytes());
    m.extend_from_slice(rdata);
    m
}

/// Where the RDATA starts in [`answer`]'s message.
const RDATA_AT: usize = 12 + 7 + 12;

fn errors_at(msg: &[u8]) -> Vec<usize> {
    dnslens::decode(msg)
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.span.start)
        .collect()
}

#[test]
fn nsec_windows_out_of_order_are_an_error_for_every_reader() {
    // next name ".", then window 1 (CAA) before window 0 (A).
    let rdata = unhex("00 0101 40 0001 40");
    let msg = answer(Rtype::NSEC.0, &rdata);
    let window0 = RDATA_AT + 4;
    assert_eq!(errors_at(&msg), vec![window0]);
    let e = wire::parse(&msg).unwrap_err();
    assert_eq!(e.offset, window0, "{e}");
    // The tree still shows both windows.
    let m = dnslens::decode(&msg);
    assert_eq!(m.answers[0].rdata_text, ". CAA A");
    // In order, nobody objects.
    let ok = answer(Rtype::NSEC.0, &unhex("00 0001 40 0101 40"));
    assert!(errors_at(&ok).is_empty());
    assert!(wire::parse(&ok).is_ok());
}

#[test]
fn an_empty_caa_tag_is_an_error_for_every_reader() {
    let msg = answer(Rtype::CAA.0, &unhex("00 00 6361"));
    let tag_length = RDATA_AT + 1;
    assert_eq!(errors_at(&msg), vec![tag_length]);
    assert_eq!(wire::parse(&msg).unwrap_err().offset, tag_length);
    let ok = answer(Rtype::CAA.0, &unhex("00 05 6973737565 6361"));
    assert!(errors_at(&ok).is_empty());
    assert!(wire::parse(&ok).is_ok());
}

#[test]
fn md_and_mf_are_names_for_every_reader() {
    for t in [Rtype::MD, Rtype::MF] {
        // RDATA: a pointer to the owner name `a.`.
        let msg = answer(t.0, &unhex("c00c"));
        let m = dnslens::decode(&msg);
        assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
        assert_eq!(m.answers[0].rdata_text, "a.");
        let typed = wire::parse(&msg).unwrap();
        match typed.answers()[0].data {
            wire::Rdata::Name(n) => assert_eq!(n.to_string(), "a."),
            ref other => panic!("{t}: {other:?}"),
        }
        let line = dnslens::present::summary(&msg);
        assert!(line.ends_with(&format!("{t} a.")), "{line}");
    }
}

#[test]
fn a_0x9100_vlan_tag_is_followed_on_every_path() {
    // Ethernet, an old-style QinQ tag 0x9100, then IPv4/UDP with a DNS query for `a.`.
    let dns = unhex("abcd 0100 0001 0000 0000 0000 0161 00 0001 0001");
    let udp_len = 8 + dns.len();
    let mut ip = unhex("4500 0000 0001 0000 4011 0000 c0a80001 c0a80002");
    ip[2..4].copy_from_slice(&((20 + udp_len) as u16).to_be_bytes());
    let mut frame = unhex("020000000001 020000000002 9100 0064 0800");
    frame.extend_from_slice(&ip);
    frame.extend_from_slice(&unhex("d431 0035"));
    frame.extend_from_slice(&(udp_len as u16).to_be_bytes());
    frame.extend_from_slice(&[0, 0]);
    frame.extend_from_slice(&dns);
    let fast = dnslens::wire::frame::udp_payload(1, &frame).expect("the fast path finds UDP");
    assert_eq!(&frame[fast.payload.start..fast.payload.end], &dns[..]);
    let l = dnslens::dissect::layers::dissect(1, &frame);
    assert_eq!(
        l.l4.expect("the layer view finds UDP").payload,
        fast.payload
    );
    let d = dnslens::dissect(&frame, None, None);
    assert_eq!(
        d.start,
        Some(dnslens::dissect::layers::Start::Ethernet),
        "{}",
        d.why
    );
    assert_eq!(d.dns_span, fast.payload);
}
