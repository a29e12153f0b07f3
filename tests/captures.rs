//! Every capture in `tests/corpus/captures/`: dnslens must find the same DNS messages as the
//! dnspython oracle — same count, order, frame and bytes — or the difference is explained here.

use dnslens::flow::Extractor;
use dnslens::input::capture::Reader;
use dnslens_e2e::{corpus, manifest};
use serde_json::Value;

/// A message as (frame number, hex of its bytes).
type FrameHex = (u64, String);

/// (frame, hex) of every message dnslens finds, and separately (frame, id) of those quoted inside
/// ICMP errors.
fn dnslens_messages(file: &[u8], ports: &[u16]) -> (Vec<FrameHex>, Vec<(u64, u16)>) {
    let mut icmp = Vec::new();
    let mut x = Extractor::default();
    x.udp_ports.extend_from_slice(ports);
    x.tcp_ports.extend_from_slice(ports);
    let mut out = Vec::new();
    for p in Reader::new(file).expect("a capture file") {
        let (_, found) = x.push(p.number, p.ts_ns, p.linktype, p.data);
        for f in found {
            // Decoding must never panic, whatever the bytes.
            let m = dnslens::decode_as(&f.bytes, f.flavor);
            if f.notes.contains(&dnslens::flow::Note::InIcmp) {
                icmp.push((f.frame as u64, m.header.id));
                continue;
            }
            out.push((
                f.frame as u64,
                f.bytes.iter().map(|b| format!("{b:02x}")).collect(),
            ));
        }
    }
    (out, icmp)
}

/// (frame, id) of the messages tshark found inside ICMP errors (`in_icmp`). The dnspython oracle
/// does not look inside ICMP; tshark and dnslens do.
fn tshark_icmp(name: &str) -> Vec<(u64, u16)> {
    let path = corpus().join(format!("oracle-out/{name}.tshark.jsonl"));
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["in_icmp"] == true)
        .map(|v| {
            (
                v["frame"].as_u64().unwrap(),
                v["id"].as_u64().unwrap() as u16,
            )
        })
        .collect()
}

#[test]
fn every_capture_yields_the_oracles_messages() {
    let ports = manifest();
    let dir = corpus().join("captures");
    let mut checked = 0;
    let mut total = 0;
    let mut problems = Vec::new();
    let mut in_icmp = 0;
    for (name, extra) in &ports {
        let Ok(file) = std::fs::read(dir.join(name)) else {
            continue;
        };
        let oracle = corpus().join(format!("oracle-out/{name}.dnspython.jsonl"));
        let want: Vec<(u64, String)> = std::fs::read_to_string(&oracle)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .map(|v| {
                (
                    v["frame"].as_u64().unwrap(),
                    v["hex"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let (got, icmp) = dnslens_messages(&file, extra);
        assert_eq!(icmp, tshark_icmp(name), "{name}: DNS inside ICMP errors");
        in_icmp += icmp.len();
        checked += 1;
        total += want.len();
        if got != want {
            let first = got
                .iter()
                .zip(&want)
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(want.len()));
            problems.push(format!("{name}: dnslens {} messages, dnspython {}; first difference at #{first}: dnslens {:?} vs oracle {:?}",
                got.len(), want.len(), got.get(first).map(|g| (g.0, &g.1[..g.1.len().min(40)])), want.get(first).map(|w| (w.0, &w.1[..w.1.len().min(40)]))));
        }
    }
    eprintln!(
        "captures: {checked} files, {total} messages expected; {} files differ",
        problems.len()
    );
    assert!(checked >= 70, "only {checked} captures found");
    assert_eq!(
        in_icmp, 1,
        "zeek__icmp-destunreach-udp.pcap quotes one DNS response"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The fast listing pass finds exactly the same messages as the extractor, in the same order.
#[test]
fn fast_list_finds_the_same_messages() {
    for (name, extra) in manifest() {
        let Ok(file) = std::fs::read(corpus().join("captures").join(&name)) else {
            continue;
        };
        let (want, icmp) = dnslens_messages(&file, &extra);
        let mut got = Vec::new();
        let mut in_icmp = 0;
        dnslens::flow::list::list(&file, &extra, |item| {
            if item.found.notes.contains(&dnslens::flow::Note::InIcmp) {
                in_icmp += 1;
            } else {
                got.push((
                    item.found.frame as u64,
                    item.bytes
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect::<String>(),
                ));
            }
        })
        .unwrap();
        assert_eq!(got, want, "{name}");
        assert_eq!(in_icmp, icmp.len(), "{name}");
    }
}
