//! Export the message on screen: hex, the CLI's JSON, dig-style text.

use std::rc::Rc;

use yew::prelude::*;

use crate::decode::Shown;
use crate::state::AppContext;

/// The export buttons and the text they produced.
#[function_component(Export)]
pub fn export() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    // The text made, with the message it was made from: a new message hides it.
    let out = use_state(|| None::<(Rc<Shown>, &'static str, String)>);
    let Some(shown) = ctx.shown.clone() else {
        return html! {};
    };
    let link = ctx.link();
    let make = |kind: &'static str| {
        let out = out.clone();
        let shown = shown.clone();
        let link = link.clone();
        Callback::from(move |_| {
            let text = match kind {
                "link" | "embed" => {
                    let Some(link) = link.clone() else { return };
                    let url = crate::link_url(&crate::permalink::encode(&link, kind == "embed"));
                    if kind == "link" {
                        url
                    } else {
                        let title = shown.info.replace('"', "&quot;").replace('<', "&lt;");
                        format!(
                            "<iframe src=\"{url}\" title=\"dnslens: {title}\" width=\"600\" height=\"480\" loading=\"lazy\" style=\"border:0;width:100%;max-width:600px\"></iframe>\n\
                             <!-- dnslens reports its height: resize the frame to fit -->\n\
                             <script>addEventListener('message', e => {{ if (e.data && e.data.type === 'dnslens:height') for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source) f.style.height = e.data.height + 'px'; }});</script>"
                        )
                    }
                }
                "hex" => shown
                    .bytes
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>(),
                "json" => {
                    // The engine's RFC 8427 object, indented by the browser's JSON.stringify.
                    let v = crate::rfc8427_value(&shown.message, shown.dns_bytes())
                        .unwrap_or(wasm_bindgen::JsValue::NULL);
                    js_sys::JSON::stringify_with_replacer_and_space(
                        &v,
                        &wasm_bindgen::JsValue::NULL,
                        &wasm_bindgen::JsValue::from_f64(2.0),
                    )
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_default()
                }
                _ => dnslens::present::dig(&shown.message, shown.dns_bytes()),
            };
            if let Some(w) = web_sys::window() {
                // Best effort: the text is also shown below for copying by hand.
                let _ = w.navigator().clipboard().write_text(&text);
            }
            out.set(Some((shown.clone(), kind, text)));
        })
    };
    html! {
        <section class="export">
            <button id="copy-hex" onclick={make("hex")}>{ "Copy hex" }</button>
            <button id="copy-json" onclick={make("json")}>{ "Copy JSON" }</button>
            <button id="copy-dig" onclick={make("dig")}>{ "Copy dig text" }</button>
            <button id="copy-link" onclick={make("link")}>{ if ctx.from_capture.is_some() { "Copy link (this message only)" } else { "Copy link" } }</button>
            <button id="copy-embed" onclick={make("embed")}>{ "Copy embed snippet" }</button>
            if ctx.from_capture.is_some() {
                <span class="hint">{ "Links carry the selected message with its lower layers, not the whole capture." }</span>
            }
            if let Some((_, kind, text)) = out.as_ref().filter(|(from, ..)| Rc::ptr_eq(from, &shown)) {
                <p class="copied">{ format!("Copied as {kind} (also here):") }</p>
                <textarea id="export-text" readonly=true rows="8" value={text.clone()}></textarea>
            }
        </section>
    }
}
