//! Paste box, file picker, examples, and the layer/dialect overrides.

use dnslens::Flavor;
use gloo::file::callbacks::FileReader;
use gloo::file::File;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::examples::EXAMPLES;
use crate::state::{Action, AppContext, STARTS};

/// Read a dropped or picked file into the state. Kept in a ref so the read is not dropped.
#[hook]
pub fn use_file_loader() -> Callback<web_sys::File> {
    let ctx = use_context::<AppContext>().expect("state context");
    let reader = use_mut_ref(|| None::<FileReader>);
    Callback::from(move |file: web_sys::File| {
        let name = file.name();
        let size = file.size() as usize;
        if size > crate::decode::MAX_FILE {
            ctx.dispatch(Action::FileError(format!("{name} is {} MB; the browser version opens files up to {} MB — use the dnslens command line for larger captures", size >> 20, crate::decode::MAX_FILE >> 20)));
            return;
        }
        let d = ctx.dispatcher();
        *reader.borrow_mut() = Some(gloo::file::callbacks::read_as_bytes(
            &File::from(file),
            move |res| match res {
                Ok(bytes) => d.dispatch(Action::File(name, bytes)),
                Err(e) => d.dispatch(Action::FileError(format!("could not read {name}: {e}"))),
            },
        ));
    })
}

/// The input section.
#[function_component(Input)]
pub fn input() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    let load = use_file_loader();
    let on_input = {
        let d = ctx.dispatcher();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            {
                // A paste is a new state for the history; typing refines the current one.
                let it = e.input_type();
                d.dispatch(Action::Text(
                    t.value(),
                    it == "insertFromPaste" || it == "insertFromDrop",
                ));
            }
        })
    };
    let on_file = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        if let Some(f) = input.files().and_then(|l| l.get(0)) {
            load.emit(f);
        }
        input.set_value("");
    });
    let on_example = {
        let d = ctx.dispatcher();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some((_, text, flavor)) = sel
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| EXAMPLES.get(i))
            {
                d.dispatch(Action::Dialect((*flavor != Flavor::Dns).then_some(*flavor)));
                d.dispatch(Action::Text(text.to_string(), true));
            }
            sel.set_value("");
        })
    };
    let on_start = {
        let d = ctx.dispatcher();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            let i = sel.value().parse::<usize>().unwrap_or(0);
            d.dispatch(Action::Start(STARTS.get(i).and_then(|s| s.1)));
        })
    };
    let on_dialect = {
        let d = ctx.dispatcher();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            d.dispatch(Action::Dialect(match sel.value().as_str() {
                "dns" => Some(Flavor::Dns),
                "mdns" => Some(Flavor::Mdns),
                "llmnr" => Some(Flavor::Llmnr),
                _ => None,
            }));
        })
    };
    let start_idx = STARTS.iter().position(|s| s.1 == ctx.start).unwrap_or(0);
    let dialect = match ctx.dialect {
        None => "auto",
        Some(Flavor::Dns) => "dns",
        Some(Flavor::Mdns) => "mdns",
        Some(Flavor::Llmnr) => "llmnr",
    };
    html! {
        <section class="input">
            <label for="paste">{ "Paste hex, a tcpdump / Wireshark / xxd / hexdump dump, a byte array or base64 — it decodes as you type:" }</label>
            <textarea id="paste" spellcheck="false" value={ctx.text.clone()} oninput={on_input} rows="5"
                placeholder="ea1a 8183 0001 0000 0001 0000 0133 0234 ..."></textarea>
            <div class="controls">
                <label class="file">{ "Open a pcap / pcapng file " }<input id="file" type="file" onchange={on_file} /></label>
                <span class="hint">{ "or drop one anywhere on the page" }</span>
                <select id="examples" onchange={on_example} aria-label="examples">
                    <option value="" selected=true>{ "Examples…" }</option>
                    { for EXAMPLES.iter().enumerate().map(|(i, (n, _, _))| html! { <option value={i.to_string()}>{ *n }</option> }) }
                </select>
                <label>{ "Starts at " }
                    <select id="start" onchange={on_start}>
                        { for STARTS.iter().enumerate().map(|(i, (n, _))| html! { <option value={i.to_string()} selected={i == start_idx}>{ *n }</option> }) }
                    </select>
                </label>
                <label>{ "Dialect " }
                    <select id="dialect" onchange={on_dialect}>
                        { for [("auto", "from the port"), ("dns", "DNS"), ("mdns", "mDNS"), ("llmnr", "LLMNR")].iter().map(|(v, n)| html! { <option value={*v} selected={*v == dialect}>{ *n }</option> }) }
                    </select>
                </label>
            </div>
            if let Some(e) = &ctx.error { <p class="error" role="alert">{ e }</p> }
        </section>
    }
}
