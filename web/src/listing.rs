//! A capture being listed. The browser reads a file slice by slice ([`Listing::push`]); each
//! slice is listed as it arrives, so the first rows show at once, the page keeps painting, and a
//! stop keeps every row listed so far.
//!
//! A row is small (numbers and offsets, no strings): addresses, ports and the Info line are
//! worked out again from the frame when the row is drawn or filtered — the fast summary is far
//! quicker than the browser draws — so memory stays close to the file's own size.

use std::cell::RefCell;
use std::net::IpAddr;
use std::rc::Rc;

use dnslens::dissect::layers::Transport;
use dnslens::flow::list::{Lister, Run};
use dnslens::flow::{Found, Pairer};
use dnslens::present::info::summarize;
use dnslens::wire::frame::udp_payload;
use dnslens::{Diagnostic, Flavor, Span};

use crate::decode::Source;

/// Where a listing has got to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Slices are still being read.
    Reading,
    /// The whole file is listed.
    Done,
    /// The reader stopped it part-way (the rows so far are kept).
    Stopped,
    /// The file could not be read as a capture (or as one message).
    Failed(String),
}

/// The query/response link of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pair {
    /// Not paired.
    None,
    /// A response to the query in row `.0`, `.1` microseconds later.
    Answers(u32, u32),
    /// A query answered by row `.0`.
    AnsweredBy(u32),
}

/// Marks a row that is not from a capture (a file holding one raw message).
const NO_LINK: u16 = u16::MAX;
/// Marks a row read on the fast path (no entry in `slow`).
const FAST: u32 = u32::MAX;

/// One row: 40 bytes, whatever the message.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
    /// Frame number (where the message ends).
    pub frame: u32,
    /// Capture time, ns since 1970.
    pub ts_ns: u64,
    /// The frame's data in the file.
    at: u32,
    len: u32,
    /// Link type (every link type the listing reads is below 0xffff).
    linktype: u16,
    /// Index in `slow`, or [`FAST`].
    slow: u32,
    /// The summary could not read the message to its end.
    pub flagged: bool,
    /// Its query or response.
    pub pair: Pair,
}

/// Source and destination address and port.
type Ends = (IpAddr, IpAddr, u16, u16);

/// What a row shows, worked out when it is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Time since the first message, as seconds with six decimals.
    pub time: String,
    /// Source address (empty for a file holding one message).
    pub src: String,
    /// Destination address.
    pub dst: String,
    /// DNS / mDNS / LLMNR.
    pub proto: &'static str,
    /// The Info column.
    pub info: String,
}

/// `n` millionths (or tenths...) as a decimal with `places` digits after the point, without
/// floating point (keeps the float formatting code out of the wasm).
pub fn decimal(n: u64, places: u32) -> String {
    let div = 10u64.pow(places);
    format!("{}.{:0w$}", n / div, n % div, w = places as usize)
}

/// A capture file and its rows.
pub struct Listing {
    /// File name.
    pub name: String,
    /// Its size in bytes.
    pub size: usize,
    file: Vec<u8>,
    rows: Vec<Row>,
    /// Messages found off the fast path (TCP, fragments, IPv6 extension headers...).
    slow: Vec<Found>,
    lister: Option<Lister>,
    pairs: Pairer,
    t0: Option<u64>,
    /// Where it has got to.
    pub status: Status,
    /// Set for a file that is one raw DNS message, not a capture: why it was read that way.
    raw: Option<String>,
    /// A file that is not a capture but text the paste box reads (see [`Listing::text`]).
    text: bool,
}

/// A listing shared by the loader, the state and the packet list. Equal only to itself.
#[derive(Clone)]
pub struct Capture(pub Rc<RefCell<Listing>>);

impl PartialEq for Capture {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

impl std::fmt::Debug for Capture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let l = self.0.borrow();
        write!(f, "Capture({}, {} rows)", l.name, l.rows.len())
    }
}

/// Largest capture the page accepts; bigger files get a clear message instead of a stall.
pub const MAX_FILE: usize = 512 * 1024 * 1024;

fn proto_name(f: Flavor) -> &'static str {
    match f {
        Flavor::Mdns => "mDNS",
        Flavor::Llmnr => "LLMNR",
        Flavor::Dns => "DNS",
    }
}

impl Listing {
    /// An empty listing for a file of `size` bytes (its memory is reserved once, up front).
    pub fn new(name: &str, size: usize) -> Result<Listing, String> {
        if size > MAX_FILE {
            return Err(format!("{name} is {} MB; the browser version opens files up to {} MB — use the dnslens command line for larger captures", size >> 20, MAX_FILE >> 20));
        }
        Ok(Listing {
            name: name.into(),
            size,
            file: Vec::new(),
            rows: Vec::new(),
            slow: Vec::new(),
            lister: None,
            pairs: Pairer::default(),
            t0: None,
            status: Status::Reading,
            raw: None,
            text: false,
        })
    }

    /// A whole file at once (tests, and files already in memory).
    pub fn whole(name: &str, data: &[u8]) -> Listing {
        match Listing::new(name, data.len()) {
            Ok(mut l) => {
                l.push(data);
                l
            }
            Err(e) => {
                let mut l = Listing::new(name, 0).unwrap_or_else(|_| unreachable!());
                l.status = Status::Failed(e);
                l
            }
        }
    }

    /// The next slice of the file arrived: keep it and list every record now complete.
    pub fn push(&mut self, slice: &[u8]) {
        self.push_with(slice.len(), |dst| dst.copy_from_slice(slice));
    }

    /// The next `n` bytes of the file arrived; `fill` copies them in (straight from the
    /// browser's buffer, without a copy in between).
    pub fn push_with(&mut self, n: usize, fill: impl FnOnce(&mut [u8])) {
        if self.status != Status::Reading {
            return;
        }
        let at = self.file.len();
        if n > self.size - at {
            // More bytes than the file said it had: it changed while being read.
            self.status = Status::Failed(format!(
                "{} changed while it was being read; open it again",
                self.name
            ));
            return;
        }
        self.file.resize(at + n, 0);
        if let Some(dst) = self.file.get_mut(at..) {
            fill(dst);
        }
        self.list_more();
    }

    /// The browser says the file has ended: list what arrived as the whole file.
    pub fn finish(&mut self) {
        if self.status == Status::Reading {
            self.size = self.file.len();
            self.list_more();
        }
    }

    fn list_more(&mut self) {
        let more = self.file.len() < self.size;
        if self.lister.is_none() {
            match Lister::new(&self.file, &[]) {
                Ok(l) => {
                    // A capture: room for the whole file, reserved once (and only now, so a
                    // large file that is not a capture never takes the memory).
                    if self
                        .file
                        .try_reserve_exact(self.size - self.file.len())
                        .is_err()
                    {
                        self.status = Status::Failed(format!(
                            "{} is {} MB and the browser would not give this page that much memory — use the dnslens command line",
                            self.name,
                            self.size >> 20
                        ));
                        return;
                    }
                    self.lister = Some(l);
                }
                // Too short yet to tell, or small enough to be one raw message or a paste: wait
                // for the rest before deciding.
                Err(_)
                    if more
                        && (self.file.len() < dnslens::input::capture::FILE_HEADER
                            || self.size <= crate::decode::MAX_PASTE) =>
                {
                    return
                }
                Err(e) => return self.not_a_capture(e.0, more),
            }
        }
        let Some(mut lister) = self.lister.take() else {
            return;
        };
        let run = lister.run(&self.file, more, usize::MAX, |item| {
            let f = item.found;
            self.t0.get_or_insert(f.ts_ns);
            let frame_at = item.frame_data.as_ptr() as usize - self.file.as_ptr() as usize;
            // Rows whose addresses can be read again from the frame keep nothing else.
            let fast = item.fast;
            let mut row = Row {
                frame: f.frame as u32,
                ts_ns: f.ts_ns,
                at: frame_at as u32,
                len: item.frame_data.len() as u32,
                linktype: u16::try_from(item.linktype).unwrap_or(NO_LINK - 1),
                slow: FAST,
                flagged: !item.brief.complete,
                pair: Pair::None,
            };
            let me = self.rows.len();
            if let Some((q, dt)) = self.pairs.add(me, &f, item.brief.id, item.brief.qr) {
                row.pair = Pair::Answers(q as u32, (dt / 1000).min(u32::MAX as u64) as u32);
                if let Some(qr) = self.rows.get_mut(q) {
                    qr.pair = Pair::AnsweredBy(me as u32);
                }
            }
            if !fast {
                row.slow = self.slow.len() as u32;
                let mut f = f;
                if f.in_frame.is_some() {
                    // The frame holds it: no copy needed.
                    f.bytes = Vec::new();
                } else if f.bytes.is_empty() {
                    f.bytes = item.bytes.to_vec();
                }
                self.slow.push(f);
            }
            self.rows.push(row);
        });
        if more && self.rows.capacity() == self.rows.len() && !self.rows.is_empty() {
            // Reserve once for the rows the whole file will hold, judged from the part read, so
            // the row table is not copied and doubled as it grows (a frame is 60 bytes or more).
            let guess = (self.rows.len() as u64 * self.size as u64 / self.file.len() as u64)
                .min(self.size as u64 / 60) as usize;
            let _ = self
                .rows
                .try_reserve_exact((guess + guess / 16).saturating_sub(self.rows.len()));
        }
        match run {
            Run::Done => {
                self.status = if self.rows.is_empty() {
                    Status::Failed(format!("{}: {}", self.name, dnslens::flow::NONE_FOUND))
                } else {
                    Status::Done
                }
            }
            Run::Budget | Run::Waiting => {}
        }
        self.lister = Some(lister);
    }

    fn not_a_capture(&mut self, why: String, more: bool) {
        // One DNS message saved as its bytes, or text the paste box reads, by the engine's
        // rule for what is handed over whole (judged once all of it has arrived).
        // (A compressed file or an archive is neither: the reader's reason says what to do.)
        let read = (!more && dnslens::input::capture::packed(&self.file).is_none())
            .then(|| dnslens::input::parse_bytes(&self.file).ok())
            .flatten();
        if read.as_ref().map(|p| p.format) != Some(dnslens::input::TextFormat::Raw) {
            self.text = read.is_some();
            self.status = Status::Failed(format!("{}: {why}", self.name));
            return;
        }
        let m = dnslens::decode(&self.file);
        self.raw = Some(format!(
            "{} is not a capture file ({why}); its bytes are read as one DNS message.",
            self.name
        ));
        self.rows.push(Row {
            frame: 1,
            ts_ns: 0,
            at: 0,
            len: self.file.len() as u32,
            linktype: NO_LINK,
            slow: FAST,
            flagged: m
                .diagnostics
                .iter()
                .any(|d| d.severity >= dnslens::Severity::Warning),
            pair: Pair::None,
        });
        self.status = Status::Done;
    }

    /// The reader pressed stop: keep what is listed.
    pub fn stop(&mut self) {
        if self.status == Status::Reading {
            self.status = Status::Stopped;
        }
    }

    /// The rows listed so far.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// A file that is not a capture but text the paste box reads (hex, a dump, base64): its
    /// text, to be pasted there.
    pub fn text(&self) -> Option<&str> {
        self.text
            .then(|| core::str::from_utf8(&self.file).ok())
            .flatten()
    }

    /// Bytes read so far.
    pub fn loaded(&self) -> usize {
        self.file.len()
    }

    /// Problems the capture reader found (a damaged or cut-short file), with file offsets.
    pub fn problems(&self) -> &[Diagnostic] {
        self.lister.as_ref().map_or(&[], |l| l.problems())
    }

    /// The row of a frame.
    pub fn find_frame(&self, frame: usize) -> Option<usize> {
        self.rows.iter().position(|r| r.frame as usize == frame)
    }

    fn frame(&self, r: &Row) -> &[u8] {
        self.file
            .get(r.at as usize..(r.at as usize).saturating_add(r.len as usize))
            .unwrap_or(&[])
    }

    /// The message's bytes (and where they sit in the frame, when they do), its addresses and
    /// ports, and its dialect.
    fn parts(&self, r: &Row) -> (&[u8], Option<Span>, Option<Ends>, Flavor) {
        let frame = self.frame(r);
        let in_frame = |s: Span| frame.get(s.start..s.end).unwrap_or(&[]);
        if let Some(f) = self.slow.get(r.slow as usize) {
            let bytes = match f.in_frame {
                Some(s) => in_frame(s),
                None => &f.bytes[..],
            };
            let ends = (f.src, f.dst, f.sport, f.dport);
            return (bytes, f.in_frame, Some(ends), f.flavor);
        }
        match udp_payload(r.linktype as u32, frame) {
            Some(u) if r.linktype != NO_LINK => (
                in_frame(u.payload),
                Some(u.payload),
                Some((u.src, u.dst, u.sport, u.dport)),
                dnslens::dissect::layers::flavor_of(u.sport, u.dport),
            ),
            _ => (frame, Some(Span::new(0, frame.len())), None, Flavor::Dns),
        }
    }

    /// What row `i` shows.
    pub fn line(&self, i: usize) -> Option<Line> {
        let r = self.rows.get(i)?;
        let (bytes, _, addrs, flavor) = self.parts(r);
        let mut info = String::new();
        summarize(bytes, &mut info);
        let t0 = self.t0.unwrap_or(r.ts_ns);
        Some(Line {
            time: decimal(r.ts_ns.saturating_sub(t0) / 1000, 6),
            src: addrs.map_or(String::new(), |a| dnslens::present::ip_text(a.0)),
            dst: addrs.map_or(String::new(), |a| dnslens::present::ip_text(a.1)),
            proto: proto_name(flavor),
            info,
        })
    }

    /// Does row `i` pass the filter? Every word (already lower-case) must appear in its Info
    /// line, addresses or protocol; `errors_only` keeps rows with problems. `buf` is reused.
    pub fn matches(&self, i: usize, words: &[String], errors_only: bool, buf: &mut String) -> bool {
        let Some(r) = self.rows.get(i) else {
            return false;
        };
        if errors_only && !r.flagged {
            return false;
        }
        if words.is_empty() {
            return true;
        }
        let (bytes, _, addrs, flavor) = self.parts(r);
        summarize(bytes, buf);
        if let Some((s, d, _, _)) = addrs {
            buf.push(' ');
            dnslens::present::push_ip(buf, s);
            buf.push(' ');
            dnslens::present::push_ip(buf, d);
        }
        buf.push(' ');
        buf.push_str(proto_name(flavor));
        buf.make_ascii_lowercase();
        words.iter().all(|w| buf.contains(w.as_str()))
    }

    /// Where row `i`'s bytes are, to dissect it in full.
    pub fn source(&self, i: usize) -> Option<Source> {
        let r = self.rows.get(i)?;
        if let Some(note) = &self.raw {
            let whole = Span::new(0, self.file.len());
            return Some(Source {
                bytes: Rc::new(self.file.clone()),
                data: whole,
                linktype: None,
                dns: whole,
                flavor: Flavor::Dns,
                note: note.clone(),
            });
        }
        let (bytes, dns_in_frame, addrs, flavor) = self.parts(r);
        let slow = self.slow.get(r.slow as usize);
        let transport = slow.map_or(Transport::Udp, |f| f.transport);
        let notes = slow.map_or(String::new(), |f| {
            if f.notes.is_empty() {
                String::new()
            } else {
                let names: Vec<&str> = f.notes.iter().map(|n| n.name()).collect();
                format!(" ({})", names.join(", "))
            }
        });
        let (s, d, sp, dp) = addrs?;
        let (s, d) = (dnslens::present::ip_text(s), dnslens::present::ip_text(d));
        let whole_frame = slow.is_none_or(|f| f.in_frame.is_some());
        let note = format!(
            "Frame {}: {} {s}:{sp} → {d}:{dp}{notes}. The hex view shows {}.",
            r.frame,
            if transport == Transport::Tcp {
                "TCP"
            } else {
                "UDP"
            },
            if whole_frame {
                "the whole frame"
            } else {
                "the reassembled DNS message"
            }
        );
        Some(if whole_frame {
            let frame = self.frame(r).to_vec();
            Source {
                data: Span::new(0, frame.len()),
                bytes: Rc::new(frame),
                linktype: Some(r.linktype as u32),
                dns: dns_in_frame.unwrap_or_default(),
                flavor,
                note,
            }
        } else {
            let n = bytes.len();
            Source {
                bytes: Rc::new(bytes.to_vec()),
                data: Span::new(0, n),
                linktype: None,
                dns: Span::new(0, n),
                flavor,
                note,
            }
        })
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn capture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/../tests/corpus/captures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn rows_pair_and_filter() {
        let l = Listing::whole(
            "x.pcap",
            &capture("suricata__dns-udp-google.com-a-aaaa-mx.pcap"),
        );
        assert_eq!(l.status, Status::Done);
        assert_eq!(l.rows().len(), 6);
        let answered = l
            .rows()
            .iter()
            .filter(|r| matches!(r.pair, Pair::AnsweredBy(_)))
            .count();
        assert!(answered >= 3);
        let (q, us) = l
            .rows()
            .iter()
            .find_map(|r| match r.pair {
                Pair::Answers(q, us) => Some((q, us)),
                _ => None,
            })
            .unwrap();
        assert!(matches!(l.rows()[q as usize].pair, Pair::AnsweredBy(_)));
        assert!(us < 10_000_000);
        let mut buf = String::new();
        let mx = vec!["mx".to_string()];
        assert_eq!(
            (0..6)
                .filter(|&i| l.matches(i, &mx, false, &mut buf))
                .count(),
            2
        );
        assert_eq!(
            (0..6)
                .filter(|&i| l.matches(i, &[], true, &mut buf))
                .count(),
            0
        );
        // The Info line is the engine's summary of the full decode.
        let line = l.line(0).unwrap();
        let src = l.source(0).unwrap();
        let shown = src.show();
        assert_eq!(line.info, shown.info);
        assert!(src.note.contains(&line.src) && src.note.contains("UDP"));
        assert_eq!(line.time, "0.000000");
        assert_eq!(
            (decimal(1_234_567, 6), decimal(5, 1)),
            ("1.234567".into(), "0.5".into())
        );
        assert_eq!(std::mem::size_of::<Row>(), 40);
    }

    #[test]
    fn slices_list_the_same_rows_as_the_whole_file() {
        for name in [
            "pcapplusplus__dns_over_tcp.pcapng",
            "suricata__dns-udp-google.com-a-aaaa-mx.pcap",
        ] {
            let data = capture(name);
            let whole = Listing::whole(name, &data);
            let mut l = Listing::new(name, data.len()).unwrap();
            for piece in data.chunks(97) {
                l.push(piece);
            }
            assert_eq!(l.status, Status::Done, "{name}");
            assert_eq!(l.rows(), whole.rows(), "{name}");
            for i in 0..l.rows().len() {
                assert_eq!(l.line(i), whole.line(i));
                assert_eq!(l.source(i), whole.source(i));
            }
        }
    }

    #[test]
    fn stopping_keeps_rows_and_bad_files_say_why() {
        let data = capture("suricata__dns-udp-google.com-a-aaaa-mx.pcap");
        let mut l = Listing::new("x.pcap", data.len()).unwrap();
        l.push(&data[..data.len() / 2]);
        let part = l.rows().len();
        assert!(part > 0 && part < 6);
        l.stop();
        l.push(&data[data.len() / 2..]);
        assert_eq!((l.status.clone(), l.rows().len()), (Status::Stopped, part));
        // A file that ends early is listed as far as it goes, with the reader's note.
        let mut short = Listing::new("x.pcap", data.len() + 100).unwrap();
        short.push(&data);
        assert_eq!(short.status, Status::Reading);
        short.finish();
        assert_eq!(
            (short.status.clone(), short.rows().len()),
            (Status::Done, 6)
        );
        // A raw message that arrives in small pieces is still read as one message.
        let seed = dnslens::input::parse(crate::examples::NXDOMAIN)
            .unwrap()
            .bytes;
        let mut raw = Listing::new("m.bin", seed.len() - 28).unwrap();
        for piece in seed[28..].chunks(10) {
            raw.push(piece);
        }
        assert_eq!((raw.status.clone(), raw.rows().len()), (Status::Done, 1));
        // Bytes that are not text and too many for one message: not a capture, and nothing
        // else either.
        let junk: Vec<u8> = (0..100_000u32).map(|i| (i * 7919 + 13) as u8).collect();
        let junk = Listing::whole("junk.bin", &junk);
        assert!(matches!(&junk.status, Status::Failed(e) if e.contains("not a pcap")));
        assert_eq!(junk.text(), None);
        // Text the paste box reads (here a dump), for it to read.
        let dump = Listing::whole("m.txt", crate::examples::NXDOMAIN.as_bytes());
        assert!(matches!(&dump.status, Status::Failed(e) if e.contains("not a pcap")));
        assert_eq!(dump.text(), Some(crate::examples::NXDOMAIN));
        assert_eq!(Listing::whole("prose.txt", b"hello, world").text(), None);
        // A small compressed file: not read as a message, and the reason says what to do.
        let gz = Listing::whole("m.pcap.gz", &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]);
        assert!(matches!(&gz.status, Status::Failed(e) if e.contains("gunzip")));
        assert_eq!((gz.rows().len(), gz.text()), (0, None));
        let xz = Listing::whole("m.pcap.xz", b"\xfd7zXZ\0\0\x04\xe6\xd6\xb4\x46\x02\0\x21");
        assert!(matches!(&xz.status, Status::Failed(e) if e.contains("unxz")));
        assert_eq!((xz.rows().len(), xz.text()), (0, None));
        assert!(Listing::new("huge.pcap", MAX_FILE + 1).is_err());
        // One raw message saved as a file.
        let seed = dnslens::input::parse(crate::examples::NXDOMAIN)
            .unwrap()
            .bytes;
        let raw = Listing::whole("m.bin", &seed[28..]);
        assert_eq!((raw.status.clone(), raw.rows().len()), (Status::Done, 1));
        assert!(raw.source(0).unwrap().note.contains("not a capture file"));
        assert!(raw.line(0).unwrap().info.contains("NXDOMAIN"));
    }
}
