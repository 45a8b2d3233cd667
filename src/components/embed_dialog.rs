//! "Embed code…": a modal dialog with the HTML a course page pastes to embed a page of the app
//! at this moment: an iframe of the embed view, and a script line that sizes the iframe from
//! the app's `kafka-lab:height` messages.

use crate::components::copy_button::CopyButton;
use crate::embed_browser::{close_dialog, open_dialog, page_url};
use crate::i18n::{Lang, Text, t};
use crate::route::Route;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EmbedDialogProps {
    /// The page to embed, as a route of the site (an exercise at its moment, or a quiz).
    pub page: Route,
    /// The iframe's title: the page's name for screen readers.
    pub title: AttrValue,
}

/// Listens for the app's height message and sets the height of the iframe that sent it.
const HEIGHT_SCRIPT: &str = r#"<script>addEventListener("message",function(e){var d=e.data;if(d&&d.type==="kafka-lab:height")document.querySelectorAll("iframe").forEach(function(f){if(f.contentWindow===e.source)f.style.height=d.height+"px"})})</script>"#;

/// Text for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// The snippet for the embed view of `page` at `url`.
pub fn snippet(url: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" loading=\"lazy\" style=\"width:100%;border:0\"></iframe>\n{HEIGHT_SCRIPT}",
        attribute(url),
        attribute(title)
    )
}

/// The embed view of `page`, compact or not.
fn embedded(page: &Route, compact: bool) -> Route {
    let page = match page {
        Route::Exercise { id, link } => Route::Exercise {
            id: id.clone(),
            link: crate::deep_link::MomentLink {
                compact,
                ..link.clone()
            },
        },
        other => other.clone(),
    };
    Route::Embed(Box::new(page))
}

#[component]
pub fn EmbedDialog(props: &EmbedDialogProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let dialog = use_node_ref();
    let opener = use_node_ref();
    // The dialog's first and last controls, between which Tab goes round.
    let (checkbox, code_field, close) = (use_node_ref(), use_node_ref(), use_node_ref());
    let compact = use_state_eq(|| false);
    let is_exercise = matches!(props.page, Route::Exercise { .. });
    let code = snippet(
        &page_url(&embedded(&props.page, *compact).href()),
        &props.title,
    );
    let on_open = {
        let dialog = dialog.clone();
        Callback::from(move |_| open_dialog(&dialog))
    };
    let on_close = {
        let dialog = dialog.clone();
        Callback::from(move |_| close_dialog(&dialog))
    };
    // Back to the button that opened it, however it closed (Escape, the button).
    let on_closed = {
        let opener = opener.clone();
        Callback::from(move |_: Event| {
            if let Some(button) = opener.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        })
    };
    // A modal dialog keeps the keyboard: Tab from its last control goes to its first, and
    // Shift+Tab from its first to its last, instead of out to the browser.
    let on_keydown = {
        let (checkbox, code_field, close) = (checkbox.clone(), code_field.clone(), close.clone());
        Callback::from(move |event: KeyboardEvent| {
            if event.key() != "Tab" {
                return;
            }
            let first = checkbox.get().or_else(|| code_field.get());
            let (from, to) = if event.shift_key() {
                (first, close.get())
            } else {
                (close.get(), first)
            };
            let active = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element());
            if let (Some(from), Some(to)) = (from, to)
                && active.is_some_and(|active| *active == from)
                && let Ok(to) = to.dyn_into::<web_sys::HtmlElement>()
            {
                event.prevent_default();
                let _ = to.focus();
            }
        })
    };
    let on_compact = {
        let compact = compact.clone();
        Callback::from(move |_| compact.set(!*compact))
    };
    html! {
        <>
            <button type="button" class="button" ref={opener} onclick={on_open} data-testid="embed-open">
                { t(lang, Text::CopyEmbedCode) }
            </button>
            <dialog class="embed-dialog" ref={dialog} aria-labelledby="embed-dialog-title"
                onclose={on_closed} onkeydown={on_keydown} data-testid="embed-dialog">
                <h2 id="embed-dialog-title">{ t(lang, Text::EmbedTitle) }</h2>
                <p>{ t(lang, Text::EmbedIntro) }</p>
                if is_exercise {
                    <label class="embed-compact">
                        <input type="checkbox" ref={checkbox} checked={*compact} onchange={on_compact}
                            data-testid="embed-compact" />
                        { " " }{ t(lang, Text::EmbedCompact) }
                    </label>
                }
                <label class="embed-code">
                    <span>{ t(lang, Text::EmbedCodeLabel) }</span>
                    <textarea readonly=true rows="6" ref={code_field} value={code.clone()} data-testid="embed-code" />
                </label>
                <div class="embed-dialog-actions">
                    <CopyButton text={code} label={Text::EmbedCopy} test_id="embed-copy" />
                    <button type="button" class="button" ref={close} onclick={on_close} data-testid="embed-close">
                        { t(lang, Text::DialogClose) }
                    </button>
                </div>
            </dialog>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_is_an_iframe_and_its_height_listener() {
        let code = snippet(
            "https://x.example/lab/#/embed/quiz?seed=1&part=all",
            "Kafka \"Lab\"",
        );
        let (iframe, script) = code.split_once('\n').unwrap();
        assert_eq!(
            iframe,
            "<iframe src=\"https://x.example/lab/#/embed/quiz?seed=1&amp;part=all\" \
             title=\"Kafka &quot;Lab&quot;\" loading=\"lazy\" style=\"width:100%;border:0\"></iframe>"
        );
        assert!(script.contains("kafka-lab:height"), "{script}");
    }

    #[test]
    fn compact_is_only_for_exercises() {
        let exercise = Route::parse("#/exercise/producer-03-async?at=7");
        assert_eq!(
            embedded(&exercise, true).href(),
            "#/embed/exercise/producer-03-async?at=7&compact=1"
        );
        let quiz = Route::Quiz("part=all&seed=3".into());
        assert_eq!(embedded(&quiz, true).href(), "#/embed/quiz?part=all&seed=3");
    }
}
