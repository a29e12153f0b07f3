//! The web app's entry point, plus the `decode()` export for pages that want the data itself.

use wasm_bindgen::prelude::*;

// SAFETY: the page runs its wasm on one thread only (no workers share this memory), which is what
// `new_global` requires.
#[cfg(target_family = "wasm")]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

fn main() {
    dnslens_web::start();
}

/// `decode(hexOrBytes)`: the engine's model of a DNS message as a plain object, with the same
/// members as `dnslens decode --format json`.
#[wasm_bindgen]
pub fn decode(input: JsValue) -> Result<JsValue, JsValue> {
    dnslens_web::decode_for_js(&input)
}
