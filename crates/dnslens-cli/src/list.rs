//! `dnslens read --format list`: one line per message, like tshark's packet list, from the
//! engine's summary pass (no tree, no allocation per message). Two passes over the file: the
//! first pairs queries with responses (so a query can say which frame answers it), the second
//! writes the lines.

use std::io::Write;

use dnslens::flow::list::{list, Item};
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
    list(data, ports, |it: Item<'_>| {
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
    })?;
    Ok((out, frames))
}

/// Write the packet list of `data` to `out`; `progress` hears the byte offset reached.
/// Returns the reader (its problems, frames read) and the number of messages.
pub fn write_list<'f>(
    data: &'f [u8],
    ports: &[u16],
    out: &mut dyn Write,
    progress: &dyn Fn(usize),
) -> Result<(Reader<'f>, usize), FileError> {
    let (pairs, frames) = pairs(data, ports, &|at| progress(at / 2))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    // Times count from the capture's first frame, as in tshark's list.
    let t0 = Reader::new(data)?.next().map_or(0, |p| p.ts_ns);
    let (mut n, mut failed) = (0usize, false);
    let reader = list(data, ports, |it: Item<'_>| {
        let i = n;
        n += 1;
        if failed {
            return;
        }
        let dt = it.ts_ns.saturating_sub(t0);
        let proto = match it.found.flavor {
            Flavor::Dns => "DNS",
            Flavor::Mdns => "MDNS",
            Flavor::Llmnr => "LLMNR",
        };
        let r = write!(
            out,
            "{:>6} {:>4}.{:06} {} → {} {proto} {} {}",
            it.frame,
            dt / 1_000_000_000,
            dt / 1000 % 1_000_000,
            it.found.src,
            it.found.dst,
            it.frame_data.len(),
            it.info
        );
        let r = r.and_then(|()| match pairs.get(i).copied().flatten() {
            // A response points back to its query, which came first: its frame is known.
            Some((q, us)) if it.brief.qr && (q as usize) < i => write!(
                out,
                " [answer to {}, {}.{:03} ms]",
                frames[q as usize],
                us / 1000,
                us % 1000
            ),
            Some((a, us)) if !it.brief.qr => write!(
                out,
                " [response in {}, {}.{:03} ms]",
                frames[a as usize],
                us / 1000,
                us % 1000
            ),
            _ => Ok(()),
        });
        if r.and_then(|()| out.write_all(b"\n")).is_err() {
            failed = true;
        }
        if i.is_multiple_of(65536) {
            progress(
                data.len() / 2 + (it.frame_data.as_ptr() as usize - data.as_ptr() as usize) / 2,
            );
        }
    })?;
    let _ = out.flush();
    Ok((reader, n))
}
