//! Golden: the course's Consumer_01 on `ak03.fourpartition` (4 partitions) with the default
//! `range` strategy, consumers c0..c4 joining one by one, as librdkafka's mock cluster shows it
//! (mock-cluster-notes.md): [0,1,2,3]; [0,1] [2,3]; [0,1] [2] [3]; [0] [1] [2] [3]; then [].

use kafka_sim::assignor::{Client, Member, Strategy, assign};
use kafka_sim::collect::VecMap;

const TOPIC: &str = "ak03.fourpartition";

fn partitions_as_members_join(joined: usize) -> Vec<Vec<i32>> {
    let topics = VecMap::from([(TOPIC.to_owned(), 4)]);
    let members: Vec<Member> = (0..joined)
        .map(|i| Member {
            id: format!("c{i}-0b3f6a2e"),
            topics: vec![TOPIC.to_owned()],
            ..Member::default()
        })
        .collect();
    let assignment = assign(Client::Librdkafka, Strategy::Range, &topics, &members).unwrap();
    members
        .iter()
        .map(|m| assignment[&m.id].iter().map(|tp| tp.partition).collect())
        .collect()
}

#[test]
fn range_on_four_partitions_as_consumers_join() {
    assert_eq!(partitions_as_members_join(1), [vec![0, 1, 2, 3]]);
    assert_eq!(partitions_as_members_join(2), [vec![0, 1], vec![2, 3]]);
    assert_eq!(
        partitions_as_members_join(3),
        [vec![0, 1], vec![2], vec![3]]
    );
    assert_eq!(
        partitions_as_members_join(4),
        [vec![0], vec![1], vec![2], vec![3]]
    );
    assert_eq!(
        partitions_as_members_join(5),
        [vec![0], vec![1], vec![2], vec![3], vec![]]
    );
}
