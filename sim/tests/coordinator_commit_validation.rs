//! OffsetCommit validation (apache/kafka `ClassicGroup.validateOffsetCommit`) and OffsetFetch:
//! a member commits with its generation; the wrong generation, an unknown member, or a commit
//! while the leader is assigning is refused; a commit of the ending generation during
//! PreparingRebalance is accepted; consumers outside group management commit with generation
//! -1 to an empty group only.

mod coordinator_common;

use coordinator_common::*;
use kafka_sim::TopicPartition;
use kafka_sim::coordinator::*;

fn commit(member_id: &str, generation: i32, offsets: &[(i32, i64)]) -> Request {
    Request::OffsetCommit(OffsetCommit {
        group_id: GROUP.into(),
        generation,
        member_id: member_id.into(),
        group_instance_id: None,
        offsets: offsets
            .iter()
            .map(|&(p, offset)| CommitOffset {
                partition: TopicPartition::new(TOPIC, p),
                offset,
                metadata: String::new(),
            })
            .collect(),
    })
}

/// The error of each partition in the commit response.
fn commit_errors(broker: &mut Broker, request: Request) -> Vec<Option<ErrorCode>> {
    let out = broker.send(7, request);
    match response_to(&out, 7) {
        Some(Response::OffsetCommit(r)) => r.partitions.iter().map(|p| p.error).collect(),
        other => panic!("{other:?}"),
    }
}

fn fetch(broker: &mut Broker, partitions: &[i32]) -> Vec<i64> {
    let out = broker.send(
        8,
        Request::OffsetFetch(OffsetFetch {
            group_id: GROUP.into(),
            partitions: tps(partitions),
        }),
    );
    match response_to(&out, 8) {
        Some(Response::OffsetFetch(r)) => r.partitions.iter().map(|p| p.offset).collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_member_of_the_current_generation_commits_and_the_offsets_can_be_fetched() {
    let mut broker = Broker::new();
    let id = broker.stable_group_of_one(1);
    assert_eq!(fetch(&mut broker, &[0, 1]), [NO_OFFSET, NO_OFFSET]);
    let out = broker.send(7, commit(&id, 1, &[(0, 5), (1, 7)]));
    assert!(events(&out).contains(&&Event::OffsetsCommitted {
        group: GROUP.into(),
        member_id: id.clone(),
        generation: 1,
        offsets: vec![
            (TopicPartition::new(TOPIC, 0), 5),
            (TopicPartition::new(TOPIC, 1), 7)
        ],
    }));
    assert_eq!(fetch(&mut broker, &[0, 1, 2]), [5, 7, NO_OFFSET]);
    assert_eq!(
        broker.group().committed(&TopicPartition::new(TOPIC, 0)),
        Some(&CommittedOffset {
            offset: 5,
            metadata: String::new(),
            commit_time: 3_000
        })
    );
}

#[test]
fn a_wrong_generation_or_an_unknown_member_is_refused_for_every_partition() {
    let mut broker = Broker::new();
    let id = broker.stable_group_of_one(1);
    assert_eq!(
        commit_errors(&mut broker, commit(&id, 0, &[(0, 5), (1, 5)])),
        [Some(ErrorCode::IllegalGeneration); 2]
    );
    assert_eq!(
        commit_errors(&mut broker, commit("rdkafka-nobody", 1, &[(0, 5)])),
        [Some(ErrorCode::UnknownMemberId)]
    );
    assert_eq!(
        commit_errors(&mut broker, commit("", -1, &[(0, 5)])),
        [Some(ErrorCode::UnknownMemberId)],
        "a simple commit into a group with members"
    );
    assert_eq!(fetch(&mut broker, &[0]), [NO_OFFSET]);
}

#[test]
fn commits_during_a_rebalance_depend_on_the_phase() {
    let mut broker = Broker::new();
    let first = broker.stable_group_of_one(1);
    broker.now = 5_000;
    let second = broker.join_dynamic(2);
    assert_eq!(broker.group().state(), GroupState::PreparingRebalance);
    assert_eq!(
        commit_errors(&mut broker, commit(&first, 1, &[(0, 10)])),
        [None],
        "the ending generation may still commit"
    );
    broker.send(1, join(&first, None, range()));
    assert_eq!(broker.group().state(), GroupState::CompletingRebalance);
    assert_eq!(
        commit_errors(&mut broker, commit(&second, 2, &[(2, 3)])),
        [Some(ErrorCode::RebalanceInProgress)]
    );
    assert_eq!(
        commit_errors(&mut broker, commit(&first, 1, &[(0, 11)])),
        [Some(ErrorCode::IllegalGeneration)]
    );
    assert_eq!(fetch(&mut broker, &[0, 2]), [10, NO_OFFSET]);
}

#[test]
fn a_consumer_outside_group_management_commits_to_an_empty_or_new_group() {
    let mut broker = Broker::new();
    assert_eq!(
        commit_errors(&mut broker, commit("", -1, &[(0, 42)])),
        [None]
    );
    assert_eq!(broker.group().state(), GroupState::Empty);
    assert_eq!(fetch(&mut broker, &[0]), [42]);
}

#[test]
fn a_generation_for_a_group_that_does_not_exist_is_group_id_not_found() {
    let mut broker = Broker::new();
    assert_eq!(
        commit_errors(&mut broker, commit("rdkafka-x", 3, &[(0, 1)])),
        [Some(ErrorCode::GroupIdNotFound)]
    );
    assert!(broker.coordinator.group(GROUP).is_none());
}

#[test]
fn metadata_longer_than_the_limit_is_refused_for_that_partition_only() {
    let mut broker = Broker::new();
    let id = broker.stable_group_of_one(1);
    let Request::OffsetCommit(mut request) = commit(&id, 1, &[(0, 1), (1, 2)]) else {
        unreachable!()
    };
    request.offsets[1].metadata = "x".repeat(4097);
    assert_eq!(
        commit_errors(&mut broker, Request::OffsetCommit(request)),
        [None, Some(ErrorCode::OffsetMetadataTooLarge)]
    );
    assert_eq!(fetch(&mut broker, &[0, 1]), [1, NO_OFFSET]);
}
