//! Kafka Lab's web app: Yew components over the pure `kafka_sim` model. This crate is the only
//! code that touches the browser (DOM, timers, storage, the URL); the model never does.

pub mod components;
pub mod deep_link;
pub mod diagram;
pub mod embed_browser;
pub mod exercise_run;
pub mod highlight;
pub mod hooks;
pub mod i18n;
pub mod live_group;
pub mod live_view;
pub mod playground;
pub mod quiz_browser;
pub mod quiz_export;
pub mod quiz_link;
pub mod quiz_progress;
pub mod route;
pub mod shell;
pub mod state;
pub mod view;

/// Mounts the app module's root on the page's `<body>` (the app module's entry; the page as it
/// loads starts with [`shell::start`]).
pub fn start() {
    shell::mount_root::<components::app::App>();
}

/// Mounts the playground module's root on the page's `<body>` (its entry).
pub fn start_playground() {
    shell::mount_root::<components::app::PlaygroundApp>();
}
