//! The reference `cooperative_traces`, replayed round by round on both clients: the assignor's
//! raw output and what members receive (exact lists), what each member revokes and adds, whether
//! it rejoins, and that each round starts from what the previous one delivered.

use kafka_sim::TopicPartition;
use kafka_sim::assignor::{
    Assignment, Client, Member, Strategy, assign, cooperative_adjust, increment,
};
use kafka_sim::collect::{VecMap, VecSet};
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vectors.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn assignment_from(json: &Value) -> Assignment {
    serde_json::from_value::<VecMap<String, Vec<(String, i32)>>>(json.clone())
        .unwrap()
        .into_iter()
        .map(|(m, list)| {
            let list = list
                .into_iter()
                .map(|(t, p)| TopicPartition::new(t, p))
                .collect();
            (m, list)
        })
        .collect()
}

fn set(list: &[TopicPartition]) -> VecSet<&TopicPartition> {
    list.iter().collect()
}

#[test]
fn cooperative_traces_replay_round_by_round() {
    let vectors = vectors();
    let traces = vectors["cooperative_traces"].as_array().unwrap();
    let mut rounds_checked = 0;
    for trace in traces {
        let id = trace["id"].as_str().unwrap();
        let topics: VecMap<String, i32> = serde_json::from_value(trace["topics"].clone()).unwrap();
        for (client, key) in [(Client::Librdkafka, "librdkafka"), (Client::Java, "java")] {
            let mut delivered_before: Option<Assignment> = None;
            for round in trace[key].as_array().unwrap() {
                let at = format!("{id} {key} round {}", round["round"]);
                let members: Vec<Member> =
                    serde_json::from_value(round["members_in"].clone()).unwrap();
                if let Some(before) = &delivered_before {
                    for m in &members {
                        assert_eq!(set(&m.owned), set(&before[&m.id]), "{at}: {} owns", m.id);
                    }
                }
                let raw = assign(client, Strategy::CooperativeSticky, &topics, &members).unwrap();
                assert_eq!(raw, assignment_from(&round["assignor_raw"]), "{at}: raw");
                let delivered = cooperative_adjust(client, &raw, &members);
                assert_eq!(
                    delivered,
                    assignment_from(&round["delivered_assignment"]),
                    "{at}: delivered"
                );

                let on_revoke = assignment_from(&round["on_revoke"]);
                let on_assign = assignment_from(&round["on_assign_incremental"]);
                let mut rejoin = false;
                for m in &members {
                    let inc = increment(&m.owned, &delivered[&m.id]);
                    // The traces record the callbacks' partitions sorted.
                    assert_eq!(
                        set(&inc.revoked),
                        set(&on_revoke[&m.id]),
                        "{at}: {} revokes",
                        m.id
                    );
                    assert_eq!(
                        set(&inc.added),
                        set(&on_assign[&m.id]),
                        "{at}: {} adds",
                        m.id
                    );
                    rejoin |= inc.rejoin_required();
                }
                assert_eq!(
                    Some(rejoin),
                    round["rejoin_required"].as_bool(),
                    "{at}: rejoin"
                );
                delivered_before = Some(delivered);
                rounds_checked += 1;
            }
        }
    }
    println!("cooperative traces: {rounds_checked} rounds");
    assert_eq!(rounds_checked, 8);
}

/// `coop-join-2to3` on librdkafka, spelled out: c3 joins c1 [0,1,2] and c2 [3,4,5]; the
/// assignor moves the lowest partition of each to c3, which gets nothing until c1 and c2 have
/// revoked them and the group has rebalanced a second time.
#[test]
fn a_joining_member_waits_one_rebalance_for_moved_partitions() {
    let tp = |p| TopicPartition::new("orders", p);
    let member = |id: &str, owned: Vec<TopicPartition>, generation| Member {
        id: id.into(),
        instance_id: None,
        topics: vec!["orders".into()],
        owned,
        generation,
    };
    let topics = VecMap::from([("orders".to_owned(), 6)]);
    let round1 = [
        member("c1", vec![tp(0), tp(1), tp(2)], Some(5)),
        member("c2", vec![tp(3), tp(4), tp(5)], Some(5)),
        member("c3", vec![], None),
    ];
    let raw = assign(
        Client::Librdkafka,
        Strategy::CooperativeSticky,
        &topics,
        &round1,
    )
    .unwrap();
    assert_eq!(raw["c3"], [tp(3), tp(0)]);
    let delivered = cooperative_adjust(Client::Librdkafka, &raw, &round1);
    assert_eq!(delivered["c1"], [tp(1), tp(2)]);
    assert_eq!(delivered["c3"], []);
    assert_eq!(
        increment(&round1[0].owned, &delivered["c1"]).revoked,
        [tp(0)]
    );

    let round2 = [
        member("c1", vec![tp(1), tp(2)], Some(6)),
        member("c2", vec![tp(4), tp(5)], Some(6)),
        member("c3", vec![], Some(6)),
    ];
    let raw = assign(
        Client::Librdkafka,
        Strategy::CooperativeSticky,
        &topics,
        &round2,
    )
    .unwrap();
    let delivered = cooperative_adjust(Client::Librdkafka, &raw, &round2);
    assert_eq!(delivered["c3"], [tp(3), tp(0)]);
    assert!(!increment(&round2[2].owned, &delivered["c3"]).rejoin_required());
}

/// librdkafka hands a partition that nobody was assigned back to the member that owns it
/// ("unknown but owned", e.g. its topic was deleted); Java drops it.
#[test]
fn owned_but_unassigned_partitions_go_back_to_their_owner_only_in_librdkafka() {
    let gone = TopicPartition::new("deleted", 0);
    let kept = TopicPartition::new("t", 0);
    let members = [Member {
        id: "c1".into(),
        instance_id: None,
        topics: vec!["t".into()],
        owned: vec![gone.clone(), kept.clone()],
        generation: Some(3),
    }];
    let assigned = Assignment::from([("c1".to_owned(), vec![kept.clone()])]);
    assert_eq!(
        cooperative_adjust(Client::Librdkafka, &assigned, &members)["c1"],
        [kept.clone(), gone]
    );
    assert_eq!(
        cooperative_adjust(Client::Java, &assigned, &members)["c1"],
        [kept]
    );
}
