//! Paste box, file picker, examples, and the layer/dialect overrides.

use dnslens::Flavor;
use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::Blob;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::examples::EXAMPLES;
use crate::listing::{Capture, Listing, Status};
use crate::state::{Action, AppContext, STARTS};

/// First slice of a file: small, so the first rows show at once.
const FIRST_SLICE: u64 = 1 << 20;
/// Later slices: large enough that reading costs little, small enough that the page paints and
/// the Stop button answers between them.
const SLICE: u64 = 4 << 20;

/// Read a dropped or picked file slice by slice, listing each slice as it arrives. A new file
/// stops the listing of the previous one.
#[hook]
pub fn use_file_loader() -> Callback<web_sys::File> {
    let ctx = use_context::<AppContext>().expect("state context");
    let current = use_mut_ref(|| None::<Capture>);
    Callback::from(move |file: web_sys::File| {
        let name = file.name();
        let listing = match Listing::new(&name, file.size() as usize) {
            Ok(l) => l,
            Err(e) => return ctx.dispatch(Action::FileError(e)),
        };
        if let Some(old) = current.borrow_mut().take() {
            old.0.borrow_mut().stop();
        }
        let cap = Capture(Rc::new(RefCell::new(listing)));
        *current.borrow_mut() = Some(cap.clone());
        yew::platform::spawn_local(load(Blob::from(file), cap, ctx.dispatcher()));
    })
}

async fn load(blob: Blob, cap: Capture, d: UseReducerDispatcher<crate::state::State>) {
    let size = blob.size();
    let mut at = 0;
    loop {
        let end = (at + if at == 0 { FIRST_SLICE } else { SLICE }).min(size);
        let read = gloo::file::futures::read_as_bytes(&blob.slice(at, end)).await;
        if cap.0.borrow().status != Status::Reading {
            return; // stopped while the slice was read
        }
        let bytes = match read {
            Ok(b) => b,
            Err(e) => {
                let mut l = cap.0.borrow_mut();
                l.stop();
                let msg = format!("could not read {} past byte {at}: {e}", l.name);
                drop(l);
                d.dispatch(Action::FileError(msg));
                d.dispatch(Action::Progress(cap));
                return;
            }
        };
        cap.0.borrow_mut().push(&bytes);
        let status = cap.0.borrow().status.clone();
        if at == 0 {
            if let Status::Failed(e) = status {
                return d.dispatch(Action::FileError(e));
            }
            d.dispatch(Action::Loading(cap.clone()));
        } else {
            d.dispatch(Action::Progress(cap.clone()));
        }
        at = end;
        if status != Status::Reading || at >= size {
            return;
        }
    }
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
