//! The concept quiz (觀念測驗): questions on the unit's outline. Every answer is what
//! librdkafka / confluent-kafka-python does, and every question names where that is written.
//!
//! One module per group of parts; [`slides`] holds the questions on what the course's slides
//! state for the Java client or under a wrong name.

mod group;
mod offsets;
mod producer;
mod slides;

use crate::part::Part;
use crate::text::{Text, text};
use kafka_sim::collect::sort;
use std::sync::OnceLock;

/// One question with its choices; one or several choices may be correct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question {
    /// A stable slug, unique in the bank.
    pub id: &'static str,
    pub part: Part,
    pub prompt: Text,
    pub choices: &'static [Choice],
    /// Why the correct choices are correct, stating librdkafka's behaviour.
    pub explanation: Text,
    /// Where the behaviour is written: a section of reference/kafka-semantics.md or a source file.
    pub source: &'static str,
    /// The exercise that shows the answer.
    pub see: SeeIt,
}

/// A choice of a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub text: Text,
    pub correct: bool,
}

/// Where a question's "see it" link leads: an exercise (`#/exercise/<id>`) and the moment in
/// its step-through that shows the answer. The moment is kept as data for deep links to a step;
/// until the exercise page reads it, the link opens the exercise at its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeeIt {
    pub exercise: &'static str,
    /// A stable name of the moment (`key-moment` is the lesson's own key moment).
    pub step: &'static str,
}

impl Question {
    /// Whether `picked` (choice indexes) is exactly the set of correct choices.
    pub fn is_answered_by(&self, picked: &[usize]) -> bool {
        self.choices
            .iter()
            .enumerate()
            .all(|(index, choice)| choice.correct == picked.contains(&index))
    }

    /// Whether more than one choice is correct (the page then offers checkboxes and says so).
    pub fn is_multiple(&self) -> bool {
        self.choices.iter().filter(|c| c.correct).count() > 1
    }
}

const fn right(zh_tw: &'static str, en: &'static str) -> Choice {
    Choice {
        text: text(zh_tw, en),
        correct: true,
    }
}

const fn wrong(zh_tw: &'static str, en: &'static str) -> Choice {
    Choice {
        text: text(zh_tw, en),
        correct: false,
    }
}

const fn see(exercise: &'static str, step: &'static str) -> SeeIt {
    SeeIt { exercise, step }
}

/// Every question, grouped by part in the outline's order.
pub fn questions() -> &'static [Question] {
    static BANK: OnceLock<Vec<Question>> = OnceLock::new();
    BANK.get_or_init(|| {
        let mut bank: Vec<Question> = [
            producer::QUESTIONS,
            group::QUESTIONS,
            offsets::QUESTIONS,
            slides::QUESTIONS,
        ]
        .concat();
        // Stable: within a part, the modules' order is kept.
        sort::sort_by_key(&mut bank, |q| q.part);
        bank
    })
}

/// The question `id`, if the bank has it.
pub fn question(id: &str) -> Option<&'static Question> {
    questions().iter().find(|q| q.id == id)
}

/// A part's stable name in quiz links (`#/quiz?part=commits`).
pub fn part_slug(part: Part) -> &'static str {
    match part {
        Part::ProducerSend => "producer-send",
        Part::ProducerSettings => "producer-settings",
        Part::ProducerJson => "producer-json",
        Part::ConsumerGroup => "consumer-group",
        Part::Rebalance => "rebalance",
        Part::Offsets => "offsets",
        Part::Commits => "commits",
    }
}

/// The part named `slug` in a quiz link.
pub fn part_by_slug(slug: &str) -> Option<Part> {
    Part::ALL.into_iter().find(|&part| part_slug(part) == slug)
}
