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
/// past that, the oldest is forgotten. `M` finds an open query by its conversation
/// ([`OpenQueries`]).
#[derive(Default)]
pub struct Pairer<M = BTreeMap<Conversation, u32>> {
    /// Queries in the order they came. From `oldest` on, each is open or a hole (answered,
    /// forgotten, or replaced by a later query of its conversation); once there are twice as
    /// many as can be open, the holes are closed up.
    queue: Vec<Query>,
    oldest: usize,
    /// How many in `queue` are open.
    open: usize,
    /// Where in `queue` each open query is.
    at: M,
}

/// A query as a [`Pairer`] keeps it, in arrival order: its conversation, its message index
/// (`CLOSED` once it is no longer open) and time.
pub struct Query {
    key: Conversation,
    index: usize,
    ts: u64,
}

const CLOSED: usize = usize::MAX;

/// Where each open query of a [`Pairer`] is in its queue, found by conversation: a position for
/// every open query, and none for any other.
///
/// The page's map is ordered (`BTreeMap`, the default): it carries no hash table's code in its
/// size budget. (A hash map of whole entries was tried there once and, as queries came and
/// went, grew to four times as many slots as entries.) The command line takes a hash table of
/// positions (`HashPairer`, feature `hash-pairing`): four bytes a slot keep it in the
/// processor's cache, where a map of whole entries (40 bytes a slot) missed on every lookup
/// once 65,536 queries were open.
pub trait OpenQueries: Default {
    /// Take out the open query of `key`: its position.
    fn take(&mut self, key: &Conversation, queue: &[Query]) -> Option<u32>;
    /// Take out the open query at `pos`.
    fn take_at(&mut self, pos: u32, queue: &[Query]);
    /// Note `queue[pos]` as the open query of its conversation; returns the position of the one
    /// it replaces.
    fn put(&mut self, pos: u32, queue: &[Query]) -> Option<u32>;
    /// Forget every position.
    fn clear(&mut self);
}

impl OpenQueries for BTreeMap<Conversation, u32> {
    fn take(&mut self, key: &Conversation, _: &[Query]) -> Option<u32> {
        self.remove(key)
    }
    fn take_at(&mut self, pos: u32, queue: &[Query]) {
        if let Some(q) = queue.get(pos as usize) {
            self.remove(&q.key);
        }
    }
    fn put(&mut self, pos: u32, queue: &[Query]) -> Option<u32> {
        let q = queue.get(pos as usize)?;
        self.insert(q.key.clone(), pos)
    }
    fn clear(&mut self) {
        BTreeMap::clear(self);
    }
}

/// A [`Pairer`] over a hash table of positions: the same pairs, faster over many open queries.
#[cfg(feature = "hash-pairing")]
pub type HashPairer = Pairer<Positions>;

/// The open queries' positions in a hash table, each found through its query's conversation.
#[cfg(feature = "hash-pairing")]
#[derive(Default)]
pub struct Positions {
    table: hashbrown::HashTable<u32>,
    hasher: hashbrown::DefaultHashBuilder,
}

#[cfg(feature = "hash-pairing")]
impl OpenQueries for Positions {
    fn take(&mut self, key: &Conversation, queue: &[Query]) -> Option<u32> {
        let hash = core::hash::BuildHasher::hash_one(&self.hasher, key);
        let of = |p: &u32| queue.get(*p as usize).is_some_and(|q| q.key == *key);
        Some(self.table.find_entry(hash, of).ok()?.remove().0)
    }
    fn take_at(&mut self, pos: u32, queue: &[Query]) {
        if let Some(q) = queue.get(pos as usize) {
            let hash = core::hash::BuildHasher::hash_one(&self.hasher, &q.key);
            // Found by its position, without reading the queue again.
            if let Ok(e) = self.table.find_entry(hash, |p| *p == pos) {
                e.remove();
            }
        }
    }
    fn put(&mut self, pos: u32, queue: &[Query]) -> Option<u32> {
        use hashbrown::hash_table::Entry;
        let key = &queue.get(pos as usize)?.key;
        let h = &self.hasher;
        let hash = core::hash::BuildHasher::hash_one(h, key);
        let of = |p: &u32| queue.get(*p as usize).is_some_and(|q| q.key == *key);
        let rehash = |p: &u32| {
            queue
                .get(*p as usize)
                .map_or(0, |q| core::hash::BuildHasher::hash_one(h, &q.key))
        };
        match self.table.entry(hash, of, rehash) {
            Entry::Occupied(mut e) => Some(core::mem::replace(e.get_mut(), pos)),
            Entry::Vacant(e) => {
                e.insert(pos);
                None
            }
        }
    }
    fn clear(&mut self) {
        self.table.clear();
    }
}

/// A query's ID, its source address and port, its destination address and port, as one small
/// value that compares quickly: IPv4 (the usual case) packs into four words (a tuple of
/// `IpAddr`s made the map's searches an eighth of the packet list's time); IPv6, rare, is boxed
/// so that it does not make every key 40 bytes.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Conversation(Key);

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    V4([u32; 4]),
    V6(Box<([u16; 3], [u8; 16], [u8; 16])>),
}

impl core::hash::Hash for Key {
    fn hash<H: core::hash::Hasher>(&self, h: &mut H) {
        match self {
            // Two words, where the derived hash fed the hasher a variant, a length and four
            // words.
            Key::V4([a, b, c, d]) => {
                h.write_u64(u64::from(*a) << 32 | u64::from(*b));
                h.write_u64(u64::from(*c) << 32 | u64::from(*d));
            }
            Key::V6(k) => k.hash(h),
        }
    }
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
    /// Note a message under `index` (its number, or anything else that names it to the caller,
    /// such as its frame); for a response, returns its query's `index` and the time between.
    pub fn add(
        &mut self,
        index: usize,
        f: &Found,
        id: u16,
        response: bool,
    ) -> Option<(usize, u64)> {
        if response {
            let key = Conversation::new(id, f.dst, f.dport, f.src, f.sport);
            let pos = self.at.take(&key, &self.queue)?;
            let (i, ts) = self.close(pos)?;
            return Some((i, f.ts_ns.saturating_sub(ts)));
        }
        if self.open >= MAX_OPEN {
            // Forget the oldest query still open.
            while let Some(q) = self.queue.get(self.oldest) {
                let pos = self.oldest as u32;
                self.oldest += 1;
                if q.index != CLOSED {
                    self.at.take_at(pos, &self.queue);
                    self.close(pos);
                    break;
                }
            }
        }
        if self.queue.len() >= 2 * MAX_OPEN {
            // Close up the holes (at most MAX_OPEN queries stay) and note where each one is now.
            let (oldest, mut k) = (self.oldest, 0);
            self.queue.retain(|q| {
                k += 1;
                k > oldest && q.index != CLOSED
            });
            self.oldest = 0;
            self.at.clear();
            for pos in 0..self.queue.len() as u32 {
                self.at.put(pos, &self.queue);
            }
        }
        // Fewer than 2 * MAX_OPEN queries are queued here: a position fits in 32 bits.
        let pos = self.queue.len() as u32;
        self.queue.push(Query {
            key: Conversation::new(id, f.src, f.sport, f.dst, f.dport),
            index,
            ts: f.ts_ns,
        });
        self.open += 1;
        if let Some(old) = self.at.put(pos, &self.queue) {
            self.close(old);
        }
        None
    }

    /// The query at `pos` is no longer open: its index and time (`None` if it was not open,
    /// which the map's positions never lead to).
    fn close(&mut self, pos: u32) -> Option<(usize, u64)> {
        let q = self
            .queue
            .get_mut(pos as usize)
            .filter(|q| q.index != CLOSED)?;
        self.open = self.open.saturating_sub(1);
        Some((core::mem::replace(&mut q.index, CLOSED), q.ts))
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

    type Ordered = BTreeMap<Conversation, u32>;
    #[cfg(feature = "hash-pairing")]
    type Hashed = Positions;

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

    #[test]
    fn keeps_and_forgets_as_a_plain_queue_and_map_do() {
        same_as_plain_queue_and_map::<Ordered>();
        #[cfg(feature = "hash-pairing")]
        same_as_plain_queue_and_map::<Hashed>();
    }

    /// The first message of a captured exchange (a query), whose addresses the tests vary.
    fn first_query() -> Found {
        let file = crate::corpus_capture("suricata__dns-udp-google.com-a-aaaa-mx.pcap");
        let mut first = None;
        crate::flow::list::list(&file, &[], |it| {
            first.get_or_insert(it.found);
        })
        .unwrap();
        first.unwrap()
    }

    /// Random queries and responses over 150,000 conversations, enough to keep more than
    /// MAX_OPEN open, to answer some, and to ask again before an answer: the pairs, and which
    /// queries are forgotten, are those of the rule kept the plain way (a map of the open
    /// queries, their arrival order beside it, and the oldest open one forgotten past the bound).
    fn same_as_plain_queue_and_map<M: OpenQueries>() {
        let q = first_query();
        let (mut open, mut order) = (BTreeMap::new(), alloc::collections::VecDeque::new());
        let mut p = Pairer::<M>::default();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let (mut paired, mut forgotten) = (0, 0);
        for i in 0..400_000usize {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let conv = (x >> 20) % 150_000;
            let response = x % 5 < 2;
            let host = IpAddr::V4(core::net::Ipv4Addr::from(0x0a00_0000 + conv as u32));
            let f = Found {
                src: if response { q.dst } else { host },
                dst: if response { host } else { q.dst },
                sport: if response { q.dport } else { 5353 },
                dport: if response { 5353 } else { q.dport },
                ts_ns: i as u64 * 1000,
                ..q.clone()
            };
            let want = if response {
                open.remove(&conv)
                    .map(|j: usize| (j, (i - j) as u64 * 1000))
            } else {
                if open.len() >= MAX_OPEN {
                    while let Some((c, j)) = order.pop_front() {
                        if open.get(&c) == Some(&j) {
                            open.remove(&c);
                            forgotten += 1;
                            break;
                        }
                    }
                }
                open.insert(conv, i);
                order.push_back((conv, i));
                None
            };
            paired += usize::from(want.is_some());
            assert_eq!(p.add(i, &f, 7, response), want, "message {i}");
        }
        assert!(
            paired > 10_000 && forgotten > 10_000,
            "{paired} {forgotten}"
        );
        assert_eq!(p.open, open.len());
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
        let q = first_query();
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
        assert!(p.open <= MAX_OPEN);
        assert!(p.queue.len() <= 2 * MAX_OPEN);
    }
}
