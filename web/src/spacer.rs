//! Virtual scrolling under a strict CSP: inline `style` attributes are blocked, but setting a
//! property through the CSSOM is not. Rows stay in normal flow between two spacers whose heights
//! are set here after each render.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Set `height` (in px) on the element behind `node`.
pub fn set_height(node: &NodeRef, px: f64) {
    if let Some(el) = node
        .cast::<web_sys::Element>()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        // Whole pixels, formatted as an integer (no float formatting code in the wasm).
        let _ = el
            .style()
            .set_property("height", &format!("{}px", px.max(0.0).round() as u64));
    }
}

/// Which rows to render for a scroll position: (first, end).
pub fn window(
    scroll_px: f64,
    row_px: f64,
    view_rows: usize,
    overscan: usize,
    total: usize,
) -> (usize, usize) {
    let first = ((scroll_px / row_px) as usize)
        .saturating_sub(overscan)
        .min(total);
    (first, (first + view_rows + 2 * overscan).min(total))
}

#[cfg(test)]
mod test {
    #[test]
    fn window_stays_in_bounds() {
        assert_eq!(super::window(0.0, 24.0, 14, 10, 100_000), (0, 34));
        assert_eq!(
            super::window(24.0 * 50_000.0, 24.0, 14, 10, 100_000),
            (49_990, 50_024)
        );
        assert_eq!(super::window(1e12, 24.0, 14, 10, 5), (5, 5));
    }
}
