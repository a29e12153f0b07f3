//! What users hand over: text in the formats people paste ([`text`], re-exported here) and
//! capture files ([`capture`]), and what a capture comes packed in ([`packed`]).

pub mod capture;
pub mod packed;
pub mod text;

pub use text::*;
