//! An idempotent producer whose FIRST batch to a partition is refused retriably while a later
//! batch is written first.
//!
//! The broker takes any first sequence from a producer id it has no state for (apache/kafka
//! `ProducerAppendInfo.checkSequence`: "If there is no current producer epoch ... accept writes
//! with any sequence number", since KIP-360), so the later batch (sequence 1) is appended and
//! its state starts there. One connection answers in order, so librdkafka has already put the
//! refused message back in the partition queue for its retry when the later batch's success
//! arrives, and that success implicitly acknowledges every queued message below it
//! (`rd_kafka_handle_idempotent_Produce_success`: `acked_msgid < first_msgid - 1`, then
//! `rd_kafka_dr_implicit_ack`): the refused message is reported delivered, without error and
//! with no offset, and never sent again. It is not in the log: acknowledged and lost.
//!
//! When the later batch is written but its acknowledgement fails (here `REQUEST_TIMED_OUT`:
//! the follower is slow to fetch it), librdkafka retries both in order after draining, and the
//! broker, whose state now starts at sequence 1, refuses the first batch's retry (sequence 0)
//! with OUT_OF_ORDER_SEQUENCE_NUMBER. For the head-of-line batch that is fatal
//! (`rd_kafka_handle_idempotent_Produce_error`, `first_seq == next_ack_seq`: "sequence
//! desynchronization"): the batch's message fails with that error, the queued one is purged
//! (`_PURGE_QUEUE`), nothing more is sent, and `produce()` raises `_FATAL`. The purged message
//! is in the log nevertheless.
//!
//! Without idempotence the same timeline retries the refused message after the later one
//! (reordering, nothing lost): the contrast the exercise shows.

mod producer_common;

use kafka_sim::engine::Stream;
use kafka_sim::engine::{Command, KafkaError, Sim};
use kafka_sim::producer::{Call, Except, OFFSET_INVALID, Part, ProducerSettings, Stmt};
use producer_common::*;

/// Two brokers, `min.insync.replicas=2`, 20 ms one way; the follower is down from 2000 until
/// 15000 ms (out of the ISR at 11000, back in at 15020 when its first fetch arrives). The
/// program starts at 14990: message 0 at once (at the leader at 15010: refused, the answer
/// back at 15030), message 1 at 15005 (at the leader at 15025: appended), `linger.ms=0` so
/// each is its own request, then `flush()`, then `then`.
///
/// A `slow_follower` waits 5 s before each fetch after its first: message 1 is replicated at
/// 20065, after its acks=all request has expired (`request.timeout.ms=1000`, at 16025).
fn run(settings: ProducerSettings, slow_follower: bool, then: Vec<Stmt>) -> Sim {
    let mut body = vec![produce(), sleep(15), produce(), flush()];
    body.extend(then);
    let settings = ProducerSettings {
        linger_ms: 0,
        request_timeout_ms: 1_000,
        ..settings
    };
    follower_outage(settings, body, 14_990, |sim, follower| {
        if slow_follower {
            sim.apply(Command::DelayFollower {
                broker: follower,
                delay_ms: 5_000,
            });
        }
    })
}

/// How many produce requests carried each message.
fn sends(sim: &Sim) -> Vec<u32> {
    sim.accounting().iter().map(|f| f.sends).collect()
}

#[test]
fn the_overtaken_first_message_is_reported_delivered_but_never_written() {
    let sim = run(ProducerSettings::idempotent(), false, Vec::new());
    assert_eq!(failures(&sim), vec![KafkaError::NotEnoughReplicas]);
    assert_eq!(log_order(&sim), vec![1]);
    assert_eq!(reports(&sim), vec![(0, OFFSET_INVALID, None), (1, 0, None)]);
    assert_eq!(sends(&sim), vec![1, 1]);
    let fates = sim.accounting();
    assert_eq!(
        fates
            .iter()
            .map(|f| (f.acknowledged, f.lost))
            .collect::<Vec<_>>(),
        vec![(true, true), (true, false)]
    );
    let t = sim.tally();
    assert_eq!(
        (t.acknowledged, t.in_log, t.lost, t.out_of_order),
        (2, 1, 1, 0)
    );
}

#[test]
fn without_idempotence_the_first_message_is_retried_after_the_second() {
    let sim = run(ProducerSettings::default(), false, Vec::new());
    assert_eq!(failures(&sim), vec![KafkaError::NotEnoughReplicas]);
    assert_eq!(log_order(&sim), vec![1, 0]);
    assert_eq!(reports(&sim), vec![(1, 0, None), (0, 1, None)]);
    assert_eq!(sends(&sim), vec![2, 1]);
    let t = sim.tally();
    assert_eq!(
        (t.acknowledged, t.in_log, t.lost, t.out_of_order),
        (2, 2, 0, 1)
    );
}

/// `try: producer.produce(...) except Exception as e: print(e)`.
fn produce_and_print_exception() -> Stmt {
    Stmt::Try {
        line: 4,
        body: vec![produce()],
        handlers: vec![(
            Except::Any,
            vec![Stmt::Call(Call::Print {
                line: 5,
                stream: Stream::Stdout,
                text: vec![Part::Exception],
            })],
        )],
    }
}

#[test]
fn the_first_batch_retried_behind_a_written_one_raises_a_fatal_error() {
    let sim = run(
        ProducerSettings::idempotent(),
        true,
        vec![produce_and_print_exception()],
    );
    assert_eq!(
        failures(&sim),
        vec![
            KafkaError::NotEnoughReplicas,
            KafkaError::RequestTimedOut,
            KafkaError::OutOfOrderSequenceNumber
        ]
    );
    let producer = sim.producer(0).unwrap();
    assert_eq!(
        producer.client.fatal_error(),
        Some(KafkaError::OutOfOrderSequenceNumber)
    );
    assert_eq!(
        reports(&sim),
        vec![
            (
                0,
                OFFSET_INVALID,
                Some(KafkaError::OutOfOrderSequenceNumber)
            ),
            (1, OFFSET_INVALID, Some(KafkaError::PurgeQueue)),
        ]
    );
    assert_eq!(sends(&sim), vec![2, 1]);
    assert_eq!(log_order(&sim), vec![1]);
    assert_eq!(
        producer.console(),
        [(
            Stream::Stdout,
            "KafkaError{code=_FATAL,val=-150,str=\"Unable to produce message: Local: Fatal error\"}"
                .to_owned()
        )]
    );
    // The program ends at 16085, before the slow follower has fetched message 1.
    let t = sim.tally();
    assert_eq!(
        (
            t.queued,
            t.acknowledged,
            t.reports_seen,
            t.in_log,
            t.committed,
            t.lost
        ),
        (2, 0, 2, 1, 0, 0)
    );
}
