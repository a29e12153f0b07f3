//! Capture files: classic pcap (both byte orders, micro- and nanosecond) and pcapng (SHB, IDB,
//! EPB, SPB and the obsolete PB; several interfaces with their own link types and `if_tsresol`).
//!
//! Hand-written rather than taken from a crate: the hex view needs a span for every record
//! header field, the engine must stay `no_std`, and a damaged file must yield every packet before
//! the damage plus a diagnostic at its offset — no pcap crate offers all three.
//!
//! The reader is an iterator over borrowed slices: memory use does not grow with the file.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::tree::{Diagnostic, Field, Kind, Severity, Span};

/// One captured packet.
#[derive(Clone, Debug, PartialEq)]
pub struct Packet<'a> {
    /// 1-based frame number.
    pub number: usize,
    /// Link type (LINKTYPE_*), from the file header or the interface.
    pub linktype: u32,
    /// Captured bytes.
    pub data: &'a [u8],
    /// Where `data` starts in the file.
    pub data_offset: usize,
    /// Length on the wire.
    pub orig_len: u32,
    /// Timestamp in nanoseconds since 1970 (0 when unknown).
    pub ts_ns: u64,
    /// The record (header + data + padding) in the file.
    pub record: Span,
}

/// The file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Format {
    Pcap { big_endian: bool, nanos: bool },
    Pcapng,
}

/// Why a file cannot be read at all.
#[derive(Clone, Debug, PartialEq)]
pub struct FileError(pub String);

struct Iface {
    linktype: u32,
    /// Ticks per second.
    tsresol: u64,
}

/// Iterates the packets of a capture file.
pub struct Reader<'a> {
    /// The bytes of the file from `base` on (see [`Paused::release`]).
    file: &'a [u8],
    /// Where `file` starts in the whole file: every offset the reader reports (packets,
    /// records, diagnostics, its position) counts from the whole file's start, and `pos` from
    /// `file`'s.
    base: usize,
    /// Detected format.
    pub format: Format,
    pos: usize,
    number: usize,
    big_endian: bool,
    linktype: u32,
    ifaces: Vec<Iface>,
    /// Problems found so far (damaged records, unknown blocks).
    pub diagnostics: Vec<Diagnostic>,
    done: bool,
    /// The file is still arriving: a record cut by the end of `file` is waited for, not
    /// reported (see [`Reader::pause`]).
    more: bool,
    /// The last `next` stopped at the end of the bytes given (not at damage).
    waiting: bool,
}

/// Everything a [`Reader`] knows except the file itself, so that a file that arrives in pieces
/// (a browser reading a large capture slice by slice) can be read as it grows.
pub struct Paused {
    format: Format,
    base: usize,
    pos: usize,
    number: usize,
    big_endian: bool,
    linktype: u32,
    ifaces: Vec<Iface>,
    diagnostics: Vec<Diagnostic>,
    done: bool,
}

impl Paused {
    /// Byte offset reached.
    pub fn position(&self) -> usize {
        self.base + self.pos
    }

    /// Let go of the bytes read so far, so that a stream need not be kept whole: returns how
    /// many leading bytes of the bytes held the caller now drops, and [`Reader::resume`] is
    /// then given the bytes held without them. Offsets still count from the start of the whole
    /// file.
    pub fn release(&mut self) -> usize {
        let n = self.pos;
        self.base += n;
        self.pos = 0;
        n
    }

    /// How many packets have been read so far.
    pub fn frames_read(&self) -> usize {
        self.number
    }

    /// Problems found so far.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

fn rd16(b: &[u8], at: usize, be: bool) -> Option<u16> {
    let s = b.get(at..at + 2)?;
    Some(if be {
        u16::from_be_bytes([s[0], s[1]])
    } else {
        u16::from_le_bytes([s[0], s[1]])
    })
}
fn rd32(b: &[u8], at: usize, be: bool) -> Option<u32> {
    rd32s::<1>(b, at, be).map(|[w]| w)
}

/// `N` consecutive 32-bit words from `at`, with one bounds check for all of them (a record
/// header read a word at a time cost four checks and four `Option`s, a tenth of the packet
/// list's time).
fn rd32s<const N: usize>(b: &[u8], at: usize, be: bool) -> Option<[u32; N]> {
    let s = b.get(at..at.checked_add(4 * N)?)?;
    let mut w = [0u32; N];
    for (w, c) in w.iter_mut().zip(s.chunks_exact(4)) {
        let a = [c[0], c[1], c[2], c[3]];
        *w = if be {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        };
    }
    Some(w)
}

/// The most bytes [`Reader::new`] needs to recognise a file: a pcap file header (pcapng's
/// magic number is 4 bytes; its blocks are read as they come).
pub const FILE_HEADER: usize = 24;

pub use super::packed::{gzip, packed, GZIP_MAGIC};

impl<'a> Reader<'a> {
    /// Recognise the file by its magic number.
    pub fn new(file: &'a [u8]) -> Result<Reader<'a>, FileError> {
        let magic = file.get(..4).ok_or_else(|| {
            FileError("the file is shorter than any capture file header (4 bytes)".into())
        })?;
        let mut r = Reader {
            file,
            base: 0,
            format: Format::Pcapng,
            pos: 0,
            number: 0,
            big_endian: false,
            linktype: 0,
            ifaces: Vec::new(),
            diagnostics: Vec::new(),
            done: false,
            more: false,
            waiting: false,
        };
        match magic {
            [0xd4, 0xc3, 0xb2, 0xa1]
            | [0x4d, 0x3c, 0xb2, 0xa1]
            | [0xa1, 0xb2, 0xc3, 0xd4]
            | [0xa1, 0xb2, 0x3c, 0x4d] => {
                let be = magic[0] == 0xa1;
                let nanos = matches!(magic, [0x4d, 0x3c, ..] | [.., 0x3c, 0x4d]);
                if file.len() < FILE_HEADER {
                    return Err(FileError(format!(
                        "a pcap file header is {FILE_HEADER} bytes; this file has {}",
                        file.len()
                    )));
                }
                r.format = Format::Pcap {
                    big_endian: be,
                    nanos,
                };
                r.big_endian = be;
                r.linktype = rd32(file, 20, be).unwrap_or(0) & 0x0FFF_FFFF;
                r.pos = FILE_HEADER;
            }
            [0x0a, 0x0d, 0x0d, 0x0a] => r.format = Format::Pcapng,
            _ => {
                if let Some(what) = packed(file) {
                    return Err(FileError(format!("this is {what}")));
                }
                return Err(FileError(format!(
                    "not a pcap or pcapng file: it starts with {:02x} {:02x} {:02x} {:02x}",
                    magic[0], magic[1], magic[2], magic[3]
                )));
            }
        }
        Ok(r)
    }

    /// Put the reader aside; [`Reader::resume`] goes on where it stopped, over the same file or
    /// a longer prefix of it.
    pub fn pause(self) -> Paused {
        Paused {
            format: self.format,
            base: self.base,
            pos: self.pos,
            number: self.number,
            big_endian: self.big_endian,
            linktype: self.linktype,
            ifaces: self.ifaces,
            diagnostics: self.diagnostics,
            done: self.done,
        }
    }

    /// Go on reading `file` (which must start with the bytes the reader was paused over, less
    /// those [`Paused::release`] let go of).
    /// `more` says the file is not complete yet: a record cut by its end ends this pass without
    /// a diagnostic and is read on the next, when its bytes have arrived.
    pub fn resume(file: &'a [u8], p: Paused, more: bool) -> Reader<'a> {
        Reader {
            file,
            base: p.base,
            format: p.format,
            pos: p.pos,
            number: p.number,
            big_endian: p.big_endian,
            linktype: p.linktype,
            ifaces: p.ifaces,
            diagnostics: p.diagnostics,
            done: p.done,
            more,
            waiting: false,
        }
    }

    /// True once the reader has reached the end of a complete file (or damage it cannot pass).
    pub fn finished(&self) -> bool {
        self.done
    }

    /// How many packets have been returned so far.
    pub fn frames_read(&self) -> usize {
        self.number
    }

    /// Byte offset the reader has reached (for progress bars).
    pub fn position(&self) -> usize {
        self.base + self.pos
    }

    /// A problem at `s..e` in the bytes held.
    fn diag(&mut self, s: usize, e: usize, m: String) {
        self.diagnostics.push(Diagnostic {
            span: Span::new(self.base + s, self.base + e),
            severity: Severity::Error,
            layer: crate::tree::Layer::Capture,
            message: m,
        });
    }

    fn next_pcap(&mut self) -> Option<Packet<'a>> {
        let f = self.file;
        if self.pos >= f.len() {
            self.waiting = true;
            return None;
        }
        let at = self.pos;
        let be = self.big_endian;
        if self.more {
            // Still arriving: stop before a record that is not all here yet. A length past the
            // sanity limit is damage, and damage takes the rest of the file as its packet, so it
            // too waits for the end.
            let caplen = rd32(f, at + 8, be);
            if caplen.is_none_or(|c| c > 0x0400_0000 || at + 16 + c as usize > f.len()) {
                self.waiting = true;
                return None;
            }
        }
        let Some([sec, frac, caplen, orig]) = rd32s::<4>(f, at, be) else {
            self.diag(at, f.len(), format!("{} stray byte(s) at the end of the file are too few for a 16-byte packet record header", f.len() - at));
            return None;
        };
        let start = at + 16;
        let end = start.saturating_add(caplen as usize);
        let nanos = matches!(self.format, Format::Pcap { nanos: true, .. });
        // The record header is whole, so its time is known even when its data is cut short.
        let ts_ns = sec as u64 * 1_000_000_000
            + if nanos {
                frac as u64
            } else {
                frac as u64 * 1000
            };
        if caplen > 0x0400_0000 || end > f.len() {
            self.diag(at + 8, at + 12, format!("packet record {} says it captured {caplen} bytes, but only {} remain in the file; the file is cut short", self.number + 1, f.len().saturating_sub(start)));
            let data = f.get(start.min(f.len())..).unwrap_or(&[]);
            self.number += 1;
            self.pos = f.len();
            return Some(Packet {
                number: self.number,
                linktype: self.linktype,
                data,
                data_offset: self.base + start.min(f.len()),
                orig_len: orig,
                ts_ns,
                record: Span::new(self.base + at, self.base + f.len()),
            });
        }
        self.number += 1;
        self.pos = end;
        Some(Packet {
            number: self.number,
            linktype: self.linktype,
            data: &f[start..end],
            data_offset: self.base + start,
            orig_len: orig,
            ts_ns,
            record: Span::new(self.base + at, self.base + end),
        })
    }

    fn next_pcapng(&mut self) -> Option<Packet<'a>> {
        let f = self.file;
        loop {
            let at = self.pos;
            if at >= f.len() {
                self.waiting = true;
                return None;
            }
            if self.more {
                // Still arriving: wait for the whole block. A section header carries its own
                // byte order, which its length is written in.
                let be = match f.get(at..at + 12) {
                    Some([0x0a, 0x0d, 0x0d, 0x0a, _, _, _, _, 0x1a, 0x2b, 0x3c, 0x4d]) => true,
                    Some([0x0a, 0x0d, 0x0d, 0x0a, _, _, _, _, 0x4d, 0x3c, 0x2b, 0x1a]) => false,
                    _ => self.big_endian,
                };
                let blen = rd32(f, at + 4, be).unwrap_or(u32::MAX) as usize;
                if f.len() - at < 12 || at.saturating_add(blen) > f.len() {
                    self.waiting = true;
                    return None;
                }
            }
            if f.len() - at < 12 {
                self.diag(at, f.len(), format!("{} stray byte(s) at the end of the file are too few for a pcapng block (12 bytes at least)", f.len() - at));
                return None;
            }
            if f.get(at..at + 4) == Some(&[0x0a, 0x0d, 0x0d, 0x0a]) {
                // Section header: its byte-order magic sets the order for the section.
                match f.get(at + 8..at + 12) {
                    Some([0x1a, 0x2b, 0x3c, 0x4d]) => self.big_endian = true,
                    Some([0x4d, 0x3c, 0x2b, 0x1a]) => self.big_endian = false,
                    _ => {
                        self.diag(at + 8, at + 12, "the section header's byte-order magic is neither 1a2b3c4d nor 4d3c2b1a".into());
                        return None;
                    }
                }
                self.ifaces.clear();
            }
            let be = self.big_endian;
            let btype = rd32(f, at, be).unwrap_or(0);
            let blen = rd32(f, at + 4, be).unwrap_or(0) as usize;
            if blen < 12 || !blen.is_multiple_of(4) || at + blen > f.len() {
                self.diag(at + 4, at + 8, format!("pcapng block at offset {} has length {blen}, which is {}; reading stops here", self.base + at,
                    if at + blen > f.len() { "past the end of the file" } else { "not a multiple of 4 of at least 12" }));
                return None;
            }
            if rd32(f, at + blen - 4, be) != Some(blen as u32) {
                self.diag(at + blen - 4, at + blen, format!("pcapng block at offset {}: the trailing length does not repeat the leading length {blen}", self.base + at));
            }
            self.pos = at + blen;
            let body = at + 8;
            let body_end = at + blen - 4;
            match btype {
                1 => {
                    let lt = rd16(f, body, be).unwrap_or(0) as u32;
                    let tsresol = if_tsresol(f, body + 8, body_end, be).unwrap_or(1_000_000);
                    self.ifaces.push(Iface {
                        linktype: lt,
                        tsresol,
                    });
                }
                6 | 2 => {
                    let [first, hi, lo, caplen, orig] = rd32s::<5>(f, body, be)?;
                    // An obsolete packet block (type 2) has a 16-bit interface ID.
                    let iface = if btype == 6 {
                        first as usize
                    } else {
                        rd16(f, body, be)? as usize
                    };
                    let start = body + 20;
                    let end = start + caplen as usize;
                    self.number += 1;
                    let Some((lt, tsresol)) =
                        self.ifaces.get(iface).map(|i| (i.linktype, i.tsresol))
                    else {
                        self.diag(body, body + 4, format!("packet {} names interface {iface}, but only {} interface(s) were described", self.number, self.ifaces.len()));
                        continue;
                    };
                    if end > body_end {
                        self.diag(
                            body + 12,
                            body + 16,
                            format!(
                                "packet {} says it captured {caplen} bytes but its block holds {}",
                                self.number,
                                body_end.saturating_sub(start)
                            ),
                        );
                    }
                    let end = end.min(body_end);
                    let ticks = ((hi as u64) << 32) | lo as u64;
                    let ts_ns = if tsresol == 0 {
                        0
                    } else {
                        ((ticks as u128 * 1_000_000_000) / tsresol as u128) as u64
                    };
                    return Some(Packet {
                        number: self.number,
                        linktype: lt,
                        data: &f[start.min(end)..end],
                        data_offset: self.base + start,
                        orig_len: orig,
                        ts_ns,
                        record: Span::new(self.base + at, self.base + at + blen),
                    });
                }
                3 => {
                    let orig = rd32(f, body, be)?;
                    let start = body + 4;
                    let end = (start + orig as usize).min(body_end);
                    self.number += 1;
                    let lt = self.ifaces.first().map_or(1, |i| i.linktype);
                    return Some(Packet {
                        number: self.number,
                        linktype: lt,
                        data: &f[start..end],
                        data_offset: self.base + start,
                        orig_len: orig,
                        ts_ns: 0,
                        record: Span::new(self.base + at, self.base + at + blen),
                    });
                }
                _ => {} // SHB, name resolution, statistics, custom blocks: nothing to show as packets
            }
        }
    }

    /// The fields of a packet's record header, with spans in the file.
    pub fn record_fields(&self, p: &Packet<'_>) -> Field {
        let at = p.record.start;
        let be = self.big_endian;
        // Read in the bytes held (a record of bytes let go of reads as zeros).
        let (f, held) = (self.file, at.checked_sub(self.base));
        let u32f = |name: &'static str, off: usize, explain: &'static str| {
            Field::new(
                name,
                format!("{}", held.and_then(|h| rd32(f, h + off, be)).unwrap_or(0)),
                Span::new(at + off, at + off + 4),
                Kind::Layer,
            )
            .explain(explain)
        };
        let children = match self.format {
            Format::Pcap { nanos, .. } => vec![
                u32f("Timestamp seconds", 0, "seconds since 1970"),
                u32f(
                    if nanos {
                        "Timestamp nanoseconds"
                    } else {
                        "Timestamp microseconds"
                    },
                    4,
                    "fraction of the second",
                ),
                u32f("Captured length", 8, "bytes saved in the file"),
                u32f("Original length", 12, "bytes on the wire"),
            ],
            Format::Pcapng => vec![
                u32f(
                    "Block type",
                    0,
                    "6 = enhanced packet block, 3 = simple packet block",
                ),
                u32f("Block length", 4, "total bytes in the block"),
                u32f("Interface ID", 8, "which interface description applies"),
                u32f(
                    "Timestamp (high)",
                    12,
                    "upper 32 bits of the timestamp in interface ticks",
                ),
                u32f("Timestamp (low)", 16, "lower 32 bits"),
                u32f("Captured length", 20, "bytes saved"),
                u32f("Original length", 24, "bytes on the wire"),
            ],
        };
        Field::new(
            format!("Frame {}", p.number),
            format!(
                "{} bytes captured, {} on the wire",
                p.data.len(),
                p.orig_len
            ),
            p.record,
            Kind::Group,
        )
        .rfc(if matches!(self.format, Format::Pcapng) {
            "draft-ietf-opsawg-pcapng"
        } else {
            "pcap file format"
        })
        .children(children)
    }
}

/// `if_tsresol` (option 9) of an interface description: ticks per second.
fn if_tsresol(f: &[u8], mut pos: usize, end: usize, be: bool) -> Option<u64> {
    while pos + 4 <= end {
        let code = rd16(f, pos, be)?;
        let len = rd16(f, pos + 2, be)? as usize;
        if code == 0 {
            break;
        }
        if code == 9 && len >= 1 {
            let v = *f.get(pos + 4)?;
            let e = (v & 0x7f) as u32;
            return if v & 0x80 != 0 {
                2u64.checked_pow(e)
            } else {
                10u64.checked_pow(e)
            };
        }
        pos += 4 + len.div_ceil(4) * 4;
    }
    None
}

impl<'a> Iterator for Reader<'a> {
    type Item = Packet<'a>;
    fn next(&mut self) -> Option<Packet<'a>> {
        if self.done {
            return None;
        }
        self.waiting = false;
        let p = match self.format {
            Format::Pcap { .. } => self.next_pcap(),
            Format::Pcapng => self.next_pcapng(),
        };
        // While the file is still arriving, reaching the end of the bytes given means "wait for
        // more"; stopping at damage is final.
        if p.is_none() && !(self.more && self.waiting) {
            self.done = true;
        }
        p
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn pcap_both_orders_and_truncation() {
        let mut le = vec![
            0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0,
            0,
        ];
        le.extend_from_slice(&[1, 0, 0, 0, 5, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0xaa, 0xbb]);
        let r = Reader::new(&le).unwrap();
        let v: Vec<Packet> = r.collect();
        assert_eq!(v.len(), 1);
        assert_eq!(
            (v[0].linktype, v[0].data, v[0].ts_ns),
            (1, &[0xaa, 0xbb][..], 1_000_005_000)
        );
        // cut in the middle of the data: the packet is still returned, with its record's time
        // and a diagnostic
        let cut = &le[..le.len() - 1];
        let mut r = Reader::new(cut).unwrap();
        assert_eq!(
            r.next().map(|p| (p.data.len(), p.ts_ns)),
            Some((1, 1_000_005_000))
        );
        assert!(r.diagnostics[0].message.contains("cut short"));
        assert!(Reader::new(b"hello world").is_err());
    }

    #[test]
    fn compressed_files_and_archives_are_named_with_what_to_do() {
        for (start, tool) in [
            (&b"\x1f\x8b\x08\0\0\0"[..], "(gunzip)"),
            (b"\xfd7zXZ\0\0\x04", "(unxz)"),
            (b"BZh91AY&SY", "(bunzip2)"),
            (b"\x28\xb5\x2f\xfd\x24\x04", "(unzstd)"),
            (b"\x04\x22\x4d\x18\x64\x40", "(unlz4)"),
            (b"PK\x03\x04\x14\0", "(unzip)"),
        ] {
            let e = Reader::new(start).err().map(|e| e.0);
            assert!(e.as_ref().is_some_and(|e| e.ends_with(tool)), "{e:?}");
        }
    }

    #[test]
    fn a_file_read_in_pieces_gives_the_same_packets() {
        for name in [
            "suricata__dns-udp-google.com-a-aaaa-mx.pcap",
            "pcapplusplus__many_interfaces-1.pcapng",
        ] {
            pieces(&crate::corpus_capture(name));
        }
    }

    #[test]
    fn a_skipped_packet_does_not_end_a_file_read_in_pieces() {
        // The first enhanced packet block names an interface that was never described: it is
        // reported and skipped, and the packets after it are still read as the file grows.
        let mut file = crate::corpus_capture("pcapplusplus__many_interfaces-1.pcapng");
        let mut at = 0;
        while rd32(&file, at, false) != Some(6) {
            at += rd32(&file, at + 4, false).unwrap() as usize;
        }
        file[at + 8..at + 12].copy_from_slice(&99u32.to_le_bytes());
        let whole: Vec<usize> = Reader::new(&file).unwrap().map(|p| p.data_offset).collect();
        assert!(whole.len() > 2);
        let mut got = Vec::new();
        let mut avail = 64;
        let mut paused = Reader::new(&file[..avail]).unwrap().pause();
        loop {
            let more = avail < file.len();
            let mut r = Reader::resume(&file[..avail], paused, more);
            got.extend(r.by_ref().map(|p| p.data_offset));
            paused = r.pause();
            if !more {
                break;
            }
            avail = (avail + 40).min(file.len());
        }
        assert_eq!(got, whole);
        assert!(paused.diagnostics()[0].message.contains("interface 99"));
    }

    #[test]
    fn a_stream_let_go_of_as_it_is_read_reports_whole_file_offsets() {
        // Damage that is reported and read past (a pcapng block whose trailing length differs,
        // a packet naming an interface never described), and damage that ends the file (a
        // record cut short): every offset as in the whole file, from a window of it.
        let mut ng = crate::corpus_capture("pcapplusplus__many_interfaces-1.pcapng");
        let mut at = 0;
        let mut epbs = Vec::new();
        while let Some(len) = rd32(&ng, at + 4, false).filter(|_| at < ng.len()) {
            if rd32(&ng, at, false) == Some(6) {
                epbs.push((at, len as usize));
            }
            at += len as usize;
        }
        let (a, alen) = epbs[1];
        ng[a + alen - 4] ^= 0xff;
        let (b, _) = epbs[3];
        ng[b + 8..b + 12].copy_from_slice(&77u32.to_le_bytes());
        let cut = crate::corpus_capture("suricata__dns-udp-google.com-a-aaaa-mx.pcap");
        let cut = &cut[..cut.len() - 5];
        for file in [&ng[..], cut] {
            let (packets, diags) = streamed(file, file.len(), false);
            assert!(!diags.is_empty() && packets.len() > 2, "{diags:?}");
            for step in [1, 13, 200, 4096] {
                for release in [false, true] {
                    let got = streamed(file, step, release);
                    assert_eq!(got, (packets.clone(), diags.clone()), "step {step}");
                }
            }
        }
        assert!(streamed(&ng, 9, true)
            .1
            .iter()
            .any(|d| d.message.contains(&format!("offset {a}"))));
    }

    /// Every packet (its fields and its record's fields) and every diagnostic of `file` given
    /// `step` bytes at a time (at least a file header's first; all of it at once when `step` is
    /// its length), the bytes read let go of (`release`) or kept. The reader ends finished.
    #[allow(clippy::type_complexity)]
    fn streamed(
        file: &[u8],
        step: usize,
        release: bool,
    ) -> (Vec<(Packet<'static>, Field)>, Vec<Diagnostic>) {
        let (mut from, mut avail) = (0, step.max(FILE_HEADER).min(file.len()));
        let mut paused = Reader::new(&file[..avail]).unwrap().pause();
        let mut got = Vec::new();
        loop {
            let more = avail < file.len();
            let mut r = Reader::resume(&file[from..avail], paused, more);
            while let Some(p) = r.next() {
                let f = r.record_fields(&p);
                let data: &'static [u8] = Vec::leak(p.data.to_vec());
                got.push((Packet { data, ..p }, f));
            }
            let done = r.finished();
            paused = r.pause();
            if !more {
                assert!(done);
                return (got, paused.diagnostics().to_vec());
            }
            if release {
                from += paused.release();
            }
            avail = (avail + step).min(file.len());
        }
    }

    /// `file` given in pieces of 1, 7, 100 and 333 bytes reads as the whole file does, without a
    /// problem.
    fn pieces(file: &[u8]) {
        let (whole, problems) = streamed(file, file.len(), false);
        assert!(problems.is_empty(), "{problems:?}");
        for step in [1, 7, 100, 333] {
            let got = streamed(file, step, false);
            assert_eq!(got, (whole.clone(), Vec::new()), "step {step}");
        }
    }
}
