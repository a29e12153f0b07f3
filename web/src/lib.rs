//! dnslens in the browser: paste hex or drop a capture, see every byte explained.
//! Everything runs client-side; no byte leaves the page.

pub mod components;
pub mod decode;
pub mod examples;
pub mod spacer;
pub mod state;
pub mod view;

use yew::prelude::*;

use components::{
    diagnostics::Diagnostics,
    export::Export,
    flags::FlagGrid,
    hex::Hex,
    input::{use_file_loader, Input},
    names::NameStrip,
    packets::Packets,
    tree::Tree,
};
use state::{Action, AppContext, State};

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

/// Start the app.
pub fn start() {
    mount_panic_hook();
    yew::Renderer::<App>::new().render();
}

/// The page: provides the state to every component.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    html! {
        <ContextProvider<AppContext> context={state}>
            <Page />
        </ContextProvider<AppContext>>
    }
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
    let theme = match ctx.dark {
        Some(true) => "dark",
        Some(false) => "light",
        None => "auto",
    };
    html! {
        <div class={classes!("app", format!("theme-{theme}"))} ondrop={on_drop} ondragover={on_dragover}>
            <header>
                <h1>{ "dnslens" }</h1>
                <span class="tagline">{ "every byte of a DNS message, explained — nothing leaves your machine" }</span>
                <button class="theme" onclick={on_theme} aria-label="switch between light and dark theme">{ "◐ theme" }</button>
            </header>
            <Input />
            if !ctx.rows.is_empty() { <Packets /> }
            if let Some(s) = &ctx.shown {
                <p class="summary" id="summary">{ &s.info }</p>
                <p class="note">{ &s.note }</p>
                <FlagGrid />
                <NameStrip />
                <div class="panes">
                    <section class="treepane"><Tree /></section>
                    <section class="hexpane"><Hex /><Legend /></section>
                </div>
                <section class="diagpane"><h2>{ "Diagnostics" }</h2><Diagnostics /></section>
                <Export />
            } else {
                <p class="empty">{ "Nothing decoded yet: paste bytes above, pick an example, or drop a capture file anywhere on the page." }</p>
            }
            <div id="panic" class="panic" role="alert"></div>
        </div>
    }
}

#[function_component(Legend)]
fn legend() -> Html {
    let items = [
        ("k-id", "ID"),
        ("k-flags", "flags"),
        ("k-count", "counts"),
        ("k-len", "label length (underlined)"),
        ("k-label", "label text"),
        ("k-ptr", "pointer (italic)"),
        ("k-type", "type"),
        ("k-class", "class"),
        ("k-ttl", "TTL"),
        ("k-rdlen", "RDLENGTH"),
        ("k-rdata", "RDATA"),
        ("k-opt", "EDNS option"),
        ("k-layer", "lower layers"),
        ("k-trailing", "unexplained (struck)"),
    ];
    html! { <p class="legend">{ for items.iter().map(|(c, n)| html! { <span class={classes!("b", *c)}>{ *n }</span> }) }</p> }
}
