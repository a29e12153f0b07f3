//! Auto-detection on real bytes: every DNS message of the corpus pasted as plain hex is read as
//! DNS with the oracle's ID; every UDP frame of the Ethernet and raw-IP captures pasted whole is
//! read from its link or IP header down to the oracle's message; ICMP errors that quote no DNS
//! byte list no message.

use dnslens::dissect::layers::Start;
use dnslens::flow::Extractor;
use dnslens::input::capture::Reader;
use dnslens_e2e::{corpus, manifest, oracle_messages, unhex};

#[test]
fn every_corpus_message_pasted_as_hex_is_read_as_dns() {
    let mut n = 0;
    let mut wrong = Vec::new();
    for (file, v) in oracle_messages() {
        let hex = v["hex"].as_str().unwrap_or("");
        let bytes = unhex(hex);
        if bytes.is_empty() {
            continue;
        }
        // Pasted as text, the way a user would: through the paste parser too.
        let parsed = dnslens::input::parse(hex).expect("plain hex parses");
        assert_eq!(parsed.bytes, bytes);
        let d = dnslens::dissect(&parsed.bytes, None, None);
        n += 1;
        let id = v["id"].as_u64().map(|i| i as u16);
        if d.start != Some(Start::Dns)
            || Some(d.message.header.id) != id.or(Some(d.message.header.id))
        {
            wrong.push(format!(
                "{} #{}: read as {:?} ({}), ID {:#06x}",
                file.file_name().unwrap().to_string_lossy(),
                v["idx"],
                d.start,
                d.why,
                d.message.header.id
            ));
        }
    }
    assert!(n >= 350, "{n} messages");
    assert!(
        wrong.is_empty(),
        "{} of {n}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_query_that_used_to_look_like_ipv6() {
    // ID 0x6027 with QDCOUNT 1: the first nibble is 6 and "payload length" 1 fits.
    let hex = "602701000001000000000000046d6574610d737461636b6f766572666c6f7703636f6d0000010001";
    let d = dnslens::dissect(&unhex(hex), None, None);
    assert_eq!(d.start, Some(Start::Dns), "{}", d.why);
    assert_eq!(d.message.header.id, 0x6027);
    assert_eq!(d.message.questions[0].name, "meta.stackoverflow.com.");
    assert!(d.diagnostics.is_empty());
}

/// (capture, frame) → the oracle's message hex, for UDP messages.
fn oracle_udp(name: &str) -> std::collections::HashMap<u64, String> {
    let path = corpus().join(format!("oracle-out/{name}.dnspython.jsonl"));
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["transport"] == "udp")
        .map(|v| {
            (
                v["frame"].as_u64().unwrap(),
                v["hex"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn captured_frames_pasted_whole_are_read_from_their_link() {
    let (mut n, mut wrong) = (0, Vec::new());
    for (name, _) in manifest() {
        let Ok(file) = std::fs::read(corpus().join("captures").join(&name)) else {
            continue;
        };
        let want = oracle_udp(&name);
        let Ok(reader) = Reader::new(&file) else {
            continue;
        };
        for p in reader {
            let expect = match p.linktype {
                1 => Start::Ethernet,
                12 | 14 | 101 | 228 | 229 => match p.data.first().map(|b| b >> 4) {
                    Some(4) => Start::Ipv4,
                    _ => Start::Ipv6,
                },
                _ => continue,
            };
            let Some(hex) = want.get(&(p.number as u64)) else {
                continue;
            };
            // Whole, unfragmented datagrams that the capture holds completely.
            if p.orig_len as usize != p.data.len() || hex.is_empty() {
                continue;
            }
            let d = dnslens::dissect(p.data, None, None);
            if dnslens::dissect::layers::dissect(p.linktype, p.data)
                .fragment
                .is_some()
            {
                // A fragment holds part of the message: only where it starts can be checked.
                n += 1;
                if d.start != Some(expect) {
                    wrong.push(format!(
                        "{name} frame {} (a fragment): {:?} ({})",
                        p.number, d.start, d.why
                    ));
                }
                continue;
            }
            let got: String = p.data[d.dns_span.start..d.dns_span.end]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            n += 1;
            if d.start != Some(expect) || &got != hex {
                wrong.push(format!(
                    "{name} frame {}: {:?} ({})",
                    p.number, d.start, d.why
                ));
            }
        }
    }
    assert!(n >= 200, "{n} frames");
    assert!(
        wrong.is_empty(),
        "{} of {n}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// An ICMP port unreachable (raw IPv4) quoting an IPv4 header and the 8-byte UDP header of a
/// query to port 53, and nothing more.
fn icmp_quoting_udp_header_only() -> Vec<u8> {
    let mut quoted = unhex("45000039 1234 0000 4011 0000 c0a80002 c0a80001");
    let ck = ip_checksum(&quoted);
    quoted[10..12].copy_from_slice(&ck.to_be_bytes());
    quoted.extend_from_slice(&unhex("d431 0035 0025 0000"));
    let mut icmp = unhex("0303 0000 00000000");
    icmp.extend_from_slice(&quoted);
    let ck = ip_checksum(&icmp);
    icmp[2..4].copy_from_slice(&ck.to_be_bytes());
    let mut ip = unhex("45000000 0001 0000 4001 0000 c0a80001 c0a80002");
    let total = (20 + icmp.len()) as u16;
    ip[2..4].copy_from_slice(&total.to_be_bytes());
    let ck = ip_checksum(&ip);
    ip[10..12].copy_from_slice(&ck.to_be_bytes());
    ip.extend_from_slice(&icmp);
    ip
}

fn ip_checksum(b: &[u8]) -> u16 {
    let mut sum: u32 = b
        .chunks(2)
        .map(|c| u32::from(u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])))
        .sum();
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

#[test]
fn an_icmp_error_quoting_only_the_udp_header_lists_no_message() {
    let frame = icmp_quoting_udp_header_only();
    let mut x = Extractor::default();
    let (layers, found) = x.push(1, 0, 101, &frame);
    assert!(
        layers
            .fields
            .iter()
            .any(|f| f.name == "Internet Control Message Protocol"),
        "{:?}",
        layers.fields.iter().map(|f| &f.name).collect::<Vec<_>>()
    );
    assert!(found.is_empty(), "listed {} message(s)", found.len());
    // With one DNS byte quoted, the (cut-short) message is there and listed.
    let mut more = frame.clone();
    more.push(0xab);
    let n = more.len() as u16;
    more[2..4].copy_from_slice(&n.to_be_bytes());
    more[10..12].copy_from_slice(&[0, 0]);
    let ck = ip_checksum(&more[..20]);
    more[10..12].copy_from_slice(&ck.to_be_bytes());
    let (_, found) = Extractor::default().push(1, 0, 101, &more);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].bytes, [0xab]);
}
