//! The root: the language context, the header and the page the route names; or, for a course
//! page's iframe (`#/embed/...`), the page alone, reporting its height to the course page.
//!
//! The root is generic over the pages it can show ([`Pages`]), so that the page as it loads
//! (`crate::shell`, the home view alone) and the whole app share it: each wasm module links
//! only the pages its [`Pages`] names.

use crate::components::{
    app_loader::AppLoader, exercise_index::exercise_index, exercise_page::ExercisePage,
    header::header, home::Home, link_note::link_note, not_found::not_found, playground::Playground,
    quiz_page::QuizPage,
};
use crate::deep_link::Ignored;
use crate::embed_browser::use_height_to_parent;
use crate::hooks::{use_hash_route, use_lang};
use crate::i18n::{Lang, Text, t};
use crate::route::Route;
use crate::shell::Module;
use yew::prelude::*;

/// Present (as a context) when the page is the embed view: no site around it, and the
/// components that link to the rest of the site or offer sharing leave that out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Embedded {
    /// The exercise's compact layout (`compact=1`).
    pub compact: bool,
}

/// What a root can show for a route.
pub trait Pages: 'static {
    /// The page `route` names in `lang`, without the site around it.
    fn page(route: &Route, lang: Lang) -> Html;
}

/// Every page of the app module: all but the playground, which is in a module of its own
/// (`crate::shell::Module`: with its scenario files' reader it was a third of the app's code).
pub struct AllPages;

impl Pages for AllPages {
    fn page(route: &Route, lang: Lang) -> Html {
        page(route, lang, false)
    }
}

/// The app module's root.
pub type App = Site<AllPages>;

/// The playground module's page; any other page is the app module's.
pub struct PlaygroundPages;

impl Pages for PlaygroundPages {
    fn page(route: &Route, _: Lang) -> Html {
        match route {
            Route::Playground(query) => {
                html! { <Playground key={query.as_str()} query={query.clone()} /> }
            }
            _ => html! { <AppLoader module={Module::App} /> },
        }
    }
}

/// The playground module's root.
pub type PlaygroundApp = Site<PlaygroundPages>;

/// The page a route names (an embed route names its inner page, `embedded`).
fn page(route: &Route, lang: Lang, embedded: bool) -> Html {
    match route.clone() {
        Route::Home => html! { <Home /> },
        Route::Exercise { id, link } => match course::exercise(&id) {
            Some(exercise) => html! { <ExercisePage {exercise} {link} /> },
            // An old link to an exercise since renamed: say so, and offer them all (in the
            // embed view, as embeds: a course page's iframe never shows the site around them).
            None => html! {
                <>
                    { link_note(lang, &[Ignored::UnknownExercise(id)]) }
                    { exercise_index(lang, embedded) }
                </>
            },
        },
        Route::Quiz(query) => html! { <QuizPage {query} /> },
        Route::Playground(_) => html! { <AppLoader module={Module::Playground} /> },
        Route::Embed(inner) => page(&inner, lang, true),
        Route::NotFound(path) => not_found(lang, &path),
    }
}

/// The site around the page that `P` shows for the route in the URL.
#[component]
pub fn Site<P: Pages>() -> Html {
    let route = use_hash_route();
    let (lang, set_lang) = use_lang(route.lang());
    let body = P::page(&route, lang);
    let embedded = match &route {
        Route::Embed(inner) => Some(Embedded {
            compact: matches!(&**inner, Route::Exercise { link, .. } if link.compact),
        }),
        _ => None,
    };
    html! {
        <ContextProvider<Lang> context={lang}>
            if let Some(embedded) = embedded {
                <ContextProvider<Embedded> context={embedded}>
                    <EmbedMain compact={embedded.compact}>{ body }</EmbedMain>
                </ContextProvider<Embedded>>
            } else {
                <a class="skip-link" href="#main">{ t(lang, Text::SkipToContent) }</a>
                { header(lang, &set_lang) }
                <main id="main">{ body }</main>
            }
        </ContextProvider<Lang>>
    }
}

#[derive(Properties, PartialEq)]
struct EmbedMainProps {
    compact: bool,
    children: Html,
}

/// The embed view's page: as wide as the iframe, its height posted to the course page.
#[component]
fn EmbedMain(props: &EmbedMainProps) -> Html {
    let node = use_node_ref();
    use_height_to_parent(node.clone());
    html! {
        <main id="main" ref={node} class={classes!("embed", props.compact.then_some("compact"))}
            data-testid="embed">
            { props.children.clone() }
        </main>
    }
}
