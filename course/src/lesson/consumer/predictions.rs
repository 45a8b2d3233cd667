//! The consumer lessons' predictions: what the student guesses before each key moment. The
//! first of each lesson is asked on the exercise page, before the lesson's key moment.

use super::line;
use crate::exercise::Anchor;
use crate::lesson::prediction::observe::{counter, printed, shown};
use crate::lesson::prediction::{guess, setting};
use crate::lesson::{Changes, Counter, EventKind, Guess, Prediction, Trigger};
use crate::text::{Text, text};
use kafka_sim::engine::{Event, Process, Sim};

/// The predictions of the consumer lesson `id`, the one asked before the key moment first.
pub(super) fn predictions(id: &str) -> Vec<Prediction> {
    match id {
        "consumer-01-cgroup" => vec![fifth_instance(), fifth_takes_over()],
        "consumer-02-auto-commit" => vec![
            auto_commit("auto-commit-duplicates", Changes::none(), AUTO_5000),
            auto_commit(
                "auto-commit-500-duplicates",
                setting("auto.commit.interval.ms", "500"),
                AUTO_500,
            ),
            auto_commit(
                "auto-commit-10000-duplicates",
                setting("auto.commit.interval.ms", "10000"),
                AUTO_10000,
            ),
        ],
        "consumer-03-commit-sync" => vec![committed_before_crash("commit-sync-duplicates", SYNC)],
        "consumer-04-commit-async" => {
            vec![committed_before_crash("commit-async-duplicates", ASYNC)]
        }
        "consumer-06-commit-specified" => {
            vec![committed_before_crash(
                "commit-specified-duplicates",
                SPECIFIED,
            )]
        }
        "consumer-05-commit-sync-async" => vec![finally_prints()],
        "consumer-07-rebalance-callback" => vec![commit_on_revoke(), second_instance()],
        "consumer-cooperative" => vec![eager_revokes(), cooperative_third(), cooperative_revokes()],
        "consumer-static-membership" => vec![static_rebalances()],
        "consumer-assign-seek" => vec![seek_reads()],
        "consumer-lag" => vec![first_lag()],
        _ => vec![],
    }
}

/// How many partitions consumer `consumer`'s `n`-th (from 1) `on_assign` printed in the
/// whole run; "-" if it printed fewer.
fn nth_assignment(sim: &Sim, consumer: usize, n: usize) -> String {
    printed(sim, sim.trace().len() as u64, Process::Consumer(consumer))
        .iter()
        .filter_map(|line| line.strip_prefix("Setting newly assigned partitions: "))
        .nth(n - 1)
        .map_or_else(
            || "-".to_owned(),
            |list| match list {
                "[]" => "0".to_owned(),
                list => (list.matches(", ").count() + 1).to_string(),
            },
        )
}

/// The choices of "how many partitions" questions.
fn partition_counts() -> Vec<Guess> {
    vec![
        guess(
            "0",
            text("0個: 它分不到partition", "none: it gets no partition"),
        ),
        guess("1", text("1個", "one")),
        guess("2", text("2個", "two")),
    ]
}

/// A partition goes to one member of the group only (rdkafka_range_assignor.c hands out
/// `partitions / members` each).
fn fifth_instance() -> Prediction {
    Prediction {
        id: "cgroup-fifth-instance",
        prompt: text(
            "4個instance已經各讀1個partition, 第5個instance加入group。它分到幾個partition?",
            "Four instances read one partition each when a fifth joins the group. How many partitions does it get?",
        ),
        changes: Changes::none(),
        ask: line(4, Anchor::Subscribe),
        reveal: line(4, Anchor::OnAssign),
        choices: partition_counts(),
        observe: |sim, _| nth_assignment(sim, 4, 1),
        explanation: text(
            "group裡一個partition同一時間只能分給一個Consumer。4個partition、5個成員: range依member id排序, 每個成員分到4/5 = 0個, 餘下的4個給排在前面的4個成員, 排在最後的分到[] (librdkafka rdkafka_range_assignor.c)。",
            "A partition goes to only one consumer of the group at a time. With 4 partitions and 5 members, range sorts the members by member id, gives each 4/5 = 0 and the 4 left over to the first four, so the last gets [] (librdkafka rdkafka_range_assignor.c).",
        ),
    }
}

fn fifth_takes_over() -> Prediction {
    Prediction {
        id: "cgroup-fifth-takes-over",
        prompt: text(
            "第1個instance被Ctrl+C關閉之後, 原本閒置的第5個instance分到幾個partition?",
            "Once the first instance is stopped with Ctrl+C, how many partitions does the idle fifth instance get?",
        ),
        changes: Changes::none(),
        ask: Trigger::Event(EventKind::ConsumerInterrupted),
        reveal: Trigger::after(
            Trigger::Event(EventKind::ConsumerInterrupted),
            line(4, Anchor::OnAssign),
        ),
        choices: partition_counts(),
        observe: |sim, _| nth_assignment(sim, 4, 2),
        explanation: text(
            "close()送出LeaveGroup, Coordinator馬上開始Rebalance (不必等session.timeout.ms)。剩下4個成員分4個partition, 每個1個: 閒置的Consumer就是備援 (librdkafka rdkafka_cgrp.c的LeaveGroup; rdkafka_range_assignor.c)。",
            "close() sends LeaveGroup, so the coordinator rebalances at once (no waiting for session.timeout.ms). Four members share 4 partitions, one each: the idle consumer is a standby (librdkafka rdkafka_cgrp.c, LeaveGroup; rdkafka_range_assignor.c).",
        ),
    }
}

/// Records processed more than once in the whole run.
fn duplicates(sim: &Sim, _reveal: u64) -> String {
    counter(sim, sim.trace().len() as u64, Counter::Duplicates)
}

/// The choices of "how many records are processed again" questions (12 records in all).
fn reprocessed() -> Vec<Guess> {
    vec![
        guess("0", text("0筆", "none")),
        guess("6", text("6筆 (一半)", "6 (half)")),
        guess("12", text("12筆 (全部)", "all 12")),
    ]
}

/// Where the commit lessons ask and reveal: the crash, then the restarted instance taking the
/// partition back.
fn after_the_crash(id: &'static str, prompt: Text, changes: Changes, why: Text) -> Prediction {
    Prediction {
        id,
        prompt,
        changes,
        ask: Trigger::Event(EventKind::ConsumerKilled),
        reveal: Trigger::after(
            Trigger::Event(EventKind::ConsumerKilled),
            Trigger::Event(EventKind::Assigned),
        ),
        choices: reprocessed(),
        observe: duplicates,
        explanation: why,
    }
}

/// librdkafka's auto-commit runs on the group's timer every `auto.commit.interval.ms`
/// (rdkafka_cgrp.c `rd_kafka_cgrp_offset_commit_tmr_cb`; CONFIGURATION.md).
fn auto_commit(id: &'static str, changes: Changes, why: Text) -> Prediction {
    let interval = changes
        .settings
        .first()
        .map_or("5000", |(_, value)| value.as_str());
    let prompt = match interval {
        "500" => text(
            "auto.commit.interval.ms改成500再跑一次: Consumer在4秒當機, 重新啟動的instance會再處理幾筆?",
            "Run again with auto.commit.interval.ms at 500: the consumer crashes at 4 s. How many records does the restarted instance process again?",
        ),
        "10000" => text(
            "auto.commit.interval.ms改成10000再跑一次: Consumer在4秒當機, 重新啟動的instance會再處理幾筆?",
            "Run again with auto.commit.interval.ms at 10000: the consumer crashes at 4 s. How many records does the restarted instance process again?",
        ),
        _ => text(
            "auto.commit.interval.ms是5000, Consumer在4秒當機: 重新啟動的instance會再處理幾筆?",
            "auto.commit.interval.ms is 5000 and the consumer crashes at 4 s. How many records does the restarted instance process again?",
        ),
    };
    after_the_crash(id, prompt, changes, why)
}

const AUTO_5000: Text = text(
    "group大約在3秒完成, 第一批12筆馬上被處理; 自動commit的計時器每5秒才commit一次, 4秒當機時還沒有commit過。新的instance從頭讀, 12筆全部再處理一次 (librdkafka rdkafka_cgrp.c的rd_kafka_cgrp_offset_commit_tmr_cb; CONFIGURATION.md的auto.commit.interval.ms)。",
    "The group forms at about 3 s and the 12 records are processed at once; the auto-commit timer commits only every 5 s, so nothing is committed when the consumer crashes at 4 s. The new instance reads from the start and processes all 12 again (librdkafka rdkafka_cgrp.c, rd_kafka_cgrp_offset_commit_tmr_cb; CONFIGURATION.md, auto.commit.interval.ms).",
);
const AUTO_500: Text = text(
    "計時器從Consumer()建立起每0.5秒執行一次: 3.2秒處理的12筆, 在3.5秒被commit了, 新的instance從offset 12開始, 沒有重複。間隔越短, 當機時重複的越少, 但commit的請求越多 (librdkafka rdkafka_cgrp.c的rd_kafka_cgrp_offset_commit_tmr_cb; CONFIGURATION.md的auto.commit.interval.ms)。",
    "The timer runs every 0.5 s from Consumer() on: the 12 records processed at 3.2 s are committed at 3.5 s, so the new instance starts at offset 12 and nothing repeats. A shorter interval means fewer duplicates after a crash, at the cost of more commit requests (librdkafka rdkafka_cgrp.c, rd_kafka_cgrp_offset_commit_tmr_cb; CONFIGURATION.md, auto.commit.interval.ms).",
);
const AUTO_10000: Text = text(
    "每10秒commit一次: 4秒當機時還沒有commit, 12筆全部再處理一次; 間隔越長, 當機時重複的可能越多 (librdkafka CONFIGURATION.md的auto.commit.interval.ms)。",
    "A commit every 10 seconds: nothing is committed by the crash at 4 s, so all 12 are processed again; the longer the interval, the more a crash may repeat (librdkafka CONFIGURATION.md, auto.commit.interval.ms).",
);

/// A manual commit that completed before the crash leaves nothing to process again: the new
/// member starts from the committed offset (rdkafka_cgrp.c, OffsetFetch on assignment).
fn committed_before_crash(id: &'static str, why: Text) -> Prediction {
    after_the_crash(
        id,
        text(
            "Consumer在處理完第一批、commit之後當機 (kill -9)。重新啟動的instance會再處理幾筆?",
            "The consumer is killed (kill -9) after processing and committing its first batch. How many records does the restarted instance process again?",
        ),
        Changes::none(),
        why,
    )
}

const SYNC: Text = text(
    "commit(asynchronous=False)等到Coordinator存好offset才返回, 當機時第一批的offset 12已經commit了。新的instance從offset 12開始讀, 沒有重複 (confluent-kafka-python Consumer.commit; librdkafka rdkafka_cgrp.c)。",
    "commit(asynchronous=False) returns only once the coordinator has stored the offset, so offset 12 was committed before the crash. The new instance starts at 12 and nothing repeats (confluent-kafka-python Consumer.commit; librdkafka rdkafka_cgrp.c).",
);
const ASYNC: Text = text(
    "commit()不等結果就返回, 但這一批的commit在當機之前就完成了 (on_commit印出了結果)。新的instance從commit的offset 12開始, 沒有重複。非同步commit的風險是在完成之前就當機 (confluent-kafka-python Consumer.commit)。",
    "commit() returns without waiting, but this batch's commit completed before the crash (on_commit printed it). The new instance starts at the committed offset 12 and nothing repeats. The risk of an asynchronous commit is a crash before it completes (confluent-kafka-python Consumer.commit).",
);
const SPECIFIED: Text = text(
    "commit(record)每處理一筆就commit它的offset+1; 當機之前最後一筆也commit了。新的instance從offset 12開始讀, 沒有重複 (confluent-kafka-python Consumer.commit的message參數)。",
    "commit(record) commits offset+1 of each record once it is processed, the last one included before the crash. The new instance starts at offset 12 and nothing repeats (confluent-kafka-python Consumer.commit, its message argument).",
);

/// What consumer 0 printed after its Ctrl+C: the `finally`'s synchronous commit either prints
/// the committed offsets or the `KafkaException` (`_NO_OFFSET`).
fn finally_output(sim: &Sim, reveal: u64) -> String {
    let interrupted = sim
        .trace()
        .iter()
        .find(|entry| EventKind::ConsumerInterrupted.matches(&entry.event))
        .map_or(0, |entry| entry.seq);
    let before = printed(sim, interrupted, Process::Consumer(0)).len();
    let after = printed(sim, reveal, Process::Consumer(0));
    let finally = &after[before.min(after.len())..];
    if finally.iter().any(|line| line.contains("_NO_OFFSET")) {
        "no-offset".to_owned()
    } else if finally.iter().any(|line| line.starts_with("# Committed")) {
        "committed".to_owned()
    } else {
        "nothing".to_owned()
    }
}

/// librdkafka commits only offsets newer than the committed ones and answers a commit with
/// nothing new `RD_KAFKA_RESP_ERR__NO_OFFSET` (rdkafka_cgrp.c `rd_kafka_cgrp_offsets_commit`).
fn finally_prints() -> Prediction {
    Prediction {
        id: "sync-async-finally",
        prompt: text(
            "Ctrl+C之後, finally裡的commit(asynchronous=False)會印出什麼?",
            "After Ctrl+C, what does the commit(asynchronous=False) in finally print?",
        ),
        changes: Changes::none(),
        ask: Trigger::Event(EventKind::ConsumerInterrupted),
        reveal: line(0, Anchor::Close),
        choices: vec![
            guess(
                "committed",
                text(
                    "印出 # Committed offsets for: ak03.test-0 {offset=12}",
                    "it prints # Committed offsets for: ak03.test-0 {offset=12}",
                ),
            ),
            guess(
                "no-offset",
                text(
                    "一個KafkaException: _NO_OFFSET (沒有新的offset可以commit)",
                    "a KafkaException: _NO_OFFSET (no new offset to commit)",
                ),
            ),
            guess("nothing", text("什麼都不印", "nothing")),
        ],
        observe: finally_output,
        explanation: text(
            "迴圈裡最後一次非同步commit已經完成, 沒有比已commit的更新的offset; librdkafka遇到沒有東西可commit時回傳_NO_OFFSET, confluent-kafka-python的同步commit把它丟成KafkaException, except印出它 (librdkafka rdkafka_cgrp.c; confluent-kafka-python Consumer.commit)。",
            "The loop's last asynchronous commit has completed, so no offset is newer than the committed ones; with nothing to commit librdkafka answers _NO_OFFSET, which confluent-kafka-python's synchronous commit raises as a KafkaException that the except prints (librdkafka rdkafka_cgrp.c; confluent-kafka-python Consumer.commit).",
        ),
    }
}

/// Committing the processed offsets in `on_revoke` hands the next owner the exact position
/// (confluent-kafka-python `Consumer.subscribe` `on_revoke`; KIP-429 notes the same pattern).
fn commit_on_revoke() -> Prediction {
    Prediction {
        id: "rebalance-callback-duplicates",
        prompt: text(
            "第2個instance加入, partition會搬家。因為on_revoke裡有commit, 整個執行過程有幾筆訊息被處理兩次?",
            "A second instance joins and partitions move. With the commit in on_revoke, how many records are processed twice in the whole run?",
        ),
        changes: Changes::none(),
        ask: line(1, Anchor::Subscribe),
        reveal: line(1, Anchor::OnAssign),
        choices: vec![
            guess("0", text("0筆", "none")),
            guess(
                "1",
                text("每個搬走的partition 1筆", "one per partition that moves"),
            ),
            guess(
                "5",
                text(
                    "上次自動commit之後處理的都會重複",
                    "every record since the last auto-commit",
                ),
            ),
        ],
        observe: duplicates,
        explanation: text(
            "on_revoke在partition被收回之前執行, commit_on_revoke把每個partition最後處理完的offset+1 commit出去; 新的owner從那裡開始讀, 所以沒有重複 (confluent-kafka-python Consumer.subscribe的on_revoke; librdkafka rdkafka_cgrp.c先呼叫rebalance callback再交出partition)。",
            "on_revoke runs before the partitions are taken away, and commit_on_revoke commits offset+1 of each partition's last processed record; the new owner starts there, so nothing repeats (confluent-kafka-python Consumer.subscribe, on_revoke; librdkafka rdkafka_cgrp.c calls the rebalance callback before giving the partitions up).",
        ),
    }
}

fn second_instance() -> Prediction {
    Prediction {
        id: "rebalance-callback-second-gets",
        prompt: text(
            "第2個instance加入之後, 它分到幾個partition?",
            "Once the second instance has joined, how many partitions does it get?",
        ),
        changes: Changes::none(),
        ask: line(1, Anchor::Subscribe),
        reveal: line(1, Anchor::OnAssign),
        choices: partition_counts(),
        observe: |sim, _| nth_assignment(sim, 1, 1),
        explanation: text(
            "range把4個partition平均分給2個成員: 每個2個 (librdkafka rdkafka_range_assignor.c)。",
            "range splits the 4 partitions evenly over 2 members: two each (librdkafka rdkafka_range_assignor.c).",
        ),
    }
}

/// `Revoking ...` lines the three consumers printed from the third one's start to the reveal.
fn revoke_lines_after_third(sim: &Sim, reveal: u64) -> String {
    let third = sim
        .trace()
        .iter()
        .find(|entry| matches!(entry.event, Event::ConsumerStarted { consumer: 2 }))
        .map_or(0, |entry| entry.seq);
    let revokes = |upto: u64, consumer: usize| {
        printed(sim, upto, Process::Consumer(consumer))
            .iter()
            .filter(|line| line.starts_with("Revoking"))
            .count()
    };
    (0..3)
        .map(|consumer| revokes(reveal, consumer) - revokes(third, consumer))
        .sum::<usize>()
        .to_string()
}

/// An eager rebalance revokes every member's whole assignment before the new one
/// (librdkafka rdkafka_cgrp.c `rd_kafka_cgrp_revoke_all_rejoin`).
fn eager_revokes() -> Prediction {
    Prediction {
        id: "eager-revoke-lines",
        prompt: text(
            "eager (range): 第3個Consumer加入時, 3個Consumer的console一共印出幾行「Revoking previously assigned partitions」?",
            "Eager (range): when the third consumer joins, how many \"Revoking previously assigned partitions\" lines do the 3 consoles print in all?",
        ),
        changes: Changes::none(),
        ask: line(2, Anchor::Subscribe),
        reveal: line(2, Anchor::OnAssign),
        choices: revoke_counts(),
        observe: revoke_lines_after_third,
        explanation: text(
            "eager的Rebalance: 每個已經有partition的成員都先在on_revoke交出全部的partition (rd_kafka_cgrp_revoke_all_rejoin), 新加入的成員沒有東西可以交出。所以是2行, 而且整個group在Rebalance期間停止讀取 (librdkafka rdkafka_cgrp.c)。",
            "An eager rebalance: every member that holds partitions first gives them all up in on_revoke (rd_kafka_cgrp_revoke_all_rejoin); the newcomer has nothing to give up. So 2 lines, and the whole group stops reading during the rebalance (librdkafka rdkafka_cgrp.c).",
        ),
    }
}

fn revoke_counts() -> Vec<Guess> {
    vec![
        guess("0", text("0行", "none")),
        guess("1", text("1行", "one")),
        guess("2", text("2行", "two")),
        guess("3", text("3行", "three")),
    ]
}

/// The eager run's program with cooperative-sticky: librdkafka assigns and revokes
/// incrementally, and the rebalance callback still runs, with the partitions that change
/// (rdkafka_cgrp.c `rd_kafka_cgrp_handle_assignment`).
fn cooperative() -> Changes {
    setting("partition.assignment.strategy", "'cooperative-sticky'")
}

/// With cooperative-sticky only the partitions that move are revoked, in a first rebalance,
/// and assigned in a second (KIP-429; librdkafka rdkafka_sticky_assignor.c).
fn cooperative_third() -> Prediction {
    Prediction {
        id: "cooperative-third-first-assign",
        prompt: text(
            "把Consumer_01的partition.assignment.strategy改成'cooperative-sticky'再跑一次: 第3個Consumer加入, 它的on_assign第一次印出幾個partition?",
            "Run Consumer_01 again with partition.assignment.strategy set to 'cooperative-sticky': when the third consumer joins, how many partitions does its first on_assign print?",
        ),
        changes: cooperative(),
        ask: line(2, Anchor::Subscribe),
        reveal: line(2, Anchor::OnAssign),
        choices: partition_counts(),
        observe: |sim, _| nth_assignment(sim, 2, 1),
        explanation: text(
            "cooperative的搬家要兩次Rebalance: 第一次, 要搬走的partition先由原本的成員在on_revoke交出, 新成員這時分到的是[]; 第二次Rebalance才把交出的partition分給它。其他partition一直在讀 (KIP-429; librdkafka rdkafka_sticky_assignor.c與rdkafka_cgrp.c)。",
            "A cooperative move takes two rebalances: in the first, the partition that moves is given up by its owner in on_revoke while the newcomer gets []; only the second rebalance hands it over. The other partitions are read throughout (KIP-429; librdkafka rdkafka_sticky_assignor.c and rdkafka_cgrp.c).",
        ),
    }
}

fn cooperative_revokes() -> Prediction {
    Prediction {
        id: "cooperative-revoke-lines",
        prompt: text(
            "同樣改成'cooperative-sticky': 從第3個Consumer加入到它分到partition, 3個console一共印出幾行「Revoking previously assigned partitions」?",
            "Again with 'cooperative-sticky': from the third consumer joining until it gets its partition, how many \"Revoking previously assigned partitions\" lines do the 3 consoles print in all?",
        ),
        changes: cooperative(),
        ask: line(2, Anchor::Subscribe),
        reveal: Trigger::nth(2, line(2, Anchor::OnAssign)),
        choices: revoke_counts(),
        observe: revoke_lines_after_third,
        explanation: text(
            "cooperative-sticky只收回要搬走的partition: 只有交出partition的那個成員呼叫on_revoke, 列出那一個partition; 其他成員沒有東西被收回, 也就不呼叫on_revoke (KIP-429; librdkafka rdkafka_cgrp.c的incremental unassign)。和eager的2行比較。",
            "cooperative-sticky takes back only the partition that moves: only the member giving it up runs on_revoke, listing that one partition; the others lose nothing and run no on_revoke (KIP-429; librdkafka rdkafka_cgrp.c, incremental unassign). Compare with eager's 2 lines.",
        ),
    }
}

/// Rebalances the coordinator started between c1's Ctrl+C and the reveal.
fn rebalances_while_away(sim: &Sim, reveal: u64) -> String {
    let closed = sim
        .trace()
        .iter()
        .find(|entry| EventKind::ConsumerInterrupted.matches(&entry.event))
        .map_or(u64::MAX, |entry| entry.seq);
    shown(sim, reveal)
        .iter()
        .filter(|entry| entry.seq > closed && EventKind::RebalanceStarted.matches(&entry.event))
        .count()
        .to_string()
}

/// A static member's close sends no LeaveGroup (KIP-345; librdkafka rdkafka_cgrp.c), and a
/// returning static member gets its assignment back without a rebalance (KIP-345; the old leader
/// id answers librdkafka's JoinGroup v5, apache/kafka `updateStaticMemberAndRebalance`).
fn static_rebalances() -> Prediction {
    Prediction {
        id: "static-rebalances",
        prompt: text(
            "c1在20秒關閉、30秒用同一個group.instance.id回來 (session.timeout.ms是30秒)。從c1關閉到它拿回partition, 發生幾次Rebalance?",
            "c1 closes at 20 s and comes back at 30 s with the same group.instance.id (session.timeout.ms is 30 s). How many rebalances happen from c1 closing until it has its partitions back?",
        ),
        changes: Changes::none(),
        ask: Trigger::Event(EventKind::RecordProcessed),
        reveal: line(2, Anchor::OnAssign),
        choices: vec![
            guess("0", text("0次", "none")),
            guess("1", text("1次: 回來的時候", "one, when it comes back")),
            guess(
                "2",
                text(
                    "2次: 離開一次、回來一次",
                    "two: one as it leaves, one as it returns",
                ),
            ),
        ],
        observe: rebalances_while_away,
        explanation: text(
            "靜態成員 (group.instance.id) 關閉時不送LeaveGroup (KIP-345), Coordinator等session.timeout.ms; 它在那之前回來, 用同一個group.instance.id拿回原本的分配, 就算它是leader也不Rebalance (Broker回覆librdkafka的JoinGroup時給的是舊的leader id)。",
            "A static member (group.instance.id) sends no LeaveGroup when it closes (KIP-345), so the coordinator waits for session.timeout.ms; it returns before that and gets its assignment back under the same group.instance.id, without a rebalance even if it was the leader (the broker answers librdkafka's JoinGroup with the old leader id).",
        ),
    }
}

/// How many times the record at offset 0 was processed in the whole run.
fn offset0_reads(sim: &Sim, _reveal: u64) -> String {
    sim.trace()
        .iter()
        .filter(|entry| {
            matches!(
                &entry.event,
                Event::ConsumerProgram {
                    event: kafka_sim::consumer::ProgramEvent::Processed { offset: 0, .. },
                    ..
                }
            )
        })
        .count()
        .to_string()
}

/// `seek()` moves the fetch position only (confluent-kafka-python `Consumer.seek`); the
/// program's `rewound` flag seeks once.
fn seek_reads() -> Prediction {
    Prediction {
        id: "assign-seek-reads",
        prompt: text(
            "讀完第一批之後程式呼叫seek()回到offset 0。整個執行過程, offset 0的訊息被處理 (印出) 幾次?",
            "After the first batch the program calls seek() back to offset 0. How many times is the record at offset 0 processed (printed) in the whole run?",
        ),
        changes: Changes::none(),
        ask: line(0, Anchor::Assign),
        reveal: Trigger::after(
            line(0, Anchor::Seek),
            Trigger::Event(EventKind::RecordProcessed),
        ),
        choices: vec![
            guess("1", text("1次", "once")),
            guess("2", text("2次", "twice")),
            guess(
                "3",
                text(
                    "一直重複, 每一批都會回到開頭",
                    "again and again, every batch",
                ),
            ),
        ],
        observe: offset0_reads,
        explanation: text(
            "seek()把這個Consumer的讀取位置移回offset 0, 同樣的訊息再讀一次; 程式用rewound旗標只seek一次, 所以是2次。seek()不改變commit的offset, assign()也不加入group (confluent-kafka-python Consumer.seek與Consumer.assign)。",
            "seek() moves this consumer's position back to offset 0, so the same records are read again; the program's rewound flag seeks only once, so twice. seek() does not change the committed offset, and assign() joins no group (confluent-kafka-python Consumer.seek and Consumer.assign).",
        ),
    }
}

/// The total lag Consumer_lag prints first.
fn first_total_lag(sim: &Sim, reveal: u64) -> String {
    printed(sim, reveal, Process::Consumer(1))
        .iter()
        .find_map(|line| line.strip_prefix("Total lag: ").map(str::to_owned))
        .unwrap_or_else(|| "-".to_owned())
}

/// Lag is the high watermark minus the committed offset per partition (seed 004's
/// Consumer_lag; `get_watermark_offsets` and `committed` in confluent-kafka-python).
fn first_lag() -> Prediction {
    Prediction {
        id: "lag-first-total",
        prompt: text(
            "Consumer_01一邊讀一邊每5秒自動commit。Consumer_lag第一次印出的Total lag是多少?",
            "Consumer_01 reads and auto-commits every 5 s. What is the first Total lag Consumer_lag prints?",
        ),
        changes: Changes::none(),
        ask: line(1, Anchor::Committed),
        reveal: Trigger::after(line(1, Anchor::Watermarks), line(1, Anchor::Sleep)),
        choices: vec![
            guess("0", text("0: Consumer_01跟得上", "0: Consumer_01 keeps up")),
            guess("2", text("2筆", "2")),
            guess(
                "7",
                text("7: producer到目前送出的全部", "7: everything sent so far"),
            ),
        ],
        observe: first_total_lag,
        explanation: text(
            "lag = high watermark - group commit的offset, 每個partition相加; 從沒commit過的partition (印成committed=-) 算high - low。Consumer_01處理得很快, 但lag看的是commit, 不是處理: 最後commit的offset之後的訊息, 就算已經處理了, 也還算在lag裡 (seed 004的Consumer_lag; confluent-kafka-python Consumer.committed與get_watermark_offsets)。",
            "Lag = high watermark - the group's committed offset, summed over the partitions; for a partition never committed (printed committed=-), high - low. Consumer_01 processes quickly, but lag counts commits, not processing: records after the last committed offset count even once processed (seed 004's Consumer_lag; confluent-kafka-python Consumer.committed and get_watermark_offsets).",
        ),
    }
}
