//! `group.initial.rebalance.delay.ms` (apache/kafka `tryCompleteInitialRebalanceElseSchedule`):
//! a new group's first join phase lasts one delay, and each delay that saw a new member is
//! followed by another, but the whole phase never outlasts the rebalance timeout.

mod coordinator_common;

use coordinator_common::*;
use kafka_sim::coordinator::*;

#[test]
fn a_second_member_arriving_during_the_initial_delay_extends_it_once() {
    let mut broker = Broker::new();
    let first = broker.join_dynamic(1);
    broker.now = 2_000;
    let second = broker.join_dynamic(2);
    // The delay ends at 3 000, sees the new member and waits another 3 000.
    assert!(broker.advance_to(3_000).is_empty());
    let out = broker.advance_to(6_000);
    let leader = join_response(&out, 1).unwrap();
    let follower = join_response(&out, 2).unwrap();
    assert_eq!((leader.generation, follower.generation), (1, 1));
    assert_eq!(leader.leader, first);
    assert_eq!(follower.leader, first);
    assert_eq!(leader.members.len(), 2);
    assert!(
        follower.members.is_empty(),
        "only the leader gets the members"
    );
    assert_eq!(follower.member_id, second);
}

#[test]
fn members_arriving_all_the_time_cannot_stretch_the_phase_past_the_rebalance_timeout() {
    let mut broker = Broker::new();
    let mut request = join(UNKNOWN_MEMBER_ID, Some("con0"), range());
    if let Request::JoinGroup(j) = &mut request {
        j.rebalance_timeout_ms = 10_000;
    }
    broker.send(0, request);
    // A member arrives every 2 s: the delay ends at 3, 6 and 9 s having seen one each time,
    // and the last extension is cut to the 1 s left of the 10 s rebalance timeout.
    let mut answered_at = None;
    for (i, t) in (2_000..=12_000).step_by(2_000).enumerate() {
        let out = broker.advance_to(t);
        if join_response(&out, 0).is_some() && answered_at.is_none() {
            answered_at = Some(t);
        }
        if answered_at.is_none() {
            let instance = format!("con{}", i + 1);
            broker.send(
                i as u32 + 1,
                join(UNKNOWN_MEMBER_ID, Some(&instance), range()),
            );
        }
    }
    assert_eq!(answered_at, Some(10_000));
    assert_eq!(broker.group().generation(), 1);
}
