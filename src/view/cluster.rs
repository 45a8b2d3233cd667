//! The cluster's side of the diagram: the brokers with the partitions they lead and follow,
//! and each partition's log, windowed to its last offsets, with its replicas' ends.

use crate::view::moment::text_of;
use crate::view::process::Owner;
use kafka_sim::cluster::{Cluster, Partition};

/// How many offsets a partition's log draws: the last ones, where the marks are.
pub const WINDOW: usize = 16;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerBox {
    pub id: i32,
    pub up: bool,
    /// Partitions of the topic it leads.
    pub leads: Vec<i32>,
    /// Partitions of the topic it follows.
    pub follows: Vec<i32>,
}

/// A partition's log, windowed: only the offsets from `first` on are drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionLog {
    pub partition: i32,
    pub leader: Option<i32>,
    pub isr: Vec<i32>,
    /// The first offset drawn; the `first` records before it are counted, not drawn.
    pub first: i64,
    pub cells: Vec<LogCell>,
    pub end: i64,
    pub high_watermark: i64,
    /// Marks on the log (positions, the committed offset, followers' ends), by offset.
    pub marks: Vec<OffsetMark>,
    /// The group member that owns it.
    pub owner: Option<Owner>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogCell {
    pub offset: i64,
    pub key: String,
    pub value: String,
}

/// Something that points at an offset of a log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OffsetMark {
    pub offset: i64,
    pub kind: MarkKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// A follower replica's log end: how far replication has come.
    Replica { broker: i32 },
    /// A consumer's position: the next offset it reads. `fetch_start` when `position()` is
    /// still INVALID (no record handed over since the partition was assigned: librdkafka
    /// resets `rktp_app_pos` when fetching stops, rdkafka_partition.c
    /// `rd_kafka_toppar_fetch_stopped`) and the mark sits on the group's committed offset,
    /// where its first fetch starts (rdkafka_assignment.c `rd_kafka_assignment_serve_pending`).
    Position {
        label: String,
        colour: usize,
        fetch_start: bool,
    },
    /// The group's committed offset.
    Committed,
}

pub(crate) fn broker_boxes(cluster: &Cluster, partitions: &[(i32, &Partition)]) -> Vec<BrokerBox> {
    cluster
        .brokers()
        .iter()
        .map(|(&id, broker)| {
            let with = |leads: bool| {
                partitions
                    .iter()
                    .filter(|(_, part)| {
                        part.replicas.contains(&id) && (part.leader == Some(id)) == leads
                    })
                    .map(|&(p, _)| p)
                    .collect()
            };
            BrokerBox {
                id,
                up: broker.up,
                leads: with(true),
                follows: with(false),
            }
        })
        .collect()
}

/// The first offset of a window of `WINDOW` offsets that ends at the log end.
pub fn window_start(end: i64) -> i64 {
    (end - WINDOW as i64).max(0)
}

pub(crate) fn partition_log(p: i32, partition: &Partition) -> PartitionLog {
    let end = partition.log_end_offset();
    let first = window_start(end);
    let cells = partition
        .leader_log()
        .map(|log| {
            log.read_from(first)
                .iter()
                .map(|record| LogCell {
                    offset: record.offset,
                    key: text_of(record.key.as_deref()),
                    value: text_of(record.value.as_deref()),
                })
                .collect()
        })
        .unwrap_or_default();
    let marks = partition
        .logs
        .iter()
        .filter(|(broker, _)| Some(**broker) != partition.leader)
        .map(|(&broker, log)| OffsetMark {
            offset: log.end_offset(),
            kind: MarkKind::Replica { broker },
        })
        .collect();
    PartitionLog {
        partition: p,
        leader: partition.leader,
        isr: partition.isr.iter().copied().collect(),
        first,
        cells,
        end,
        high_watermark: partition.high_watermark(),
        marks,
        owner: None,
    }
}
