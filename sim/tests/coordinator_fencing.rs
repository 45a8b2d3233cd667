//! Fencing (KIP-345): once a new process holds a `group.instance.id`, the old member id is
//! answered FENCED_INSTANCE_ID whenever it names that instance (`ClassicGroup.validateMember`,
//! `ClassicGroup.replaceStaticMember`), which librdkafka treats as fatal.

mod coordinator_common;

use coordinator_common::*;
use kafka_sim::coordinator::*;

#[test]
fn the_replaced_instance_is_fenced() {
    let mut broker = Broker::new();
    let (_, old) = stable_static_pair(&mut broker);
    broker.advance_to(20_000);
    rejoin_static(&mut broker, 3, "con2", LIBRDKAFKA_JOIN_GROUP_VERSION);
    assert_eq!(
        static_heartbeat(&mut broker, &old, "con2"),
        Some(ErrorCode::FencedInstanceId)
    );
    let out = broker.send(2, join(&old, Some("con2"), range()));
    assert_eq!(
        join_response(&out, 2).unwrap().error,
        Some(ErrorCode::FencedInstanceId)
    );
    // Without its instance id the old member id is simply unknown.
    assert_eq!(
        broker.heartbeat(2, &old, 1),
        Some(ErrorCode::UnknownMemberId)
    );
}

#[test]
fn a_parked_sync_of_the_replaced_instance_is_answered_fenced() {
    let mut broker = Broker::new();
    let (first, old) = stable_static_pair(&mut broker);
    broker.advance_to(10_000);
    broker.send(1, join(&first, Some("con1"), range()));
    let out = broker.send(2, join(&old, Some("con2"), range()));
    assert_eq!(
        join_response(&out, 2).unwrap().generation,
        2,
        "both rejoined"
    );
    broker.sync(2, &old, 2, vec![]);
    // A second process with the same instance id starts while the old one waits in SyncGroup.
    let out = rejoin_static(&mut broker, 3, "con2", LIBRDKAFKA_JOIN_GROUP_VERSION);
    assert_eq!(
        sync_response(&out, 2).unwrap().error,
        Some(ErrorCode::FencedInstanceId)
    );
    let new = member_id_of(&broker, "con2");
    assert_ne!(new, old);
    assert!(events(&out).contains(&&Event::RebalanceStarted {
        group: GROUP.into(),
        generation: 2,
        reason: RebalanceReason::StaticMemberReplacedDuringSync { member_id: new },
    }));
}
