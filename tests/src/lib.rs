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
