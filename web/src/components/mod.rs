//! One function component per file; all read the shared state through [`crate::state::AppContext`].
pub mod detail;
pub mod diagnostics;
pub mod export;
pub mod flags;
pub mod hex;
pub mod input;
pub mod names;
pub mod packets;
pub mod splitter;
pub mod tour;
pub mod tree;
