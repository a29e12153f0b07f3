//! The bar between the tree pane and the hex pane: drag it, or focus it and press ←/→ (with
//! Shift for bigger steps), to give one pane's width to the other.
//!
//! A plain function without hooks, like the tour's panel: the width lives on the tree pane's
//! element itself, set through the CSSOM (which the page's CSP allows, unlike `style`
//! attributes), and the stylesheet's min-width/max-width keep both panes usable.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The splitter, placed right after the tree pane.
pub fn splitter() -> Html {
    let down = Callback::from(|e: PointerEvent| {
        if let Some(bar) = bar(&e) {
            let _ = bar.set_pointer_capture(e.pointer_id());
            e.prevent_default();
        }
    });
    let moved = Callback::from(|e: PointerEvent| {
        if let Some(bar) = bar(&e).filter(|b| b.has_pointer_capture(e.pointer_id())) {
            set_width(&bar, |_, left| f64::from(e.client_x()) - left);
        }
    });
    let key = Callback::from(|e: KeyboardEvent| {
        let step = if e.shift_key() { 64.0 } else { 16.0 };
        let by = match e.key().as_str() {
            "ArrowLeft" => -step,
            "ArrowRight" => step,
            _ => return,
        };
        e.prevent_default();
        if let Some(bar) = bar(&e) {
            set_width(&bar, |width, _| width + by);
        }
    });
    html! {
        <div class="splitter" role="separator" aria-orientation="vertical" aria-controls="treepane"
            aria-label="width of the fields pane: drag, or press ← and →" tabindex="0"
            aria-valuemin="0" aria-valuemax="100" aria-valuenow="50"
            onpointerdown={down} onpointermove={moved} onkeydown={key}></div>
    }
}

/// The splitter the event is for (Yew delegates events, so the current target is its root).
fn bar(e: &Event) -> Option<web_sys::Element> {
    e.target()?.dyn_into().ok()
}

/// Give the tree pane (the bar's previous sibling) the width `f(its width now, its left edge)`
/// and tell assistive technology the share of the row it now has.
fn set_width(bar: &web_sys::Element, f: impl FnOnce(f64, f64) -> f64) {
    let Some(pane) = bar.previous_element_sibling() else {
        return;
    };
    let r = pane.get_bounding_client_rect();
    // Whole pixels and percents, printed as integers: formatting an f64 would bring the
    // float printer into the wasm (about 9 KB gzipped).
    let width = f(r.width(), r.left()).max(0.0) as u32;
    if let Some(p) = pane.dyn_ref::<web_sys::HtmlElement>() {
        let _ = p.style().set_property("width", &format!("{width}px"));
    }
    let row = bar.parent_element().map_or(0, |p| p.client_width());
    if row > 0 {
        let share = (pane.get_bounding_client_rect().width() * 100.0 / f64::from(row)) as u32;
        let _ = bar.set_attribute("aria-valuenow", &share.to_string());
    }
}
