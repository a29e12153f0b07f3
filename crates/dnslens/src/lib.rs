//! # dnslens — a DNS dissector engine
//!
//! Turns the bytes of a DNS message into a typed model ([`Message`]) and a dissection tree
//! ([`Field`]) where every field has one absolute, half-open byte range, a value, a plain-language
//! explanation and an RFC reference. Problems never stop decoding: each becomes a [`Diagnostic`]
//! at its byte offset.
//!
//! `#![no_std]` + `alloc`, no I/O, no `unsafe`; builds for `wasm32-unknown-unknown` and bare-metal
//! targets. The `serde` feature adds `Serialize` to the model (the RFC 8427 JSON is
//! [`present::json`], without serde).
//!
//! Panic freedom: decoders index only through `get`/checked ranges, loops advance by at least one
//! byte per turn, and compression pointers must lead strictly backwards (see [`wire::name`]).
//!
//! The layout, one rule in one place:
//!
//! - [`wire`]: the only code that interprets bytes — the name walker, the TLV and type-bitmap
//!   walkers, the header and record framing, the fast UDP path, the strict typed parse.
//! - [`mod@dissect`]: the explained tree ([`dissect()`] is the entry point for pasted bytes and
//!   captured frames; [`detect()`] says where pasted bytes start), the model ([`Message`]).
//! - [`present`]: the Info line, dig text, the tree as text, RFC 8427 JSON.
//! - [`flow`]: IP fragment and TCP reassembly, query/response pairing, the packet list.
//! - [`input`]: pasted text in its many formats, pcap and pcapng files.
//!
//! ```
//! let bytes = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
//!              7, b'e', b'x', b'a', b'm', b'p', b'l', b'e', 0, 0, 1, 0, 1];
//! let m = dnslens::decode(&bytes);
//! assert_eq!(m.questions[0].name, "example.");
//! assert!(m.diagnostics.is_empty());
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(test)]
extern crate std;

/// A capture of the test corpus the repository owns (`tests/corpus/captures/`), for the unit tests.
#[cfg(test)]
pub(crate) fn corpus_capture(name: &str) -> alloc::vec::Vec<u8> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/captures/");
    std::fs::read(std::format!("{dir}{name}")).expect("tests/corpus/captures in the repository")
}

pub mod dissect;
pub mod encoding;
pub mod flow;
pub mod iana;
pub mod input;
pub mod invariants;
pub mod present;
pub mod tree;
pub mod wire;

pub use dissect::model::{Flavor, Header, Message, Question, Record, Section};
pub use dissect::{detect, dissect, Detected, Dissection};
pub use iana::{Class, LinkType, Opcode, OptCode, Rcode, Rtype};
pub use tree::{Diagnostic, Field, Kind, Layer, Severity, Span};

/// Decode a unicast DNS message.
pub fn decode(bytes: &[u8]) -> Message {
    dissect::message::decode(bytes, Flavor::Dns)
}

/// Decode a message in a given dialect (mDNS and LLMNR read some bits differently).
pub fn decode_as(bytes: &[u8], flavor: Flavor) -> Message {
    dissect::message::decode(bytes, flavor)
}
