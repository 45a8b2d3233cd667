//! The concept quiz is well formed: enough questions over the whole outline, every question
//! answerable and written in both languages.

use course::Part;
use course::quiz::questions;

#[test]
fn the_bank_has_20_to_30_questions_over_every_part() {
    let bank = questions();
    assert!((20..=30).contains(&bank.len()), "{} questions", bank.len());
    for part in Part::ALL {
        assert!(
            bank.iter().any(|q| q.part == part),
            "no question on {part:?}"
        );
    }
}

#[test]
fn ids_are_unique() {
    let mut ids: Vec<&str> = questions().iter().map(|q| q.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), questions().len());
}

#[test]
fn every_question_has_two_choices_and_a_correct_one() {
    for q in questions() {
        assert!(q.choices.len() >= 2, "{}: fewer than 2 choices", q.id);
        assert!(
            q.choices.iter().any(|c| c.correct),
            "{}: no correct choice",
            q.id
        );
    }
}

#[test]
fn every_text_is_written_in_both_languages_and_cites_a_source() {
    for q in questions() {
        let texts = [q.prompt, q.explanation]
            .into_iter()
            .chain(q.choices.iter().map(|c| c.text));
        for text in texts {
            assert!(!text.zh_tw.trim().is_empty(), "{}: empty zh-TW", q.id);
            assert!(!text.en.trim().is_empty(), "{}: empty en", q.id);
        }
        assert!(!q.source.trim().is_empty(), "{}: no source", q.id);
    }
}

#[test]
fn an_answer_must_be_exactly_the_correct_choices() {
    let single = questions()
        .iter()
        .find(|q| q.id == "acks-default")
        .expect("question");
    assert!(single.is_answered_by(&[2]));
    assert!(!single.is_answered_by(&[1]));
    assert!(!single.is_answered_by(&[1, 2]));
    assert!(!single.is_answered_by(&[]));

    let several = questions()
        .iter()
        .find(|q| q.id == "idempotence-implies")
        .expect("question");
    assert!(several.is_answered_by(&[0, 1, 2]));
    assert!(!several.is_answered_by(&[0, 1]));
    assert!(!several.is_answered_by(&[0, 1, 2, 3]));
}

#[test]
fn the_librdkafka_specific_answers_hold() {
    // A few answers that differ from the Java client, where a slip would teach the wrong client.
    let correct = |id: &str| -> Vec<&'static str> {
        let q = questions().iter().find(|q| q.id == id).expect(id);
        q.choices
            .iter()
            .filter(|c| c.correct)
            .map(|c| c.text.en)
            .collect()
    };
    assert_eq!(
        correct("default-assignment-strategy"),
        ["range,roundrobin: the eager protocol (every partition is revoked at a rebalance)"]
    );
    assert_eq!(
        correct("no-eager-sticky-in-librdkafka"),
        ["range, roundrobin, cooperative-sticky"]
    );
    assert_eq!(
        correct("commit-message-plus-one"),
        ["42, the next message to read"]
    );
}
