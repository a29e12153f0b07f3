//! Hostile URL fragments: decoding never panics, never hangs, never allocates past its caps;
//! and whatever decodes re-encodes to a fragment that decodes to the same link.
#![no_main]

#[allow(dead_code)]
#[path = "../../web/src/permalink.rs"]
mod permalink;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // As text (what a browser hands over)...
    let text = String::from_utf8_lossy(data);
    if let Ok(Some(f)) = permalink::decode(&text) {
        let again = permalink::decode(&permalink::encode(&f.link, f.embed)).expect("our own link decodes");
        assert_eq!(again, Some(f));
    }
    // ...and as a payload behind valid base64 and deflate, to reach the payload parser.
    if let Ok(link) = permalink::from_payload(data) {
        assert_eq!(permalink::from_payload(&permalink::payload(&link)), Ok(link));
    }
});
