//! Query/response pairing over a capture.

use alloc::collections::VecDeque;
use core::net::IpAddr;

use crate::flow::Found;

/// Links responses to the queries they answer: same ID, and the response flows back between the
/// same two endpoints. Memory is bounded: at most [`Pairer::MAX_OPEN`] unanswered queries are
/// kept; past that, the oldest is forgotten.
#[derive(Default)]
pub struct Pairer {
    /// Each unanswered query: its message index and time. A hash table (hashbrown, the standard
    /// library's own) because the ordered map's searches were a tenth of the packet list's time.
    open: hashbrown::HashMap<Conversation, (usize, u64)>,
    /// Queries in the order they came, to forget the oldest; entries of queries answered since
    /// are skipped then, and swept out when they make up half.
    order: VecDeque<(Conversation, usize)>,
}

/// A query's ID, its source address and port, its destination address and port, as one value
/// that hashes and compares quickly: IPv4 (the usual case) packs into one `u128` (the map's searches were
/// an eighth of the packet list's time with a tuple of `IpAddr`s); IPv6 keeps its octets.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Conversation {
    V4(u128),
    V6(u16, u16, u16, [u8; 16], [u8; 16]),
}

impl Conversation {
    fn new(id: u16, src: IpAddr, sport: u16, dst: IpAddr, dport: u16) -> Conversation {
        match (src, dst) {
            (IpAddr::V4(s), IpAddr::V4(d)) => Conversation::V4(
                u128::from(id) << 96
                    | u128::from(sport) << 80
                    | u128::from(dport) << 64
                    | u128::from(u32::from(s)) << 32
                    | u128::from(u32::from(d)),
            ),
            // Both addresses come from one IP header, so a mixed pair never occurs; were it to,
            // the mapped form keeps it apart from every IPv4 pair.
            (s, d) => Conversation::V6(id, sport, dport, v6(s), v6(d)),
        }
    }
}

fn v6(a: IpAddr) -> [u8; 16] {
    match a {
        IpAddr::V4(a) => a.to_ipv6_mapped().octets(),
        IpAddr::V6(a) => a.octets(),
    }
}

impl Pairer {
    /// Unanswered queries kept at most.
    pub const MAX_OPEN: usize = 65_536;

    /// Note message number `index`; for a response, returns the query's index and the time between.
    pub fn add(
        &mut self,
        index: usize,
        f: &Found,
        id: u16,
        response: bool,
    ) -> Option<(usize, u64)> {
        if response {
            let key = Conversation::new(id, f.dst, f.dport, f.src, f.sport);
            let (i, ts) = self.open.remove(&key)?;
            return Some((i, f.ts_ns.saturating_sub(ts)));
        }
        let open = &self.open;
        let still_open = |(k, i): &(Conversation, usize)| open.get(k).is_some_and(|v| v.0 == *i);
        if self.open.len() >= Self::MAX_OPEN {
            while let Some(oldest) = self.order.pop_front() {
                if still_open(&oldest) {
                    self.open.remove(&oldest.0);
                    break;
                }
            }
        } else if self.order.len() >= 2 * Self::MAX_OPEN {
            self.order.retain(still_open);
        }
        let key = Conversation::new(id, f.src, f.sport, f.dst, f.dport);
        self.open.insert(key, (index, f.ts_ns));
        self.order.push_back((key, index));
        None
    }
}

#[cfg(test)]
mod test {
    use alloc::vec::Vec;

    use super::*;

    /// The same rule written the plain way: a response answers the last unanswered query before
    /// it with its ID whose endpoints are its own, reversed.
    fn by_search(msgs: &[(Found, u16, bool)]) -> Vec<Option<usize>> {
        let mut answered = alloc::vec![false; msgs.len()];
        let mut out = alloc::vec![None; msgs.len()];
        for (i, (r, id, qr)) in msgs.iter().enumerate() {
            if !qr {
                continue;
            }
            let q = (0..i).rev().find(|&j| {
                let (q, qid, qqr) = &msgs[j];
                !qqr && !answered[j]
                    && qid == id
                    && (q.src, q.sport, q.dst, q.dport) == (r.dst, r.dport, r.src, r.sport)
            });
            if let Some(j) = q {
                answered[j] = true;
                out[i] = Some(j);
            }
        }
        out
    }

    #[test]
    fn pairs_as_the_rule_says_over_ipv4_and_ipv6_captures() {
        for (name, v6) in [
            ("suricata__dns-udp-google.com-a-aaaa-mx.pcap", false),
            ("zeek__ech.pcap", true),
            ("zeek__ipv6-fragmented-dns.pcap", true),
            ("pcapplusplus__dns_over_tcp.pcapng", false),
        ] {
            let file = crate::corpus_capture(name);
            let mut msgs = Vec::new();
            crate::flow::list::list(&file, &[], |it| {
                msgs.push((it.found, it.brief.id, it.brief.qr));
            })
            .unwrap();
            let mut p = Pairer::default();
            let got: Vec<Option<usize>> = msgs
                .iter()
                .enumerate()
                .map(|(i, (f, id, qr))| p.add(i, f, *id, *qr).map(|(q, _)| q))
                .collect();
            let want = by_search(&msgs);
            assert_eq!(got, want, "{name}");
            assert!(got.iter().any(Option::is_some), "{name}: no pair at all");
            let paired_v6 = got
                .iter()
                .zip(&msgs)
                .any(|(g, (f, ..))| g.is_some() && f.src.is_ipv6());
            assert_eq!(paired_v6, v6, "{name}: IPv6 pairs");
        }
    }

    #[test]
    fn forgets_the_oldest_query_past_the_bound() {
        let file = crate::corpus_capture("suricata__dns-udp-google.com-a-aaaa-mx.pcap");
        let mut first = None;
        crate::flow::list::list(&file, &[], |it| {
            first.get_or_insert(it.found);
        })
        .unwrap();
        let q = first.unwrap();
        let mut r = q.clone();
        (r.src, r.dst, r.sport, r.dport) = (q.dst, q.src, q.dport, q.sport);
        let mut p = Pairer::default();
        // MAX_OPEN + 1 queries from as many addresses: the first one is forgotten. The highest
        // addresses come first, so forgetting the smallest key would forget another.
        let n = Pairer::MAX_OPEN + 1;
        let host = |i: usize| IpAddr::V4(core::net::Ipv4Addr::from(0x0a00_0000 + (n - i) as u32));
        for i in 0..n {
            let f = Found {
                src: host(i),
                ..q.clone()
            };
            assert_eq!(p.add(i, &f, 7, false), None);
        }
        let answer = |i: usize| Found {
            dst: host(i),
            ..r.clone()
        };
        assert_eq!(p.add(n, &answer(0), 7, true), None);
        assert_eq!(p.add(n + 1, &answer(1), 7, true).map(|x| x.0), Some(1));
        assert_eq!(
            p.add(n + 2, &answer(n - 1), 7, true).map(|x| x.0),
            Some(n - 1)
        );
        assert!(p.open.len() <= Pairer::MAX_OPEN && p.order.len() <= 2 * Pairer::MAX_OPEN);
    }
}
