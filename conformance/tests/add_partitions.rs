//! Issue 12, point 7: does CreatePartitions on a subscribed topic raise the group's generation
//! by 2? A group of two (range) shares a 2-partition topic on the mock cluster; an AdminClient
//! asks for 4 partitions.
//!
//! librdkafka's mock cannot run this case: it implements no CreatePartitions
//! (`rd_kafka_mock_api_handlers` in src/rdkafka_mock_handlers.c has no entry for it, and its
//! own API only creates topics, `rd_kafka_mock_topic_create`): the request gets no answer and
//! ends with `OperationTimedOut` ("Local: Timed out"), and the topic keeps 2 partitions. The
//! test asserts that, so that it notices when a later mock grows the topic. It also records (on stderr) what the members saw: their member ids and
//! the generation of each `on_assign`.
//!
//! What a real broker and librdkafka do instead, read from their source (and what the model
//! does, `sim/tests/engine_consumer_add_partitions.rs`): each member's own metadata refresh
//! (`topic.metadata.refresh.interval.ms`) sees the new count and makes it rejoin
//! (`rd_kafka_cgrp_metadata_update_check`). The first to rejoin starts a rebalance; the
//! other's later rejoin carries the same range subscription (generation -1, nothing owned:
//! `rd_kafka_assignor_get_metadata_with_empty_userdata`), so a real broker answers it with the
//! current generation (`classicGroupJoinExistingMember`) unless it is the leader: the
//! generation rises by 1. The mock would rebalance on every JoinGroup
//! (`rd_kafka_mock_cgrp_classic_member_add`), giving 2.

use kafka_lab_conformance::client_config;
use kafka_lab_conformance::member::{Member, drive_until};
use kafka_lab_conformance::mock::Mock;
use rdkafka::admin::{AdminClient, AdminOptions, NewPartitions};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

const TOPIC: &str = "ak03.twopartition";

/// Waits for an admin future: the admin client's own thread completes it, so polling it now
/// and then with a no-op waker is enough (the harness has no async runtime).
fn wait<F: Future>(future: F, timeout: Duration) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    let deadline = Instant::now() + timeout;
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        assert!(Instant::now() < deadline, "the admin request did not end");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn partition_count(bootstrap: &str) -> usize {
    let reader: BaseConsumer = client_config(bootstrap, "metadata-reader", &[])
        .create()
        .expect("create the metadata reader");
    let metadata = reader
        .fetch_metadata(Some(TOPIC), Duration::from_secs(10))
        .expect("read the metadata");
    metadata.topics()[0].partitions().len()
}

#[test]
fn the_mock_refuses_create_partitions_so_the_group_keeps_its_generation() {
    let mock = Mock::start(1);
    mock.create_topic(TOPIC, 2);
    let settings = [
        ("group.id", "grow"),
        ("partition.assignment.strategy", "range"),
        ("session.timeout.ms", "4000"),
        ("heartbeat.interval.ms", "100"),
        ("topic.metadata.refresh.interval.ms", "1000"),
    ];
    let members: Vec<Member> = ["c0", "c1"]
        .iter()
        .map(|id| Member::subscribe(&client_config(&mock.bootstrap(), id, &settings), &[TOPIC]))
        .collect();
    let refs: Vec<&Member> = members.iter().collect();
    // Settled: one partition each, both assigned in the same (last) generation.
    drive_until(&refs, Duration::from_secs(30), || {
        let last: Vec<Option<i32>> = members
            .iter()
            .map(|m| m.assign_generations().last().copied())
            .collect();
        members.iter().all(|m| m.held().len() == 1) && last[0].is_some() && last[0] == last[1]
    });
    let generations: Vec<Vec<i32>> = members.iter().map(Member::assign_generations).collect();
    let ids: Vec<Option<String>> = members.iter().map(Member::member_id).collect();
    eprintln!("member ids {ids:?}, on_assign generations {generations:?}");

    let admin: AdminClient<DefaultClientContext> = client_config(&mock.bootstrap(), "admin", &[])
        .create()
        .expect("create the admin client");
    let options = AdminOptions::new()
        .operation_timeout(Some(Duration::from_secs(5)))
        .request_timeout(Some(Duration::from_secs(5)));
    let asked = wait(
        admin.create_partitions(&[NewPartitions::new(TOPIC, 4)], &options),
        Duration::from_secs(60),
    );
    eprintln!("CreatePartitions on the mock: {asked:?}");
    let refused = match &asked {
        // No answer from the mock: the request times out.
        Err(_) => true,
        Ok(results) => results.iter().any(Result::is_err),
    };
    assert!(refused, "the mock grew the topic: {asked:?}");

    // Several metadata refreshes later nothing has changed: still 2 partitions, one each,
    // no rebalance.
    drive_until(&refs, Duration::from_secs(10), {
        let start = Instant::now();
        move || start.elapsed() >= Duration::from_secs(3)
    });
    assert_eq!(partition_count(&mock.bootstrap()), 2);
    let after: Vec<Vec<i32>> = members.iter().map(Member::assign_generations).collect();
    assert_eq!(after, generations, "no rebalance without new partitions");
}
