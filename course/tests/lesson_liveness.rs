//! consumer-liveness and consumer-max-poll: what the narration says the runs show.

mod lesson_common;

use course::lesson::{Action, Changes};
use kafka_sim::consumer::{ClientEvent, Printed, ProgramEvent};
use kafka_sim::coordinator::Event as Coordinator;
use kafka_sim::engine::{Event, Sim};

fn with(id: &str, name: &str, choice: usize) -> Changes {
    let lesson = course::lesson(id).unwrap();
    let action = lesson
        .actions
        .iter()
        .copied()
        .find(|a| match a {
            Action::Set { name: n, .. } => *n == name,
            Action::SetArgument { .. } => name == "argv",
            _ => false,
        })
        .expect("the what-if");
    let sim = lesson_common::run(id, &Changes::none());
    let mut changes = Changes::none();
    changes.push(lesson.what_if(action, &sim, choice).expect("a choice"));
    changes
}

fn time_of(sim: &Sim, found: impl Fn(&Event) -> bool) -> Option<u64> {
    sim.trace().iter().find(|e| found(&e.event)).map(|e| e.time)
}

fn removal_after_kill(sim: &Sim) -> u64 {
    let killed = time_of(sim, |e| matches!(e, Event::ConsumerKilled { .. })).unwrap();
    let removed = time_of(sim, |e| {
        matches!(e.coordinator(), Some(Coordinator::MemberRemoved { .. }))
    })
    .unwrap();
    removed - killed
}

#[test]
fn the_killed_member_is_removed_within_the_session_timeout_not_at_once() {
    let sim = lesson_common::run("consumer-liveness", &Changes::none());
    let delay = removal_after_kill(&sim);
    assert!((3_000..=6_000).contains(&delay), "{delay}");
    let lesson = course::lesson("consumer-liveness").unwrap();
    assert_eq!(lesson.predictions[0].answer(&lesson), Some(2));
    // librdkafka's default session: the partitions wait up to 45 s.
    let sim = lesson_common::run(
        "consumer-liveness",
        &with("consumer-liveness", "session.timeout.ms", 1),
    );
    let delay = removal_after_kill(&sim);
    assert!((42_000..=45_000).contains(&delay), "{delay}");
}

#[test]
fn a_session_below_the_brokers_minimum_is_refused_and_printed() {
    let changes = with("consumer-liveness", "session.timeout.ms", 2);
    let sim = lesson_common::run("consumer-liveness", &changes);
    let printed: Vec<String> = sim
        .trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::ConsumerProgram {
                consumer: 0,
                event: ProgramEvent::Printed { printed, .. },
            } => Some(course::console::consumer_lines(printed)),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(
        printed
            .iter()
            .any(|line| line.contains("INVALID_SESSION_TIMEOUT")),
        "{printed:?}"
    );
}

/// The times consumer 0 ran its `on_lost`, and the MAXPOLL lines it logged.
fn lost_and_logged(sim: &Sim) -> (usize, usize) {
    let lost = sim
        .trace()
        .iter()
        .filter(|e| {
            let Event::ConsumerProgram {
                event: ProgramEvent::Printed { printed, .. },
                ..
            } = &e.event
            else {
                return false;
            };
            matches!(
                **printed,
                Printed::Partitions {
                    callback: kafka_sim::consumer::CallbackKind::OnLost,
                    ..
                }
            )
        })
        .count();
    let logged = sim
        .trace()
        .iter()
        .filter(|e| {
            matches!(
                &e.event,
                Event::Consumer {
                    event: ClientEvent::Logged { .. },
                    ..
                }
            )
        })
        .count();
    (lost, logged)
}

#[test]
fn processing_longer_than_max_poll_logs_loses_and_rejoins() {
    let sim = lesson_common::run("consumer-max-poll", &Changes::none());
    let (lost, logged) = lost_and_logged(&sim);
    assert!(lost >= 1 && logged >= 1);
    let line = sim
        .trace()
        .iter()
        .find_map(|e| match &e.event {
            Event::Consumer {
                event: ClientEvent::Logged { facility, text },
                ..
            } => Some(course::console::log_line(1_700_000_013_506, *facility, text).text),
            _ => None,
        })
        .unwrap();
    assert!(
        line.starts_with("%4|1700000013.506|MAXPOLL|rdkafka#consumer-1| [thrd:main]: Application maximum poll interval (10000ms) exceeded by "),
        "{line}"
    );
    let lesson = course::lesson("consumer-max-poll").unwrap();
    assert_eq!(lesson.predictions[0].answer(&lesson), Some(1));
}

#[test]
fn the_default_interval_or_shorter_processing_keeps_the_partitions() {
    for changes in [
        with("consumer-max-poll", "max.poll.interval.ms", 2),
        with("consumer-max-poll", "argv", 1),
    ] {
        let sim = lesson_common::run("consumer-max-poll", &changes);
        assert_eq!(lost_and_logged(&sim), (0, 0), "{changes:?}");
    }
}

/// 30 s covers one slow record but not the next batch, which grew while the program fell
/// behind (a record every 3 s, 12 s each): the interval is exceeded later, not never.
#[test]
fn a_longer_interval_only_postpones_it_while_batches_grow() {
    let logged = |changes: &Changes| {
        let sim = lesson_common::run("consumer-max-poll", changes);
        time_of(&sim, |e| {
            matches!(
                e,
                Event::Consumer {
                    event: ClientEvent::Logged { .. },
                    ..
                }
            )
        })
    };
    let default = logged(&Changes::none()).expect("exceeded");
    let longer = logged(&with("consumer-max-poll", "max.poll.interval.ms", 1)).expect("exceeded");
    assert!(default < 15_000 && longer > 50_000, "{default} {longer}");
}
