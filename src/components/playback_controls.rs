//! The step-through's controls: restart, step back, play/pause, step forward, speed, the time
//! lens on or off, the simulated clock, and a slider scrubbing over the run's virtual time.

use crate::i18n::{Lang, Text, t};
use crate::state::playback::{Millis, Playback, PlaybackAction, Speed};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the keyboard does to this run: the page's only run, or one of several runs, driven
/// by the keyboard (the one the student last clicked or focused) or not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Keys {
    #[default]
    Only,
    Driving,
    Elsewhere,
}

/// How many keyboard steps (arrow keys) the slider takes over a whole run; Page Up and Page
/// Down move a tenth of it, Home and End to its ends (the browser's range input).
const SCRUB_STEPS: Millis = 200;

/// The slider's step in virtual milliseconds: fine enough to point anywhere with a mouse,
/// coarse enough for the arrow keys to cross a long run.
pub fn scrub_step(end: Millis) -> Millis {
    (end / SCRUB_STEPS).max(1)
}

/// `mm:ss.mmm` of simulated time.
pub fn clock(ms: Millis) -> String {
    format!(
        "{:02}:{:02}.{:03}",
        ms / 60_000,
        ms / 1_000 % 60,
        ms % 1_000
    )
}

/// The controls of `playback`, with `skipped` the virtual milliseconds of quiet the time lens
/// just skipped.
pub fn playback_controls(
    lang: Lang,
    playback: &Playback,
    on_action: &Callback<PlaybackAction>,
    keys: Keys,
    skipped: Option<Millis>,
) -> Html {
    let button = |action: PlaybackAction,
                  icon: &'static str,
                  label: Text,
                  test_id: &'static str| {
        html! {
            <button type="button" class="control" title={t(lang, label)} aria-label={t(lang, label)}
                data-testid={test_id} onclick={on_action.reform(move |_| action)}>
                <span aria-hidden="true">{ icon }</span>
            </button>
        }
    };
    let (play_icon, play_label) = if playback.playing {
        ("⏸", Text::Pause)
    } else {
        ("▶", Text::Play)
    };
    let hint = match keys {
        Keys::Only => Text::KeyboardHint,
        Keys::Driving => Text::KeyboardHintThisRun,
        Keys::Elsewhere => Text::KeyboardHintOtherRun,
    };
    let speeds = Speed::ALL.into_iter().map(|speed| {
        let label = match speed {
            Speed::Instant => t(lang, Text::Instant).to_string(),
            other => format!("{}×", other.name()),
        };
        html! {
            <button type="button" class={classes!("speed", (speed == playback.speed).then_some("active"))}
                aria-pressed={(speed == playback.speed).to_string()}
                data-testid={format!("speed-{}", speed.name())}
                onclick={on_action.reform(move |_| PlaybackAction::SetSpeed(speed))}>
                { label }
            </button>
        }
    });
    let on_scrub = on_action.reform(|event: InputEvent| {
        let value = event
            .target()
            .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
            .and_then(|input| input.value().parse::<f64>().ok());
        PlaybackAction::Seek(value.map_or(0, |ms| ms.max(0.0) as Millis))
    });
    html! {
        // `data-playing`: what the frame measures of the end-to-end tests wait on (frames.mjs).
        <div class="playback" role="toolbar" aria-label={t(lang, Text::Speed)} data-playing={playback.playing.to_string()}>
            { button(PlaybackAction::Restart, "↺", Text::Restart, "restart") }
            { button(PlaybackAction::StepBack, "◀", Text::StepBack, "step-back") }
            { button(PlaybackAction::TogglePlay, play_icon, play_label, "play") }
            { button(PlaybackAction::StepForward, "▶|", Text::StepForward, "step-forward") }
            <div class="speeds" role="group" aria-label={t(lang, Text::Speed)}>{ for speeds }</div>
            <button type="button" class={classes!("speed", "lens", playback.lens.then_some("active"))}
                aria-pressed={playback.lens.to_string()} title={t(lang, Text::TimeLensTitle)} data-testid="lens"
                onclick={on_action.reform({ let lens = playback.lens; move |_| PlaybackAction::SetLens(!lens) })}>
                <span aria-hidden="true">{ "◎" }</span><span class="lens-words">{ t(lang, Text::TimeLens) }</span>
            </button>
            <span class="clock" title={t(lang, Text::VirtualTime)} data-testid="clock">
                { clock(playback.time) }{ " / " }{ clock(playback.end) }
            </span>
            <input type="range" class="scrub" data-testid="scrub" min="0" max={playback.end.to_string()}
                step={scrub_step(playback.end).to_string()} value={playback.time.to_string()}
                aria-label={t(lang, Text::ScrubLabel)} title={t(lang, Text::ScrubLabel)}
                aria-valuetext={clock(playback.time)} oninput={on_scrub} />
            <span class="skipped" role="status" data-testid="skipped">
                if let Some(ms) = skipped {
                    { format!("{} {:.1} {}", t(lang, Text::Skipped), ms as f64 / 1_000.0, t(lang, Text::Seconds)) }
                }
            </span>
            if keys == Keys::Driving {
                <span class="owner-badge owner-1" data-testid="keyboard-run" title={t(lang, Text::KeyboardRunTitle)}>
                    { t(lang, Text::KeyboardRun) }
                </span>
            }
            <span class="keys-hint" data-testid="keys-hint">{ t(lang, hint) }</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{clock, scrub_step};

    #[test]
    fn the_clock_shows_minutes_seconds_and_milliseconds() {
        assert_eq!(clock(0), "00:00.000");
        assert_eq!(clock(3_005), "00:03.005");
        assert_eq!(clock(61_250), "01:01.250");
    }

    #[test]
    fn the_slider_steps_a_two_hundredth_of_the_run_and_at_least_a_millisecond() {
        assert_eq!(scrub_step(60_000), 300);
        assert_eq!(scrub_step(150), 1);
        assert_eq!(scrub_step(0), 1);
    }
}
