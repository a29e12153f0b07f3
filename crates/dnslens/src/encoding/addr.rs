//! Addresses as text, as std's `Display` writes them, without core::fmt: the command line
//! writes millions, and the page carries no copy of std's (its size budget). Here, below
//! `wire`, so that every layer writes them the one way.

use alloc::string::String;

/// Where an address's characters go: one at a time, or an IPv4 address whole (each sink its
/// own way). Part of [`crate::present::Sink`]; `wire` writes APL items' addresses with it.
pub trait Chars: Sized {
    /// One ASCII character.
    fn ch(&mut self, b: u8);
    /// As `Ipv4Addr`'s Display writes it.
    fn ipv4(&mut self, a: [u8; 4]);
}

/// A character at a time: the page's way, and dig's and the tree's, where addresses are few.
impl Chars for String {
    fn ch(&mut self, b: u8) {
        self.push(char::from(b));
    }
    /// The digits as they are computed: the page's size budget has no room for the table
    /// (`digits`) or the general form of this (both tested against `Ipv4Addr`'s Display).
    fn ipv4(&mut self, a: [u8; 4]) {
        // Room for the longest (15) at once: a new string (an A record's value) grew twice.
        self.reserve(15);
        for (k, n) in a.into_iter().enumerate() {
            if k > 0 {
                self.push('.');
            }
            if n >= 100 {
                self.push(char::from(b'0' + n / 100));
            }
            if n >= 10 {
                self.push(char::from(b'0' + n / 10 % 10));
            }
            self.push(char::from(b'0' + n % 10));
        }
    }
}

impl Chars for alloc::vec::Vec<u8> {
    fn ch(&mut self, b: u8) {
        self.push(b);
    }
    /// The whole address made in 16 bytes (the longest is 15) from the table of octets and
    /// copied in as one, the unused ones taken off again: one check of the room left instead
    /// of one per piece (every line of the packet list has two addresses).
    fn ipv4(&mut self, a: [u8; 4]) {
        let (mut buf, mut at) = ([0u8; 16], 0);
        for (k, n) in a.into_iter().enumerate() {
            let d = digits(n);
            // `at` is at most 12 here: three octets of three digits and their dots.
            if let Some(room) = buf.get_mut(at..at + 4) {
                room.copy_from_slice(&d);
            }
            at += usize::from(d[3]);
            if k < 3 {
                if let Some(dot) = buf.get_mut(at) {
                    *dot = b'.';
                }
                at += 1;
            }
        }
        self.extend_from_slice(&buf);
        self.truncate(self.len() - 16 + at);
    }
}

/// As `Ipv6Addr`'s Display writes it (RFC 5952: lowercase hex without leading zeros, the
/// first longest run of two or more zero groups as `::`, `::ffff:a.b.c.d` for a mapped IPv4
/// address).
pub fn write_ipv6(out: &mut impl Chars, a: core::net::Ipv6Addr) {
    if let Some(v4) = a.to_ipv4_mapped() {
        b"::ffff:".iter().for_each(|&b| out.ch(b));
        return out.ipv4(v4.octets());
    }
    let groups = a.segments();
    // The longest run of zero groups, the first of equals.
    let (mut best, mut run) = ((0, 0), (0, 0));
    for (i, &g) in groups.iter().enumerate() {
        if g != 0 {
            run = (i + 1, 0);
            continue;
        }
        run.1 += 1;
        if run.1 > best.1 {
            best = run;
        }
    }
    if best.1 > 1 {
        write_groups(out, &groups[..best.0]);
        out.ch(b':');
        out.ch(b':');
        write_groups(out, &groups[best.0 + best.1..]);
    } else {
        write_groups(out, &groups);
    }
}

/// Groups in hex without leading zeros, between colons.
fn write_groups(out: &mut impl Chars, list: &[u16]) {
    for (i, &g) in list.iter().enumerate() {
        if i > 0 {
            out.ch(b':');
        }
        let digits = (16 - g.leading_zeros()).div_ceil(4).max(1);
        for k in (0..digits).rev() {
            out.ch(super::HEX_LOWER[usize::from(g >> (4 * k) & 0xf)]);
        }
    }
}

/// An octet's decimal digits, padded to three, and how many of them there are.
const fn octet_digits(n: u8) -> [u8; 4] {
    if n >= 100 {
        [b'0' + n / 100, b'0' + n / 10 % 10, b'0' + n % 10, 3]
    } else if n >= 10 {
        [b'0' + n / 10, b'0' + n % 10, 0, 2]
    } else {
        [b'0' + n, 0, 0, 1]
    }
}

/// [`octet_digits`], looked up: the command line's addresses and A records are a tenth of the
/// packet list's output, and the table halves their cost. Only bytes use it (the command
/// line): the page, which writes `String`s, carries no table (0.8 KB of its size budget).
fn digits(n: u8) -> [u8; 4] {
    const OCTETS: [[u8; 4]; 256] = {
        let mut t = [[0u8; 4]; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = octet_digits(i as u8);
            i += 1;
        }
        t
    };
    OCTETS[usize::from(n)]
}
