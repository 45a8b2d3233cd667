//! What-if actions become changes of the run: commands at the moment shown, settings written
//! over the program's props, added consumers; a setting the client refuses is reported.

mod lesson_common;

use course::lesson::{Action, Change, Changes};
use kafka_sim::engine::{Command, Sim};

fn sim_at(id: &str, changes: &Changes, at: u64) -> Sim {
    let lesson = course::lesson(id).unwrap();
    let mut sim = Sim::new(lesson.scenario(changes).unwrap()).unwrap();
    sim.run_until(at);
    sim
}

#[test]
fn a_setting_choice_becomes_a_props_entry() {
    let lesson = course::lesson("producer-acks").unwrap();
    let sim = sim_at("producer-acks", &Changes::none(), 0);
    let action = Action::SetAcks(&["0", "1", "'all'"]);
    assert_eq!(lesson.actions[0], action);
    assert_eq!(
        lesson.what_if(action, &sim, 1),
        Some(Change::Setting("acks", "1".to_owned()))
    );
    assert_eq!(lesson.what_if(action, &sim, 3), None);
}

#[test]
fn crashing_the_broker_aims_at_the_leader_now() {
    let lesson = course::lesson("producer-03-async").unwrap();
    let sim = sim_at("producer-03-async", &Changes::none(), 1);
    assert_eq!(
        lesson.what_if(Action::CrashBroker, &sim, 0),
        Some(Change::Command(1, Command::CrashBroker { broker: 1 }))
    );
    assert_eq!(lesson.what_if(Action::RestartBroker, &sim, 0), None);
}

#[test]
fn flipping_idempotence_reads_the_run() {
    let lesson = course::lesson("producer-idempotence").unwrap();
    let sim = sim_at("producer-idempotence", &Changes::none(), 0);
    let off = Change::Setting("enable.idempotence", "False".to_owned());
    assert_eq!(
        lesson.what_if(Action::ToggleIdempotence, &sim, 0),
        Some(off.clone())
    );
    let mut changes = Changes::none();
    changes.push(off);
    let sim = sim_at("producer-idempotence", &changes, 0);
    assert_eq!(
        lesson.what_if(Action::ToggleIdempotence, &sim, 0),
        Some(Change::Setting("enable.idempotence", "True".to_owned()))
    );
}

#[test]
fn a_refused_setting_is_reported_with_the_clients_message() {
    let lesson = course::lesson("producer-idempotence").unwrap();
    let mut changes = Changes::none();
    changes.push(Change::Setting("acks", "0".to_owned()));
    let error = lesson.scenario(&changes).unwrap_err();
    assert!(error.detail.contains("acks"), "{}", error.detail);
    assert!(error.text.en.contains("refuses"));
}

#[test]
fn an_added_consumer_joins_the_run() {
    let lesson = course::lesson("consumer-01-cgroup").unwrap();
    let before = lesson.scenario(&Changes::none()).unwrap().consumers.len();
    let sim = sim_at("consumer-01-cgroup", &Changes::none(), 40_000);
    let add = lesson.what_if(Action::AddConsumer, &sim, 0).unwrap();
    assert_eq!(add, Change::AddConsumer(40_000));
    let mut changes = Changes::none();
    changes.push(add);
    assert_eq!(
        lesson.scenario(&changes).unwrap().consumers.len(),
        before + 1
    );
    assert_eq!(lesson.run_at_least(&changes), 51_000);
}

#[test]
fn a_crash_needs_a_running_consumer() {
    let lesson = course::lesson("consumer-01-cgroup").unwrap();
    let sim = sim_at("consumer-01-cgroup", &Changes::none(), 13_000);
    assert_eq!(
        lesson.what_if(Action::CrashConsumer, &sim, 1),
        Some(Change::Command(
            13_000,
            Command::KillConsumer { consumer: 1 }
        ))
    );
    assert_eq!(
        lesson.what_if(Action::CrashConsumer, &sim, 4),
        None,
        "not started yet"
    );
}
