//! The kafka-python consumer lessons (seed 004, issue 17): seed 004's `consumer_demo`, its
//! manual-commit variant and its lag script on kafka-python 3.0.12, each run side by side with
//! the confluent-kafka exercise that teaches the same thing, and its producer_demo
//! ([`producer`]).

mod beats;
mod predictions;
mod producer;

use super::Lesson;
use super::action::Action;
use super::consumer::{RESTART_AT, line, s, source};
use super::counter::Counter;
use super::plan::{ConsumerPlan, Plan, ProducerPlan, Stop};
use crate::catalog::exercise;
use crate::exercise::Anchor;
use crate::text::{Text, text};
use kafka_sim::engine::Millis;

/// The run labels: the version pip installs today, and the course's client.
const KAFKA_PYTHON: Text = text(
    "kafka-python 3.0.12 (講義004)",
    "kafka-python 3.0.12 (seed 004)",
);
const CONFLUENT: Text = text("confluent-kafka (課程程式)", "confluent-kafka (the course)");

/// When `producer_demo` runs in the demo run, and after how many records its consumer dies:
/// once the consumer has its partitions (`auto_offset_reset='latest'` reads only what comes
/// after), then again once its first three records are committed (15 s); killed right after
/// printing the second run's last record, at 21 s: its poll at 19 s came before the next
/// auto-commit deadline (20 s), and 2 s of processing per record carried the program past it
/// without another poll().
const DEMO_SENDS: &[Millis; 2] = &[s(8), s(17)];
const DEMO_CRASH_AFTER: u64 = 6;

/// The manual-commit run: killed after printing the second `producer_demo`'s second record,
/// before its `commit()`.
const COMMIT_SENDS: &[Millis; 2] = &[s(8), s(14)];
const COMMIT_CRASH_AFTER: u64 = 5;

/// The confluent-kafka twins die after this many records, in the middle of their one batch.
const TWIN_CRASH_AFTER: u64 = 5;

/// The lag run: `producer_demo()` twice, the manual-commit consumer killed in between, the
/// lag script after (the golden `kafka_python_consumer_lag`'s timeline).
const LAG_SENDS: &[Millis; 2] = &[s(8), s(12)];
const LAG_KILL_AT: Millis = s(11);
const LAG_SCRIPT_AT: Millis = s(15);

/// The kafka-python lesson of exercise `id`.
pub(super) fn lesson(id: &str) -> Option<Lesson> {
    let exercise = exercise(id)?;
    if id == "kafka-python-producer" {
        return Some(producer::lesson(exercise));
    }
    let kafka_python = &exercise.sources[0];
    let twin = &exercise.sources[1];
    let (counters, beats, key_moment, plans) = match id {
        "kafka-python-consumer" | "kafka-python-manual-commit" => {
            let (sends, crash_after, beats) = match id {
                "kafka-python-consumer" => (DEMO_SENDS, DEMO_CRASH_AFTER, beats::demo()),
                _ => (COMMIT_SENDS, COMMIT_CRASH_AFTER, beats::manual_commit()),
            };
            (
                vec![Counter::Processed, Counter::Duplicates, Counter::Lag],
                beats,
                line(1, Anchor::PrintRecord),
                vec![
                    seed_004_run(
                        sends,
                        vec![
                            ConsumerPlan::new(kafka_python, 0).crashing_after(crash_after),
                            ConsumerPlan::new(kafka_python, s(24)),
                        ],
                    ),
                    Plan::group(
                        CONFLUENT,
                        source("producer-03-async"),
                        12,
                        vec![
                            ConsumerPlan::new(twin, 0).crashing_after(TWIN_CRASH_AFTER),
                            ConsumerPlan::new(twin, RESTART_AT),
                        ],
                    ),
                ],
            )
        }
        "kafka-python-lag" => (
            vec![Counter::Processed, Counter::Lag],
            beats::lag(),
            line(1, Anchor::Committed),
            vec![
                seed_004_run(
                    LAG_SENDS,
                    vec![
                        ConsumerPlan::new(source("kafka-python-manual-commit"), 0)
                            .stopped(LAG_KILL_AT, Stop::Kill),
                        ConsumerPlan::new(kafka_python, LAG_SCRIPT_AT),
                    ],
                ),
                Plan::group(
                    CONFLUENT,
                    source("producer-05-cgroup"),
                    super::consumer::STREAM_MESSAGES,
                    vec![
                        ConsumerPlan::new(source("consumer-01-cgroup"), 0),
                        ConsumerPlan::new(twin, s(20)),
                    ],
                ),
            ],
        ),
        _ => return None,
    };
    Some(Lesson {
        id: exercise.id,
        ms_per_second: 4_000,
        actions: vec![Action::CrashConsumer, Action::AddConsumer],
        counters,
        beats,
        key_moment,
        predictions: predictions::predictions(id),
        plans,
    })
}

/// Seed 004's run on one broker: `producer_demo()` (its own program, a process each time)
/// at each of `sends` while `consumers` run.
fn seed_004_run(sends: &'static [Millis; 2], consumers: Vec<ConsumerPlan>) -> Plan {
    Plan {
        label: KAFKA_PYTHON,
        seed: 0,
        brokers: 1,
        replication: 1,
        producer: Some(ProducerPlan {
            source: source("kafka-python-producer"),
            // Its own `range(0, 3)`: a kafka-python program sends its loop's count.
            messages: 3,
            start_at: sends[0],
            again_at: &sends[1..],
        }),
        consumers,
        follower_delay_ms: 0,
        faults: Vec::new(),
        settings: &[],
    }
}
