//! What users hand over: text in the formats people paste ([`text`], re-exported here) and
//! capture files ([`capture`]).

pub mod capture;
pub mod text;

pub use text::*;
