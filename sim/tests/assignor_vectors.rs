//! Every `assignor_cases` vector of the reference file, on the client(s) it applies to, compared
//! as its `compare` field says; and each `cross_check` (the other client's result, obtained by
//! running the real code) on the other client, as a list.

use kafka_sim::TopicPartition;
use kafka_sim::assignor::{Assignment, Client, Member, Strategy, assign, cooperative_adjust};
use kafka_sim::collect::{VecMap, VecSet};
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vectors.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn assignment_from(json: &Value) -> Assignment {
    json.as_object()
        .unwrap()
        .iter()
        .map(|(member, list)| {
            let list = list
                .as_array()
                .unwrap()
                .iter()
                .map(|pair| {
                    TopicPartition::new(pair[0].as_str().unwrap(), pair[1].as_i64().unwrap() as i32)
                })
                .collect();
            (member.clone(), list)
        })
        .collect()
}

fn as_sets(a: &Assignment) -> VecMap<&String, VecSet<&TopicPartition>> {
    a.iter()
        .map(|(m, list)| (m, list.iter().collect()))
        .collect()
}

struct Case {
    id: String,
    strategy: Strategy,
    adjusted: bool,
    topics: VecMap<String, i32>,
    members: Vec<Member>,
}

impl Case {
    fn from(json: &Value) -> Self {
        Self {
            id: json["id"].as_str().unwrap().to_owned(),
            strategy: json["strategy"].as_str().unwrap().parse().unwrap(),
            adjusted: json["assignor_output"] == "after_cooperative_adjustment",
            topics: serde_json::from_value(json["topics"].clone()).unwrap(),
            members: serde_json::from_value(json["members"].clone()).unwrap(),
        }
    }

    /// The client's raw result, or what members receive when the vector records that.
    fn run(&self, client: Client, raw: bool) -> Assignment {
        // librdkafka has no eager sticky; its cross-check ran the same (cooperative-sticky)
        // assign callback.
        let strategy = match (client, self.strategy) {
            (Client::Librdkafka, Strategy::Sticky) => Strategy::CooperativeSticky,
            (_, strategy) => strategy,
        };
        let assigned = assign(client, strategy, &self.topics, &self.members)
            .unwrap_or_else(|e| panic!("{}: {e}", self.id));
        if self.adjusted && !raw {
            cooperative_adjust(client, &assigned, &self.members)
        } else {
            assigned
        }
    }
}

fn clients(applies_to: &str) -> Vec<Client> {
    match applies_to {
        "librdkafka" => vec![Client::Librdkafka],
        "java" => vec![Client::Java],
        "both" => vec![Client::Librdkafka, Client::Java],
        other => panic!("unknown applies_to {other}"),
    }
}

fn other(client: Client) -> Client {
    match client {
        Client::Librdkafka => Client::Java,
        Client::Java | Client::KafkaPython => Client::Librdkafka,
    }
}

fn check(expected: &Assignment, actual: &Assignment, as_list: bool) -> bool {
    if as_list {
        expected == actual
    } else {
        as_sets(expected) == as_sets(actual)
    }
}

#[test]
fn every_assignor_case_passes() {
    let vectors = vectors();
    let cases = vectors["assignor_cases"].as_array().unwrap();
    let mut failures = Vec::new();
    let mut runs = 0;
    for json in cases {
        let case = Case::from(json);
        let expected = assignment_from(&json["expected"]);
        let as_list = json["compare"] == "list";
        for client in clients(json["applies_to"].as_str().unwrap()) {
            runs += 1;
            let actual = case.run(client, false);
            if !check(&expected, &actual, as_list) {
                failures.push(format!(
                    "{} ({client:?}): expected {expected:?}, got {actual:?}",
                    case.id
                ));
            }
        }
    }
    println!("assignor vectors: {runs} runs over {} cases", cases.len());
    assert_eq!(cases.len(), 96);
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The cross-checks were produced by running the other client's real assignor on the same
/// input: its raw result, in the order that client lists it.
#[test]
fn every_cross_check_passes_on_the_other_client() {
    let vectors = vectors();
    let cases = vectors["assignor_cases"].as_array().unwrap();
    let mut failures = Vec::new();
    let mut runs = 0;
    for json in cases {
        let case = Case::from(json);
        let cross = &json["cross_check"];
        let client = match cross["other_impl"].as_str().unwrap() {
            "java" => Client::Java,
            _ => Client::Librdkafka,
        };
        assert_eq!(
            clients(json["applies_to"].as_str().unwrap()),
            [other(client)],
            "{}",
            case.id
        );
        let expected = assignment_from(&cross["other_impl_raw_result"]);
        runs += 1;
        let actual = case.run(client, true);
        // librdkafka's lists are exact; Java's as exact where its HashMap order is emulated.
        if !check(&expected, &actual, true) {
            failures.push(format!(
                "{} ({client:?}): expected {expected:?}, got {actual:?}",
                case.id
            ));
        }
    }
    println!("cross-checks: {runs} runs");
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
