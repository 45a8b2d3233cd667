//! What `seek()` on a partition that is not assigned fails with, on librdkafka and on the
//! model: `_UNKNOWN_PARTITION` while the client has no object for the partition's topic (right
//! after `subscribe()`: librdkafka `rd_kafka_seek_partitions` finds no toppar), `_STATE` once
//! partitions of the topic were assigned (`rd_kafka_toppar_seek`: the partition is not being
//! fetched). The quiz's `seek-after-subscribe` question teaches the first.

use kafka_lab_conformance::mock::Mock;
use kafka_lab_conformance::model_consumer;
use kafka_lab_conformance::observe::{SeekObservation, seeks};

#[test]
fn seek_fails_by_whether_the_client_knows_the_topic() {
    let expected = SeekObservation {
        right_after_subscribe: Err("UnknownPartition".into()),
        own_partition: Ok(()),
        others_partition: Err("State".into()),
    };
    let mock = Mock::start(1);
    assert_eq!(seeks(&mock), expected, "librdkafka");
    assert_eq!(model_consumer::seeks(), expected, "model");
}
