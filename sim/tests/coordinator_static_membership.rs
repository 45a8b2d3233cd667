//! Static membership (KIP-345): a member with `group.instance.id` that restarts within its
//! session timeout takes its old place, assignment and generation under a new member id with
//! no rebalance (apache/kafka `updateStaticMemberThenRebalanceOrCompleteJoin`); one that stays
//! away longer is removed and its return rebalances.

mod coordinator_common;

use coordinator_common::*;
use kafka_sim::coordinator::*;

#[test]
fn a_follower_back_within_its_session_timeout_keeps_its_place_without_a_rebalance() {
    let mut broker = Broker::new();
    let (first, old) = stable_static_pair(&mut broker);
    broker.advance_to(20_000);
    let out = rejoin_static(&mut broker, 3, "con2", LIBRDKAFKA_JOIN_GROUP_VERSION);
    let response = join_response(&out, 3).unwrap();
    let new = response.member_id.clone();
    assert_ne!(new, old);
    assert_eq!(response.error, None);
    assert_eq!(response.generation, 1);
    assert_eq!(response.leader, first);
    assert!(response.members.is_empty());
    assert_eq!(
        events(&out),
        [
            &Event::MemberRemoved {
                group: GROUP.into(),
                member_id: old.clone(),
                reason: RemovalReason::Fenced,
            },
            &Event::MemberJoined {
                group: GROUP.into(),
                member_id: new.clone(),
                group_instance_id: Some("con2".into()),
            },
        ],
        "no rebalance"
    );
    assert_eq!(broker.group().state(), GroupState::Stable);
    let out = broker.sync(3, &new, 1, vec![]);
    assert_eq!(sync_response(&out, 3).unwrap().assignment, tps(&[2, 3]));
    assert_eq!(static_heartbeat(&mut broker, &new, "con2"), None);
}

#[test]
fn a_returning_librdkafka_leader_is_told_the_old_id_leads_and_just_syncs() {
    let mut broker = Broker::new();
    let (old, _) = stable_static_pair(&mut broker);
    broker.advance_to(20_000);
    let out = rejoin_static(&mut broker, 3, "con1", LIBRDKAFKA_JOIN_GROUP_VERSION);
    let response = join_response(&out, 3).unwrap();
    let new = response.member_id.clone();
    assert_eq!(response.generation, 1);
    assert_eq!(response.leader, old, "JoinGroup v5 predates KIP-814");
    assert!(response.members.is_empty());
    assert!(!response.skip_assignment);
    assert_eq!(broker.group().leader(), Some(new.as_str()));
    let out = broker.sync(3, &new, 1, vec![]);
    assert_eq!(sync_response(&out, 3).unwrap().assignment, tps(&[0, 1]));
    assert_eq!(broker.group().generation(), 1);
}

#[test]
fn a_returning_java_leader_gets_the_members_with_skip_assignment() {
    let mut broker = Broker::new();
    let (_, second) = stable_static_pair(&mut broker);
    broker.advance_to(20_000);
    let out = rejoin_static(&mut broker, 3, "con1", JAVA_JOIN_GROUP_VERSION);
    let response = join_response(&out, 3).unwrap();
    assert_eq!(response.leader, response.member_id);
    assert!(response.skip_assignment);
    let mut listed: Vec<&str> = response
        .members
        .iter()
        .map(|m| m.member_id.as_str())
        .collect();
    listed.sort();
    let mut expected = [response.member_id.as_str(), second.as_str()];
    expected.sort();
    assert_eq!(listed, expected);
    assert_eq!(broker.group().state(), GroupState::Stable);
}

#[test]
fn a_static_member_away_longer_than_its_session_timeout_is_removed_and_its_return_rebalances() {
    let mut broker = Broker::new();
    let (first, second) = stable_static_pair(&mut broker);
    for t in (9_000..51_000).step_by(3_000) {
        broker.advance_to(t);
        assert_eq!(broker.heartbeat(1, &first, 1), None);
    }
    let out = broker.advance_to(6_000 + SESSION_MS);
    assert!(events(&out).contains(&&Event::MemberRemoved {
        group: GROUP.into(),
        member_id: second.clone(),
        reason: RemovalReason::SessionTimeout,
    }));
    broker.send(1, join(&first, Some("con1"), range()));
    assert_eq!(broker.group().generation(), 2);

    broker.advance_to(60_000);
    let out = rejoin_static(&mut broker, 3, "con2", LIBRDKAFKA_JOIN_GROUP_VERSION);
    assert_eq!(
        join_response(&out, 3),
        None,
        "parked: a new member rebalances the group"
    );
    assert_eq!(broker.group().state(), GroupState::PreparingRebalance);
}

#[test]
fn a_static_member_returning_with_another_protocol_rebalances() {
    let mut broker = Broker::new();
    let both = || protocols(&["range", "roundrobin"]);
    broker.send(1, join(UNKNOWN_MEMBER_ID, Some("con1"), both()));
    broker.send(2, join(UNKNOWN_MEMBER_ID, Some("con2"), both()));
    broker.advance_to(6_000);
    assert_eq!(broker.group().protocol_name(), Some("range"));
    let leader = broker.group().leader().unwrap().to_string();
    broker.sync(1, &leader, 1, vec![]);
    assert_eq!(broker.group().state(), GroupState::Stable);
    // Only roundrobin is now common to both: the selected protocol would change.
    let out = broker.send(
        3,
        join(UNKNOWN_MEMBER_ID, Some("con2"), protocols(&["roundrobin"])),
    );
    assert_eq!(join_response(&out, 3), None, "parked in the rebalance");
    let new = member_id_of(&broker, "con2");
    assert!(events(&out).contains(&&Event::RebalanceStarted {
        group: GROUP.into(),
        generation: 1,
        reason: RebalanceReason::StaticMemberChangedProtocol { member_id: new },
    }));
    broker.send(1, join(&leader, Some("con1"), both()));
    assert_eq!(broker.group().protocol_name(), Some("roundrobin"));
}
