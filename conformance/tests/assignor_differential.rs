//! Issue 12 (2): librdkafka's own assignors, run through `csrc/assignor_harness.c`, against the
//! model's (`kafka_sim::assignor::run`, which `kafka-sim assign` calls) over thousands of random
//! groups per strategy: several topics, members subscribed to different topics, owned partitions
//! listed in random order (some claimed twice, some of deleted topics or partitions, some of
//! topics the member left), members without a previous generation (-1), static members
//! (`group.instance.id`). Every member's list must be equal, order included: the order the
//! leader serializes into SyncGroup is the order the member receives
//! (`rd_kafka_buf_write_topic_partitions` keeps the list's order).
//!
//! librdkafka's cooperative-sticky code crashes its process on some groups (a freed pointer
//! read, a failed `rd_assert`); the harness runs each group in a forked child, and on exactly
//! those groups the model must report `assignor::Undefined`.
//!
//! `ASSIGN_SEED` and `ASSIGN_CASES` change the seed (printed) and the number of groups.
//! A failure prints the first differing group as a `kafka-sim assign` request line, with
//! librdkafka's lists and the model's.

#[path = "assignor_differential/groups.rs"]
mod groups;
#[path = "assignor_differential/harness.rs"]
mod harness;

// The harness is compiled into this crate's library by build.rs; naming the crate links it,
// and with it librdkafka (through `rdkafka-sys`).
extern crate kafka_lab_conformance;

use groups::{Group, SplitMix64};
use harness::{Answer, Librdkafka};
use kafka_sim::assignor::{self, Client, Member, Strategy, Undefined, wire};
use serde_json::{Value, json};

/// The strategies librdkafka registers (`rd_kafka_assignors_init`): it has no eager `sticky`,
/// only `cooperative-sticky`, so that is the one sticky algorithm there is to compare.
const STRATEGIES: [Strategy; 3] = [
    Strategy::Range,
    Strategy::RoundRobin,
    Strategy::CooperativeSticky,
];
const DEFAULT_SEED: u64 = 0x6b61_666b_615f_6c61;
const DEFAULT_CASES: usize = 2500;

#[test]
fn librdkafka_and_the_model_assign_the_same_lists_in_the_same_order() {
    let seed = env_number("ASSIGN_SEED").unwrap_or(DEFAULT_SEED);
    let cases = env_number("ASSIGN_CASES").map_or(DEFAULT_CASES, |n| n as usize);
    eprintln!("assignor_differential: seed {seed:#x}, {cases} groups per strategy");
    let mut report = Vec::new();
    for strategy in STRATEGIES {
        let librdkafka = Librdkafka::new(strategy.name()).unwrap();
        let mut rng = SplitMix64(seed);
        let mut differing = Vec::new();
        let mut crashed = 0;
        for case in 0..cases {
            let group = Group::random(&mut rng);
            let (lists, undefined) = model_assign(strategy, &group);
            let mismatch = match (librdkafka.assign(&group), undefined) {
                (Answer::Lists(expected), None) if expected == lists => continue,
                (Answer::Crashed(_), Some(_)) => {
                    crashed += 1;
                    continue;
                }
                (Answer::Lists(expected), None) => {
                    format!("librdkafka: {expected}\n  model:      {lists}")
                }
                (Answer::Lists(expected), Some(why)) => format!(
                    "librdkafka answered {expected}\n  but the model says librdkafka's code \
                     leaves defined behaviour: {why}"
                ),
                (Answer::Crashed(signal), None) => format!(
                    "{signal}\n  but the model saw no undefined behaviour; it answered {lists}"
                ),
            };
            differing.push((case, group, mismatch));
        }
        eprintln!(
            "  {}: {} of {cases} groups differ; librdkafka crashed on {crashed}, each where the \
             model says its code leaves defined behaviour",
            strategy.name(),
            differing.len(),
        );
        if let Some((case, group, mismatch)) = differing.first() {
            report.push(format!(
                "{}: {} of {cases} groups differ (seed {seed:#x}); first, case {case}:\n  \
                 request:    {}\n  {mismatch}",
                strategy.name(),
                differing.len(),
                group.request(strategy),
            ));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

/// librdkafka registers no eager `sticky` assignor; the model refuses it for the librdkafka
/// profile with librdkafka's own words (`rd_kafka_assignors_init`).
#[test]
fn librdkafka_and_the_model_both_refuse_eager_sticky() {
    let librdkafka = Librdkafka::new("sticky")
        .err()
        .expect("librdkafka has no sticky");
    let model = assignor::assign(
        Client::Librdkafka,
        Strategy::Sticky,
        &Default::default(),
        &[],
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        librdkafka,
        "Unsupported partition.assignment.strategy: sticky"
    );
    assert!(model.starts_with(&librdkafka), "{model}");
}

fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|e| panic!("{name}={text}: {e}")))
}

/// The model's answer, reached the way `kafka-sim assign` reaches it: the request's JSON read
/// into `Member`s, `assignor::run`, the lists written by `wire::assignment_json`; and where the
/// model says librdkafka's code leaves defined behaviour.
fn model_assign(strategy: Strategy, group: &Group) -> (Value, Option<Undefined>) {
    let request = group.request(strategy);
    let members: Vec<Member> = serde_json::from_value(request["members"].clone()).unwrap();
    let topics = serde_json::from_value(request["topics"].clone()).unwrap();
    match assignor::run(Client::Librdkafka, strategy, &topics, &members) {
        Ok(outcome) => (
            wire::assignment_json(&outcome.assignment),
            outcome.undefined,
        ),
        Err(e) => (json!({ "error": e.to_string() }), None),
    }
}
