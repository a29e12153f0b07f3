//! Problems found, each at its bytes: clicking one selects the field there.

use dnslens::Severity;
use yew::prelude::*;

use crate::state::{Action, AppContext};

/// The diagnostics panel.
#[function_component(Diagnostics)]
pub fn diagnostics() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    let Some(shown) = ctx.shown.clone() else {
        return html! {};
    };
    if shown.diagnostics.is_empty() {
        return html! { <p class="ok">{ "✓ No problems found: every byte is accounted for and every rule is kept." }</p> };
    }
    html! {
        <ul class="diags">
            { for shown.diagnostics.iter().take(MAX_SHOWN).map(|d| {
                let sev = match d.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Note => "note" };
                let icon = match d.severity { Severity::Error => "✖", Severity::Warning => "⚠", Severity::Note => "ℹ" };
                let path = shown.tree.deepest_at(d.span.start).or_else(|| d.span.start.checked_sub(1).and_then(|s| shown.tree.deepest_at(s)));
                let dispatch = ctx.dispatcher();
                let onclick = Callback::from(move |_| dispatch.dispatch(Action::Select(path.clone())));
                html! { <li class={classes!("diag", sev)}><button class="at" {onclick}>{ format!("{icon} {sev} at byte {}", d.span.start) }</button>
                    <span class="layer">{ format!(" [{}] ", d.layer) }</span>{ d.message.clone() }</li> }
            }) }
            if shown.diagnostics.len() > MAX_SHOWN {
                <li class="more">{ format!("… and {} more problems", shown.diagnostics.len() - MAX_SHOWN) }</li>
            }
        </ul>
    }
}

/// Problems listed before "… and N more" (a hostile message can have tens of thousands).
const MAX_SHOWN: usize = 200;
