//! Consumer_01: with five instances on four partitions, the fifth is assigned nothing, as
//! the slides' console shows (`Setting newly assigned partitions: []`).

mod lesson_common;

use course::lesson::Changes;
use kafka_sim::consumer::ClientEvent;
use kafka_sim::engine::Event;

#[test]
fn the_fifth_consumer_gets_no_partition() {
    let sim = lesson_common::at_key_moment("consumer-01-cgroup", &Changes::none());
    let received: Vec<(usize, usize)> = sim
        .trace()
        .iter()
        .rev()
        .filter_map(|entry| match &entry.event {
            Event::Consumer {
                consumer,
                event: ClientEvent::AssignmentReceived { partitions, .. },
            } => Some((*consumer, partitions.len())),
            _ => None,
        })
        .take(5)
        .collect();
    assert!(received.contains(&(4, 0)), "{received:?}");
    assert_eq!(received.iter().map(|(_, n)| n).sum::<usize>(), 4);
}
