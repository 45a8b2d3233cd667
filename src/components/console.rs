//! One process's console: what its program printed, in order, each line stamped with the
//! simulated time it was printed at. Long outputs keep only their last lines on screen: the
//! run folds only those (`view::programs::Programs`) and counts the earlier ones.

use crate::components::playback_controls::clock;
use crate::i18n::{Lang, Text, t};
use crate::view::programs::ConsoleLine;
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
}

#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let scroller = use_node_ref();
    {
        // Follow the output as it grows, as a terminal does.
        let scroller = scroller.clone();
        use_effect_with(props.earlier + props.lines.len(), move |_| {
            if let Some(element) = scroller.cast::<web_sys::Element>() {
                element.set_scroll_top(element.scroll_height());
            }
        });
    }
    let hidden = props.earlier;
    let rows = props.lines.iter().enumerate().map(|(i, line)| {
        html! {
            <div key={hidden + i} class={classes!("console-line", line.stderr.then_some("stderr"))}>
                <span class="console-time">{ clock(line.time) }</span>
                <span class="console-text">{ AttrValue::from(line.text.clone()) }</span>
            </div>
        }
    });
    html! {
        <figure class="console" data-testid={props.test_id.clone()}>
            <figcaption>
                <span class="kicker">{ t(lang, Text::Console) }</span>
                <span class="file-name">{ props.title.clone() }</span>
            </figcaption>
            <div class="console-scroll" ref={scroller} role="log" aria-live="off" tabindex="0">
                if hidden > 0 {
                    <div class="console-line elided">{ format!("… {hidden} {}", t(lang, Text::EarlierLines)) }</div>
                }
                if props.lines.is_empty() {
                    <div class="console-line elided">{ t(lang, Text::ConsoleEmpty) }</div>
                }
                { for rows }
            </div>
        </figure>
    }
}
