//! `offsets.retention.minutes` (7 days by default): the sweep that runs every
//! `offsets.retention.check.interval.ms` (10 min) removes the offsets of an Empty group once the
//! retention has passed since it became Empty, then deletes the group; a Stable consumer group
//! only loses offsets of topics it no longer subscribes to, counted from their commit
//! (apache/kafka `OffsetMetadataManager.cleanupExpiredOffsets`,
//! `ClassicGroup.offsetExpirationCondition`).

mod coordinator_common;

use coordinator_common::*;
use kafka_sim::TopicPartition;
use kafka_sim::coordinator::*;

const SWEEP_MS: Millis = 600_000;
const WEEK_MS: Millis = 7 * 24 * 60 * 60 * 1000;

fn commit(member_id: &str, generation: i32, partition: TopicPartition, offset: i64) -> Request {
    Request::OffsetCommit(OffsetCommit {
        group_id: GROUP.into(),
        generation,
        member_id: member_id.into(),
        group_instance_id: None,
        offsets: vec![CommitOffset {
            partition,
            offset,
            metadata: String::new(),
        }],
    })
}

fn leave(member_id: &str) -> Request {
    Request::LeaveGroup(LeaveGroup {
        group_id: GROUP.into(),
        members: vec![MemberIdentity {
            member_id: member_id.into(),
            group_instance_id: None,
        }],
    })
}

#[test]
fn an_empty_groups_offsets_expire_a_week_after_it_emptied_and_the_group_is_deleted() {
    let mut broker = Broker::new();
    let id = broker.stable_group_of_one(1);
    broker.send(1, commit(&id, 1, TopicPartition::new(TOPIC, 0), 5));
    broker.now = 10_000;
    broker.send(1, leave(&id));
    assert_eq!(broker.group().state(), GroupState::Empty);

    // The first sweep at least a week after 10 s is the 1 009th.
    let sweep = 1_009 * SWEEP_MS;
    assert!(sweep >= 10_000 + WEEK_MS && sweep - SWEEP_MS < 10_000 + WEEK_MS);
    assert!(broker.advance_to(sweep - 1).is_empty());
    assert!(
        broker
            .group()
            .committed(&TopicPartition::new(TOPIC, 0))
            .is_some()
    );
    let out = broker.advance_to(sweep);
    assert_eq!(
        events(&out),
        [
            &Event::OffsetsExpired {
                group: GROUP.into(),
                partitions: vec![TopicPartition::new(TOPIC, 0)],
            },
            &Event::StateChanged {
                group: GROUP.into(),
                from: GroupState::Empty,
                to: GroupState::Dead,
            },
        ]
    );
    assert!(broker.coordinator.group(GROUP).is_none());

    // A consumer that comes back starts a new group at generation 1.
    let id = broker.join_dynamic(1);
    let out = broker.advance_to(broker.now + 3_000);
    assert_eq!(join_response(&out, 1).unwrap().generation, 1);
    assert_eq!(join_response(&out, 1).unwrap().member_id, id);
}

#[test]
fn an_empty_group_without_offsets_is_deleted_at_the_next_sweep() {
    let mut broker = Broker::new();
    let id = broker.stable_group_of_one(1);
    broker.send(1, leave(&id));
    let out = broker.advance_to(SWEEP_MS);
    assert_eq!(state_changes(&out), [(GroupState::Empty, GroupState::Dead)]);
    assert!(broker.coordinator.group(GROUP).is_none());
}

#[test]
fn a_stable_group_keeps_its_subscribed_offsets_and_loses_the_others() {
    let hour = 3_600_000;
    let mut broker = Broker::with_config(CoordinatorConfig {
        offsets_retention_ms: hour,
        ..CoordinatorConfig::default()
    });
    let id = broker.stable_group_of_one(1);
    broker.send(1, commit(&id, 1, TopicPartition::new(TOPIC, 0), 5));
    broker.send(1, commit(&id, 1, TopicPartition::new("old-topic", 0), 9));
    let mut expired = Vec::new();
    for t in (6_000..=hour + SWEEP_MS).step_by(3_000) {
        expired.extend(events(&broker.advance_to(t)).into_iter().cloned());
        assert_eq!(broker.heartbeat(1, &id, 1), None);
    }
    assert_eq!(
        expired,
        [Event::OffsetsExpired {
            group: GROUP.into(),
            partitions: vec![TopicPartition::new("old-topic", 0)],
        }]
    );
    assert!(
        broker
            .group()
            .committed(&TopicPartition::new(TOPIC, 0))
            .is_some()
    );
}
