//! Pure view logic (no browser needed, tested natively): which field owns each byte, the CSS
//! class of a field kind, and the rows of the hex view.

use dnslens::{Field, Kind, Span};

/// One leaf field's byte range and its path in the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Leaf {
    /// Bytes covered.
    pub span: Span,
    /// Path of child indexes from the root.
    pub path: Vec<usize>,
    /// Kind, for colour.
    pub kind: Kind,
}

/// The leaves of a tree as sorted, non-overlapping intervals (a parent's bytes that no child
/// covers become a leaf of the parent). Bit fields sharing bytes keep the first one.
pub fn leaves(root: &Field) -> Vec<Leaf> {
    let mut out: Vec<Leaf> = Vec::new();
    // Bit fields overlap inside their byte(s); the container (Flags, an mDNS class) owns them.
    let mut owners: Vec<Vec<usize>> = Vec::new();
    root.walk(&mut |path, f| {
        if owners.iter().any(|o| within(path, o)) || f.span.is_empty() {
            return;
        }
        let bits = !f.children.is_empty()
            && (f.kind == Kind::Flags
                || f.children
                    .iter()
                    .any(|c| c.kind == Kind::Flag && c.mask.is_some()));
        if bits {
            owners.push(path.to_vec());
        } else if !f.children.is_empty() {
            return;
        }
        out.push(Leaf {
            span: f.span,
            path: path.to_vec(),
            kind: f.kind,
        });
    });
    out.sort_by_key(|l| (l.span.start, l.span.end));
    let mut clean: Vec<Leaf> = Vec::with_capacity(out.len());
    for l in out {
        match clean.last() {
            Some(prev) if l.span.start < prev.span.end => {
                if l.span.end > prev.span.end {
                    clean.push(Leaf {
                        span: Span::new(prev.span.end, l.span.end),
                        ..l
                    });
                }
            }
            _ => clean.push(l),
        }
    }
    clean
}

/// The leaf containing byte `at` (binary search).
pub fn leaf_at(leaves: &[Leaf], at: usize) -> Option<&Leaf> {
    let i = leaves.partition_point(|l| l.span.end <= at);
    leaves.get(i).filter(|l| l.span.start <= at)
}

/// CSS class for a field kind.
pub fn kind_class(k: Kind) -> &'static str {
    match k {
        Kind::Group => "k-group",
        Kind::Id => "k-id",
        Kind::Flags | Kind::Flag => "k-flags",
        Kind::Count => "k-count",
        Kind::Name | Kind::Label => "k-label",
        Kind::LabelLength => "k-len",
        Kind::Pointer => "k-ptr",
        Kind::Type => "k-type",
        Kind::Class => "k-class",
        Kind::Ttl => "k-ttl",
        Kind::RdLength => "k-rdlen",
        Kind::Rdata => "k-rdata",
        Kind::Option => "k-opt",
        Kind::Layer => "k-layer",
        Kind::Payload => "k-payload",
        Kind::Trailing => "k-trailing",
    }
}

/// Rows of 16 bytes: (offset, bytes).
pub fn rows(len: usize) -> impl Iterator<Item = (usize, std::ops::Range<usize>)> {
    (0..len.div_ceil(16)).map(move |r| (r * 16, r * 16..(r * 16 + 16).min(len)))
}

/// The index of the DNS message in the packet's tree: its last child (lower layers come first).
pub fn dns_child(root: &dnslens::Field) -> Option<usize> {
    root.children.len().checked_sub(1)
}

/// An option of the page's address (`?hide=hex,flags&only=Answer`): the embed's compact view.
/// `+` and `%20` stand for spaces; nothing else needs decoding in the options there are.
pub fn page_option(key: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| {
            let (b, mut out, mut i) = (v.as_bytes(), Vec::new(), 0);
            while i < b.len() {
                let space = b[i] == b'+' || b[i..].starts_with(b"%20");
                out.push(if space { b' ' } else { b[i] });
                i += if b[i] == b'%' && space { 3 } else { 1 };
            }
            // Only ASCII was replaced by ASCII: still UTF-8.
            String::from_utf8(out).unwrap_or_default()
        })
}

/// A dotted tree path (`2.0.1`, the root is empty) back into indexes.
pub fn parse_path(p: &str) -> Vec<usize> {
    p.split('.').filter_map(|i| i.parse().ok()).collect()
}

/// Does `path` lie under (or equal) `sel`?
pub fn within(path: &[usize], sel: &[usize]) -> bool {
    path.len() >= sel.len() && path[..sel.len()] == *sel
}

#[cfg(test)]
mod test {
    use super::*;

    const NX: &str = "ea1a81830001000000010000013302343503313931033230360564\
6e73626c05736f726273036e65740000010001c0190006000100000e10002c0772626c646e7330c01f\
03646e73046973757803636f6d00431ce07e00001c2000001c2000093a8000000e10";

    #[test]
    fn leaves_cover_every_byte_once_and_find_rcode_byte() {
        let b = dnslens::input::parse(NX).unwrap().bytes;
        let m = dnslens::decode(&b);
        let ls = leaves(&m.tree);
        let mut next = 0;
        for l in &ls {
            assert!(l.span.start >= next, "overlap at {l:?}");
            next = l.span.end;
        }
        assert_eq!(next, b.len());
        let flags = leaf_at(&ls, 3).unwrap();
        assert_eq!(flags.span, Span::new(2, 4));
        assert_eq!(m.tree.at(&flags.path).unwrap().name, "Flags");
        let ptr = leaf_at(&ls, 47).unwrap();
        assert_eq!(ptr.kind, Kind::Pointer);
        assert_eq!(kind_class(ptr.kind), "k-ptr");
        assert_eq!(
            rows(33).map(|r| r.1).collect::<Vec<_>>(),
            vec![0..16, 16..32, 32..33]
        );
        assert!(within(&[1, 2, 3], &[1, 2]) && !within(&[1], &[1, 2]));
    }
}

/// A link to the RFC text for references like `RFC 1035 §4.1.1` (None for other references).
pub fn rfc_url(r: &str) -> Option<String> {
    let rest = r.strip_prefix("RFC ")?;
    let num: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if num.is_empty() {
        return None;
    }
    let section = rest
        .split('§')
        .nth(1)
        .map(|s| s.trim().trim_end_matches('.'));
    Some(match section {
        Some(s) if !s.is_empty() => format!("https://www.rfc-editor.org/rfc/rfc{num}#section-{s}"),
        _ => format!("https://www.rfc-editor.org/rfc/rfc{num}"),
    })
}

#[cfg(test)]
mod rfc_test {
    #[test]
    fn rfc_links() {
        assert_eq!(
            super::rfc_url("RFC 1035 §4.1.1").as_deref(),
            Some("https://www.rfc-editor.org/rfc/rfc1035#section-4.1.1")
        );
        assert_eq!(
            super::rfc_url("RFC 2782").as_deref(),
            Some("https://www.rfc-editor.org/rfc/rfc2782")
        );
        assert_eq!(super::rfc_url("IEEE 802.3"), None);
    }
}

/// Tree nodes open before the user toggles anything: down to each record's fields, the DNS
/// header and its flags, and every name (so its labels and pointers show).
pub fn open_by_default(f: &Field, depth: usize) -> bool {
    depth < 4 || f.name == "Header" || matches!(f.kind, Kind::Flags | Kind::Name)
}

/// Is the node at `path` open, given the hand-toggled set?
pub fn is_open(
    root: &Field,
    path: &[usize],
    toggled: &std::collections::BTreeSet<Vec<usize>>,
) -> bool {
    root.at(path)
        .is_some_and(|f| open_by_default(f, path.len()) != toggled.contains(path))
}
