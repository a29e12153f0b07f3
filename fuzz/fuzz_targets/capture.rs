//! Any bytes as a pcap/pcapng file through every layer and every DNS message found.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = dnslens::invariants::check_capture(data) {
        panic!("{e}");
    }
});
