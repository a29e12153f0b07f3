//! Helpers shared by the end-to-end tests.

use std::path::PathBuf;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The test corpus the tests own: `tests/corpus` (captures with their MANIFEST and licenses,
/// the oracle outputs, the scripts that made them).
pub fn corpus() -> PathBuf {
    repo().join("tests/corpus")
}

/// Data taken from the seed walkthroughs (their dumps and hex, not their prose):
/// `tests/fixtures/seeds/NAME`.
pub fn seed_fixture(name: &str) -> String {
    let p = repo().join("tests/fixtures/seeds").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Hex digits (anything else ignored) to bytes.
pub fn unhex(s: &str) -> Vec<u8> {
    let d: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
    d.chunks_exact(2)
        .map(|c| u8::from_str_radix(std::str::from_utf8(c).unwrap_or("00"), 16).unwrap_or(0))
        .collect()
}

/// Each capture in `tests/corpus/captures/MANIFEST.tsv` with the extra DNS ports its
/// `oracle_args` column names (`udp:8053`, `tcp:1053`).
pub fn manifest() -> Vec<(String, Vec<u16>)> {
    let text =
        std::fs::read_to_string(corpus().join("captures/MANIFEST.tsv")).expect("MANIFEST.tsv");
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
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus().join("oracle-out"))
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

/// Every oracle message's bytes, with where it is from (`file.pcap.dnspython.jsonl frame N`).
pub fn oracle_bytes() -> Vec<(String, Vec<u8>)> {
    oracle_messages()
        .into_iter()
        .map(|(path, v)| {
            let at = format!(
                "{} frame {}",
                path.file_name().unwrap().to_string_lossy(),
                v["frame"]
            );
            (at, unhex(v["hex"].as_str().expect("hex")))
        })
        .collect()
}

/// The shape of a tree (`Field::shape`), appended to `out`.
pub fn shape(f: &dnslens::Field, out: &mut String) {
    out.push_str(&f.shape());
}

/// Compare `got` with the golden file `tests/golden/NAME`, or write it with `UPDATE_GOLDEN=1`.
pub fn golden(name: &str, got: &str) {
    let path = repo().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    if want != got {
        let line = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(got.lines().count()));
        panic!(
            "{} differs from the output at line {}:\n want: {}\n  got: {}",
            path.display(),
            line + 1,
            want.lines().nth(line).unwrap_or("(end)"),
            got.lines().nth(line).unwrap_or("(end)")
        );
    }
}
