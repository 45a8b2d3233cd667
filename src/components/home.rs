//! The home page: the course's four-partition topic and consumer group `tdea`, live. Adding or
//! removing a consumer re-runs the assignment in the model and recolours the partitions.

use crate::components::{
    exercise_index::exercise_index, group_panel::group_panel, topic_log::topic_log,
};
use crate::i18n::{Lang, Text, t};
use crate::live_view::{GroupAction, GroupState, live_view, producer_05_logs};
use crate::route::Route;
use yew::prelude::*;

#[component]
pub fn Home() -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let state = use_reducer(GroupState::default);
    let logs = use_memo((), |_| producer_05_logs());
    let view = use_memo((state.clone(), logs.clone()), |(state, logs)| {
        live_view(&state.0, logs)
    });
    let on_add = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(GroupAction::Join))
    };
    let on_remove = {
        let state = state.clone();
        Callback::from(move |member: String| state.dispatch(GroupAction::Leave(member)))
    };
    html! {
        <div class="home">
            <h2>{ t(lang, Text::LiveDemo) }</h2>
            <p class="lead">{ t(lang, Text::LiveHint) }</p>
            <div class="live">
                { topic_log(lang, &view) }
                { group_panel(lang, &view, &on_add, &on_remove) }
            </div>
            <p class="quiz-home-link">
                <a class="button primary" href={Route::Quiz(String::new()).href()} data-testid="home-quiz-link">
                    { t(lang, Text::QuizHomeLink) }
                </a>
            </p>
            { exercise_index(lang, false) }
        </div>
    }
}
