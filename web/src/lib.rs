//! dnslens in the browser: paste hex or drop a capture, see every byte explained.
//! Everything runs client-side; no byte leaves the page.

pub mod api;
pub mod components;
pub mod decode;
pub mod examples;
pub mod listing;
pub mod permalink;
pub mod spacer;
pub mod state;
pub mod theme;
pub mod tour;
pub mod view;

use gloo::events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use components::{
    detail::Detail,
    diagnostics::Diagnostics,
    export::Export,
    flags::FlagGrid,
    hex::Hex,
    input::{use_file_loader, Input},
    names::NameStrip,
    packets::Packets,
    tree::Tree,
};
use state::{Action, AppContext, Nav, State};

fn mount_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("panic"))
        {
            el.set_text_content(Some(&format!("dnslens hit an internal error — please report it; reload the page to continue. {info}")));
            let _ = el.set_attribute("class", "panic shown");
        }
    }));
}

/// Start the app in `#dnslens-root` (pages that only import `decode()` have none).
pub fn start() {
    mount_panic_hook();
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("dnslens-root"))
    {
        yew::Renderer::<App>::with_root(root).render();
    }
}

/// The engine's RFC 8427 model of the DNS message in `input` (text in any format the paste box
/// takes, or bytes), for the `decode()` JavaScript export.
pub fn decode_for_js(input: &JsValue) -> Result<JsValue, JsValue> {
    let bytes = if let Some(s) = input.as_string() {
        dnslens::input::parse(&s)
            .map_err(|e| JsValue::from_str(&e.to_string()))?
            .bytes
    } else {
        js_sys::Uint8Array::new(input).to_vec()
    };
    let d = dnslens::dissect(&bytes, None, Some(dnslens::Flavor::Dns));
    let dns = &bytes[d.dns_span.start..d.dns_span.end];
    rfc8427_value(&d.message, dns)
}

/// The message's RFC 8427 object as a JavaScript value: the engine's JSON text (the same
/// members as the command line's, from the one writer) read by the browser's own parser.
pub(crate) fn rfc8427_value(m: &dnslens::Message, dns: &[u8]) -> Result<JsValue, JsValue> {
    let mut json = String::new();
    dnslens::present::json::write(&mut json, m, dns);
    js_sys::JSON::parse(&json)
}

fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

fn open_hash(d: &UseReducerDispatcher<State>, nav: Nav) {
    let hash = location_hash();
    match permalink::decode(&hash) {
        Ok(Some(f)) => d.dispatch(Action::Open(f, nav)),
        Ok(None) if hash == "#embed" => d.dispatch(Action::EmptyEmbed),
        Ok(None) => d.dispatch(Action::Reset),
        Err(e) => d.dispatch(Action::BadLink(e.to_string(), hash.starts_with("#embed."))),
    }
}

/// The URL of a link (this page, with the fragment).
pub fn link_url(fragment: &str) -> String {
    let loc = web_sys::window().map(|w| w.location());
    let base = loc
        .and_then(|l| Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?)))
        .unwrap_or_default();
    format!("{base}#{fragment}")
}

/// The page: provides the state to every component, keeps the address bar and the history in
/// step with what is shown, and speaks the embed API.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| State {
        dark: theme::stored(),
        ..State::default()
    });
    // Open the link the page was loaded with, and follow back/forward.
    {
        let d = state.dispatcher();
        use_effect_with((), move |_| {
            open_hash(&d, Nav::Keep);
            let window = web_sys::window().expect("window");
            let d2 = d.clone();
            let pop = EventListener::new(&window, "popstate", move |_| open_hash(&d2, Nav::Keep));
            move || drop(pop)
        });
    }
    // Commands from a parent page. The listener outlives renders, so it reads the state through
    // a ref that every render refreshes (a captured handle would be a stale snapshot).
    let latest = use_mut_ref(|| (*state).clone());
    *latest.borrow_mut() = (*state).clone();
    {
        let d = state.dispatcher();
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("window");
            let listener = EventListener::new(&window, "message", move |e| {
                let Some(e) = wasm_bindgen::JsCast::dyn_ref::<web_sys::MessageEvent>(e) else {
                    return;
                };
                let Some(cmd) = api::Posted::from_js(&e.data()).command() else {
                    return;
                };
                let now = latest.borrow().clone();
                let acts = api::actions(cmd, &now);
                if acts.is_empty() {
                    // Nothing to change (or a `get`): re-render so the state is reported.
                    d.dispatch(Action::Select(now.selected.clone()));
                }
                for a in acts {
                    d.dispatch(a);
                }
            });
            move || drop(listener)
        });
    }
    // After each change: the address bar and history, then the report to a parent frame.
    {
        let s = (*state).clone();
        use_effect_with(state.clone(), move |_| {
            sync_history(&s);
            report_to_parent(&s);
        });
    }
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            if state.embed { <Embed /> } else { <Page /> }
        </ContextProvider<AppContext>>
    }
}

fn sync_history(s: &State) {
    if s.nav == Nav::Keep {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let frag = s.link().map(|l| permalink::encode_at(&l, s.embed, s.tour));
    let want = frag.as_deref().map_or(String::new(), |f| format!("#{f}"));
    if location_hash() == want {
        return;
    }
    let url = match &frag {
        Some(f) => format!("#{f}"),
        None => window.location().pathname().unwrap_or_default(),
    };
    let _ = match s.nav {
        // Inside a frame, new entries would land in the parent page's history: replace only.
        Nav::Push if frag.is_some() && !s.embed => {
            history.push_state_with_url(&JsValue::NULL, "", Some(&url))
        }
        _ => history.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
    };
}

fn report_to_parent(s: &State) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let height = window
        .document()
        .and_then(|d| d.document_element())
        .map_or(0.0, |e| e.scroll_height() as f64);
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    if let Ok(v) = serde::Serialize::serialize(&api::report(s, height), &ser) {
        let _ = parent.post_message(&v, "*");
    }
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &"dnslens:height".into());
    let _ = js_sys::Reflect::set(&msg, &"height".into(), &height.into());
    let _ = parent.post_message(&msg, "*");
}

#[function_component(Page)]
fn page() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    let load = use_file_loader();
    let on_drop = Callback::from(move |e: DragEvent| {
        e.prevent_default();
        if let Some(f) = e
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|l| l.get(0))
        {
            load.emit(f);
        }
    });
    let on_dragover = Callback::from(|e: DragEvent| e.prevent_default());
    let on_theme = {
        let d = ctx.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Theme))
    };
    html! {
        <div class={classes!("app", theme_class(&ctx))} ondrop={on_drop} ondragover={on_dragover}>
            <header>
                <h1>{ "dnslens" }</h1>
                <span class="tagline">{ "every byte of a DNS message, explained — nothing leaves your machine" }</span>
                <button class="theme" id="theme" onclick={on_theme} title="theme: follow the system, dark or light (remembered)">{ theme::label(ctx.dark) }</button>
            </header>
            <main>
            <Input />
            if let Some(n) = &ctx.notice { <p class="notice" role="status">{ n }</p> }
            if ctx.capture.is_some() { <Packets /> }
            if let Some(s) = &ctx.shown {
                <p class="summary" id="summary">{ &s.info }</p>
                <p class="note">{ &s.note }</p>
                { components::tour::start(&ctx) }
                <FlagGrid />
                <NameStrip />
                <div class="panes">
                    <section class="treepane" id="treepane" aria-labelledby="tree-h"><h2 id="tree-h" class="paneh">{ "Fields" }</h2><Tree /></section>
                    { components::splitter::splitter() }
                    <section class="hexpane" aria-labelledby="hex-h"><h2 id="hex-h" class="paneh">{ "Bytes" }</h2><Hex /><Legend /><Detail /></section>
                </div>
                <section class="diagpane"><h2>{ "Diagnostics" }</h2><Diagnostics /></section>
                <Export />
                { components::tour::panel(&ctx) }
            } else {
                <p class="empty">{ "Nothing decoded yet: paste bytes above, pick an example, or drop a capture file anywhere on the page." }</p>
            }
            </main>
            <div id="panic" class="panic" role="alert"></div>
        </div>
    }
}

fn theme_class(ctx: &AppContext) -> String {
    format!(
        "theme-{}",
        match ctx.dark {
            Some(true) => "dark",
            Some(false) => "light",
            None => "auto",
        }
    )
}

/// The compact, read-only view for iframes in course material.
#[function_component(Embed)]
fn embed() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    let full = ctx
        .link()
        .map(|l| format!("./#{}", permalink::encode_at(&l, false, ctx.tour)))
        .unwrap_or_else(|| "./".into());
    // The compact options a teacher adds to the frame's address: `?hide=hex,layers,flags`.
    let hide = crate::view::page_option("hide").unwrap_or_default();
    let off = |what: &'static str, class: &'static str| {
        hide.split(',').any(|h| h == what).then_some(class)
    };
    html! {
        <main class={classes!("app", "embed", theme_class(&ctx), off("hex", "no-hex"), off("layers", "no-layers"), off("flags", "no-flags"))}>
            <h1 class="sr-only">{ "dnslens: a DNS message, byte by byte" }</h1>
            if let Some(e) = &ctx.error { <p class="error" role="alert">{ e }</p> }
            if let Some(s) = &ctx.shown {
                <p class="summary" id="summary">{ &s.info }</p>
                { components::tour::start(&ctx) }
                { components::tour::panel(&ctx) }
                <FlagGrid />
                <NameStrip />
                <section class="treepane"><Tree /></section>
                <section class="hexpane"><Hex /><Legend /><Detail /></section>
                if !s.diagnostics.is_empty() { <section class="diagpane"><Diagnostics /></section> }
            }
            <p class="open-full"><a href={full} target="_blank" rel="noopener">{ "open in dnslens ↗" }</a></p>
            <div id="panic" class="panic" role="alert"></div>
        </main>
    }
}

#[function_component(Legend)]
fn legend() -> Html {
    let items = [
        ("k-id", "ID"),
        ("k-flags", "flags"),
        ("k-count", "counts"),
        ("k-len", "label length"),
        ("k-label", "label text"),
        ("k-ptr", "pointer"),
        ("k-type", "type"),
        ("k-class", "class"),
        ("k-ttl", "TTL"),
        ("k-rdlen", "RDLENGTH"),
        ("k-rdata", "RDATA"),
        ("k-opt", "EDNS option"),
        ("k-layer", "lower layers"),
        ("k-trailing", "unexplained"),
    ];
    html! { <p class="legend" aria-label="what the colours and marks of the bytes mean">{ for items.iter().map(|(c, n)| html! { <span class={classes!("b", *c)}>{ *n }</span> }) }</p> }
}
