//! The detail panel: the selected field, else the one under the pointer, else the DNS header —
//! its name, value, bytes (counted in the packet and in the DNS message), what it means and
//! where the RFC says so.

use dnslens::Field;
use yew::prelude::*;

use crate::decode::Shown;
use crate::state::AppContext;
use crate::view::rfc_url;

/// The detail panel.
#[function_component(Detail)]
pub fn detail() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    let Some(shown) = ctx.shown.clone() else {
        return html! {};
    };
    // The selection stays put while the pointer roams; before a click the pointer leads.
    let (path, which) = match (&ctx.selected, &ctx.hover) {
        (Some(s), _) => (Some(s.clone()), "selected"),
        (None, Some(h)) => (Some(h.clone()), "under the pointer"),
        (None, None) => (header(&shown.tree), "the DNS header — pick any byte or row"),
    };
    let Some(f) = path.as_ref().and_then(|p| shown.tree.at(p)) else {
        return html! {};
    };
    html! {
        <section class="detail" id="detail" aria-label="field details" aria-live="polite">
            <h2><span class="dwhich">{ format!("{which}: ") }</span><span class="dname">{ f.name.to_string() }</span></h2>
            if !f.value.is_empty() { <p class="dval">{ f.value.to_string() }</p> }
            <p class="dbytes">{ bytes(f, &shown) }</p>
            if !f.explain.is_empty() { <p class="dexplain">{ f.explain.to_string() }</p> }
            { for extras(f, &shown).into_iter().map(|x| html! { <p class="dextra">{ x }</p> }) }
            if let Some(url) = rfc_url(f.rfc) {
                <p class="drfc"><a href={url} target="_blank" rel="noopener noreferrer">{ format!("{} ↗", f.rfc) }</a></p>
            } else if !f.rfc.is_empty() { <p class="drfc">{ f.rfc }</p> }
        </section>
    }
}

/// The DNS message's Header node (the message is the packet's last child).
fn header(root: &Field) -> Option<Vec<usize>> {
    let d = crate::view::dns_child(root)?;
    let h = root.children[d]
        .children
        .iter()
        .position(|c| c.name == "Header")?;
    Some(vec![d, h])
}

/// "bytes 42–43 of the packet · bytes 0–1 of the DNS message", last byte included.
fn bytes(f: &Field, s: &Shown) -> String {
    let (a, b) = (f.span.start, f.span.end);
    if b <= a {
        return String::from("no bytes of its own (made from bytes shown elsewhere)");
    }
    let n = b - a;
    let mut t = format!(
        "{n} byte{}: {a}–{} counted from the first byte shown",
        if n == 1 { "" } else { "s" },
        b - 1
    );
    if s.dns.start > 0 && s.dns.start <= a && b <= s.dns.end {
        t.push_str(&format!(
            "; {}–{} counted from the DNS message's first byte (the ID), as compression pointers count",
            a - s.dns.start,
            b - 1 - s.dns.start
        ));
    }
    t
}

/// What a learner is told besides the field's own explanation.
pub(crate) fn extras(f: &Field, s: &Shown) -> Vec<String> {
    let mut x = Vec::new();
    if f.name == "RNAME" {
        if let Some(m) = mailbox(&f.value) {
            x.push(format!(
                "As a mailbox: {m} — the first label is the part before the @ (RFC 1035 §8)."
            ));
        }
    }
    if f.name == "MNAME" {
        x.push(String::from(
            "The primary name server for the zone, the source of its data.",
        ));
    }
    if let Some(t) = f.target {
        x.push(format!(
            "This pointer leads to byte {t} of the bytes shown: the name goes on there."
        ));
    }
    let wrong = s.diagnostics.iter().any(|d| {
        d.span.start < f.span.end && f.span.start < d.span.end && d.message.contains("checksum")
    });
    if f.name.contains("hecksum") && wrong {
        x.push(String::from(
            "A wrong checksum in a capture is often not damage: the addresses may have been rewritten \
             (anonymised) after capture, or the network card was left to fill it in (offload).",
        ));
    }
    x
}

/// `dns.isux.com.` → `dns@isux.com`; `None` for a name of one label.
fn mailbox(name: &str) -> Option<String> {
    let b = name.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'.' => break,
            _ => i += 1,
        }
    }
    let (user, rest) = (name.get(..i)?, name.get(i + 1..)?.trim_end_matches('.'));
    (!user.is_empty() && !rest.is_empty()).then(|| format!("{}@{rest}", user.replace("\\.", ".")))
}

#[cfg(test)]
mod test {
    #[test]
    fn mailboxes() {
        assert_eq!(
            super::mailbox("dns.isux.com.").as_deref(),
            Some("dns@isux.com")
        );
        assert_eq!(
            super::mailbox("john\\.doe.example.").as_deref(),
            Some("john.doe@example")
        );
        assert_eq!(super::mailbox("."), None);
        assert_eq!(super::mailbox("com."), None);
    }
}
