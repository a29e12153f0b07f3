//! Export the message on screen: hex, the CLI's JSON, dig-style text.

use yew::prelude::*;

use crate::state::AppContext;

/// The export buttons and the text they produced.
#[function_component(Export)]
pub fn export() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    let out = use_state(|| None::<(&'static str, String)>);
    let Some(shown) = ctx.shown.clone() else {
        return html! {};
    };
    let make = |kind: &'static str| {
        let out = out.clone();
        let shown = shown.clone();
        Callback::from(move |_| {
            let text = match kind {
                "hex" => shown
                    .bytes
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>(),
                "json" => serde_json::to_string_pretty(&dnslens::json::Rfc8427 {
                    message: &shown.message,
                    bytes: shown.dns_bytes(),
                })
                .unwrap_or_default(),
                _ => dnslens::present::dig(&shown.message),
            };
            if let Some(w) = web_sys::window() {
                // Best effort: the text is also shown below for copying by hand.
                let _ = w.navigator().clipboard().write_text(&text);
            }
            out.set(Some((kind, text)));
        })
    };
    html! {
        <section class="export">
            <button id="copy-hex" onclick={make("hex")}>{ "Copy hex" }</button>
            <button id="copy-json" onclick={make("json")}>{ "Copy JSON" }</button>
            <button id="copy-dig" onclick={make("dig")}>{ "Copy dig text" }</button>
            if let Some((kind, text)) = &*out {
                <p class="copied">{ format!("Copied as {kind} (also here):") }</p>
                <textarea id="export-text" readonly=true rows="8" value={text.clone()}></textarea>
            }
        </section>
    }
}
