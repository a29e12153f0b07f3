//! `dnslens read --format list`: one line per message, like tshark's packet list, from the
//! engine's summary pass (no tree, no allocation per message). Two passes over the file: the
//! first pairs queries with responses (so a query can say which frame answers it), the second
//! writes the lines.

use std::io::Write;

use dnslens::flow::list::Item;
use dnslens::flow::Pairer;
use dnslens::input::capture::{FileError, Reader};
use dnslens::Flavor;

/// For each message: the index of the message it pairs with, and the response time in µs.
type Pairs = Vec<Option<(u32, u32)>>;

/// The pairs, and each message's frame number.
fn pairs(
    data: &[u8],
    ports: &[u16],
    progress: &dyn Fn(usize),
) -> Result<(Pairs, Vec<u32>), FileError> {
    let mut p = Pairer::default();
    let mut out: Pairs = Vec::new();
    let mut frames = Vec::new();
    // No Info line: pairing needs the header's ID and QR only.
    let each = |it: Item<'_>| {
        let i = out.len();
        out.push(None);
        frames.push(it.frame as u32);
        if let Some((q, dt)) = p.add(i, &it.found, it.brief.id, it.brief.qr) {
            let us = u32::try_from(dt / 1000).unwrap_or(u32::MAX);
            out[i] = Some((q as u32, us));
            out[q] = Some((i as u32, us));
        }
        if i.is_multiple_of(65536) {
            progress(it.frame_data.as_ptr() as usize - data.as_ptr() as usize);
        }
    };
    dnslens::flow::list::list_reporting(data, ports, false, each, |_, _| {}, || false)?;
    Ok((out, frames))
}

/// Write the packet list of `data` to `out`; `progress` hears the byte offset reached.
/// Returns the reader (its problems, frames read), the number of messages, and whether every
/// line was written (false once the output has gone away: the rest of the file is not read).
pub fn write_list<'f>(
    data: &'f [u8],
    ports: &[u16],
    out: &mut dyn Write,
    progress: &dyn Fn(usize),
) -> Result<(Reader<'f>, usize, bool), FileError> {
    let (pairs, frames) = pairs(data, ports, &|at| progress(at / 2))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    // Times count from the capture's first frame, as in tshark's list.
    let t0 = Reader::new(data)?.next().map_or(0, |p| p.ts_ns);
    // Once the output is gone (a closed pipe), stop reading the file too.
    let (mut n, failed) = (0usize, core::cell::Cell::new(false));
    let mut line = Vec::with_capacity(256);
    let each = |it: Item<'_>| {
        let i = n;
        n += 1;
        if failed.get() {
            return;
        }
        line.clear();
        let dt = it.ts_ns.saturating_sub(t0);
        let proto = match it.found.flavor {
            Flavor::Dns => "DNS",
            Flavor::Mdns => "MDNS",
            Flavor::Llmnr => "LLMNR",
        };
        // `{:>6} {:>4}.{:06} {src} → {dst} {proto} {len} {info}`, written without core::fmt,
        // which was a third of this format's time.
        padded(&mut line, it.frame as u64, 6);
        line.push(b' ');
        padded(&mut line, dt / 1_000_000_000, 4);
        line.push(b'.');
        zero_padded(&mut line, dt / 1000 % 1_000_000, 6);
        line.push(b' ');
        address(&mut line, it.found.src);
        line.extend_from_slice(" → ".as_bytes());
        address(&mut line, it.found.dst);
        line.push(b' ');
        line.extend_from_slice(proto.as_bytes());
        line.push(b' ');
        number(&mut line, it.frame_data.len() as u64);
        line.push(b' ');
        line.extend_from_slice(it.info.as_bytes());
        let pair = match pairs.get(i).copied().flatten() {
            // A response points back to its query, which came first: its frame is known.
            Some((q, us)) if it.brief.qr && (q as usize) < i => Some(("answer to ", q, us)),
            Some((a, us)) if !it.brief.qr => Some(("response in ", a, us)),
            _ => None,
        };
        if let Some((what, other, us)) = pair {
            line.extend_from_slice(b" [");
            line.extend_from_slice(what.as_bytes());
            number(&mut line, u64::from(frames[other as usize]));
            line.extend_from_slice(b", ");
            number(&mut line, u64::from(us / 1000));
            line.push(b'.');
            zero_padded(&mut line, u64::from(us % 1000), 3);
            line.extend_from_slice(b" ms]");
        }
        line.push(b'\n');
        if out.write_all(&line).is_err() {
            failed.set(true);
        }
        if i.is_multiple_of(65536) {
            progress(
                data.len() / 2 + (it.frame_data.as_ptr() as usize - data.as_ptr() as usize) / 2,
            );
        }
    };
    let reader =
        dnslens::flow::list::list_reporting(data, ports, true, each, |_, _| {}, || failed.get())?;
    let flushed = out.flush().is_ok();
    Ok((reader, n, flushed && !failed.get()))
}

pub(crate) fn number(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// `n` right-aligned in `width` columns, as `{:>width}` does.
fn padded(out: &mut Vec<u8>, n: u64, width: usize) {
    filled(out, n, width, b' ');
}

/// `n` with leading zeros to `width` digits, as `{:0width}` does.
fn zero_padded(out: &mut Vec<u8>, n: u64, width: usize) {
    filled(out, n, width, b'0');
}

fn filled(out: &mut Vec<u8>, n: u64, width: usize, fill: u8) {
    let mut b = itoa::Buffer::new();
    let digits = b.format(n);
    out.resize(out.len() + width.saturating_sub(digits.len()), fill);
    out.extend_from_slice(digits.as_bytes());
}

/// An address as `Display` writes it; IPv4, the usual case, without core::fmt.
pub(crate) fn address(out: &mut Vec<u8>, a: core::net::IpAddr) {
    match a {
        core::net::IpAddr::V4(v4) => {
            for (k, octet) in v4.octets().into_iter().enumerate() {
                if k > 0 {
                    out.push(b'.');
                }
                let o = usize::from(octet);
                // Leading zeros left out: two for 0–9, one for 10–99.
                let skip = usize::from(octet < 100) + usize::from(octet < 10);
                out.extend_from_slice(&DECIMAL[o * 3 + skip..o * 3 + 3]);
            }
        }
        v6 => {
            let _ = write!(out, "{v6}");
        }
    }
}

/// 000 to 255, three digits each: an octet's decimal digits by lookup.
const DECIMAL: [u8; 768] = {
    let mut t = [0u8; 768];
    let mut i = 0;
    while i < 256 {
        t[i * 3] = b'0' + (i / 100) as u8;
        t[i * 3 + 1] = b'0' + (i / 10 % 10) as u8;
        t[i * 3 + 2] = b'0' + (i % 10) as u8;
        i += 1;
    }
    t
};
