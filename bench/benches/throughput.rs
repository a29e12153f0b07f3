//! Messages per second over one large capture, dnslens beside its peers, same messages, same run.
//!
//! `DNSLENS_BIG=path.pcap cargo bench` (scripts/bench.sh builds the capture with
//! tests/corpus/tools/make_big_pcap.py: 1,000,000 DNS messages over Ethernet/IP/UDP).

use std::hint::black_box;
use std::time::Instant;

use dnslens_bench::{allocations, Counting};

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Best of `runs` timings of `f`, in seconds.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}

fn rate(n: usize, secs: f64) -> String {
    let r = n as f64 / secs;
    if r >= 1e6 { format!("{:.2} M msgs/s", r / 1e6) } else { format!("{:.0} k msgs/s", r / 1e3) }
}

fn main() {
    let path = std::env::var("DNSLENS_BIG").unwrap_or_else(|_| "../target/bench/big.pcap".into());
    let file = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e} (run scripts/bench.sh, which builds it)"));
    // Locate every DNS message once (for the per-message passes).
    let mut spans = Vec::new();
    for p in dnslens::input::capture::Reader::new(&file).expect("a pcap") {
        if let Some(u) = dnslens::wire::frame::udp_payload(p.linktype, p.data) {
            spans.push((p.data_offset + u.payload.start, p.data_offset + u.payload.end));
        }
    }
    let msgs: Vec<&[u8]> = spans.iter().map(|&(s, e)| &file[s..e]).collect();
    let n = msgs.len();
    println!("# {path}: {} bytes, {n} DNS messages; one core", file.len());

    // (a) The packet-list pass: pcap records, Ethernet/IP/UDP, the Info line — as the page does.
    let list = || {
        let mut count = 0usize;
        dnslens::flow::list::list(&file, &[], |item| count += item.info.len() & 1).unwrap();
        count
    };
    let t_list = best(3, list);
    let allocs_list = allocations(n, list);
    println!("summary pass (file → Info lines)     {:>16}   {:.2} allocations per message", rate(n, t_list), allocs_list);
    let mut line = String::with_capacity(512);
    let t_sum = best(3, || msgs.iter().map(|m| dnslens::present::info::summarize(m, &mut line).id as usize).sum::<usize>());
    let allocs_sum = allocations(n, || msgs.iter().map(|m| dnslens::present::info::summarize(m, &mut line).id as usize).sum::<usize>());
    println!("summary only (message → Info line)   {:>16}   {:.3} allocations per message", rate(n, t_sum), allocs_sum);

    // (b) and the typed decoders, on the same first 200,000 messages.
    let m = &msgs[..n.min(200_000)];
    let k = m.len();
    let t_tree = best(2, || m.iter().map(|b| dnslens::decode(b).answers.len()).sum::<usize>());
    // The typed model without the tree: header, questions, records with typed RDATA.
    let t_typed = best(3, || m.iter().filter_map(|b| dnslens::wire::parse(b).ok()).map(|x| x.answers().len()).sum::<usize>());
    let typed_ok = m.iter().filter(|b| dnslens::wire::parse(b).is_ok()).count();
    let hickory_ok = m.iter().filter(|b| hickory_proto::op::Message::from_vec(b).is_ok()).count();
    let allocs_typed = allocations(k, || m.iter().filter_map(|b| dnslens::wire::parse(b).ok()).count());
    let t_hickory = best(2, || m.iter().filter_map(|b| hickory_proto::op::Message::from_vec(b).ok()).map(|x| x.answers().len()).sum::<usize>());
    let t_domain = best(2, || {
        m.iter()
            .filter_map(|b| domain::base::Message::from_octets(*b).ok())
            .map(|msg| {
                let mut c = 0;
                if let Ok(q) = msg.question().collect::<Result<Vec<_>, _>>() {
                    c += q.len();
                }
                for sec in [msg.answer(), msg.authority(), msg.additional()] {
                    if let Ok(sec) = sec {
                        for rr in sec.limit_to::<domain::rdata::AllRecordData<_, domain::base::ParsedName<_>>>() {
                            c += rr.is_ok() as usize;
                        }
                    }
                }
                c
            })
            .sum::<usize>()
    });
    let t_simple = best(2, || m.iter().filter_map(|b| simple_dns::Packet::parse(b).ok()).map(|p| p.answers.len()).sum::<usize>());
    println!("dnslens::wire::parse (typed model)   {:>16}   {:.2} allocations per message; parses {typed_ok} of {k} (hickory {hickory_ok})", rate(k, t_typed), allocs_typed);
    println!("hickory-proto Message::from_vec      {:>16}   dnslens typed / hickory = {:.2}x", rate(k, t_hickory), t_hickory / t_typed);
    println!("domain Message + all RDATA parsed    {:>16}   dnslens typed / domain  = {:.2}x", rate(k, t_domain), t_domain / t_typed);
    println!("simple-dns Packet::parse             {:>16}   dnslens typed / simple  = {:.2}x", rate(k, t_simple), t_simple / t_typed);
    println!("dnslens::decode (model+tree+text)    {:>16}   {:.3}x hickory", rate(k, t_tree), t_hickory / t_tree);

    // One 512-byte message, full tree.
    let one = msgs.iter().min_by_key(|b| (b.len() as i64 - 512).abs()).expect("a message");
    let iters = 20_000;
    let t_one = best(3, || (0..iters).map(|_| dnslens::decode(black_box(one)).tree.children.len()).sum::<usize>());
    println!("full tree of one {}-byte message    {:>10.2} µs", one.len(), t_one / iters as f64 * 1e6);
}
