//! An empty Yew 0.23 app: what any Yew page costs before it holds anything. The performance
//! report builds it with Kafka Lab's Trunk command and release profile and compares both.
use yew::prelude::*;

/// One heading, so that the first render paints something to measure.
#[component]
fn App() -> Html {
    html! { <main><h1>{ "Empty Yew app" }</h1></main> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
