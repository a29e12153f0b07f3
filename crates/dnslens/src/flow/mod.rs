//! State across the frames of a capture: IP fragment and DNS-over-TCP reassembly
//! ([`Extractor`]), query/response pairing ([`Pairer`]) and the packet list over a file that
//! may still be arriving ([`list`]).

mod extract;
pub mod list;
mod pair;

pub use extract::{Extractor, Found, Note, DNS_PORTS, NONE_FOUND};
pub use pair::{Conversation, OpenQueries, Pairer, Query, MAX_OPEN};
#[cfg(feature = "hash-pairing")]
pub use pair::{HashPairer, Positions};
