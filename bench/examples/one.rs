//! Profile helper: decode the capture's message nearest 512 bytes many times (for perf/callgrind).
use dnslens_bench::{allocations, Counting};

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let path = std::env::var("DNSLENS_BIG").unwrap_or_else(|_| "../target/bench/big.pcap".into());
    let file = std::fs::read(&path).expect("capture");
    let mut best: Option<Vec<u8>> = None;
    for p in dnslens::input::capture::Reader::new(&file).expect("a pcap").take(200_000) {
        if let Some(u) = dnslens::wire::frame::udp_payload(p.linktype, p.data) {
            let m = &p.data[u.payload.start..u.payload.end];
            if best.as_ref().is_none_or(|b| (b.len() as i64 - 512).abs() > (m.len() as i64 - 512).abs()) {
                best = Some(m.to_vec());
            }
        }
    }
    let one = best.expect("a message");
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let allocs = allocations(1, || dnslens::decode(&one));
    let m = dnslens::decode(&one);
    let mut fields = 0;
    m.tree.walk(&mut |_, _| fields += 1);
    let records = m.answers.len() + m.authorities.len() + m.additionals.len();
    println!("Field is {} bytes; {allocs} allocations (incl. reallocs), {fields} fields, {records} records", std::mem::size_of::<dnslens::Field>());
    if std::env::var("DUMP").is_ok() {
        let h: String = one.iter().map(|b| format!("{b:02x}")).collect();
        println!("{h}");
    }
    drop(m);
    let t = std::time::Instant::now();
    let mut c = 0;
    for _ in 0..n {
        c += dnslens::decode(std::hint::black_box(&one)).tree.children.len();
    }
    println!("{} bytes: {:.2} µs per full tree ({c})", one.len(), t.elapsed().as_secs_f64() / n as f64 * 1e6);
}
