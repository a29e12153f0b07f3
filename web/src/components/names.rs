//! A name drawn byte by byte: length bytes, label text, the root label and compression
//! pointers, so a learner sees how `c0 0c` leads back to offset 12.

use dnslens::{Field, Kind};
use yew::prelude::*;

use crate::state::{Action, AppContext};

/// The name strip for the selected name (or the name a selected label or pointer belongs to).
#[function_component(NameStrip)]
pub fn name_strip() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    let (Some(shown), Some(sel)) = (ctx.shown.clone(), ctx.selected.clone()) else {
        return empty();
    };
    // The nearest Name at or above the selection.
    let mut name_path = None;
    for n in (0..=sel.len()).rev() {
        if shown
            .tree
            .at(&sel[..n])
            .is_some_and(|f| f.kind == Kind::Name)
        {
            name_path = Some(sel[..n].to_vec());
            break;
        }
    }
    let Some(np) = name_path else { return empty() };
    let Some(name) = shown.tree.at(&np) else {
        return empty();
    };
    let go = |p: Vec<usize>| {
        let d = ctx.dispatcher();
        Callback::from(move |e: MouseEvent| {
            // The follow button sits inside the pointer's box: do not let the box re-select.
            e.stop_propagation();
            d.dispatch(Action::Select(Some(p.clone())))
        })
    };
    let hexs = |f: &Field| {
        shown
            .bytes
            .get(f.span.start..f.span.end)
            .unwrap_or(&[])
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let boxes: Html = name.children.iter().enumerate().map(|(i, c)| {
        let mut p = np.clone();
        p.push(i);
        match c.kind {
            Kind::Pointer => {
                let target = c.target.and_then(|t| shown.tree.deepest_at(t));
                let landing = target.as_ref().and_then(|t| {
                    // Show the name the pointer lands in.
                    (1..=t.len()).rev().find_map(|n| shown.tree.at(&t[..n]).filter(|f| f.kind == Kind::Name).map(|f| f.value.to_string()))
                }).unwrap_or_default();
                html! {
                    <span class="nbox ptr" onclick={go(p)}>
                        <span class="nbytes">{ hexs(c) }</span>
                        <span class="nlabel">{ format!("pointer → byte {}", c.target.unwrap_or(0)) }</span>
                        if let Some(t) = target {
                            <button class="follow" onclick={go(t)}>{ format!("follow: {landing}") }</button>
                        }
                    </span>
                }
            }
            Kind::LabelLength => html! {
                <span class="nbox root" onclick={go(p)}><span class="nbytes">{ hexs(c) }</span><span class="nlabel">{ "root (end)" }</span></span>
            },
            _ => {
                let len = c.children.first().map(|l| l.value.to_string()).unwrap_or_default();
                html! {
                    <span class="nbox label" onclick={go(p)}>
                        <span class="nbytes"><b>{ hexs(c).split(' ').next().unwrap_or("").to_string() }</b>{ " " }{ hexs(c).split(' ').skip(1).collect::<Vec<_>>().join(" ") }</span>
                        <span class="nlabel">{ format!("{len} bytes: {}", c.value) }</span>
                    </span>
                }
            }
        }
    }).collect();
    html! {
        <section class="namestrip" aria-label="name, label by label">
            <span class="nfull">{ format!("{} = ", name.value) }</span>{ boxes }
        </section>
    }
}

/// The strip's place when no name is selected: it keeps its height, so that nothing below it
/// moves when a name is picked.
fn empty() -> Html {
    html! {
        <section class="namestrip" aria-label="name, label by label">
            <span class="hint">{ "Pick a name (or one of its bytes) to see it here label by label." }</span>
        </section>
    }
}
