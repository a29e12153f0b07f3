//! The guided tour's panel: "Walk me through it" while no tour runs; during one, the step's
//! title and sentences with Back, Next and End (and ←/→, Esc while the panel has focus).
//! [`start`] and [`panel`] are apart because the full page shows them in different places.
//! The step's field is selected, so the tree, the hex view and the detail panel follow it.
//!
//! A plain function of the state rather than a component of its own: a Yew component with its
//! hooks costs more of the page's size budget than all of the tour's own code.

use yew::prelude::*;

use crate::state::{Action, AppContext};

/// Go to step `to` (or end the tour) and, once the page has drawn it, put the keyboard focus on
/// the panel (or, after the end, on the start button), so that the arrow keys work at once.
fn step_to(d: &UseReducerDispatcher<crate::state::State>, to: Option<usize>) {
    d.dispatch(Action::Tour(to));
    let id = if to.is_some() { "tour" } else { "tour-start" };
    gloo::timers::callback::Timeout::new(0, move || {
        let el = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        if let Some(e) = el {
            let _ = e.focus();
        }
    })
    .forget();
}

fn go(ctx: &AppContext, to: Option<usize>) -> Callback<MouseEvent> {
    let d = ctx.dispatcher();
    Callback::from(move |_: MouseEvent| step_to(&d, to))
}

/// The button that starts a tour of the message on screen, while none runs.
pub fn start(ctx: &AppContext) -> Html {
    match ctx.shown.as_deref() {
        Some(shown) if ctx.tour.is_none() && crate::view::dns_child(&shown.tree).is_some() => {
            html! {
                <p class="tourstart"><button id="tour-start" onclick={go(ctx, Some(0))}>{ "Walk me through it" }</button></p>
            }
        }
        _ => html! {},
    }
}

/// The running tour's panel. On the full page it is pinned to the bottom of the window (the
/// stylesheet), so it stays in view while the page scrolls to each step's row.
pub fn panel(ctx: &AppContext) -> Html {
    let (Some(shown), Some(i)) = (ctx.shown.as_deref(), ctx.tour) else {
        return html! {};
    };
    // The steps are made only while a tour runs (a big message has many fields).
    let steps = crate::tour::steps(shown);
    let Some(step) = steps.get(i) else {
        return html! {};
    };
    let n = steps.len();
    let onkeydown = {
        let d = ctx.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            let to = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" if i + 1 < n => Some(i + 1),
                "ArrowLeft" | "ArrowUp" if i > 0 => Some(i - 1),
                "Escape" => None,
                _ => return,
            };
            e.prevent_default();
            step_to(&d, to);
        })
    };
    html! {
        <section class="tour" id="tour" tabindex="-1" {onkeydown} aria-label="guided tour" aria-live="polite">
            <p class="tourcount">{ format!("Step {} of {n}", i + 1) }</p>
            <h2 class="tourtitle">{ &step.title }</h2>
            <p class="tourtext">{ &step.text }</p>
            <p class="tourbtns">
                <button id="tour-back" disabled={i == 0} onclick={go(ctx, Some(i.saturating_sub(1)))}>{ "← Back" }</button>
                <button id="tour-next" disabled={i + 1 == n} onclick={go(ctx, Some(i + 1))}>{ "Next →" }</button>
                <button id="tour-end" onclick={go(ctx, None)}>{ "End tour (Esc)" }</button>
            </p>
        </section>
    }
}
