//! The student's answers, kept in local storage, and the scores read from them. Pure: the page
//! hands the stored text in and writes the encoded text back (`crate::quiz_browser`).
//!
//! The stored value is text, one answer per line under a version header, so that a value from
//! another version or a damaged one is recognised and set aside line by line instead of
//! failing as a whole:
//!
//! ```text
//! kafka-lab quiz progress v1
//! commits/7<TAB>commit-message-plus-one<TAB>1
//! all/7<TAB>idempotence-implies<TAB>0,1,2
//! ```
//!
//! (quiz key, question id, answer): a concept question's answer is the picked choices'
//! indexes, a predict or practice question's `right` or `wrong` as its run reported it. Whether
//! a concept answer is right is never stored: it is recomputed from the bank.

use crate::quiz_link::{Answer, Item, QuizLink};
use course::Part;
use kafka_sim::collect::sort;
use std::collections::BTreeMap;

/// The local-storage key; a new format gets a new key, so an old value is never misread.
pub const STORAGE_KEY: &str = "kafka-lab.quiz.v1";

/// The first line of a stored value.
const HEADER: &str = "kafka-lab quiz progress v1";

/// The stored answers of a predict or practice question.
const RIGHT: &str = "right";
const WRONG: &str = "wrong";

/// Every answer given, by quiz and question.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    answers: BTreeMap<(QuizLink, &'static str), Answer>,
}

/// What reading the stored value found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovery {
    /// Nothing stored, or a value read whole.
    Clean,
    /// Some lines could not be read (damaged, or naming questions that no longer exist) and
    /// were dropped; the others were kept.
    Repaired { dropped: usize },
    /// The value is not this version's (older, newer or damaged): set aside entirely.
    Discarded,
}

impl Progress {
    /// Reads a stored value (`None`: nothing stored). Never fails: what cannot be read is
    /// dropped and reported.
    pub fn decode(stored: Option<&str>) -> (Progress, Recovery) {
        let Some(stored) = stored else {
            return (Progress::default(), Recovery::Clean);
        };
        let mut lines = stored.lines();
        if lines.next() != Some(HEADER) {
            return (Progress::default(), Recovery::Discarded);
        }
        let mut progress = Progress::default();
        let mut dropped = 0;
        for line in lines.filter(|line| !line.trim().is_empty()) {
            match read_line(line) {
                Some((link, id, answer)) => {
                    progress.answers.insert((link, id), answer);
                }
                None => dropped += 1,
            }
        }
        let recovery = match dropped {
            0 => Recovery::Clean,
            dropped => Recovery::Repaired { dropped },
        };
        (progress, recovery)
    }

    /// The value to store.
    pub fn encode(&self) -> String {
        let mut text = String::from(HEADER);
        for ((link, id), answer) in &self.answers {
            let answer = match answer {
                Answer::Picked(picked) => picked
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
                Answer::Outcome(true) => RIGHT.to_string(),
                Answer::Outcome(false) => WRONG.to_string(),
            };
            text.push_str(&format!("\n{}\t{id}\t{answer}", link.key()));
        }
        text
    }

    /// The answer given to `item` in `link`'s quiz, if any.
    pub fn answer(&self, link: QuizLink, item: &Item) -> Option<&Answer> {
        self.answers.get(&(link, item.id()))
    }

    /// Records an answer (a later answer replaces an earlier one: a practice task may be run
    /// again). An answer the item cannot take is ignored: the page never sends one.
    pub fn record(&mut self, link: QuizLink, item: &Item, mut answer: Answer) {
        if let Answer::Picked(picked) = &mut answer {
            sort::sort(picked);
            picked.dedup();
        }
        if item.accepts(&answer) {
            self.answers.insert((link, item.id()), answer);
        }
    }

    /// The result of `link`'s quiz: one row per question, in the quiz's order.
    pub fn result(&self, link: QuizLink) -> QuizResult {
        let rows = link
            .items()
            .into_iter()
            .map(|item| {
                let answer = self.answer(link, &item).cloned();
                let correct = answer.as_ref().is_some_and(|a| item.is_right(a));
                Row {
                    item,
                    answer,
                    correct,
                }
            })
            .collect();
        QuizResult { link, rows }
    }
}

/// A question of a finished or unfinished quiz, with its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub item: Item,
    /// `None`: not answered yet.
    pub answer: Option<Answer>,
    pub correct: bool,
}

/// A quiz's answers and scores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuizResult {
    pub link: QuizLink,
    pub rows: Vec<Row>,
}

/// Right answers, answered questions, and questions, of a quiz or of one part of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub correct: usize,
    pub answered: usize,
    pub total: usize,
}

impl Score {
    fn of<'a>(rows: impl Iterator<Item = &'a Row>) -> Score {
        rows.fold(Score::default(), |score, row| Score {
            correct: score.correct + usize::from(row.correct),
            answered: score.answered + usize::from(row.answer.is_some()),
            total: score.total + 1,
        })
    }
}

impl QuizResult {
    pub fn score(&self) -> Score {
        Score::of(self.rows.iter())
    }

    /// The score of every part the quiz covers, in the outline's order.
    pub fn part_scores(&self) -> Vec<(Part, Score)> {
        Part::ALL
            .into_iter()
            .map(|part| {
                let score = Score::of(self.rows.iter().filter(|row| row.item.part() == part));
                (part, score)
            })
            .filter(|(_, score)| score.total > 0)
            .collect()
    }

    /// Every question answered.
    pub fn is_finished(&self) -> bool {
        self.rows.iter().all(|row| row.answer.is_some())
    }
}

/// One stored line, checked against the bank: the quiz must exist, hold the question, and the
/// answer must be one the question can take.
fn read_line(line: &str) -> Option<(QuizLink, &'static str, Answer)> {
    let mut fields = line.split('\t');
    let (key, id, picked) = (fields.next()?, fields.next()?, fields.next()?);
    if fields.next().is_some() {
        return None;
    }
    let link = QuizLink::from_key(key)?;
    let item = link.items().into_iter().find(|item| item.id() == id)?;
    let answer = match picked {
        RIGHT => Answer::Outcome(true),
        WRONG => Answer::Outcome(false),
        picked => {
            let picked = picked
                .split(',')
                .map(|index| index.parse::<usize>().ok())
                .collect::<Option<Vec<usize>>>()?;
            if !picked.is_sorted_by(|a, b| a < b) {
                return None;
            }
            Answer::Picked(picked)
        }
    };
    item.accepts(&answer).then_some((link, item.id(), answer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commits() -> QuizLink {
        QuizLink {
            part: Some(Part::Commits),
            seed: 7,
        }
    }

    /// The concept questions of `link`'s quiz, in its order.
    fn concepts(link: QuizLink) -> Vec<Item> {
        link.items()
            .into_iter()
            .filter(|item| matches!(item, Item::Concept(_)))
            .collect()
    }

    #[test]
    fn answers_survive_a_round_trip_through_storage() {
        let link = commits();
        let items = concepts(link);
        let mut progress = Progress::default();
        progress.record(link, &items[0], Answer::Picked(vec![1, 0, 1]));
        progress.record(link, &items[1], Answer::Picked(vec![0]));
        let (read, recovery) = Progress::decode(Some(&progress.encode()));
        assert_eq!(recovery, Recovery::Clean);
        assert_eq!(read, progress);
        assert_eq!(
            read.answer(link, &items[0]),
            Some(&Answer::Picked(vec![0, 1]))
        );
        assert_eq!(read.answer(link, &items[2]), None);
    }

    #[test]
    fn nothing_stored_is_a_clean_start() {
        assert_eq!(
            Progress::decode(None),
            (Progress::default(), Recovery::Clean)
        );
    }

    #[test]
    fn a_value_of_another_version_or_garbage_is_set_aside() {
        for stored in [
            "",
            "{\"answers\": []}",
            "kafka-lab quiz progress v0\ncommits/7\tcommit-message-plus-one\t1",
            "\u{0}\u{ffff}",
        ] {
            assert_eq!(
                Progress::decode(Some(stored)),
                (Progress::default(), Recovery::Discarded),
                "{stored:?}"
            );
        }
    }

    #[test]
    fn damaged_lines_are_dropped_and_the_rest_kept() {
        let good = "commits/7\tcommit-message-plus-one\t1";
        let stored = [
            HEADER,
            good,
            "commits/7\tno-such-question\t0",
            "offsets/7\tcommit-message-plus-one\t1",
            "commits/7\tcommit-message-plus-one\t99",
            "commits/7\tcommit-message-plus-one\t",
            "commits/7\tcommit-message-plus-one\t1,0",
            "commits/x\tcommit-message-plus-one\t1",
            "commits/7\tcommit-message-plus-one\t1\textra",
            "garbage",
        ]
        .join("\n");
        let (progress, recovery) = Progress::decode(Some(&stored));
        assert_eq!(recovery, Recovery::Repaired { dropped: 8 });
        assert_eq!(progress.encode(), format!("{HEADER}\n{good}"));
    }

    #[test]
    fn scores_count_right_answers_per_quiz_and_part() {
        let link = QuizLink {
            part: None,
            seed: 2,
        };
        let items = link.items();
        let picks = |item: &Item, correct: bool| -> Answer {
            match item {
                Item::Concept(q) => Answer::Picked(
                    (0..q.choices.len())
                        .filter(|&i| q.choices[i].correct == correct)
                        .collect(),
                ),
                _ => Answer::Outcome(correct),
            }
        };
        let mut progress = Progress::default();
        progress.record(link, &items[0], picks(&items[0], true));
        progress.record(link, &items[1], picks(&items[1], false));

        let result = progress.result(link);
        let score = result.score();
        assert_eq!(score.total, items.len());
        assert_eq!(score.answered, 2);
        assert_eq!(score.correct, 1);
        assert!(!result.is_finished());
        let parts = result.part_scores();
        assert_eq!(parts.len(), Part::ALL.len());
        assert_eq!(
            parts.iter().map(|(_, s)| s.total).sum::<usize>(),
            items.len()
        );
        assert_eq!(parts.iter().map(|(_, s)| s.answered).sum::<usize>(), 2);

        // Another quiz keeps its own answers.
        assert_eq!(progress.result(commits()).score().answered, 0);
    }

    #[test]
    fn impossible_picks_are_not_recorded() {
        let link = commits();
        let item = concepts(link)[0];
        let mut progress = Progress::default();
        progress.record(link, &item, Answer::Picked(vec![]));
        progress.record(link, &item, Answer::Picked(vec![item.choice_count()]));
        progress.record(link, &item, Answer::Outcome(true));
        assert_eq!(progress, Progress::default());
    }

    #[test]
    fn predict_and_practice_verdicts_are_stored_as_right_or_wrong() {
        let link = QuizLink {
            part: None,
            seed: 1,
        };
        let Some(item) = link
            .items()
            .into_iter()
            .find(|item| !matches!(item, Item::Concept(_)))
        else {
            return; // No lesson has a prediction and no task exists yet.
        };
        let mut progress = Progress::default();
        progress.record(link, &item, Answer::Outcome(false));
        progress.record(link, &item, Answer::Picked(vec![0]));
        let stored = progress.encode();
        assert!(
            stored.ends_with(&format!("all/1\t{}\twrong", item.id())),
            "{stored}"
        );
        let (read, recovery) = Progress::decode(Some(&stored));
        assert_eq!(recovery, Recovery::Clean);
        assert_eq!(read.answer(link, &item), Some(&Answer::Outcome(false)));
        assert_eq!(read.result(link).score().correct, 0);
    }
}
