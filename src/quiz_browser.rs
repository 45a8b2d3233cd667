//! The quiz page's effects on the browser: its local-storage key, a fresh seed, the URL, the
//! message to an embedding page, printing. Everything else of the quiz is pure.

use crate::quiz_progress::{Progress, Recovery, STORAGE_KEY};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Math.random()`: only for a new quiz's seed, never for the quiz's content.
    #[wasm_bindgen(js_namespace = Math)]
    fn random() -> f64;

    /// `JSON.parse`: the result message is posted as an object, not as text.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_json(text: &str) -> Result<JsValue, JsValue>;
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// The stored progress; an unreadable store (private browsing) is an empty one. Only
/// [`STORAGE_KEY`] is read.
pub fn load_progress() -> (Progress, Recovery) {
    let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    Progress::decode(stored.as_deref())
}

/// Stores the progress under [`STORAGE_KEY`]: whether it was stored. A refused write (storage
/// blocked, as in a course page's frame with third-party storage off, or full) keeps it for
/// this visit only.
pub fn save_progress(progress: &Progress) -> bool {
    storage().is_some_and(|storage| storage.set_item(STORAGE_KEY, &progress.encode()).is_ok())
}

/// Removes [`STORAGE_KEY`], and nothing else.
pub fn clear_progress() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

/// A seed for a new quiz link: short enough to read out to a class (1 to 999999).
pub fn new_seed() -> u32 {
    (random() * 999_999.0) as u32 + 1
}

/// Replaces the URL's hash without a new history entry (the page then reads the new route).
pub fn replace_hash(href: &str) {
    if let Some(window) = window() {
        let _ = window.location().replace(href);
    }
}

/// Posts the result (`json`, an object) to the embedding page, if the app runs in a frame.
/// Any origin may receive it ("*"): it holds the quiz's answers and nothing secret.
pub fn post_to_parent(json: &str) {
    let Some(window) = window() else { return };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let this: &JsValue = window.as_ref();
    let parent_value: &JsValue = parent.as_ref();
    if parent_value == this {
        return;
    }
    if let Ok(message) = parse_json(json) {
        let _ = parent.post_message(&message, "*");
    }
}

/// Opens the browser's print dialog (the print stylesheet shows the summary).
pub fn print() {
    if let Some(window) = window() {
        let _ = window.print();
    }
}
