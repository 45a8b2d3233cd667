//! The playground module: the playground page, with the engine and the scenario files' JSON
//! reader and writer (`kafka_lab::shell::Module::Playground`). A module on screen fetches it and
//! calls `mount` when the student opens the playground.
use wasm_bindgen::prelude::*;

/// Mounts the playground's root on the page's `<body>`.
#[wasm_bindgen]
pub fn mount() {
    kafka_lab::start_playground();
}

/// Nothing runs on instantiation: a module on screen mounts it when it hands the page over.
fn main() {}
