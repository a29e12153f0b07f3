//! The packet list of a capture (only the visible window of rows is rendered).

use std::rc::Rc;

use yew::prelude::*;

use crate::decode::Row;

/// Props.
#[derive(Properties, PartialEq)]
pub struct PacketsProps {
    /// Rows.
    pub rows: Rc<Vec<Row>>,
    /// Choose a row.
    pub on_pick: Callback<usize>,
}

const WINDOW: usize = 500;

/// The list.
#[function_component(Packets)]
pub fn packets(p: &PacketsProps) -> Html {
    let first = use_state(|| 0usize);
    let end = (*first + WINDOW).min(p.rows.len());
    let more = {
        let first = first.clone();
        let n = p.rows.len();
        Callback::from(move |_| first.set((*first + WINDOW).min(n.saturating_sub(1))))
    };
    html! {
        <div class="packets">
            <p class="count">{ format!("{} DNS messages", p.rows.len()) }</p>
            <table>
                <thead><tr><th>{"No."}</th><th>{"Source"}</th><th>{"Destination"}</th><th>{"Protocol"}</th><th>{"Info"}</th></tr></thead>
                <tbody>
                { for (*first..end).map(|i| {
                    let r = &p.rows[i];
                    let cb = p.on_pick.clone();
                    html! { <tr class={classes!("pkt", r.flagged.then_some("flagged"))} tabindex="0" onclick={Callback::from(move |_| cb.emit(i))}>
                        <td>{ r.frame }</td><td>{ &r.src }</td><td>{ &r.dst }</td><td>{ r.proto }</td><td class="info">{ &r.info }</td></tr> }
                }) }
                </tbody>
            </table>
            if end < p.rows.len() { <button onclick={more}>{ format!("Show rows {}–{}", end + 1, (end + WINDOW).min(p.rows.len())) }</button> }
        </div>
    }
}
