//! Component tests: the app's components rendered by Yew in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown`, run by wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use kafka_lab::components::app::App;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Renders the whole app into a fresh element of the test page, on the home route (the test
/// runner's page carries a fragment of its own).
fn mount() -> Element {
    let window = web_sys::window().unwrap();
    window.location().set_hash("/").unwrap();
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

/// Lets Yew's scheduler run the pending renders.
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(20)).await;
}

fn text(root: &Element, test_id: &str) -> String {
    root.query_selector(&format!("[data-testid='{test_id}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element {test_id}"))
        .text_content()
        .unwrap_or_default()
}

fn click(root: &Element, test_id: &str) {
    root.query_selector(&format!("[data-testid='{test_id}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element {test_id}"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

fn owners(root: &Element) -> Vec<String> {
    (0..4).map(|p| text(root, &format!("owner-{p}"))).collect()
}

#[wasm_bindgen_test]
async fn the_group_panel_follows_joins_and_leaves() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let root = mount();
    settle().await;
    assert_eq!(text(&root, "topic-name"), "ak03.fourpartition");
    assert_eq!(owners(&root), vec!["未分配"; 4]);
    click(&root, "add-consumer");
    settle().await;
    assert_eq!(owners(&root), vec!["C1"; 4]);
    click(&root, "add-consumer");
    settle().await;
    assert_eq!(owners(&root), ["C1", "C1", "C2", "C2"]);
    click(&root, "remove-C1");
    settle().await;
    assert_eq!(owners(&root), vec!["C2"; 4]);
    assert_eq!(text(&root, "generation"), "世代 (Generation) 3");
    root.remove();
}

#[wasm_bindgen_test]
async fn the_language_switch_relabels_and_is_stored() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item("kafka-lab.lang", "\u{0}garbage").unwrap();
    let root = mount();
    settle().await;
    assert_eq!(text(&root, "app-title"), "Kafka 實驗室");
    click(&root, "lang-en");
    settle().await;
    assert_eq!(text(&root, "app-title"), "Kafka Lab");
    assert_eq!(owners(&root), vec!["Unassigned"; 4]);
    assert_eq!(
        storage.get_item("kafka-lab.lang").unwrap().as_deref(),
        Some("en")
    );
    storage.clear().unwrap();
    root.remove();
}
