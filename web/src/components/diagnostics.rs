//! Problems found, each at its bytes.

use dnslens::{Diagnostic, Severity};
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct DiagProps {
    /// The problems.
    pub items: Vec<Diagnostic>,
}

/// The diagnostics panel.
#[function_component(Diagnostics)]
pub fn diagnostics(p: &DiagProps) -> Html {
    if p.items.is_empty() {
        return html! { <p class="ok">{ "No problems found." }</p> };
    }
    html! {
        <ul class="diags">
            { for p.items.iter().map(|d| {
                let sev = match d.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Note => "note" };
                html! { <li class={classes!("diag", sev)}><strong>{ format!("{sev} at byte {} ", d.span.start) }</strong>
                    <span class="layer">{ format!("[{}] ", d.layer) }</span>{ d.message.clone() }</li> }
            }) }
        </ul>
    }
}
