//! `read --format list` pairs queries and responses as tshark does. The oracle is tshark's
//! own pairing (`tests/corpus/oracle-out/PAIRS.tshark.tsv`, written by `run_oracles.sh`
//! through `tests/corpus/tools/oracle_tshark_pairs.sh`, `tshark -2`): over every corpus capture,
//! a query's `[response in N, X ms]` is tshark's `dns.response_in`, a response's
//! `[answer to N, X ms]` its `dns.response_to`, and X its `dns.time` to the microsecond, except
//! on the frames named in `DIFFERENT` with the reason.

use std::collections::{BTreeMap, BTreeSet};

use dnslens_e2e::{corpus, manifest};

/// Frames where dnslens and tshark 4.0 pair differently, and why.
const DIFFERENT: &[(&str, u64, &str)] = &[
    // tshark leaves `dns.response_to` off a response it finds malformed (it stops dissecting
    // before adding it), yet gives its query `dns.response_in`; dnslens pairs both ways.
    (
        "suricata__dns-corrupt-additionals.pcap",
        2,
        "malformed response",
    ),
    ("tcpdump__dns_udp_2.pcap", 2, "malformed response"),
    (
        "zeek__svcb-alpn-malformed-len-too-long.pcap",
        2,
        "malformed response",
    ),
    // Likewise a malformed query is never registered, so its response answers nothing.
    (
        "suricata__dns-udp-junkrequest-first.pcap",
        1,
        "malformed query",
    ),
    // tshark 4.0 does not dissect LLMNR over TCP (RFC 4795 §2.4) at all.
    ("suricata__llmnr-tcp-reassembly.pcap", 4, "LLMNR over TCP"),
    ("suricata__llmnr-tcp-reassembly.pcap", 8, "LLMNR over TCP"),
    // An mDNS query to ff02::fb and a response 25 s later from the same host to the same
    // group, both ID 0: one UDP conversation for tshark, which pairs by it; dnslens wants a
    // response to come back between the query's endpoints reversed.
    ("pcapplusplus__ip6_fragments.pcap", 7, "multicast mDNS"),
    ("pcapplusplus__ip6_fragments.pcap", 20, "multicast mDNS"),
];

/// (kind, other frame, µs) by frame: "response in" on a query, "answer to" on a response.
type Pairs = BTreeMap<u64, (String, u64, Option<u64>)>;

/// Seconds with up to nine decimals (tshark's `dns.time`), in whole µs, as dnslens cuts them.
fn micros(s: &str) -> u64 {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let frac: String = frac.chars().chain("000000".chars()).take(6).collect();
    whole.parse::<u64>().unwrap() * 1_000_000 + frac.parse::<u64>().unwrap()
}

fn tshark() -> BTreeMap<String, Pairs> {
    let text = std::fs::read_to_string(corpus().join("oracle-out/PAIRS.tshark.tsv")).unwrap();
    let mut all: BTreeMap<String, Pairs> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        let frame = c[1].parse().unwrap();
        let pair = match (c[2], c[3]) {
            (q, "") => ("response in".to_string(), q.parse().unwrap(), None),
            (_, r) => (
                "answer to".to_string(),
                r.parse().unwrap(),
                Some(micros(c[4])),
            ),
        };
        all.entry(c[0].to_string()).or_default().insert(frame, pair);
    }
    all
}

fn dnslens(name: &str, ports: &[u16]) -> Pairs {
    let file = corpus().join("captures").join(name);
    let mut args = vec!["dnslens".to_string(), "read".into(), "-q".into()];
    args.extend(["--format".into(), "list".into(), file.display().to_string()]);
    for p in ports {
        args.extend(["--port".into(), p.to_string()]);
    }
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = dnslens_cli::run(args, &mut std::io::empty(), &mut out, &mut err);
    assert_eq!(code, 0, "{name}: {}", String::from_utf8_lossy(&err));
    let out = String::from_utf8(out).unwrap();
    let mut pairs = Pairs::new();
    for line in out.lines() {
        let Some((_, tail)) = line.rsplit_once(" [") else {
            continue;
        };
        let Some((kind, rest)) = ["response in ", "answer to "]
            .iter()
            .find_map(|k| tail.strip_prefix(k).map(|r| (k.trim(), r)))
        else {
            continue;
        };
        let (other, ms) = rest.trim_end_matches(" ms]").split_once(", ").unwrap();
        let (whole, frac) = ms.split_once('.').unwrap();
        let us = whole.parse::<u64>().unwrap() * 1000 + frac.parse::<u64>().unwrap();
        let frame = line.split_whitespace().next().unwrap().parse().unwrap();
        let us = (kind == "answer to").then_some(us);
        pairs.insert(frame, (kind.to_string(), other.parse().unwrap(), us));
    }
    pairs
}

#[test]
fn list_pairs_as_tshark_does() {
    let oracle = tshark();
    let (mut same, mut named, mut problems) = (0, 0, Vec::new());
    for (name, ports) in manifest() {
        let ours = dnslens(&name, &ports);
        let theirs = oracle.get(&name).cloned().unwrap_or_default();
        for frame in ours.keys().chain(theirs.keys()).collect::<BTreeSet<_>>() {
            if ours.get(frame) == theirs.get(frame) {
                same += 1;
            } else if DIFFERENT.iter().any(|&(f, n, _)| f == name && n == *frame) {
                named += 1;
            } else {
                problems.push(format!(
                    "{name} frame {frame}: dnslens {:?}, tshark {:?}",
                    ours.get(frame),
                    theirs.get(frame)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        named,
        DIFFERENT.len(),
        "a named difference is gone: take it off the list"
    );
    assert!(same > 250, "only {same} frames paired alike");
    eprintln!("{same} frames paired as tshark pairs them, {named} named differences");
}
