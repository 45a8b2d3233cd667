//! `kafka-sim assign`: one assignor run per request line.
//!
//! Request (one JSON object per line):
//!
//! ```json
//! {"strategy": "range", "client": "librdkafka", "topics": {"t1": 3},
//!  "members": [{"id": "c1", "instance_id": null, "topics": ["t1"],
//!               "owned": [["t1", 0]], "generation": 5}]}
//! ```
//!
//! - `strategy`: `range`, `roundrobin`, `sticky` (Java and kafka-python) or
//!   `cooperative-sticky`.
//! - `client`: `librdkafka` (default, the course's confluent-kafka-python), `java` or
//!   `kafka-python` (3.0.12).
//! - `topics`: topic name -> partition count, as the cluster's metadata has them.
//! - `members`: in the order the leader lists them; `instance_id` (`group.instance.id`),
//!   `owned` (partitions as `[topic, partition]`) and `generation` are optional.
//!
//! Answer: `{"assignment": {"c1": [["t1", 0], ...]}}`, every member present, each list in the
//! order the client produces it. For `cooperative-sticky` also `"delivered"`: what each member
//! receives in this rebalance once partitions changing owner are withheld (KIP-429); and, for a
//! group on which librdkafka's own sticky code leaves defined behaviour (its leader crashes),
//! `"librdkafka_undefined"`: where (see `assignor::Undefined`); where kafka-python's sticky
//! code picks a partition by Python's per-process hash order, `"kafka_python_arbitrary"`: where
//! (see `assignor::Arbitrary`; the answer is one of those the library can give).
//! A bad request is answered `{"error": "..."}`; so is a group kafka-python's assignor raises
//! on (its exception, e.g. `"KeyError: ('c1', ())"`) or never returns from.

use kafka_sim::assignor::{self, Client, Member, Strategy, wire};
use kafka_sim::collect::VecMap;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    strategy: String,
    #[serde(default)]
    client: Option<String>,
    topics: VecMap<String, i32>,
    members: Vec<Member>,
}

pub fn handle(request: Value) -> Result<Value, String> {
    let request: Request =
        serde_json::from_value(request).map_err(|e| format!("bad assign request: {e}"))?;
    let strategy: Strategy = request.strategy.parse().map_err(|e| format!("{e}"))?;
    let client: Client = match &request.client {
        Some(name) => name.parse().map_err(|e| format!("{e}"))?,
        None => Client::default(),
    };
    let outcome = assignor::run(client, strategy, &request.topics, &request.members)
        .map_err(|e| e.to_string())?;
    let mut answer = json!({ "assignment": wire::assignment_json(&outcome.assignment) });
    if strategy.is_cooperative() {
        let delivered = assignor::cooperative_adjust(client, &outcome.assignment, &request.members);
        answer["delivered"] = wire::assignment_json(&delivered);
    }
    if let Some(undefined) = outcome.undefined {
        answer["librdkafka_undefined"] = json!(undefined.to_string());
    }
    if let Some(arbitrary) = outcome.arbitrary {
        answer["kafka_python_arbitrary"] = json!(arbitrary.to_string());
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_request_is_answered_with_pairs() {
        let answer = handle(json!({
            "strategy": "range",
            "topics": {"t1": 3},
            "members": [{"id": "c1", "topics": ["t1"]}, {"id": "c2", "topics": ["t1"]}]
        }))
        .unwrap();
        assert_eq!(
            answer,
            json!({"assignment": {"c1": [["t1", 0], ["t1", 1]], "c2": [["t1", 2]]}})
        );
    }

    #[test]
    fn eager_sticky_is_refused_for_librdkafka() {
        let error = handle(json!({"strategy": "sticky", "topics": {}, "members": []})).unwrap_err();
        assert!(
            error.starts_with("Unsupported partition.assignment.strategy: sticky"),
            "{error}"
        );
    }

    #[test]
    fn missing_fields_are_reported() {
        let error = handle(json!({"strategy": "range"})).unwrap_err();
        assert!(error.contains("missing field `topics`"), "{error}");
    }
}
