//! Query/response pairing over a capture.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::net::IpAddr;

use crate::flow::Found;

/// Unanswered queries kept at most by a [`Pairer`].
pub const MAX_OPEN: usize = 65_536;

/// Links responses to the queries they answer: same ID, and the response flows back between the
/// same two endpoints. Memory is bounded: at most [`MAX_OPEN`] unanswered queries are kept;
/// past that, the oldest is forgotten. `M` holds the open queries ([`OpenQueries`]).
#[derive(Default)]
pub struct Pairer<M = BTreeMap<Conversation, (usize, u64)>> {
    /// Each unanswered query: its message index and time.
    open: M,
    /// Queries in the order they came, from `oldest` on, to forget the oldest; entries of queries
    /// answered since are skipped then, and all are swept out once there are twice as many
    /// entries as can be open.
    order: Vec<(Conversation, usize)>,
    oldest: usize,
}

/// The open queries of a [`Pairer`] by conversation, with each one's message index and time.
///
/// The page's map is ordered (`BTreeMap`, the default): a hash table (hashbrown) halves the
/// searches' cost but, as queries come and go, grows to four times as many slots as entries,
/// which took the page's peak memory for a 1,000,000-message capture past three times the file.
/// The command line, which has the memory, takes the hash table (`HashPairer`, feature
/// `hash-pairing`).
pub trait OpenQueries: Default {
    /// The query of this conversation, if open.
    fn get(&self, k: &Conversation) -> Option<&(usize, u64)>;
    /// Open a query.
    fn insert(&mut self, k: Conversation, v: (usize, u64));
    /// Close the query of this conversation, if open.
    fn remove(&mut self, k: &Conversation) -> Option<(usize, u64)>;
    /// How many are open.
    fn open(&self) -> usize;
}

impl OpenQueries for BTreeMap<Conversation, (usize, u64)> {
    fn get(&self, k: &Conversation) -> Option<&(usize, u64)> {
        BTreeMap::get(self, k)
    }
    fn insert(&mut self, k: Conversation, v: (usize, u64)) {
        BTreeMap::insert(self, k, v);
    }
    fn remove(&mut self, k: &Conversation) -> Option<(usize, u64)> {
        BTreeMap::remove(self, k)
    }
    fn open(&self) -> usize {
        BTreeMap::len(self)
    }
}

/// A [`Pairer`] over a hash table: the same pairs, for a program with memory to spare.
#[cfg(feature = "hash-pairing")]
pub type HashPairer = Pairer<hashbrown::HashMap<Conversation, (usize, u64)>>;

#[cfg(feature = "hash-pairing")]
impl OpenQueries for hashbrown::HashMap<Conversation, (usize, u64)> {
    fn get(&self, k: &Conversation) -> Option<&(usize, u64)> {
        hashbrown::HashMap::get(self, k)
    }
    fn insert(&mut self, k: Conversation, v: (usize, u64)) {
        hashbrown::HashMap::insert(self, k, v);
    }
    fn remove(&mut self, k: &Conversation) -> Option<(usize, u64)> {
        hashbrown::HashMap::remove(self, k)
    }
    fn open(&self) -> usize {
        hashbrown::HashMap::len(self)
    }
}

/// A query's ID, its source address and port, its destination address and port, as one small
/// value that compares quickly: IPv4 (the usual case) packs into four words (a tuple of
/// `IpAddr`s made the map's searches an eighth of the packet list's time); IPv6, rare, is boxed
/// so that it does not make every key 40 bytes.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Conversation(Key);

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    V4([u32; 4]),
    V6(Box<([u16; 3], [u8; 16], [u8; 16])>),
}

impl Conversation {
    fn new(id: u16, src: IpAddr, sport: u16, dst: IpAddr, dport: u16) -> Conversation {
        Conversation(match (src, dst) {
            (IpAddr::V4(s), IpAddr::V4(d)) => Key::V4([
                u32::from(id) << 16 | u32::from(sport),
                u32::from(dport),
                u32::from(s),
                u32::from(d),
            ]),
            // Both addresses come from one IP header, so a mixed pair never occurs; were it to,
            // the mapped form keeps it apart from every IPv4 pair.
            (s, d) => Key::V6(Box::new(([id, sport, dport], v6(s), v6(d)))),
        })
    }
}

fn v6(a: IpAddr) -> [u8; 16] {
    match a {
        IpAddr::V4(a) => a.to_ipv6_mapped().octets(),
        IpAddr::V6(a) => a.octets(),
    }
}

impl<M: OpenQueries> Pairer<M> {
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
        if self.open.open() >= MAX_OPEN {
            // Forget the oldest query still open.
            while let Some((key, i)) = self.order.get(self.oldest) {
                self.oldest += 1;
                if self.open.get(key).is_some_and(|v| v.0 == *i) {
                    let key = key.clone();
                    self.open.remove(&key);
                    break;
                }
            }
        }
        if self.order.len() >= 2 * MAX_OPEN {
            // Sweep out what was forgotten or answered: at most MAX_OPEN entries stay.
            let (open, oldest) = (&self.open, self.oldest);
            let mut k = 0;
            self.order.retain(|(key, i)| {
                k += 1;
                k > oldest && open.get(key).is_some_and(|v| v.0 == *i)
            });
            self.oldest = 0;
        }
        let key = Conversation::new(id, f.src, f.sport, f.dst, f.dport);
        self.order.push((key.clone(), index));
        self.open.insert(key, (index, f.ts_ns));
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

    type Ordered = BTreeMap<Conversation, (usize, u64)>;
    #[cfg(feature = "hash-pairing")]
    type Hashed = hashbrown::HashMap<Conversation, (usize, u64)>;

    #[test]
    fn pairs_as_the_rule_says_over_ipv4_and_ipv6_captures() {
        pairs_as_the_rule_says::<Ordered>();
        #[cfg(feature = "hash-pairing")]
        pairs_as_the_rule_says::<Hashed>();
    }

    #[test]
    fn forgets_the_oldest_query_past_the_bound() {
        forgets_the_oldest::<Ordered>();
        #[cfg(feature = "hash-pairing")]
        forgets_the_oldest::<Hashed>();
    }

    fn pairs_as_the_rule_says<M: OpenQueries>() {
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
            let mut p = Pairer::<M>::default();
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

    fn forgets_the_oldest<M: OpenQueries>() {
        let file = crate::corpus_capture("suricata__dns-udp-google.com-a-aaaa-mx.pcap");
        let mut first = None;
        crate::flow::list::list(&file, &[], |it| {
            first.get_or_insert(it.found);
        })
        .unwrap();
        let q = first.unwrap();
        let mut r = q.clone();
        (r.src, r.dst, r.sport, r.dport) = (q.dst, q.src, q.dport, q.sport);
        let mut p = Pairer::<M>::default();
        // MAX_OPEN + 1 queries from as many addresses: the first one is forgotten. The highest
        // addresses come first, so forgetting the smallest key would forget another.
        let n = MAX_OPEN + 1;
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
        // 200,000 queries answered at once: the record of their order stays bounded too.
        for i in 0..200_000 {
            let f = Found {
                sport: 1,
                ..q.clone()
            };
            assert_eq!(p.add(n + 3 + 2 * i, &f, 9, false), None);
            let a = Found {
                dport: 1,
                ..r.clone()
            };
            assert!(p.add(n + 4 + 2 * i, &a, 9, true).is_some());
        }
        assert!(p.open.open() <= MAX_OPEN);
        assert!(p.order.len() <= 2 * MAX_OPEN);
    }
}
