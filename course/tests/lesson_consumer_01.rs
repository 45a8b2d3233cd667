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

/// Which member idles follows the member ids, not the join order: range sorts the members by
/// member id and the last one gets nothing (librdkafka rdkafka_range_assignor.c sorts the
/// members of each topic by id). The lesson's seed makes the fifth instance's id sort last.
#[test]
fn the_idle_member_is_the_one_whose_member_id_sorts_last() {
    let sim = lesson_common::at_key_moment("consumer-01-cgroup", &Changes::none());
    let group = sim.group("tdea").expect("the group exists");
    let mut members: Vec<(&str, usize)> = group
        .members()
        .map(|member| {
            let held = member
                .assignment()
                .map_or(0, |assignment| assignment.partitions.len());
            (member.id(), held)
        })
        .collect();
    assert_eq!(members.len(), 5);
    members.sort();
    assert!(members.iter().all(|(id, _)| id.starts_with("rdkafka-")));
    let (last, rest) = members.split_last().unwrap();
    assert_eq!(last.1, 0, "{members:?}");
    assert!(rest.iter().all(|(_, held)| *held == 1), "{members:?}");
}
