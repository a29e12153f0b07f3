//! The detail tree: every field, expandable, with value, explanation and reference.

use std::collections::HashSet;

use dnslens::Field;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct TreeProps {
    /// The root.
    pub root: Field,
    /// Selected path.
    pub selected: Option<Vec<usize>>,
    /// Select a path.
    pub on_select: Callback<Vec<usize>>,
}

/// The tree view.
#[function_component(Tree)]
pub fn tree(p: &TreeProps) -> Html {
    // Nodes the user opened or closed by hand (a toggle flips the default).
    let toggled = use_state(HashSet::<Vec<usize>>::new);
    let toggle = {
        let toggled = toggled.clone();
        Callback::from(move |path: Vec<usize>| {
            let mut t = (*toggled).clone();
            if !t.remove(&path) {
                t.insert(path);
            }
            toggled.set(t);
        })
    };
    let ctx = Ctx {
        p,
        toggled: &toggled,
        toggle,
    };
    html! { <ul class="tree" role="tree">{ node(&p.root, &mut Vec::new(), &ctx) }</ul> }
}

struct Ctx<'a> {
    p: &'a TreeProps,
    toggled: &'a HashSet<Vec<usize>>,
    toggle: Callback<Vec<usize>>,
}

/// Open by default: down to each record's fields, the DNS header and its flags, and every name
/// (so its labels and pointers show).
fn open_by_default(f: &Field, depth: usize) -> bool {
    depth < 4 || f.name == "Header" || matches!(f.kind, dnslens::Kind::Flags | dnslens::Kind::Name)
}

fn node(f: &Field, path: &mut Vec<usize>, c: &Ctx<'_>) -> Html {
    let p = c.p;
    let here = path.clone();
    let selected = p.selected.as_deref() == Some(&here[..]);
    let on_path = p
        .selected
        .as_ref()
        .is_some_and(|s| s.len() > here.len() && crate::view::within(s, &here));
    let open = on_path || (open_by_default(f, here.len()) != c.toggled.contains(&here));
    let onclick = {
        let cb = p.on_select.clone();
        let h = here.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            cb.emit(h.clone());
        })
    };
    let onkeydown = {
        let cb = p.on_select.clone();
        let t = c.toggle.clone();
        let h = here.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" | " " => {
                e.prevent_default();
                cb.emit(h.clone());
            }
            "ArrowRight" | "ArrowLeft" => t.emit(h.clone()),
            _ => {}
        })
    };
    let on_twisty = {
        let t = c.toggle.clone();
        let h = here.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            t.emit(h.clone());
        })
    };
    let has_kids = !f.children.is_empty();
    let kids: Html = if has_kids && open {
        f.children
            .iter()
            .enumerate()
            .map(|(i, ch)| {
                path.push(i);
                let h = node(ch, path, c);
                path.pop();
                h
            })
            .collect()
    } else {
        html! {}
    };
    let dotted = here
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(".");
    html! {
        <li role="treeitem" aria-selected={selected.to_string()} aria-expanded={has_kids.then(|| open.to_string())}>
            <div class={classes!("row", crate::view::kind_class(f.kind), selected.then_some("sel"))} {onclick} {onkeydown} tabindex="0"
                data-path={dotted} data-span={format!("{}-{}", f.span.start, f.span.end)}>
                <span class="twisty" onclick={on_twisty}>{ if has_kids { if open { "▾" } else { "▸" } } else { " " } }</span>
                <span class="fname">{ f.name.to_string() }</span>
                if !f.value.is_empty() { <span class="fval">{ format!(": {}", f.value) }</span> }
                <span class="frange">{ format!(" [{}..{})", f.span.start, f.span.end) }</span>
                if let Some(m) = f.mask { <span class="fmask">{ format!(" bits {m:#04x}") }</span> }
                if let Some(t) = f.target { <span class="ftarget">{ format!(" → byte {t}") }</span> }
                if let (true, Some(t)) = (selected, f.target) { { jump(p, t) } }
                if selected && !f.explain.is_empty() {
                    <div class="explain">{ f.explain.to_string() }
                        if !f.rfc.is_empty() { <span class="rfc">{ format!(" ({})", f.rfc) }</span> }
                    </div>
                }
            </div>
            if has_kids && open { <ul role="group">{ kids }</ul> }
        </li>
    }
}

/// "Go to the pointer's target": selects the field at the offset the pointer names.
fn jump(p: &TreeProps, target: usize) -> Html {
    // Targets were moved with their spans, so they are offsets in the bytes on screen.
    let Some(path) = p.root.deepest_at(target) else {
        return html! {};
    };
    let cb = p.on_select.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        e.stop_propagation();
        cb.emit(path.clone());
    });
    html! { <button class="jump" {onclick}>{ format!("go to byte {target} →") }</button> }
}
