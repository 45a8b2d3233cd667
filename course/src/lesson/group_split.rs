//! Three instances of Consumer_01 started one by one: range's uneven split of four partitions
//! over three members (2/1/1), and roundrobin's as a what-if.

use super::action::Action;
use super::consumer::{STREAM_MESSAGES, beat, line, s, source};
use super::counter::Counter;
use super::plan::{ConsumerPlan, Plan};
use super::prediction::{Guess, Prediction};
use super::trigger::{EventKind, Trigger};
use super::{Beat, Changes, Lesson};
use crate::catalog::exercise;
use crate::exercise::Anchor;
use crate::text::text;
use kafka_sim::collect::sort;
use kafka_sim::consumer::ClientEvent;
use kafka_sim::engine::{Event, Sim};

/// The lesson's seed: member ids are random (`rdkafka-` + a UUID), so it decides which member
/// sorts first; with this one it is not the first instance to join.
const SEED: u64 = 1;

/// The consumers' `partition.assignment.strategy` choices: librdkafka's default and
/// roundrobin (CONFIGURATION.md: default `range,roundrobin`, and the first strategy every
/// member supports is used).
const STRATEGY: Action = Action::Set {
    name: "partition.assignment.strategy",
    label: text(
        "改變partition.assignment.strategy再跑一次",
        "Change partition.assignment.strategy and run again",
    ),
    values: &["'range'", "'roundrobin'"],
};

pub(super) fn lesson(id: &str) -> Option<Lesson> {
    let exercise = exercise(id).filter(|e| e.id == "consumer-group-split")?;
    let main = &exercise.sources[0];
    let consumers = (0..3).map(|i| ConsumerPlan::new(main, s(12 * i))).collect();
    Some(Lesson {
        id: exercise.id,
        ms_per_second: 4_000,
        actions: vec![STRATEGY, Action::AddConsumer, Action::CloseConsumer],
        counters: vec![Counter::Processed, Counter::Lag],
        beats: beats(),
        key_moment: line(2, Anchor::OnAssign),
        predictions: vec![split()],
        plans: vec![Plan {
            seed: SEED,
            ..Plan::group(
                exercise.title,
                source("producer-05-cgroup"),
                STREAM_MESSAGES,
                consumers,
            )
        }],
    })
}

fn beats() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "Producer_05每3秒發佈一筆訊息到有4個partition的ak03.fourpartition; Consumer_01的instance每12秒啟動一個, 一共3個。",
                "Producer_05 publishes one message every 3 s to ak03.fourpartition, which has 4 partitions; an instance of Consumer_01 starts every 12 s, three in all.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::Assigned),
            text(
                "第1個instance分到全部4個partition。",
                "The first instance gets all 4 partitions.",
            ),
        ),
        beat(
            line(1, Anchor::Subscribe),
            text(
                "第2個instance加入: Rebalance之後兩個Consumer各分到2個partition。",
                "A second instance joins: after the rebalance each of the two consumers gets 2 partitions.",
            ),
        ),
        beat(
            line(2, Anchor::Subscribe),
            text(
                "第3個instance加入。4個partition分給3個Consumer, 分不平均: 猜猜看怎麼分?",
                "A third instance joins. 4 partitions over 3 consumers cannot be split evenly: how will they be split?",
            ),
        ),
        beat(
            line(2, Anchor::OnAssign),
            text(
                "range: 4/3 = 1餘1, 依member id (rdkafka-加上UUID) 排序, 排最前面的成員多拿一個: 2、1、1。這次是最後加入的C3: 比較group框裡的member id。member id是隨機的, 多拿的不一定是最早加入的instance。",
                "range: 4/3 is 1 with 1 left over, and the members are ordered by member id (rdkafka- and a UUID): the first in that order gets one more, 2, 1, 1. This time it is C3, the last to join: compare the member ids in the group box. Member ids are random, so the extra partition need not go to the first instance to join.",
            ),
        ),
        beat(
            Trigger::after(
                line(2, Anchor::OnAssign),
                Trigger::Event(EventKind::RecordProcessed),
            ),
            text(
                "試試roundrobin: 一個topic的時候也是2、1、1, 但多拿的那個成員分到P0與P3, 不是P0與P1; 差別在訂閱好幾個topic時更明顯。",
                "Try roundrobin: with one topic it is also 2, 1, 1, but the member with two gets P0 and P3 instead of P0 and P1; the difference grows with several topics.",
            ),
        ),
    ]
}

/// How the third join splits the partitions, asked as the third instance subscribes.
fn split() -> Prediction {
    Prediction {
        id: "group-split-three",
        prompt: text(
            "第3個instance加入之後, 4個partition怎麼分給3個Consumer?",
            "Once the third instance has joined, how are the 4 partitions split over the 3 consumers?",
        ),
        changes: Changes::none(),
        ask: line(2, Anchor::Subscribe),
        reveal: line(2, Anchor::OnAssign),
        choices: vec![
            Guess {
                text: text(
                    "2、1、1: 有一個Consumer多拿一個",
                    "2, 1, 1: one consumer gets one more",
                ),
                claims: "2/1/1",
            },
            Guess {
                text: text(
                    "1、1、1: 多出來的partition沒有人讀",
                    "1, 1, 1: the partition left over is read by nobody",
                ),
                claims: "1/1/1",
            },
            Guess {
                text: text(
                    "2、2、0: 新加入的instance要等下一次Rebalance",
                    "2, 2, 0: the newcomer waits for the next rebalance",
                ),
                claims: "2/2/0",
            },
        ],
        observe: split_at_end,
        explanation: text(
            "librdkafka的range assignor (rdkafka_range_assignor.c) 把partition數除以成員數, 餘數由依member id排序在前面的成員各多拿一個; 每個partition一定會分給某個成員。",
            "librdkafka's range assignor (rdkafka_range_assignor.c) divides the partitions by the members, and the members first in member-id order take one extra each for the remainder; every partition goes to some member.",
        ),
    }
}

/// How many partitions each consumer holds once the run is over, largest first: "2/1/1".
fn split_at_end(sim: &Sim, _reveal: u64) -> String {
    let mut held: Vec<usize> = Vec::new();
    for entry in sim.trace() {
        let Event::Consumer { consumer, event } = &entry.event else {
            continue;
        };
        let count = match event {
            ClientEvent::Assigned { partitions } => partitions.len(),
            ClientEvent::Revoked { .. } => 0,
            _ => continue,
        };
        if held.len() <= *consumer {
            held.resize(consumer + 1, 0);
        }
        held[*consumer] = count;
    }
    sort::sort_by(&mut held, |a, b| b.cmp(a));
    let counts: Vec<String> = held.iter().map(usize::to_string).collect();
    counts.join("/")
}
