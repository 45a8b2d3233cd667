//! Every text the lessons show: beats, counter and action labels, and the labels of runs
//! shown side by side (a single run is labelled with the exercise's title, checked with the
//! catalog).

use course::Text;
use course::exercises;

/// Each lesson text with the lesson it belongs to.
pub fn all() -> Vec<(String, Text)> {
    let mut texts = Vec::new();
    for exercise in exercises() {
        let Some(lesson) = course::lesson(exercise.id) else {
            continue;
        };
        let name = || exercise.id.to_owned();
        texts.extend(lesson.beats.iter().map(|beat| (name(), beat.text)));
        texts.extend(lesson.counters.iter().map(|c| (name(), c.label())));
        texts.extend(lesson.actions.iter().map(|a| (name(), a.label())));
        for prediction in &lesson.predictions {
            texts.push((name(), prediction.prompt));
            texts.push((name(), prediction.explanation));
            texts.extend(prediction.choices.iter().map(|guess| (name(), guess.text)));
        }
        let runs = lesson.runs();
        if runs.len() > 1 {
            texts.extend(runs.into_iter().map(|label| (name(), label)));
        }
    }
    texts
}
