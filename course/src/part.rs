//! The parts of the ak03 unit, in the order of the course's outline (課程表, seed 000).

use crate::text::{Text, text};

/// A part of the course outline; every exercise and quiz question belongs to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// Producer同步與非同步的訊息發佈
    ProducerSend,
    /// Producer訊息發佈時的重要參數
    ProducerSettings,
    /// Producer發佈JSON訊息(序列化概念)
    ProducerJson,
    /// Consumer與ConsumerGroup實驗
    ConsumerGroup,
    /// Consumer與Rebalance機制
    Rebalance,
    /// Consumer與Offset的關係
    Offsets,
    /// Consumer與多種Commit Offset的手法
    Commits,
}

impl Part {
    /// Every part, in the outline's order.
    pub const ALL: [Part; 7] = [
        Part::ProducerSend,
        Part::ProducerSettings,
        Part::ProducerJson,
        Part::ConsumerGroup,
        Part::Rebalance,
        Part::Offsets,
        Part::Commits,
    ];

    /// The outline's title of the part (zh-TW as the course writes it).
    pub fn title(self) -> Text {
        match self {
            Part::ProducerSend => text(
                "Producer同步與非同步的訊息發佈",
                "Producer: synchronous and asynchronous sends",
            ),
            Part::ProducerSettings => text(
                "Producer訊息發佈時的重要參數",
                "Producer: the settings that matter",
            ),
            Part::ProducerJson => text(
                "Producer發佈JSON訊息(序列化概念)",
                "Producer: publishing JSON (serialization)",
            ),
            Part::ConsumerGroup => text(
                "Consumer與ConsumerGroup實驗",
                "Consumers and consumer groups",
            ),
            Part::Rebalance => text("Consumer與Rebalance機制", "Consumers and rebalancing"),
            Part::Offsets => text("Consumer與Offset的關係", "Consumers and offsets"),
            Part::Commits => text(
                "Consumer與多種Commit Offset的手法",
                "Consumers: the ways to commit offsets",
            ),
        }
    }
}
