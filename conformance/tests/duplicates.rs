//! Issue 3/4 conformance (d): a Produce whose response is lost after the broker appended the
//! message (the mock holds the response back past `socket.timeout.ms`; librdkafka times the
//! request out, reconnects and retries). What the partition holds afterwards, after one
//! `warm-up` record, on librdkafka and on the model (`model_producer::lost_response`, where
//! the broker appends the message and the broken connection fails the request).

use kafka_lab_conformance::mock::Mock;
use kafka_lab_conformance::model_producer;
use kafka_lab_conformance::observe::{Delivery, lost_response};

fn run(delivery: Delivery) -> (Vec<String>, Option<String>) {
    lost_response(&Mock::start(1), delivery)
}

/// librdkafka's default producer (`enable.idempotence=false`) retries the timed-out request:
/// the partition holds the message twice, and the application's report says "delivered".
/// The model does the same.
#[test]
fn a_plain_producer_duplicates_on_a_lost_response() {
    let expected = (vec!["warm-up".into(), "m".into(), "m".into()], None);
    assert_eq!(run(Delivery::Plain), expected);
    assert_eq!(model_producer::lost_response(Delivery::Plain), expected);
}

/// With `enable.idempotence=true` the retry carries the same producer id and sequence, which a
/// real broker recognises and does not append again (KIP-98). The mock checks sequences only
/// for transactional producers (`rdkafka_mock.c` `rd_kafka_mock_validate_records` returns at
/// once without a TransactionalId), so it appends the retry: this records the mock's
/// difference. The model follows the real broker (the sequence check of apache/kafka
/// `ProducerStateManager`, which does not depend on a transactional id): one `m`, as the mock
/// shows for the transactional producer below.
#[test]
fn the_mock_does_not_deduplicate_a_plain_idempotent_producer() {
    assert_eq!(
        run(Delivery::Idempotent),
        (vec!["warm-up".into(), "m".into(), "m".into()], None)
    );
    assert_eq!(
        model_producer::lost_response(Delivery::Idempotent),
        (vec!["warm-up".into(), "m".into()], None)
    );
}

/// A transactional producer (idempotent, with a `transactional.id`): the mock recognises the
/// retried sequence as a duplicate and acknowledges it without appending, as a real broker
/// does for every idempotent producer.
#[test]
fn an_idempotent_transactional_producer_does_not_duplicate() {
    assert_eq!(
        run(Delivery::Transactional),
        (vec!["warm-up".into(), "m".into()], None)
    );
}
