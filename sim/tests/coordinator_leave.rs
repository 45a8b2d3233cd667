//! LeaveGroup: the member is gone at once and the group rebalances without waiting for a
//! session timeout; when the leader leaves, a remaining member leads.

mod coordinator_common;

use coordinator_common::*;
use kafka_sim::coordinator::*;

fn leave(member_id: &str, instance: Option<&str>) -> Request {
    Request::LeaveGroup(LeaveGroup {
        group_id: GROUP.into(),
        members: vec![MemberIdentity {
            member_id: member_id.into(),
            group_instance_id: instance.map(str::to_string),
        }],
    })
}

#[test]
fn the_leader_leaving_hands_leadership_to_the_remaining_member() {
    let mut broker = Broker::new();
    let first = broker.join_dynamic(1);
    let second = broker.join_dynamic(2);
    // The second arrival extends the initial delay to 6 s.
    broker.advance_to(6_000);
    broker.sync(2, &second, 1, vec![]);
    broker.sync(
        1,
        &first,
        1,
        vec![assign(&first, &[0, 1]), assign(&second, &[2, 3])],
    );

    broker.now = 8_000;
    let out = broker.send(1, leave(&first, None));
    match response_to(&out, 1) {
        Some(Response::LeaveGroup(r)) => {
            assert_eq!(r.error, None);
            assert_eq!(r.members[0].error, None);
        }
        other => panic!("{other:?}"),
    }
    assert!(events(&out).contains(&&Event::MemberRemoved {
        group: GROUP.into(),
        member_id: first.clone(),
        reason: RemovalReason::Left,
    }));
    assert_eq!(broker.group().leader(), Some(second.as_str()));
    assert_eq!(broker.group().state(), GroupState::PreparingRebalance);

    assert_eq!(
        broker.heartbeat(2, &second, 1),
        Some(ErrorCode::RebalanceInProgress)
    );
    let out = broker.send(2, join(&second, None, range()));
    let response = join_response(&out, 2).unwrap();
    assert_eq!(response.generation, 2);
    assert_eq!(response.leader, second);
    assert_eq!(response.members.len(), 1);
}

#[test]
fn the_last_member_leaving_empties_the_group_and_bumps_the_generation() {
    let mut broker = Broker::new();
    let id = broker.stable_group_of_one(1);
    let out = broker.send(1, leave(&id, None));
    assert_eq!(
        state_changes(&out),
        [
            (GroupState::Stable, GroupState::PreparingRebalance),
            (GroupState::PreparingRebalance, GroupState::Empty)
        ]
    );
    assert_eq!(broker.group().generation(), 2);
    assert_eq!(broker.group().leader(), None);
    assert_eq!(
        broker.heartbeat(1, &id, 2),
        Some(ErrorCode::UnknownMemberId)
    );
}

#[test]
fn unknown_members_are_refused_one_by_one() {
    let mut broker = Broker::new();
    broker.stable_group_of_one(1);
    let out = broker.send(2, leave("nobody", None));
    match response_to(&out, 2) {
        Some(Response::LeaveGroup(r)) => {
            assert_eq!(r.error, None);
            assert_eq!(r.members[0].error, Some(ErrorCode::UnknownMemberId));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(broker.group().state(), GroupState::Stable);
    let out = broker.send(2, leave(UNKNOWN_MEMBER_ID, Some("no-such-instance")));
    match response_to(&out, 2) {
        Some(Response::LeaveGroup(r)) => {
            assert_eq!(r.members[0].error, Some(ErrorCode::UnknownMemberId))
        }
        other => panic!("{other:?}"),
    }
}
