//! A Python program, syntax-highlighted and line-numbered, with the lines that simulated
//! clients are executing marked (by colour and by the client's label).

use crate::highlight::{Span, highlight};
use crate::i18n::{Lang, Text, t};
pub use crate::view::programs::LineMark;
use wasm_bindgen::JsCast;
use yew::prelude::*;

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
}

#[component]
pub fn CodeView(props: &CodeViewProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let lines = use_memo(props.source.clone(), |source| highlight(source));
    let scroller = use_node_ref();
    {
        // Keep the line being executed in view, a third from the top, without moving the page.
        let scroller = scroller.clone();
        use_effect_with(props.marks.clone(), move |marks| {
            let container = scroller.cast::<web_sys::HtmlElement>();
            let first = marks.iter().map(|m| m.line).min();
            if let (Some(container), Some(line)) = (container, first) {
                let selector = format!("[data-line='{line}']");
                if let Ok(Some(row)) = container.query_selector(&selector) {
                    let row: web_sys::HtmlElement = row.unchecked_into();
                    // The container is positioned, so a row's offset is measured from its content.
                    let top = row.offset_top();
                    let visible = container.scroll_top()
                        ..container.scroll_top() + container.client_height() - row.offset_height();
                    if !visible.contains(&top) {
                        container.set_scroll_top(top - container.client_height() / 3);
                    }
                }
            }
        });
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
    html! {
        <figure class="code-view" data-testid={format!("code-{}", props.file)}>
            <figcaption>
                <span class="kicker">{ t(lang, Text::Program) }</span>
                <span class="file-name">{ props.file.clone() }</span>
            </figcaption>
            <div class="code-scroll" ref={scroller} role="region" tabindex="0"
                aria-label={format!("{}{}", t(lang, Text::CodeOf), props.file)}>
                { for rows }
            </div>
        </figure>
    }
}
