//! `dnslens`: the dnslens engine in a terminal. The binary is a thin wrapper around [`run`], so
//! tests can call exactly what a user runs.

extern crate alloc;

use core::fmt::Write as _;
use std::ffi::OsString;
use std::io::{Read, Write};

use clap::{Parser, Subcommand, ValueEnum};
use dnslens::dissect::layers::Start;
use dnslens::flow::Found;
use dnslens::{present, Flavor};

mod list;
mod progress;
mod read;

#[derive(Parser)]
#[command(
    name = "dnslens",
    version,
    about = "Dissect DNS messages: every byte explained"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// The whole dissection tree with byte offsets.
    Text,
    /// One RFC 8427 JSON object per DNS message.
    Json,
    /// What dig prints.
    Dig,
    /// One line per message, like tshark's packet list (read only).
    List,
}

#[derive(Clone, Copy, ValueEnum)]
enum Dialect {
    Dns,
    Mdns,
    Llmnr,
}

#[derive(Subcommand)]
enum Cmd {
    /// Decode one DNS message given as hex digits (argument, or stdin when absent or `-`; stdin
    /// may also be the message's own bytes).
    Decode {
        /// Hex digits; whitespace is ignored.
        hex: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Read the message as mDNS or LLMNR (default: from the UDP/TCP port, else DNS).
        #[arg(long, value_enum)]
        dialect: Option<Dialect>,
        /// Where the pasted bytes start.
        #[arg(long, value_enum, default_value = "auto")]
        layer: Layer,
    },
    /// Every DNS message in a pcap or pcapng file, in order.
    Read {
        /// The capture file (pcap or pcapng, gzip-compressed or not); `-` reads one from
        /// standard input as it arrives.
        file: std::path::PathBuf,
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Also look for DNS on this UDP/TCP port (53, 5353 and 5355 always).
        #[arg(long = "port")]
        ports: Vec<u16>,
        /// No summary line on stderr at the end.
        #[arg(long, short)]
        quiet: bool,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Layer {
    Auto,
    Eth,
    Ipv4,
    Ipv6,
    Udp,
    Tcp,
    Dns,
}

/// Run `dnslens` with `args` (the program name first). Returns the exit code.
pub fn run<I, T>(args: I, stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = e.render().to_string();
            let _ = if code == 0 {
                out.write_all(text.as_bytes())
            } else {
                err.write_all(text.as_bytes())
            };
            return code;
        }
    };
    match cli.cmd {
        Cmd::Read {
            file,
            format,
            ports,
            quiet,
        } => read::read(&file, format, &ports, quiet, stdin, out, err),
        Cmd::Decode {
            hex,
            format,
            dialect,
            layer,
        } => {
            // Standard input may also be the message itself, as bytes (a DoH
            // `application/dns-message`): bytes that cannot be text are read as they are.
            let parsed = match hex.as_deref() {
                Some(h) if h != "-" => dnslens::input::parse(h),
                _ => match given(stdin, err) {
                    Ok(given) => dnslens::input::parse_bytes(&given),
                    Err(code) => return code,
                },
            };
            let bytes = match parsed {
                Ok(p) => p.bytes,
                Err(e) => {
                    let _ = writeln!(err, "dnslens: the input is not hex: {e}");
                    // A file named where its contents were meant.
                    if let Some(h) = hex.as_deref().filter(|h| std::path::Path::new(h).is_file()) {
                        let _ = writeln!(
                            err,
                            "dnslens: {h} is a file: give its contents on standard input (dnslens decode < {h}), or read a capture with dnslens read {h}"
                        );
                    }
                    return 2;
                }
            };
            let start = match layer {
                Layer::Auto => None,
                Layer::Eth => Some(Start::Ethernet),
                Layer::Ipv4 => Some(Start::Ipv4),
                Layer::Ipv6 => Some(Start::Ipv6),
                Layer::Udp => Some(Start::Udp),
                Layer::Tcp => Some(Start::Tcp),
                Layer::Dns => Some(Start::Dns),
            };
            let flavor = dialect.map(|d| match d {
                Dialect::Dns => Flavor::Dns,
                Dialect::Mdns => Flavor::Mdns,
                Dialect::Llmnr => Flavor::Llmnr,
            });
            let d = dnslens::dissect(&bytes, start, flavor);
            let dns = &bytes[d.dns_span.start..d.dns_span.end];
            let text = match format {
                // Every offset here is an offset in the bytes given.
                Format::Text => {
                    let mut t = format!(
                        "Input starts at: {:?} ({})\n",
                        d.start.unwrap_or(Start::Dns),
                        if start.is_some() {
                            "chosen with --layer"
                        } else {
                            &d.why
                        }
                    );
                    for f in &d.tree.children {
                        present::write_tree_text(&mut t, f);
                    }
                    let diags = present::diagnostics_text(&d.diagnostics);
                    if !diags.is_empty() {
                        t.push_str("\nDiagnostics:\n");
                        t.push_str(&diags);
                    }
                    t
                }
                _ => {
                    let mut t = String::new();
                    render(&mut t, &d.message, dns, format);
                    t
                }
            };
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => 0,
                Err(e) => not_written(err, &e),
            }
        }
    }
}

/// The output could not be written: exit code 1, and why, unless it simply went away (a
/// closed pipe, as `| head` makes, is no error to report).
pub(crate) fn not_written(err: &mut dyn Write, e: &std::io::Error) -> u8 {
    if e.kind() != std::io::ErrorKind::BrokenPipe {
        let _ = writeln!(err, "dnslens: cannot write the output: {e}");
    }
    1
}

/// The most of standard input `decode` reads.
const MAX_DECODE: usize = 16 << 20;

/// What `decode` is given on standard input, unless it is no one message but a whole file
/// that `read` takes (a capture) or that must be unpacked first: that is said (exit code 2)
/// where its bytes would have been decoded as one message.
fn given(stdin: &mut dyn Read, err: &mut dyn Write) -> Result<Vec<u8>, u8> {
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        // Someone at a keyboard: say what is being waited for.
        let _ = writeln!(
            err,
            "dnslens: paste the message (hex, a hex dump or base64), then press Ctrl-D"
        );
    }
    // One message is 65,535 bytes at most, a few hundred KB written as text: past a bound,
    // what is read is not kept (a capture piped in by mistake says what it is from its start).
    let mut given = Vec::new();
    if let Err(e) = stdin.take(MAX_DECODE as u64 + 1).read_to_end(&mut given) {
        let _ = writeln!(err, "dnslens: cannot read standard input: {e}");
        return Err(2);
    }
    let whole = given.len() <= MAX_DECODE;
    if whole && dnslens::input::is_text(&given) {
        return Ok(given);
    }
    if dnslens::input::capture::Reader::new(&given).is_ok() {
        let _ = writeln!(
            err,
            "dnslens: standard input is a capture file, not one message: `dnslens read -` lists its messages"
        );
        return Err(2);
    }
    if dnslens::input::capture::gzip(&given) {
        let _ = writeln!(
            err,
            "dnslens: standard input is gzip-compressed: if it is a capture, `dnslens read -` reads it as it is"
        );
        return Err(2);
    }
    if let Some(what) = dnslens::input::capture::packed(&given) {
        let _ = writeln!(err, "dnslens: standard input is {what}");
        return Err(2);
    }
    if !whole {
        let _ = writeln!(
            err,
            "dnslens: standard input holds more than {} MiB, far more than one DNS message (65,535 bytes, a few hundred KB as text)",
            MAX_DECODE >> 20
        );
        return Err(2);
    }
    // (A message whose ID and flags happen to spell a capture's magic number, 1 in 2^32, is
    // given as hex instead.)
    Ok(given)
}

/// A message found in a capture, and the (frame, time in ns) of the query it answers.
type Context<'a> = (&'a Found, Option<(usize, u64)>);

/// A message of a capture: clean (the strict parse, see `dnslens::dissect::plain`), or
/// decoded in full; where its JSON comes from. A value on the stack for one message: boxing the larger variant would be
/// an allocation per message for nothing.
#[allow(clippy::large_enum_variant)]
enum Got<'a> {
    Clean(dnslens::dissect::plain::Clean<'a>),
    Full(dnslens::Message),
}

/// The JSON writer, kept from message to message.
#[derive(Default)]
struct Json {
    writer: present::json::Writer,
}

impl Json {
    /// One JSON object and a newline: the RFC 8427 members (the engine's `present::json`),
    /// then (from a capture) where the message was found, its members written the same way.
    fn line(&mut self, out: &mut Vec<u8>, got: &Got<'_>, bytes: &[u8], found: Option<Context<'_>>) {
        use dnslens::encoding::put_number;
        use present::json::string;
        match got {
            Got::Full(m) => self.writer.model(out, m, bytes),
            Got::Clean(c) => self.writer.clean(out, c, bytes),
        }
        if let Some((f, pair)) = found {
            // The object's closing brace comes off: the capture's members follow, their
            // addresses and numbers written without core::fmt (std's address Display was an
            // eighth of this format's time).
            out.pop();
            out.extend_from_slice(b",\"frame\":");
            put_number(out, f.frame as u64);
            out.extend_from_slice(match f.transport {
                dnslens::dissect::layers::Transport::Udp => b",\"transport\":\"udp\"",
                dnslens::dissect::layers::Transport::Tcp => b",\"transport\":\"tcp\"",
            });
            out.extend_from_slice(b",\"src\":\"");
            present::push_ip(out, f.src);
            out.extend_from_slice(b"\",\"dst\":\"");
            present::push_ip(out, f.dst);
            out.extend_from_slice(b"\",\"sport\":");
            put_number(out, u64::from(f.sport));
            out.extend_from_slice(b",\"dport\":");
            put_number(out, u64::from(f.dport));
            out.extend_from_slice(b",\"time\":");
            json_float(out, f.ts_ns as f64 / 1e9);
            out.extend_from_slice(b",\"info\":");
            // The Info line straight into the output, as bytes; a clean message's from its
            // typed view, without reading its records again.
            match got {
                Got::Clean(c) => self.writer.info(out, c, bytes),
                Got::Full(_) => {
                    present::json::presentation_string(out, |out| {
                        present::info::summarize_into(bytes, out);
                    });
                }
            }
            if !f.notes.is_empty() {
                out.extend_from_slice(b",\"notes\":[");
                for (i, n) in f.notes.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    string(out, n.name());
                }
                out.push(b']');
            }
            if let Some((q, dt)) = pair {
                out.extend_from_slice(b",\"responseTo\":");
                put_number(out, q as u64);
                out.extend_from_slice(b",\"responseTimeMs\":");
                json_ms(out, dt);
            }
            out.push(b'}');
        }
        out.push(b'\n');
    }
}

/// ";; frame 12 Udp 192.0.2.1:53 -> 192.0.2.7:40000 (answers frame 11 after 0.250 ms)" and a
/// newline: the line before each message of a capture in the dig and text formats, written
/// without core::fmt (std's address and float formatting were a tenth of the dig format's time).
fn frame_line(out: &mut String, f: &Found, pair: Option<(usize, u64)>) {
    use dnslens::encoding::push_number;
    out.push_str(";; frame ");
    push_number(out, f.frame as u64);
    out.push_str(match f.transport {
        dnslens::dissect::layers::Transport::Udp => " Udp ",
        dnslens::dissect::layers::Transport::Tcp => " Tcp ",
    });
    present::push_ip(out, f.src);
    out.push(':');
    push_number(out, f.sport.into());
    out.push_str(" -> ");
    present::push_ip(out, f.dst);
    out.push(':');
    push_number(out, f.dport.into());
    if let Some((q, ns)) = pair {
        out.push_str(" (answers frame ");
        push_number(out, q as u64);
        out.push_str(" after ");
        if ns % 1000 == 500 || ns >= 1 << 53 {
            // A tie (or a float that is not exact): rounded as `{:.3}` rounds the float.
            let _ = write!(out, "{:.3}", ns as f64 / 1e6);
        } else {
            // Nanoseconds to the nearest microsecond, printed as milliseconds.
            let us = (ns + 500) / 1000;
            push_number(out, us / 1000);
            out.push('.');
            dnslens::encoding::push_zero_padded(out, us % 1000, 3);
        }
        out.push_str(" ms)");
    }
    out.push('\n');
}

/// `ns` nanoseconds in milliseconds, as [`json_float`] writes `ns as f64 / 1e6`, mostly without
/// its float writer (a paired message's two floats were a twentieth of its JSON's cost). From
/// 10 ns to 10^15 ns the exact decimal `ns / 10^6` is that text: the float is the one nearest to
/// it (`ns` and 10^6 are exact in an f64, and the division rounds once), and it has at most 15
/// significant digits, so no other decimal of as few digits reads back as the same float (any
/// two of 15 digits or fewer read back as two floats); the float writer writes it plainly, `.0`
/// after a whole number. Below 10 ns it writes an exponent, above 10^15 the float is not exact.
fn json_ms(out: &mut Vec<u8>, ns: u64) {
    if !(10..1_000_000_000_000_000).contains(&ns) && ns != 0 {
        return json_float(out, ns as f64 / 1e6);
    }
    dnslens::encoding::put_number(out, ns / 1_000_000);
    out.push(b'.');
    let mut frac = ns % 1_000_000;
    if frac == 0 {
        out.push(b'0');
        return;
    }
    let mut width = 6;
    while frac.is_multiple_of(10) {
        frac /= 10;
        width -= 1;
    }
    dnslens::encoding::push_zero_padded(out, frac, width);
}

/// A number as serde_json writes an `f64`, with its float writer (zmij): the shortest text that
/// reads back the same (`null` where JSON has no number).
fn json_float(out: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(x).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

/// One message in `format`, appended to `out`.
fn render(out: &mut String, m: &dnslens::Message, bytes: &[u8], format: Format) {
    match format {
        Format::Json => {
            present::json::write(out, m, bytes);
            out.push('\n');
        }
        Format::Dig => out.push_str(&present::dig(m, bytes)),
        Format::List => {
            out.push_str(&present::summary(bytes));
            out.push('\n');
        }
        Format::Text => {
            present::write_tree_text(out, &m.tree);
            diagnostics(out, m);
        }
    }
}

/// The text format's diagnostics block after the tree (nothing when there are none).
fn diagnostics(out: &mut String, m: &dnslens::Message) {
    let d = present::diagnostics_text(&m.diagnostics);
    if !d.is_empty() {
        out.push_str("\nDiagnostics:\n");
        out.push_str(&d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_as_serde_json_writes_them() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..300_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Capture times, response times, and any float at all (exponents both ways).
            let v = match i % 3 {
                0 => x as f64 / 1e9,
                1 => (x % 10_000_000_000) as f64 / 1e6,
                _ => f64::from_bits(x),
            };
            let mut ours = Vec::new();
            json_float(&mut ours, v);
            let theirs = serde_json::to_string(&v).unwrap();
            assert_eq!(String::from_utf8_lossy(&ours), theirs, "{v:?}");
        }
    }

    #[test]
    fn milliseconds_as_the_float_writer_writes_them() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let some = (0..2_000_000u64).chain((0..200_000).map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x >> (x % 64)
        }));
        let edges = (1..20).flat_map(|p| {
            let t = 10u64.pow(p);
            [t - 1, t, t + 1, t.saturating_mul(7).saturating_add(3)]
        });
        for ns in some.chain(edges).chain([u64::MAX, 1 << 53, (1 << 53) + 1]) {
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            json_ms(&mut ours, ns);
            json_float(&mut theirs, ns as f64 / 1e6);
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs),
                "{ns} ns"
            );
        }
    }

    #[test]
    fn the_frame_line_is_what_format_would_write() {
        let mut f = Found {
            frame: 12,
            transport: dnslens::dissect::layers::Transport::Udp,
            src: "192.0.2.1".parse().unwrap(),
            dst: "2001:db8::7".parse().unwrap(),
            sport: 53,
            dport: 40000,
            bytes: Vec::new(),
            in_frame: None,
            flavor: Flavor::Dns,
            notes: Vec::new(),
            ts_ns: 0,
        };
        let old = |f: &Found, pair: Option<(usize, u64)>| {
            let mut t = format!(
                ";; frame {} {:?} {}:{} -> {}:{}",
                f.frame, f.transport, f.src, f.sport, f.dst, f.dport
            );
            if let Some((q, dt)) = pair {
                t.push_str(&format!(
                    " (answers frame {q} after {:.3} ms)",
                    dt as f64 / 1e6
                ));
            }
            t.push('\n');
            t
        };
        for transport in [
            dnslens::dissect::layers::Transport::Udp,
            dnslens::dissect::layers::Transport::Tcp,
        ] {
            f.transport = transport;
            for pair in [None, Some((3, 0))]
                .into_iter()
                .chain(
                    [
                        1,
                        499,
                        500,
                        501,
                        1_500,
                        2_500,
                        999_999,
                        1_234_567_890,
                        u64::MAX,
                    ]
                    .map(|ns| Some((7, ns))),
                )
                .chain((0..3_000_000u64).step_by(499).map(|ns| Some((7, ns))))
            {
                let mut line = String::new();
                frame_line(&mut line, &f, pair);
                assert_eq!(line, old(&f, pair), "{pair:?}");
            }
        }
    }
}
