//! The app's effects: the URL's hash and the stored language. Components stay pure functions of
//! their props and state; everything that talks to the browser is here.

use crate::i18n::Lang;
use crate::route::Route;
use gloo::events::EventListener;
use yew::prelude::*;

/// Where the language choice is remembered.
const LANG_KEY: &str = "kafka-lab.lang";

fn window() -> web_sys::Window {
    web_sys::window().expect("the app runs in a browser window")
}

fn current_route() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

/// The route in the URL's hash, updated on every `hashchange`.
#[hook]
pub fn use_hash_route() -> Route {
    let route = use_state(current_route);
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener =
                EventListener::new(&window(), "hashchange", move |_| route.set(current_route()));
            move || drop(listener)
        });
    }
    (*route).clone()
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The stored language; a missing, unreadable or corrupted value gives the default.
fn stored_lang() -> Lang {
    storage()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

/// The interface language: read from local storage once, then remembered on every change and
/// mirrored to `<html lang>` so that screen readers and fonts follow it.
#[hook]
pub fn use_lang() -> (Lang, Callback<Lang>) {
    let lang = use_state(stored_lang);
    use_effect_with(*lang, |lang| {
        if let Some(root) = window().document().and_then(|d| d.document_element()) {
            // A failure here only affects the attribute, never the page.
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
    let set = {
        let lang = lang.clone();
        Callback::from(move |choice: Lang| {
            if let Some(storage) = storage() {
                // Private browsing can refuse storage: the choice then lasts for this visit.
                let _ = storage.set_item(LANG_KEY, choice.tag());
            }
            lang.set(choice);
        })
    };
    (*lang, set)
}
