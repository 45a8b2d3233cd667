//! Every lesson's predictions: the answer key comes from the run (exactly one choice claims
//! what the run shows, so every other choice is wrong in that same run), the question comes
//! before its reveal, and every lesson asks one before its key moment.

use course::lesson::{Changes, Prediction, played, predictions};
use kafka_sim::collect::VecSet;

fn lessons() -> Vec<course::lesson::Lesson> {
    course::exercises()
        .iter()
        .filter_map(|exercise| course::lesson(exercise.id))
        .collect()
}

#[test]
fn every_prediction_is_answered_by_its_run_before_which_it_is_asked() {
    for lesson in lessons() {
        for prediction in &lesson.predictions {
            let id = prediction.id;
            let outcome = prediction
                .outcome(&lesson)
                .unwrap_or_else(|| panic!("{id}: the run shows its question and its reveal"));
            assert!(
                outcome.ask < outcome.reveal,
                "{id}: asked at entry {} but revealed at {}",
                outcome.ask,
                outcome.reveal
            );
            assert!(
                (2..=4).contains(&prediction.choices.len()),
                "{id}: 2 to 4 choices"
            );
            let matching: Vec<_> = prediction
                .choices
                .iter()
                .filter(|guess| guess.claims == outcome.observed)
                .collect();
            assert_eq!(
                matching.len(),
                1,
                "{id}: exactly one choice claims what the run shows, {:?}",
                outcome.observed
            );
            assert_eq!(
                prediction.answer(&lesson),
                prediction
                    .choices
                    .iter()
                    .position(|g| g.claims == outcome.observed),
                "{id}: answer() agrees"
            );
        }
    }
}

#[test]
fn every_lesson_asks_its_first_prediction_before_its_key_moment_in_its_own_run() {
    for lesson in lessons() {
        let first: &Prediction = lesson
            .predictions
            .first()
            .unwrap_or_else(|| panic!("{} has a prediction", lesson.id));
        assert_eq!(
            first.changes,
            Changes::none(),
            "{}: the page asks the first prediction on the lesson's own run",
            lesson.id
        );
        let run = played(&lesson, &Changes::none()).expect("the lesson runs");
        let key = lesson
            .key_moment_in(run.trace())
            .expect("the key moment happens");
        let ask = lesson
            .first(&first.ask, run.trace())
            .expect("the question is reached");
        assert!(
            ask < key,
            "{}: {} is asked at entry {ask}, the key moment is at {key}",
            lesson.id,
            first.id
        );
    }
}

#[test]
fn prediction_ids_are_unique_and_there_are_enough_for_the_quiz() {
    let all = predictions();
    let ids: VecSet<&str> = all.iter().map(|(_, p)| p.id).collect();
    assert_eq!(ids.len(), all.len(), "prediction ids are unique");
    assert!(all.len() >= 15, "{} predictions", all.len());
    for (lesson, prediction) in &all {
        assert!(
            course::lesson(lesson).is_some_and(|l| l.predictions.contains(prediction)),
            "{}: listed with its lesson {lesson}",
            prediction.id
        );
        for text in [prediction.prompt, prediction.explanation]
            .into_iter()
            .chain(prediction.choices.iter().map(|g| g.text))
        {
            assert!(
                !text.zh_tw.trim().is_empty() && !text.en.trim().is_empty(),
                "{}: every text in both languages",
                prediction.id
            );
        }
    }
}
