//! The only code that interprets bytes: views over the wire formats, each checked once, with
//! offsets named in one place.
//!
//! - [`bitmap`]: the one walker over NSEC/NSEC3/CSYNC type bitmaps.
//! - [`ecs`]: the EDNS client-subnet option's layout and rules.
//! - [`frame`]: the fast path to a DNS message in a plain UDP frame.
//! - [`header`]: the header, the fixed fields of questions and records, the flag bits.
//! - [`name`]: the one domain-name walker (labels, pointers, the 255-octet and
//!   backwards-pointer rules).
//! - [`rdata`]: one layout per RDATA type, read by the typed parse and the tree alike.
//! - [`tlv`]: the one walker over code–length–value lists (EDNS options, SvcParams).
//! - [`view`]: the checked views typed values hold (name, strings, TLVs, type bitmap).
//! - [`typed`]: the strict typed parse of a whole message (the first problem stops it).

pub mod bitmap;
pub mod ecs;
pub mod frame;
pub mod header;
pub mod name;
pub mod rdata;
pub mod tlv;
pub mod typed;
pub mod view;

pub use bitmap::{bitmap_windows, BitmapProblem, Window};
pub use rdata::{AplItem, Gateway, Names};
pub use typed::*;
