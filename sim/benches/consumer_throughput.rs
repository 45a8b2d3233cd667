//! Prints how fast the model runs natively: records consumed and committed per second of wall
//! time, for a group of 4 consumers on ak03.fourpartition (4 partitions) draining 100,000
//! records, once committing each batch synchronously and once with auto-commit. Each case
//! runs 5 times, each on a fresh lab, and the line shows the median run (`support/median.rs`).

#[path = "support/median.rs"]
mod median;
#[path = "support/select.rs"]
mod select;

use kafka_sim::TopicPartition;
use kafka_sim::collect::VecMap;
use kafka_sim::config::ConfigValue;
use kafka_sim::console::push_decimal;
use kafka_sim::consumer::{Program, Stmt};
use kafka_sim_testkit::GroupLab;

const TOPIC: &str = "ak03.fourpartition";
const GROUP: &str = "bench";
const CONSUMERS: usize = 4;
const RECORDS: u64 = 100_000;

/// Consumer_03's loop: `consume(num_messages=500, timeout=1)`, print each record, then, when
/// `sync_commit`, `commit(asynchronous=False)` after a batch that pulled records.
fn program(sync_commit: bool) -> Program {
    let mut body = vec![
        Stmt::Consume {
            line: 3,
            num_messages: 500,
            timeout_ms: 1000,
        },
        Stmt::ForEachRecord {
            line: 4,
            body: vec![
                Stmt::RaiseIfError { line: 5 },
                Stmt::PrintRecord { line: 6 },
            ],
        },
    ];
    if sync_commit {
        body.push(Stmt::IfPulled {
            line: 7,
            body: vec![Stmt::Commit {
                line: 8,
                asynchronous: false,
            }],
        });
    }
    Program {
        body: vec![
            Stmt::Subscribe {
                line: 1,
                topics: vec![TOPIC.into()],
            },
            Stmt::Loop {
                line: 2,
                times: None,
                body,
            },
        ],
        ..Program::default()
    }
}

/// The group's committed offsets, summed over the partitions.
fn committed(lab: &GroupLab) -> i64 {
    lab.committed(GROUP).values().sum()
}

fn measure(name: &str, sync_commit: bool) {
    if !select::selected(name) {
        return;
    }
    let (wall, (lab, partitions)) = median::median_run(|| (), |()| drain(name, sync_commit));
    let processed = count_processed(&lab, &partitions);
    println!(
        "{name}: {processed} processed, {} committed of {RECORDS} in {wall:.3} s wall ({:.0} rec/s), virtual {:.1} s, {} trace events",
        committed(&lab),
        committed(&lab) as f64 / wall,
        lab.now() as f64 / 1000.0,
        lab.sim().trace().len()
    );
}

/// One run: the group starts and settles, the records are appended, and the group consumes
/// until it has committed them all; returns the lab and the partitions' shared names.
fn drain(name: &str, sync_commit: bool) -> (GroupLab, Vec<TopicPartition>) {
    let mut lab = GroupLab::new(0, VecMap::from([(TOPIC.to_string(), 4)]), 1);
    let props = [
        ("group.id", ConfigValue::Str(GROUP.into())),
        ("auto.offset.reset", ConfigValue::Str("earliest".into())),
        ("enable.auto.commit", ConfigValue::Bool(!sync_commit)),
    ];
    for _ in 0..CONSUMERS {
        lab.start(&props, &program(sync_commit))
            .expect("valid props");
    }
    // The group settles before the records arrive.
    lab.run_until(10_000);
    // The cluster's own names: their topic is shared, so its lookups compare pointers.
    let partitions: Vec<TopicPartition> = (0..4)
        .map(|p| {
            let tp = TopicPartition::new(TOPIC, p);
            lab.sim()
                .cluster()
                .shared_partition(&tp)
                .cloned()
                .unwrap_or(tp)
        })
        .collect();
    // Key `i` and value `msg_<i>`, written into two reused buffers: a `String` of each per
    // record through `format!` cost the bench's own loop about as much as the model's appends.
    let (mut key, mut value) = (Vec::new(), Vec::new());
    for i in 0..RECORDS {
        key.clear();
        push_decimal(&mut key, i);
        value.clear();
        value.extend_from_slice(b"msg_");
        value.extend_from_slice(&key);
        let text = |bytes| std::str::from_utf8(bytes).expect("decimal digits");
        lab.produce(&partitions[(i % 4) as usize], text(&key), text(&value));
    }
    while committed(&lab) < RECORDS as i64 {
        assert!(lab.now() < 3_600_000, "{name} did not finish");
        lab.run_until(lab.now() + 1000);
    }
    (lab, partitions)
}

/// Records processed, each record once per consumer that processed it.
fn count_processed(lab: &GroupLab, partitions: &[TopicPartition]) -> u64 {
    let accounting = lab.accounting();
    partitions
        .iter()
        .map(|tp| {
            (0..lab.end_offset(tp))
                .map(|offset| accounting.processors(tp, offset).len() as u64)
                .sum::<u64>()
        })
        .sum()
}

fn main() {
    measure(
        "4 consumers, 4 partitions, 100000 records, sync commit per batch",
        true,
    );
    measure(
        "4 consumers, 4 partitions, 100000 records, auto-commit",
        false,
    );
}
