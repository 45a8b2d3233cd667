//! Running a lesson as the app does: every run to the end of its programs and at least to the
//! time the lesson asks for.
#![allow(dead_code)]

use course::lesson::{Changes, Lesson};
use kafka_sim::engine::Sim;

/// The longest run the step-through simulates (the app's limit).
pub const RUN_LIMIT: u64 = 10 * 60 * 1_000;

/// Every run of `lesson` with `changes`, played to its end.
pub fn runs(lesson: &Lesson, changes: &Changes) -> Vec<Sim> {
    let at_least = lesson.run_at_least(changes);
    lesson
        .scenarios(changes)
        .expect("the lesson's scenarios build")
        .into_iter()
        .map(|run| {
            let mut sim = Sim::new(run.scenario).expect("the scenario is valid");
            sim.run_until_done(RUN_LIMIT);
            sim.run_until(at_least.max(sim.now()));
            sim
        })
        .collect()
}

/// The first run of lesson `id` with `changes`, played to its end.
pub fn run(id: &str, changes: &Changes) -> Sim {
    let lesson = course::lesson(id).expect("the lesson exists");
    runs(&lesson, changes).remove(0)
}

/// The first run of lesson `id` with `changes`, played up to and including its key moment.
pub fn at_key_moment(id: &str, changes: &Changes) -> Sim {
    let lesson = course::lesson(id).expect("the lesson exists");
    let full = run(id, changes);
    let seq = lesson
        .key_moment_in(full.trace())
        .expect("the key moment happens");
    let mut sim = Sim::new(lesson.scenario(changes).unwrap()).unwrap();
    while sim.trace().last().is_none_or(|entry| entry.seq < seq) {
        assert!(sim.step(), "the replay reaches the key moment");
    }
    sim
}
