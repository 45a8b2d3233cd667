//! A quiz link (`#/quiz?part=commits&seed=7`): which questions a quiz holds and in which
//! order. The order is a shuffle seeded by the link, so a whole class that opens the same link
//! gets the same quiz.

use crate::route::Route;
use course::quiz::{Question, part_by_slug, part_slug, questions};
use course::{Part, Text};
use kafka_sim::collect::sort;
use std::sync::OnceLock;

/// The seed a link with a malformed seed falls back to.
pub const DEFAULT_SEED: u32 = 1;

/// The `part` value of a quiz over every part.
const ALL_PARTS: &str = "all";

/// One quiz: a part (or every part) and the seed of its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct QuizLink {
    /// `None`: every part.
    pub part: Option<Part>,
    pub seed: u32,
}

/// A question of a quiz.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    /// A question of the concept bank (`course::quiz`), answered by picking choices.
    Concept(&'static Question),
    /// A lesson's prediction, asked in the lesson's own run (`PredictQuestion`).
    Predict(&'static Predict),
    /// A practice task, graded from the model's run (`PracticeTask`).
    Practice(&'static Practice),
}

/// A prediction as a quiz question: `predict-<id>`, in the part of its lesson's exercise.
#[derive(Debug, PartialEq, Eq)]
pub struct Predict {
    pub id: String,
    pub lesson: &'static str,
    pub prediction: &'static str,
    pub part: Part,
    pub prompt: Text,
}

/// A practice task as a quiz question: `practice-<id>`.
#[derive(Debug, PartialEq, Eq)]
pub struct Practice {
    pub id: String,
    pub task: &'static str,
    pub part: Part,
    pub goal: Text,
}

/// What a student gave: picked choices (a concept question), or the verdict the embedded
/// question or task reported (predict, practice).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Answer {
    Picked(Vec<usize>),
    Outcome(bool),
}

impl Item {
    /// The id in `data-question`, in the stored progress and in the exports.
    pub fn id(&self) -> &'static str {
        match *self {
            Item::Concept(q) => q.id,
            Item::Predict(p) => &p.id,
            Item::Practice(p) => &p.id,
        }
    }

    /// The kind in `data-kind`: `concept`, `predict` or `practice`.
    pub fn kind(&self) -> &'static str {
        match self {
            Item::Concept(_) => "concept",
            Item::Predict(_) => "predict",
            Item::Practice(_) => "practice",
        }
    }

    pub fn part(&self) -> Part {
        match self {
            Item::Concept(q) => q.part,
            Item::Predict(p) => p.part,
            Item::Practice(p) => p.part,
        }
    }

    /// What the bank lists: the question, the prediction's question or the task's goal.
    pub fn prompt(&self) -> Text {
        match self {
            Item::Concept(q) => q.prompt,
            Item::Predict(p) => p.prompt,
            Item::Practice(p) => p.goal,
        }
    }

    /// Whether `answer` is of this item's kind and possible (picked choices must exist).
    pub fn accepts(&self, answer: &Answer) -> bool {
        match (self, answer) {
            (Item::Concept(q), Answer::Picked(picked)) => {
                !picked.is_empty() && picked.iter().all(|&index| index < q.choices.len())
            }
            (Item::Predict(_) | Item::Practice(_), Answer::Outcome(_)) => true,
            _ => false,
        }
    }

    /// Whether `answer` is right.
    pub fn is_right(&self, answer: &Answer) -> bool {
        match (self, answer) {
            (Item::Concept(q), Answer::Picked(picked)) => q.is_answered_by(picked),
            (Item::Predict(_) | Item::Practice(_), Answer::Outcome(right)) => *right,
            _ => false,
        }
    }

    /// How many choices it shows (0 for the embedded kinds, which show their own).
    pub fn choice_count(&self) -> usize {
        match self {
            Item::Concept(q) => q.choices.len(),
            Item::Predict(_) | Item::Practice(_) => 0,
        }
    }
}

/// Every question of the bank as quiz items, in the outline's order; within a part the
/// concept questions, then the predictions, then the practice tasks.
pub fn bank() -> Vec<Item> {
    let mut items: Vec<Item> = questions().iter().map(Item::Concept).collect();
    items.extend(predicts().iter().map(Item::Predict));
    items.extend(practices().iter().map(Item::Practice));
    // Stable: the kinds keep their order within a part.
    sort::sort_by_key(&mut items, Item::part);
    items
}

/// Every lesson's predictions, built once (building lessons is not free).
fn predicts() -> &'static [Predict] {
    static PREDICTS: OnceLock<Vec<Predict>> = OnceLock::new();
    PREDICTS.get_or_init(|| {
        course::lesson::predictions()
            .into_iter()
            .filter_map(|(lesson, prediction)| {
                Some(Predict {
                    id: format!("predict-{}", prediction.id),
                    lesson,
                    prediction: prediction.id,
                    part: course::exercise(lesson)?.part,
                    prompt: prediction.prompt,
                })
            })
            .collect()
    })
}

/// Every practice task, built once.
fn practices() -> &'static [Practice] {
    static PRACTICES: OnceLock<Vec<Practice>> = OnceLock::new();
    PRACTICES.get_or_init(|| {
        course::practice::tasks()
            .into_iter()
            .map(|task| Practice {
                id: format!("practice-{}", task.id),
                task: task.id,
                part: task.part,
                goal: task.goal,
            })
            .collect()
    })
}

impl QuizLink {
    /// The `part` value of the link: a part's slug, or `all`.
    pub fn part_slug(&self) -> &'static str {
        self.part.map_or(ALL_PARTS, part_slug)
    }

    /// The link's query: `part=commits&seed=7`.
    pub fn query(&self) -> String {
        format!("part={}&seed={}", self.part_slug(), self.seed)
    }

    pub fn href(&self) -> String {
        Route::Quiz(self.query()).href()
    }

    /// The name of its progress and of its result files: `commits/7`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.part_slug(), self.seed)
    }

    /// Reads a [`QuizLink::key`]; anything else is `None`.
    pub fn from_key(key: &str) -> Option<QuizLink> {
        let (part, seed) = key.split_once('/')?;
        Some(QuizLink {
            part: read_part(part).ok()?,
            seed: read_seed(seed)?,
        })
    }

    /// The order `item`'s choices are shown in (indexes into the bank's choices): shuffled by
    /// the link's seed and the question's id, so that the right answer is not always first and
    /// everyone with the link sees the same letters.
    pub fn choice_order(&self, item: &Item) -> Vec<usize> {
        let mut order: Vec<usize> = (0..item.choice_count()).collect();
        shuffle(&mut order, self.seed ^ fnv1a(item.id()));
        order
    }

    /// Its questions, in the order its seed gives.
    pub fn items(&self) -> Vec<Item> {
        let mut items: Vec<Item> = bank()
            .into_iter()
            .filter(|item| self.part.is_none_or(|part| item.part() == part))
            .collect();
        shuffle(&mut items, self.seed);
        items
    }
}

/// What a `#/quiz` query asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// No quiz named: the page lists the bank and offers to start one.
    Overview,
    /// A quiz; without a seed the page picks one and writes it into the URL.
    Quiz {
        part: Option<Part>,
        seed: Option<u32>,
    },
    /// A query the page cannot follow: what is wrong, and the quiz shown instead.
    Malformed {
        problems: Vec<Problem>,
        fallback: QuizLink,
    },
}

/// What is wrong with a quiz query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    UnknownPart(String),
    BadSeed(String),
}

/// Reads the query of `#/quiz?...`. Parameters other than `part` and `seed` are ignored (a
/// course page may add its own); the last of a repeated parameter counts.
pub fn parse(query: &str) -> Request {
    let mut part = None;
    let mut seed = None;
    let mut problems = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "part" => match read_part(value) {
                Ok(found) => part = Some(found),
                Err(problem) => problems.push(problem),
            },
            "seed" => match read_seed(value) {
                Some(found) => seed = Some(found),
                None => problems.push(Problem::BadSeed(value.to_string())),
            },
            _ => {}
        }
    }
    if !problems.is_empty() {
        return Request::Malformed {
            problems,
            fallback: QuizLink {
                part: part.flatten(),
                seed: seed.unwrap_or(DEFAULT_SEED),
            },
        };
    }
    match (part, seed) {
        (None, None) => Request::Overview,
        (part, seed) => Request::Quiz {
            part: part.flatten(),
            seed,
        },
    }
}

/// `all` is `None`, a part's slug that part.
fn read_part(value: &str) -> Result<Option<Part>, Problem> {
    if value == ALL_PARTS {
        return Ok(None);
    }
    part_by_slug(value)
        .map(Some)
        .ok_or_else(|| Problem::UnknownPart(value.to_string()))
}

/// A seed is a decimal `u32`, digits only.
fn read_seed(value: &str) -> Option<u32> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// 32-bit FNV-1a: a fixed hash of a question's id, to give each question its own choice order.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811C_9DC5, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// Fisher-Yates driven by SplitMix64 (a fixed, named generator): the same seed gives the same
/// order on every browser and in the tests.
fn shuffle<T>(items: &mut [T], seed: u32) {
    let mut state = u64::from(seed);
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..items.len()).rev() {
        // The modulo bias over at most a few dozen items is far below anything visible.
        let j = (next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(link: QuizLink) -> Vec<&'static str> {
        link.items().iter().map(Item::id).collect()
    }

    #[test]
    fn the_same_link_gives_the_same_order_and_another_seed_another() {
        let link = QuizLink {
            part: None,
            seed: 7,
        };
        assert_eq!(ids(link), ids(link));
        assert_ne!(ids(link), ids(QuizLink { seed: 8, ..link }));
        let mut sorted = ids(link);
        sorted.sort_unstable();
        let mut bank: Vec<&str> = bank().iter().map(Item::id).collect();
        bank.sort_unstable();
        assert_eq!(sorted, bank, "a shuffle keeps every question once");
    }

    #[test]
    fn the_order_is_fixed_forever() {
        // A shared link must not change meaning between releases: pin one shuffle.
        let mut numbers: Vec<u32> = (0..8).collect();
        shuffle(&mut numbers, 7);
        assert_eq!(numbers, [1, 4, 5, 2, 6, 0, 3, 7]);
    }

    #[test]
    fn choices_are_shuffled_per_question_and_not_always_right_first() {
        let link = QuizLink {
            part: None,
            seed: 7,
        };
        let items = link.items();
        for item in &items {
            let mut order = link.choice_order(item);
            assert_eq!(order, link.choice_order(item));
            order.sort_unstable();
            assert_eq!(order, (0..item.choice_count()).collect::<Vec<_>>());
        }
        let first_is_right = items
            .iter()
            .filter(|item| match item {
                Item::Concept(q) => q.choices[link.choice_order(item)[0]].correct,
                _ => false,
            })
            .count();
        assert!(
            first_is_right < items.len() * 2 / 3,
            "{first_is_right} of {} show a right answer first",
            items.len()
        );
    }

    #[test]
    fn a_part_quiz_holds_that_parts_questions_only() {
        let link = QuizLink {
            part: Some(Part::Commits),
            seed: 3,
        };
        let items = link.items();
        assert!(!items.is_empty());
        assert!(items.iter().all(|item| item.part() == Part::Commits));
        let in_bank = bank()
            .iter()
            .filter(|item| item.part() == Part::Commits)
            .count();
        assert_eq!(items.len(), in_bank);
    }

    #[test]
    fn queries_are_read() {
        assert_eq!(parse(""), Request::Overview);
        assert_eq!(parse("utm=x"), Request::Overview);
        assert_eq!(
            parse("part=commits&seed=7"),
            Request::Quiz {
                part: Some(Part::Commits),
                seed: Some(7)
            }
        );
        assert_eq!(
            parse("part=all"),
            Request::Quiz {
                part: None,
                seed: None
            }
        );
        assert_eq!(
            parse("seed=42"),
            Request::Quiz {
                part: None,
                seed: Some(42)
            }
        );
    }

    #[test]
    fn malformed_queries_name_the_problem_and_fall_back() {
        assert_eq!(
            parse("part=kommits&seed=7"),
            Request::Malformed {
                problems: vec![Problem::UnknownPart("kommits".into())],
                fallback: QuizLink {
                    part: None,
                    seed: 7
                },
            }
        );
        for seed in ["", "-1", "+3", "1e3", "4294967296", "seven", "%37"] {
            assert_eq!(
                parse(&format!("part=offsets&seed={seed}")),
                Request::Malformed {
                    problems: vec![Problem::BadSeed(seed.into())],
                    fallback: QuizLink {
                        part: Some(Part::Offsets),
                        seed: DEFAULT_SEED
                    },
                },
                "{seed:?}"
            );
        }
        assert_eq!(
            parse("part&seed"),
            Request::Malformed {
                problems: vec![
                    Problem::UnknownPart(String::new()),
                    Problem::BadSeed(String::new())
                ],
                fallback: QuizLink {
                    part: None,
                    seed: DEFAULT_SEED
                },
            }
        );
    }

    #[test]
    fn links_and_keys_round_trip() {
        for part in Part::ALL.into_iter().map(Some).chain([None]) {
            let link = QuizLink {
                part,
                seed: 4_000_000_000,
            };
            assert_eq!(QuizLink::from_key(&link.key()), Some(link));
            let Route::Quiz(query) = Route::parse(&link.href()) else {
                panic!("{} is no quiz route", link.href());
            };
            assert_eq!(
                parse(&query),
                Request::Quiz {
                    part,
                    seed: Some(link.seed)
                }
            );
        }
        for key in [
            "",
            "commits",
            "commits/",
            "nope/1",
            "commits/x",
            "commits/1/2",
        ] {
            assert_eq!(QuizLink::from_key(key), None, "{key:?}");
        }
    }
}
