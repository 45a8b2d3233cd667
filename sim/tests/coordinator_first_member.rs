//! The first consumer of a new group (KIP-394 and `group.initial.rebalance.delay.ms`): it is
//! told MEMBER_ID_REQUIRED with its member id, rejoins with it, waits the 3 s initial delay,
//! and becomes the leader of generation 1.

mod coordinator_common;

use coordinator_common::*;
use kafka_sim::coordinator::*;

#[test]
fn first_member_gets_a_member_id_then_leads_generation_one_after_the_initial_delay() {
    let mut broker = Broker::new();
    let out = broker.send(1, join(UNKNOWN_MEMBER_ID, None, range()));
    let required = join_response(&out, 1).unwrap();
    assert_eq!(required.error, Some(ErrorCode::MemberIdRequired));
    assert_eq!(required.generation, -1);
    let id = required.member_id.clone();
    assert!(id.starts_with("rdkafka-"), "{id}");
    assert_eq!(id.len(), "rdkafka-".len() + 36);
    assert_eq!(broker.group().state(), GroupState::Empty);
    assert_eq!(broker.group().members().count(), 0, "only pending");

    broker.now = 10;
    let out = broker.send(1, join(&id, None, range()));
    assert_eq!(
        join_response(&out, 1),
        None,
        "parked during the initial delay"
    );
    assert_eq!(
        state_changes(&out),
        [(GroupState::Empty, GroupState::PreparingRebalance)]
    );
    assert_eq!(broker.coordinator.poll_timeout(), 3_010);

    assert!(broker.advance_to(3_009).is_empty());
    let out = broker.advance_to(3_010);
    let response = join_response(&out, 1).expect("answered when the delay ends");
    assert_eq!(response.error, None);
    assert_eq!(response.generation, 1);
    assert_eq!(response.leader, id);
    assert_eq!(response.member_id, id);
    assert_eq!(response.protocol_name.as_deref(), Some("range"));
    assert_eq!(response.protocol_type.as_deref(), Some("consumer"));
    assert_eq!(
        response.members,
        [JoinedMember {
            member_id: id.clone(),
            group_instance_id: None,
            metadata: range()[0].metadata.clone(),
        }]
    );
    assert!(events(&out).contains(&&Event::GenerationCompleted {
        group: GROUP.into(),
        generation: 1,
        protocol: Some("range".into()),
        leader: Some(id.clone()),
        members: vec![id.clone()],
    }));
    assert_eq!(broker.group().state(), GroupState::CompletingRebalance);

    let out = broker.sync(1, &id, 1, vec![assign(&id, &[0, 1, 2, 3])]);
    let synced = sync_response(&out, 1).unwrap();
    assert_eq!(synced.error, None);
    assert_eq!(synced.assignment, tps(&[0, 1, 2, 3]));
    assert_eq!(
        state_changes(&out),
        [(GroupState::CompletingRebalance, GroupState::Stable)]
    );
    let member = broker.group().member(&id).unwrap();
    assert_eq!(
        member.assignment(),
        Some(&Assignment {
            generation: 1,
            partitions: tps(&[0, 1, 2, 3])
        })
    );
    assert_eq!(broker.heartbeat(1, &id, 1), None);
}

#[test]
fn a_member_id_that_is_never_used_lapses_after_the_session_timeout() {
    let mut broker = Broker::new();
    let out = broker.send(1, join(UNKNOWN_MEMBER_ID, None, range()));
    let id = join_response(&out, 1).unwrap().member_id.clone();
    broker.advance_to(SESSION_MS);
    broker.now = SESSION_MS;
    let out = broker.send(1, join(&id, None, range()));
    assert_eq!(
        join_response(&out, 1).unwrap().error,
        Some(ErrorCode::UnknownMemberId)
    );
}
