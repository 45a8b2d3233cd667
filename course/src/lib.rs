//! The ak03 course unit (Apache Kafka - 訊息發佈與訂閱進階, Python) as data: the exercises'
//! complete Python programs (course/python/, the course's ak03-python project), where in each
//! program the simulator's highlighted statements are, the exact console lines the programs
//! print, the concept quiz, and the practice tasks graded from the model's runs ([`practice`]).
//!
//! Pure: the web app and the simulator read it; nothing here runs Kafka. The exercises'
//! programs are also built from their sources as `kafka_sim` producer and consumer programs
//! ([`programs`]), so it depends on the model.

mod catalog;
pub mod console;
mod exercise;
pub mod lesson;
mod part;
pub mod practice;
pub mod programs;
pub mod quiz;
mod text;

pub use catalog::{exercise, exercises};
pub use exercise::{Anchor, Exercise, Source};
pub use lesson::lesson;
pub use part::Part;
pub use text::Text;
