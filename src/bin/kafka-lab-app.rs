//! The app module: every page but the playground, with the lessons, their engine and the quiz.
//! The page as it loads (`kafka_lab::shell`) fetches it and calls `mount` when the student
//! leaves home; the playground module, when the student leaves the playground.
use wasm_bindgen::prelude::*;

/// Mounts the whole app on the page's `<body>`.
#[wasm_bindgen]
pub fn mount() {
    kafka_lab::start();
}

/// Nothing runs on instantiation: a module on screen mounts it when it hands the page over.
fn main() {}
