//! Code–length–value lists with a 2-byte code and a 2-byte length, as EDNS options (RFC 6891
//! §6.1.2) and SVCB/HTTPS SvcParams (RFC 9460 §2.2) lay them out: the one walker over both.
//!
//! ```text
//!   +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//!   |             CODE (option code / SvcParamKey)   |
//!   |             LENGTH of VALUE                    |
//!   /             VALUE                              /
//! ```
//!
//! Panic freedom: every slice is taken with `get`; each step consumes at least the 4-byte
//! header, and the walk ends at the first problem.

mod field {
    use core::ops::Range;
    pub const CODE: Range<usize> = 0..2;
    pub const LENGTH: Range<usize> = 2..4;
    pub const HEADER: usize = 4;
}

/// The size of an item's header (code and length).
pub const HEADER: usize = field::HEADER;

/// One item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// Offset of the item (its code) in the list.
    pub at: usize,
    /// The code (option code or SvcParamKey).
    pub code: u16,
    /// The value.
    pub value: &'a [u8],
}

/// What ends a list early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlvError<'a> {
    /// Fewer than 4 bytes are left for the next header: this many.
    HeaderCut(usize),
    /// An item whose length runs past the end of the list; `value` is what is there.
    ValueCut {
        /// Its code.
        code: u16,
        /// The length it announces.
        len: usize,
        /// The bytes that are there.
        value: &'a [u8],
    },
}

/// Walk the items of `list`, in order; a problem is the last thing yielded, with its offset.
pub fn walk(list: &[u8]) -> impl Iterator<Item = Result<Tlv<'_>, (usize, TlvError<'_>)>> {
    let (mut i, mut done) = (0usize, false);
    core::iter::from_fn(move || {
        if done || i >= list.len() {
            return None;
        }
        let at = i;
        let be16 = |r: core::ops::Range<usize>| {
            list.get(at + r.start..at + r.end)
                .map(|b| u16::from_be_bytes([b[0], b[1]]))
        };
        let (Some(code), Some(len)) = (be16(field::CODE), be16(field::LENGTH)) else {
            done = true;
            return Some(Err((at, TlvError::HeaderCut(list.len() - at))));
        };
        let (len, start) = (len as usize, at + field::HEADER);
        match list.get(start..start + len) {
            Some(value) => {
                i = start + len;
                Some(Ok(Tlv { at, code, value }))
            }
            None => {
                done = true;
                let value = list.get(start..).unwrap_or(&[]);
                Some(Err((at, TlvError::ValueCut { code, len, value })))
            }
        }
    })
}

#[cfg(test)]
mod test {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn cookie_then_cut_items() {
        // EDNS COOKIE (10) with an 8-byte client cookie, from tcpdump's dns_udp.pcap query.
        let list = [0, 10, 0, 8, 0xd3, 0x6d, 0x22, 0x4a, 0x6f, 0x5a, 0x4c, 0x3e];
        let items: Vec<_> = walk(&list).collect();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].unwrap().code, 10);
        assert_eq!(items[0].unwrap().value.len(), 8);
        let cut: Vec<_> = walk(&list[..7]).collect();
        assert_eq!(
            cut,
            [Err((
                0,
                TlvError::ValueCut {
                    code: 10,
                    len: 8,
                    value: &list[4..7]
                }
            ))]
        );
        let mut two = list.to_vec();
        two.extend_from_slice(&[0, 12]);
        let r: Vec<_> = walk(&two).collect();
        assert_eq!(r[1], Err((12, TlvError::HeaderCut(2))));
    }
}
