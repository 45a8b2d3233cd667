//! Every exercise has a unique, slug-shaped route id, and the catalogue follows the outline.

use course::{Part, exercise, exercises};

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[test]
fn ids_are_slugs() {
    for exercise in exercises() {
        assert!(is_slug(exercise.id), "not a slug: {:?}", exercise.id);
    }
}

#[test]
fn ids_are_unique() {
    let mut ids: Vec<&str> = exercises().iter().map(|e| e.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), exercises().len());
}

#[test]
fn lookup_by_id_finds_each_exercise() {
    for listed in exercises() {
        assert_eq!(exercise(listed.id), Some(listed));
    }
    assert_eq!(exercise("no-such-exercise"), None);
}

#[test]
fn exercises_follow_the_outline_and_cover_every_part() {
    let parts: Vec<Part> = exercises().iter().map(|e| e.part).collect();
    assert!(
        parts.is_sorted(),
        "exercises out of outline order: {parts:?}"
    );
    for part in Part::ALL {
        assert!(parts.contains(&part), "no exercise for {part:?}");
    }
    assert!(Part::ALL.is_sorted());
}

#[test]
fn the_brief_s_example_route_exists() {
    let auto_commit = exercise("consumer-02-auto-commit").expect("exercise");
    assert_eq!(auto_commit.part, Part::Commits);
    assert_eq!(auto_commit.sources[0].file, "Consumer_02_AutoCommit.py");
}

#[test]
fn every_text_is_written_in_both_languages() {
    for exercise in exercises() {
        for text in [exercise.title, exercise.teaches] {
            assert!(
                !text.zh_tw.trim().is_empty(),
                "{}: empty zh-TW",
                exercise.id
            );
            assert!(!text.en.trim().is_empty(), "{}: empty en", exercise.id);
        }
        assert!(!exercise.sources.is_empty(), "{}: no program", exercise.id);
    }
    for part in Part::ALL {
        assert!(!part.title().zh_tw.is_empty() && !part.title().en.is_empty());
    }
}

#[test]
fn producer_05_opens_the_consumer_group_part_as_the_course_does() {
    // Seed 000: "Consumers and Consumer Groups" starts with Producer_05_CGroup, then runs
    // Consumer_01_Cgroup against it.
    let ids: Vec<&str> = exercises().iter().map(|e| e.id).collect();
    let producer_05 = ids.iter().position(|&id| id == "producer-05-cgroup");
    let consumer_01 = ids.iter().position(|&id| id == "consumer-01-cgroup");
    assert_eq!(producer_05.map(|i| i + 1), consumer_01);
    let exercise = exercise("producer-05-cgroup").expect("exercise");
    assert_eq!(exercise.part, Part::ConsumerGroup);
    assert_eq!(exercise.sources[0].file, "Producer_05_CGroup.py");
    let first_of_part = exercises()
        .iter()
        .find(|e| e.part == Part::ConsumerGroup)
        .map(|e| e.id);
    assert_eq!(first_of_part, Some("producer-05-cgroup"));
}
