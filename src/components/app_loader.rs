//! What a module (`crate::shell`) shows for a page that another module holds: a note while
//! that module loads, until the page is handed over to it; or, if it cannot be loaded, why.
//! A page opened on such a route starts no shell: index.html shows the same notes meanwhile.

use crate::i18n::{Lang, Text, t};
use crate::shell::{self, Module};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppLoaderProps {
    /// The module that holds the page.
    pub module: Module,
}

#[component]
pub fn AppLoader(props: &AppLoaderProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let failed = use_state(|| false);
    use_effect_with(props.module, {
        let failed = failed.clone();
        move |&module| {
            yew::platform::spawn_local(async move {
                if !shell::hand_over(module).await {
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
