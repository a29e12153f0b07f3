//! One component per file.
pub mod diagnostics;
pub mod hex;
pub mod packets;
pub mod tree;
