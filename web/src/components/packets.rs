//! The packet list of a capture: filter, query/response links, keyboard navigation, and only
//! the visible rows in the DOM (it stays smooth with 100,000+ messages).

use yew::prelude::*;

use crate::decode::matches;
use crate::state::{Action, AppContext};

const ROW_PX: f64 = 24.0;
const VIEW_ROWS: usize = 14;
const OVERSCAN: usize = 10;

/// The list.
#[function_component(Packets)]
pub fn packets() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    let scroll = use_state(|| 0.0f64);
    let rows = ctx.rows.clone();
    let visible: std::rc::Rc<Vec<usize>> = {
        let (filter, errors) = (ctx.filter.clone(), ctx.errors_only);
        use_memo(
            (rows.clone(), filter.clone(), errors),
            move |(rows, f, e)| {
                rows.iter()
                    .enumerate()
                    .filter(|(_, r)| matches(r, f, *e))
                    .map(|(i, _)| i)
                    .collect::<Vec<_>>()
            },
        )
    };
    let on_scroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            scroll.set(el.scroll_top() as f64);
        })
    };
    let on_filter = {
        let d = ctx.dispatcher();
        let errors = ctx.errors_only;
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Action::Filter(el.value(), errors));
        })
    };
    let on_errors = {
        let d = ctx.dispatcher();
        let f = ctx.filter.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Action::Filter(f.clone(), el.checked()));
        })
    };
    let on_key = {
        let d = ctx.dispatcher();
        let visible = visible.clone();
        let cur = ctx.row;
        Callback::from(move |e: KeyboardEvent| {
            let pos = cur.and_then(|c| visible.iter().position(|&i| i == c));
            let next = match e.key().as_str() {
                "ArrowDown" | "j" => {
                    pos.map_or(0, |p| (p + 1).min(visible.len().saturating_sub(1)))
                }
                "ArrowUp" | "k" => pos.map_or(0, |p| p.saturating_sub(1)),
                "PageDown" => {
                    pos.map_or(0, |p| (p + VIEW_ROWS).min(visible.len().saturating_sub(1)))
                }
                "PageUp" => pos.map_or(0, |p| p.saturating_sub(VIEW_ROWS)),
                "Home" => 0,
                "End" => visible.len().saturating_sub(1),
                _ => return,
            };
            e.prevent_default();
            if let Some(&i) = visible.get(next) {
                d.dispatch(Action::Row(i));
                // Keep the chosen row in view.
                if let Some(el) = e
                    .target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                {
                    let top = next as f64 * ROW_PX;
                    let st = el.scroll_top() as f64;
                    if top < st {
                        el.set_scroll_top(top as i32);
                    } else if top + ROW_PX > st + VIEW_ROWS as f64 * ROW_PX {
                        el.set_scroll_top((top + ROW_PX - VIEW_ROWS as f64 * ROW_PX) as i32);
                    }
                }
            }
        })
    };
    let (first, last) = crate::spacer::window(*scroll, ROW_PX, VIEW_ROWS, OVERSCAN, visible.len());
    let (top, bottom) = (use_node_ref(), use_node_ref());
    {
        let (top, bottom, total) = (top.clone(), bottom.clone(), visible.len());
        use_effect_with((first, last, total), move |_| {
            crate::spacer::set_height(&top, first as f64 * ROW_PX);
            crate::spacer::set_height(&bottom, (total - last) as f64 * ROW_PX);
        });
    }
    let pick = |i: usize| {
        let d = ctx.dispatcher();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            d.dispatch(Action::Row(i))
        })
    };
    html! {
        <section class="packets" aria-label="packet list">
            <div class="listbar">
                <span class="count">{ format!("{} DNS messages", rows.len()) }</span>
                if visible.len() != rows.len() { <span class="shown">{ format!(" ({} shown)", visible.len()) }</span> }
                <input id="filter" type="search" placeholder="filter: name, type, rcode, address…" value={ctx.filter.clone()} oninput={on_filter} aria-label="filter" />
                <label><input id="errors-only" type="checkbox" checked={ctx.errors_only} onchange={on_errors} />{ " only messages with problems" }</label>
            </div>
            <div class="thead"><span>{"No."}</span><span>{"Time"}</span><span>{"Source"}</span><span>{"Destination"}</span><span>{"Protocol"}</span><span>{"Pair"}</span><span>{"Info"}</span></div>
            <div class="viewport" onscroll={on_scroll} onkeydown={on_key} tabindex="0" role="listbox" aria-label="messages">
                <div class="spacer" ref={top}></div>
                { for (first..last).map(|vi| {
                    let i = visible[vi];
                    let r = &rows[i];
                    let pair = match (r.answers, r.answered_by) {
                        (Some((q, ms)), _) => html! { <a class="pairlink" onclick={pick(q)}>{ format!("↩ {} ({:.1} ms)", rows[q].frame, ms) }</a> },
                        (None, Some(a)) => html! { <a class="pairlink" onclick={pick(a)}>{ format!("↪ {}", rows[a].frame) }</a> },
                        _ => html! {},
                    };
                    html! {
                        <div class={classes!("pkt", r.flagged.then_some("flagged"), (ctx.row == Some(i)).then_some("cur"))}
                            role="option" aria-selected={(ctx.row == Some(i)).to_string()} data-row={i.to_string()} onclick={pick(i)}>
                            <span>{ r.frame }</span><span>{ format!("{:.6}", r.time) }</span><span>{ &r.src }</span><span>{ &r.dst }</span>
                            <span>{ r.proto }</span><span>{ pair }</span>
                            <span class="info">{ if r.flagged { "⚠ " } else { "" } }{ &r.info }</span>
                        </div>
                    }
                }) }
                <div class="spacer" ref={bottom}></div>
            </div>
        </section>
    }
}
