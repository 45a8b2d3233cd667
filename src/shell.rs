//! The page as it loads (issue 15's page budget): the site around the home view, in a wasm
//! module of its own (the `kafka-lab` binary) that holds no lesson, no quiz and no engine but
//! the home view's partitioner and assignor. Every other page is in the app module (the
//! `kafka-lab-app` binary), which index.html's loader (`window.kafkaLab`) fetches from the
//! page's own folder once the home view is painted. When the student leaves home, or opens a
//! link to another page, the shell hands the page over to the app module.

use crate::components::app::{Pages, Site};
use crate::components::{app_loader::AppLoader, home::Home};
use crate::route::Route;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, js_sys::Promise};
use yew::AppHandle;
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Fetches and instantiates the app module, once.
    #[wasm_bindgen(js_namespace = kafkaLab, js_name = loadApp, catch)]
    fn load_app() -> Result<Promise, JsValue>;
    /// Starts loading the app module once the page has painted, so leaving home is instant.
    #[wasm_bindgen(js_namespace = kafkaLab, js_name = prefetchApp, catch)]
    fn prefetch_app() -> Result<(), JsValue>;
    /// Calls `callback` once the page's first paint is on screen and its next frame is painted.
    #[wasm_bindgen(js_namespace = kafkaLab, js_name = afterPaint, catch)]
    fn after_paint(callback: &JsValue) -> Result<(), JsValue>;
    /// Mounts the loaded app module's root on the page's `<body>`.
    #[wasm_bindgen(js_namespace = kafkaLab, js_name = mountApp, catch)]
    fn mount_app() -> Result<(), JsValue>;
}

/// The shell's pages: home, and for any other route a note while the app module loads.
pub struct ShellPages;

impl Pages for ShellPages {
    fn page(route: &Route) -> Html {
        match route {
            Route::Home => html! { <Home /> },
            _ => html! { <AppLoader /> },
        }
    }
}

thread_local! {
    /// The shell's root, until it hands the page over.
    static SHELL: RefCell<Option<AppHandle<Site<ShellPages>>>> = const { RefCell::new(None) };
}

/// Mounts the shell on the page's `<body>`, in place of the home view prerendered into
/// index.html at build time (scripts/prerender.mjs), and starts loading the app module.
pub fn start() {
    // A prerendered home view is on screen already: the shell takes over once it is painted,
    // so that the shell's first render does not hold up the page's first paint.
    if prerendered_copy().is_some() && after_paint(&Closure::once_into_js(take_over)).is_ok() {
        return;
    }
    take_over();
}

fn take_over() {
    while let Some(copy) = prerendered_copy() {
        copy.remove();
    }
    let shell = yew::Renderer::<Site<ShellPages>>::new().render();
    SHELL.with_borrow_mut(|slot| *slot = Some(shell));
    // Without the loader (a page built without it) home still works; other pages say so.
    let _ = prefetch_app();
}

/// The prerendered home view, while it is in the page.
fn prerendered_copy() -> Option<web_sys::Element> {
    web_sys::window()?
        .document()?
        .query_selector("[data-prerendered]")
        .ok()?
}

/// Loads the app module, then removes the shell and mounts the app in its place (the route and
/// the language are in the URL and the browser's storage, so the app opens the same page).
/// Returns whether the app module could be loaded.
pub async fn hand_over() -> bool {
    let Ok(loading) = load_app() else {
        return false;
    };
    if JsFuture::from(loading).await.is_err() {
        return false;
    }
    if let Some(shell) = SHELL.with_borrow_mut(Option::take) {
        shell.destroy();
        return mount_app().is_ok();
    }
    true
}
