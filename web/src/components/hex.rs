//! The hex view: every byte coloured by the kind of field it belongs to, with a pattern as well
//! as a colour; hovering or clicking a byte picks its field. Only visible rows are rendered.

use yew::prelude::*;

use crate::state::{Action, AppContext};
use crate::view::{kind_class, leaf_at, leaves, rows, within};

const ROW_PX: f64 = 20.0;
const VIEW_ROWS: usize = 24;

/// The hex view.
#[function_component(Hex)]
pub fn hex() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    let scroll = use_state(|| 0.0f64);
    let (top, bottom, view) = (use_node_ref(), use_node_ref(), use_node_ref());
    let nrows = ctx.shown.as_ref().map_or(0, |s| s.bytes.len().div_ceil(16));
    let (first, last) = crate::spacer::window(*scroll, ROW_PX, VIEW_ROWS, 8, nrows);
    {
        let (top, bottom) = (top.clone(), bottom.clone());
        use_effect_with((first, last, nrows), move |_| {
            crate::spacer::set_height(&top, first as f64 * ROW_PX);
            crate::spacer::set_height(&bottom, (nrows - last) as f64 * ROW_PX);
        });
    }
    // After a selection elsewhere (the tree, the name strip, a diagnostic): bring its first
    // byte into view unless some of its bytes are visible already.
    let sel_bytes = ctx.shown.as_ref().and_then(|s| {
        let f = s.tree.at(ctx.selected.as_ref()?)?;
        Some((f.span.start, f.span.end))
    });
    {
        let view = view.clone();
        use_effect_with(sel_bytes, move |sel| {
            let (Some((start, end)), Some(el)) = (*sel, view.cast::<web_sys::Element>()) else {
                return;
            };
            let row_px = ROW_PX as usize;
            let (first, shown) = (
                el.scroll_top().max(0) as usize / row_px,
                el.client_height().max(0) as usize / row_px,
            );
            let (a, b) = (start / 16, end.saturating_sub(1).max(start) / 16);
            if b < first || a >= first + shown.max(1) {
                el.set_scroll_top((a.saturating_sub(2) * row_px) as i32);
            }
        });
    }
    let Some(shown) = ctx.shown.clone() else {
        return html! {};
    };
    let ls = leaves(&shown.tree);
    let field = |p: &Option<Vec<usize>>| p.as_ref().and_then(|s| shown.tree.at(s));
    let sel = field(&ctx.selected);
    let sel_span = sel.map(|f| f.span);
    let hover_span = field(&ctx.hover).map(|f| f.span);
    // Targets move with their spans (Field::shift), so they index the bytes on screen.
    let target_span = sel
        .and_then(|f| f.target)
        .and_then(|t| leaf_at(&ls, t).map(|l| l.span));
    let on_scroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            scroll.set(el.scroll_top() as f64);
        })
    };
    let bytes = shown.bytes.clone();
    let body: Html = rows(bytes.len()).skip(first).take(last - first).map(|(off, r)| {
        let cells: Html = r.clone().map(|i| {
            let leaf = leaf_at(&ls, i);
            let class = leaf.map_or("k-none", |l| kind_class(l.kind));
            let inside = |s: Option<dnslens::Span>| s.is_some_and(|s| s.start <= i && i < s.end);
            let sel_here = ctx.selected.as_ref().zip(leaf).is_some_and(|(s, l)| within(&l.path, s));
            let path = leaf.map(|l| l.path.clone());
            let onclick = {
                let d = ctx.dispatcher();
                let path = path.clone();
                Callback::from(move |_| if let Some(p) = &path { d.dispatch(Action::Select(Some(p.clone()))) })
            };
            let onmouseenter = {
                let d = ctx.dispatcher();
                Callback::from(move |_| d.dispatch(Action::Hover(path.clone())))
            };
            let title = leaf.and_then(|l| shown.tree.at(&l.path)).map(|f| format!("byte {i}: {} = {}", f.name, f.value)).unwrap_or_else(|| format!("byte {i}: not explained by any field"));
            html! {
                <span class={classes!("b", class, (inside(sel_span) || sel_here).then_some("hl"), inside(target_span).then_some("target"), inside(hover_span).then_some("hover"))}
                    data-off={i.to_string()} {onclick} {onmouseenter} {title}>
                    { format!("{:02x}", bytes[i]) }
                </span>
            }
        }).collect();
        let ascii: String = bytes[r].iter().map(|&b| if (0x20..0x7f).contains(&b) { b as char } else { '.' }).collect();
        html! { <div class="hexrow"><span class="off">{ format!("{off:04x}") }</span><span class="bytes">{ cells }</span><span class="ascii">{ ascii }</span></div> }
    }).collect();
    html! {
        <div class="hex" aria-label="hex view" onscroll={on_scroll} ref={view}
            onmouseleave={ { let d = ctx.dispatcher(); Callback::from(move |_| d.dispatch(Action::Hover(None))) } }>
            <div class="hexrow hexhead" aria-hidden="true"><span class="off">{ "off " }</span><span class="bytes">{ for (0..16).map(|i| html! { <span class="b">{ format!("{i:02x}") }</span> }) }</span><span class="ascii">{ "ASCII" }</span></div>
            <div class="spacer" ref={top.clone()}></div>{ body }<div class="spacer" ref={bottom.clone()}></div>
        </div>
    }
}
