//! One process's console: what its program printed, in order, each line stamped with the
//! simulated time it was printed at. Long outputs keep only their last lines on screen: the
//! run folds only those (`view::programs::Programs`) and counts the earlier ones.
//!
//! It follows its output as a terminal does without reading the layout: the scroller is a
//! reversed flex column (styles: `.console-scroll`), which the browser keeps at its end as lines
//! come, so a frame that prints costs no forced layout. Its lines are drawn in blocks of
//! [`BLOCK`] (a component each, compared by its lines), so that a frame that prints a few lines
//! draws the block they join and the oldest block, whose first lines scroll out of the tail, and
//! leaves the others alone: a console of 200 lines costs a few rows per frame, not 200.

use crate::components::playback_controls::clock;
use crate::exercise_run::ProcessInfo;
use crate::hooks::use_lazy_view;
use crate::i18n::{Lang, Text, t};
use crate::view::programs::{ConsoleLine, ConsoleTail};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    /// The process, e.g. `Producer_05_CGroup.py`.
    pub title: AttrValue,
    /// The last lines, at most `VISIBLE_LINES`.
    pub lines: Vec<ConsoleLine>,
    /// How many lines came before `lines`.
    #[prop_or_default]
    pub earlier: usize,
    #[prop_or_default]
    pub test_id: AttrValue,
    /// Keeps its last drawing while out of sight (set while the run plays: see
    /// [`use_lazy_view`]).
    #[prop_or_default]
    pub lazy: bool,
}

#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let figure = use_node_ref();
    let lazy = use_lazy_view(figure.clone(), props.lazy);
    if let Some(drawn) = lazy.drawn() {
        return drawn;
    }
    let hidden = props.earlier;
    // Blocks of the lines' numbers in the whole output (`hidden` and on): a line stays in its
    // block as the tail slides.
    let end = hidden + props.lines.len();
    let blocks = (hidden / BLOCK..end.div_ceil(BLOCK)).map(|block| {
        let first = (block * BLOCK).max(hidden);
        let last = ((block + 1) * BLOCK).min(end);
        html! {
            <ConsoleBlock key={block} {first} lines={props.lines[first - hidden..last - hidden].to_vec()} />
        }
    });
    lazy.keep(html! {
        <figure class="console" data-testid={props.test_id.clone()} ref={figure}>
            <figcaption>
                <span class="kicker">{ t(lang, Text::Console) }</span>
                <span class="file-name">{ props.title.clone() }</span>
            </figcaption>
            <div class="console-scroll" role="log" aria-live="off" tabindex="0">
                <div class="console-lines">
                    if hidden > 0 {
                        <div class="console-line elided">{ format!("… {hidden} {}", t(lang, Text::EarlierLines)) }</div>
                    }
                    if props.lines.is_empty() {
                        <div class="console-line elided">{ t(lang, Text::ConsoleEmpty) }</div>
                    }
                    { for blocks }
                </div>
            </div>
        </figure>
    })
}

/// How many lines a block of a console holds.
const BLOCK: usize = 16;

#[derive(Properties, PartialEq)]
struct ConsoleBlockProps {
    /// The number of the first line in the whole output.
    first: usize,
    lines: Vec<ConsoleLine>,
}

/// Consecutive lines of a console, keyed by their number in the whole output; no element of
/// its own.
#[component]
fn ConsoleBlock(props: &ConsoleBlockProps) -> Html {
    let rows = props.lines.iter().enumerate().map(|(i, line)| {
        html! {
            <div key={props.first + i} class={classes!("console-line", line.stderr.then_some("stderr"))}>
                <span class="console-time">{ clock(line.time) }</span>
                <span class="console-text">{ AttrValue::from(line.text.clone()) }</span>
            </div>
        }
    });
    html! { <>{ for rows }</> }
}

/// The step-through's column of consoles (a lesson's run and the playground's): one per
/// process, in the run's order, each `lazy` while the run plays.
pub fn consoles(processes: &[ProcessInfo], tails: &[ConsoleTail], lazy: bool) -> Html {
    let consoles = processes.iter().zip(tails).map(|(process, console)| {
        html! {
            <Console key={process.label.clone()} title={format!("{} · {}", process.label, process.file)}
                lines={console.lines.clone()} earlier={console.earlier}
                test_id={format!("console-{}", process.label)} {lazy} />
        }
    });
    html! {
        <div class="step-side" style={format!("--consoles:{}", processes.len().max(1))}>{ for consoles }</div>
    }
}
