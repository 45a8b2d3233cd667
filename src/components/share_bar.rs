//! The exercise page's sharing: a link to the moment shown, and the code to embed it in a
//! course page. Not shown inside the embed view (the course page around it shares).

use crate::components::app::Embedded;
use crate::components::copy_button::CopyButton;
use crate::components::embed_dialog::EmbedDialog;
use crate::deep_link::MomentLink;
use crate::embed_browser::page_url;
use crate::i18n::{Lang, Text, pick, t};
use crate::route::Route;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    pub exercise: &'static course::Exercise,
    /// The moment shown (without its language: the page's is added).
    pub link: MomentLink,
}

#[component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    if use_context::<Embedded>().is_some() {
        return Html::default();
    }
    let page = Route::Exercise {
        id: props.exercise.id.to_string(),
        link: MomentLink {
            lang: Some(lang),
            ..props.link.clone()
        },
    };
    let url = page_url(&page.href());
    let title = format!(
        "{}: {}",
        t(lang, Text::AppTitle),
        pick(lang, props.exercise.title)
    );
    html! {
        <div class="share-bar" data-testid="share-bar">
            <CopyButton text={url} label={Text::CopyMomentLink} test_id="copy-link"
                field_label={Some(Text::MomentLinkLabel)} />
            <EmbedDialog {page} {title} />
        </div>
    }
}
