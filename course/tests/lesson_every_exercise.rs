//! Every exercise of the catalog has a lesson whose runs build, run to their end and reach
//! their key moment.

mod lesson_common;

use course::exercises;
use course::lesson::Changes;

#[test]
fn every_exercise_has_a_lesson_that_runs_to_its_key_moment() {
    for exercise in exercises() {
        let lesson =
            course::lesson(exercise.id).unwrap_or_else(|| panic!("{} has no lesson", exercise.id));
        assert_eq!(lesson.id, exercise.id);
        for (run, sim) in lesson_common::runs(&lesson, &Changes::none())
            .iter()
            .enumerate()
        {
            assert!(
                lesson.key_moment_in_run(run, sim.trace()).is_some(),
                "{}: the key moment never happens",
                exercise.id
            );
        }
    }
}
