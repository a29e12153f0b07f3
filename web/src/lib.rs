//! dnslens in the browser: paste hex or drop a capture, see every byte explained.
//! Everything runs client-side; no byte leaves the page.

pub mod components;
pub mod decode;
pub mod state;
pub mod view;

use gloo::file::callbacks::FileReader;
use gloo::file::File;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use components::{diagnostics::Diagnostics, hex::Hex, packets::Packets, tree::Tree};
use state::{Action, State};

/// The seed NXDOMAIN packet as tcpdump printed it (offset column and ASCII gutter included).
pub const EXAMPLE_NXDOMAIN: &str = "0x0000 4500 0082 d9eb 0000 3a11 f873 c0a8 01c8 E.......:..s..e.
0x0010 c0a8 0164 0035 0268 006e ba41 ea1a 8183 .....5.h.n.A....
0x0020 0001 0000 0001 0000 0133 0234 3503 3139 .........3.45.19
0x0030 3103 3230 3605 646e 7362 6c05 736f 7262 1.206.dnsbl.sorb
0x0040 7303 6e65 7400 0001 0001 c019 0006 0001 s.net...........
0x0050 0000 0e10 002c 0772 626c 646e 7330 c01f .....,.rbldns0..
0x0060 0364 6e73 0469 7375 7803 636f 6d00 431c .dns.isux.com.C.
0x0070 e07e 0000 1c20 0000 1c20 0009 3a80 0000 .~..........:...
0x0080 0e10 ..";

const EXAMPLES: &[(&str, &str)] = &[
    ("NXDOMAIN with SOA (seed tcpdump dump)", EXAMPLE_NXDOMAIN),
    ("Hand-made query for citadel.com (seed)", "010000000001000000000000076369746164656C03636F6D0000010001"),
    ("HTTPS record with ECH (defo.ie)", "f74b81a00001000100000001046465666f0269650000410001c00c00410001000006ff00e500010000040004d56c6c65000500c200c0fe0d003c6a00200020ae635f6d481e136f9727547c3d782123eb6f68ff0853260332b0db33a0ceca4a000400010001000d636f7665722e6465666f2e69650000fe0d003c4700200020f089e6c9b3bbfdf890a83037d1bb3acd4e131247076371313a054e9a920f716a000400010001000d636f7665722e6465666f2e69650000fe0d003c2200200020ee022d9efd4ca231257bdb845d77050a3b9fcfee997597088e1dc9d9cd7e3a05000400010001000d636f7665722e6465666f2e69650000000600102a00c6c00000011600050000000000100000290200000000000000"),
    ("Answers from Google (A/AAAA/MX)", "1a2d81800001000c0000000106676f6f676c6503636f6d0000010001c00c000100010000012b0004d8c5f2f4c00c000100010000012b0004d8c5f2d9c00c000100010000012b0004d8c5f2d8c00c000100010000012b0004d8c5f2d2c00c000100010000012b0004d8c5f2edc00c000100010000012b0004d8c5f2e7c00c000100010000012b0004d8c5f2eec00c000100010000012b0004d8c5f2e6c00c000100010000012b0004d8c5f2e0c00c000100010000012b0004d8c5f2fbc00c000100010000012b0004d8c5f2dfc00c000100010000012b0004d8c5f2f50000290200000000000000"),
    ("Compression loop (malformed)", "ed6900000001000000000000c00cc007c010c017c020c027c030c0ffcf000000010001"),
];

fn mount_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(el) = doc.get_element_by_id("panic") {
                el.set_text_content(Some(&format!(
                    "dnslens hit an internal error; please report it. {info}"
                )));
                let _ = el.set_attribute("class", "panic shown");
            }
        }
    }));
}

/// Start the app.
pub fn start() {
    mount_panic_hook();
    yew::Renderer::<App>::new().render();
}

/// The page.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let reader = use_mut_ref(|| None::<FileReader>);

    let on_input = {
        let state = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            {
                state.dispatch(Action::Text(t.value()));
            }
        })
    };
    let load_file = {
        let state = state.dispatcher();
        let reader = reader.clone();
        Callback::from(move |file: web_sys::File| {
            let name = file.name();
            let file = File::from(file);
            let d = state.clone();
            *reader.borrow_mut() =
                Some(gloo::file::callbacks::read_as_bytes(
                    &file,
                    move |res| match res {
                        Ok(bytes) => d.dispatch(Action::File(name, bytes)),
                        Err(e) => {
                            d.dispatch(Action::Text(format!("# could not read the file: {e}")))
                        }
                    },
                ));
        })
    };
    let on_file = {
        let load = load_file.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(f) = input.files().and_then(|l| l.get(0)) {
                load.emit(f);
            }
        })
    };
    let on_drop = {
        let load = load_file.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(f) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|l| l.get(0))
            {
                load.emit(f);
            }
        })
    };
    let on_dragover = Callback::from(|e: DragEvent| e.prevent_default());
    let on_example = {
        let state = state.dispatcher();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some((_, hex)) = sel
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| EXAMPLES.get(i))
            {
                state.dispatch(Action::Text(hex.to_string()));
            }
        })
    };
    let on_select = {
        let state = state.dispatcher();
        Callback::from(move |p: Vec<usize>| state.dispatch(Action::Select(Some(p))))
    };
    let on_pick = {
        let state = state.dispatcher();
        Callback::from(move |i: usize| state.dispatch(Action::Row(i)))
    };
    let on_theme = {
        let state = state.dispatcher();
        Callback::from(move |_| state.dispatch(Action::Theme))
    };
    let theme = match state.dark {
        Some(true) => "dark",
        Some(false) => "light",
        None => "auto",
    };

    html! {
        <div class={classes!("app", format!("theme-{theme}"))} ondrop={on_drop} ondragover={on_dragover}>
            <header>
                <h1>{ "dnslens" }</h1>
                <span class="tagline">{ "every byte of a DNS message, explained — nothing leaves your machine" }</span>
                <button class="theme" onclick={on_theme} aria-label="switch light/dark theme">{ "◐ theme" }</button>
            </header>
            <section class="input">
                <label for="paste">{ "Paste hex, a tcpdump/Wireshark/xxd dump, a byte array or base64:" }</label>
                <textarea id="paste" spellcheck="false" value={state.text.clone()} oninput={on_input} rows="6"
                    placeholder="ea1a 8183 0001 0000 0001 0000 ..."></textarea>
                <div class="controls">
                    <label class="file">{ "…or open a pcap/pcapng file " }<input id="file" type="file" onchange={on_file} /></label>
                    <select id="examples" onchange={on_example} aria-label="examples">
                        <option value="">{ "Examples…" }</option>
                        { for EXAMPLES.iter().enumerate().map(|(i, (n, _))| html! { <option value={i.to_string()}>{ *n }</option> }) }
                    </select>
                </div>
                if let Some(e) = &state.error { <p class="error" role="alert">{ e }</p> }
            </section>
            if !state.rows.is_empty() { <Packets rows={state.rows.clone()} on_pick={on_pick} /> }
            if let Some(s) = &state.shown {
                <p class="summary" id="summary">{ &s.info }</p>
                <p class="note">{ &s.start_note }</p>
                <div class="panes">
                    <section class="treepane"><Tree root={s.tree.clone()} selected={state.selected.clone()} on_select={on_select.clone()} /></section>
                    <section class="hexpane"><Hex bytes={s.bytes.clone()} root={s.tree.clone()} selected={state.selected.clone()} on_select={on_select} /></section>
                </div>
                <section class="diagpane"><h2>{ "Diagnostics" }</h2><Diagnostics items={s.diagnostics.clone()} /></section>
            } else {
                <p class="empty">{ "Nothing decoded yet: paste bytes above, pick an example, or drop a capture file anywhere on the page." }</p>
            }
            <div id="panic" class="panic" role="alert"></div>
        </div>
    }
}
