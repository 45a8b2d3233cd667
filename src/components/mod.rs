//! The app's components and views, one per file.
//!
//! A view with no hooks of its own is a plain function returning `Html` (`header`, `topic_log`,
//! `playback_controls`, ...), given the language by its parent: every component type costs the
//! wasm a copy of Yew's component machinery. A pure view stays a component where its props are
//! compared to skip re-rendering on the frames that change nothing of it (`WireNodes`,
//! `console`'s blocks, `PlaygroundSummary` as the playground's draft is typed).

pub mod app;
pub mod app_loader;
pub mod broker_box;
pub mod cluster_diagram;
pub mod code_view;
pub mod console;
pub mod copy_button;
pub mod diagram_export;
pub mod embed_dialog;
pub mod exercise_index;
pub mod exercise_page;
pub mod group_box;
pub mod group_panel;
pub mod header;
pub mod home;
pub mod link_note;
pub mod not_found;
pub mod partition_log;
pub mod playback_controls;
pub mod playground;
pub mod playground_compare;
pub mod playground_editor;
pub mod playground_fields;
pub mod playground_fork;
pub mod playground_run;
pub mod playground_summary;
pub mod practice_task;
pub mod predict_question;
pub mod prediction_card;
pub mod producer_box;
pub mod protocol_lane;
pub mod quiz_bank;
pub mod quiz_embedded;
pub mod quiz_page;
pub mod quiz_question;
pub mod quiz_results;
pub mod share_bar;
pub mod step_through;
pub mod topic_log;
pub mod wire_diagram;
pub mod wire_nodes;
