//! A consumer that dies in the middle of a batch, run side by side with different commit
//! styles: committing before processing (at-most-once) against after (at-least-once), and a
//! commit per batch, per record or by the auto-commit timer.

use super::action::Action;
use super::consumer::{RESTART_AT, beat, source};
use super::counter::Counter;
use super::plan::{ConsumerPlan, Plan};
use super::prediction::{Guess, Prediction};
use super::trigger::{EventKind, Trigger};
use super::{Beat, Changes, Lesson};
use crate::catalog::exercise;
use crate::exercise::Source;
use crate::text::{Text, text};
use kafka_sim::engine::Sim;

/// How many messages Producer_03 sends: one batch for the consumer.
const MESSAGES: u64 = 12;

/// The consumer dies right after processing this many records of its first batch.
const CRASH_AFTER: u64 = 5;

pub(super) fn lesson(id: &str) -> Option<Lesson> {
    let exercise = exercise(id)?;
    let (runs, beats, prediction): (Vec<(Text, &Source)>, _, _) = match id {
        "consumer-at-most-once" => (
            vec![
                (AT_MOST_ONCE, &exercise.sources[0]),
                (AT_LEAST_ONCE, &exercise.sources[1]),
            ],
            at_most_once(),
            lost(),
        ),
        "consumer-crash-points" => (
            vec![
                (PER_BATCH, &exercise.sources[0]),
                (PER_RECORD, &exercise.sources[1]),
                (AUTO, &exercise.sources[2]),
            ],
            crash_points(),
            again_per_record(),
        ),
        _ => return None,
    };
    let producer = source("producer-03-async");
    Some(Lesson {
        id: exercise.id,
        ms_per_second: 4_000,
        actions: vec![
            Action::SetCrashPoint(&["1", "5", "11"]),
            Action::AddConsumer,
        ],
        counters: vec![
            Counter::Processed,
            Counter::Duplicates,
            Counter::Unprocessed,
            Counter::Lag,
        ],
        beats,
        key_moment: restarted_reads(),
        predictions: vec![prediction],
        plans: runs
            .into_iter()
            .map(|(label, program)| {
                Plan::group(
                    label,
                    producer,
                    MESSAGES,
                    vec![
                        ConsumerPlan::new(program, 0).crashing_after(CRASH_AFTER),
                        ConsumerPlan::new(program, RESTART_AT),
                    ],
                )
            })
            .collect(),
    })
}

const AT_MOST_ONCE: Text = text(
    "先commit再處理 (at-most-once)",
    "commit, then process (at-most-once)",
);
const AT_LEAST_ONCE: Text = text(
    "先處理再commit (at-least-once, Consumer_03)",
    "process, then commit (at-least-once, Consumer_03)",
);
const PER_BATCH: Text = text("Consumer_03: 每批commit", "Consumer_03: a commit per batch");
const PER_RECORD: Text = text(
    "Consumer_06: 每筆commit",
    "Consumer_06: a commit per record",
);
const AUTO: Text = text("Consumer_02: 自動commit", "Consumer_02: auto commit");

/// The first consumer dies in the middle of its batch.
fn crashed() -> Trigger {
    Trigger::Event(EventKind::ProgramCrashed)
}

/// The restarted instance is assigned the partition the dead one held.
fn restarted_reads() -> Trigger {
    Trigger::after(crashed(), Trigger::Event(EventKind::Assigned))
}

/// The beats both lessons share after their opening: the batch, the crash, the restart.
fn crash_and_restart(crash: Text) -> Vec<Beat> {
    vec![
        beat(
            Trigger::Event(EventKind::Assigned),
            text(
                "第1個instance分到ak03.test-0; 沒有commit過的offset, 從頭讀 (auto.offset.reset=earliest)。",
                "The first instance gets ak03.test-0; with no committed offset it reads from the start (auto.offset.reset=earliest).",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RecordProcessed),
            text(
                "consume()交出一批12筆訊息, 程式一筆一筆處理。",
                "consume() hands over a batch of 12 records and the program processes them one by one.",
            ),
        ),
        beat(crashed(), crash),
        beat(
            Trigger::after(crashed(), Trigger::Event(EventKind::RebalanceStarted)),
            text(
                "程式重新啟動, 再加入group; Coordinator等死掉的成員的session.timeout.ms (45秒) 過了, 才完成Rebalance。",
                "The program is started again and rejoins; the coordinator completes the rebalance once the dead member's session.timeout.ms (45 s) has passed.",
            ),
        ),
    ]
}

fn at_most_once() -> Vec<Beat> {
    let mut beats = vec![beat(
        Trigger::Start,
        text(
            "同一個實驗跑兩次: 上面的程式一拿到一批就先commit再處理 (at-most-once), 下面的Consumer_03先處理再commit (at-least-once)。兩邊都會在處理完第5筆之後當機。",
            "The same experiment runs twice: the program above commits each batch as soon as it gets it, then processes it (at-most-once); Consumer_03 below processes first and commits after (at-least-once). Both crash right after processing the 5th record.",
        ),
    )];
    beats.extend(crash_and_restart(text(
        "處理完第5筆就當機了。上面: 這一批在處理之前已經commit到offset 12; 下面: 還沒有commit。",
        "It crashes right after the 5th record. Above, the batch was committed up to offset 12 before processing; below, nothing is committed yet.",
    )));
    beats.push(beat(
        restarted_reads(),
        text(
            "新的instance從committed offset開始讀。上面: 從12開始, offset 5到11的7筆訊息永遠不會被處理 (看「已commit但沒處理的訊息」); 下面: 從0開始, 前5筆被重複處理, 但一筆都沒有遺失。",
            "The new instance reads from the committed offset. Above it starts at 12: the 7 records at offsets 5 to 11 are never processed (see \"committed, never processed\"); below it starts at 0: the first 5 are processed twice, and none is lost.",
        ),
    ));
    beats
}

fn crash_points() -> Vec<Beat> {
    let mut beats = vec![beat(
        Trigger::Start,
        text(
            "同樣的當機, 三種commit方式: Consumer_03每批commit一次, Consumer_06每筆commit一次, Consumer_02自動commit (每5秒)。三個都會在處理完第5筆之後當機。",
            "The same crash, three ways to commit: Consumer_03 commits once per batch, Consumer_06 once per record, Consumer_02 automatically (every 5 s). All three crash right after processing the 5th record.",
        ),
    )];
    beats.extend(crash_and_restart(text(
        "處理完第5筆就當機了: Consumer_03還沒commit這一批; Consumer_06已經送出前4筆的commit(record), 第5筆的commit還來不及送; Consumer_02的自動commit計時器還沒到5秒。",
        "It crashes right after the 5th record: Consumer_03 has not committed the batch yet; Consumer_06 has sent commit(record) for the first 4, not for the 5th; Consumer_02's auto-commit timer has not reached 5 s.",
    )));
    beats.push(beat(
        restarted_reads(),
        text(
            "新的instance從committed offset開始讀: Consumer_03與Consumer_02重複處理當機前處理過的5筆, Consumer_06只重複處理commit還沒送出的那1筆。如果自動commit的計時器在這一批的中間觸發, Consumer_02會commit還沒處理的訊息: 那些訊息就遺失了 (見at-most-once)。",
            "The new instance reads from the committed offset: Consumer_03 and Consumer_02 process the 5 records handled before the crash again, Consumer_06 only the 1 whose commit was never sent. Had the auto-commit timer fired in the middle of the batch, Consumer_02 would have committed records not yet processed, and those would be lost (see at-most-once).",
        ),
    ));
    beats
}

/// Asked at the crash: how many of the batch's records the at-most-once program loses.
fn lost() -> Prediction {
    Prediction {
        id: "at-most-once-lost",
        prompt: text(
            "先commit再處理的程式在處理完第5筆 (offset 4) 時當機。重新啟動之後, 這一批有幾筆訊息永遠不會被處理?",
            "The commit-first program crashes right after its 5th record (offset 4). After the restart, how many records of the batch are never processed?",
        ),
        changes: Changes::none(),
        ask: crashed(),
        reveal: restarted_reads(),
        choices: vec![
            Guess {
                text: text(
                    "0筆: 重新啟動後會再讀一次",
                    "0: the restart reads them again",
                ),
                claims: "0",
            },
            Guess {
                text: text("5筆: 處理過的那幾筆", "5: the ones already processed"),
                claims: "5",
            },
            Guess {
                text: text("7筆: 還沒處理的那幾筆", "7: the ones not yet processed"),
                claims: "7",
            },
        ],
        observe: unprocessed,
        explanation: text(
            "commit()提交的是consume()交給程式的最後一筆的offset+1 (enable.auto.offset.store=true時, librdkafka在交出訊息時就存下offset, rdkafka_offset.c); 先commit再處理, 當機時還沒處理的訊息已經在committed offset之前, 之後不會再被讀到。",
            "commit() commits offset+1 of the last record consume() handed over (with enable.auto.offset.store=true librdkafka stores the offset as it hands a record over, rdkafka_offset.c); committing before processing puts the unprocessed records below the committed offset, and they are never read again.",
        ),
    }
}

/// Records below the committed offset that no consumer processed, in the whole run.
fn unprocessed(sim: &Sim, _reveal: u64) -> String {
    Counter::Unprocessed
        .value(sim, sim.projection())
        .to_string()
}

/// Asked at the crash: how many records Consumer_03 processes again.
fn again_per_record() -> Prediction {
    Prediction {
        id: "crash-points-again",
        prompt: text(
            "Consumer_03 (每批commit) 在處理完第5筆時當機。重新啟動之後, 有幾筆訊息會被處理第二次?",
            "Consumer_03 (a commit per batch) crashes right after its 5th record. After the restart, how many records are processed a second time?",
        ),
        changes: Changes::none(),
        ask: crashed(),
        reveal: restarted_reads(),
        choices: vec![
            Guess {
                text: text("0筆", "0"),
                claims: "0",
            },
            Guess {
                text: text("1筆: 當機時正在處理的那一筆", "1: the one being processed"),
                claims: "1",
            },
            Guess {
                text: text(
                    "5筆: 這一批已處理的全部",
                    "5: all the batch's processed records",
                ),
                claims: "5",
            },
        ],
        observe: processed_twice,
        explanation: text(
            "Consumer_03處理完整批才呼叫commit(asynchronous=False); 當機時這一批還沒commit, 重新啟動的instance從上一次commit的offset (沒有commit過時依auto.offset.reset=earliest從頭) 開始讀, 當機前處理過的都會再處理一次。",
            "Consumer_03 calls commit(asynchronous=False) only after the whole batch; at the crash the batch is not committed, so the restarted instance reads from the last committed offset (from the start, auto.offset.reset=earliest, when nothing was committed) and processes again everything handled before the crash.",
        ),
    }
}

/// Records processed more than once, in the whole run.
fn processed_twice(sim: &Sim, _reveal: u64) -> String {
    Counter::Duplicates.value(sim, sim.projection()).to_string()
}
