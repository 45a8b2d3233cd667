//! The app's components, one per file.

pub mod app;
pub mod broker_box;
pub mod cluster_diagram;
pub mod code_view;
pub mod console;
pub mod exercise_index;
pub mod exercise_page;
pub mod group_box;
pub mod group_panel;
pub mod header;
pub mod home;
pub mod not_found;
pub mod partition_log;
pub mod playback_controls;
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
pub mod step_through;
pub mod topic_log;
