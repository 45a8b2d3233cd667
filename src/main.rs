//! The page as it loads: the home view, in a wasm module of its own (`kafka_lab::shell`).
fn main() {
    kafka_lab::shell::start();
}
