//! The guided tour ("Walk me through it"): the message on screen, one field at a time, in the
//! order a walkthrough would explain it — where the DNS message starts, the header (the flags
//! bit by bit, with the arithmetic), each question and record down to its length bytes, labels,
//! pointers and RDATA fields, and then every problem found. Each step selects its field (so the
//! hex view and the tree show its bytes) and says what it is in a sentence or two, from the
//! tree's own values and explanations.

use dnslens::{Field, Kind};

use crate::decode::Shown;

/// One step: the field it shows and what it says.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The field's path in the tree.
    pub path: Vec<usize>,
    /// `ID: 0xea1a (59930)`.
    pub title: String,
    /// One or two sentences.
    pub text: String,
}

/// Most steps a tour has: a hostile message can have half a million fields, and a tour is read
/// by a person (seed 002's has 66).
pub const MAX_STEPS: usize = 400;

/// The tour of what is shown (empty when no DNS message is), at most [`MAX_STEPS`] steps.
pub fn steps(s: &Shown) -> Vec<Step> {
    let mut out = Vec::new();
    let Some(d) = crate::view::dns_child(&s.tree) else {
        return out;
    };
    let dns = &s.tree.children[d];
    let before: Vec<String> = s.tree.children[..d]
        .iter()
        .map(|l| format!("{} ({} bytes)", layer_name(l), l.span.end - l.span.start))
        .collect();
    out.push(Step {
        path: vec![d],
        title: format!("{}: {} bytes", dns.name, dns.span.end - dns.span.start),
        text: if before.is_empty() {
            String::from("The bytes are one DNS message, starting with its 12-byte header.")
        } else {
            format!(
                "The DNS message starts at byte {} of the bytes shown, after {}. Compression pointers count from its first byte.",
                dns.span.start,
                before.join(", ")
            )
        },
    });
    // The flags word and where it is, for the arithmetic of each bit.
    let mut flags = (0u16, 0usize);
    dns.walk(&mut |p, f| {
        // A label's own node repeats its length byte and text, each a step of its own.
        if p.is_empty() || f.name.starts_with("Label ") || out.len() >= MAX_STEPS {
            return;
        }
        let mut path = vec![d];
        path.extend_from_slice(p);
        if f.kind == Kind::Flags {
            let b = s.bytes.get(f.span.start..f.span.end).unwrap_or(&[]);
            if let [hi, lo] = *b {
                flags = (u16::from_be_bytes([hi, lo]), f.span.start);
            }
        }
        out.push(Step {
            title: title(f),
            text: say(f, s, flags),
            path,
        });
    });
    for x in s
        .diagnostics
        .iter()
        .take(MAX_STEPS.saturating_sub(out.len()))
    {
        let Some(path) = s.tree.deepest_at(x.span.start) else {
            continue;
        };
        out.push(Step {
            title: format!("Problem at byte {}", x.span.start),
            text: format!("{} ({})", x.message, x.layer),
            path,
        });
    }
    out
}

/// `Internet Protocol version 4: 192.168… → …` → `the Internet Protocol version 4 header`.
fn layer_name(l: &Field) -> String {
    let n = l.name.split(':').next().unwrap_or("");
    format!("the {n} header")
}

fn title(f: &Field) -> String {
    if f.value.is_empty() {
        f.name.to_string()
    } else {
        format!("{}: {}", f.name, f.value)
    }
}

/// The step's sentences: the field's explanation, what the panel adds, and for a flag the
/// arithmetic that takes it out of the flags word.
fn say(f: &Field, s: &Shown, (flags, at): (u16, usize)) -> String {
    let mut t = String::new();
    if let (Some(m), Kind::Flag, true) = (f.mask, f.kind, f.span.start.wrapping_sub(at) < 2) {
        // Masks are per byte: the first byte's bits are the word's upper eight.
        let word_mask = (if f.span.start == at { m << 8 } else { m }) as u16;
        let shift = word_mask.trailing_zeros();
        t = format!(
            "0x{flags:04x} AND 0x{word_mask:04x} = 0x{:04x}, shifted right {shift}: {}. ",
            flags & word_mask,
            (flags & word_mask) >> shift
        );
    }
    if !f.explain.is_empty() {
        t.push_str(&upper_first(&f.explain));
        t.push('.');
    }
    for x in crate::components::detail::extras(f, s) {
        t.push(' ');
        t.push_str(&x);
    }
    if f.kind == Kind::Group && f.children.is_empty() && t.is_empty() {
        t.push_str("Nothing more to read here.");
    }
    t
}

/// The explanation as a sentence: its first letter upper-cased (explanations start in ASCII;
/// no Unicode case tables in the page for this).
fn upper_first(s: &str) -> String {
    let mut t = s.to_string();
    if let Some(c) = t.get_mut(..1) {
        c.make_ascii_uppercase();
    }
    t
}

#[cfg(test)]
mod test {
    /// Every step's title and text, one after the other.
    fn said(steps: &[super::Step]) -> String {
        steps
            .iter()
            .map(|x| format!("{}\n{}\n", x.title, x.text))
            .collect()
    }

    /// Every fact of the seed 001 walkthrough's response, in its tour.
    #[test]
    fn the_seed_001_response_tour() {
        let s = crate::decode::from_text(crate::examples::SEED1_RESPONSE, None, None).unwrap();
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        let all = said(&super::steps(&s));
        for fact in [
            "ID: 0x9332 (37682)",
            "Flags: 0x8180",
            "1000 0001 1000 0000",
            "QR: 1",
            "RD: 1",
            "RA: 1",
            "QDCOUNT: 1",
            "ANCOUNT: 1",
            "NSCOUNT: 1",
            "ARCOUNT: 0",
            "Text: getdropbox",
            "QTYPE: AAAA (28)",
            "QCLASS: IN (1)",
            "Pointer: → offset 12 (0x000c)",
            "Type: CNAME (5)",
            "TTL: 2496 (41m 36s)",
            "RDLENGTH: 23",
            "getdropbox.v.dropbox.com.",
            "Pointer: → offset 27 (0x001b)",
            "Type: SOA (6)",
            "TTL: 68",
            "RDLENGTH: 69",
            "MNAME: ns-773.awsdns-32.net.",
            "awsdns-hostmaster@amazon.com",
            "Serial: 1",
            "Refresh: 7200",
            "Retry: 900",
            "Expire: 1209600",
            "Minimum: 300",
        ] {
            assert!(all.contains(fact), "{fact} missing from\n{all}");
        }
        let q = crate::decode::from_text(crate::examples::SEED1_QUERY, None, None).unwrap();
        assert_eq!(q.info, "Standard query 0x9332 AAAA log.getdropbox.com.");
    }

    #[test]
    fn a_hostile_message_has_a_short_tour() {
        // 65,535 empty answers: hundreds of thousands of fields, one tour of MAX_STEPS.
        let mut hex = String::from("123481800000ffff00000000");
        hex.push_str(&"0000010001000000010000".repeat(65535));
        let s = crate::decode::from_text(&hex, None, None).unwrap();
        let steps = super::steps(&s);
        assert_eq!(steps.len(), super::MAX_STEPS);
    }

    #[test]
    fn the_seed_tour_covers_what_its_walkthrough_explains() {
        let s = crate::decode::from_text(crate::examples::NXDOMAIN, None, None).unwrap();
        let steps = super::steps(&s);
        let all = said(&steps);
        for fact in [
            "starts at byte 28",
            "ID: 0xea1a (59930)",
            "1000 0001 1000 0011",
            "0x8183 AND 0x8000 = 0x8000, shifted right 15: 1",
            "0x8183 AND 0x000f = 0x0003, shifted right 0: 3",
            "QDCOUNT: 1",
            "NSCOUNT: 1",
            "Text: dnsbl",
            "Root label",
            "Pointer",
            "TTL: 3600",
            "RDLENGTH: 44",
            "dns@isux.com",
            "Serial: 1125965950",
            "Expire: 604800",
            "Minimum: 3600",
            "checksum",
        ] {
            assert!(all.contains(fact), "{fact} missing from\n{all}");
        }
        // Each step shows a field of the tree.
        assert!(steps.iter().all(|x| s.tree.at(&x.path).is_some()));
    }
}
