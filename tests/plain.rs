//! The fast model (`dnslens::dissect::plain`) against the full decoder: wherever the fast path
//! takes a message, its model equals the full decoder's in every member but the tree — on every
//! corpus message and on single-byte changes of each, which reach the rules the fast path must
//! hand back to the full decoder (OPT placement, EDNS flags, TTL top bits, pointers into the
//! header...); its JSON and its Info line are the full path's too. It must also take most of
//! the corpus, or it would be no fast path. And the Info line of any of them is presentation
//! text, which the JSON writer escapes only where it has a backslash.

use dnslens::dissect::plain;
use dnslens::present::json::Writer;
use dnslens::{Field, Flavor, Kind, Message, Span};
use dnslens_e2e::oracle_bytes;

/// `Some` when the fast path took `b`; panics where it differs from the full decoder.
fn check(b: &[u8], at: &str) -> Option<()> {
    let fast = plain::decode(b, Flavor::Dns)?;
    let mut full: Message = dnslens::decode(b);
    assert!(
        full.diagnostics.is_empty(),
        "{at}: the fast path took a message the decoder remarks on: {:?}",
        full.diagnostics
    );
    full.tree = Field::new("", "", Span::default(), Kind::Group);
    assert_eq!(fast, full, "{at}");
    let clean = plain::check(b, Flavor::Dns).expect("decode took it");
    let (mut typed, mut model) = (Vec::new(), Vec::new());
    let mut w = Writer::default();
    w.clean(&mut typed, &clean, b);
    w.model(&mut model, &full, b);
    assert_eq!(
        String::from_utf8_lossy(&typed),
        String::from_utf8_lossy(&model),
        "{at}: JSON from the typed view"
    );
    // The Info line from the typed view (its question names copied from the JSON just
    // written) is the one read from the message.
    let info_at = typed.len();
    w.info(&mut typed, &clean, b);
    let from_typed: String = serde_json::from_slice(&typed[info_at..]).expect("a JSON string");
    let mut from_wire = String::new();
    dnslens::present::info::summarize_into(b, &mut from_wire);
    assert_eq!(from_typed, from_wire, "{at}: Info line from the typed view");
    Some(())
}

/// The Info line of any bytes is presentation text (`invariants::info_line`).
fn info_is_presentation(b: &[u8], at: &str) {
    if let Err(e) = dnslens::invariants::info_line(b) {
        panic!("{at}: {e}");
    }
}

#[test]
fn fast_model_equals_the_full_decoder() {
    let (mut taken, mut clean, mut total, mut mutants, mut mutants_taken) = (0, 0, 0, 0, 0);
    for (at, b) in oracle_bytes() {
        total += 1;
        clean += dnslens::decode(&b).diagnostics.is_empty() as usize;
        taken += check(&b, &at).is_some() as usize;
        info_is_presentation(&b, &at);
        // Each byte, changed to values that flip flags, make pointers, lengths and top bits.
        for i in 0..b.len().min(160) {
            for x in [
                0x00,
                0xff,
                0xc0,
                b[i] ^ 0x80,
                b[i] ^ 0x01,
                b[i].wrapping_add(1),
            ] {
                let mut m = b.clone();
                m[i] = x;
                mutants += 1;
                let at = format!("{at}, byte {i} = {x:#04x}");
                mutants_taken += check(&m, &at).is_some() as usize;
                info_is_presentation(&m, &at);
            }
        }
    }
    eprintln!(
        "fast path: {taken} of {total} corpus messages ({clean} clean); {mutants_taken} of {mutants} changed ones"
    );
    assert!(total > 300, "the corpus is in the repository");
    // Every clean unicast message the typed parser accepts goes the fast way.
    assert!(taken * 10 >= clean * 8, "{taken} of {clean} clean messages");
    assert!(mutants_taken > 1000);
}

/// One model reused for message after message (as the command line does over a capture) holds
/// exactly what a fresh decode gives, whatever the message before it held or where it failed.
#[test]
fn a_reused_model_equals_a_fresh_one() {
    let mut reused = Message::empty(Flavor::Dns, 0);
    let (mut n, mut taken) = (0, 0);
    for (at, b) in oracle_bytes() {
        // The message itself, then a copy cut short (a failure part-way through the records),
        // then one with its first record's type changed.
        let mut cut = b.clone();
        cut.truncate(b.len() * 3 / 4);
        let mut retyped = b.clone();
        if let Some(x) = retyped.get_mut(b.len().min(40).saturating_sub(1)) {
            *x ^= 0x01;
        }
        for (what, bytes) in [("whole", &b), ("cut", &cut), ("retyped", &retyped)] {
            n += 1;
            let fresh = plain::decode(bytes, Flavor::Dns);
            let ok = plain::decode_into(bytes, Flavor::Dns, &mut reused);
            assert_eq!(ok, fresh.is_some(), "{at} ({what})");
            if let Some(fresh) = fresh {
                taken += 1;
                assert_eq!(reused, fresh, "{at} ({what})");
            }
        }
    }
    assert!(n > 900 && taken > 300, "{taken} of {n}");
}

/// An OPT record owned by `a.` instead of the root: the fast path hands it to the full
/// decoder, which names the owner it found.
#[test]
fn an_opt_record_not_owned_by_the_root_is_not_plain() {
    let hex = "12340000000100000000000103777777000001000101610000290200000000000000";
    let b = dnslens::input::parse(hex).unwrap().bytes;
    assert!(plain::check(&b, Flavor::Dns).is_none());
    let m = dnslens::decode(&b);
    let d: Vec<&str> = m.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        d,
        ["the OPT record's owner name must be the root, not a."],
        "{d:?}"
    );
    // The same message owned by the root is plain.
    let root = hex.replace("0101610000290200", "010000290200");
    let b = dnslens::input::parse(&root).unwrap().bytes;
    assert!(plain::check(&b, Flavor::Dns).is_some());
}
