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

use crate::dissect::layers::{self, Layers, Start};
use crate::dissect::model::Message;
use crate::tree::{Severity, Span};

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

/// One reading of the bytes, kept so that the winner is not read twice.
pub(crate) struct Reading {
    /// The layers under the message.
    pub layers: Layers,
    /// Where the message is.
    pub dns: Span,
    /// The message, decoded in the dialect the layers name (none for an IP fragment).
    pub message: Option<Message>,
}

/// Read the bytes from `start` to the end of the DNS message and count what went wrong.
/// `None` when that reading does not reach a DNS message at all.
fn score(data: &[u8], start: Start) -> Option<(Score, Reading)> {
    let l = layers::dissect_from(start, data);
    let count = |ds: &[crate::tree::Diagnostic], sev: Severity| {
        ds.iter().filter(|d| d.severity == sev).count()
    };
    if start != Start::Dns && l.l4.is_none() {
        // An IP fragment is a sound reading that reaches a part of a datagram, not yet DNS.
        let sc = Score {
            layer_errors: count(&l.diagnostics, Severity::Error),
            dns_errors: 0,
            trailing: 0,
            warnings: count(&l.diagnostics, Severity::Warning),
        };
        let dns = l.dns_span(start, data.len());
        return l.fragment.is_some().then(|| {
            let r = Reading {
                layers: l,
                dns,
                message: None,
            };
            (sc, r)
        });
    }
    let dns = l.dns_span(start, data.len());
    if start != Start::Dns && dns.end - dns.start < 12 {
        return None;
    }
    let m = crate::decode_as(data.get(dns.start..dns.end).unwrap_or(&[]), l.flavor());
    let sc = Score {
        layer_errors: count(&l.diagnostics, Severity::Error),
        dns_errors: count(&m.diagnostics, Severity::Error),
        trailing: m.trailing,
        warnings: count(&l.diagnostics, Severity::Warning)
            + count(&m.diagnostics, Severity::Warning),
    };
    Some((
        sc,
        Reading {
            layers: l,
            dns,
            message: Some(m),
        },
    ))
}

/// Decide where pasted bytes start, and say why.
pub fn detect(data: &[u8]) -> Detected {
    detect_reading(data).0
}

/// [`detect`], with the winning reading.
pub(crate) fn detect_reading(data: &[u8]) -> (Detected, Reading) {
    let dns_reading = score(data, Start::Dns);
    let done = |start: Start, why: String, r: Reading| (Detected { start, why }, r);
    let as_dns = match dns_reading {
        Some((s, r)) if s.errors() == 0 && s.trailing == 0 => {
            return done(
                Start::Dns,
                String::from("the bytes decode as a DNS message to the last byte with no errors"),
                r,
            )
        }
        Some(x) => x,
        None => (
            Score {
                layer_errors: 0,
                dns_errors: usize::MAX,
                trailing: 0,
                warnings: 0,
            },
            Reading {
                layers: layers::dissect_from(Start::Dns, data),
                dns: Span::new(0, data.len()),
                message: None,
            },
        ),
    };
    let mut readings: alloc::vec::Vec<(Score, Start, Reading)> = plausible(data)
        .filter_map(|s| score(data, s).map(|(sc, r)| (sc, s, r)))
        .collect();
    // Rule 2: sound headers, from the link up.
    if let Some(i) = readings.iter().position(|(sc, _, _)| sc.layer_errors == 0) {
        let (_, s, r) = readings.swap_remove(i);
        let why = format!(
            "the bytes read as {} whose headers agree with their lengths, down to what they carry",
            s.described()
        );
        return done(s, why, r);
    }
    // Rule 3: the fewest problems; on equal scores the lower start, which explains more bytes.
    let key = |sc: &Score| (sc.errors(), sc.trailing, sc.warnings);
    let best = readings
        .iter()
        .enumerate()
        .min_by_key(|(_, (sc, _, _))| key(sc))
        .map(|(i, (sc, _, _))| (i, *sc));
    let (start, errors, r) = match best {
        Some((i, sc)) if key(&sc) <= key(&as_dns.0) => {
            let (_, s, r) = readings.swap_remove(i);
            (s, sc.errors(), r)
        }
        Some(_) => (Start::Dns, as_dns.0.errors(), as_dns.1),
        None => {
            return done(
                Start::Dns,
                String::from(
                    "no Ethernet, IP, UDP or TCP header leads to a DNS message here, so the bytes are read as one",
                ),
                as_dns.1,
            )
        }
    };
    let why = format!(
        "no reading is free of errors; read as {} they have the fewest ({errors})",
        start.described()
    );
    done(start, why, r)
}
