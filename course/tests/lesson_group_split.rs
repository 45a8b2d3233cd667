//! consumer-group-split: three instances of Consumer_01 started one by one. range splits the
//! four partitions 2/1/1 and the extra partition goes to the member whose id sorts first,
//! here the last to join; roundrobin splits 2/1/1 too, with P0 and P3 together.

mod lesson_common;

use course::lesson::{Action, Changes};
use kafka_sim::TopicPartition;
use kafka_sim::consumer::ClientEvent;
use kafka_sim::engine::{Event, Sim};

const ID: &str = "consumer-group-split";

/// Each consumer's partitions (numbers) after its last assignment.
fn held(sim: &Sim) -> Vec<Vec<i32>> {
    let mut held = vec![Vec::new(); 3];
    for entry in sim.trace() {
        if let Event::Consumer {
            consumer,
            event: ClientEvent::Assigned { partitions },
        } = &entry.event
        {
            held[*consumer] = partitions
                .iter()
                .map(|tp: &TopicPartition| tp.partition)
                .collect();
        }
    }
    held
}

#[test]
fn range_gives_the_extra_partition_to_the_first_member_id_not_the_first_to_join() {
    let sim = lesson_common::run(ID, &Changes::none());
    assert_eq!(held(&sim), [vec![3], vec![2], vec![0, 1]]);
    let lesson = course::lesson(ID).unwrap();
    assert_eq!(lesson.predictions[0].answer(&lesson), Some(0), "2/1/1");
}

#[test]
fn roundrobin_splits_two_one_one_with_p0_and_p3_together() {
    let lesson = course::lesson(ID).unwrap();
    let strategy = lesson
        .actions
        .iter()
        .copied()
        .find(|a| matches!(a, Action::Set { .. }))
        .expect("the strategy what-if");
    let sim = lesson_common::run(ID, &Changes::none());
    let mut changes = Changes::none();
    changes.push(lesson.what_if(strategy, &sim, 1).expect("roundrobin"));
    let sim = lesson_common::run(ID, &changes);
    let mut shape = held(&sim);
    shape.sort();
    assert_eq!(shape, [vec![0, 3], vec![1], vec![2]]);
}
