//! Query/response pairing over a capture.

use alloc::collections::BTreeMap;
use core::net::IpAddr;

use crate::flow::Found;

/// Links responses to the queries they answer: same ID, and the response flows back between the
/// same two endpoints. Memory is bounded: at most [`Pairer::MAX_OPEN`] unanswered queries are kept.
#[derive(Default)]
pub struct Pairer {
    open: BTreeMap<Conversation, (usize, u64)>,
}

/// A query's ID, its source address and port, its destination address and port.
type Conversation = (u16, IpAddr, u16, IpAddr, u16);

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
            let (i, ts) = self.open.remove(&(id, f.dst, f.dport, f.src, f.sport))?;
            return Some((i, f.ts_ns.saturating_sub(ts)));
        }
        if self.open.len() >= Self::MAX_OPEN {
            let first = *self.open.keys().next()?;
            self.open.remove(&first);
        }
        self.open
            .insert((id, f.src, f.sport, f.dst, f.dport), (index, f.ts_ns));
        None
    }
}
