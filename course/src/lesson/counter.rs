//! Counters: the numbers a lesson keeps on screen, each a pure function of the simulation and
//! of its projection at the step cursor (`kafka_sim::projection`): no counter replays the trace.

use crate::text::{Text, text};
use kafka_sim::TopicPartition;
use kafka_sim::collect::VecMap;
use kafka_sim::consumer::accounting::lag as consumer_lag;
use kafka_sim::engine::Sim;
use kafka_sim::projection::Projection;

/// A number the page shows beside the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counter {
    /// `len(producer)`: messages not yet delivered plus delivery reports not yet served
    /// (confluent-kafka-python `Producer.__len__` = `rd_kafka_outq_len`).
    Waiting,
    /// Messages in produce requests that have not been answered.
    InFlight,
    /// Messages the broker confirmed (never with acks=0: the broker does not answer).
    Acknowledged,
    /// Delivery callbacks the program's `poll()`/`flush()` has run.
    ReportsSeen,
    /// Messages in the partition's log (on its current leader).
    InLog,
    /// Messages written more than once to the log.
    Duplicates,
    /// Messages the program was told were delivered, which reached a broker's log and are no
    /// longer in the leader's log.
    Losses,
    /// Messages in the log per second of simulated time so far.
    Throughput,
    /// Records the consumers' programs processed (printed), counting every time.
    Processed,
    /// Records below the group's committed offset that no consumer processed: a commit went
    /// ahead of the processing (at-most-once) and the consumer died first.
    Unprocessed,
    /// The group's lag: on every partition, the log end (high watermark) minus the committed
    /// offset, or the whole log where nothing is committed (Consumer_lag, as seed 004
    /// computes it), summed.
    Lag,
    /// Delivery callbacks that reported a failure (`_MSG_TIMED_OUT`, ...).
    Failed,
    /// Errors librdkafka raised for `error_cb` (a broker unreachable), served or not.
    ClientErrors,
    /// `produce()` calls that raised instead of queuing (`BufferError`).
    Refused,
    /// The first producer's `queue.buffering.max.messages`: `produce()` raises `BufferError`
    /// when the queue already holds this many (librdkafka rdkafka_msg.c
    /// `rd_kafka_curr_msgs_add`: refused when count + 1 > the limit).
    QueueLimit,
}

impl Counter {
    /// The counter's name as the page shows it.
    pub fn label(self) -> Text {
        match self {
            Counter::Waiting => text("等待中 len(producer)", "waiting, len(producer)"),
            Counter::InFlight => text("傳送中 (in-flight)", "in flight"),
            Counter::Acknowledged => text("Broker已確認 (ack)", "acknowledged by the broker"),
            Counter::ReportsSeen => text("已執行的delivery callback", "delivery callbacks run"),
            Counter::InLog => text("log裡的訊息", "messages in the log"),
            Counter::Duplicates => text("重複的訊息", "duplicates"),
            Counter::Losses => text("遺失的訊息", "losses"),
            Counter::Throughput => text("throughput (訊息/秒)", "throughput (messages/s)"),
            Counter::Processed => text("已處理的訊息", "records processed"),
            Counter::Unprocessed => text("已commit但沒處理的訊息", "committed, never processed"),
            Counter::Lag => text("lag (還沒commit的訊息)", "lag (not yet committed)"),
            Counter::Failed => text("發佈失敗的訊息", "failed deliveries"),
            Counter::ClientErrors => text("交給error_cb的錯誤", "errors for error_cb"),
            Counter::Refused => text(
                "被拒絕的produce() (BufferError)",
                "produce() refused (BufferError)",
            ),
            Counter::QueueLimit => text(
                "佇列上限 queue.buffering.max.messages",
                "queue limit, queue.buffering.max.messages",
            ),
        }
    }

    /// The counter's value at the step cursor: `projection` is the run's projection folded up
    /// to the cursor, `sim` the run stopped right after the step that wrote the cursor's entry.
    /// What clients and programs did (reports served, acknowledgements, requests in flight,
    /// `len(producer)`, records processed, commits) is the projection's; what the logs hold is
    /// the cluster's, as the diagram's: both agree with the code line and the consoles inside
    /// a millisecond.
    pub fn value(self, sim: &Sim, projection: &Projection) -> u64 {
        let producers = projection.producers();
        let groups = projection.groups();
        let logs = || projection.log_counts(sim.cluster());
        match self {
            Counter::Waiting => producers.waiting(),
            Counter::InFlight => producers.requests_in_flight() as u64,
            Counter::Acknowledged => producers.acknowledged(),
            Counter::ReportsSeen => producers.served(),
            Counter::InLog => logs().in_log,
            Counter::Duplicates => logs().duplicated + groups.duplicates(),
            Counter::Losses => logs().lost + unprocessed(sim, projection),
            Counter::Throughput => logs().in_log * 1_000 / sim.now().max(1),
            Counter::Processed => groups.processed(),
            Counter::Lag => lag(sim, projection),
            Counter::Unprocessed => unprocessed(sim, projection),
            Counter::Failed => producers.failed(),
            Counter::ClientErrors => projection.client_errors(),
            Counter::Refused => producers.refused(),
            Counter::QueueLimit => sim.producers().first().map_or(0, |p| {
                p.client.settings().queue_buffering_max_messages as u64
            }),
        }
    }
}

/// Every group's lag on every topic, summed (each lesson has one group and one topic): the
/// high watermark now minus the offset committed as of the cursor.
fn lag(sim: &Sim, projection: &Projection) -> u64 {
    let ends: VecMap<TopicPartition, i64> = sim
        .cluster()
        .partitions()
        .iter()
        .map(|(tp, partition)| (tp.clone(), partition.high_watermark()))
        .collect();
    let none = VecMap::new();
    sim.coordinator()
        .groups()
        .flat_map(|group| {
            let committed = projection.groups().committed(group.id()).unwrap_or(&none);
            consumer_lag(&ends, committed).into_values()
        })
        .map(|lag| lag.max(0) as u64)
        .sum()
}

/// Records below a group's committed offset (as of the cursor) that no consumer processed.
fn unprocessed(sim: &Sim, projection: &Projection) -> u64 {
    sim.coordinator()
        .groups()
        .map(|group| projection.groups().unprocessed(group.id()))
        .sum()
}
