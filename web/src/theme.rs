//! The theme choice, remembered in the browser's local storage (nothing leaves the machine).

const KEY: &str = "dnslens-theme";

/// The remembered choice: `Some(true)` dark, `Some(false)` light, `None` follow the system.
pub fn stored() -> Option<bool> {
    let s = web_sys::window()?.local_storage().ok()??;
    match s.get_item(KEY).ok()??.as_str() {
        "dark" => Some(true),
        "light" => Some(false),
        _ => None,
    }
}

/// Remember `dark` (a private window without storage just forgets).
pub fn store(dark: Option<bool>) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = match dark {
            Some(true) => s.set_item(KEY, "dark"),
            Some(false) => s.set_item(KEY, "light"),
            None => s.remove_item(KEY),
        };
    }
}

/// The button's text: what is in force, and that a click changes it.
pub fn label(dark: Option<bool>) -> &'static str {
    match dark {
        None => "◐ theme: system",
        Some(true) => "● theme: dark",
        Some(false) => "○ theme: light",
    }
}

/// The button's cycle, follow the system → dark → light → follow the system: the next choice,
/// remembered (the one place the choice changes, so the one place it is stored).
pub fn cycle(dark: Option<bool>) -> Option<bool> {
    let next = match dark {
        None => Some(true),
        Some(true) => Some(false),
        Some(false) => None,
    };
    store(next);
    next
}
