//! `dnslens read --format list`: one line per message, like tshark's packet list, from the
//! engine's summary pass (no tree, no allocation per message). Two passes over the file: the
//! first pairs queries with responses (so a query can say which frame answers it), the second
//! writes the lines.

use std::io::Write;

use dnslens::flow::list::Item;
use dnslens::flow::HashPairer;
use dnslens::input::capture::{FileError, Reader};
use dnslens::{present, Flavor};

/// For each message: the index of the message it pairs with, and the response time in µs.
type Pairs = Vec<Option<(u32, u32)>>;

/// The pairs, and each message's frame number.
fn pairs(
    data: &[u8],
    ports: &[u16],
    progress: &dyn Fn(usize),
) -> Result<(Pairs, Vec<u32>), FileError> {
    let mut p = HashPairer::default();
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
    let mut line = String::with_capacity(256);
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
        line.push(' ');
        padded(&mut line, dt / 1_000_000_000, 4);
        line.push('.');
        zero_padded(&mut line, dt / 1000 % 1_000_000, 6);
        line.push(' ');
        present::push_ip(&mut line, it.found.src);
        line.push_str(" → ");
        present::push_ip(&mut line, it.found.dst);
        line.push(' ');
        line.push_str(proto);
        line.push(' ');
        dnslens::encoding::push_number(&mut line, it.frame_data.len() as u64);
        line.push(' ');
        line.push_str(it.info);
        let pair = match pairs.get(i).copied().flatten() {
            // A response points back to its query, which came first: its frame is known.
            Some((q, us)) if it.brief.qr && (q as usize) < i => Some(("answer to ", q, us)),
            Some((a, us)) if !it.brief.qr => Some(("response in ", a, us)),
            _ => None,
        };
        if let Some((what, other, us)) = pair {
            line.push_str(" [");
            line.push_str(what);
            dnslens::encoding::push_number(&mut line, u64::from(frames[other as usize]));
            line.push_str(", ");
            dnslens::encoding::push_number(&mut line, u64::from(us / 1000));
            line.push('.');
            zero_padded(&mut line, u64::from(us % 1000), 3);
            line.push_str(" ms]");
        }
        line.push('\n');
        if out.write_all(line.as_bytes()).is_err() {
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

/// `n` right-aligned in `width` columns, as `{:>width}` does.
fn padded(out: &mut String, n: u64, width: usize) {
    let mut b = itoa::Buffer::new();
    let digits = b.format(n);
    for _ in digits.len()..width {
        out.push(' ');
    }
    out.push_str(digits);
}

/// `n` with leading zeros to `width` digits, as `{:0width}` does.
pub(crate) fn zero_padded(out: &mut String, n: u64, width: usize) {
    dnslens::encoding::push_zero_padded(out, n, width);
}
