//! Where pasted bytes start. Every plausible start is read all the way through the same views
//! the dissection uses (link, IP, UDP/TCP, then the DNS message), in three rules:
//!
//! 1. A DNS message that decodes with no error and no byte left over is read as DNS: no reading
//!    of it as a lower layer can explain more of it.
//! 2. Otherwise the lowest layer whose headers read without an error (lengths that agree with
//!    the bytes, a transport that carries a DNS message) wins, whatever the message inside is
//!    like: a damaged message in a sound frame is still in that frame.
//! 3. Otherwise the reading with the fewest errors, then the fewest unexplained bytes, then the
//!    fewest warnings.

use alloc::format;
use alloc::string::String;

use crate::dissect::layers::{self, Start};
use crate::tree::Severity;

/// What detection decided, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detected {
    /// The layer the bytes start at.
    pub start: Start,
    /// One sentence for the reader.
    pub why: String,
}

/// How well one reading explains the bytes; smaller is better, field by field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    /// Errors in the headers under the DNS message.
    layer_errors: usize,
    /// Errors in the DNS message.
    dns_errors: usize,
    /// Bytes after the DNS message's last section.
    trailing: usize,
    /// Warnings anywhere.
    warnings: usize,
}

impl Score {
    fn errors(&self) -> usize {
        self.layer_errors + self.dns_errors
    }
}

/// The starts worth trying for these bytes, from the link up, each gated by the one cheap
/// fact without which that layer cannot be there (an EtherType, an IP version, a DNS port).
fn plausible(data: &[u8]) -> impl Iterator<Item = Start> + '_ {
    let be16 = |at: usize| {
        data.get(at..at + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
    };
    let dns_port = |at: usize| matches!(be16(at), Some(53 | 5353 | 5355));
    let version = data.first().map(|b| b >> 4);
    [
        (Start::Ethernet, layers::is_ethertype_ip_or_vlan(be16(12))),
        (Start::Ipv4, version == Some(4)),
        (Start::Ipv6, version == Some(6)),
        (Start::Udp, data.len() >= 8 && (dns_port(0) || dns_port(2))),
        (
            Start::Tcp,
            data.len() >= 20 && (dns_port(0) || dns_port(2)) && data[12] >> 4 >= 5,
        ),
    ]
    .into_iter()
    .filter_map(|(s, ok)| ok.then_some(s))
}

/// Read the bytes from `start` to the end of the DNS message and count what went wrong.
/// `None` when that reading does not reach a DNS message at all.
fn score(data: &[u8], start: Start) -> Option<Score> {
    let l = layers::dissect_from(start, data);
    let count = |ds: &[crate::tree::Diagnostic], sev: Severity| {
        ds.iter().filter(|d| d.severity == sev).count()
    };
    if start != Start::Dns && l.l4.is_none() {
        // An IP fragment is a sound reading that reaches a part of a datagram, not yet DNS.
        return l.fragment.is_some().then(|| Score {
            layer_errors: count(&l.diagnostics, Severity::Error),
            dns_errors: 0,
            trailing: 0,
            warnings: count(&l.diagnostics, Severity::Warning),
        });
    }
    let dns = l.dns_span(start, data.len());
    if start != Start::Dns && dns.end - dns.start < 12 {
        return None;
    }
    let m = crate::decode_as(&data[dns.start..dns.end], l.flavor());
    Some(Score {
        layer_errors: count(&l.diagnostics, Severity::Error),
        dns_errors: count(&m.diagnostics, Severity::Error),
        trailing: m.trailing,
        warnings: count(&l.diagnostics, Severity::Warning)
            + count(&m.diagnostics, Severity::Warning),
    })
}

fn name(s: Start) -> &'static str {
    match s {
        Start::Ethernet => "an Ethernet frame",
        Start::Ipv4 => "an IPv4 packet",
        Start::Ipv6 => "an IPv6 packet",
        Start::Udp => "a UDP datagram",
        Start::Tcp => "a TCP segment",
        Start::Dns => "a DNS message",
    }
}

/// Decide where pasted bytes start, and say why.
pub fn detect(data: &[u8]) -> Detected {
    let as_dns = score(data, Start::Dns);
    if as_dns.is_some_and(|s| s.errors() == 0 && s.trailing == 0) {
        return Detected {
            start: Start::Dns,
            why: String::from("the bytes decode as a DNS message to the last byte with no errors"),
        };
    }
    let as_dns = as_dns.unwrap_or(Score {
        layer_errors: 0,
        dns_errors: usize::MAX,
        trailing: 0,
        warnings: 0,
    });
    let readings: alloc::vec::Vec<(Score, Start)> = plausible(data)
        .filter_map(|s| score(data, s).map(|sc| (sc, s)))
        .collect();
    // Rule 2: sound headers, from the link up.
    if let Some(&(_, s)) = readings.iter().find(|(sc, _)| sc.layer_errors == 0) {
        return Detected {
            start: s,
            why: format!(
                "the bytes read as {} whose headers agree with their lengths, down to what they carry",
                name(s)
            ),
        };
    }
    // Rule 3: the fewest problems; on equal scores the lower start, which explains more bytes.
    let key = |sc: &Score| (sc.errors(), sc.trailing, sc.warnings);
    let (start, errors) = match readings.iter().min_by_key(|(sc, _)| key(sc)) {
        Some(&(sc, s)) if key(&sc) <= key(&as_dns) => (s, sc.errors()),
        Some(_) => (Start::Dns, as_dns.errors()),
        None => {
            return Detected {
                start: Start::Dns,
                why: String::from(
                    "no Ethernet, IP, UDP or TCP header leads to a DNS message here, so the bytes are read as one",
                ),
            }
        }
    };
    Detected {
        start,
        why: format!(
            "no reading is free of errors; read as {} they have the fewest ({errors})",
            name(start)
        ),
    }
}
