//! The header in the tree: ID, the 16 flag bits one by one with their explanations (each bit
//! a field with its mask), and the four counts.

use alloc::format;
use alloc::vec::Vec;

use super::words::{code, number, Words};
use crate::dissect::model::{Flavor, Header};
use crate::iana::{opcode_meaning, rcode_meaning, Opcode, Rcode};
use crate::tree::{Diagnostic, Field, Kind, Severity, Span};
use crate::wire::header::{field, Header as HeaderView};

struct Bit {
    name: &'static str,
    mask: u16,
    explain_on: &'static str,
    explain_off: &'static str,
    rfc: &'static str,
}

const fn bit(name: &'static str, mask: u16, on: &'static str, off: &'static str) -> Bit {
    Bit {
        name,
        mask,
        explain_on: on,
        explain_off: off,
        rfc: match name.as_bytes() {
            b"AD" | b"CD" => "RFC 4035 §3.2",
            b"C" | b"T" => "RFC 4795 §2.1.1",
            _ => "RFC 1035 §4.1.1",
        },
    }
}

/// The header's fields into `h`, its tree node, and its problems.
pub(super) fn header(
    msg: &[u8],
    flavor: Flavor,
    h: &mut Header,
    diags: &mut Vec<Diagnostic>,
) -> Field {
    let view = HeaderView(msg);
    let mut header = Field::new("Header", "", Span::new(0, msg.len().min(12)), Kind::Group)
        .rfc("RFC 1035 §4.1.1");
    // ID, flags and the four counts.
    header.children.reserve_exact(6);
    if let Some(id) = view.id() {
        h.id = id;
        header.children.push(
            Field::new("ID", Words::cap(14).hex4(id.into()).s(" (").n(id.into()).s(")"), Span::new(0, 2), Kind::Id)
                .explain("transaction ID: chosen by the asker, copied into the answer so the two can be matched")
                .rfc("RFC 1035 §4.1.1"),
        );
    }
    if let Some(flags) = view.flags() {
        h.set_flags(flags.0);
        header.children.push(flags_field(flags.0, flavor));
    }
    let counts = super::model::count_names(h.opcode == 5);
    for (i, r) in field::COUNTS.into_iter().enumerate() {
        if let Some(c) = view.count(i) {
            h.counts[i] = c;
            header.children.push(
                Field::new(
                    counts[i].0,
                    number(c.into()),
                    Span::new(r.start, r.end),
                    Kind::Count,
                )
                .explain(counts[i].1)
                .rfc("RFC 1035 §4.1.1"),
            );
        }
    }
    if msg.len() < field::HEADER_LEN {
        diags.push(Diagnostic {
            span: Span::new(0, msg.len()),
            severity: Severity::Error,
            layer: crate::tree::Layer::Dns,
            message: format!(
                "a DNS message starts with a 12-byte header, but there are only {} byte(s)",
                msg.len()
            ),
        });
    }
    if h.z && flavor != Flavor::Llmnr {
        diags.push(Diagnostic {
            span: Span::new(3, 4),
            severity: Severity::Warning,
            layer: crate::tree::Layer::Dns,
            message:
                "the Z bit (0x0040 of the flags) is reserved and must be zero (RFC 1035 §4.1.1)"
                    .into(),
        });
    }
    header
}

fn flags_field(flags: u16, flavor: Flavor) -> Field {
    let llmnr = flavor == Flavor::Llmnr;
    let bits: [Bit; 8] = [
        bit(
            "QR",
            0x8000,
            "1: this message is a response",
            "0: this message is a query",
        ),
        if llmnr {
            bit(
                "C",
                0x0400,
                "1: conflict — the name is not unique (RFC 4795 §2.1.1)",
                "0: no conflict reported",
            )
        } else {
            bit(
                "AA",
                0x0400,
                "1: authoritative answer — the server owns the zone",
                "0: not authoritative",
            )
        },
        bit(
            "TC",
            0x0200,
            "1: truncated — the message did not fit and was cut; retry over TCP",
            "0: not truncated",
        ),
        if llmnr {
            bit(
                "T",
                0x0100,
                "1: tentative — the responder is still checking its name (RFC 4795 §2.1.1)",
                "0: not tentative",
            )
        } else {
            bit(
                "RD",
                0x0100,
                "1: recursion desired — please chase the answer for me",
                "0: no recursion asked for",
            )
        },
        bit(
            "RA",
            0x0080,
            "1: recursion available on this server",
            "0: this server does not recurse",
        ),
        bit(
            "Z",
            0x0040,
            "1: reserved bit set (it must be zero)",
            "0: reserved, must be zero",
        ),
        bit(
            "AD",
            0x0020,
            "1: authentic data — the resolver validated the answer with DNSSEC (RFC 4035)",
            "0: not DNSSEC-validated",
        ),
        bit(
            "CD",
            0x0010,
            "1: checking disabled — do not DNSSEC-validate (RFC 4035)",
            "0: validation allowed",
        ),
    ];
    let s = Span::new(2, 4);
    // QR, Opcode, up to seven bits, LLMNR's Z and RCODE: sized once.
    let mut children = Vec::with_capacity(11);
    let on = |m: u16| flags & m != 0;
    children.push(bits[0].field(on(bits[0].mask)));
    let op = ((flags >> 11) & 0xF) as u8;
    let (ops, opm) = flag_span(0x7800);
    children.push(
        Field::new(
            "Opcode",
            code(|o| Opcode(op).push_text(o), op.into()),
            ops,
            Kind::Flag,
        )
        .mask(opm)
        .explain(Words::cap(80).s("bits 1–4: ").s(opcode_meaning(op)))
        .rfc("RFC 1035 §4.1.1"),
    );
    for b in &bits[1..] {
        if llmnr && matches!(b.name, "RA" | "Z" | "AD" | "CD") {
            continue;
        }
        children.push(b.field(on(b.mask)));
    }
    if llmnr {
        children.push(
            Field::new(
                "Z",
                number(((flags >> 4) & 0xF).into()),
                flag_span(0x00F0).0,
                Kind::Flag,
            )
            .mask(0xF0)
            .explain("four reserved bits, zero")
            .rfc("RFC 4795 §2.1.1"),
        );
    }
    let rc = flags & 0xF;
    children.push(
        Field::new(
            "RCODE",
            code(|o| Rcode(rc).push_text(o), rc.into()),
            flag_span(0x000F).0,
            Kind::Flag,
        )
        .mask(0x0F)
        .explain(Words::cap(80).s("bits 12–15: ").s(rcode_meaning(rc)))
        .rfc("RFC 1035 §4.1.1"),
    );
    // "0x8180 QR RD RA": the word, then the names of the bits set, one space apart.
    let mut value = Words::cap(32).hex4(flags.into()).s(" ");
    let mut first = true;
    for b in &bits {
        if on(b.mask) && !(llmnr && matches!(b.name, "RA" | "AD" | "CD" | "Z")) {
            value = value.s(if first { "" } else { " " }).s(b.name);
            first = false;
        }
    }
    let explain = Words::cap(96)
        .hex4(flags.into())
        .s(" = ")
        .bin4(flags >> 12)
        .s(" ")
        .bin4(flags >> 8)
        .s(" ")
        .bin4(flags >> 4)
        .s(" ")
        .bin4(flags)
        .s(" in binary: each bit or group of bits is one field");
    Field::new("Flags", value, s, Kind::Flags)
        .explain(explain)
        .rfc(if llmnr {
            "RFC 4795 §2.1.1"
        } else {
            "RFC 1035 §4.1.1"
        })
        .children(children)
}

/// The byte(s) of the flags word that hold `mask`, and the mask relative to them: QR lives in
/// byte 2 (mask 0x80), RCODE in byte 3 (mask 0x0f).
pub fn flag_span(mask: u16) -> (Span, u32) {
    if mask & 0xff00 == mask {
        (Span::new(2, 3), (mask >> 8) as u32)
    } else if mask & 0x00ff == mask {
        (Span::new(3, 4), mask as u32)
    } else {
        (Span::new(2, 4), mask as u32)
    }
}

impl Bit {
    fn field(&self, on: bool) -> Field {
        let (s, m) = flag_span(self.mask);
        Field::new(self.name, if on { "1" } else { "0" }, s, Kind::Flag)
            .mask(m)
            .explain(if on {
                self.explain_on
            } else {
                self.explain_off
            })
            .rfc(self.rfc)
    }
}
