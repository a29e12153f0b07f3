//! The detail tree: every field, expandable, with value, explanation and an RFC link.

use dnslens::Field;
use yew::prelude::*;

use crate::state::{Action, AppContext};
use crate::view::{rfc_url, within};

/// The tree view.
#[function_component(Tree)]
pub fn tree() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    let Some(shown) = ctx.shown.clone() else {
        return html! {};
    };
    let c = Ctx {
        ctx: &ctx,
        root: &shown.tree,
    };
    html! { <ul class="tree" role="tree" aria-label="dissection tree">{ node(&shown.tree, &mut Vec::new(), &c) }</ul> }
}

/// Children rendered per node before "… and N more".
const MAX_CHILDREN: usize = 300;

struct Ctx<'a> {
    ctx: &'a AppContext,
    root: &'a Field,
}

fn node(f: &Field, path: &mut Vec<usize>, c: &Ctx<'_>) -> Html {
    let here = path.clone();
    let selected = c.ctx.selected.as_deref() == Some(&here[..]);
    let hovered = c.ctx.hover.as_deref() == Some(&here[..]);
    let on_path = c
        .ctx
        .selected
        .as_ref()
        .is_some_and(|s| s.len() > here.len() && within(s, &here));
    let open = on_path || crate::view::is_open(c.root, &here, &c.ctx.toggled);
    let select = {
        let d = c.ctx.dispatcher();
        let h = here.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            d.dispatch(Action::Select(Some(h.clone())));
        })
    };
    let onkeydown = {
        let d = c.ctx.dispatcher();
        let h = here.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" | " " => {
                e.prevent_default();
                d.dispatch(Action::Select(Some(h.clone())));
            }
            "ArrowRight" | "ArrowLeft" => d.dispatch(Action::Toggle(h.clone())),
            _ => {}
        })
    };
    let hover = {
        let d = c.ctx.dispatcher();
        let h = here.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Hover(Some(h.clone()))))
    };
    let on_twisty = {
        let d = c.ctx.dispatcher();
        let h = here.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            d.dispatch(Action::Toggle(h.clone()));
        })
    };
    let has_kids = !f.children.is_empty();
    let kids: Html = if has_kids && open {
        // A message can hold 65,535 records: render the first few hundred children, plus the
        // one on the selection's path, and say how many more there are (the hex view reaches all).
        let on_sel = c
            .ctx
            .selected
            .as_ref()
            .filter(|s| s.len() > here.len() && within(s, &here))
            .map(|s| s[here.len()]);
        let shown: Html = f
            .children
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < MAX_CHILDREN || Some(*i) == on_sel)
            .map(|(i, ch)| {
                path.push(i);
                let h = node(ch, path, c);
                path.pop();
                h
            })
            .collect();
        let more = f.children.len().saturating_sub(MAX_CHILDREN);
        html! { <>{ shown }if more > 0 { <li class="more">{ format!("… and {more} more (click their bytes in the hex view to open one)") }</li> }</> }
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
            <div class={classes!("row", crate::view::kind_class(f.kind), selected.then_some("sel"), hovered.then_some("hover"))}
                onclick={select} {onkeydown} onmouseenter={hover} tabindex="0"
                data-path={dotted} data-span={format!("{}-{}", f.span.start, f.span.end)}>
                <span class="twisty" onclick={on_twisty}>{ if has_kids { if open { "▾" } else { "▸" } } else { " " } }</span>
                <span class="fname">{ f.name.to_string() }</span>
                if !f.value.is_empty() { <span class="fval">{ format!(": {}", f.value) }</span> }
                <span class="frange">{ format!(" [{}..{})", f.span.start, f.span.end) }</span>
                if let Some(m) = f.mask { <span class="fmask">{ format!(" bits {m:#04x}") }</span> }
                if let Some(t) = f.target { <span class="ftarget">{ format!(" → byte {t}") }</span> }
                if let (true, Some(t)) = (selected, f.target) { { jump(c, t) } }
                if selected && (!f.explain.is_empty() || !f.rfc.is_empty()) {
                    <div class="explain">{ f.explain.to_string() }
                        if let Some(url) = rfc_url(f.rfc) {
                            { " " }<a class="rfc" href={url} target="_blank" rel="noopener noreferrer">{ f.rfc }</a>
                        } else if !f.rfc.is_empty() { <span class="rfc">{ format!(" ({})", f.rfc) }</span> }
                    </div>
                }
            </div>
            if has_kids && open { <ul role="group">{ kids }</ul> }
        </li>
    }
}

/// "Go to the pointer's target": selects the field at the offset the pointer names.
fn jump(c: &Ctx<'_>, target: usize) -> Html {
    // Targets were moved with their spans, so they are offsets in the bytes on screen.
    let Some(path) = c.root.deepest_at(target) else {
        return html! {};
    };
    let d = c.ctx.dispatcher();
    let onclick = Callback::from(move |e: MouseEvent| {
        e.stop_propagation();
        d.dispatch(Action::Select(Some(path.clone())));
    });
    html! { <button class="jump" {onclick}>{ format!("go to byte {target} →") }</button> }
}
