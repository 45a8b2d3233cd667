//! The share and embed features' effects on the browser: the page's own address, the
//! clipboard, the modal dialog, and the height message to a course page that embeds the app.
//! The browser APIs web-sys would need features for are bound here directly.

use crate::quiz_browser::post_to_parent;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `navigator.clipboard.writeText`: throws where there is no clipboard (an insecure page).
    #[wasm_bindgen(js_namespace = ["navigator", "clipboard"], js_name = writeText, catch)]
    fn write_text(text: &str) -> Result<Promise, JsValue>;

    /// A promise, for its `then`.
    type Promise;
    #[wasm_bindgen(method)]
    fn then(this: &Promise, ok: &JsValue, err: &JsValue) -> Promise;

    type ResizeObserver;
    #[wasm_bindgen(constructor)]
    fn new(callback: &Closure<dyn FnMut()>) -> ResizeObserver;
    #[wasm_bindgen(method)]
    fn observe(this: &ResizeObserver, target: &web_sys::Element);
    #[wasm_bindgen(method)]
    fn disconnect(this: &ResizeObserver);

    /// `HTMLDialogElement`: `showModal` makes the rest of the page inert and Escape closes it.
    type Dialog;
    #[wasm_bindgen(method, js_name = showModal, catch)]
    fn show_modal(this: &Dialog) -> Result<(), JsValue>;
    #[wasm_bindgen(method)]
    fn close(this: &Dialog);
}

/// The page's address with `hash` instead of its own: a link that opens the same build from
/// wherever it is hosted (any sub-path, or a file).
pub fn page_url(hash: &str) -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}{hash}")
}

/// Writes `text` to the clipboard and tells `done` whether it worked: `false` where the
/// browser refuses (no permission, an insecure page, a frame not allowed to).
pub fn copy_text(text: &str, done: Callback<bool>) {
    match write_text(text) {
        Ok(promise) => {
            // Whichever handler does not run stays allocated: a few bytes per click.
            let ok = done.clone();
            let ok = Closure::once_into_js(move |_: JsValue| ok.emit(true));
            let err = Closure::once_into_js(move |_: JsValue| done.emit(false));
            promise.then(&ok, &err);
        }
        Err(_) => done.emit(false),
    }
}

/// Opens the `<dialog>` `node` holds as a modal dialog.
pub fn open_dialog(node: &NodeRef) {
    if let Some(dialog) = node.get() {
        // A dialog already open throws: it stays open, which is what was asked.
        let _ = dialog.unchecked_into::<Dialog>().show_modal();
    }
}

/// Closes the `<dialog>` `node` holds.
pub fn close_dialog(node: &NodeRef) {
    if let Some(dialog) = node.get() {
        dialog.unchecked_into::<Dialog>().close();
    }
}

/// The height message a course page listens for.
fn height_message(height: i32) -> String {
    format!(r#"{{"type":"kafka-lab:height","height":{height}}}"#)
}

/// Posts the height of the element `node` holds to the embedding page when it is first shown
/// and whenever it changes (a `ResizeObserver` on it), so the page can size its iframe to
/// the content.
#[hook]
pub fn use_height_to_parent(node: NodeRef) {
    use_effect_with(node, |node| {
        let element = node.cast::<web_sys::HtmlElement>();
        let observer = element.map(|element| {
            let last = std::cell::Cell::new(-1);
            let target = element.clone();
            let report = std::rc::Rc::new(move || {
                let height = target.offset_top() + target.offset_height();
                if height != last.replace(height) {
                    post_to_parent(&height_message(height));
                }
            });
            // Now: Chrome runs no observer in a cross-origin frame out of view (a lazy iframe
            // below the fold) until it comes into view, and the course page needs a height.
            report();
            let callback = Closure::<dyn FnMut()>::new(move || report());
            let observer = ResizeObserver::new(&callback);
            observer.observe(&element);
            (observer, callback)
        });
        move || {
            if let Some((observer, callback)) = observer {
                observer.disconnect();
                drop(callback);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_height_message_is_the_documented_object() {
        assert_eq!(
            super::height_message(812),
            r#"{"type":"kafka-lab:height","height":812}"#
        );
    }
}
