//! The guided tour's panel: "Walk me through it" while no tour runs; during one, the step's
//! title and sentences with Back, Next and End (and ←/→, Esc while the panel has focus).
//! The step's field is selected, so the tree, the hex view and the detail panel follow it.

use yew::prelude::*;

use crate::state::{Action, AppContext};

/// The tour panel (or its start button).
#[function_component(Tour)]
pub fn tour() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    let panel = use_node_ref();
    let steps = {
        let shown = ctx.shown.clone();
        use_memo(shown, |s| {
            s.as_deref().map(crate::tour::steps).unwrap_or_default()
        })
    };
    // Keyboard focus goes to the panel when a tour starts, so the arrows work at once.
    {
        let panel = panel.clone();
        use_effect_with(ctx.tour.is_some(), move |on| {
            if *on {
                if let Some(e) = panel.cast::<web_sys::HtmlElement>() {
                    let _ = e.focus();
                }
            }
        });
    }
    let go = |to: Option<usize>| {
        let d = ctx.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Tour(to)))
    };
    let Some(i) = ctx.tour else {
        if steps.is_empty() {
            return html! {};
        }
        return html! {
            <p class="tourstart"><button id="tour-start" onclick={go(Some(0))}>{ "Walk me through it" }</button></p>
        };
    };
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
            d.dispatch(Action::Tour(to));
        })
    };
    html! {
        <section class="tour" id="tour" ref={panel} tabindex="-1" {onkeydown} aria-label="guided tour" aria-live="polite">
            <p class="tourcount">{ format!("Step {} of {n}", i + 1) }</p>
            <h2 class="tourtitle">{ &step.title }</h2>
            <p class="tourtext">{ &step.text }</p>
            <p class="tourbtns">
                <button id="tour-back" disabled={i == 0} onclick={go(Some(i.saturating_sub(1)))}>{ "← Back" }</button>
                <button id="tour-next" disabled={i + 1 == n} onclick={go(Some(i + 1))}>{ "Next →" }</button>
                <button id="tour-end" onclick={go(None)}>{ "End tour (Esc)" }</button>
            </p>
        </section>
    }
}
