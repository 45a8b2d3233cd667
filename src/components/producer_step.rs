//! The step-through of a producer exercise: the controls, the program with the line the
//! producer is executing, its console, the topic's partition logs filling up, and the counters
//! the lesson is about.

use crate::components::code_view::CodeView;
use crate::components::console::Console;
use crate::components::playback_controls::PlaybackControls;
use crate::components::topic_log::TopicLog;
use crate::exercise_run::{Run, producer_view};
use crate::hooks::{use_animation_frames, use_playback_keys};
use crate::i18n::{Lang, Text, t};
use crate::live_view::PartitionRow;
use crate::playback::{Playback, PlaybackAction};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct ProducerStepProps {
    pub run: Rc<Run>,
    pub exercise: &'static course::Exercise,
}

impl PartialEq for ProducerStepProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run) && self.exercise == other.exercise
    }
}

#[component]
pub fn ProducerStep(props: &ProducerStepProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let run = props.run.clone();
    let playback = {
        let run = run.clone();
        use_reducer(move || Playback::new(run.stops.clone(), run.end))
    };
    let on_action = {
        let playback = playback.clone();
        Callback::from(move |action| playback.dispatch(action))
    };
    use_animation_frames(
        playback.playing,
        on_action.reform(|elapsed_ms| PlaybackAction::Frame { elapsed_ms }),
    );
    use_playback_keys(on_action.clone());
    let view = {
        let run = run.clone();
        use_memo((playback.time, playback.cursor), move |&(time, cursor)| {
            producer_view(&run.at(time), &run.topic, cursor)
        })
    };
    let source = props
        .exercise
        .source(run.file)
        .expect("the run's program is one of the exercise's");
    let partitions: Vec<PartitionRow> = view
        .partitions
        .iter()
        .enumerate()
        .map(|(p, cells)| PartitionRow {
            partition: p as i32,
            cells: cells.clone(),
            owner: None,
        })
        .collect();
    let counter = |label: Text, value: usize, test_id: &'static str| {
        html! {
            <div class="counter">
                <span class="counter-value" data-testid={test_id}>{ value }</span>
                <span class="counter-label">{ t(lang, label) }</span>
            </div>
        }
    };
    html! {
        <section class="step-through" data-testid="step-through">
            <PlaybackControls time={playback.time} end={playback.end} playing={playback.playing}
                speed={playback.speed} on_action={on_action.clone()} />
            <p class="note" data-testid="simulated-count">
                { t(lang, Text::SimulatedCount) }{ " " }<code>{ crate::exercise_run::STEP_MESSAGES }</code>
            </p>
            <div class="counters">
                { counter(Text::Waiting, view.waiting, "count-waiting") }
                { counter(Text::InFlight, view.in_flight, "count-in-flight") }
                { counter(Text::Acknowledged, view.acknowledged, "count-acknowledged") }
                { counter(Text::ReportsSeen, view.reports_seen, "count-reports") }
            </div>
            <div class="step-grid">
                <CodeView file={source.file} source={source.text} marks={view.marks.clone()} />
                <div class="step-side">
                    <Console title={source.file} lines={view.console.clone()} test_id="console-producer" />
                    <TopicLog topic={run.topic.clone()} partitions={partitions} show_owner={false} />
                </div>
            </div>
        </section>
    }
}
