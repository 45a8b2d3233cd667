//! A run's output: the trace as JSON Lines, one entry a line
//! (`{"time":..,"seq":..,"cause":..,"event":{..}}`), then a summary line.

use crate::TopicPartition;
use crate::collect::{VecMap, VecSet};
use crate::engine::Sim;
use serde_json::{Map, Value, json};

/// A finished run: the simulation at its stop, and whether every program had finished.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub sim: Sim,
    pub finished: bool,
}

impl Outcome {
    /// The trace entries, then the summary line.
    pub fn lines(&self) -> Vec<String> {
        let trace = self
            .sim
            .trace()
            .iter()
            .map(|entry| serde_json::to_string(entry).expect("trace entries serialize"));
        trace
            .chain([json!({ "summary": self.summary() }).to_string()])
            .collect()
    }

    /// The time the run stopped, whether the programs finished, the producers' accounting
    /// tally and, when the scenario has consumers, what they processed more than once and,
    /// per group, its committed offsets, its lag and the records it lost.
    pub fn summary(&self) -> Value {
        let sim = &self.sim;
        let mut summary = json!({
            "time": sim.now(),
            "finished": self.finished,
            "producers": sim.tally(),
        });
        if sim.consumer_count() > 0 {
            let accounting = sim.consumer_accounting();
            let duplicates: Vec<Value> = accounting
                .duplicates()
                .into_iter()
                .map(|((tp, offset), times)| json!({ "tp": tp.to_string(), "offset": offset, "times": times }))
                .collect();
            let topics: VecSet<&str> = sim
                .cluster()
                .partitions()
                .keys()
                .map(|tp| tp.topic.as_str())
                .collect();
            let groups: Map<String, Value> = sim
                .coordinator()
                .groups()
                .map(|group| {
                    let id = group.id();
                    let committed = sim.committed(id);
                    let mut lag = VecMap::new();
                    for topic in &topics {
                        lag.extend(sim.lag(id, topic));
                    }
                    let losses: Vec<Value> = accounting
                        .losses(&committed)
                        .into_iter()
                        .map(|(tp, offset)| json!({ "tp": tp.to_string(), "offset": offset }))
                        .collect();
                    let value = json!({
                        "committed": by_partition(&committed),
                        "lag": by_partition(&lag),
                        "losses": losses,
                    });
                    (id.to_owned(), value)
                })
                .collect();
            summary["consumers"] = json!({ "duplicates": duplicates, "groups": groups });
        }
        summary
    }
}

/// A per-partition map with `topic-partition` keys, as JSON objects need string keys.
fn by_partition(values: &VecMap<TopicPartition, i64>) -> Map<String, Value> {
    values
        .iter()
        .map(|(tp, value)| (tp.to_string(), json!(value)))
        .collect()
}
