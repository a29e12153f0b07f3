//! The `dnslens` binary's contract: exit codes, JSON members, `read` on real captures.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dnslens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn corpus(name: &str) -> String {
    format!(
        "{}/../../tests/corpus/captures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

const CITADEL: &str = "010000000001000000000000076369746164656C03636F6D0000010001";

#[test]
fn decode_json_members() {
    let (code, out, _) = run(&["decode", CITADEL, "--format", "json"], "");
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    for k in [
        "ID",
        "QR",
        "Opcode",
        "AA",
        "TC",
        "RD",
        "RA",
        "AD",
        "CD",
        "RCODE",
        "QDCOUNT",
        "ANCOUNT",
        "NSCOUNT",
        "ARCOUNT",
        "questionRRs",
        "answerRRs",
        "authorityRRs",
        "additionalRRs",
        "messageOctetsHEX",
        "Z",
        "errors",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["ID"], 256);
    assert_eq!(v["questionRRs"][0]["NAME"], "citadel.com.");
    assert_eq!(v["questionRRs"][0]["TYPEname"], "A");
    assert_eq!(v["errors"], serde_json::json!([]));
}

#[test]
fn decode_stdin_dig_and_errors() {
    let (code, out, _) = run(&["decode", "--format", "dig"], &format!("{CITADEL}\n"));
    assert_eq!(code, 0);
    // As the real dig prints it (BIND columns: the class at 32, the leading ; not counted).
    assert!(out.contains(";citadel.com.\t\t\tIN\tA"), "{out}");
    // Malformed but hex: exit 0 with the problems listed.
    let (code, out, _) = run(
        &[
            "decode",
            "--format",
            "json",
            "0001818000010000000000000377777700",
        ],
        "",
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["errors"][0]["offset"].is_number() && v["errors"][0]["message"].is_string());
    // Not hex: non-zero with one line naming line and column.
    let (code, out, err) = run(&["decode", "this is not hex"], "");
    assert_ne!(code, 0);
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("line 1, column"), "{err}");
}

#[test]
fn decode_layer_override_and_report() {
    // The seed packet's IP header: auto-detected as IPv4, and said so.
    let ip = "45000082d9eb00003a11f873c0a801c8c0a801640035026800 6eba41ea1a81830001000000010000013302343503313931033230360564\
6e73626c05736f726273036e65740000010001c0190006000100000e10002c0772626c646e7330c01f03646e73046973757803636f6d00431ce07e00001c2000001c2000093a8000000e10";
    let (code, out, _) = run(&["decode", ip, "--format", "text"], "");
    assert_eq!(code, 0);
    assert!(out.starts_with("Input starts at: Ipv4"), "{out}");
    assert!(out.contains("RCODE (mask 0x000f): NXDOMAIN (3)"));
    // Forced to read the same bytes as DNS: garbage, but decoded and flagged, not refused.
    let (code, out, _) = run(&["decode", ip, "--format", "json", "--layer", "dns"], "");
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ID"], 0x4500);
}

#[test]
fn read_json_lines_with_transport_and_pairing() {
    let (code, out, _) = run(
        &["read", &corpus("tcpdump__dns_tcp.pcap"), "--format", "json"],
        "",
    );
    assert_eq!(code, 0);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for (l, (frame, sport)) in lines.iter().zip([(4, 33779), (6, 53)]) {
        assert_eq!(l["frame"], frame);
        assert_eq!(l["transport"], "tcp");
        assert_eq!(l["sport"], sport);
        assert!(l["src"].is_string() && l["dst"].is_string() && l["dport"].is_number());
    }
    assert_eq!(lines[1]["responseTo"], 4);
    assert!(lines[1]["responseTimeMs"].as_f64().unwrap() > 0.0);
    // A non-standard port only with --port.
    let (_, out, _) = run(&["read", &corpus("tcpdump__dns_udp_8053.pcap")], "");
    assert_eq!(out.lines().count(), 0);
    let (_, out, _) = run(
        &[
            "read",
            &corpus("tcpdump__dns_udp_8053.pcap"),
            "--port",
            "8053",
        ],
        "",
    );
    assert_eq!(out.lines().count(), 2);
}

#[test]
fn read_refuses_non_captures_clearly() {
    let (code, out, err) = run(
        &[
            "read",
            &format!("{}/Cargo.toml", env!("CARGO_MANIFEST_DIR")),
        ],
        "",
    );
    assert_ne!(code, 0);
    assert!(out.is_empty());
    assert!(err.contains("not a pcap or pcapng file"), "{err}");
    let (code, _, err) = run(&["read", "/nonexistent/file.pcap"], "");
    assert_ne!(code, 0);
    assert!(err.contains("cannot read"), "{err}");
}

/// `read --format list`: one line per message with the oracle's frame and addresses, queries
/// and responses linked both ways; `--quiet` drops the summary line; a directory is refused in
/// plain words.
#[test]
fn read_list_quiet_and_plain_errors() {
    let file = corpus("tcpdump__dns_tcp.pcap");
    let (code, out, err) = run(&["read", &file, "--format", "list"], "");
    assert_eq!(code, 0, "{err}");
    let oracle = std::fs::read_to_string(format!(
        "{}/../../tests/corpus/oracle-out/tcpdump__dns_tcp.pcap.dnspython.jsonl",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let want: Vec<serde_json::Value> = oracle
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), want.len(), "{out}");
    for (l, w) in lines.iter().zip(&want) {
        let cols: Vec<&str> = l.split_whitespace().collect();
        assert_eq!(cols[0], w["frame"].to_string(), "{l}");
        assert_eq!(
            (cols[2], cols[4]),
            (w["src"].as_str().unwrap(), w["dst"].as_str().unwrap())
        );
        assert!(
            l.contains(&format!("0x{:04x}", w["id"].as_u64().unwrap())),
            "{l}"
        );
    }
    assert!(
        lines[0].ends_with(&format!("[response in {}, 125.857 ms]", want[1]["frame"])),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].ends_with(&format!("[answer to {}, 125.857 ms]", want[0]["frame"])),
        "{}",
        lines[1]
    );
    assert!(err.contains("DNS messages"), "{err}");
    let (_, _, err) = run(&["read", "--quiet", &file, "--format", "list"], "");
    assert!(err.is_empty(), "{err}");
    let dir = format!("{}/../../tests", env!("CARGO_MANIFEST_DIR"));
    let (code, _, err) = run(&["read", &dir], "");
    assert_eq!(code, 2);
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn read_stops_and_fails_when_its_output_closes() {
    // 20,000 copies of a capture's first frame: far more output than a pipe holds.
    let one = std::fs::read(corpus("suricata__dns-udp-google.com-a-aaaa-mx.pcap")).unwrap();
    let len = u32::from_le_bytes([one[32], one[33], one[34], one[35]]) as usize;
    let mut file = one[..24].to_vec();
    for _ in 0..20_000 {
        file.extend_from_slice(&one[24..24 + 16 + len]);
    }
    let path = std::env::temp_dir().join(format!("dnslens-pipe-{}.pcap", std::process::id()));
    std::fs::write(&path, &file).unwrap();
    for format in ["list", "json", "dig", "text"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dnslens"))
            .args(["read", path.to_str().unwrap(), "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {err}");
        // It gave up: no summary line claiming the whole file was listed.
        assert!(!err.contains("DNS messages"), "{format}: {err}");
    }
    let _ = std::fs::remove_file(&path);
}
