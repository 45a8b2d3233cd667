//! Issue 12 point 1: the order of the partition lists that `on_assign`, `on_revoke` and
//! `on_lost` receive, and of `assignment()`, on real librdkafka and on the model, for range,
//! roundrobin and cooperative-sticky. c0 and c1 join `ak03.fourpartition`, c1 stops polling
//! past `max.poll.interval.ms` (`on_lost` of its two partitions, then it joins again), c2 joins,
//! c0 closes.
//!
//! What librdkafka does (src/rdkafka_cgrp.c): an assign lists the partitions in the order the
//! leader's SyncGroup sent them (eager: `rd_kafka_rebalance_op` copies the received list;
//! cooperative: `rd_kafka_cgrp_handle_assignment_cooperative` subtracts through `rd_map_t`s
//! whose two reversals cancel), which for cooperative-sticky is often not ascending; a revoke
//! or `on_lost` lists the group assignment, sorted (`rd_kafka_cgrp_group_assignment_set`);
//! `assignment()` is sorted (rdkafka_assignment.c `rd_kafka_assignment_add`). Every step is
//! compared list for list with the model (`group_steps::run`); the lists seen are printed.

use kafka_lab_conformance::group_steps::{self, Report, Step};
use kafka_lab_conformance::member::GroupEvent;
use kafka_sim::TopicPartition;
use kafka_sim::assignor::Strategy;

const TOPIC: &str = "ak03.fourpartition";
const PARTITIONS: i32 = 4;
const STEPS: [Step; 5] = [
    Step::Join(0),
    Step::Join(1),
    Step::Lost(1),
    Step::Join(2),
    Step::Leave(0),
];

#[test]
fn range_lists_match_the_model_in_order() {
    let report = run(Strategy::Range);
    assert!(assigned_lists(&report).all(ascending));
}

#[test]
fn roundrobin_lists_match_the_model_in_order() {
    let report = run(Strategy::RoundRobin);
    assert!(assigned_lists(&report).all(ascending));
}

/// The case: the member that joins second gets its partitions as the sticky assignor
/// listed them (e.g. `[ak03.fourpartition-1, ak03.fourpartition-0]`), not sorted; its `on_lost`
/// and `assignment()` then list them sorted.
#[test]
fn cooperative_sticky_lists_match_the_model_in_order() {
    let report = run(Strategy::CooperativeSticky);
    assert!(
        assigned_lists(&report).any(|list| !ascending(list)),
        "some on_assign list is not in partition order"
    );
}

/// Runs the steps, prints what each callback carried, and checks the sorted lists: every
/// `on_revoke`/`on_lost` and every `assignment()`; `on_lost` carries what the member held.
fn run(strategy: Strategy) -> Report {
    let report = group_steps::run(strategy, TOPIC, PARTITIONS, &STEPS);
    let name = strategy.name();
    for (step, observed) in &report.seen {
        for (member, outcome) in observed {
            eprintln!(
                "{name} {step:?} {member}: {:?} holds {}",
                outcome.callbacks.iter().map(shown).collect::<Vec<_>>(),
                python_list(&outcome.held)
            );
            assert!(ascending(&outcome.held), "{name} {step:?}: assignment()");
            for callback in &outcome.callbacks {
                if let GroupEvent::Revoked(list) = callback {
                    assert!(ascending(list), "{name} {step:?}: on_revoke {list:?}");
                }
            }
        }
    }
    assert_eq!(report.lost.len(), 1, "{name}: one on_lost");
    for (step, lost, held_before) in &report.lost {
        eprintln!("{name} {step:?}: on_lost {}", python_list(lost));
        assert_eq!(
            lost, held_before,
            "{name} {step:?}: on_lost lists what was held"
        );
        assert_eq!(lost.len(), 2, "{name} {step:?}: one of two members");
        assert!(ascending(lost), "{name} {step:?}: on_lost");
    }
    eprintln!("{name}: timing-only steps {:?}", report.timing);
    eprintln!("{name}: SyncGroup-race steps {:?}", report.raced);
    report
}

fn assigned_lists(report: &Report) -> impl Iterator<Item = &[TopicPartition]> {
    report
        .seen
        .iter()
        .flat_map(|(_, observed)| observed.values())
        .flat_map(|outcome| &outcome.callbacks)
        .filter_map(|callback| match callback {
            GroupEvent::Assigned(list) => Some(list.as_slice()),
            _ => None,
        })
}

fn ascending(list: &[TopicPartition]) -> bool {
    list.windows(2).all(|pair| pair[0] < pair[1])
}

fn shown(callback: &GroupEvent) -> String {
    match callback {
        GroupEvent::Assigned(list) => format!("on_assign {}", python_list(list)),
        GroupEvent::Revoked(list) => format!("on_revoke {}", python_list(list)),
        GroupEvent::Committed { .. } => "on_commit".to_owned(),
    }
}

/// The list as the course's `partition_list` prints it: `[topic-partition, ...]`.
fn python_list(list: &[TopicPartition]) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|tp| format!("{}-{}", tp.topic, tp.partition))
        .collect();
    format!("[{}]", items.join(", "))
}
