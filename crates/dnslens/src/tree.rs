//! The dissection tree: one [`Field`] per decoded piece of the input, each with one absolute,
//! half-open byte range ([`Span`]), a value, a plain-language explanation and a reference.
//!
//! Spans are relative to the start of the buffer the decoder was given; a caller that embeds the
//! bytes in a larger buffer (a frame inside a capture) moves a whole subtree with [`Field::shift`].

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// A half-open byte range `start..end`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// `start..end`; an inverted range collapses to empty at `start`.
    pub const fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: if end < start { start } else { end },
        }
    }
    /// Number of bytes covered.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when no byte is covered.
    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }
    /// True when `other` lies inside `self`.
    pub const fn contains(&self, other: &Span) -> bool {
        other.start >= self.start && other.end <= self.end
    }
    /// The span moved by `by` bytes.
    pub const fn shifted(self, by: usize) -> Span {
        Span {
            start: self.start + by,
            end: self.end + by,
        }
    }
}

/// What a field is, for colouring and filtering (the hex view maps these to CSS classes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[allow(missing_docs)]
pub enum Kind {
    /// A container (message, section, record) with no bytes of its own.
    Group,
    Id,
    Flags,
    Flag,
    Count,
    Name,
    Label,
    LabelLength,
    Pointer,
    Type,
    Class,
    Ttl,
    RdLength,
    Rdata,
    Option,
    /// A lower-layer header field (link, IP, UDP, TCP, capture record).
    Layer,
    /// Payload bytes shown but not dissected further.
    Payload,
    /// Bytes after the end of the message, or that nothing explains.
    Trailing,
}

/// One node of the dissection tree.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Field {
    /// Short label: `ID`, `QR`, `Label`, `Pointer`, `Answer 1`...
    pub name: Cow<'static, str>,
    /// The decoded value as text (empty for pure containers).
    pub value: Cow<'static, str>,
    /// Absolute half-open byte range.
    pub span: Span,
    /// For bit fields: the mask within the big-endian integer the span covers (QR: span 2..3,
    /// mask `0x80`; RCODE: span 3..4, mask `0x0f`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub mask: Option<u32>,
    /// Kind, for colouring.
    pub kind: Kind,
    /// What this field means, in plain language.
    pub explain: Cow<'static, str>,
    /// Where the rule is written down, e.g. `RFC 1035 §4.1.1`.
    pub rfc: &'static str,
    /// For compression pointers: the offset the pointer leads to (same base as `span`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub target: Option<usize>,
    /// Sub-fields, in byte order.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub children: Vec<Field>,
}

impl Field {
    /// A leaf field.
    pub fn new(
        name: impl Into<Cow<'static, str>>,
        value: impl Into<Cow<'static, str>>,
        span: Span,
        kind: Kind,
    ) -> Field {
        Field {
            name: name.into(),
            value: value.into(),
            span,
            mask: None,
            kind,
            explain: Cow::Borrowed(""),
            rfc: "",
            target: None,
            children: Vec::new(),
        }
    }

    /// Builder: set the explanation.
    pub fn explain(mut self, e: impl Into<Cow<'static, str>>) -> Field {
        self.explain = e.into();
        self
    }

    /// Builder: set the reference.
    pub fn rfc(mut self, r: &'static str) -> Field {
        self.rfc = r;
        self
    }

    /// Builder: set the bit mask.
    pub fn mask(mut self, m: u32) -> Field {
        self.mask = Some(m);
        self
    }

    /// Builder: set the children.
    pub fn children(mut self, c: Vec<Field>) -> Field {
        self.children = c;
        self
    }

    /// Move this field and all its descendants by `by` bytes.
    pub fn shift(&mut self, by: usize) {
        self.span = self.span.shifted(by);
        if let Some(t) = self.target.as_mut() {
            *t += by;
        }
        for c in &mut self.children {
            c.shift(by);
        }
    }

    /// The tree's shape: each name, then its children in braces, in order
    /// (`Header{ID,Flags{QR,…}}`). v1 permalinks store child indexes, so a shape that changes
    /// breaks shared links; the goldens compare it.
    pub fn shape(&self) -> String {
        fn go(f: &Field, out: &mut String) {
            out.push_str(&f.name);
            if !f.children.is_empty() {
                out.push('{');
                for (i, c) in f.children.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    go(c, out);
                }
                out.push('}');
            }
        }
        let mut out = String::new();
        go(self, &mut out);
        out
    }

    /// Depth-first walk, parents before children, with the path of child indexes.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&[usize], &'a Field)) {
        let mut path = Vec::new();
        self.walk_inner(&mut path, f);
    }

    fn walk_inner<'a>(&'a self, path: &mut Vec<usize>, f: &mut impl FnMut(&[usize], &'a Field)) {
        f(path, self);
        for (i, c) in self.children.iter().enumerate() {
            path.push(i);
            c.walk_inner(path, f);
            path.pop();
        }
    }

    /// The node at a path of child indexes.
    pub fn at(&self, path: &[usize]) -> Option<&Field> {
        let mut node = self;
        for &i in path {
            node = node.children.get(i)?;
        }
        Some(node)
    }

    /// The deepest field whose span contains byte `offset` (a leaf where possible).
    pub fn deepest_at(&self, offset: usize) -> Option<Vec<usize>> {
        let mut path = Vec::new();
        let mut node = self;
        if !(node.span.start <= offset && offset < node.span.end) {
            return None;
        }
        'down: loop {
            for (i, c) in node.children.iter().enumerate() {
                if c.span.start <= offset && offset < c.span.end {
                    path.push(i);
                    node = c;
                    continue 'down;
                }
            }
            return Some(path);
        }
    }

    /// Recompute a container's span as the union of its children (no-op for leaves).
    pub fn fit_to_children(&mut self) {
        if let (Some(first), Some(last)) = (self.children.first(), self.children.last()) {
            let start = self
                .children
                .iter()
                .map(|c| c.span.start)
                .min()
                .unwrap_or(first.span.start);
            let end = self
                .children
                .iter()
                .map(|c| c.span.end)
                .max()
                .unwrap_or(last.span.end);
            self.span = Span::new(start, end);
        }
    }
}

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Note,
    /// Legal but suspicious, or off-spec in a way decoders tolerate.
    Warning,
    /// The bytes break a rule; decoding stopped or guessed.
    Error,
}

/// A problem found at a byte offset.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Diagnostic {
    /// Where the problem is (same base as the spans).
    pub span: Span,
    /// How bad it is.
    pub severity: Severity,
    /// Which layer found it.
    pub layer: Layer,
    /// A plain-language explanation.
    pub message: String,
}

/// The layer a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[allow(missing_docs)]
pub enum Layer {
    /// The capture file itself.
    Capture,
    Link,
    /// IP in general (either version, reassembly).
    Ip,
    Ipv4,
    Ipv6,
    Icmp,
    Udp,
    Tcp,
    Dns,
}

impl Layer {
    /// The short name shown beside a problem: `dns`, `udp`, `link`...
    pub const fn as_str(self) -> &'static str {
        match self {
            Layer::Capture => "capture",
            Layer::Link => "link",
            Layer::Ip => "ip",
            Layer::Ipv4 => "ipv4",
            Layer::Ipv6 => "ipv6",
            Layer::Icmp => "icmp",
            Layer::Udp => "udp",
            Layer::Tcp => "tcp",
            Layer::Dns => "dns",
        }
    }
}

impl core::fmt::Display for Layer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Diagnostic {
    /// Move by `by` bytes.
    pub fn shift(&mut self, by: usize) {
        self.span = self.span.shifted(by);
    }
}

/// Put diagnostics in byte order (by start, then end; stable). The one ordering every
/// renderer shows, written once.
pub fn sort_diagnostics(v: &mut [Diagnostic]) {
    v.sort_by_key(|d| (d.span.start, d.span.end));
}

#[cfg(test)]
mod test {
    use super::*;
    use alloc::vec;

    #[test]
    fn deepest_and_shift() {
        let mut root = Field::new("root", "", Span::new(0, 4), Kind::Group).children(vec![
            Field::new("a", "", Span::new(0, 2), Kind::Id),
            Field::new("b", "", Span::new(2, 4), Kind::Flags).children(vec![Field::new(
                "bit",
                "",
                Span::new(2, 4),
                Kind::Flag,
            )
            .mask(0x8000)]),
        ]);
        assert_eq!(root.deepest_at(3), Some(vec![1, 0]));
        assert_eq!(root.deepest_at(4), None);
        root.shift(10);
        assert_eq!(root.at(&[1, 0]).map(|f| f.span), Some(Span::new(12, 14)));
        assert_eq!(Span::new(5, 3), Span::new(5, 5));
    }
}
