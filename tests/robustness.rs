//! Robustness: every corpus message, capture and dump passes the engine's invariants; every input
//! a fuzzer ever crashed on (kept in `tests/fuzz-regressions/<target>/`) passes them too.

use dnslens::invariants::{check_bytes, check_capture, check_message, check_text};
use dnslens_e2e::{corpus, oracle_messages, repo, unhex};

#[test]
fn corpus_messages_keep_every_invariant() {
    let mut n = 0;
    for (path, v) in oracle_messages() {
        let b = unhex(v["hex"].as_str().unwrap_or(""));
        check_message(&b).unwrap_or_else(|m| panic!("{}: {m}", path.display()));
        // Every prefix, too: a message cut anywhere must still decode cleanly.
        for cut in (0..b.len()).step_by((b.len() / 64).max(7)) {
            check_message(&b[..cut])
                .unwrap_or_else(|m| panic!("{} cut at {cut}: {m}", path.display()));
        }
        n += 1;
    }
    assert_eq!(n, 356);
}

#[test]
fn corpus_captures_keep_every_invariant() {
    let mut messages = 0;
    for e in std::fs::read_dir(corpus().join("captures"))
        .unwrap()
        .filter_map(|e| e.ok())
    {
        let p = e.path();
        if !matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("pcap" | "pcapng")
        ) {
            continue;
        }
        let file = std::fs::read(&p).unwrap();
        messages += check_capture(&file).unwrap_or_else(|m| panic!("{}: {m}", p.display()));
        // Truncated captures: 64 lengths spread over the file.
        for cut in (0..file.len()).step_by((file.len() / 64).max(1)) {
            check_capture(&file[..cut])
                .unwrap_or_else(|m| panic!("{} cut at {cut}: {m}", p.display()));
        }
    }
    // Default ports only here (53, 5353, 5355): the 8053 and 1053 captures add none.
    eprintln!("{messages} messages in the captures");
    assert_eq!(messages, 354, "356 in the corpus, 2 of them on port 8053");
}

/// The dumps and seeds as pasted and as files (`decode < FILE`), and every corpus message as
/// a file of its own bytes.
#[test]
fn dumps_and_seeds_keep_every_invariant() {
    for dir in ["tests/fixtures/dumps", "tests/fixtures/seeds"] {
        for e in std::fs::read_dir(repo().join(dir))
            .unwrap()
            .filter_map(|e| e.ok())
        {
            let file = std::fs::read(e.path()).unwrap();
            check_text(core::str::from_utf8(&file).unwrap()).unwrap();
            check_bytes(&file).unwrap_or_else(|m| panic!("{}: {m}", e.path().display()));
        }
    }
    let (mut raw, mut empty) = (0, 0);
    for (_, m) in oracle_messages() {
        let bytes = unhex(m["hex"].as_str().unwrap_or(""));
        check_bytes(&bytes).unwrap();
        match dnslens::input::parse_bytes(&bytes) {
            Ok(p) => raw += usize::from(p.bytes == bytes),
            // Nothing at all (two frames whose message is empty) is nothing to decode.
            Err(_) => empty += usize::from(bytes.is_empty()),
        }
    }
    assert_eq!(
        (raw, empty),
        (354, 2),
        "every corpus message, as a file, is read as itself"
    );
}

#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = repo().join("tests/fuzz-regressions");
    let mut n = 0;
    for target in ["dns", "text", "capture", "tcp"] {
        let Ok(entries) = std::fs::read_dir(dir.join(target)) else {
            continue;
        };
        for e in entries.filter_map(|e| e.ok()) {
            let data = std::fs::read(e.path()).unwrap();
            let r = match target {
                "dns" => check_message(&data),
                "text" => check_text(&String::from_utf8_lossy(&data)).and(check_bytes(&data)),
                "capture" | "tcp" => check_capture(&data).map(|_| ()),
                _ => Ok(()),
            };
            r.unwrap_or_else(|m| panic!("{}: {m}", e.path().display()));
            n += 1;
        }
    }
    eprintln!("{n} fuzz regression inputs checked");
}

/// The Info line against the dnspython oracle: for every message it accepts, the line holds the
/// message's ID and each question as `TYPE name`, and says "response" exactly for responses.
#[test]
fn info_line_names_what_the_oracle_sees() {
    let mut checked = 0;
    for (path, v) in oracle_messages() {
        if v.get("error").is_some_and(|e| !e.is_null()) {
            continue;
        }
        let b = unhex(v["hex"].as_str().unwrap_or(""));
        let line = dnslens::present::summary(&b);
        let id = v["id"].as_u64().unwrap();
        assert!(
            line.contains(&format!(" 0x{id:04x}")),
            "{}: {line}",
            path.display()
        );
        let response = v["flags"].as_u64().unwrap_or(0) & 0x8000 != 0;
        assert_eq!(
            line.contains(" response 0x"),
            response,
            "{}: {line}",
            path.display()
        );
        for q in v["cmp"]["qry"].as_array().into_iter().flatten() {
            let (name, ty) = (q[0].as_str().unwrap(), q[1].as_u64().unwrap() as u16);
            let want = format!(" {} {name}", dnslens::Rtype(ty));
            assert!(
                line.contains(&want),
                "{}: {line:?} lacks {want:?}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked > 300, "{checked}");
}

/// Resource bounds through the real CLI: a million tiny frames and a 1 GB capture (sparse on
/// disk), each read to the end with a clear summary, problems capped at 100 lines.
#[test]
fn a_million_tiny_frames_and_a_gigabyte() {
    let dir = std::env::temp_dir().join(format!("dnslens-bounds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let header = |f: &mut Vec<u8>| {
        for v in [
            0xa1b2c3d4u32.to_le_bytes(),
            [2, 0, 4, 0],
            [0; 4],
            [0; 4],
            65535u32.to_le_bytes(),
            1u32.to_le_bytes(),
        ] {
            f.extend_from_slice(&v);
        }
    };
    // 1,000,000 frames of 14 bytes: an Ethernet header and nothing after it.
    let mut tiny = Vec::with_capacity(24 + 30 * 1_000_000);
    header(&mut tiny);
    for _ in 0..1_000_000 {
        for v in [0u32, 0, 14, 14] {
            tiny.extend_from_slice(&v.to_le_bytes());
        }
        tiny.extend_from_slice(&[0; 12]);
        tiny.extend_from_slice(&[0x08, 0x00]);
    }
    let tiny_path = dir.join("tiny.pcap");
    std::fs::write(&tiny_path, &tiny).unwrap();
    // 1 GB: the header, then zeros: 67 million empty records.
    let gig_path = dir.join("gig.pcap");
    let mut gig = Vec::new();
    header(&mut gig);
    std::fs::write(&gig_path, &gig).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&gig_path)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    for (path, frames) in [(&tiny_path, 1_000_000usize), (&gig_path, 67_108_862)] {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let t0 = std::time::Instant::now();
        let code = dnslens_cli::run(
            ["dnslens", "read", path.to_str().unwrap()],
            &mut std::io::empty(),
            &mut out,
            &mut err,
        );
        let err = String::from_utf8_lossy(&err);
        assert_eq!(code, 0);
        assert!(out.is_empty());
        assert!(
            err.contains(&format!("{frames} frames, 0 DNS messages")),
            "{err}"
        );
        assert!(
            err.lines().count() <= 104,
            "{} lines of problems",
            err.lines().count()
        );
        assert!(t0.elapsed().as_secs() < 120, "{:?}", t0.elapsed());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
