//! `add_partitions` in a scenario file's timeline: CreatePartitions with the new total count.
//! A growth is traced and the topic has the new partitions; a count that does not grow the
//! topic is refused with the controller's message and changes nothing.

use kafka_sim::TopicPartition;
use kafka_sim::engine::Event;
use kafka_sim::scenario;

const FILE: &str = r#"{
  "topics": [{"name": "t", "partitions": 2, "replication_factor": 3}],
  "timeline": [
    {"at_ms": 100, "command": "add_partitions", "topic": "t", "count": 5},
    {"at_ms": 200, "command": "add_partitions", "topic": "t", "count": 5},
    {"at_ms": 300, "command": "add_partitions", "topic": "t", "count": 3}
  ],
  "run_until_ms": 60000
}"#;

#[test]
fn a_topic_grows_and_a_shrink_is_refused() {
    let outcome = scenario::parse(FILE).unwrap().run().unwrap();
    let sim = &outcome.sim;
    let events: Vec<(u64, &Event)> = sim
        .trace()
        .iter()
        .filter(|e| {
            matches!(
                e.event,
                Event::PartitionsAdded { .. } | Event::PartitionsRefused { .. }
            )
        })
        .map(|e| (e.time, &e.event))
        .collect();
    let refused = |count, message: &str| Event::PartitionsRefused {
        topic: "t".into(),
        count,
        message: message.into(),
    };
    assert_eq!(
        events,
        vec![
            (
                100,
                &Event::PartitionsAdded {
                    topic: "t".into(),
                    count: 5
                }
            ),
            (200, &refused(5, "Topic already has 5 partition(s).")),
            (
                300,
                &refused(
                    3,
                    "The topic t currently has 5 partition(s); 3 would not be an increase."
                )
            ),
        ]
    );
    assert_eq!(sim.cluster().partition_count("t"), Some(5));
    for p in 2..5 {
        let partition = sim
            .cluster()
            .partition(&TopicPartition::new("t", p))
            .unwrap();
        assert_eq!(partition.replicas.len(), 3);
        assert_eq!(
            partition.isr.len(),
            3,
            "the new followers fetch and stay in sync"
        );
    }
}
