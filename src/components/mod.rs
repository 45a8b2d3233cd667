//! The app's components, one per file.

pub mod app;
pub mod code_view;
pub mod exercise_index;
pub mod exercise_page;
pub mod group_panel;
pub mod header;
pub mod home;
pub mod not_found;
pub mod topic_log;
