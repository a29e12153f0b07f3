//! The detail tree: every field, expandable, with value, explanation and an RFC link.

use dnslens::Field;
use yew::prelude::*;

use crate::state::{Action, AppContext};
use crate::view::{rfc_url, within};

/// The tree view.
#[function_component(Tree)]
pub fn tree() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    // Another message: the hex pane held for the last one's rows goes back to its place first.
    let message = ctx.shown.as_ref().map(|s| std::rc::Rc::as_ptr(s) as usize);
    use_effect_with(message, |_| release_hex_pane());
    use_effect_with(ctx.selected.clone(), |sel| reveal(sel.clone()));
    let Some(shown) = ctx.shown.clone() else {
        return html! {};
    };
    let c = Ctx {
        ctx: &ctx,
        root: &shown.tree,
    };
    let leave = {
        let d = ctx.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Hover(None)))
    };
    // An embed may show one part only (`?only=Answer`): that node, as the tree's root.
    let only = ctx
        .embed
        .then(|| crate::view::page_option("only"))
        .flatten()
        .and_then(|name| crate::api::find(&shown.tree, &name));
    let mut start = only.unwrap_or_default();
    let top = shown.tree.at(&start).unwrap_or(&shown.tree);
    html! {
        <ul class="tree" role="tree" aria-label="dissection tree" onmouseleave={leave}>
            { node(top, &mut start, &c) }
        </ul>
    }
}

/// After a selection: bring its row into view and give it the keyboard focus when the focus was
/// in the tree already (arrow keys move the selection).
///
/// The page is the one scroller: the tree pane grows with the tree and the hex pane beside it is
/// sticky, so the window scrolls to the row and the bytes just clicked stay on screen. A running
/// tour's panel covers the bottom of the window, so the row must land above it. (In an embed the
/// frame is as tall as its content and the window cannot scroll: the parent page scrolls.)
fn reveal(selected: Option<Vec<usize>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(doc) = window.document() else {
        return;
    };
    let Ok(Some(li)) = doc.query_selector(".tree li.sel-item") else {
        return;
    };
    if selected.is_none() {
        return;
    }
    if let Ok(Some(row)) = li.query_selector(".row") {
        let screen = window
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(f64::MAX);
        let bottom = match doc.query_selector(".app > main > .tour") {
            Ok(Some(bar)) => bar.get_bounding_client_rect().top().min(screen),
            _ => screen,
        };
        let r = row.get_bounding_client_rect();
        if bottom > 0.0 && (r.top() < 0.0 || r.bottom() > bottom) {
            let by = r.top() - bottom / 3.0;
            hold_hex_pane(&doc, by, screen);
            window.scroll_by_with_x_and_y(0.0, by);
        }
    }
    let in_tree = doc
        .active_element()
        .is_some_and(|a| a.closest(".tree").ok().flatten().is_some());
    if in_tree {
        if let Some(h) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&li) {
            let _ = h.focus();
        }
    }
}

/// Keep the sticky hex pane where it is on the screen while the page scrolls `by` pixels to a
/// row, so that the byte just clicked stays under the pointer: its sticky `top` becomes its place
/// on the screen, and the panes grow if they must, to keep it stuck that far down (a sticky box
/// cannot leave its parent). The reader's own next scroll (wheel, touch, page keys) lets it go
/// back to the top.
fn hold_hex_pane(doc: &web_sys::Document, by: f64, screen: f64) {
    use wasm_bindgen::JsCast;
    thread_local!(static LISTENING: core::cell::Cell<bool> = const { core::cell::Cell::new(false) });
    let Some((both, pane)) = panes(doc) else {
        return;
    };
    // Narrow screens stack the panes (the splitter between them is hidden) and nothing is
    // sticky: there is nothing to hold.
    if pane
        .previous_element_sibling()
        .is_none_or(|bar| bar.client_width() == 0)
    {
        return;
    }
    let (r, all) = (
        pane.get_bounding_client_rect(),
        both.get_bounding_client_rect(),
    );
    // To the hundredth of a pixel, printed as two integers (an f64's Display costs ~9 KB of wasm).
    let top = r.top().max(0.0);
    let cents = (top * 100.0).round() as u32;
    let at = format!("{}.{:02}px", cents / 100, cents % 100);
    let _ = pane.style().set_property("top", &at);
    // Room below it for the tallest it can grow to (the window's height) as the detail changes.
    let short = top + screen - (all.bottom() - by);
    if short > 0.0 {
        let tall = (all.height() + short) as u32 + 1;
        let _ = both
            .style()
            .set_property("min-height", &format!("{tall}px"));
    }
    if LISTENING.replace(true) {
        return;
    }
    let release = move |e: &Event| {
        let in_view = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| {
                t.closest(".tree, .hex, input, textarea, select")
                    .ok()
                    .flatten()
            });
        if e.type_() != "keydown" || in_view.is_none() {
            release_hex_pane();
        }
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    for what in ["wheel", "touchmove", "keydown"] {
        gloo::events::EventListener::new(&window, what, release).forget();
    }
}

/// Let the hex pane go back to the top of the window (see [`hold_hex_pane`]).
fn release_hex_pane() {
    if let Some((both, pane)) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| panes(&d))
    {
        let _ = pane.style().remove_property("top");
        let _ = both.style().remove_property("min-height");
    }
}

/// The two panes' row and the hex pane in it.
fn panes(doc: &web_sys::Document) -> Option<(web_sys::HtmlElement, web_sys::HtmlElement)> {
    use wasm_bindgen::JsCast;
    let hex: web_sys::HtmlElement = doc
        .query_selector(".panes > .hexpane")
        .ok()??
        .dyn_into()
        .ok()?;
    Some((hex.parent_element()?.dyn_into().ok()?, hex))
}

/// The tree's keys (WAI-ARIA tree pattern, selection follows focus): ↑/↓ the row above or
/// below, → opens a node or goes to its first child, ← closes it or goes to its parent,
/// Home/End the first and last rows, Enter/Space select.
fn key(e: &KeyboardEvent, here: &[usize], has_kids: bool, open: bool, d: &Dispatch) {
    let visible = || -> Vec<Vec<usize>> {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return Vec::new();
        };
        let Ok(list) = doc.query_selector_all(".tree li[role=treeitem]") else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
            .filter_map(|el| el.get_attribute("data-path"))
            .map(|p| crate::view::parse_path(&p))
            .collect()
    };
    let step = |by: isize| {
        let v = visible();
        let i = v.iter().position(|p| p == here)?;
        v.get(i.checked_add_signed(by)?).cloned()
    };
    let to = match e.key().as_str() {
        "ArrowDown" => step(1),
        "ArrowUp" => step(-1),
        "Home" => visible().first().cloned(),
        "End" => visible().last().cloned(),
        "ArrowRight" if has_kids && !open => {
            d.dispatch(Action::Toggle(here.to_vec()));
            None
        }
        "ArrowRight" if has_kids => step(1),
        "ArrowLeft" if has_kids && open => {
            d.dispatch(Action::Toggle(here.to_vec()));
            None
        }
        "ArrowLeft" if !here.is_empty() => Some(here[..here.len() - 1].to_vec()),
        "Enter" | " " => Some(here.to_vec()),
        _ => return,
    };
    e.prevent_default();
    e.stop_propagation();
    if let Some(p) = to {
        d.dispatch(Action::Select(Some(p)));
    }
}

type Dispatch = yew::UseReducerDispatcher<crate::state::State>;

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
    let has_kids = !f.children.is_empty();
    let onkeydown = {
        let d = c.ctx.dispatcher();
        let h = here.clone();
        Callback::from(move |e: KeyboardEvent| key(&e, &h, has_kids, open, &d))
    };
    // One Tab stop: the selected row, or the root before anything is selected.
    let current = selected || (here.is_empty() && c.ctx.selected.is_none());
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
        <li role="treeitem" class={classes!(selected.then_some("sel-item"))} aria-selected={selected.to_string()}
            aria-expanded={has_kids.then(|| open.to_string())} tabindex={if current { "0" } else { "-1" }}
            {onkeydown} data-path={dotted.clone()} aria-level={(here.len() + 1).to_string()}>
            <div class={classes!("row", crate::view::kind_class(f.kind), selected.then_some("sel"), hovered.then_some("hover"))}
                onclick={select} onmouseenter={hover} title={f.explain.to_string()}
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
