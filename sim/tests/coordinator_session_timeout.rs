//! Liveness: a member that stops heartbeating is removed `session.timeout.ms` after its last
//! heartbeat (librdkafka's default, read from the reference vectors), and the group rebalances
//! without it.

mod coordinator_common;

use coordinator_common::*;
use kafka_sim::coordinator::*;

/// `session.timeout.ms` of librdkafka from `config_defaults` in the reference vectors.
fn librdkafka_session_timeout() -> Millis {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vectors.json");
    let vectors: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    vectors["config_defaults"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["property"] == "session.timeout.ms")
        .and_then(|d| d["librdkafka"].as_u64())
        .unwrap()
}

#[test]
fn a_silent_member_is_removed_one_session_timeout_after_its_last_heartbeat() {
    let session = librdkafka_session_timeout();
    assert_eq!(session, SESSION_MS, "the requests use the vector's default");
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

    // The first member keeps heartbeating; the second's last contact was its SyncGroup at 6 s.
    for t in (9_000..51_000).step_by(3_000) {
        broker.advance_to(t);
        assert_eq!(broker.heartbeat(1, &first, 1), None, "at {t}");
    }
    assert!(broker.advance_to(6_000 + session - 1).is_empty());
    let out = broker.advance_to(6_000 + session);
    assert_eq!(
        events(&out)[..2],
        [
            &Event::MemberRemoved {
                group: GROUP.into(),
                member_id: second.clone(),
                reason: RemovalReason::SessionTimeout,
            },
            &Event::RebalanceStarted {
                group: GROUP.into(),
                generation: 1,
                reason: RebalanceReason::SessionTimeout {
                    member_id: second.clone()
                },
            },
        ]
    );
    assert_eq!(
        broker.heartbeat(2, &second, 1),
        Some(ErrorCode::UnknownMemberId)
    );
    assert_eq!(
        broker.heartbeat(1, &first, 1),
        Some(ErrorCode::RebalanceInProgress)
    );
    let out = broker.send(1, join(&first, None, range()));
    let response = join_response(&out, 1).unwrap();
    assert_eq!(response.generation, 2);
    assert_eq!(response.members.len(), 1);
}
