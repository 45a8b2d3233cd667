//! The page as it loads (issue 15's page budget): the site around the home view, in a wasm
//! module of its own (the `kafka-lab` binary) that holds no lesson, no quiz and no engine but
//! the home view's partitioner and assignor. Every other page is in one of two more modules
//! (both listed in [`Module`]): the lessons and the quiz (the `kafka-lab-app` binary), which
//! index.html's loader (`window.kafkaLab`) fetches from the page's own folder once the home view
//! is painted, and the playground (the `kafka-lab-playground` binary: its scenario files' JSON
//! reader and its editor), fetched when it is opened. When the student opens a page another
//! module holds, the module on screen hands the page over to it ([`hand_over`]).
//!
//! The shell is for home only: a page opened on any other route (a link to a lesson's moment, an
//! embed, the quiz, the playground) never fetches it, but the module that holds it
//! ([`Module::of`]), which index.html's `kafkaLab.openDirect` loads and mounts at once, showing
//! the [`AppLoader`]'s words meanwhile (in a release build: scripts/prerender.mjs makes Trunk's
//! loader of the shell conditional on the route, and drops its preloads).

use crate::components::app::{Pages, Site};
use crate::components::{app_loader::AppLoader, home::Home};
use crate::i18n::Lang;
use crate::route::Route;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, js_sys::Promise};
use yew::AppHandle;
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Fetches and instantiates a module ([`Module::name`]), once.
    #[wasm_bindgen(js_namespace = kafkaLab, js_name = load, catch)]
    fn load(module: &str) -> Result<Promise, JsValue>;
    /// Starts loading the app module once the page has painted, so leaving home is instant.
    #[wasm_bindgen(js_namespace = kafkaLab, js_name = prefetchApp, catch)]
    fn prefetch_app() -> Result<(), JsValue>;
    /// Mounts a loaded module's root ([`Module::name`]) on the page's `<body>`.
    #[wasm_bindgen(js_namespace = kafkaLab, js_name = mount, catch)]
    fn mount(module: &str) -> Result<(), JsValue>;
}

/// The modules that the page loads later, each holding some of the pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Module {
    /// Every page but the playground (home too): the lessons, their engine, the quiz.
    App,
    /// The playground, with the engine and the scenario files' reader and writer.
    Playground,
}

impl Module {
    /// The module's name in index.html's loader.
    fn name(self) -> &'static str {
        match self {
            Module::App => "app",
            Module::Playground => "playground",
        }
    }

    /// The module that holds the page `route` names (home is in the shell, and in the app).
    /// index.html's `kafkaLab.direct` makes the same choice for the page's first route.
    pub fn of(route: &Route) -> Module {
        match route {
            Route::Playground(_) => Module::Playground,
            _ => Module::App,
        }
    }
}

/// The shell's pages: home, and for any other route a note while its module loads.
pub struct ShellPages;

impl Pages for ShellPages {
    fn page(route: &Route, _: Lang) -> Html {
        match route {
            Route::Home => html! { <Home /> },
            _ => html! { <AppLoader module={Module::of(route)} /> },
        }
    }
}

/// Destroys the root of the module it was made in.
type Unmount = Box<dyn FnOnce()>;

thread_local! {
    /// This module's root, while it is on screen (each module has its own).
    static ROOT: RefCell<Option<Unmount>> = const { RefCell::new(None) };
}

/// Mounts `C` on the page's `<body>` as this module's root, which [`hand_over`] destroys when
/// another module takes the page over.
pub fn mount_root<C: BaseComponent<Properties = ()>>() {
    let root: AppHandle<C> = yew::Renderer::<C>::new().render();
    let unmount: Unmount = Box::new(move || root.destroy());
    ROOT.with_borrow_mut(|slot| *slot = Some(unmount));
}

/// Mounts the shell on the page's `<body>`, in place of the home view prerendered into
/// index.html at build time (scripts/prerender.mjs), and starts loading the app module. With a
/// prerendered home view, Trunk's loader fetches and starts the shell only once that view is
/// painted (index.html's `kafkaLab.shellStart`), so the shell never holds it up.
pub fn start() {
    while let Some(copy) = prerendered_copy() {
        copy.remove();
    }
    mount_root::<Site<ShellPages>>();
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

/// Loads `module`, then removes this module's root and mounts `module`'s in its place (the
/// route and the language are in the URL and the browser's storage, so it opens the same page).
/// Returns whether `module` could be loaded.
pub async fn hand_over(module: Module) -> bool {
    let Ok(loading) = load(module.name()) else {
        return false;
    };
    if JsFuture::from(loading).await.is_err() {
        return false;
    }
    // Gone already if this module's root was destroyed meanwhile (handed over already).
    if let Some(unmount) = ROOT.with_borrow_mut(Option::take) {
        unmount();
        return mount(module.name()).is_ok();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Text, t};

    /// A page opened on another route than home shows index.html's notes (`kafkaLab.openDirect`)
    /// where the shell would show the [`AppLoader`]'s: the same words.
    #[test]
    fn the_page_without_the_shell_says_what_the_app_loader_says() {
        let index = include_str!("../index.html");
        for lang in Lang::ALL {
            for text in [Text::AppLoading, Text::AppLoadFailed, Text::Reload] {
                let words = t(lang, text);
                assert!(
                    index.contains(words),
                    "index.html lacks {lang:?} {text:?}: {words}"
                );
            }
        }
    }

    #[test]
    fn the_playground_and_its_links_open_the_playground_module() {
        for hash in ["#/playground", "#/playground?s=abc&lang=en"] {
            assert_eq!(
                Module::of(&Route::parse(hash)),
                Module::Playground,
                "{hash}"
            );
        }
        for hash in [
            "#/",
            "#/exercise/producer-01-fire-and-forget",
            "#/quiz",
            "#/embed/quiz",
            "#/nope",
        ] {
            assert_eq!(Module::of(&Route::parse(hash)), Module::App, "{hash}");
        }
    }
}
