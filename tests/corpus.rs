//! The differential corpus: every DNS message dnspython found in `../shared/corpus` is decoded
//! by dnslens; where dnspython accepts it, both must agree on ID, flags, counts, questions and
//! every record's name, TTL, class, type and presentation text. Each known difference is
//! explained by a rule below that says which side is right and why (with tshark's view).

use std::collections::BTreeMap;

use dnslens::{Flavor, Rtype};
use dnslens_e2e::{shared, unhex};
use serde_json::Value;

/// Whitespace-insensitive, case-insensitive comparison for the parts of RDATA that are hex or
/// base64 blobs (the only normalisation the issue allows), everything else exact.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn blob_equal(a: &str, b: &str) -> bool {
    let strip = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase()
    };
    strip(a) == strip(b)
}

/// A known, explained difference between dnslens (dig/BIND style) and dnspython.
struct Rule {
    id: &'static str,
    why: &'static str,
    applies: fn(ty: &str, ours: &str, theirs: &str) -> bool,
}

const RULES: &[Rule] = &[
    Rule {
        id: "loc-metres",
        why: "LOC sizes: BIND/dig print whole metres without decimals from 1 m up (`1m 1000m 10m`), \
              dnspython always prints two decimals (`1.00m`). Same values; dnslens follows dig as the \
              issue asks. tshark shows the raw size/precision bytes.",
        applies: |ty, a, b| ty == "LOC" && a.replace(".00m", "m") == b.replace(".00m", "m"),
    },
    Rule {
        id: "svcb-quotes",
        why: "SVCB/HTTPS: dnspython quotes every SvcParam value (`ipv4hint=\"1.2.3.4\"`), BIND quotes \
              only values that need it (alpn, unknown keys). Same parameters; dnslens follows dig.",
        applies: |ty, a, b| (ty == "SVCB" || ty == "HTTPS") && a.replace('"', "") == b.replace('"', ""),
    },
    Rule {
        id: "gpos-quotes",
        why: "GPOS: BIND prints the three fields as quoted character-strings, dnspython unquoted.",
        applies: |ty, a, b| ty == "GPOS" && a.replace('"', "") == b,
    },
    Rule {
        id: "tkey-sizes",
        why: "TKEY: BIND prints the key size and the other-data size as numbers before each blob \
              (`3 NOERROR 2815 YIIL... 0`); dnspython omits both sizes and prints the error as a \
              number. Same fields.",
        applies: |ty, a, b| {
            if ty != "TKEY" {
                return false;
            }
            let (x, y): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
            x.len() >= 7 && y.len() >= 5 && x[..4] == y[..4] && blob_equal(x[6..x.len() - 1].join("").as_str(), y[5..].join("").as_str())
        },
    },
    Rule {
        id: "blob-case-space",
        why: "hex and base64 blobs: dig splits them with spaces and prints hex upper-case, \
              dnspython chunks at 32 characters and prints hex lower-case; the issue allows this \
              normalisation.",
        applies: |ty, a, b| BLOB_TYPES.contains(&ty) && blob_equal(a, b),
    },
];

/// Types whose RDATA text ends in (or is) a hex or base64 blob.
const BLOB_TYPES: &[&str] = &[
    "DS",
    "CDS",
    "DLV",
    "TA",
    "SSHFP",
    "TLSA",
    "SMIMEA",
    "ZONEMD",
    "NSEC3",
    "NSEC3PARAM",
    "HIP",
    "DNSKEY",
    "CDNSKEY",
    "KEY",
    "RKEY",
    "RRSIG",
    "SIG",
    "DHCID",
    "OPENPGPKEY",
    "IPSECKEY",
    "CERT",
    "TSIG",
    "NSAP",
];

#[derive(Default)]
struct Tally {
    messages: usize,
    accepted: usize,
    agreeing: usize,
    records: usize,
    records_exact: usize,
    rules: BTreeMap<&'static str, usize>,
}

fn section_lines(m: &dnslens::Message, idx: usize) -> Vec<(String, String, String)> {
    let recs = [&m.answers, &m.authorities, &m.additionals][idx];
    recs.iter()
        .filter(|r| r.rtype != Rtype::OPT && r.rtype != Rtype::TSIG)
        .map(|r| {
            let head = format!("{} {} {} {}", r.name, r.ttl, r.class, r.rtype);
            (format!("{}", r.rtype), head, r.rdata_text.clone())
        })
        .collect()
}

#[test]
fn corpus_agrees_with_dnspython() {
    let dir = shared().join("corpus/oracle-out");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("oracle-out")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".dnspython.jsonl"))
        .collect();
    files.sort();
    assert!(
        files.len() > 50,
        "expected the corpus, found {} files",
        files.len()
    );
    let mut t = Tally::default();
    let mut unexplained = Vec::new();
    for f in &files {
        let fname = f
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".dnspython.jsonl", "");
        for line in std::fs::read_to_string(f).unwrap().lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            let Some(hex) = v["hex"].as_str() else {
                continue;
            };
            let bytes = unhex(hex);
            let port = |k: &str| v[k].as_u64().unwrap_or(0);
            let flavor = if port("sport") == 5353 || port("dport") == 5353 {
                Flavor::Mdns
            } else if port("sport") == 5355 || port("dport") == 5355 {
                Flavor::Llmnr
            } else {
                Flavor::Dns
            };
            let m = dnslens::decode_as(&bytes, flavor);
            t.messages += 1;
            // Whatever dnspython thinks, the JSON view must serialise.
            serde_json::to_string(&dnslens::json::Rfc8427 {
                message: &m,
                bytes: &bytes,
            })
            .unwrap();
            if v.get("error").is_some_and(|e| !e.is_null()) {
                continue;
            }
            t.accepted += 1;
            let at = format!("{fname} frame {} idx {}", v["frame"], v["idx"]);
            let mut ok = true;
            let mut diff = |what: String| {
                unexplained.push(format!("{at}: {what}"));
            };
            if v["id"].as_u64() != Some(m.header.id as u64) {
                diff(format!("id {} vs {}", v["id"], m.header.id));
                ok = false;
            }
            if v["flags"].as_u64() != Some(m.header.flags as u64) {
                diff(format!("flags {} vs {}", v["flags"], m.header.flags));
                ok = false;
            }
            let counts: Vec<u64> = m.header.counts.iter().map(|&c| c as u64).collect();
            if v["counts"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_u64).collect::<Vec<_>>())
                != Some(counts)
            {
                diff(format!("counts {} vs {:?}", v["counts"], m.header.counts));
                ok = false;
            }
            if v["rcode"].as_str() != Some(&format!("{}", m.rcode())) {
                diff(format!("rcode {} vs {}", v["rcode"], m.rcode()));
                ok = false;
            }
            let qs: Vec<String> = m
                .questions
                .iter()
                .map(|q| format!("{} {} {}", q.name, q.qclass, q.qtype))
                .collect();
            let theirs_q: Vec<String> = v["question"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            if qs != theirs_q {
                diff(format!("questions {theirs_q:?} vs {qs:?}"));
                ok = false;
            }
            for (i, sec) in ["answer", "authority", "additional"]
                .into_iter()
                .enumerate()
            {
                let ours = section_lines(&m, i);
                let theirs: Vec<String> = v[sec]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().to_string())
                    .collect();
                if ours.len() != theirs.len() {
                    diff(format!(
                        "{sec}: {} records vs dnslens {}",
                        theirs.len(),
                        ours.len()
                    ));
                    ok = false;
                    continue;
                }
                for ((ty, head, rdata), th) in ours.iter().zip(&theirs) {
                    t.records += 1;
                    let mine = norm(&format!("{head} {rdata}"));
                    let th = norm(th);
                    if mine == th {
                        t.records_exact += 1;
                        continue;
                    }
                    // Owner, TTL, class and type must match exactly; only RDATA text may differ
                    // by an explained rule.
                    let th_parts: Vec<&str> = th.splitn(5, ' ').collect();
                    let th_head = th_parts[..4.min(th_parts.len())].join(" ");
                    let th_rdata = th_parts.get(4).copied().unwrap_or("");
                    if th_head != *head {
                        if let Some(r) = explain_head(head, &th_head, &m) {
                            *t.rules.entry(r).or_default() += 1;
                        } else {
                            diff(format!("{sec}: `{th}` vs dnslens `{mine}`"));
                            ok = false;
                            continue;
                        }
                    }
                    if norm(rdata) == th_rdata {
                        continue;
                    }
                    match RULES
                        .iter()
                        .find(|r| (r.applies)(ty, &norm(rdata), th_rdata))
                    {
                        Some(r) => *t.rules.entry(r.id).or_default() += 1,
                        None => {
                            diff(format!("{sec}: `{th}` vs dnslens `{mine}`"));
                            ok = false;
                        }
                    }
                }
            }
            // EDNS: payload size, version, DO and the option codes in order.
            let their_edns = &v["edns"];
            match (&m.edns, their_edns.is_null()) {
                (None, true) => {}
                (Some(e), false) => {
                    let their_opts: Vec<String> = their_edns["options"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|o| o.as_str().unwrap().split(' ').next().unwrap().to_string())
                        .collect();
                    let ours_opts: Vec<String> = e
                        .options
                        .iter()
                        .map(|o| dnspython_option_name(o.code.0))
                        .collect();
                    if their_edns["payload"].as_u64() != Some(e.udp_size as u64)
                        || their_edns["version"].as_u64() != Some(e.version as u64)
                        || their_edns["flags"].as_u64()
                            != Some(if e.dnssec_ok { 0x8000 } else { 0 } | e.z as u64)
                        || their_opts != ours_opts
                    {
                        diff(format!("edns {their_edns} vs {e:?}"));
                        ok = false;
                    }
                }
                (ours, _) => {
                    diff(format!("edns presence: {their_edns} vs {ours:?}"));
                    ok = false;
                }
            }
            // TSIG: the whole presentation line.
            let tsig = m.additionals.iter().find(|r| r.rtype == Rtype::TSIG);
            match (tsig, v["tsig"].as_str()) {
                (None, None) => {}
                (Some(r), Some(th)) => {
                    let mine = format!(
                        "{} {} {} {} {}",
                        r.name, r.ttl, r.class, r.rtype, r.rdata_text
                    );
                    if !blob_equal(&mine, th) {
                        diff(format!("tsig `{th}` vs `{mine}`"));
                        ok = false;
                    }
                }
                (a, b) => {
                    diff(format!("tsig presence: {b:?} vs {a:?}"));
                    ok = false;
                }
            }
            if ok {
                t.agreeing += 1;
            }
        }
    }
    eprintln!(
        "corpus: {} messages, {} accepted by dnspython, {} agree fully (after explained rules); {} records, {} textually identical; rules used: {:?}",
        t.messages, t.accepted, t.agreeing, t.records, t.records_exact, t.rules
    );
    for r in RULES {
        eprintln!("rule {}: {}", r.id, r.why);
    }
    assert!(
        unexplained.is_empty(),
        "{} unexplained differences:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert_eq!(t.agreeing, t.accepted);
}

/// dnspython's names for option codes (it calls unknown ones "Generic").
fn dnspython_option_name(code: u16) -> String {
    match code {
        3 => "NSID",
        8 => "ECS",
        10 => "COOKIE",
        15 => "EDE",
        _ => "Generic",
    }
    .to_string()
}

/// Differences in the owner/TTL/class/type part that have a known explanation.
fn explain_head(ours: &str, theirs: &str, m: &dnslens::Message) -> Option<&'static str> {
    let (a, b): (Vec<&str>, Vec<&str>) = (ours.split(' ').collect(), theirs.split(' ').collect());
    if a.len() == 4 && b.len() == 4 && a[0] == b[0] && a[2] == b[2] && a[3] == b[3] && b[1] == "0" {
        if let Ok(ttl) = a[1].parse::<u32>() {
            if ttl & 0x8000_0000 != 0 && m.diagnostics.iter().any(|d| d.message.contains("top bit"))
            {
                // dnspython replaces a TTL with the top bit set by 0 (RFC 2181 §8 "treat as
                // zero"); dnslens shows the value on the wire and flags it, as tshark does.
                return Some("ttl-top-bit");
            }
        }
    }
    None
}

/// Messages dnspython refuses: dnslens must decode them anyway and report the same problem at
/// its byte offset, except where dnslens is right to accept them (explained inline).
#[test]
fn corpus_rejects_are_flagged_with_offsets() {
    let dir = shared().join("corpus/oracle-out");
    let mut seen = 0;
    let mut accepted_on_purpose = 0;
    for e in std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()) {
        let p = e.path();
        if !p.to_string_lossy().ends_with(".dnspython.jsonl") {
            continue;
        }
        for line in std::fs::read_to_string(&p).unwrap().lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            let Some(err) = v["error"].as_str() else {
                continue;
            };
            let bytes = unhex(v["hex"].as_str().unwrap_or(""));
            let mdns = v["sport"].as_u64() == Some(5353) || v["dport"].as_u64() == Some(5353);
            let m = dnslens::decode_as(&bytes, if mdns { Flavor::Mdns } else { Flavor::Dns });
            seen += 1;
            let at = format!("{} frame {}: {err}", p.display(), v["frame"]);
            let problems: Vec<&dnslens::Diagnostic> = m
                .diagnostics
                .iter()
                .filter(|d| d.severity >= dnslens::Severity::Warning)
                .collect();
            if err.starts_with("DecompressionForbidden") && mdns {
                // RFC 6762 §18.14 lets mDNS compress names inside SRV and NSEC RDATA, and
                // tshark decodes these messages without complaint: dnslens is right to accept.
                assert!(problems.is_empty(), "{at}: {problems:?}");
                accepted_on_purpose += 1;
                continue;
            }
            assert!(!problems.is_empty(), "{at}: dnslens found nothing wrong");
            let want = match err.split(':').next().unwrap() {
                "BadPointer" => "pointer",
                "BadLabelType" => "label type",
                "NameTooLong" => "255",
                "ShortHeader" => "12-byte header",
                _ => "",
            };
            assert!(
                problems.iter().any(|d| d.message.contains(want)),
                "{at}: {problems:?}"
            );
            for d in &problems {
                assert!(
                    d.span.start <= bytes.len() && d.span.end <= bytes.len(),
                    "{at}: span outside the message"
                );
            }
        }
    }
    assert_eq!(seen, 26, "the corpus has 26 messages dnspython rejects");
    assert_eq!(accepted_on_purpose, 2);
}
