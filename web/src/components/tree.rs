//! The detail tree: every field, expandable, with value, explanation and reference.

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
    html! { <ul class="tree" role="tree">{ node(&p.root, &mut Vec::new(), p) }</ul> }
}

fn node(f: &Field, path: &mut Vec<usize>, p: &TreeProps) -> Html {
    let here = path.clone();
    let selected = p.selected.as_deref() == Some(&here[..]);
    // Open the path to the selection, and the first two levels.
    let open = here.len() < 3
        || p.selected
            .as_ref()
            .is_some_and(|s| crate::view::within(s, &here));
    let onclick = {
        let cb = p.on_select.clone();
        let h = here.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            cb.emit(h.clone());
        })
    };
    let kids: Html = f
        .children
        .iter()
        .enumerate()
        .map(|(i, c)| {
            path.push(i);
            let h = node(c, path, p);
            path.pop();
            h
        })
        .collect();
    let has_kids = !f.children.is_empty();
    html! {
        <li role="treeitem" aria-selected={selected.to_string()} aria-expanded={has_kids.then(|| open.to_string())}>
            <div class={classes!("row", crate::view::kind_class(f.kind), selected.then_some("sel"))} {onclick} tabindex="0"
                data-path={here.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(".")}
                data-span={format!("{}-{}", f.span.start, f.span.end)}>
                <span class="twisty">{ if has_kids { if open { "▾" } else { "▸" } } else { " " } }</span>
                <span class="fname">{ f.name.to_string() }</span>
                if !f.value.is_empty() { <span class="fval">{ format!(": {}", f.value) }</span> }
                <span class="frange">{ format!(" [{}..{})", f.span.start, f.span.end) }</span>
                if let Some(m) = f.mask { <span class="fmask">{ format!(" mask {m:#06x}") }</span> }
                if let Some(t) = f.target { <span class="ftarget">{ format!(" → offset {t}") }</span> }
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
