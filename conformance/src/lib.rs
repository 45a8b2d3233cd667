//! Kafka Lab's conformance harness: the same scenarios on real librdkafka and on the model.
//!
//! The real side is librdkafka itself (built from source by `rdkafka-sys`) talking to
//! librdkafka's in-process mock cluster (`rd_kafka_mock_cluster_new`, the `rdkafka` crate's
//! `MockCluster`). What a student can observe of the client (which partition a key lands on,
//! which partitions each rebalance callback carries, when delivery reports run, what a commit
//! commits) is recorded here and compared with `kafka_sim`'s answer in the tests under
//! `tests/`. The broker side is the mock's, not Apache Kafka's: see `README.md` for what it
//! cannot show.
//!
//! Everything runs in real time, so the helpers wait in short polling loops (`drive`) and the
//! scenarios set the group timeouts low; this crate is native-only and never part of the web app.

pub mod group_steps;
pub mod member;
pub mod mock;
pub mod model_consumer;
pub mod model_group;
pub mod model_producer;
pub mod model_timing;
pub mod observe;
pub mod producer;
pub mod timing;

use rdkafka::ClientConfig;

/// A client configuration for the mock cluster at `bootstrap`, with `client.id` set (members
/// are named `c0`, `c1`, ...) and the given extra properties. The mock's member ids do not
/// follow the client id (they are heap addresses, `"%p"`: README.md), so the tests read them
/// back (`Member::member_id`) instead of relying on the join order.
pub fn client_config(bootstrap: &str, client_id: &str, settings: &[(&str, &str)]) -> ClientConfig {
    let mut config = ClientConfig::new();
    config
        .set("bootstrap.servers", bootstrap)
        .set("client.id", client_id);
    for (key, value) in settings {
        config.set(*key, *value);
    }
    config
}
