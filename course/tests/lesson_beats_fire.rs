//! No dead narration: every beat of every lesson happens in each of the lesson's own runs, and the
//! beat in force follows the trace.

mod lesson_common;

use course::exercises;
use course::lesson::Changes;

#[test]
fn every_beat_fires_in_the_default_run() {
    for exercise in exercises() {
        let lesson = course::lesson(exercise.id).unwrap();
        assert!(
            (6..=12).contains(&lesson.beats.len()),
            "{}: {} beats",
            exercise.id,
            lesson.beats.len()
        );
        for (run, sim) in lesson_common::runs(&lesson, &Changes::none())
            .iter()
            .enumerate()
        {
            for beat in &lesson.beats {
                assert!(
                    lesson.first_in_run(run, &beat.when, sim.trace()).is_some(),
                    "{} (run {run}): the beat {:?} never fires",
                    exercise.id,
                    beat.text.en
                );
            }
        }
    }
}

#[test]
fn the_last_beat_is_in_force_at_the_end() {
    let lesson = course::lesson("producer-01-fire-and-forget").unwrap();
    let sim = lesson_common::runs(&lesson, &Changes::none()).remove(0);
    let end = sim.trace().last().unwrap().seq;
    assert_eq!(lesson.beat_at(sim.trace(), end), lesson.beats.last());
    assert_eq!(lesson.beat_at(sim.trace(), 0), lesson.beats.first());
}

/// The page finds each beat's start once in the whole run (`Lesson::narration_in_run`): at
/// every entry it tells the beat that the part of the run up to that entry starts last.
#[test]
fn the_narration_found_once_agrees_with_every_prefix_of_the_run() {
    for id in ["consumer-07-rebalance-callback", "producer-03-async"] {
        let lesson = course::lesson(id).unwrap();
        for (run, sim) in lesson_common::runs(&lesson, &Changes::none())
            .iter()
            .enumerate()
        {
            let trace = sim.trace();
            let narration = lesson.narration_in_run(run, trace);
            for (at, entry) in trace.iter().enumerate().step_by(7) {
                let prefix = lesson.beat_in_run(run, &trace[..=at], entry.seq);
                let found = narration.at(entry.seq).map(|beat| &lesson.beats[beat]);
                assert_eq!(found, prefix, "{id} (run {run}) at {}", entry.seq);
            }
        }
    }
}
