//! What the page as it loads (`crate::shell`) shows for a page of the app module: a note while
//! the module loads, until the shell hands the page over; or, if it cannot be loaded, why.

use crate::i18n::{Lang, Text, t};
use crate::shell;
use yew::prelude::*;

#[component]
pub fn AppLoader() -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let failed = use_state(|| false);
    use_effect_with((), {
        let failed = failed.clone();
        move |_| {
            yew::platform::spawn_local(async move {
                if !shell::hand_over().await {
                    failed.set(true);
                }
            });
        }
    });
    if !*failed {
        return html! {
            <p class="app-loading" role="status" data-testid="app-loading">{ t(lang, Text::AppLoading) }</p>
        };
    }
    let reload = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            // A failed reload leaves the note in place: nothing else to do.
            let _ = window.location().reload();
        }
    });
    html! {
        <section class="panel app-load-failed" role="alert" data-testid="app-load-failed">
            <p>{ t(lang, Text::AppLoadFailed) }</p>
            <button type="button" class="button" onclick={reload}>{ t(lang, Text::Reload) }</button>
        </section>
    }
}
