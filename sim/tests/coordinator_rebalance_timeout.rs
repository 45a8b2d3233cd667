//! The join and sync phases are bounded by the rebalance timeout (the members'
//! `max.poll.interval.ms`): a dynamic member that does not rejoin is dropped from the new
//! generation, and a member that never sends SyncGroup is dropped and the group rebalances.

mod coordinator_common;

use coordinator_common::*;
use kafka_sim::coordinator::*;

#[test]
fn a_member_that_does_not_rejoin_in_time_is_left_out_of_the_next_generation() {
    let mut broker = Broker::new();
    let first = broker.join_dynamic(1);
    let second = broker.join_dynamic(2);
    broker.advance_to(6_000);
    broker.sync(2, &second, 1, vec![]);
    broker.sync(
        1,
        &first,
        1,
        vec![assign(&first, &[0, 1]), assign(&second, &[2, 3])],
    );

    // The leader rejoins at 10 s (say, a topic's partition count changed), which rebalances;
    // the second keeps heartbeating but never rejoins (its application is stuck between polls).
    broker.advance_to(10_000);
    broker.send(1, join(&first, None, range()));
    for t in (12_000..310_000).step_by(3_000) {
        broker.advance_to(t);
        assert_eq!(
            broker.heartbeat(2, &second, 1),
            Some(ErrorCode::RebalanceInProgress)
        );
    }
    // The leader sent nothing while its JoinGroup was parked, far longer than its session
    // timeout: a parked member needs no heartbeat.
    let out = broker.advance_to(10_000 + MAX_POLL_MS);
    assert_eq!(
        events(&out)[0],
        &Event::MemberRemoved {
            group: GROUP.into(),
            member_id: second.clone(),
            reason: RemovalReason::NotRejoined,
        }
    );
    let leader = join_response(&out, 1).unwrap();
    assert_eq!(leader.generation, 2);
    assert_eq!(leader.leader, first);
    assert_eq!(leader.members.len(), 1);
    assert_eq!(
        broker.heartbeat(2, &second, 1),
        Some(ErrorCode::UnknownMemberId)
    );
}

#[test]
fn a_member_that_never_syncs_is_removed_when_the_sync_phase_times_out() {
    let mut broker = Broker::new();
    let first = broker.join_dynamic(1);
    let second = broker.join_dynamic(2);
    broker.advance_to(6_000);
    broker.sync(
        1,
        &first,
        1,
        vec![assign(&first, &[0, 1]), assign(&second, &[2, 3])],
    );
    assert_eq!(broker.group().state(), GroupState::Stable);
    // Both keep heartbeating, but the second never sends SyncGroup.
    for t in (9_000..306_000).step_by(3_000) {
        broker.advance_to(t);
        assert_eq!(broker.heartbeat(1, &first, 1), None);
        assert_eq!(broker.heartbeat(2, &second, 1), None);
    }
    let out = broker.advance_to(6_000 + MAX_POLL_MS);
    assert_eq!(
        events(&out)[..2],
        [
            &Event::MemberRemoved {
                group: GROUP.into(),
                member_id: second.clone(),
                reason: RemovalReason::NotSynced,
            },
            &Event::RebalanceStarted {
                group: GROUP.into(),
                generation: 1,
                reason: RebalanceReason::SyncExpired {
                    member_ids: vec![second.clone()]
                },
            },
        ]
    );
}
