//! A Python program, syntax-highlighted and line-numbered, with the lines that simulated
//! clients are executing marked (by colour and by the client's label).

use crate::highlight::{Span, highlight};
use crate::hooks::use_lazy_view;
use crate::i18n::{Lang, Text, t};
pub use crate::view::programs::LineMark;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

thread_local! {
    /// The code views waiting to bring a line into view: scrolled together by [`follow`].
    static PENDING: RefCell<Vec<(HtmlElement, u32)>> = const { RefCell::new(Vec::new()) };
}

/// Brings `line` of the program in `container` into view, a third from the top, without moving
/// the page. The requests of one render are done together once it is over, every read of the
/// layout first, then every scroll: a frame that moves several programs' lines lays the page
/// out once, instead of once per program (a read after a scroll would lay it out again).
fn follow(container: HtmlElement, line: u32) {
    let first = PENDING.with_borrow_mut(|pending| {
        pending.push((container, line));
        pending.len() == 1
    });
    if first {
        yew::platform::spawn_local(async { scroll_pending() });
    }
}

/// Scrolls the containers [`follow`] gathered whose line is out of view.
fn scroll_pending() {
    let pending = PENDING.take();
    let scrolls: Vec<(&HtmlElement, i32)> = pending
        .iter()
        .filter_map(|(container, line)| {
            let row = container
                .query_selector(&format!("[data-line='{line}']"))
                .ok()??;
            let row: HtmlElement = row.unchecked_into();
            // The container is positioned, so a row's offset is measured from its content.
            let top = row.offset_top();
            let (scrolled, height) = (container.scroll_top(), container.client_height());
            let visible = scrolled..scrolled + height - row.offset_height();
            (!visible.contains(&top)).then_some((container, top - height / 3))
        })
        .collect();
    for (container, top) in scrolls {
        container.set_scroll_top(top);
    }
}

/// How many spaces a line starts with: a line too long for the panel wraps, and its
/// continuation hangs deeper than its first row, so the indentation Python reads stays visible.
fn indent(spans: &[Span]) -> usize {
    spans
        .iter()
        .flat_map(|span| span.text.chars())
        .take_while(|&c| c == ' ')
        .count()
}

#[derive(Properties, PartialEq)]
pub struct CodeViewProps {
    pub file: AttrValue,
    pub source: AttrValue,
    #[prop_or_default]
    pub marks: Vec<LineMark>,
    /// Keeps its last drawing while out of sight (set while the run plays: see
    /// [`use_lazy_view`]).
    #[prop_or_default]
    pub lazy: bool,
}

#[component]
pub fn CodeView(props: &CodeViewProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let lines = use_memo(props.source.clone(), |source| highlight(source));
    let scroller = use_node_ref();
    let figure = use_node_ref();
    let lazy = use_lazy_view(figure.clone(), props.lazy);
    {
        // Keep the line being executed in view (the first one, when several clients run this
        // program), once the program is drawn.
        let scroller = scroller.clone();
        let first = props.marks.iter().map(|m| m.line).min();
        use_effect_with((!lazy.holds()).then_some(first).flatten(), move |line| {
            if let (Some(container), Some(line)) = (scroller.cast::<HtmlElement>(), *line) {
                follow(container, line);
            }
        });
    }
    if let Some(drawn) = lazy.drawn() {
        return drawn;
    }
    let rows = lines.iter().enumerate().map(|(i, spans)| {
        let number = i as u32 + 1;
        let marks: Vec<&LineMark> = props.marks.iter().filter(|m| m.line == number).collect();
        let labels = marks.iter().map(|m| {
            html! { <span class={classes!("line-mark", format!("owner-{}", m.colour))}>{ AttrValue::from(m.label.clone()) }</span> }
        });
        let class = classes!(
            "code-line",
            (!marks.is_empty()).then_some("current"),
            marks.first().map(|m| format!("owner-{}", m.colour)),
        );
        html! {
            <div {class} data-line={number.to_string()}>
                <span class="gutter"><span class="line-marks">{ for labels }</span><span class="line-no">{ number }</span></span>
                <code class="line-text" style={format!("--indent:{}", indent(spans))}>
                    { for spans.iter().map(|span| html! { <span class={span.kind.class()}>{ span.text.clone() }</span> }) }
                </code>
            </div>
        }
    });
    lazy.keep(html! {
        <figure class="code-view" data-testid={format!("code-{}", props.file)} ref={figure}>
            <figcaption>
                <span class="kicker">{ t(lang, Text::Program) }</span>
                <span class="file-name">{ props.file.clone() }</span>
            </figcaption>
            <div class="code-scroll" ref={scroller} role="region" tabindex="0"
                aria-label={format!("{}{}", t(lang, Text::CodeOf), props.file)}>
                { for rows }
            </div>
        </figure>
    })
}
