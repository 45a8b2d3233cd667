//! Every concept question's "see it" link names a moment its exercise's lesson knows, and that
//! moment happens in the lesson's run: the link opens the step that shows the answer.

mod lesson_common;

use course::lesson::Changes;
use course::quiz::questions;

#[test]
fn every_see_it_step_happens_in_its_lesson() {
    for question in questions() {
        let see = question.see;
        let lesson = course::lesson(see.exercise)
            .unwrap_or_else(|| panic!("{}: no lesson {}", question.id, see.exercise));
        let trigger = lesson
            .step_named(see.step)
            .unwrap_or_else(|| panic!("{}: unknown step {:?}", question.id, see.step));
        let sim = lesson_common::run(see.exercise, &Changes::none());
        assert!(
            lesson.first(&trigger, sim.trace()).is_some(),
            "{}: {} never reaches {:?}",
            question.id,
            see.exercise,
            see.step
        );
    }
}

#[test]
fn an_unknown_step_is_none() {
    let lesson = course::lesson("producer-03-async").unwrap();
    assert_eq!(lesson.step_named("no-such-step"), None);
    assert_eq!(
        lesson.step_named("key-moment"),
        Some(lesson.key_moment.clone())
    );
}
