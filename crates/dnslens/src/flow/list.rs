//! A capture listed for the packet list: every DNS message with its Info line, over a file
//! that may still be arriving. Plain UDP frames take [`crate::wire::frame::udp_payload`]'s fast
//! path; everything else goes through [`crate::flow::Extractor`].

use alloc::string::String;

use crate::present::info::{summarize, Brief};
use crate::wire::frame::udp_payload;

/// One message of a capture, as the packet list needs it.
pub struct Item<'a> {
    /// Frame where the message ends.
    pub frame: usize,
    /// Capture time, ns since 1970.
    pub ts_ns: u64,
    /// The frame's bytes and link type (for showing it later).
    pub frame_data: &'a [u8],
    /// Link type.
    pub linktype: u32,
    /// UDP or TCP, addresses, ports, where the message is (its `bytes` are empty on the fast
    /// path: use [`Item::bytes`]).
    pub found: crate::flow::Found,
    /// The DNS message.
    pub bytes: &'a [u8],
    /// Header facts.
    pub brief: Brief,
    /// The Info line.
    pub info: &'a str,
    /// Found by [`udp_payload`] on the frame: the message, its addresses and ports can be found
    /// again from the frame alone.
    pub fast: bool,
}

/// Walk a capture and call `f` for each DNS message with its summary. Plain UDP frames take the
/// fast path (no fields, no copies beyond the message); TCP, fragments and everything else go
/// through [`crate::flow::Extractor`].
pub fn list<'f>(
    file: &'f [u8],
    extra_ports: &[u16],
    f: impl FnMut(Item<'_>),
) -> Result<crate::input::capture::Reader<'f>, crate::input::capture::FileError> {
    list_reporting(file, extra_ports, true, f, |_, _| {}, || false)
}

/// [`list`], also telling `problem` each frame's layer errors (the frame number and the
/// diagnostic) for the frames that take the full path (the fast path takes only frames whose
/// layers read cleanly). Without `info`, no Info line is made: each item's `info` is empty and
/// its `brief` only the header's ([`Brief::of_header`]: enough to pair queries and responses).
/// `stop` is asked every few thousand frames whether to end early (a reader gone away).
pub fn list_reporting<'f>(
    file: &'f [u8],
    extra_ports: &[u16],
    info: bool,
    mut f: impl FnMut(Item<'_>),
    mut problem: impl FnMut(usize, &crate::tree::Diagnostic),
    stop: impl Fn() -> bool,
) -> Result<crate::input::capture::Reader<'f>, crate::input::capture::FileError> {
    let mut l = Lister::new(file, extra_ports)?;
    l.set_info(info);
    while l.run_reporting(file, false, 4096, &mut f, &mut problem) == Run::Budget && !stop() {}
    match l.reader.take() {
        Some(p) => Ok(crate::input::capture::Reader::resume(file, p, false)),
        None => crate::input::capture::Reader::new(file),
    }
}

/// Why [`Lister::run`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Run {
    /// The whole file has been read.
    Done,
    /// `max_frames` were listed; there may be more in the bytes given.
    Budget,
    /// Every complete record given has been listed; the rest of the file has not arrived.
    Waiting,
}

/// [`list`] in pieces: over a file that is still arriving, or a little at a time so that a page
/// stays responsive. Each [`Lister::run`] goes on where the last one stopped.
pub struct Lister {
    reader: Option<crate::input::capture::Paused>,
    x: crate::flow::Extractor,
    line: String,
    info: bool,
    /// A frame of a link type the dissector does not read has been met: said once, as a
    /// problem of the file at that frame.
    unread: bool,
}

impl Lister {
    /// Start on a file whose first bytes (at least its file header) are `head`.
    pub fn new(
        head: &[u8],
        extra_ports: &[u16],
    ) -> Result<Lister, crate::input::capture::FileError> {
        let reader = crate::input::capture::Reader::new(head)?.pause();
        let mut x = crate::flow::Extractor::default();
        x.udp_ports.extend_from_slice(extra_ports);
        x.tcp_ports.extend_from_slice(extra_ports);
        Ok(Lister {
            reader: Some(reader),
            x,
            line: String::new(),
            info: true,
            unread: false,
        })
    }

    /// List up to `max_frames` more frames of `file` (the bytes arrived so far; `more` when
    /// others will follow), and say why it stopped.
    pub fn run(
        &mut self,
        file: &[u8],
        more: bool,
        max_frames: usize,
        f: impl FnMut(Item<'_>),
    ) -> Run {
        self.run_reporting(file, more, max_frames, f, |_, _| {})
    }

    /// [`Lister::run`], telling `problem` the layer errors of frames on the full path.
    pub fn run_reporting(
        &mut self,
        file: &[u8],
        more: bool,
        max_frames: usize,
        mut f: impl FnMut(Item<'_>),
        mut problem: impl FnMut(usize, &crate::tree::Diagnostic),
    ) -> Run {
        let Some(paused) = self.reader.take() else {
            return Run::Done;
        };
        let mut frames = 0;
        let mut reader = crate::input::capture::Reader::resume(file, paused, more);
        let (x, line, info) = (&mut self.x, &mut self.line, self.info);
        let mut unread = None;
        for p in reader.by_ref().take(max_frames) {
            frames += 1;
            let fast = udp_payload(p.linktype, p.data)
                .filter(|u| crate::flow::extract::either_port(&x.udp_ports, u.sport, u.dport));
            if let Some(u) = fast {
                // The common case, without a Vec or a copy: the message stays in the frame.
                let found = crate::flow::Found {
                    frame: p.number,
                    transport: crate::dissect::layers::Transport::Udp,
                    src: u.src,
                    dst: u.dst,
                    sport: u.sport,
                    dport: u.dport,
                    bytes: alloc::vec::Vec::new(),
                    in_frame: Some(u.payload),
                    flavor: crate::dissect::layers::flavor_of(u.sport, u.dport),
                    notes: alloc::vec::Vec::new(),
                    ts_ns: p.ts_ns,
                };
                emit(
                    &mut f,
                    (line, info),
                    &p,
                    &p.data[u.payload.start..u.payload.end],
                    found,
                    true,
                );
                continue;
            }
            let (mut layers, found) = x.push(p.number, p.ts_ns, p.linktype, p.data);
            if layers.link.is_none() && !self.unread {
                self.unread = true;
                unread = unread_note(&mut layers, &p);
            }
            for d in &layers.diagnostics {
                if d.severity == crate::tree::Severity::Error {
                    problem(p.number, d);
                }
            }
            for found in found {
                let owned = found.bytes.clone();
                emit(&mut f, (line, info), &p, &owned, found, false);
            }
        }
        if let Some(d) = unread {
            // In file order among the reader's own, however the file is cut into runs.
            let at = reader
                .diagnostics
                .partition_point(|r| r.span.start <= d.span.start);
            reader.diagnostics.insert(at, d);
        }
        let done = reader.finished();
        self.reader = Some(reader.pause());
        if done {
            Run::Done
        } else if frames == max_frames {
            Run::Budget
        } else {
            Run::Waiting
        }
    }

    /// Byte offset reached in the file (for a progress bar).
    pub fn position(&self) -> usize {
        self.reader.as_ref().map_or(0, |r| r.position())
    }

    /// Whether items carry an Info line (they do unless told otherwise): without one, each
    /// item's `info` is empty and its `brief` only the header's, as in [`list_reporting`].
    pub fn set_info(&mut self, info: bool) {
        self.info = info;
    }

    /// Let go of the bytes listed so far ([`crate::input::capture::Paused::release`]): returns
    /// how many leading bytes the caller drops before the next [`Lister::run`], so that a
    /// stream is listed in bounded memory.
    pub fn release(&mut self) -> usize {
        self.reader.as_mut().map_or(0, |r| r.release())
    }

    /// Frames read so far.
    pub fn frames_read(&self) -> usize {
        self.reader.as_ref().map_or(0, |r| r.frames_read())
    }

    /// Problems the capture reader found so far (a damaged or cut-short file), with offsets.
    pub fn problems(&self) -> &[crate::tree::Diagnostic] {
        self.reader.as_ref().map_or(&[], |r| r.diagnostics())
    }
}

/// The note of a frame of a link type the dissector does not read (`layers` has no link), as
/// the file's problem at the frame's record.
fn unread_note(
    layers: &mut crate::dissect::layers::Layers,
    p: &crate::input::capture::Packet<'_>,
) -> Option<crate::tree::Diagnostic> {
    let ds = &mut layers.diagnostics;
    let i = ds
        .iter()
        .position(|d| d.layer == crate::tree::Layer::Link)?;
    let mut d = ds.swap_remove(i);
    (d.span, d.severity) = (p.record, crate::tree::Severity::Warning);
    Some(d)
}

/// Summarise one message into `line` and hand it to `f`.
fn emit(
    f: &mut impl FnMut(Item<'_>),
    (line, info): (&mut String, bool),
    p: &crate::input::capture::Packet<'_>,
    bytes: &[u8],
    found: crate::flow::Found,
    fast: bool,
) {
    let brief = if info {
        summarize(bytes, line)
    } else {
        line.clear();
        Brief::of_header(bytes)
    };
    f(Item {
        frame: p.number,
        ts_ns: p.ts_ns,
        frame_data: p.data,
        linktype: p.linktype,
        bytes,
        brief,
        info: line,
        found,
        fast,
    });
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn listing_in_pieces_matches_listing_at_once() {
        for name in [
            "pcapplusplus__dns_over_tcp.pcapng",
            "suricata__dns-udp-google.com-a-aaaa-mx.pcap",
        ] {
            let file = crate::corpus_capture(name);
            let key = |i: Item<'_>| (i.frame, i.bytes.to_vec(), String::from(i.info));
            let mut whole = alloc::vec::Vec::new();
            list(&file, &[], |i| whole.push(key(i))).unwrap();
            assert!(!whole.is_empty(), "{name}");
            let mut got = alloc::vec::Vec::new();
            let mut avail = 64;
            let mut l = Lister::new(&file[..avail], &[]).unwrap();
            loop {
                let more = avail < file.len();
                // Two frames at a time, over a file that grows by 50 bytes.
                let mut r = Run::Budget;
                while r == Run::Budget {
                    r = l.run(&file[..avail], more, 2, |i| got.push(key(i)));
                }
                if r == Run::Done {
                    assert!(!more);
                    break;
                }
                avail = (avail + 50).min(file.len());
            }
            assert!(l.problems().is_empty());
            assert_eq!(got, whole, "{name}");
        }
    }

    #[test]
    fn a_link_type_not_read_is_said_once_at_its_first_frame() {
        // Three frames of link type 147 (a user type): nothing is listed, and the file says
        // why once, at the first frame's record, whole or in pieces.
        let mut file = alloc::vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0];
        file.extend_from_slice(&[0; 8]);
        file.extend_from_slice(&[0xff, 0xff, 0, 0, 147, 0, 0, 0]);
        for _ in 0..3 {
            file.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 1, 2, 3, 4]);
        }
        let mut l = Lister::new(&file, &[]).unwrap();
        let mut n = 0;
        while l.run(&file, false, 1, |_| n += 1) == Run::Budget {}
        let said: alloc::vec::Vec<_> = l
            .problems()
            .iter()
            .map(|d| (d.span.start, d.message.clone()))
            .collect();
        assert_eq!(n, 0);
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!(said[0].0, 24);
        assert!(said[0]
            .1
            .starts_with("link type 147 is not one dnslens reads"));
        let whole = list(&file, &[], |_| {}).unwrap();
        assert_eq!(whole.diagnostics.len(), 1);
    }

    #[test]
    fn stops_early_when_asked() {
        // 10,000 copies of a capture's first frame (a pcap record is 16 bytes of header + data).
        let one = crate::corpus_capture("suricata__dns-udp-google.com-a-aaaa-mx.pcap");
        let len = u32::from_le_bytes([one[32], one[33], one[34], one[35]]) as usize;
        let mut file = one[..24].to_vec();
        for _ in 0..10_000 {
            file.extend_from_slice(&one[24..24 + 16 + len]);
        }
        let mut all = 0;
        list(&file, &[], |_| all += 1).unwrap();
        assert_eq!(all, 10_000);
        let (mut seen, asked) = (0, core::cell::Cell::new(0));
        let r = list_reporting(
            &file,
            &[],
            false,
            |_| seen += 1,
            |_, _| {},
            || {
                asked.set(asked.get() + 1);
                true
            },
        )
        .unwrap();
        assert_eq!((seen, asked.get()), (4096, 1));
        assert!(r.frames_read() >= 4096 && r.frames_read() < 10_000);
    }
}
