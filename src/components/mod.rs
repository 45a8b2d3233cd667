//! The app's components, one per file.

pub mod app;
pub mod code_view;
pub mod console;
pub mod exercise_index;
pub mod exercise_page;
pub mod group_panel;
pub mod header;
pub mod home;
pub mod not_found;
pub mod playback_controls;
pub mod producer_step;
pub mod topic_log;
