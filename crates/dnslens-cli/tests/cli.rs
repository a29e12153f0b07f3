//! The `dnslens` binary's contract: exit codes, JSON members, `read` on real captures.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let (code, out, err) = run_fed(args, stdin.as_bytes(), usize::MAX);
    (code, String::from_utf8(out).unwrap(), err)
}

/// `dnslens ARGS` started, its standard input, output and error piped.
fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_dnslens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// `dnslens ARGS` with `stdin` written to it `piece` bytes at a time: (exit code, stdout,
/// stderr).
fn run_fed(args: &[&str], stdin: &[u8], piece: usize) -> (i32, Vec<u8>, String) {
    let mut child = spawn(args);
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        for c in bytes.chunks(piece) {
            // The reader may stop early (a damaged file): the rest goes nowhere.
            if input.write_all(c).and_then(|()| input.flush()).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    (out.status.code().unwrap_or(-1), out.stdout, err)
}

/// `bytes` in a file of the temporary directory named for `name` and this process: its path.
fn temp_file(name: &str, bytes: impl AsRef<[u8]>) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("dnslens-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `dnslens ARGS` with `stdin`: refused (exit code 2, nothing written), saying `says`.
fn refused(args: &[&str], stdin: &[u8], says: &str) {
    let (code, out, err) = run_fed(args, stdin, usize::MAX);
    assert_eq!((code, out.len()), (2, 0), "{args:?}: {err}");
    assert!(err.contains(says), "{args:?}: {err}");
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
    assert!(!err.contains("decode"), "{err}");
    let (code, _, err) = run(&["read", "/nonexistent/file.pcap"], "");
    assert_ne!(code, 0);
    assert!(err.contains("cannot read"), "{err}");
    // A message written as hex, a file or piped in: `decode` is what reads it.
    let hex = temp_file("hex.txt", CITADEL);
    refused(
        &["read", hex.to_str().unwrap()],
        b"",
        "is text in plain hex, not a capture: `dnslens decode`",
    );
    refused(
        &["read", "-"],
        CITADEL.as_bytes(),
        "standard input is text in plain hex",
    );
    let _ = std::fs::remove_file(&hex);
    // A capture compressed in a format not read here is named, with what to do (xz's
    // stream header, then what would follow it).
    let mut xz = b"\xfd7zXZ\0\0\x04\xe6\xd6\xb4\x46".to_vec();
    xz.extend_from_slice(&std::fs::read(corpus("pcapplusplus__Dns.pcap")).unwrap());
    refused(
        &["read", "-"],
        &xz,
        "standard input: this is an xz-compressed file; decompress it first (unxz)",
    );
}

/// A capture in which no DNS message is found says why, when it can: a link type not read
/// (once, at its first frame), or DNS on a port not looked on (the ports, and `--port`).
#[test]
fn read_says_why_it_found_no_message() {
    // A capture of a link type not read: said once, at its first frame, not just "0 DNS
    // messages".
    let mut lt = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    lt.extend_from_slice(&[0xff, 0xff, 0, 0, 127, 0, 0, 0]);
    for _ in 0..2 {
        lt.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0]);
    }
    let (code, _, err) = run_fed(&["read", "-", "--format", "list"], &lt, usize::MAX);
    assert_eq!(code, 0);
    assert_eq!(
        err,
        "dnslens: standard input at byte 24: link type 127 is not one dnslens reads: no DNS message is looked for in its frames\ndnslens: 2 frames, 0 DNS messages\n"
    );
    // DNS on a port not looked on: the ports are named, with the option that adds one.
    let mut udp = vec![0x9c, 0x40, 0x27, 0x0f, 0, 8 + 17, 0, 0];
    udp.extend_from_slice(&[0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]);
    let mut frame = vec![0; 12];
    frame.extend_from_slice(&[8, 0, 0x45, 0, 0, 20 + 25, 0, 0, 0, 0, 64, 17, 0, 0]);
    frame.extend_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2]);
    frame.extend_from_slice(&udp);
    let mut cap = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    cap.extend_from_slice(&[0xff, 0xff, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    let len = (frame.len() as u32).to_le_bytes();
    cap.extend_from_slice(&[len, len].concat());
    cap.extend_from_slice(&frame);
    let (code, _, err) = run_fed(&["read", "-"], &cap, usize::MAX);
    assert_eq!(code, 0);
    assert_eq!(
        err,
        "dnslens: standard input: no DNS messages found (looked on UDP and TCP ports 53, 5353 and 5355); --port looks on another\ndnslens: 1 frame, 0 DNS messages\n"
    );
    let (code, out, err) = run_fed(
        &["read", "-", "--port", "9999", "--format", "list"],
        &cap,
        usize::MAX,
    );
    assert_eq!(
        (code, err.as_str()),
        (0, "dnslens: 1 frame, 1 DNS message\n")
    );
    assert!(String::from_utf8(out)
        .unwrap()
        .contains("Standard query 0x1234 A"));
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

/// A pcap file of `n` copies of a corpus capture's first record (a query for google.com).
fn copies_of_a_query(n: usize) -> Vec<u8> {
    let one = std::fs::read(corpus("suricata__dns-udp-google.com-a-aaaa-mx.pcap")).unwrap();
    let len = u32::from_le_bytes([one[32], one[33], one[34], one[35]]) as usize;
    let mut file = one[..24].to_vec();
    for _ in 0..n {
        file.extend_from_slice(&one[24..24 + 16 + len]);
    }
    file
}

#[test]
fn read_stops_and_fails_when_its_output_closes() {
    // Far more output than a pipe holds.
    let file = copies_of_a_query(20_000);
    let path = temp_file("pipe.pcap", &file);
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

/// `read FILE` with the file written to standard input `piece` bytes at a time as `read -`:
/// (exit code, stdout, stderr).
fn piped(file: &[u8], args: &[&str], piece: usize) -> (i32, Vec<u8>, String) {
    run_fed(&[&["read", "-"], args].concat(), file, piece)
}

/// `read -`: a capture on standard input gives what the file gives, in every format, however
/// the bytes arrive (pcap and pcapng, TCP reassembly, damage and its offsets, and a capture of
/// many read buffers, which the reader lets go of as it passes them).
#[test]
fn read_from_standard_input_as_the_file() {
    let one = std::fs::read(corpus("suricata__dns-udp-google.com-a-aaaa-mx.pcap")).unwrap();
    let many = copies_of_a_query(3_000);
    let many_path = temp_file("many.pcap", &many);
    let mut files: Vec<String> = [
        "pcapplusplus__many_interfaces-1.pcapng",
        "pcapplusplus__dns_over_tcp.pcapng",
        "derived__dns-tcp-resegmented-ooo-retrans.pcap",
        "suricata__dns-incomplete.pcap",
        "tcpdump__ipv4_invalid_total_length.pcap",
        "zeek__dynamic-update.pcap",
    ]
    .iter()
    .map(|n| corpus(n))
    .collect();
    files.push(many_path.to_str().unwrap().to_owned());
    // And one cut short in a record: the reader's own problem, at its byte.
    let cut = &one[..one.len() - 3];
    let cut_path = temp_file("cut.pcap", cut);
    files.push(cut_path.to_str().unwrap().to_owned());
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        for format in ["json", "dig", "text", "list"] {
            let want = Command::new(env!("CARGO_BIN_EXE_dnslens"))
                .args(["read", path, "--format", format])
                .output()
                .unwrap();
            let want_err = String::from_utf8(want.stderr)
                .unwrap()
                .replace(path.as_str(), "standard input");
            assert!(want_err.contains(" DNS message"), "{path}: {want_err}");
            for piece in [1 << 20, 1000, 7] {
                if piece == 7 && bytes.len() > 100_000 {
                    continue;
                }
                let (code, out, err) = piped(&bytes, &["--format", format], piece);
                assert_eq!(
                    code,
                    want.status.code().unwrap(),
                    "{path} {format} {piece}: {err}"
                );
                assert!(
                    out == want.stdout,
                    "{path} {format} {piece}: the output differs"
                );
                assert_eq!(err, want_err, "{path} {format} {piece}");
            }
        }
    }
    let (code, _, err) = piped(b"", &[], 1);
    assert_eq!(code, 2);
    assert!(err.contains("standard input: the file is shorter"), "{err}");
    let _ = std::fs::remove_file(&many_path);
    let _ = std::fs::remove_file(&cut_path);
}

/// `read -` writes each message once its bytes have come, not when the input ends: a live
/// capture (`tcpdump -U -w - | dnslens read -`) shows as it goes.
#[test]
fn read_from_standard_input_writes_messages_as_they_come() {
    let first = copies_of_a_query(1);
    for format in ["json", "dig", "text"] {
        let mut child = spawn(&["read", "-", "--format", format]);
        let mut stdin = child.stdin.take().unwrap();
        // The file header and one record only; the input stays open.
        stdin.write_all(&first).unwrap();
        stdin.flush().unwrap();
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = std::io::BufRead::read_line(&mut stdout, &mut line);
            let _ = tx.send(line);
        });
        let first = rx.recv_timeout(core::time::Duration::from_secs(60));
        drop(stdin);
        let _ = child.wait();
        let first = first.expect("no message written while the input was still open");
        let want = if format == "json" {
            "{\"ID\":"
        } else {
            ";; frame 1 Udp"
        };
        assert!(first.starts_with(want), "{format}: {first}");
    }
}

/// `decode` with the message's own bytes on standard input (a DoH `application/dns-message`
/// saved to a file) decodes what the same bytes in hex decode to, in every format.
#[test]
fn decode_the_message_itself_from_standard_input() {
    let file = std::fs::read(corpus("tcpdump__dns_udp.pcap")).unwrap();
    let len = u32::from_le_bytes([file[32], file[33], file[34], file[35]]) as usize;
    // The second record: the response, after Ethernet, IPv4 and UDP headers.
    let second = &file[24 + 16 + len..];
    let len2 = u32::from_le_bytes([second[8], second[9], second[10], second[11]]) as usize;
    let msg = &second[16 + 42..16 + len2];
    let hex: String = msg.iter().map(|b| format!("{b:02x}")).collect();
    for format in ["text", "json", "dig"] {
        let (got_code, got, _) = run_fed(&["decode", "--format", format], msg, usize::MAX);
        let (code, want, _) = run(&["decode", "--format", format, &hex], "");
        assert_eq!(got_code, code, "{format}");
        assert_eq!(String::from_utf8(got).unwrap(), want, "{format}");
        assert!(want.contains("www.tcpdump.org"), "{want}");
    }
    // A file named as the argument, where hex was meant: the way to give it is said.
    let path = temp_file("msg.bin", msg);
    refused(
        &["decode", path.to_str().unwrap()],
        b"",
        "is a file: give its contents on standard input",
    );
    let _ = std::fs::remove_file(&path);
    // A whole capture given where one message was meant is said to be one (a small pcap would
    // otherwise decode as a message starting with the file's header), compressed or not.
    let pcapng = std::fs::read(corpus("pcapplusplus__many_interfaces-1.pcapng")).unwrap();
    for (given, says) in [
        (
            file.clone(),
            "is a capture file, not one message: `dnslens read -`",
        ),
        (pcapng, "is a capture file, not one message"),
        (
            gzip(&file),
            "is gzip-compressed: if it is a capture, `dnslens read -` reads it",
        ),
    ] {
        refused(&["decode"], &given, says);
    }
    // Far more than one message could be: refused without reading it all.
    refused(
        &["decode"],
        &vec![b'a'; 17 << 20],
        "standard input holds more than 16 MiB",
    );
}

/// An output that cannot be written (a full disk; `/dev/full` is one) is said, in every format
/// and in `decode`, where a pipe closed by the reader (`| head`) is not an error to report.
#[test]
fn a_full_disk_is_said() {
    let file = corpus("pcapplusplus__Dns.pcap");
    let mut runs: Vec<Vec<&str>> = ["json", "dig", "text", "list"]
        .iter()
        .map(|f| vec!["read", file.as_str(), "--format", f])
        .collect();
    runs.push(vec!["decode", CITADEL]);
    for args in runs {
        let out = Command::new(env!("CARGO_BIN_EXE_dnslens"))
            .args(&args)
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("dnslens: cannot write the output: No space left on device"),
            "{args:?}: {err}"
        );
    }
}

/// `bytes` gzip-compressed, as two members one after the other (as `cat a.gz b.gz` makes).
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let half = bytes.len() / 2;
    let mut out = Vec::new();
    for part in [&bytes[..half], &bytes[half..]] {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(part).unwrap();
        out.extend(e.finish().unwrap());
    }
    out
}

/// A gzip-compressed capture (`.pcap.gz`, or gzip on standard input) reads as the capture
/// does, in every format; one cut short lists what it holds, then says why it stopped (exit 2),
/// its offsets those of the decompressed capture.
#[test]
fn read_gzip_compressed_captures() {
    let dir = std::env::temp_dir();
    for name in [
        "pcapplusplus__many_interfaces-1.pcapng",
        "derived__dns-tcp-resegmented-ooo-retrans.pcap",
    ] {
        let plain = std::fs::read(corpus(name)).unwrap();
        let gz = gzip(&plain);
        let path = dir.join(format!("dnslens-{}-{name}.gz", std::process::id()));
        std::fs::write(&path, &gz).unwrap();
        let path = path.to_str().unwrap();
        for format in ["json", "dig", "text", "list"] {
            let want = Command::new(env!("CARGO_BIN_EXE_dnslens"))
                .args(["read", &corpus(name), "--format", format])
                .output()
                .unwrap();
            let want_err = String::from_utf8(want.stderr).unwrap();
            let got = Command::new(env!("CARGO_BIN_EXE_dnslens"))
                .args(["read", path, "--format", format])
                .output()
                .unwrap();
            assert_eq!(got.status.code(), Some(0), "{name} {format}");
            assert!(
                got.stdout == want.stdout,
                "{name} {format}: the output differs"
            );
            assert_eq!(String::from_utf8(got.stderr).unwrap(), want_err);
            let (code, out, err) = piped(&gz, &["--format", format], 500);
            assert_eq!(code, 0, "{name} {format}: {err}");
            assert!(
                out == want.stdout,
                "{name} {format}: standard input's output differs"
            );
            assert_eq!(err, want_err);
        }
        let _ = std::fs::remove_file(path);
    }
    // Cut short: the messages before the cut, the capture's own problem at its byte in the
    // decompressed capture, and the decoder's.
    let plain = std::fs::read(corpus("zeek__wikipedia-filtered-plus-udp.pcap")).unwrap();
    let gz = gzip(&plain);
    let cut = &gz[..gz.len() / 4];
    let (code, out, err) = piped(cut, &["--format", "json"], 1000);
    assert_eq!(code, 2, "{err}");
    let lines = String::from_utf8(out).unwrap().lines().count();
    assert!(lines > 0 && err.contains("DNS messages"), "{lines}: {err}");
    assert!(
        err.contains("standard input (decompressed) at byte"),
        "{err}"
    );
    assert!(
        err.contains("cannot read standard input (decompressed)"),
        "{err}"
    );
}

/// A stream whose record claims more than any packet is read no further once 16 MiB of it
/// are held: the messages before it are written, the damage is said at its byte, and why
/// reading stopped (exit 2): memory stays bounded whatever arrives.
#[test]
fn read_from_standard_input_holds_no_endless_record() {
    let mut stream = copies_of_a_query(1);
    // Where the record says how many bytes it captured.
    let damage = stream.len() + 8;
    for w in [1u32, 0, 0x7fff_ffff, 0x7fff_ffff] {
        stream.extend_from_slice(&w.to_le_bytes());
    }
    stream.resize(stream.len() + (20 << 20), 0);
    let (code, out, err) = piped(&stream, &["--format", "json"], 1 << 20);
    assert_eq!(code, 2, "{err}");
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1);
    assert!(
        err.contains(&format!("standard input at byte {damage}: packet record 2")),
        "{err}"
    );
    assert!(err.contains("reading stopped there"), "{err}");
}

/// `read -` on a terminal says how to give it a capture, rather than wait for one that cannot
/// be typed (run on a terminal by util-linux's `script`).
#[test]
fn read_from_a_terminal_says_to_pipe_a_capture() {
    let dnslens = env!("CARGO_BIN_EXE_dnslens");
    let (code, text) = on_a_terminal(&format!("'{dnslens}' read -"));
    assert!(
        text.contains("standard input is a terminal; pipe a capture in"),
        "{text}"
    );
    assert_eq!(code, Some(2), "{text}");
    // A terminal named as the file.
    let (code, text) = on_a_terminal(&format!("'{dnslens}' read /dev/tty"));
    assert!(
        text.contains("/dev/tty is a terminal; give a pcap"),
        "{text}"
    );
    assert_eq!(code, Some(2), "{text}");
}

/// The shell command `cmd` run on a terminal (util-linux's `script`), nothing typed: its exit
/// code, and what the terminal showed.
fn on_a_terminal(cmd: &str) -> (Option<i32>, String) {
    let out = Command::new("script")
        .args(["-qec", cmd, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("script (util-linux) runs a command on a terminal");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.code(), text)
}

/// The packet list of a stream shows nothing until the stream ends: someone watching a
/// terminal is told so after a moment, not left with a silent command (here a stream that
/// stays open for three seconds, then ends empty).
#[test]
fn read_list_of_a_stream_says_it_is_still_reading() {
    let cmd = format!(
        "sleep 3 | '{}' read - --format list",
        env!("CARGO_BIN_EXE_dnslens")
    );
    let (_, text) = on_a_terminal(&cmd);
    let still = text.find(
        "dnslens: still reading standard input: the packet list shows nothing until its input ends",
    );
    let end = text.find("standard input: the file is shorter");
    assert!(still.is_some() && still < end, "{text}");
}

/// `decode` on a terminal says what it waits for, then decodes what is pasted (here through
/// util-linux's `script`, the paste ended by Ctrl-D).
#[test]
fn decode_on_a_terminal_says_to_paste() {
    let cmd = format!("'{}' decode --format dig", env!("CARGO_BIN_EXE_dnslens"));
    let mut child = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs a command on a terminal");
    let mut input = child.stdin.take().unwrap();
    input
        .write_all(format!("{CITADEL}\n\x04").as_bytes())
        .unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("paste the message (hex, a hex dump or base64), then press Ctrl-D"),
        "{text}"
    );
    assert!(text.contains(";citadel.com.\t\t\tIN\tA"), "{text}");
}

/// A path that names no regular file (a FIFO, bash's `<(zcat a.pcap.gz)`, a device) cannot be
/// memory-mapped: it is read as a stream, as standard input is, compressed or not, rather than
/// refused with the system's "No such device".
#[test]
fn read_a_pipe_or_device_named_as_the_file() {
    let path = corpus("pcapplusplus__dns_over_tcp.pcapng");
    let bytes = std::fs::read(&path).unwrap();
    let fifo = std::env::temp_dir().join(format!("dnslens-fifo-{}", std::process::id()));
    let fifo = fifo.to_str().unwrap().to_owned();
    for (content, name) in [
        (bytes.clone(), fifo.clone()),
        (gzip(&bytes), format!("{fifo} (decompressed)")),
    ] {
        for format in ["json", "list"] {
            let want = Command::new(env!("CARGO_BIN_EXE_dnslens"))
                .args(["read", &path, "--format", format])
                .output()
                .unwrap();
            let _ = std::fs::remove_file(&fifo);
            let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
            assert!(made.success());
            let (to, content) = (fifo.clone(), content.clone());
            // Opening a FIFO to write waits for its reader.
            let writer = std::thread::spawn(move || std::fs::write(to, content));
            let got = Command::new(env!("CARGO_BIN_EXE_dnslens"))
                .args(["read", &fifo, "--format", format])
                .output()
                .unwrap();
            writer.join().unwrap().unwrap();
            let err = String::from_utf8(got.stderr).unwrap();
            assert_eq!(got.status.code(), Some(0), "{format}: {err}");
            assert!(
                got.stdout == want.stdout,
                "{name} {format}: the output differs"
            );
            assert_eq!(
                err,
                String::from_utf8(want.stderr)
                    .unwrap()
                    .replace(&path, &name),
                "{format}"
            );
        }
    }
    let _ = std::fs::remove_file(&fifo);
    refused(
        &["read", "/dev/null"],
        b"",
        "/dev/null: the file is shorter than any capture file header",
    );
}
