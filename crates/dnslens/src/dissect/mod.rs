//! The one entry point from bytes to what every front end shows: [`dissect`] finds where the
//! DNS message is (or is told), takes the layers under it apart, decodes the message and puts
//! it all in one tree whose spans, like every diagnostic's, index the bytes given. The web page,
//! the JavaScript `decode()`, the command line and the fuzz targets all go through here, so none
//! of them re-bases spans or copies trees.

mod detect;
pub mod edns;
mod header;
pub mod layers;
pub mod message;
pub mod model;
pub mod name;
pub mod plain;
pub mod rdata;
mod record;
mod words;

use alloc::string::String;
use alloc::vec::Vec;

pub use detect::{detect, Detected};

use self::layers::Start;
use self::model::{Flavor, Message};
use crate::tree::{Diagnostic, Field, Kind, Span};

/// A packet taken apart: the lower layers and the DNS message in one tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Dissection {
    /// Where pasted bytes were read from; `None` for a captured frame (read by its link type)
    /// or a message given on its own.
    pub start: Option<Start>,
    /// Why there: "chosen by you", or what detection found.
    pub why: String,
    /// `Packet` (all the bytes), its children the lower layers, then the DNS message; every span
    /// indexes the bytes given.
    pub tree: Field,
    /// Every problem of every layer, spans indexing the bytes given, in byte order.
    pub diagnostics: Vec<Diagnostic>,
    /// The decoded message. Its own diagnostics keep the message's offsets (they are the
    /// RFC 8427 JSON `errors`); its tree has moved into [`Dissection::tree`].
    pub message: Message,
    /// Where the DNS message is in the bytes given.
    pub dns_span: Span,
    /// The dialect it was decoded in.
    pub flavor: Flavor,
    /// The link layer, when a frame was dissected from its link type.
    pub link: Option<layers::Link>,
}

/// Dissect pasted bytes: from `start` (or where [`detect`] says), in `dialect` (or the one the
/// ports name).
pub fn dissect(bytes: &[u8], start: Option<Start>, dialect: Option<Flavor>) -> Dissection {
    let (start, why, l, dns, message) = match start {
        Some(s) => {
            let l = layers::dissect_from(s, bytes);
            let dns = l.dns_span(s, bytes.len());
            (s, String::from("chosen by you"), l, dns, None)
        }
        None => {
            // Detection has read the winner already: its message is kept when the dialect is
            // the one it read in.
            let (d, r) = detect::detect_reading(bytes);
            let m = r
                .message
                .filter(|_| dialect.is_none_or(|f| f == r.layers.flavor()));
            (d.start, d.why, r.layers, r.dns, m)
        }
    };
    assemble(bytes, l, dns, Some(start), why, dialect, message)
}

/// Dissect a captured frame whose DNS message is at `dns` (as the capture reader found it),
/// decoded in `flavor`. `linktype` is the frame's link type, or `None` when the bytes are a
/// message reassembled from TCP segments or IP fragments (no layers to show).
pub fn dissect_frame(linktype: Option<u32>, frame: &[u8], dns: Span, flavor: Flavor) -> Dissection {
    let (l, why) = match linktype {
        Some(lt) => (layers::dissect(lt, frame), "a captured frame"),
        None => (layers::Layers::default(), "a reassembled DNS message"),
    };
    assemble(frame, l, dns, None, String::from(why), Some(flavor), None)
}

fn assemble(
    bytes: &[u8],
    l: layers::Layers,
    dns: Span,
    start: Option<Start>,
    why: String,
    dialect: Option<Flavor>,
    decoded: Option<Message>,
) -> Dissection {
    let end = dns.end.min(bytes.len());
    let dns = Span::new(dns.start.min(end), end);
    let flavor = dialect.unwrap_or_else(|| l.flavor());
    let mut message =
        decoded.unwrap_or_else(|| crate::decode_as(&bytes[dns.start..dns.end], flavor));
    let mut dns_tree = core::mem::replace(
        &mut message.tree,
        Field::new("", "", Span::default(), Kind::Group),
    );
    // The one place where message offsets become offsets in the bytes given.
    dns_tree.shift(dns.start);
    let mut tree = Field::new(
        "Packet",
        alloc::format!("{} bytes", bytes.len()),
        Span::new(0, bytes.len()),
        Kind::Group,
    );
    tree.children = l.fields;
    tree.children.push(dns_tree);
    let mut diagnostics = l.diagnostics;
    diagnostics.extend(message.diagnostics.iter().map(|d| {
        let mut d = d.clone();
        d.shift(dns.start);
        d
    }));
    crate::tree::sort_diagnostics(&mut diagnostics);
    Dissection {
        start,
        why,
        tree,
        diagnostics,
        message,
        dns_span: dns,
        flavor,
        link: l.link,
    }
}
