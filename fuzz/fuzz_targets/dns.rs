//! Any bytes as a DNS message, in every dialect: no panic, no hang, every invariant kept.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = dnslens::invariants::check_message(data) {
        panic!("{e}");
    }
});
