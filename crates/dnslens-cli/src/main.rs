//! `dnslens`: the dnslens engine in a terminal.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use dnslens::json::Rfc8427;
use dnslens::present;

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
    /// What dig would print.
    Dig,
}

#[derive(Clone, Copy, ValueEnum)]
enum Dialect {
    Dns,
    Mdns,
    Llmnr,
}

#[derive(Subcommand)]
enum Cmd {
    /// Decode one DNS message given as hex digits (argument, or stdin when absent or `-`).
    Decode {
        /// Hex digits; whitespace is ignored.
        hex: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Read the message as mDNS or LLMNR.
        #[arg(long, value_enum, default_value = "dns")]
        dialect: Dialect,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Decode {
            hex,
            format,
            dialect,
        } => {
            let text = match hex.as_deref() {
                Some(h) if h != "-" => h.to_owned(),
                _ => {
                    let mut s = String::new();
                    if let Err(e) = std::io::stdin().read_to_string(&mut s) {
                        eprintln!("dnslens: cannot read standard input: {e}");
                        return ExitCode::from(2);
                    }
                    s
                }
            };
            let bytes = match parse_hex(&text) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("dnslens: {e}");
                    return ExitCode::from(2);
                }
            };
            let flavor = match dialect {
                Dialect::Dns => dnslens::Flavor::Dns,
                Dialect::Mdns => dnslens::Flavor::Mdns,
                Dialect::Llmnr => dnslens::Flavor::Llmnr,
            };
            let m = dnslens::decode_as(&bytes, flavor);
            let out = render(&m, &bytes, format);
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(out.as_bytes()).is_err() {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
    }
}

fn render(m: &dnslens::Message, bytes: &[u8], format: Format) -> String {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string(&Rfc8427 { message: m, bytes })
                .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
            s.push('\n');
            s
        }
        Format::Dig => present::dig(m),
        Format::Text => {
            let mut s = present::tree_text(&m.tree);
            let d = present::diagnostics_text(m);
            if !d.is_empty() {
                s.push_str("\nDiagnostics:\n");
                s.push_str(&d);
            }
            s
        }
    }
}

/// Hex digits with any whitespace between them.
fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut hi: Option<u8> = None;
    for (line_no, line) in text.lines().enumerate() {
        for (col, c) in line.chars().enumerate() {
            if c.is_whitespace() {
                continue;
            }
            let Some(v) = c.to_digit(16) else {
                return Err(format!(
                    "line {} column {}: {c:?} is not a hex digit",
                    line_no + 1,
                    col + 1
                ));
            };
            match hi.take() {
                Some(h) => out.push(h << 4 | v as u8),
                None => hi = Some(v as u8),
            }
        }
    }
    if hi.is_some() {
        return Err("odd number of hex digits: the last byte is missing its second digit".into());
    }
    if out.is_empty() {
        return Err("no hex digits in the input".into());
    }
    Ok(out)
}
