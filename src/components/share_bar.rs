//! The exercise page's sharing: a link to the moment shown, and the code to embed it in a
//! course page. Not shown inside the embed view (the course page around it shares).

use crate::components::copy_button::CopyButton;
use crate::components::embed_dialog::EmbedDialog;
use crate::deep_link::MomentLink;
use crate::embed_browser::page_url;
use crate::i18n::{Lang, Text, pick, t};
use crate::route::Route;
use yew::prelude::*;

/// The sharing of `exercise` at `link`, the moment shown (without its language: the page's
/// is added).
pub fn share_bar(lang: Lang, exercise: &course::Exercise, link: MomentLink) -> Html {
    let page = Route::Exercise {
        id: exercise.id.to_string(),
        link: MomentLink {
            lang: Some(lang),
            ..link
        },
    };
    let url = page_url(&page.href());
    let title = format!(
        "{}: {}",
        t(lang, Text::AppTitle),
        pick(lang, exercise.title)
    );
    html! {
        <div class="share-bar" data-testid="share-bar">
            <CopyButton text={url} label={Text::CopyMomentLink} test_id="copy-link"
                field_label={Some(Text::MomentLinkLabel)} />
            <EmbedDialog {page} {title} />
        </div>
    }
}
