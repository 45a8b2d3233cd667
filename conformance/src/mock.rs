//! librdkafka's mock cluster: brokers in this process, with topics made by the mock's own API
//! (the mock does not implement CreateTopics), and helpers that read back what a topic holds
//! and what a group has committed.

use kafka_sim::TopicPartition;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::mocking::MockCluster;
use rdkafka::producer::DefaultProducerContext;
use rdkafka::{Message, Offset, TopicPartitionList};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How long the read-back helpers wait for the mock before giving up.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A record as stored in a partition's log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub partition: i32,
    pub offset: i64,
    pub key: Option<Vec<u8>>,
    pub payload: Option<Vec<u8>>,
}

/// A running mock cluster; dropping it stops the brokers.
pub struct Mock {
    cluster: MockCluster<'static, DefaultProducerContext>,
}

impl Mock {
    /// Starts `brokers` mock brokers (ids 1..=brokers).
    pub fn start(brokers: i32) -> Self {
        let cluster = MockCluster::new(brokers).expect("start the mock cluster");
        Self { cluster }
    }

    pub fn bootstrap(&self) -> String {
        self.cluster.bootstrap_servers()
    }

    /// Creates a topic with replication factor 1 (`rd_kafka_mock_topic_create`).
    pub fn create_topic(&self, topic: &str, partitions: i32) {
        self.cluster
            .create_topic(topic, partitions, 1)
            .expect("create a mock topic");
    }

    /// Delays every response of `broker` by `delay` (`rd_kafka_mock_broker_set_rtt`): requests
    /// are still handled when they arrive, only their responses wait.
    pub fn set_round_trip_time(&self, broker: i32, delay: Duration) {
        self.cluster
            .broker_round_trip_time(broker, delay)
            .expect("set the broker's round-trip time");
    }

    /// Every record of `topic`'s partitions `0..partitions`, read from the log start to the
    /// high watermark by a consumer that never commits (`read_uncommitted`: everything the log
    /// holds; transaction markers are not records), in (partition, offset) order.
    pub fn records(&self, topic: &str, partitions: i32) -> Vec<Record> {
        let settings = [
            ("group.id", "reader"),
            ("enable.auto.commit", "false"),
            ("isolation.level", "read_uncommitted"),
        ];
        let consumer: BaseConsumer = crate::client_config(&self.bootstrap(), "reader", &settings)
            .create()
            .expect("create the reader");
        let mut ends = BTreeMap::new();
        let mut assignment = TopicPartitionList::new();
        for partition in 0..partitions {
            let (low, high) = consumer
                .fetch_watermarks(topic, partition, READ_TIMEOUT)
                .expect("read the watermarks");
            ends.insert(partition, high);
            assignment
                .add_partition_offset(topic, partition, Offset::Offset(low))
                .expect("add a partition");
        }
        consumer.assign(&assignment).expect("assign the reader");
        let mut records = Vec::new();
        let deadline = Instant::now() + READ_TIMEOUT;
        while !read_to(&consumer, &ends) {
            assert!(Instant::now() < deadline, "timed out reading {topic}");
            if let Some(message) = consumer.poll(Duration::from_millis(100)) {
                let message = message.expect("read a record");
                records.push(Record {
                    partition: message.partition(),
                    offset: message.offset(),
                    key: message.key().map(<[u8]>::to_vec),
                    payload: message.payload().map(<[u8]>::to_vec),
                });
            }
        }
        records.sort_by_key(|record| (record.partition, record.offset));
        records
    }

    /// The offset `group` has committed for `tp` (`None`: nothing committed), as an
    /// OffsetFetch by a consumer of that group that never joins it reads it.
    pub fn committed(&self, group: &str, tp: &TopicPartition) -> Option<i64> {
        let consumer: BaseConsumer =
            crate::client_config(&self.bootstrap(), "offset-reader", &[("group.id", group)])
                .create()
                .expect("create the offset reader");
        let mut list = TopicPartitionList::new();
        list.add_partition(&tp.topic, tp.partition);
        let committed = consumer
            .committed_offsets(list, READ_TIMEOUT)
            .expect("fetch the committed offset");
        let offset = committed.elements()[0].offset().to_raw();
        offset.filter(|offset| *offset >= 0)
    }

    /// Commits `offset` for `tp` in `group`, as a consumer of that group that never joins it
    /// (generation -1, no member id: the group only stores offsets).
    pub fn commit(&self, group: &str, tp: &TopicPartition, offset: i64) {
        let consumer: BaseConsumer =
            crate::client_config(&self.bootstrap(), "offset-writer", &[("group.id", group)])
                .create()
                .expect("create the offset writer");
        let mut list = TopicPartitionList::new();
        list.add_partition_offset(&tp.topic, tp.partition, Offset::Offset(offset))
            .expect("a valid offset");
        consumer
            .commit(&list, rdkafka::consumer::CommitMode::Sync)
            .expect("commit the offset");
    }
}

/// Whether the consumer's position has reached `ends` (partition -> high watermark) everywhere.
fn read_to(consumer: &BaseConsumer, ends: &BTreeMap<i32, i64>) -> bool {
    let positions = consumer.position().expect("positions");
    ends.iter().all(|(partition, end)| {
        *end == 0
            || positions.elements().iter().any(|element| {
                element.partition() == *partition
                    && element.offset().to_raw().is_some_and(|at| at >= *end)
            })
    })
}
