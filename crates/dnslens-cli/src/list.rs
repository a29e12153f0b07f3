//! `dnslens read --format list`: one line per message, like tshark's packet list, from the
//! engine's summary pass (no tree, no allocation per message). Two passes over the file: the
//! first pairs queries with responses (so a query can say which frame answers it), the second
//! writes the lines.

use std::io::Write;

use dnslens::encoding::{put_fixed, put_number};
use dnslens::flow::list::Item;
use dnslens::flow::HashPairer;
use dnslens::input::capture::{FileError, Reader};
use dnslens::{present, Flavor};

/// A message's pair, as the second pass prints it: the frame of the message it pairs with
/// (0: none; frames count from 1) and the response time in µs. Eight bytes a message, where a
/// pair and a frame number apart took sixteen: the kernel clearing new memory as it is first
/// touched was a tenth of this format's time, half of it for these.
#[derive(Clone, Copy)]
struct Pair {
    frame: u32,
    /// Until the message is paired, its own frame: where its response finds it.
    us: u32,
}

/// Each message's pair.
fn pairs(data: &[u8], ports: &[u16], progress: &dyn Fn(usize)) -> Result<Vec<Pair>, FileError> {
    let mut p = HashPairer::default();
    // Room for as many messages as the file could hold (a pcap record of a DNS message is
    // at least 64 bytes), taken once: growing it as the file is read copied it over and
    // over, a fiftieth of this format's time. Pages never written to are never touched.
    let mut out: Vec<Pair> = Vec::with_capacity(data.len() / 64);
    // No Info line: pairing needs the header's ID and QR only.
    let each = |it: Item<'_>| {
        let i = out.len();
        let frame = u32::try_from(it.frame).unwrap_or(u32::MAX);
        out.push(Pair {
            frame: 0,
            us: frame,
        });
        if let Some((q, dt)) = p.add(i, &it.found, it.brief.id, it.brief.qr) {
            let us = u32::try_from(dt / 1000).unwrap_or(u32::MAX);
            // The query is earlier, and open until now: its `us` is still its frame.
            if let Some(asked) = out.get(q).map(|query| query.us) {
                out[q] = Pair { frame, us };
                out[i] = Pair { frame: asked, us };
            }
        }
        if i.is_multiple_of(65536) {
            progress(it.frame_data.as_ptr() as usize - data.as_ptr() as usize);
        }
    };
    dnslens::flow::list::list_reporting(data, ports, false, each, |_, _| {}, || false)?;
    Ok(out)
}

/// Write the packet list of `data` to `out`; `progress` hears the byte offset reached.
/// Returns the reader (its problems, frames read), the number of messages, and why the output
/// could not be written, if it could not (then the rest of the file is not read).
pub fn write_list<'f>(
    data: &'f [u8],
    ports: &[u16],
    out: &mut dyn Write,
    progress: &dyn Fn(usize),
) -> Result<(Reader<'f>, usize, Option<std::io::Error>), FileError> {
    let pairs = pairs(data, ports, &|at| progress(at / 2))?;
    // Times count from the capture's first frame, as in tshark's list.
    let t0 = Reader::new(data)?.next().map_or(0, |p| p.ts_ns);
    // Once the output is gone (a closed pipe), stop reading the file too.
    let (mut n, failed) = (0usize, core::cell::RefCell::new(None));
    // Lines gather here as bytes (every piece is ASCII but the arrow) and go out a chunk at a
    // time: no `String` to check, no writer call per line.
    const CHUNK: usize = 1 << 16;
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK + 1024);
    let each = |it: Item<'_>| {
        let i = n;
        n += 1;
        if failed.borrow().is_some() {
            return;
        }
        let dt = it.ts_ns.saturating_sub(t0);
        let proto: &[u8] = match it.found.flavor {
            Flavor::Dns => b" DNS ",
            Flavor::Mdns => b" MDNS ",
            Flavor::Llmnr => b" LLMNR ",
        };
        // `{:>6} {:>4}.{:06} {src} → {dst} {proto} {len} {info}`, written without core::fmt,
        // which was a third of this format's time.
        let line = &mut buf;
        put_fixed::<6>(line, it.frame as u64, b' ');
        line.push(b' ');
        put_fixed::<4>(line, dt / 1_000_000_000, b' ');
        line.push(b'.');
        put_fixed::<6>(line, dt / 1000 % 1_000_000, b'0');
        line.push(b' ');
        present::push_ip(line, it.found.src);
        line.extend_from_slice(" → ".as_bytes());
        present::push_ip(line, it.found.dst);
        line.extend_from_slice(proto);
        put_number(line, it.frame_data.len() as u64);
        line.push(b' ');
        present::info::summarize_into(it.bytes, line);
        // A response points back to its query (which came first), a query on to its response.
        if let Some(&Pair { frame, us }) = pairs.get(i).filter(|p| p.frame != 0) {
            line.extend_from_slice(if it.brief.qr {
                b" [answer to "
            } else {
                b" [response in "
            });
            put_number(line, u64::from(frame));
            line.extend_from_slice(b", ");
            put_number(line, u64::from(us / 1000));
            line.push(b'.');
            put_fixed::<3>(line, u64::from(us % 1000), b'0');
            line.extend_from_slice(b" ms]");
        }
        line.push(b'\n');
        if buf.len() >= CHUNK {
            if let Err(e) = out.write_all(&buf) {
                failed.replace(Some(e));
            }
            buf.clear();
        }
        if i.is_multiple_of(65536) {
            progress(
                data.len() / 2 + (it.frame_data.as_ptr() as usize - data.as_ptr() as usize) / 2,
            );
        }
    };
    // No Info line from the lister: each line writes its own, in place.
    let reader = dnslens::flow::list::list_reporting(
        data,
        ports,
        false,
        each,
        |_, _| {},
        || failed.borrow().is_some(),
    )?;
    let failed = failed
        .into_inner()
        .or_else(|| out.write_all(&buf).and_then(|()| out.flush()).err());
    Ok((reader, n, failed))
}
