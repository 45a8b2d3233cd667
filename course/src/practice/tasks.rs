//! The practice tasks, in the course outline's order.

use super::facts::Measure::*;
use super::{Knob, Task};
use crate::lesson::Action;
use crate::part::Part;
use crate::text::text;

/// Every practice task.
pub fn tasks() -> Vec<Task> {
    vec![
        // A retry of a batch whose answer was lost is written again unless the producer is
        // idempotent: the broker then drops the batch by its producer id and sequence number
        // (KIP-98; librdkafka rdkafka_idempotence.c). Idempotence needs acks=all, and
        // librdkafka refuses other acks at `Producer()` (rdkafka_conf.c
        // `rd_kafka_conf_finalize`).
        Task {
            id: "no-duplicate-after-lost-response",
            part: Part::ProducerSettings,
            goal: text(
                "Broker的回覆在路上遺失了: 每一筆訊息都要被Broker確認, 而且log裡不能有寫了兩次的訊息。",
                "The broker's answer is lost on its way back: every message must be acknowledged by the broker, and no message may be written twice to the log.",
            ),
            scene: text(
                "Producer_03送出12筆訊息; leader的第一個回覆會在路上遺失 (請求已經處理了)。",
                "Producer_03 sends 12 messages; the leader's first answer is lost on its way back (the request was processed).",
            ),
            exercise: "producer-03-async",
            // After the producer's first Metadata answer (2 ms): the lost answer is a batch's.
            what_ifs: &[(3, Action::DropNextResponse)],
            knobs: &[
                Knob::Setting {
                    name: "enable.idempotence",
                    choices: &[None, Some("True"), Some("False")],
                },
                Knob::Setting {
                    name: "acks",
                    choices: &[None, Some("0"), Some("1"), Some("'all'")],
                },
            ],
            grading: &[
                (MessagesWrittenTwice, 0),
                (MessagesNotAcknowledged, 0),
                (MessagesLost, 0),
            ],
        },
        // acks=1 answers once the leader has the batch, acks=0 does not wait at all
        // (CONFIGURATION.md `acks`): a leader that dies before its followers copy the batch
        // takes it along. acks=all answers only once every in-sync replica has it, and
        // librdkafka retries what was not answered on the new leader.
        Task {
            id: "lose-nothing-leader-crash",
            part: Part::ProducerSettings,
            goal: text(
                "leader broker會當機: 一筆訊息都不能遺失。",
                "The leader broker will crash: lose no message.",
            ),
            scene: text(
                "3個broker, replication factor 3; follower還沒複製到訊息時leader就當機, 之後再重新啟動。",
                "3 brokers, replication factor 3; the leader crashes before its followers have copied the messages, and restarts later.",
            ),
            exercise: "producer-acks",
            what_ifs: &[],
            knobs: &[Knob::Setting {
                name: "acks",
                choices: &[None, Some("1"), Some("'all'")],
            }],
            grading: &[(MessagesLost, 0)],
        },
        // The restarted instance reads from the group's committed offset (librdkafka
        // rdkafka_cgrp.c fetches it on assignment): whatever was processed and not committed
        // is processed again. The auto-commit timer runs every `auto.commit.interval.ms` in the
        // background (CONFIGURATION.md), the manual commits follow the program's lines.
        Task {
            id: "no-reprocessing-after-crash",
            part: Part::Commits,
            goal: text(
                "Consumer會在4秒時當機 (kill -9) 再重新啟動: 沒有訊息可以被處理兩次, 也沒有訊息可以被略過。",
                "The consumer is killed at 4 s (kill -9) and started again: no record may be processed twice, and none may be skipped.",
            ),
            scene: text(
                "ak03.test裡有12筆訊息; Consumer在處理完第一批之後當機, 6秒時重新啟動。",
                "ak03.test holds 12 records; the consumer dies after processing its first batch and is started again at 6 s.",
            ),
            exercise: "consumer-02-auto-commit",
            what_ifs: &[],
            knobs: &[
                Knob::Program {
                    choices: &[
                        "consumer-02-auto-commit",
                        "consumer-03-commit-sync",
                        "consumer-04-commit-async",
                        "consumer-06-commit-specified",
                    ],
                },
                Knob::Setting {
                    name: "auto.commit.interval.ms",
                    choices: &[None, Some("1000"), Some("10000")],
                },
            ],
            grading: &[(RecordsProcessedTwice, 0), (RecordsNeverProcessed, 0)],
        },
        // A dynamic member that comes back is a new member: its JoinGroup starts a rebalance.
        // A static member (`group.instance.id`, KIP-345) that rejoins before its session
        // expires takes its old place and assignment without one.
        Task {
            id: "restart-without-rebalance",
            part: Part::Rebalance,
            goal: text(
                "重新啟動當機的Consumer, 但group不能再Rebalance。",
                "Restart the crashed consumer without a rebalance of the group.",
            ),
            scene: text(
                "Consumer在4秒時當機 (kill -9), 6秒時用同樣的程式重新啟動。",
                "The consumer is killed at 4 s (kill -9) and the same program is started again at 6 s.",
            ),
            exercise: "consumer-02-auto-commit",
            what_ifs: &[],
            knobs: &[
                Knob::Setting {
                    name: "group.instance.id",
                    choices: &[None, Some("'c1'")],
                },
                Knob::Setting {
                    name: "session.timeout.ms",
                    choices: &[None, Some("6000"), Some("10000")],
                },
            ],
            grading: &[(RebalancesAfterForming, 0)],
        },
        // The eager assignors (range, roundrobin) revoke every partition of every member at each
        // rebalance; cooperative-sticky revokes only the partitions that move (KIP-429;
        // librdkafka rdkafka_sticky_assignor.c). With 4 partitions the second member needs 2
        // and the third 1: 3 is the fewest possible.
        Task {
            id: "fewest-partitions-moved",
            part: Part::Rebalance,
            goal: text(
                "Consumer一個一個加入group: 從正在讀取的Consumer收回的partition越少越好 (最多3個)。",
                "Consumers join the group one by one: take as few partitions as possible from the consumers that are reading (3 at most).",
            ),
            scene: text(
                "3個Consumer_01在0、12、24秒時加入, ak03.fourpartition有4個partition。",
                "Three Consumer_01 instances join at 0, 12 and 24 s; ak03.fourpartition has 4 partitions.",
            ),
            exercise: "consumer-cooperative",
            what_ifs: &[],
            knobs: &[Knob::Setting {
                name: "partition.assignment.strategy",
                choices: &[None, Some("'roundrobin'"), Some("'cooperative-sticky'")],
            }],
            grading: &[(PartitionsTakenFromRunning, 3)],
        },
        // Lag is what is not committed (the course's Consumer_lag: high watermark minus the
        // committed offset). Consumer_07 commits only in on_revoke, so its lag grows between
        // rebalances; the background auto-commit (CONFIGURATION.md `enable.auto.commit`)
        // commits every `auto.commit.interval.ms`.
        Task {
            id: "keep-lag-low",
            part: Part::Offsets,
            goal: text(
                "Producer_05持續發佈: group的lag不可以超過3筆, 也沒有訊息可以被處理兩次。",
                "Producer_05 keeps publishing: the group's lag may never exceed 3 records, and no record may be processed twice.",
            ),
            scene: text(
                "Consumer_07只在on_revoke裡commit; 第2個instance在20秒時加入, 40秒時離開。",
                "Consumer_07 commits only in on_revoke; a second instance joins at 20 s and leaves at 40 s.",
            ),
            exercise: "consumer-07-rebalance-callback",
            what_ifs: &[],
            knobs: &[
                Knob::Setting {
                    name: "enable.auto.commit",
                    choices: &[None, Some("True")],
                },
                Knob::Setting {
                    name: "auto.commit.interval.ms",
                    choices: &[None, Some("1000"), Some("10000")],
                },
            ],
            grading: &[(HighestLag, 3), (RecordsProcessedTwice, 0)],
        },
    ]
}
