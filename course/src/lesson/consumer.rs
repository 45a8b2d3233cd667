//! The consumer lessons: Producer_05 feeding a group, Consumer_01..07, cooperative and eager
//! rebalancing, static membership, assign() and seek(), and lag.

mod predictions;

use super::action::Action;
use super::counter::Counter;
use super::plan::{ConsumerPlan, Plan, Stop};
use super::trigger::{EventKind, Trigger};
use super::{Beat, Lesson};
use crate::catalog::exercise;
use crate::exercise::{Anchor, Source};
use crate::text::{Text, text};
use kafka_sim::engine::{Millis, Process};
use predictions::predictions;

/// Seconds, in virtual milliseconds.
pub(super) const fn s(seconds: Millis) -> Millis {
    seconds * 1_000
}

/// How many messages Producer_05 sends in a group lesson: one every 3 s for a minute.
pub(super) const STREAM_MESSAGES: u64 = 20;

/// Member ids are random (`rdkafka-` + a UUID) and the range assignor hands partitions out in
/// member-id order (librdkafka rdkafka_range_assignor.c), so which instance is left with `[]`
/// depends on the draw: with this seed it is the fifth, as in the slides' console.
const FIFTH_SORTS_LAST: u64 = 2;

/// The consumer lesson of exercise `id`.
pub(super) fn lesson(id: &str) -> Option<Lesson> {
    let exercise = exercise(id)?;
    let main = &exercise.sources[0];
    let producer_05 = source("producer-05-cgroup");
    let ak03_test = source("producer-03-async");
    let (counters, beats, key_moment, plans) = match id {
        "consumer-01-cgroup" => (
            vec![Counter::Processed, Counter::Lag],
            cgroup(),
            Trigger::Line {
                process: Process::Consumer(4),
                anchor: Anchor::OnAssign,
            },
            vec![Plan {
                seed: FIFTH_SORTS_LAST,
                ..Plan::group(
                    exercise.title,
                    producer_05,
                    STREAM_MESSAGES,
                    vec![
                        ConsumerPlan::new(main, 0).stopped(s(50), Stop::Interrupt),
                        ConsumerPlan::new(main, s(12)),
                        ConsumerPlan::new(main, s(24)),
                        ConsumerPlan::new(main, s(24)),
                        ConsumerPlan::new(main, s(36)),
                    ],
                )
            }],
        ),
        "consumer-02-auto-commit"
        | "consumer-03-commit-sync"
        | "consumer-04-commit-async"
        | "consumer-06-commit-specified" => (
            vec![Counter::Processed, Counter::Duplicates, Counter::Lag],
            commits(id),
            restart_reads(id),
            vec![Plan::group(
                exercise.title,
                ak03_test,
                12,
                vec![
                    ConsumerPlan::new(main, 0).stopped(CRASH_AT, Stop::Kill),
                    ConsumerPlan::new(main, RESTART_AT),
                ],
            )],
        ),
        "consumer-05-commit-sync-async" => (
            vec![Counter::Processed, Counter::Lag],
            sync_async(),
            line(0, Anchor::CommitOnClose),
            vec![Plan::group(
                exercise.title,
                ak03_test,
                12,
                vec![ConsumerPlan::new(main, 0).stopped(s(10), Stop::Interrupt)],
            )],
        ),
        "consumer-07-rebalance-callback" => (
            vec![Counter::Processed, Counter::Duplicates, Counter::Lag],
            rebalance_callback(),
            line(1, Anchor::OnAssign),
            vec![Plan::group(
                exercise.title,
                producer_05,
                STREAM_MESSAGES,
                vec![
                    ConsumerPlan::new(main, 0),
                    ConsumerPlan::new(main, s(20)).stopped(s(40), Stop::Interrupt),
                ],
            )],
        ),
        "consumer-cooperative" => (
            vec![Counter::Processed, Counter::Lag],
            cooperative(),
            line(2, Anchor::OnAssign),
            [(EAGER, source("consumer-01-cgroup")), (COOPERATIVE, main)]
                .into_iter()
                .map(|(label, program)| {
                    Plan::group(
                        label,
                        producer_05,
                        STREAM_MESSAGES,
                        (0..3)
                            .map(|i| ConsumerPlan::new(program, s(12 * i)))
                            .collect(),
                    )
                })
                .collect(),
        ),
        "consumer-static-membership" => (
            vec![Counter::Processed, Counter::Lag],
            static_membership(),
            line(2, Anchor::Subscribe),
            vec![Plan::group(
                exercise.title,
                producer_05,
                STREAM_MESSAGES,
                vec![
                    ConsumerPlan {
                        args: &["c1"],
                        ..ConsumerPlan::new(main, 0).stopped(s(20), Stop::Interrupt)
                    },
                    ConsumerPlan {
                        args: &["c2"],
                        ..ConsumerPlan::new(main, 0)
                    },
                    ConsumerPlan {
                        args: &["c1"],
                        ..ConsumerPlan::new(main, s(30))
                    },
                ],
            )],
        ),
        "consumer-assign-seek" => (
            vec![Counter::Processed],
            assign_seek(),
            line(0, Anchor::Seek),
            vec![Plan::group(
                exercise.title,
                ak03_test,
                12,
                vec![ConsumerPlan::new(main, s(1))],
            )],
        ),
        "consumer-lag" => (
            vec![Counter::Processed, Counter::Lag],
            lag(),
            line(1, Anchor::Watermarks),
            vec![Plan::group(
                exercise.title,
                producer_05,
                STREAM_MESSAGES,
                vec![
                    ConsumerPlan::new(source("consumer-01-cgroup"), 0),
                    ConsumerPlan::new(main, s(20)),
                ],
            )],
        ),
        _ => return None,
    };
    let mut actions = vec![
        Action::CrashConsumer,
        Action::CloseConsumer,
        Action::AddConsumer,
    ];
    if id == "consumer-02-auto-commit" {
        actions.push(Action::SetAutoCommitInterval(&["1000", "5000", "10000"]));
    }
    if id == "consumer-05-commit-sync-async" {
        actions.push(Action::InterruptWhileCommitting);
    }
    Some(Lesson {
        id: exercise.id,
        ms_per_second: 4_000,
        actions,
        counters,
        beats,
        key_moment,
        predictions: predictions(id),
        plans,
    })
}

/// The commit lessons' crash: after the first batch is processed (the group forms at about
/// 3 s, `group.initial.rebalance.delay.ms`) and before the first auto-commit at 5 s.
const CRASH_AT: Millis = s(4);

/// The crashed program is started again; it joins once the dead member's session has timed
/// out.
pub(super) const RESTART_AT: Millis = s(6);

const EAGER: Text = text("一次全部交出 (eager, range)", "eager (range)");
const COOPERATIVE: Text = text(
    "漸進式 (cooperative-sticky)",
    "cooperative (cooperative-sticky)",
);

/// Consumer `consumer` executing the statement at `anchor`.
pub(super) fn line(consumer: usize, anchor: Anchor) -> Trigger {
    Trigger::Line {
        process: Process::Consumer(consumer),
        anchor,
    }
}

/// The first program of exercise `id`.
pub(super) fn source(id: &str) -> &'static Source {
    &exercise(id).expect("a catalog exercise").sources[0]
}

fn cgroup() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "Producer_05每3秒發佈一筆訊息到有4個partition的ak03.fourpartition(Producer_05程式裡的msgCount是10000, 這裡只送20筆); Consumer_01的instance會一個一個加入group.id為tdea的ConsumerGroup。",
                "Producer_05 publishes one message every 3 s to ak03.fourpartition, which has 4 partitions (Producer_05's msgCount is 10,000; here it sends 20); instances of Consumer_01 join the group tdea one by one.",
            ),
        ),
        beat(
            line(0, Anchor::Subscribe),
            text(
                "第1個instance呼叫subscribe(): 它向Group Coordinator加入group (JoinGroup)。",
                "The first instance calls subscribe(): it joins the group through the group coordinator (JoinGroup).",
            ),
        ),
        beat(
            Trigger::Event(EventKind::Assigned),
            text(
                "Rebalance完成: 唯一的Consumer分到全部4個partition (看on_assign印出的清單)。",
                "The rebalance is done: the only consumer gets all 4 partitions (see the list on_assign prints).",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RecordProcessed),
            text(
                "consume()批次讀取訊息, 每一筆印出topic-partition-offset與key、value。",
                "consume() reads records in batches; each one is printed as topic-partition-offset with its key and value.",
            ),
        ),
        beat(
            line(1, Anchor::Subscribe),
            text(
                "第2個instance加入: 有Consumer加入就會觸發Rebalance。",
                "A second instance joins: a consumer joining triggers a rebalance.",
            ),
        ),
        beat(
            Trigger::nth(2, Trigger::Event(EventKind::RebalanceStarted)),
            text(
                "Rebalance: 每個Consumer先在on_revoke交出partition, leader再重新分配。",
                "The rebalance: every consumer gives up its partitions in on_revoke, then the leader assigns them anew.",
            ),
        ),
        beat(
            line(2, Anchor::Subscribe),
            text(
                "第3、第4個instance加入: 4個Consumer各分到1個partition。",
                "The third and fourth instances join: each of the 4 consumers gets one partition.",
            ),
        ),
        beat(
            line(4, Anchor::Subscribe),
            text(
                "第5個instance加入, 而topic只有4個partition。",
                "A fifth instance joins, and the topic has only 4 partitions.",
            ),
        ),
        beat(
            line(4, Anchor::OnAssign),
            text(
                "第5個instance分到的是 []: 它是閒置的Consumer, 一筆訊息也讀不到。哪一個instance閒置, 不是看加入的順序: range把成員依member id (rdkafka-加上隨機的UUID, 看group的方框) 排序, 排在最後的分不到partition; 這次剛好是第5個。",
                "The fifth instance gets []: an idle consumer that reads nothing. Which instance idles does not follow the join order: range sorts the members by member id (rdkafka- and a random UUID, see the group box) and the last ones get nothing; this time it happens to be the fifth.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::ConsumerInterrupted),
            text(
                "第1個instance被Ctrl+C正常關閉: close()送出LeaveGroup, 馬上觸發Rebalance。",
                "The first instance is stopped with Ctrl+C: close() sends LeaveGroup, which triggers a rebalance at once.",
            ),
        ),
        beat(
            Trigger::after(
                Trigger::Event(EventKind::ConsumerInterrupted),
                Trigger::Event(EventKind::Assigned),
            ),
            text(
                "閒置的第5個instance接手了一個partition: 多的Consumer可以當備援。",
                "The idle fifth instance takes over a partition: a spare consumer is a standby.",
            ),
        ),
    ]
}

fn commits(id: &str) -> Vec<Beat> {
    let (how, commit) = match id {
        "consumer-02-auto-commit" => (AUTO, Trigger::Event(EventKind::OffsetsCommitted)),
        "consumer-03-commit-sync" => (SYNC, line(0, Anchor::Commit)),
        "consumer-04-commit-async" => (ASYNC, line(0, Anchor::Commit)),
        _ => (SPECIFIED, line(0, Anchor::Commit)),
    };
    let mut beats = vec![
        beat(Trigger::Start, how),
        beat(
            line(0, Anchor::Subscribe),
            text(
                "Consumer訂閱ak03.test, 加入group tdea。",
                "The consumer subscribes to ak03.test and joins the group tdea.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::Assigned),
            text(
                "Rebalance完成, 它分到ak03.test-0; 沒有commit過的offset, 所以從頭讀 (auto.offset.reset=earliest)。",
                "The rebalance is done and it gets ak03.test-0; with no committed offset it reads from the start (auto.offset.reset=earliest).",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RecordProcessed),
            text(
                "consume()交出一批訊息, 程式一筆一筆處理 (印出)。",
                "consume() hands over a batch and the program processes (prints) each record.",
            ),
        ),
    ];
    beats.push(beat(
        commit,
        match id {
            "consumer-02-auto-commit" => AUTO_COMMIT_TIMER,
            "consumer-03-commit-sync" => SYNC_COMMIT_DEFAULT,
            _ => COMMIT,
        },
    ));
    beats.extend([
        beat(
            Trigger::Event(EventKind::ConsumerKilled),
            text(
                "Consumer當機了 (kill -9): 它處理過的訊息, commit了多少?",
                "The consumer crashes (kill -9): how much of what it processed was committed?",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RebalanceStarted),
            text(
                "程式重新啟動, 再加入group; Coordinator要等死掉的成員的session.timeout.ms過了, 才會完成Rebalance。",
                "The program is started again and rejoins; the coordinator completes the rebalance only once the dead member's session.timeout.ms has passed.",
            ),
        ),
    ]);
    beats.push(match id {
        "consumer-02-auto-commit" => beat(restart_reads(id), REPROCESSED),
        _ => beat(restart_reads(id), NOTHING_AGAIN),
    });
    beats
}

/// When the restarted instance of a commit lesson shows the outcome: it processes records
/// again after an auto-commit crash; after the other styles it is assigned its partition and
/// has nothing to process again.
fn restart_reads(id: &str) -> Trigger {
    match id {
        "consumer-02-auto-commit" => line(1, Anchor::PrintRecord),
        _ => Trigger::after(
            Trigger::Event(EventKind::ConsumerKilled),
            Trigger::Event(EventKind::Assigned),
        ),
    }
}

fn sync_async() -> Vec<Beat> {
    vec![
        beat(Trigger::Start, SYNC_ASYNC),
        beat(
            Trigger::Event(EventKind::Assigned),
            text(
                "Consumer分到ak03.test-0, 從頭讀。",
                "The consumer gets ak03.test-0 and reads from the start.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RecordProcessed),
            text(
                "consume()交出一批訊息, 程式一筆一筆處理。",
                "consume() hands over a batch and the program processes each record.",
            ),
        ),
        beat(
            line(0, Anchor::Commit),
            text(
                "迴圈裡的commit()是非同步的: 送出請求就繼續讀; 它commit了這批訊息的最後offset+1。what-if: 按「在最後一個commit()還沒收到回覆時按Ctrl+C」, 看finally裡的同步commit會怎樣。",
                "The commit() in the loop is asynchronous: it sends the request and reads on; it commits offset+1 of the batch's last record. What if: press \"Ctrl+C while the last commit() awaits its answer\" and see what the synchronous commit in finally does.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::OffsetsCommitted),
            text(
                "commit成功: group的committed offset已經是最新的了。",
                "The commit succeeds: the group's committed offset is up to date.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::ConsumerInterrupted),
            text(
                "Ctrl+C: except KeyboardInterrupt印出Aborted by user, 然後執行finally。",
                "Ctrl+C: except KeyboardInterrupt prints Aborted by user, then finally runs.",
            ),
        ),
        beat(
            line(0, Anchor::CommitOnClose),
            text(
                "finally裡的commit(asynchronous=False): 最後一次非同步commit已經完成, 沒有比已commit的offset更新的offset, librdkafka丟出KafkaException (_NO_OFFSET), 程式印出錯誤。這是Java的寫法不適合Python client的原因之一。如果最後一次非同步commit還在路上, 這次同步commit就會成功 (試試what-if)。",
                "The commit(asynchronous=False) in finally: the last asynchronous commit has completed, no offset is newer than the committed ones, so librdkafka raises KafkaException (_NO_OFFSET) and the program prints it. This is one reason why the Java pattern does not suit the Python client. Were the last asynchronous commit still in flight, this synchronous commit would succeed (try the what-if).",
            ),
        ),
        beat(
            line(0, Anchor::Close),
            text(
                "close()離開group。Python的寫法: 同步commit之前先確認有新的offset, 或者接住_NO_OFFSET當作「已經commit過了」。",
                "close() leaves the group. The Python way: commit synchronously only when there is something new, or catch _NO_OFFSET as \"already committed\".",
            ),
        ),
    ]
}

fn rebalance_callback() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "Consumer_07在on_revoke (commit_on_revoke) 裡commit每個partition最後處理完的訊息; Producer_05持續發佈訊息(Producer_05程式裡的msgCount是10000, 這裡只送20筆)。",
                "Consumer_07 commits each partition's last processed record in on_revoke (commit_on_revoke); Producer_05 keeps publishing (Producer_05's msgCount is 10,000; here it sends 20).",
            ),
        ),
        beat(
            line(0, Anchor::Subscribe),
            text(
                "subscribe()帶著on_assign與on_revoke兩個callback。",
                "subscribe() passes two callbacks, on_assign and on_revoke.",
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
            Trigger::Event(EventKind::RecordProcessed),
            text(
                "每處理一筆, 程式就把它記在offsets_dict裡, 但還沒有commit。",
                "Each processed record is remembered in offsets_dict, not yet committed.",
            ),
        ),
        beat(
            line(1, Anchor::Subscribe),
            text(
                "第2個instance加入: Rebalance開始。",
                "A second instance joins: a rebalance begins.",
            ),
        ),
        beat(
            line(0, Anchor::CommitOnRevoke),
            text(
                "partition被收回之前, commit_on_revoke把offsets_dict裡每個partition最後處理完的訊息commit出去。",
                "Before its partitions are taken away, commit_on_revoke commits the last processed record of each partition in offsets_dict.",
            ),
        ),
        beat(
            line(1, Anchor::OnAssign),
            text(
                "新的分配從剛剛commit的offset開始讀: 沒有訊息被重複處理。看「重複的訊息」。",
                "The new owners start from the offsets just committed: nothing is processed twice. Watch \"duplicates\".",
            ),
        ),
        beat(
            Trigger::Event(EventKind::ConsumerInterrupted),
            text(
                "第2個instance正常關閉 (Ctrl+C): on_revoke再commit一次, partition回到第1個instance。",
                "The second instance closes cleanly (Ctrl+C): on_revoke commits once more and its partitions return to the first instance.",
            ),
        ),
    ]
}

fn cooperative() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "同一個實驗跑兩次: 第一個是eager (range) 的Rebalance, 第二個是漸進式 (cooperative-sticky) 的Rebalance。Producer_05持續發佈訊息 (程式裡的msgCount是10000, 這裡只送20筆)。",
                "The same experiment runs twice: eager (range) rebalancing in the first run, cooperative (cooperative-sticky) in the second. Producer_05 keeps publishing (its msgCount is 10,000; here it sends 20).",
            ),
        ),
        beat(
            Trigger::Event(EventKind::Assigned),
            text(
                "第1個Consumer分到全部4個partition。",
                "The first consumer gets all 4 partitions.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RecordProcessed),
            text("Consumer開始讀取訊息。", "The consumer starts reading."),
        ),
        beat(
            line(1, Anchor::Subscribe),
            text(
                "第2個Consumer加入, 觸發Rebalance。",
                "A second consumer joins and triggers a rebalance.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::Revoked),
            text(
                "eager: 每個Consumer交出全部的partition, 整個group停止讀取; cooperative: 只交出要搬走的partition, 其他的繼續讀。",
                "Eager: every consumer gives up all its partitions and the whole group stops reading; cooperative: only the partitions that move are given up, the others keep being read.",
            ),
        ),
        beat(
            line(2, Anchor::Subscribe),
            text(
                "第3個Consumer加入, 觸發Rebalance。",
                "A third consumer joins and triggers a rebalance.",
            ),
        ),
        beat(
            line(2, Anchor::OnAssign),
            text(
                "比較兩邊on_assign與on_revoke印出的清單: cooperative的清單只有變動的partition, 而它的搬家要兩次Rebalance: 先交出, 再分配。清單的順序也是librdkafka的: on_assign照leader的分配器排出的順序列出 (這次第2個Consumer印出[ak03.fourpartition-1, ak03.fourpartition-0]), on_revoke則是排序過的。",
                "Compare what on_assign and on_revoke print on both sides: the cooperative lists hold only the partitions that change, and a cooperative move takes two rebalances: give up first, then assign. The order is librdkafka's too: on_assign lists the partitions as the leader's assignor listed them (here the second consumer prints [ak03.fourpartition-1, ak03.fourpartition-0]), on_revoke lists them sorted.",
            ),
        ),
    ]
}

fn static_membership() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "兩個靜態成員c1與c2 (group.instance.id), session.timeout.ms是30秒。Producer_05持續發佈訊息 (程式裡的msgCount是10000, 這裡只送20筆)。",
                "Two static members, c1 and c2 (group.instance.id), with session.timeout.ms at 30 s. Producer_05 keeps publishing (its msgCount is 10,000; here it sends 20).",
            ),
        ),
        beat(
            Trigger::Event(EventKind::Assigned),
            text(
                "c1與c2各分到2個partition。",
                "c1 and c2 get 2 partitions each.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RecordProcessed),
            text("Consumer開始讀取訊息。", "The consumers start reading."),
        ),
        beat(
            Trigger::Event(EventKind::ConsumerInterrupted),
            text(
                "c1關閉了: 靜態成員不送LeaveGroup, 所以沒有Rebalance; 它的partition暫時沒有人讀, lag會增加。",
                "c1 closes: a static member sends no LeaveGroup, so there is no rebalance; its partitions wait unread and their lag grows.",
            ),
        ),
        beat(
            Trigger::after(
                Trigger::Event(EventKind::ConsumerInterrupted),
                line(0, Anchor::OnRevoke),
            ),
            text(
                "可是c1自己的console還是印出Revoking previously assigned partitions: close()在本機先把自己的分配收回 (unassign, 會呼叫on_revoke), 只是不通知Coordinator。group裡其他成員什麼都沒發生。",
                "Yet c1's own console prints Revoking previously assigned partitions: close() unassigns locally first (which runs on_revoke), it just does not tell the coordinator. Nothing happens to the other members of the group.",
            ),
        ),
        beat(
            line(2, Anchor::Subscribe),
            text(
                "在session.timeout.ms之內, c1用同一個group.instance.id重新啟動。",
                "Within session.timeout.ms, c1 starts again with the same group.instance.id.",
            ),
        ),
        beat(
            line(2, Anchor::OnAssign),
            text(
                "沒有Rebalance: c1拿回原本的partition, 從commit的offset繼續讀。group是穩定的, Coordinator用新的member id取代舊的, 直接把原本的分配還給它。就算c1是group的leader也不會Rebalance: librdkafka送的JoinGroup最多是v5, Broker回覆舊的leader id, c1只當一般成員做SyncGroup (Kafka 2.4起的Broker都是如此; Kafka 3.2的KIP-814只影響用JoinGroup v9的client, 例如Java client)。講義001說「leader重新加入會觸發Rebalance」, 在這裡並不成立。",
                "No rebalance: c1 gets its partitions back and continues from the committed offsets. The group is stable, so the coordinator swaps c1's old member id for the new one and hands back its assignment. Even if c1 led the group there is no rebalance: librdkafka sends JoinGroup v5 at most, the broker answers with the old leader id, and c1 syncs as an ordinary member (brokers since Kafka 2.4 do this; KIP-814 in Kafka 3.2 only changes what JoinGroup v9 clients such as the Java client are told). Note 001's \"a returning leader triggers a rebalance\" does not hold here.",
            ),
        ),
    ]
}

fn assign_seek() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "這個Consumer用assign()直接指定ak03.test-0與開始的offset 0: 它不加入group, 也沒有Rebalance。Producer_03先送出12筆訊息 (程式裡的msgCount是100000, 這裡縮短成12筆)。",
                "This consumer names ak03.test-0 and starting offset 0 with assign(): it joins no group and never rebalances. Producer_03 first sends 12 messages (its msgCount of 100,000 is shortened to 12).",
            ),
        ),
        beat(
            line(0, Anchor::Assign),
            text(
                "assign([TopicPartition(topicName, 0, 0)]): 沒有JoinGroup, 馬上開始讀。",
                "assign([TopicPartition(topicName, 0, 0)]): no JoinGroup; reading starts at once.",
            ),
        ),
        beat(
            line(0, Anchor::Consume),
            text(
                "consume(num_messages=500, timeout=1.0): 一次最多拿500筆, 拿到500筆或等待時間到了才返回: 沒有訊息時最多等1秒; 不滿500筆時, 在收到訊息的那個200毫秒片段結束時返回 (confluent-kafka-python 2.13起; 更舊的版本等滿1秒)。",
                "consume(num_messages=500, timeout=1.0): up to 500 records at a time; it returns when it has 500 or its wait is over: with none it waits at most 1 s; with fewer than 500 it returns at the end of the 200 ms slice in which they came (confluent-kafka-python 2.13+; older versions wait the full 1 s).",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RecordProcessed),
            text(
                "第一批訊息從offset 0開始讀。",
                "The first batch is read from offset 0.",
            ),
        ),
        beat(
            line(0, Anchor::Seek),
            text(
                "seek()把讀取的位置移回offset 0。",
                "seek() moves the position back to offset 0.",
            ),
        ),
        beat(
            Trigger::after(
                line(0, Anchor::Seek),
                Trigger::Event(EventKind::RecordProcessed),
            ),
            text(
                "同樣的訊息再讀一次: seek()只移動這個Consumer的位置, 不改變commit的offset。",
                "The same records are read again: seek() moves only this consumer's position, not the committed offset.",
            ),
        ),
    ]
}

fn lag() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "Producer_05持續發佈(Producer_05程式裡的msgCount是10000, 這裡只送20筆), Consumer_01讀取並自動commit; Consumer_lag查詢group tdea的lag。",
                "Producer_05 keeps publishing (Producer_05's msgCount is 10,000; here it sends 20) while Consumer_01 reads and auto-commits; Consumer_lag queries the lag of the group tdea.",
            ),
        ),
        beat(
            line(0, Anchor::Consume),
            text(
                "consume(num_messages=500, timeout=1.0): 一次最多拿500筆, 拿到500筆或等待時間到了才返回: 沒有訊息時最多等1秒; 不滿500筆時, 在收到訊息的那個200毫秒片段結束時返回 (confluent-kafka-python 2.13起; 更舊的版本等滿1秒)。",
                "consume(num_messages=500, timeout=1.0): up to 500 records at a time; it returns when it has 500 or its wait is over: with none it waits at most 1 s; with fewer than 500 it returns at the end of the 200 ms slice in which they came (confluent-kafka-python 2.13+; older versions wait the full 1 s).",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RecordProcessed),
            text(
                "Consumer_01處理訊息; commit之前, 這些訊息還算在lag裡。",
                "Consumer_01 processes records; until they are committed they count in the lag.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::OffsetsCommitted),
            text(
                "commit之後, group的committed offset前進, lag變小。",
                "After a commit the group's committed offset moves on and the lag shrinks.",
            ),
        ),
        beat(
            line(1, Anchor::Committed),
            text(
                "committed()問Group Coordinator: group在每個partition commit的offset。",
                "committed() asks the group coordinator for the group's committed offset on each partition.",
            ),
        ),
        beat(
            line(1, Anchor::Watermarks),
            text(
                "get_watermark_offsets()問partition的leader: low與high watermark。lag = high watermark - committed offset; 沒有commit過的partition, lag = high - low。",
                "get_watermark_offsets() asks each partition's leader for its low and high watermark. Lag = high watermark - committed offset; for a partition never committed, high - low.",
            ),
        ),
    ]
}

const AUTO: Text = text(
    "自動commit: librdkafka在背景每auto.commit.interval.ms (5秒) commit一次consume()交出的訊息的offset+1。Consumer會在4秒當機。Producer_03先送出12筆訊息 (程式裡的msgCount是100000, 這裡縮短成12筆)。",
    "Auto commit: every auto.commit.interval.ms (5 s) librdkafka commits, in the background, offset+1 of the records consume() handed over. The consumer will crash at 4 s. Producer_03 first sends 12 messages (its msgCount of 100,000 is shortened to 12).",
);
const SYNC: Text = text(
    "同步commit: 處理完一批之後呼叫commit(asynchronous=False), 等Broker回覆才繼續。Consumer會在這一批commit完成之後當機。Producer_03先送出12筆訊息 (程式裡的msgCount是100000, 這裡縮短成12筆)。",
    "Synchronous commit: after each batch, commit(asynchronous=False) waits for the broker's answer. The consumer will crash after the batch's commit has completed. Producer_03 first sends 12 messages (its msgCount of 100,000 is shortened to 12).",
);
const ASYNC: Text = text(
    "非同步commit: commit()送出請求就返回, 結果之後由on_commit callback通知。Consumer會在這一批commit完成之後當機。Producer_03先送出12筆訊息 (程式裡的msgCount是100000, 這裡縮短成12筆)。",
    "Asynchronous commit: commit() sends the request and returns; on_commit tells the result later. The consumer will crash after the batch's commit has completed. Producer_03 first sends 12 messages (its msgCount of 100,000 is shortened to 12).",
);
const SYNC_ASYNC: Text = text(
    "迴圈裡非同步commit, 關閉前同步commit: 這是Java的寫法。課程說這頁不適合Python client: 看最後的同步commit在librdkafka會怎樣。Producer_03先送出12筆訊息 (程式裡的msgCount是100000, 這裡縮短成12筆)。",
    "Asynchronous commits in the loop, a synchronous one before closing: the Java pattern. The course says this page does not suit the Python client: watch what the final synchronous commit does with librdkafka. Producer_03 first sends 12 messages (its msgCount of 100,000 is shortened to 12).",
);
const SPECIFIED: Text = text(
    "commit(record): 每處理完一筆就commit這筆訊息的offset+1, 可以在一批訊息的中間commit。Producer_03先送出12筆訊息 (程式裡的msgCount是100000, 這裡縮短成12筆)。",
    "commit(record): commits offset+1 of each record as soon as it is processed, so commits happen in the middle of a batch. Producer_03 first sends 12 messages (its msgCount of 100,000 is shortened to 12).",
);
const REPROCESSED: Text = text(
    "新的instance從group已經commit的offset開始讀: 當機前處理過但還沒commit的訊息, 會再被處理一次。看「重複的訊息」。",
    "The new instance reads from the group's committed offset: records processed before the crash but not committed are processed again. Watch \"duplicates\".",
);
const NOTHING_AGAIN: Text = text(
    "新的instance從group已經commit的offset開始讀: 當機前處理的訊息都已經commit了, 沒有訊息被重複處理。看「重複的訊息」, 再和Consumer_02的自動commit比較。",
    "The new instance reads from the group's committed offset: everything processed before the crash was committed, so nothing is processed twice. Watch \"duplicates\" and compare with Consumer_02's auto commit.",
);
/// librdkafka's auto-commit runs on the consumer group's own timer
/// (rdkafka_cgrp.c `rd_kafka_cgrp_offset_commit_tmr_cb`), not inside consume() as the Java
/// client's poll() does; the setting is `enable.auto.commit` (CONFIGURATION.md).
const AUTO_COMMIT_TIMER: Text = text(
    "自動commit: 把「下一筆要讀的offset」存到group的__consumer_offsets (看partition上committed offset的標記)。它由librdkafka背景的計時器每auto.commit.interval.ms執行一次, 跟程式有沒有呼叫consume()無關; 講義000說「每次consume()都會檢查是不是該commit了」, 那是Java client的poll()。設定的名稱是enable.auto.commit, 講義寫的auto.commit.offset並不存在。",
    "The auto commit stores \"the next offset to read\" for the group in __consumer_offsets (watch the committed-offset mark). librdkafka's background timer runs it every auto.commit.interval.ms, whether or not the program calls consume(); note 000's \"whenever you consume(), the consumer checks if it is time to commit\" is the Java client's poll(). The setting is enable.auto.commit: the slides' \"auto.commit.offset\" does not exist.",
);
/// confluent-kafka-python's `Consumer.commit()` takes `asynchronous=True` by default
/// (its docstring, quoted in seed 000; Consumer.c `Consumer_commit`).
const SYNC_COMMIT_DEFAULT: Text = text(
    "commit(asynchronous=False) 把「下一筆要讀的offset」存到group的__consumer_offsets, 等到Broker回覆才返回 (看partition上committed offset的標記)。commit()的asynchronous參數預設是True: 講義003說預設是False (同步), 那是錯的; 所以同步commit一定要寫asynchronous=False。",
    "commit(asynchronous=False) stores \"the next offset to read\" for the group in __consumer_offsets and returns once the broker has answered (watch the committed-offset mark). commit()'s asynchronous parameter defaults to True: note 003 says it defaults to False (synchronous), which is wrong, so a synchronous commit must say asynchronous=False.",
);
const COMMIT: Text = text(
    "commit: 把「下一筆要讀的offset」存到group的__consumer_offsets; 看partition上committed offset的標記。",
    "A commit stores \"the next offset to read\" for the group in __consumer_offsets; watch the committed-offset mark on the partition.",
);

pub(super) fn beat(when: Trigger, text: Text) -> Beat {
    Beat { when, text }
}
