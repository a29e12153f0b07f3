//! The tree-free typed decoder (`dnslens::wire`) against the full decoder, on every DNS message
//! of the corpus: both accept and refuse the same messages, and where both accept, they agree
//! on the header, every question and every record's owner, type, class, TTL and RDATA text.

use dnslens::wire::{self, Rdata};
use dnslens::{Record, Severity};
use dnslens_e2e::oracle_bytes;

/// The RDATA as dig writes it, from the typed value the strict reader made (None for OPT, whose
/// options the OPT pseudo-section shows). The tree's text comes from the same layout read by the
/// lax reader: the two must agree on every record.
fn text(d: &Rdata<'_>) -> Option<String> {
    if matches!(d, Rdata::Opt(_)) {
        return None;
    }
    let mut s = String::new();
    dnslens::present::rdata::write(&mut s, d);
    Some(s)
}

fn same_record(t: &wire::Record<'_>, f: &Record, at: &str) {
    assert_eq!(t.name.to_string(), f.name, "{at}: owner");
    assert_eq!(
        (t.rtype, t.ttl, t.name.wire_len() <= 255),
        (f.rtype, f.ttl, true),
        "{at}"
    );
    // The full decoder reads mDNS's cache-flush bit out of the class when the port says mDNS;
    // the typed view keeps all 16 bits.
    assert_eq!(t.class.0 & 0x7fff, f.class.0 & 0x7fff, "{at}: class");
    if let Some(s) = text(&t.data) {
        assert_eq!(s, f.rdata_text, "{at}: rdata");
    }
}

#[test]
fn typed_view_agrees_with_the_full_decoder_on_the_corpus() {
    let (mut both_ok, mut both_refuse, mut texts, mut option_contents) = (0, 0, 0, 0);
    for (at, b) in oracle_bytes() {
        let full = dnslens::decode(&b);
        let first_error = full
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error);
        match (wire::parse(&b), first_error) {
            (Ok(t), None) => {
                both_ok += 1;
                assert_eq!(t.header, full.header, "{at}: header");
                assert_eq!(t.questions.len(), full.questions.len(), "{at}");
                for (q, fq) in t.questions.iter().zip(&full.questions) {
                    assert_eq!(
                        (q.name.to_string(), q.qtype, q.qclass.0 & 0x7fff),
                        (fq.name.clone(), fq.qtype, fq.qclass.0 & 0x7fff),
                        "{at}: question"
                    );
                }
                let sections = [
                    (t.answers(), &full.answers),
                    (t.authorities(), &full.authorities),
                    (t.additionals(), &full.additionals),
                ];
                for (ts, fs) in sections {
                    assert_eq!(ts.len(), fs.len(), "{at}: section length");
                    for (r, fr) in ts.iter().zip(fs.iter()) {
                        same_record(r, fr, &at);
                        texts += text(&r.data).is_some() as usize;
                    }
                }
            }
            (Err(e), Some(d)) => {
                both_refuse += 1;
                // The typed view stops at the first problem; the full decoder reports it (and
                // reads on). The problem is the same one: in the same question or record.
                let spans: Vec<dnslens::Span> = full
                    .questions
                    .iter()
                    .map(|q| q.span)
                    .chain(
                        [&full.answers, &full.authorities, &full.additionals]
                            .into_iter()
                            .flatten()
                            .map(|r| r.span),
                    )
                    .collect();
                let owner = |o: usize| {
                    spans
                        .iter()
                        .position(|s| s.start <= o && o < s.end.max(s.start + 1))
                };
                assert!(
                    owner(e.offset) == owner(d.span.start) || e.offset.abs_diff(d.span.start) <= 2,
                    "{at}: typed view refuses at {e}, full decoder's first error is at {:?}: {}",
                    d.span,
                    d.message
                );
            }
            (Ok(_), Some(d))
                if [&full.answers, &full.authorities, &full.additionals]
                    .into_iter()
                    .flatten()
                    .any(|r| {
                        [
                            dnslens::Rtype::OPT,
                            dnslens::Rtype::SVCB,
                            dnslens::Rtype::HTTPS,
                        ]
                        .contains(&r.rtype)
                            && r.rdata.start <= d.span.start
                            && d.span.end <= r.rdata.end
                    }) =>
            {
                // The typed view checks that EDNS options and SVCB parameters fit their record,
                // not what each holds (a client-subnet's prefix, an ALPN list): that is the full
                // decoder's job.
                option_contents += 1;
            }
            (Ok(_), Some(d)) => panic!(
                "{at}: the full decoder finds an error the typed view accepts: {:?} {}",
                d.span, d.message
            ),
            (Err(e), None) => panic!("{at}: the typed view refuses a clean message: {e}"),
        }
    }
    println!("{both_ok} messages accepted by both, {both_refuse} refused by both at the same place, {option_contents} with EDNS option / SvcParam contents only the full decoder judges; {texts} RDATA texts compared");
    assert!(option_contents < 10, "{option_contents}");
    assert!(both_ok > 300 && texts > 300, "{both_ok} {texts}");
}
