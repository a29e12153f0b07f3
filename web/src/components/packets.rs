//! The packet list of a capture: filter, query/response links, keyboard navigation, and only
//! the visible rows in the DOM (it stays smooth with 100,000+ messages).

use yew::prelude::*;

use std::rc::Rc;

use crate::listing::{Capture, Pair, Status};
use crate::state::{Action, AppContext};

const ROW_PX: f64 = 24.0;
const VIEW_ROWS: usize = 14;
const OVERSCAN: usize = 10;

/// The list.
#[function_component(Packets)]
pub fn packets() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    let scroll = use_state(|| 0.0f64);
    let filtered = use_mut_ref(Filtered::default);
    let Some(cap) = ctx.capture.clone() else {
        return html! {};
    };
    let total = ctx.progress.0;
    let visible = Rc::new(
        filtered
            .borrow_mut()
            .update(&cap, total, &ctx.filter, ctx.errors_only),
    );
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
    let on_key = key_handler(ctx.dispatcher(), visible.clone(), ctx.row);
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
    let l = cap.0.borrow();
    let on_stop = {
        let (d, cap) = (ctx.dispatcher(), cap.clone());
        Callback::from(move |_: MouseEvent| {
            cap.0.borrow_mut().stop();
            d.dispatch(Action::Progress(cap.clone()));
        })
    };
    let pct = (l.loaded() as u64 * 100)
        .checked_div(l.size as u64)
        .unwrap_or(100);
    let status = match &l.status {
        Status::Reading => html! {
            <span class="loading" role="status">
                <progress id="load-progress" max="100" value={pct.to_string()} aria-label="how much of the file has been read"></progress>
                { format!(" reading {} — {pct}% ", l.name) }
                <button id="stop" onclick={on_stop} title="Stop reading the file; the messages listed so far stay">{ "Stop" }</button>
            </span>
        },
        Status::Stopped => html! {
            <span class="loading stopped" role="status">{ format!("stopped at {pct}% of {}: the rest of the file was not read", l.name) }</span>
        },
        _ => html! {},
    };
    let problem = l.problems().first().map(|p| html! {
        <span class="file-problem" title={format!("byte {} of the file", p.span.start)}>{ format!("⚠ byte {}: {}", p.span.start, p.message) }</span>
    });
    html! {
        <section class="packets" aria-label="packet list" data-status={match l.status { Status::Reading => "reading", Status::Stopped => "stopped", _ => "done" }}>
            <div class="listbar">
                <span class="count" id="count">{ format!("{total} DNS message{}", if total == 1 { "" } else { "s" }) }</span>
                if visible.len() != total { <span class="shown">{ format!(" ({} shown)", visible.len()) }</span> }
                { status }
                { for problem }
                <input id="filter" type="search" placeholder="filter: name, type, rcode, address…" value={ctx.filter.clone()} oninput={on_filter} aria-label="filter" />
                <label><input id="errors-only" type="checkbox" checked={ctx.errors_only} onchange={on_errors} />{ " only messages with problems" }</label>
            </div>
            <div class="thead" aria-hidden="true"><span>{"No."}</span><span>{"Time"}</span><span>{"Source"}</span><span>{"Destination"}</span><span>{"Protocol"}</span><span>{"Info"}</span><span>{"Pair"}</span></div>
            <div class="viewport" onscroll={on_scroll} onkeydown={on_key} tabindex="0" role="grid" aria-label="messages: No., time, source, destination, protocol, info, pair">
                <div class="spacer" role="presentation" ref={top}></div>
                { for (first..last).filter_map(|vi| {
                    let i = visible.get(vi)?;
                    let r = l.rows().get(i)?;
                    let line = l.line(i)?;
                    let frame_of = |k: u32| l.rows().get(k as usize).map_or(0, |r| r.frame);
                    let pair = match r.pair {
                        Pair::Answers(q, us) => html! { <button class="pairlink" onclick={pick(q as usize)} title="open the query this answers">{ format!("↩ {} ({} ms)", frame_of(q), crate::listing::decimal(us as u64 / 100, 1)) }</button> },
                        Pair::AnsweredBy(a) => html! { <button class="pairlink" onclick={pick(a as usize)} title="open the response to this query">{ format!("↪ {}", frame_of(a)) }</button> },
                        Pair::None => html! {},
                    };
                    Some(html! {
                        <div class={classes!("pkt", r.flagged.then_some("flagged"), (ctx.row == Some(i)).then_some("cur"))}
                            role="row" aria-selected={(ctx.row == Some(i)).to_string()} data-row={i.to_string()} onclick={pick(i)}>
                            <span role="gridcell">{ r.frame }</span><span role="gridcell">{ line.time }</span><span role="gridcell">{ line.src }</span><span role="gridcell">{ line.dst }</span>
                            <span role="gridcell">{ line.proto }</span>
                            <span role="gridcell" class="info">{ if r.flagged { "⚠ " } else { "" } }{ line.info }</span>
                            <span role="gridcell" class="pair">{ pair }</span>
                        </div>
                    })
                }) }
                <div class="spacer" role="presentation" ref={bottom}></div>
            </div>
        </section>
    }
}

/// ↑/↓ (or k/j), PageUp/PageDown, Home/End move the current row and keep it in view.
fn key_handler(
    d: UseReducerDispatcher<crate::state::State>,
    visible: Rc<Visible>,
    cur: Option<usize>,
) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        let pos = cur.and_then(|c| visible.position(c));
        let next = match e.key().as_str() {
            "ArrowDown" | "j" => pos.map_or(0, |p| (p + 1).min(visible.len().saturating_sub(1))),
            "ArrowUp" | "k" => pos.map_or(0, |p| p.saturating_sub(1)),
            "PageDown" => pos.map_or(0, |p| (p + VIEW_ROWS).min(visible.len().saturating_sub(1))),
            "PageUp" => pos.map_or(0, |p| p.saturating_sub(VIEW_ROWS)),
            "Home" => 0,
            "End" => visible.len().saturating_sub(1),
            _ => return,
        };
        e.prevent_default();
        if let Some(i) = visible.get(next) {
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
}

/// The rows that pass the filter, in order.
enum Visible {
    /// No filter: rows 0..n.
    All(usize),
    /// These rows.
    Some(Rc<Vec<usize>>),
}

/// The filter's result, kept between renders: while a file is still being read only the rows
/// listed since the last render are tested, not the whole list again.
#[derive(Default)]
struct Filtered {
    key: Option<(Capture, String, bool)>,
    upto: usize,
    rows: Rc<Vec<usize>>,
}

impl Filtered {
    fn update(&mut self, cap: &Capture, total: usize, filter: &str, errors: bool) -> Visible {
        let words: Vec<String> = filter
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        if words.is_empty() && !errors {
            // Forget the last result (and the capture it holds on to).
            *self = Filtered::default();
            return Visible::All(total);
        }
        let key = (cap.clone(), filter.to_string(), errors);
        if self.key.as_ref() != Some(&key) || self.upto > total {
            *self = Filtered {
                key: Some(key),
                ..Filtered::default()
            };
        }
        if self.upto < total {
            let l = cap.0.borrow();
            let mut buf = String::new();
            let rows = Rc::make_mut(&mut self.rows);
            rows.extend((self.upto..total).filter(|&i| l.matches(i, &words, errors, &mut buf)));
            self.upto = total;
        }
        Visible::Some(self.rows.clone())
    }
}

impl Visible {
    fn len(&self) -> usize {
        match self {
            Visible::All(n) => *n,
            Visible::Some(v) => v.len(),
        }
    }

    fn get(&self, k: usize) -> Option<usize> {
        match self {
            Visible::All(n) => (k < *n).then_some(k),
            Visible::Some(v) => v.get(k).copied(),
        }
    }

    /// Where row `i` is in the list.
    fn position(&self, i: usize) -> Option<usize> {
        match self {
            Visible::All(n) => (i < *n).then_some(i),
            Visible::Some(v) => v.binary_search(&i).ok(),
        }
    }
}
