//! A second consumer joins a Stable group: the group rebalances, the first member learns it
//! from its heartbeat (REBALANCE_IN_PROGRESS), both rejoin, generation 2 forms, only the leader
//! gets the member list, and the followers' SyncGroup waits for the leader's.

mod coordinator_common;

use coordinator_common::*;
use kafka_sim::coordinator::*;

#[test]
fn a_new_member_rebalances_a_stable_group_into_generation_two() {
    let mut broker = Broker::new();
    let first = broker.stable_group_of_one(1);

    broker.now = 10_000;
    let out = broker.send(2, join(UNKNOWN_MEMBER_ID, None, range()));
    let second = join_response(&out, 2).unwrap().member_id.clone();
    let out = broker.send(2, join(&second, None, range()));
    assert_eq!(
        join_response(&out, 2),
        None,
        "parked until the first member rejoins"
    );
    assert!(events(&out).contains(&&Event::RebalanceStarted {
        group: GROUP.into(),
        generation: 1,
        reason: RebalanceReason::MemberAdded {
            member_id: second.clone()
        },
    }));
    assert_eq!(
        state_changes(&out),
        [(GroupState::Stable, GroupState::PreparingRebalance)]
    );

    broker.now = 12_000;
    assert_eq!(
        broker.heartbeat(1, &first, 1),
        Some(ErrorCode::RebalanceInProgress)
    );
    let out = broker.send(1, join(&first, None, range()));
    let leader = join_response(&out, 1).unwrap();
    let follower = join_response(&out, 2).unwrap();
    assert_eq!((leader.generation, follower.generation), (2, 2));
    assert_eq!(leader.leader, first);
    assert_eq!(follower.leader, first);
    let mut listed: Vec<&str> = leader
        .members
        .iter()
        .map(|m| m.member_id.as_str())
        .collect();
    listed.sort();
    let mut expected = vec![first.as_str(), second.as_str()];
    expected.sort();
    assert_eq!(listed, expected);
    assert!(follower.members.is_empty());

    assert_eq!(
        broker.heartbeat(1, &first, 1),
        Some(ErrorCode::IllegalGeneration)
    );
    assert_eq!(broker.heartbeat(1, &first, 2), None);

    let out = broker.sync(2, &second, 2, vec![]);
    assert_eq!(
        sync_response(&out, 2),
        None,
        "the follower waits for the leader"
    );
    let out = broker.sync(
        1,
        &first,
        2,
        vec![assign(&first, &[0, 1]), assign(&second, &[2, 3])],
    );
    assert_eq!(sync_response(&out, 1).unwrap().assignment, tps(&[0, 1]));
    assert_eq!(sync_response(&out, 2).unwrap().assignment, tps(&[2, 3]));
    assert_eq!(broker.group().state(), GroupState::Stable);
    assert_eq!(broker.group().generation(), 2);
}

#[test]
fn a_follower_syncing_after_the_leader_gets_its_stored_assignment() {
    let mut broker = Broker::new();
    let first = broker.join_dynamic(1);
    let second = broker.join_dynamic(2);
    // The second arrival extends the initial delay to 6 s.
    broker.advance_to(6_000);
    let out = broker.sync(
        1,
        &first,
        1,
        vec![assign(&first, &[0, 1]), assign(&second, &[2, 3])],
    );
    assert_eq!(broker.group().state(), GroupState::Stable);
    assert_eq!(sync_response(&out, 2), None);
    let out = broker.sync(2, &second, 1, vec![]);
    let response = sync_response(&out, 2).unwrap();
    assert_eq!(response.assignment, tps(&[2, 3]));
    assert_eq!(response.protocol_name.as_deref(), Some("range"));
}

#[test]
fn a_member_the_leader_left_out_gets_an_empty_assignment() {
    let mut broker = Broker::new();
    let first = broker.join_dynamic(1);
    let second = broker.join_dynamic(2);
    // The second arrival extends the initial delay to 6 s.
    broker.advance_to(6_000);
    broker.sync(2, &second, 1, vec![]);
    let out = broker.sync(
        1,
        &first,
        1,
        vec![assign(&first, &[0, 1, 2, 3]), assign("ghost", &[9])],
    );
    assert_eq!(sync_response(&out, 2).unwrap().assignment, []);
    assert_eq!(sync_response(&out, 2).unwrap().error, None);
}
