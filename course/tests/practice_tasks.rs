//! Practice tasks: each is failed by the course's program as is and passed by a known good
//! choice of its knobs, both found by running the model; the moment it went wrong is an
//! entry of the run's trace; the graded facts agree with the model's own accounting.

use course::lesson::Counter;
use course::practice::{Attempt, ChoiceLabel, Knob, Measure, Task, task, tasks};
use kafka_sim::consumer::process::{CallbackKind, Printed};
use kafka_sim::engine::{Event, Sim};

/// For each task, a choice of knobs (an index per knob) that passes it. Only this test knows
/// them: the grader reads the run.
const GOOD: &[(&str, &[usize])] = &[
    ("no-duplicate-after-lost-response", &[1, 0]),
    ("lose-nothing-leader-crash", &[2]),
    ("no-reprocessing-after-crash", &[1, 0]),
    ("restart-without-rebalance", &[1, 0]),
    ("fewest-partitions-moved", &[2]),
    ("keep-lag-low", &[1, 0]),
];

fn good(task: &Task) -> &'static [usize] {
    GOOD.iter()
        .find(|(id, _)| *id == task.id)
        .map(|(_, picks)| *picks)
        .unwrap_or_else(|| panic!("{}: no known good choice", task.id))
}

fn attempt(task: &Task, picks: &[usize]) -> Attempt {
    task.attempt(picks)
        .unwrap_or_else(|e| panic!("{} {picks:?}: {} {}", task.id, e.text.en, e.detail))
}

#[test]
fn there_are_at_least_six_tasks_with_unique_ids_in_both_languages() {
    let all = tasks();
    assert!(all.len() >= 6, "{} tasks", all.len());
    for (i, task) in all.iter().enumerate() {
        assert!(
            all[..i].iter().all(|t| t.id != task.id),
            "{} twice",
            task.id
        );
        assert_eq!(course::practice::task(task.id).map(|t| t.id), Some(task.id));
        for text in [task.goal, task.scene] {
            assert!(!text.zh_tw.is_empty() && !text.en.is_empty(), "{}", task.id);
            assert_ne!(text.zh_tw, text.en, "{}", task.id);
        }
        assert!(course::exercise(task.exercise).is_some(), "{}", task.id);
        assert!(!task.knobs.is_empty() && !task.grading.is_empty());
        for (k, knob) in task.knobs.iter().enumerate() {
            assert!(
                knob.choice_count() >= 2,
                "{}: knob {k} offers a choice",
                task.id
            );
            assert_eq!(
                task.choice_labels(k, &task.defaults()).len(),
                knob.choice_count(),
                "{}",
                task.id
            );
        }
    }
    assert!(task("no-such-task").is_none());
}

#[test]
fn the_course_program_as_is_fails_every_task_at_a_moment_of_its_run() {
    for task in tasks() {
        let run = attempt(&task, &task.defaults());
        assert!(!run.passed(), "{}: the default passes", task.id);
        let moment = run.went_wrong().expect("a failed run went wrong somewhere");
        let entry = run
            .sim
            .trace()
            .iter()
            .find(|entry| entry.seq == moment.seq)
            .unwrap_or_else(|| panic!("{}: {moment:?} is not in the trace", task.id));
        assert_eq!(entry.time, moment.time, "{}", task.id);
        for fact in &run.facts {
            assert_eq!(fact.passed(), fact.went_wrong.is_none(), "{}", task.id);
        }
    }
}

#[test]
fn a_known_good_choice_passes_every_task() {
    for task in tasks() {
        let picks = good(&task);
        assert_ne!(picks, task.defaults().as_slice(), "{}", task.id);
        let run = attempt(&task, picks);
        assert!(run.passed(), "{} {picks:?}: {:?}", task.id, run.facts);
        assert_eq!(run.went_wrong(), None);
    }
}

/// The facts, for the default and the good choice of every task, as the model's own
/// accounting counts them.
#[test]
fn the_graded_facts_agree_with_the_models_accounting() {
    for task in tasks() {
        for picks in [task.defaults(), good(&task).to_vec()] {
            let run = attempt(&task, &picks);
            for fact in &run.facts {
                let expected = accounted(fact.measure, &run);
                assert_eq!(fact.value, expected, "{} {picks:?}: {fact:?}", task.id);
            }
        }
    }
}

/// What the model says about `measure` in the run, without the grader's code.
fn accounted(measure: Measure, run: &Attempt) -> u64 {
    let sim = &run.sim;
    let tally = sim.tally();
    let groups = || sim.coordinator().groups();
    let count = |n: usize| n as u64;
    match measure {
        Measure::RecordsProcessedTwice => count(sim.consumer_accounting().duplicates().len()),
        Measure::RecordsNeverProcessed => count(
            groups()
                .map(|g| {
                    sim.consumer_accounting()
                        .losses(&sim.committed(g.id()))
                        .len()
                })
                .sum(),
        ),
        Measure::MessagesLost => count(tally.lost + tally.lost_before_ack),
        Measure::MessagesWrittenTwice => count(tally.duplicated),
        Measure::MessagesNotAcknowledged => count(tally.queued - tally.acknowledged),
        // Every rebalance after the first one bumps the generation once more.
        Measure::RebalancesAfterForming => groups().map(|g| g.generation().max(1) as u64 - 1).sum(),
        Measure::PartitionsTakenFromRunning => revoked_lists(sim),
        Measure::HighestLag => highest_lag_counter(run),
    }
}

/// The partitions in every `on_revoke` list the consumers printed (the lesson stops none of
/// them, so every revoke takes partitions from a running consumer).
fn revoked_lists(sim: &Sim) -> u64 {
    let stopped = sim.trace().iter().any(|entry| {
        matches!(
            entry.event,
            Event::ConsumerInterrupted { .. } | Event::ConsumerKilled { .. }
        )
    });
    assert!(!stopped, "the run stops no consumer");
    (0..sim.consumer_count())
        .flat_map(|c| sim.consumer_console(c))
        .map(|(_, _, printed)| match printed {
            Printed::Partitions {
                callback: CallbackKind::OnRevoke,
                partitions,
            } => partitions.len() as u64,
            _ => 0,
        })
        .sum()
}

/// The lesson's lag counter after every step of a replay of the run, at its highest; at the
/// end it is the model's `Sim::lag`.
fn highest_lag_counter(run: &Attempt) -> u64 {
    let lesson = course::lesson(run.exercise).expect("the lesson exists");
    let mut sim = Sim::new(lesson.scenario(&run.changes).expect("it builds")).expect("valid");
    let mut highest = 0;
    while sim.next_time().is_some_and(|at| at <= run.sim.now()) {
        sim.step();
        highest = highest.max(Counter::Lag.value(&sim, sim.projection()));
    }
    let at_end: i64 = sim
        .coordinator()
        .groups()
        .flat_map(|g| sim.lag(g.id(), "ak03.fourpartition").into_values())
        .sum();
    assert_eq!(Counter::Lag.value(&sim, sim.projection()), at_end as u64);
    highest
}

#[test]
fn a_choice_the_client_refuses_is_an_error_with_its_message() {
    let task = task("no-duplicate-after-lost-response").unwrap();
    let Knob::Setting { name, choices } = task.knobs[1] else {
        panic!("the second knob is acks");
    };
    assert_eq!(name, "acks");
    let zero = choices.iter().position(|c| *c == Some("0")).unwrap();
    let error = task.attempt(&[1, zero]).unwrap_err();
    assert!(error.detail.contains("acks"), "{}", error.detail);
    assert!(error.text.en.contains("refuses"), "{}", error.text.en);
}

#[test]
fn a_choice_that_does_not_exist_is_an_error_not_a_panic() {
    let task = task("lose-nothing-leader-crash").unwrap();
    assert!(task.attempt(&[9]).is_err());
    assert!(task.attempt(&[]).is_err());
    assert!(task.attempt(&[0, 0]).is_err());
}

#[test]
fn choices_show_what_the_program_writes() {
    let task = task("lose-nothing-leader-crash").unwrap();
    let labels = task.choice_labels(0, &task.defaults());
    assert_eq!(labels[0], ChoiceLabel::AsWritten(Some("0".to_owned())));
    assert_eq!(labels[2], ChoiceLabel::Value("'all'"));
    let restart = course::practice::task("restart-without-rebalance").unwrap();
    assert_eq!(
        restart.choice_labels(0, &restart.defaults())[0],
        ChoiceLabel::AsWritten(None)
    );
    let commits = course::practice::task("no-reprocessing-after-crash").unwrap();
    // The interval as the picked program writes it: Consumer_02 sets it, Consumer_03 does not.
    let interval = |program| commits.choice_labels(1, &[program, 0])[0].clone();
    assert_eq!(interval(0), ChoiceLabel::AsWritten(Some("5000".to_owned())));
    assert_eq!(interval(1), ChoiceLabel::AsWritten(None));
    assert!(matches!(
        commits.choice_labels(0, &commits.defaults())[1],
        ChoiceLabel::Program {
            file: "Consumer_03_CommitSync.py",
            ..
        }
    ));
}
