//! The EDNS client-subnet option (RFC 7871 §6): its layout and its rules, in one place. The tree
//! reports what breaks them; dig's verdicts accept what BIND accepts (see [`EcsProblems`]).
//!
//! ```text
//!   FAMILY (2) | SOURCE PREFIX-LENGTH (1) | SCOPE PREFIX-LENGTH (1) | ADDRESS (source/8, rounded up)
//! ```

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

mod field {
    use core::ops::{Range, RangeFrom};
    pub const FAMILY: Range<usize> = 0..2;
    pub const SOURCE: usize = 2;
    pub const SCOPE: usize = 3;
    pub const ADDRESS: RangeFrom<usize> = 4..;
}

/// A client-subnet option's value, read lax: any fields present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ecs<'a> {
    /// Address family (IANA Address Family Numbers: 1 IPv4, 2 IPv6).
    pub family: u16,
    /// How many leading bits of the address are given.
    pub source: u8,
    /// How many bits the answer covers.
    pub scope: u8,
    /// The address bytes present.
    pub address: &'a [u8],
}

/// What is wrong with a client-subnet option, each rule on its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EcsProblems {
    /// Family 0 (reserved); BIND takes it with empty prefixes as "no address".
    pub reserved_family: bool,
    /// A family other than 0, 1, 2.
    pub unknown_family: bool,
    /// A prefix longer than the family's address.
    pub prefix_too_long: bool,
    /// Not exactly the bytes the source prefix needs.
    pub address_length: bool,
    /// Bits set past the source prefix (they MUST be zero).
    pub bits_past_prefix: bool,
}

impl<'a> Ecs<'a> {
    /// The fields of `d`; `None` when the 4 fixed bytes are not all there.
    pub fn read(d: &'a [u8]) -> Option<Self> {
        let f = d.get(field::FAMILY)?;
        Some(Ecs {
            family: u16::from_be_bytes([f[0], f[1]]),
            source: *d.get(field::SOURCE)?,
            scope: *d.get(field::SCOPE)?,
            address: d.get(field::ADDRESS)?,
        })
    }

    /// The rules it breaks.
    pub fn problems(&self) -> EcsProblems {
        let max = match self.family {
            0 => Some(0u8),
            1 => Some(32),
            2 => Some(128),
            _ => None,
        };
        let need = (self.source as usize).div_ceil(8);
        let last_bits = self.source % 8;
        EcsProblems {
            reserved_family: self.family == 0,
            unknown_family: max.is_none(),
            prefix_too_long: max.is_some_and(|m| self.source > m || self.scope > m),
            address_length: self.address.len() != need,
            bits_past_prefix: last_bits != 0
                && self.address.len() == need
                && self
                    .address
                    .last()
                    .is_some_and(|b| b & (0xff >> last_bits) != 0),
        }
    }

    /// The address, padded with zero bytes to its family's width (IPv4, IPv6); `None` for other
    /// families.
    pub fn ip(&self) -> Option<IpAddr> {
        let mut b = [0u8; 16];
        b.iter_mut().zip(self.address).for_each(|(d, s)| *d = *s);
        match self.family {
            1 => Some(IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3]))),
            2 => Some(IpAddr::V6(Ipv6Addr::from(b))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn rules_one_by_one() {
        // 192.0.2.0/24, scope 0: clean.
        let e = Ecs::read(&[0, 1, 24, 0, 192, 0, 2]).unwrap();
        assert_eq!(e.problems(), EcsProblems::default());
        assert_eq!(e.ip(), Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 0))));
        // /24 with four address bytes (zeek dns-edns-ecs-bad): the length is wrong.
        let e = Ecs::read(&[0, 1, 24, 0, 192, 0, 2, 0]).unwrap();
        assert!(e.problems().address_length);
        // /23 with the 24th bit set.
        let e = Ecs::read(&[0, 1, 23, 0, 192, 0, 3]).unwrap();
        assert!(e.problems().bits_past_prefix && !e.problems().address_length);
        // IPv4 /33, family 3, family 0.
        assert!(
            Ecs::read(&[0, 1, 33, 0, 1, 2, 3, 4, 5])
                .unwrap()
                .problems()
                .prefix_too_long
        );
        assert!(Ecs::read(&[0, 3, 0, 0]).unwrap().problems().unknown_family);
        let p = Ecs::read(&[0, 0, 0, 0]).unwrap().problems();
        assert!(p.reserved_family && !p.unknown_family && !p.address_length);
        assert_eq!(Ecs::read(&[0, 1, 0]), None);
    }
}
