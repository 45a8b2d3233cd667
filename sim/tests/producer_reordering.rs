//! Reordering without idempotence: with more than one request in flight, a first request the
//! leader refuses retriably (NOT_ENOUGH_REPLICAS while the follower is out of the ISR) and a
//! second one that arrives after the follower is back: the second is written, the first's
//! retry lands after it (librdkafka CONFIGURATION.md, `max.in.flight.requests.per.connection`:
//! "retries may cause reordering unless enable.idempotence"). The idempotent producer keeps
//! the order: the broker refuses the second batch's sequence number until the first is in
//! (KIP-98, OUT_OF_ORDER_SEQUENCE_NUMBER), and librdkafka drains, bumps its epoch and retries
//! both in order, numbered from 0 in the new epoch (`rd_kafka_handle_idempotent_Produce_error`,
//! "skipped sequence numbers": `rd_kafka_idemp_drain_epoch_bump`). Without message 0 first,
//! see producer_idempotent_first_batch.rs.

mod producer_common;

use kafka_sim::engine::{Event, KafkaError, Sim};
use kafka_sim::producer::ProducerSettings;
use producer_common::*;

/// Two brokers, `min.insync.replicas=2`, 20 ms one way. The program produces message 0 at
/// 1000 (written and acknowledged: the broker now knows the idempotent producer's sequence;
/// a broker takes any first sequence from a producer id it does not know, apache/kafka
/// `ProducerAppendInfo.checkSequence`, so without it the refused batch could be overtaken).
/// The follower is down from 2000 until 15000 ms (out of the ISR at 11000, back in at 15020
/// when its first fetch arrives). It then produces message 1 at 14990 (at the leader at
/// 15010: refused) and message 2 at 15005 (at the leader at 15025), with `linger.ms=0` so
/// each is its own request.
fn run(settings: ProducerSettings) -> Sim {
    let body = vec![
        produce(),
        sleep(13_990),
        produce(),
        sleep(15),
        produce(),
        flush(),
    ];
    let settings = ProducerSettings {
        linger_ms: 0,
        ..settings
    };
    follower_outage(settings, body, 1_000, |_, _| {})
}

fn refusals(sim: &Sim, error: KafkaError) -> usize {
    sim.trace()
        .iter()
        .filter(|e| matches!(e.event, Event::BatchFailed { error: e2, .. } if e2 == error))
        .count()
}

/// (acknowledged, out of order, duplicated, lost).
fn outcome(sim: &Sim) -> (usize, usize, usize, usize) {
    let t = sim.tally();
    (t.acknowledged, t.out_of_order, t.duplicated, t.lost)
}

#[test]
fn without_idempotence_the_retry_lands_after_a_later_message() {
    let sim = run(ProducerSettings::default());
    assert_eq!(refusals(&sim, KafkaError::NotEnoughReplicas), 1);
    assert_eq!(log_order(&sim), vec![0, 2, 1]);
    let fates = sim.accounting();
    assert_eq!(
        fates.iter().map(|f| f.out_of_order).collect::<Vec<_>>(),
        vec![false, true, false]
    );
    assert_eq!(outcome(&sim), (3, 1, 0, 0));
}

#[test]
fn with_idempotence_the_order_is_kept() {
    let sim = run(ProducerSettings::idempotent());
    assert_eq!(refusals(&sim, KafkaError::NotEnoughReplicas), 1);
    assert_eq!(refusals(&sim, KafkaError::OutOfOrderSequenceNumber), 1);
    assert_eq!(log_order(&sim), vec![0, 1, 2]);
    assert_eq!(stamps(&sim), vec![(0, 0, 0), (1, 1, 0), (2, 1, 1)]);
    assert_eq!(outcome(&sim), (3, 0, 0, 0));
}
