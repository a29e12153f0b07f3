//! `dnslens read`: every DNS message of a capture, from a file (memory-mapped) or, given `-`,
//! from standard input as it arrives (`tcpdump -U -w - | dnslens read - --format dig`), in
//! bounded memory: the bytes read are let go of as the reader passes them, and what has been
//! written goes out whenever the input has to be waited for. A gzip-compressed capture (a file
//! or a stream) is read through flate2's decoder, as a stream.

use alloc::sync::Arc;
use core::cell::Cell;
use core::sync::atomic::{AtomicBool, Ordering};
use std::io::{Read, Write};
use std::path::Path;

use dnslens::flow::list::{Item, Lister, Run};
use dnslens::flow::HashPairer;
use dnslens::input::capture::{gzip, FILE_HEADER, GZIP_MAGIC};
use dnslens::{present, Diagnostic, Flavor};

use crate::{diagnostics, frame_line, list, not_written, progress, render, Format, Got, Json};

/// Per-frame problems printed before the rest are only counted (a damaged file can have
/// millions).
const MAX_FRAME_ERRORS: usize = 100;

/// The size of the output writer's buffer, and of the runs of text-format messages handed to
/// it at once.
const TEXT_CHUNK: usize = 1 << 16;

/// How much of standard input is asked for at a time (a pipe holds 64 KiB).
const READ_CHUNK: usize = 1 << 16;

/// The most of a stream held for one record: past it, the stream is read no further and what
/// is held is read as the whole file (the record's length is damage, reported at its byte).
/// Packets are captured 256 KiB at most (tcpdump's largest snapshot length).
const MAX_HELD: usize = 16 << 20;

/// The most of a stream (or a compressed file) the packet list reads whole before listing it.
const MAX_WHOLE: usize = 4 << 30;

/// The most of what is not a capture that is looked at to see whether it is one DNS message in
/// text: a message as text is a few hundred KB at most (65,535 bytes in a dump).
const NOT_A_CAPTURE_READ: usize = 1 << 20;

/// Frames listed between two looks at the progress bar and the output.
const FRAMES_A_RUN: usize = 4096;

/// Where a capture's bytes are.
enum Input<'a> {
    /// A whole file, mapped.
    All(&'a [u8]),
    /// A stream, read as it comes; for a compressed file, its size and how much of it the
    /// decoder has taken (for the progress bar).
    Stream(&'a mut dyn Read, Option<(usize, &'a Cell<usize>)>),
}

/// A file's bytes read in order, counting how many have been taken.
struct Counted<'a> {
    rest: &'a [u8],
    taken: &'a Cell<usize>,
}

impl Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.rest.read(buf)?;
        self.taken.set(self.taken.get() + n);
        Ok(n)
    }
}

/// `r` through a gzip decoder when its first bytes are gzip's magic number (several members
/// one after another, as `cat a.gz b.gz` gives, are one stream); as it is otherwise.
/// Says which.
fn gunzipped<'r>(mut r: Box<dyn Read + 'r>) -> std::io::Result<(Box<dyn Read + 'r>, bool)> {
    let mut first = Vec::with_capacity(GZIP_MAGIC.len());
    r.by_ref()
        .take(GZIP_MAGIC.len() as u64)
        .read_to_end(&mut first)?;
    let gz = gzip(&first);
    let again = std::io::Cursor::new(first).chain(r);
    Ok(if gz {
        (Box::new(flate2::read::MultiGzDecoder::new(again)), true)
    } else {
        (Box::new(again), false)
    })
}

/// `dnslens read PATH`: `-` is standard input. Returns the exit code: 0, 1 when the output
/// went away, 2 when the input could not be read.
pub(crate) fn read(
    path: &Path,
    format: Format,
    ports: &[u16],
    quiet: bool,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let stream = path.as_os_str() == "-";
    let mut job = Job {
        format,
        ports,
        quiet,
        name: if stream {
            "standard input".to_owned()
        } else {
            path.display().to_string()
        },
        read_whole: None,
    };
    if stream && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        // Nothing typed is a capture: say so rather than wait.
        let _ = writeln!(
            err,
            "dnslens: standard input is a terminal; pipe a capture in (tcpdump -U -w - | dnslens read -, or dnslens read - < capture.pcap)"
        );
        return 2;
    }
    if !stream && path.is_dir() {
        let _ = writeln!(
            err,
            "dnslens: {} is a directory; give a pcap or pcapng file",
            job.name
        );
        return 2;
    }
    let map;
    let taken = Cell::new(0);
    // A stream: standard input, a file that is not a regular one (a pipe such as bash's
    // `<(zcat a.pcap.gz)`, a FIFO, a device: none can be mapped), or a compressed file through
    // its decoder (with the file's size, for the progress bar).
    let (mut source, size): (Box<dyn Read + '_>, Option<usize>) = if stream {
        match streamed(Box::new(stdin), &mut job) {
            Ok(r) => (r, None),
            Err(e) => return cannot(err, &job.name, e),
        }
    } else {
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => return cannot(err, &job.name, e),
        };
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            if std::io::IsTerminal::is_terminal(&file) {
                let _ = writeln!(
                    err,
                    "dnslens: {} is a terminal; give a pcap or pcapng file, or pipe one in",
                    job.name
                );
                return 2;
            }
            match streamed(Box::new(file), &mut job) {
                Ok(r) => (r, None),
                Err(e) => return cannot(err, &job.name, e),
            }
        } else {
            // A memory map: a 1 GB capture is paged in as it is read, not copied onto the heap.
            // SAFETY: the map is read-only and private to this process; a capture rewritten while
            // we read it can give wrong bytes (the engine copes with any bytes) but not
            // unsoundness in our code, which never hands out references beyond this function.
            map = match unsafe { memmap2::Mmap::map(&file) } {
                Ok(m) => m,
                Err(e) => return cannot(err, &job.name, e),
            };
            if !gzip(&map) {
                return match format {
                    Format::List => read_list(&map, &job, stdout, err),
                    _ => read_messages(Input::All(&map), &job, stdout, err),
                };
            }
            let counted = Counted {
                rest: &map,
                taken: &taken,
            };
            let gz = flate2::read::MultiGzDecoder::new(counted);
            // Offsets in what is said are offsets in the capture, not in the file.
            job.name.push_str(" (decompressed)");
            (Box::new(gz), Some(map.len()))
        }
    };
    from_stream(&mut *source, size.map(|s| (s, &taken)), &job, stdout, err)
}

/// `r` read as a stream (standard input, or a file that cannot be mapped), through a gzip
/// decoder if it is compressed (the job's name then says so: offsets in what is said are
/// offsets in the capture). The packet list's notice that it is still reading starts here,
/// before the first bytes are waited for.
fn streamed<'r>(r: Box<dyn Read + 'r>, job: &mut Job<'_>) -> std::io::Result<Box<dyn Read + 'r>> {
    if matches!(job.format, Format::List) {
        job.read_whole = Some(still_reading(&job.name));
    }
    let (r, gz) = gunzipped(r)?;
    if gz {
        job.name.push_str(" (decompressed)");
    }
    Ok(r)
}

/// Read the capture that `source` streams; `file` is a compressed file's size and how much
/// of it the decoder has taken.
fn from_stream(
    source: &mut dyn Read,
    file: Option<(usize, &Cell<usize>)>,
    job: &Job<'_>,
    stdout: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if !matches!(job.format, Format::List) {
        return read_messages(Input::Stream(source, file), job, stdout, err);
    }
    // The packet list reads its input twice: a stream is all read first, up to a bound (a
    // small .gz can hold any amount). What arrived before a read error is listed, then the
    // error said.
    let (whole, failed) = read_whole(source);
    let whole = whole.as_slice();
    if let Some(done) = &job.read_whole {
        done.store(true, Ordering::Relaxed);
    }
    if whole.len() > MAX_WHOLE {
        let _ = writeln!(
            err,
            "dnslens: {} holds more than {} GiB, which the packet list would read twice; save it to a file, or use --format json, dig or text, which read a stream as it comes",
            job.name,
            MAX_WHOLE >> 30
        );
        return 2;
    }
    let code = read_list(whole, job, stdout, err);
    match failed {
        Some(e) if code != 1 => cannot(err, &job.name, e),
        _ => code,
    }
}

/// A stream read whole: in memory mapped for it at once, or a `Vec` where the system gives no
/// such map.
enum Whole {
    Mapped(memmap2::MmapMut, usize),
    Grown(Vec<u8>),
}

impl Whole {
    fn as_slice(&self) -> &[u8] {
        match self {
            Whole::Mapped(m, len) => m.get(..*len).unwrap_or_default(),
            Whole::Grown(v) => v,
        }
    }
}

/// All of `source`, up to [`MAX_WHOLE`] bytes and one more (to tell that there is more), and
/// the error that ended it early. The room is reserved at once, not grown: a `Vec` read to its
/// end is copied each time it doubles, and each copy touches memory never used before, which
/// on a virtual machine cost five times what reading the bytes did (139 MB piped in: 1.9 s
/// of the kernel clearing pages). Pages of the reservation never written to are never used.
fn read_whole(source: &mut dyn Read) -> (Whole, Option<std::io::Error>) {
    let map = memmap2::MmapOptions::new()
        .len(MAX_WHOLE + 1)
        .no_reserve_swap()
        .map_anon();
    let Ok(mut map) = map else {
        let mut v = Vec::new();
        let failed = source.take(MAX_WHOLE as u64 + 1).read_to_end(&mut v).err();
        return (Whole::Grown(v), failed);
    };
    let mut len = 0;
    let failed = loop {
        let Some(room) = map.get_mut(len..).filter(|r| !r.is_empty()) else {
            break None;
        };
        match source.read(room) {
            Ok(0) => break None,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => break Some(e),
        }
    };
    (Whole::Mapped(map, len), failed)
}

/// Someone watching a live capture piped into the packet list sees nothing until it ends:
/// unless the flag given back is set within a moment (all of the stream read), say why, on
/// the terminal (standard error, when it is one).
fn still_reading(name: &str) -> Arc<AtomicBool> {
    let done = Arc::new(AtomicBool::new(false));
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let (done, name) = (done.clone(), name.to_owned());
        std::thread::spawn(move || {
            std::thread::sleep(core::time::Duration::from_secs(2));
            if !done.load(Ordering::Relaxed) {
                eprintln!(
                    "dnslens: still reading {name}: the packet list shows nothing until its input ends (it pairs each query with its response first); --format dig, text or json show each message as it comes"
                );
            }
        });
    }
    done
}

/// What a read is asked to do, whatever its input.
struct Job<'a> {
    format: Format,
    /// More ports to look for DNS on.
    ports: &'a [u16],
    /// No summary line.
    quiet: bool,
    /// The input, as messages name it.
    name: String,
    /// For the packet list of a stream, set once all of it has been read ([`still_reading`]).
    read_whole: Option<Arc<AtomicBool>>,
}

/// `--format list` (two passes over `data`).
fn read_list(data: &[u8], job: &Job<'_>, stdout: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (ports, name) = (job.ports, &job.name);
    let bar = progress::Bar::for_file(data.len());
    let got = list::write_list(data, ports, stdout, &|at| bar.at(at));
    bar.done();
    match got {
        Ok((_, _, Some(e))) => not_written(err, &e),
        Ok((reader, n, None)) => {
            summary(err, job, &reader.diagnostics, reader.frames_read(), n);
            0
        }
        Err(e) => not_a_capture(err, name, &e.0, data),
    }
}

/// The input is no capture: say why (exit code 2), and, when `whole` (all of it) is text in a
/// notation `decode` reads (a hex dump, hex, base64), say that `decode` is what reads it.
fn not_a_capture(err: &mut dyn Write, name: &str, why: &str, whole: &[u8]) -> u8 {
    let _ = writeln!(err, "dnslens: {name}: {why}");
    let read = (whole.len() <= NOT_A_CAPTURE_READ)
        .then(|| dnslens::input::parse_bytes(whole).ok())
        .flatten();
    if let Some(p) = read.filter(|p| p.format != dnslens::input::TextFormat::Raw) {
        let _ = writeln!(
            err,
            "dnslens: {name} is text in {}, not a capture: `dnslens decode` decodes a message written so (give it on standard input)",
            p.format.describe()
        );
    }
    2
}

/// The formats written message by message (JSON, dig, text), over a whole file or a stream.
fn read_messages(
    mut input: Input<'_>,
    job: &Job<'_>,
    stdout: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let (format, ports, name) = (job.format, job.ports, &job.name);
    // A stream's bytes not yet let go of, whether it has ended (or is read no further), and
    // why it failed.
    let (mut held, mut ended, mut failed) = (Vec::new(), false, None);
    let (bar, made) = match &mut input {
        Input::All(data) => (
            progress::Bar::for_file(data.len()),
            Lister::new(data, ports),
        ),
        Input::Stream(r, file) => {
            // Enough for any capture file's header, unless the stream ends first.
            while held.len() < FILE_HEADER && !ended {
                match more(*r, &mut held) {
                    Ok(n) => ended = n == 0,
                    Err(e) => return cannot(err, name, e),
                }
            }
            let bar = progress::Bar::for_file(file.map_or(0, |(size, _)| size));
            (bar, Lister::new(&held, ports))
        }
    };
    let mut lister = match made {
        Ok(l) => l,
        Err(e) => {
            // All of it, for `not_a_capture` to look at, if it is small: a stream is read on
            // to its end, up to a bound.
            let whole = match &mut input {
                Input::All(data) => data,
                Input::Stream(r, _) => {
                    while !ended && held.len() <= NOT_A_CAPTURE_READ {
                        ended = more(*r, &mut held).map_or(true, |n| n == 0);
                    }
                    &held[..]
                }
            };
            return not_a_capture(err, name, &e.0, whole);
        }
    };
    // JSON writes its Info line itself.
    lister.set_info(false);
    let mut w = Messages::new(format, stdout);
    let mut frame_errors = 0usize;
    loop {
        let (bytes, going_on) = match &input {
            Input::All(data) => (*data, false),
            Input::Stream(..) => (&held[..], !ended),
        };
        let run = lister.run_reporting(
            bytes,
            going_on,
            FRAMES_A_RUN,
            |it| w.message(it),
            |frame, d| {
                frame_errors += 1;
                if frame_errors <= MAX_FRAME_ERRORS {
                    let _ = writeln!(err, "dnslens: frame {frame}: {}: {}", d.layer, d.message);
                }
            },
        );
        bar.at(match &input {
            Input::Stream(_, Some((_, taken))) => taken.get(),
            _ => lister.position(),
        });
        if w.failed.is_some() {
            return w.gone(err);
        }
        match (run, &mut input) {
            (Run::Waiting, Input::Stream(r, _)) => {
                // What is written so far goes out before the input is waited for: a live
                // capture's messages show as they come.
                if !w.flush() {
                    return w.gone(err);
                }
                held.drain(..lister.release());
                if held.len() > MAX_HELD {
                    let e = format!(
                        "one record held {} MiB, and reading stopped there",
                        held.len() >> 20
                    );
                    (ended, failed) = (true, Some(std::io::Error::other(e)));
                    continue;
                }
                match more(*r, &mut held) {
                    Ok(n) => ended = n == 0,
                    // What arrived is listed as the whole file, then the error is said.
                    Err(e) => (ended, failed) = (true, Some(e)),
                }
            }
            (Run::Budget, _) => {}
            _ => break,
        }
    }
    if !w.flush() {
        return w.gone(err);
    }
    bar.done();
    if frame_errors > MAX_FRAME_ERRORS {
        let _ = writeln!(
            err,
            "dnslens: ... and {} more frame problems",
            frame_errors - MAX_FRAME_ERRORS
        );
    }
    let messages = w.count;
    summary(err, job, lister.problems(), lister.frames_read(), messages);
    failed.map_or(0, |e| cannot(err, name, e))
}

/// Say that `name` could not be read, and why: exit code 2.
fn cannot(err: &mut dyn Write, name: &str, e: std::io::Error) -> u8 {
    let _ = writeln!(err, "dnslens: cannot read {name}: {e}");
    2
}

/// Read what `r` has next (at most [`READ_CHUNK`] bytes, waiting for at least one) onto the
/// end of `held`: how many bytes came, 0 at the end of the stream.
fn more(r: &mut dyn Read, held: &mut Vec<u8>) -> std::io::Result<usize> {
    let at = held.len();
    held.resize(at + READ_CHUNK, 0);
    let got = loop {
        match r.read(&mut held[at..]) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            got => break got,
        }
    };
    held.truncate(at + *got.as_ref().unwrap_or(&0));
    got
}

/// The messages of a capture written in one format, and what is kept from one to the next.
struct Messages<'o> {
    format: Format,
    /// Pairs queries with responses. Each query is noted under its frame, which is what a
    /// response's pair names: no table of every message's frame, so that a stream read for
    /// days stays in bounded memory.
    pairs: HashPairer,
    /// Messages written so far.
    count: usize,
    stdout: std::io::BufWriter<&'o mut dyn Write>,
    /// dig's messages, and the text format's scratch.
    text: String,
    /// JSON's and the text format's messages, as bytes: the tree is written without a
    /// `String`'s checks.
    bytes: Vec<u8>,
    /// The one model kept for dig's clean messages.
    model: dnslens::Message,
    json: Json,
    /// The strict parse's lists, reused from one JSON message to the next.
    lists: dnslens::wire::typed::Lists,
    /// Why the output could not be written: nothing more is written (nor read).
    failed: Option<std::io::Error>,
}

impl<'o> Messages<'o> {
    fn new(format: Format, stdout: &'o mut dyn Write) -> Messages<'o> {
        Messages {
            format,
            pairs: HashPairer::default(),
            count: 0,
            stdout: std::io::BufWriter::with_capacity(TEXT_CHUNK, stdout),
            text: String::with_capacity(TEXT_CHUNK + (1 << 14)),
            bytes: Vec::with_capacity(TEXT_CHUNK + (1 << 14)),
            model: dnslens::Message::empty(Flavor::Dns, 0),
            json: Json::default(),
            lists: dnslens::wire::typed::Lists::default(),
            failed: None,
        }
    }

    /// Write one message.
    fn message(&mut self, it: Item<'_>) {
        if self.failed.is_some() {
            return;
        }
        let f = &it.found;
        // Most messages have nothing to remark on: JSON is written from their strict parse,
        // and dig from a model built from it without the tree (which only the text format
        // shows), into the one model kept for the whole file. The others are decoded in full.
        let got = match self.format {
            Format::Text => None,
            // JSON gives the parse's lists back after each message ([`Json::line`] borrows
            // it); dig's model takes the parse whole.
            Format::Json => dnslens::dissect::plain::check_in(it.bytes, f.flavor, &mut self.lists),
            _ => dnslens::dissect::plain::check(it.bytes, f.flavor),
        }
        .map_or_else(
            || Got::Full(dnslens::decode_as(it.bytes, f.flavor)),
            Got::Clean,
        );
        let h = match &got {
            Got::Clean(c) => &c.typed.header,
            Got::Full(m) => &m.header,
        };
        let pair = self.pairs.add(f.frame, f, h.id, h.qr);
        self.count += 1;
        let (text, bytes) = (&mut self.text, &mut self.bytes);
        // Messages gather in `bytes` (text and JSON) or `text` (dig) until there are as many
        // bytes as the writer's buffer holds; it then passes them straight through (copying
        // each message into its buffer first was a twentieth of the text format's time).
        // Matched on the format alone, the message looked at where it is: a tuple of the
        // two copied the parse (a few hundred bytes) for every message.
        match (self.format, &got) {
            (Format::Text, Got::Full(m)) => {
                // `text` is only this message's scratch here.
                text.clear();
                frame_line(text, f, pair);
                bytes.extend_from_slice(text.as_bytes());
                present::write_tree_bytes(bytes, &m.tree);
                text.clear();
                diagnostics(text, m);
                text.push('\n');
                bytes.extend_from_slice(text.as_bytes());
                text.clear();
            }
            (Format::Json, _) => {
                self.json.line(bytes, &got, it.bytes, Some((f, pair)));
                if let Got::Clean(c) = got {
                    self.lists.keep(c.typed);
                }
            }
            // dig (the text format decodes in full, and the list has its own loop).
            _ => {
                frame_line(text, f, pair);
                match got {
                    // The model of a clean message comes from a strict parse that succeeded:
                    // dig's verdicts, which start from that parse's first error, need not read
                    // it again.
                    Got::Clean(c) => {
                        c.build_into(&mut self.model);
                        text.push_str(&present::dig_parsed(&self.model, it.bytes, None));
                    }
                    Got::Full(m) => render(text, &m, it.bytes, self.format),
                }
                text.push('\n');
            }
        }
        if self.bytes.len() >= TEXT_CHUNK || self.text.len() >= TEXT_CHUNK {
            self.write_gathered();
        }
    }

    /// Hand what has gathered to the writer (one of the two is empty).
    fn write_gathered(&mut self) {
        let wrote = self.stdout.write_all(&self.bytes);
        if let Err(e) = wrote.and_then(|()| self.stdout.write_all(self.text.as_bytes())) {
            self.failed.get_or_insert(e);
        }
        self.bytes.clear();
        self.text.clear();
    }

    /// Everything written so far out of the process; false once the output is gone.
    fn flush(&mut self) -> bool {
        self.write_gathered();
        if self.failed.is_none() {
            self.failed = self.stdout.flush().err();
        }
        self.failed.is_none()
    }

    /// Exit code 1, and why the output could not be written ([`not_written`]).
    fn gone(&self, err: &mut dyn Write) -> u8 {
        self.failed.as_ref().map_or(1, |e| not_written(err, e))
    }
}

/// The file's own problems, then (unless `quiet`) one line: frames read, messages found; before
/// it, when frames came but no message, the ports looked on.
fn summary(
    err: &mut dyn Write,
    job: &Job<'_>,
    problems: &[Diagnostic],
    frames: usize,
    messages: usize,
) {
    let name = &job.name;
    for d in problems {
        let _ = writeln!(
            err,
            "dnslens: {name} at byte {}: {}",
            d.span.start, d.message
        );
    }
    if job.quiet {
        return;
    }
    // Frames, none of them DNS on the usual ports, and nothing wrong with the file: the ports
    // are the likely reason.
    if messages == 0 && frames > 0 && problems.is_empty() && job.ports.is_empty() {
        let _ = writeln!(
            err,
            "dnslens: {name}: {}; --port looks on another",
            dnslens::flow::NONE_FOUND
        );
    }
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let _ = writeln!(
        err,
        "dnslens: {frames} frame{}, {messages} DNS message{}",
        s(frames),
        s(messages)
    );
}
