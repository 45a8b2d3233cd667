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
