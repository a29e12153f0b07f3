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
/// Later slices, and the reusable stream buffer: large enough that reading costs little, small
/// enough that the page paints and the Stop button answers between them.
const SLICE: u64 = 4 << 20;
/// How often the packet list is redrawn while a file is read (ms).
const REDRAW_MS: f64 = 100.0;

type Dispatch = UseReducerDispatcher<crate::state::State>;

/// Read a dropped or picked file piece by piece, listing each piece as it arrives. A new file
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
        yew::platform::spawn_local(load(file, cap, ctx.dispatcher()));
    })
}

/// Tells the page how far the listing has got: the first piece opens the list, later ones
/// redraw it at most every [`REDRAW_MS`].
struct Reporter {
    cap: Capture,
    d: Dispatch,
    started: bool,
    last: f64,
}

impl Reporter {
    /// After a piece was listed: report, let the page paint and answer clicks, and say whether
    /// to go on.
    async fn after_piece(&mut self) -> bool {
        let first = !self.started;
        let go_on = self.report();
        if go_on {
            // The first rows are worth a frame of their own; later pieces just give the browser
            // its turn.
            next_task(first).await;
        }
        go_on
    }

    fn report(&mut self) -> bool {
        let status = self.cap.0.borrow().status.clone();
        let now = js_sys::Date::now();
        if !self.started {
            self.started = true;
            self.last = now;
            if let Status::Failed(e) = status {
                // A file of text the paste box reads goes there, as if pasted.
                let text = self.cap.0.borrow().text().map(String::from);
                self.d.dispatch(match text {
                    Some(t) => Action::Text(t, true),
                    None => Action::FileError(e),
                });
                return false;
            }
            self.d.dispatch(Action::Loading(self.cap.clone()));
        } else if status != Status::Reading || now - self.last >= REDRAW_MS {
            self.last = now;
            self.d.dispatch(Action::Progress(self.cap.clone()));
        }
        status == Status::Reading
    }

    fn stopped(&self) -> bool {
        self.cap.0.borrow().status != Status::Reading
    }

    fn failed(&mut self, why: String) {
        let mut l = self.cap.0.borrow_mut();
        l.stop();
        let msg = format!("could not read {} past byte {}: {why}", l.name, l.loaded());
        drop(l);
        self.d.dispatch(Action::FileError(msg));
        if self.started {
            self.d.dispatch(Action::Progress(self.cap.clone()));
        }
    }
}

/// Wait for the browser's next task (after its next frame when `frame`), so that it can paint
/// and handle clicks: a chain of resolved promises alone would keep it busy until the whole file
/// is read.
async fn next_task(frame: bool) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let fallback = resolve.clone();
        let queued = web_sys::window().map(|w| {
            if frame {
                // requestAnimationFrame runs just before painting; the timeout after it runs
                // once the frame is out.
                let after = wasm_bindgen::closure::Closure::once_into_js(move || {
                    if let Some(w) = web_sys::window() {
                        let _ = w.set_timeout_with_callback(&resolve);
                    }
                });
                w.request_animation_frame(after.unchecked_ref())
            } else {
                w.set_timeout_with_callback(&resolve)
            }
        });
        if !matches!(queued, Some(Ok(_))) {
            // No window to wait on: go on at once rather than never.
            let _ = fallback.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

async fn load(file: web_sys::File, cap: Capture, d: Dispatch) {
    let mut rep = Reporter {
        cap,
        d,
        started: false,
        last: 0.0,
    };
    // A byte stream read into one reused buffer leaves no garbage behind, so memory stays near
    // the file's size; browsers without one get slices instead.
    match web_sys::ReadableStreamByobReader::new(&file.stream()) {
        Ok(reader) => {
            if let Err(e) = from_stream(&reader, &mut rep).await {
                rep.failed(e);
            }
            let _ = reader.cancel();
        }
        Err(_) => from_slices(Blob::from(file), &mut rep).await,
    }
}

async fn from_stream(
    reader: &web_sys::ReadableStreamByobReader,
    rep: &mut Reporter,
) -> Result<(), String> {
    let mut buf = js_sys::ArrayBuffer::new(SLICE as u32);
    loop {
        if rep.stopped() {
            return Ok(());
        }
        // The first read is small, so that the first rows show at once.
        let want = if rep.started { SLICE } else { FIRST_SLICE };
        let view = js_sys::Uint8Array::new_with_byte_offset_and_length(&buf, 0, want as u32);
        let got = wasm_bindgen_futures::JsFuture::from(reader.read_with_array_buffer_view(&view))
            .await
            .map_err(|e| {
                e.as_string()
                    .unwrap_or_else(|| "the browser refused".into())
            })?;
        let field = |k: &str| js_sys::Reflect::get(&got, &k.into()).ok();
        let done = field("done").and_then(|v| v.as_bool()).unwrap_or(true);
        let value = field("value").and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok());
        if let Some(v) = &value {
            buf = v.buffer(); // the read hands the buffer back: use it again
            if v.length() > 0 && !rep.stopped() {
                rep.cap
                    .0
                    .borrow_mut()
                    .push_with(v.length() as usize, |dst| v.copy_to(dst));
                if !rep.after_piece().await {
                    return Ok(());
                }
            }
        }
        if done || value.is_none() {
            rep.cap.0.borrow_mut().finish();
            rep.report();
            return Ok(());
        }
    }
}

async fn from_slices(blob: Blob, rep: &mut Reporter) {
    let size = blob.size();
    let mut at = 0;
    while at < size || at == 0 {
        let end = (at + if at == 0 { FIRST_SLICE } else { SLICE }).min(size);
        let read = gloo::file::futures::read_as_bytes(&blob.slice(at, end)).await;
        if rep.stopped() {
            return;
        }
        match read {
            Ok(bytes) => rep.cap.0.borrow_mut().push(&bytes),
            Err(e) => return rep.failed(e.to_string()),
        }
        at = end;
        if !rep.after_piece().await {
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
