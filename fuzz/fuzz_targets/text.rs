//! Any text as pasted input, and any bytes as a file handed over whole: no panic, errors
//! point inside the text, our own hex re-reads.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = dnslens::invariants::check_text(&text) {
        panic!("{e}");
    }
    if let Err(e) = dnslens::invariants::check_bytes(data) {
        panic!("{e}");
    }
});
