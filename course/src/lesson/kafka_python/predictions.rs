//! The kafka-python lessons' predictions, asked in the kafka-python run.

use super::super::consumer::line;
use crate::exercise::Anchor;
use crate::lesson::prediction::guess;
use crate::lesson::prediction::observe::{counter, printed};
use crate::lesson::{Changes, Counter, EventKind, Prediction, Trigger};
use crate::text::text;
use kafka_sim::engine::{Process, Sim};

/// The predictions of the kafka-python lesson `id`.
pub(super) fn predictions(id: &str) -> Vec<Prediction> {
    match id {
        "kafka-python-consumer" => vec![auto_commit_in_poll()],
        "kafka-python-manual-commit" => vec![commit_per_message()],
        "kafka-python-lag" => vec![kafka_left()],
        _ => vec![],
    }
}

/// The records processed twice in the whole run.
fn duplicates(sim: &Sim, _reveal: u64) -> String {
    counter(sim, sim.trace().len() as u64, Counter::Duplicates)
}

/// Asked at the crash, answered when the new instance has its partitions.
fn after_the_crash() -> (Trigger, Trigger) {
    let crashed = Trigger::Event(EventKind::ProgramCrashed);
    let assigned = Trigger::after(crashed.clone(), Trigger::Event(EventKind::Assigned));
    (crashed, assigned)
}

/// kafka-python commits automatically only inside poll() (3.0.12
/// `ConsumerCoordinator.poll` → `_maybe_auto_commit_offsets_async`, called from
/// `KafkaConsumer._poll_once`), and the iterator polls only when its batch is used up.
fn auto_commit_in_poll() -> Prediction {
    let (ask, reveal) = after_the_crash();
    Prediction {
        id: "kafka-python-auto-commit-duplicates",
        prompt: text(
            "kafka-python的Consumer處理完第二次producer_demo送的3筆之後當機; 在它處理這3筆的時候, 自動commit的5秒期限已經過了。重新啟動的instance會再處理幾筆?",
            "The kafka-python consumer dies after processing the 3 records of the second producer_demo; the 5 s auto-commit deadline passed while it processed them. How many records does the restarted instance process again?",
        ),
        changes: Changes::none(),
        ask,
        reveal,
        choices: vec![
            guess(
                "0",
                text(
                    "0筆: 期限過了就commit了",
                    "none: the deadline passed, so it committed",
                ),
            ),
            guess(
                "3",
                text(
                    "3筆: 第二次producer_demo送的全部",
                    "3: all of the second producer_demo's",
                ),
            ),
            guess("6", text("6筆: 兩次送的全部", "6: all six")),
        ],
        observe: duplicates,
        explanation: text(
            "kafka-python的自動commit只在poll()裡執行 (kafka/coordinator/consumer.py的poll()呼叫_maybe_auto_commit_offsets_async, 由KafkaConsumer._poll_once呼叫); 迭代器要把拿回的訊息用完才再poll()。前3筆在10秒和15秒的poll()裡commit了 (offset 1, 3)。19秒的poll()還沒到期限 (20秒), 期限過了以後、21秒當機之前沒有再poll(), 所以offset 3到5的3筆都再處理一次。",
            "kafka-python auto-commits only inside poll() (kafka/coordinator/consumer.py: poll() calls _maybe_auto_commit_offsets_async, from KafkaConsumer._poll_once), and the iterator polls again only when it has handed over what it fetched. The first 3 records were committed in the polls at 10 s and 15 s (offsets 1, 3). The poll at 19 s came before the deadline (20 s), and no poll came after it before the crash at 21 s, so offsets 3 to 5 are processed again.",
        ),
    }
}

/// kafka-python's `commit()` without offsets commits every consumed position synchronously
/// (3.0.12 `KafkaConsumer.commit`: `subscription.all_consumed_offsets()`,
/// `commit_offsets_sync`).
fn commit_per_message() -> Prediction {
    let (ask, reveal) = after_the_crash();
    Prediction {
        id: "kafka-python-commit-duplicates",
        prompt: text(
            "kafka-python的Consumer每處理完一筆就commit(), 在處理完第5筆、它的commit()之前當機。重新啟動的instance會再處理幾筆?",
            "The kafka-python consumer commits after each message and dies after processing the 5th, before its commit(). How many records does the restarted instance process again?",
        ),
        changes: Changes::none(),
        ask,
        reveal,
        choices: vec![
            guess("0", text("0筆", "none")),
            guess("1", text("1筆", "one")),
            guess("5", text("5筆: 當機前處理的全部", "5: all it processed")),
        ],
        observe: duplicates,
        explanation: text(
            "commit()同步地commit目前的位置 (KafkaConsumer.commit: all_consumed_offsets, commit_offsets_sync): 前4筆的commit都在當機前完成了, group的offset是4; 只有第5筆 (offset 4) 再處理一次。",
            "commit() synchronously commits the current position (KafkaConsumer.commit: all_consumed_offsets, commit_offsets_sync): the first 4 commits completed before the crash and the group's offset is 4, so only the 5th record (offset 4) is processed again.",
        ),
    }
}

/// What the lag script printed as `kafka left: N`: N, or "-".
fn left(sim: &Sim, _reveal: u64) -> String {
    printed(sim, sim.trace().len() as u64, Process::Consumer(1))
        .iter()
        .find_map(|line| line.strip_prefix("kafka left: ").map(str::to_owned))
        .unwrap_or_else(|| "-".to_owned())
}

/// Seed 004's sum: `None` (nothing committed) counts 0 (`if x[1] is not None`).
fn kafka_left() -> Prediction {
    Prediction {
        id: "kafka-python-lag-left",
        prompt: text(
            "partition 1收到6筆, Consumer commit了前3筆之後當機; partition 0沒有訊息。lag程式會印出kafka left: 多少?",
            "Partition 1 got 6 records and the consumer committed the first 3 before it died; partition 0 has none. What does the lag script print as kafka left?",
        ),
        changes: Changes::none(),
        ask: line(1, Anchor::Subscribe),
        reveal: line(1, Anchor::PrintLeft),
        choices: vec![
            guess("0", text("0: 沒有剩下", "0: nothing left")),
            guess(
                "3",
                text("3: 當機之後送出的3筆", "3: the 3 sent after the crash"),
            ),
            guess("6", text("6: partition 1的全部", "6: all of partition 1")),
        ],
        observe: left,
        explanation: text(
            "end offset是[(0, 0), (1, 6)], commit的offset是[(0, 0), (1, 3)], 所以6 - 3 = 3。partition 0雖然沒有訊息, 也commit了0: kafka-python的commit()會commit每個有position的partition (offset reset之後的也算)。",
            "The end offsets are [(0, 0), (1, 6)] and the committed ones [(0, 0), (1, 3)], so 6 - 3 = 3. Partition 0 has no records but was committed at 0: kafka-python's commit() commits every partition that has a position (one from an offset reset too).",
        ),
    }
}
