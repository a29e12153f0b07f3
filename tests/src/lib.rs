//! Helpers shared by the end-to-end tests.

use std::path::PathBuf;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared` beside the repository (the corpus and the seeds).
pub fn shared() -> PathBuf {
    let p = repo().join("../shared");
    assert!(
        p.is_dir(),
        "../shared is missing beside the repository: {}",
        p.display()
    );
    p
}

/// Hex digits (anything else ignored) to bytes.
pub fn unhex(s: &str) -> Vec<u8> {
    let d: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
    d.chunks_exact(2)
        .map(|c| u8::from_str_radix(std::str::from_utf8(c).unwrap_or("00"), 16).unwrap_or(0))
        .collect()
}

/// Each capture in `../shared/corpus/captures/MANIFEST.tsv` with the extra DNS ports its
/// `oracle_args` column names (`udp:8053`, `tcp:1053`).
pub fn manifest() -> Vec<(String, Vec<u16>)> {
    let text = std::fs::read_to_string(shared().join("corpus/captures/MANIFEST.tsv"))
        .expect("MANIFEST.tsv");
    text.lines()
        .skip(1)
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let ports = cols.get(8).map_or(Vec::new(), |a| {
                a.split([' ', ','])
                    .filter_map(|t| t.split(':').nth(1))
                    .filter_map(|p| p.parse().ok())
                    .collect()
            });
            (cols[0].to_string(), ports)
        })
        .collect()
}

/// Every DNS message the dnspython oracle listed: (the `.dnspython.jsonl` file, its JSON line),
/// files in name order.
pub fn oracle_messages() -> Vec<(PathBuf, serde_json::Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared().join("corpus/oracle-out"))
        .expect("oracle-out")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".dnspython.jsonl"))
        .collect();
    files.sort();
    files
        .into_iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(&p).expect("oracle file");
            text.lines()
                .map(|l| (p.clone(), serde_json::from_str(l).expect("oracle JSON")))
                .collect::<Vec<_>>()
        })
        .collect()
}
