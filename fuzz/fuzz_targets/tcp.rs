//! TCP reassembly: a fuzzer-chosen sequence of segments (sequence numbers, flags, payloads,
//! both directions) written as a real pcap, so the input is also a regression file for the
//! capture checks. Properties: no panic, bounded memory, every message found decodes cleanly.
#![no_main]
use arbitrary::Arbitrary;

#[derive(Arbitrary, Debug)]
struct Segment {
    to_server: bool,
    seq_delta: i16,
    flags: u8,
    payload: Vec<u8>,
}

fn frame(s: &Segment, seq: u32) -> Vec<u8> {
    let (src, dst, sp, dp) = if s.to_server { ([10, 0, 0, 1], [10, 0, 0, 2], 40000u16, 53u16) } else { ([10, 0, 0, 2], [10, 0, 0, 1], 53, 40000) };
    let payload = &s.payload[..s.payload.len().min(1400)];
    let total = 20 + 20 + payload.len();
    let mut f = vec![0x45, 0, (total >> 8) as u8, total as u8, 0, 0, 0x40, 0, 64, 6, 0, 0];
    f.extend_from_slice(&src);
    f.extend_from_slice(&dst);
    f.extend_from_slice(&sp.to_be_bytes());
    f.extend_from_slice(&dp.to_be_bytes());
    f.extend_from_slice(&seq.to_be_bytes());
    f.extend_from_slice(&0u32.to_be_bytes());
    f.extend_from_slice(&[0x50, s.flags, 0xff, 0xff, 0, 0, 0, 0]);
    f.extend_from_slice(payload);
    f
}

libfuzzer_sys::fuzz_target!(|segs: Vec<Segment>| {
    // pcap, LINKTYPE_RAW (101)
    let mut file = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 101, 0, 0, 0];
    let mut seq = [1000u32, 5000u32];
    for s in segs.iter().take(512) {
        let i = s.to_server as usize;
        seq[i] = seq[i].wrapping_add(s.seq_delta as i32 as u32);
        let f = frame(s, seq[i]);
        for v in [0u32, 0, f.len() as u32, f.len() as u32] {
            file.extend_from_slice(&v.to_le_bytes());
        }
        file.extend_from_slice(&f);
        seq[i] = seq[i].wrapping_add(s.payload.len().min(1400) as u32);
    }
    if let Err(e) = dnslens::invariants::check_capture(&file) {
        panic!("{e}");
    }
});
