//! The producer lessons' predictions: what the student guesses before each key moment. The
//! first of each lesson is asked on the exercise page, before the lesson's key moment.

use super::line;
use crate::exercise::Anchor;
use crate::lesson::prediction::observe::{count, counter, printed};
use crate::lesson::prediction::{guess, setting};
use crate::lesson::{Changes, Counter, EventKind, Prediction, Trigger};
use crate::text::text;
use kafka_sim::engine::{Process, Sim};

/// The predictions of the producer lesson `id`, the one asked before the key moment first.
pub(super) fn predictions(id: &str) -> Vec<Prediction> {
    match id {
        "producer-01-fire-and-forget" => vec![waiting_when_sent(), waiting_after_flush()],
        "producer-02-sync" => vec![sync_requests(), sync_callback_lines()],
        "producer-03-async" => vec![async_requests(), callbacks_at_ack()],
        "producer-04-json" => vec![json_callback_lines()],
        "producer-05-cgroup" => vec![keys_spread(), keys_spread_murmur2()],
        "producer-acks" => vec![
            acks0_reports(),
            acks1_losses(),
            acks_all_in_log(),
            acks_all_flush_left(),
        ],
        "producer-idempotence" => vec![key0_offsets(), key0_offsets_without_idempotence()],
        _ => vec![],
    }
}

/// `len(producer)` is `rd_kafka_outq_len`: messages not finished with plus events waiting for
/// `poll()` (confluent-kafka-python src/confluent_kafka/src/Producer.c `Producer_len`). When
/// the loop ends no batch has left yet, so it is the 12 messages.
fn waiting_when_sent() -> Prediction {
    Prediction {
        id: "ff-len-when-sent",
        prompt: text(
            "程式印出「Send 12 messages to Kafka」的時候, len(producer)是多少?",
            "When the program prints \"Send 12 messages to Kafka\", what is len(producer)?",
        ),
        changes: Changes::none(),
        ask: line(Anchor::Produce),
        reveal: line(Anchor::PrintSent),
        choices: vec![
            guess(
                "0",
                text("0: 12筆都送到Broker了", "0: all 12 have reached the broker"),
            ),
            guess("1", text("1: 只剩最後一筆", "1: only the last one is left")),
            guess(
                "12",
                text("12: 一筆都還沒離開程式", "12: none has left the program"),
            ),
        ],
        observe: |sim, reveal| counter(sim, reveal, Counter::Waiting),
        explanation: text(
            "produce()只把訊息放進librdkafka的佇列就返回; 送出是背景執行緒在linger.ms (預設5毫秒) 之後做的, 迴圈跑完只要幾微秒。len(producer)是rd_kafka_outq_len: 還沒處理完的訊息 (在佇列裡、傳送中, 或已送達但delivery report還沒被處理) 加上等待poll()的事件 (每個被確認的batch一個delivery report事件, 還有錯誤事件) (confluent-kafka-python Producer.c的Producer_len; librdkafka CONFIGURATION.md的linger.ms)。",
            "produce() only puts the message into librdkafka's queue and returns; a background thread sends it after linger.ms (5 ms by default), and the loop takes microseconds. len(producer) is rd_kafka_outq_len: messages not finished with (queued, in flight, or delivered with their report not yet served) plus events waiting for poll() (one delivery-report event per acknowledged batch, and error events) (confluent-kafka-python Producer.c, Producer_len; librdkafka CONFIGURATION.md, linger.ms).",
        ),
    }
}

fn waiting_after_flush() -> Prediction {
    Prediction {
        id: "ff-len-after-flush",
        prompt: text(
            "flush(10)返回之後, len(producer)是多少?",
            "Once flush(10) returns, what is len(producer)?",
        ),
        changes: Changes::none(),
        ask: line(Anchor::Flush),
        reveal: line(Anchor::PrintCompleted),
        choices: vec![
            guess(
                "0",
                text("0: 全部送達, 也都回報了", "0: all delivered and reported"),
            ),
            guess(
                "12",
                text(
                    "12: 沒有delivery callback, 所以還算在裡面",
                    "12: without a delivery callback they still count",
                ),
            ),
        ],
        observe: |sim, reveal| counter(sim, reveal, Counter::Waiting),
        explanation: text(
            "flush()一直等到rd_kafka_outq_len變成0: 訊息送達, 它們的delivery report也被處理了 (沒有callback時就直接丟掉)。所以flush()正常返回時len(producer)是0 (librdkafka rdkafka.h的rd_kafka_flush)。",
            "flush() waits until rd_kafka_outq_len is 0: the messages are delivered and their delivery reports served (dropped when there is no callback). So when flush() returns in time, len(producer) is 0 (librdkafka rdkafka.h, rd_kafka_flush).",
        ),
    }
}

/// Each `flush()` sends what is queued at once and waits for it (rdkafka.h `rd_kafka_flush`).
fn sync_requests() -> Prediction {
    Prediction {
        id: "sync-requests",
        prompt: text(
            "每一次produce()之後都呼叫flush(): 12筆訊息會用幾個produce request送出?",
            "With flush() after every produce(), how many produce requests carry the 12 messages?",
        ),
        changes: Changes::none(),
        ask: line(Anchor::Produce),
        reveal: line(Anchor::PrintSent),
        choices: requests(),
        observe: |sim, reveal| count(sim, reveal, EventKind::BatchSent),
        explanation: text(
            "flush()讓client馬上送出佇列裡的東西, 然後等到它有結果才返回; 下一個produce()時佇列是空的, 所以每一筆訊息自己一個request, 每一筆都要等一次來回 (librdkafka rdkafka.h的rd_kafka_flush)。",
            "flush() makes the client send what is queued at once and returns only once it has its result; at the next produce() the queue is empty, so every message travels in a request of its own and waits a round trip (librdkafka rdkafka.h, rd_kafka_flush).",
        ),
    }
}

/// The messages queued during `linger.ms` share a batch (CONFIGURATION.md `linger.ms`,
/// `batch.num.messages`).
fn async_requests() -> Prediction {
    Prediction {
        id: "async-requests",
        prompt: text(
            "非同步發佈: 12筆訊息會用幾個produce request送出?",
            "Sending asynchronously, how many produce requests carry the 12 messages?",
        ),
        changes: Changes::none(),
        ask: line(Anchor::Produce),
        reveal: line(Anchor::PrintCompleted),
        choices: requests(),
        observe: |sim, reveal| count(sim, reveal, EventKind::BatchSent),
        explanation: text(
            "produce()不等待, 12筆在linger.ms之內都進了同一個partition的佇列; librdkafka把它們裝進同一個batch (最多batch.num.messages筆, 預設10000), 一個request送出 (librdkafka CONFIGURATION.md的linger.ms與batch.num.messages)。",
            "produce() does not wait, so all 12 are queued for the same partition within linger.ms; librdkafka packs them into one batch (up to batch.num.messages, 10000 by default) and sends one request (librdkafka CONFIGURATION.md, linger.ms and batch.num.messages).",
        ),
    }
}

/// The choices of the "how many requests" questions.
fn requests() -> Vec<crate::lesson::Guess> {
    vec![
        guess("1", text("1個", "1")),
        guess("6", text("6個 (每個request 2筆)", "6 (2 messages each)")),
        guess("12", text("12個", "12")),
    ]
}

/// Delivery callbacks run only inside `poll()`/`flush()` (confluent-kafka-python
/// `Producer.produce` docs: "callbacks are triggered by poll() or flush()").
fn callbacks_at_ack() -> Prediction {
    Prediction {
        id: "async-callbacks-at-ack",
        prompt: text(
            "Broker的ack回到client的那一刻, 已經執行了幾次delivery_callback?",
            "When the broker's ack reaches the client, how many times has delivery_callback run?",
        ),
        changes: Changes::none(),
        ask: Trigger::Event(EventKind::BatchSent),
        reveal: Trigger::Event(EventKind::BatchAcknowledged),
        choices: vec![
            guess("0", text("0次", "none")),
            guess(
                "1",
                text("1次 (整個batch一次)", "once, for the whole batch"),
            ),
            guess("12", text("12次", "12 times")),
        ],
        observe: |sim, reveal| counter(sim, reveal, Counter::ReportsSeen),
        explanation: text(
            "ack到了, librdkafka只是把delivery report排進佇列; callback要等程式呼叫poll()或flush()時, 在程式自己的執行緒裡執行 (confluent-kafka-python Producer.produce的說明: callback由poll()或flush()觸發)。",
            "When the ack arrives librdkafka only queues the delivery reports; the callbacks run in the program's own thread when it calls poll() or flush() (confluent-kafka-python, Producer.produce: callbacks are triggered by poll() or flush()).",
        ),
    }
}

/// How many lines the program's `delivery_callback` printed by the reveal (its lines start
/// with `% Message`): the course's callbacks print one message in 10000
/// (`int(key) % 10000 == 0`).
fn callback_lines(sim: &Sim, reveal: u64) -> String {
    printed(sim, reveal, Process::Producer(0))
        .iter()
        .filter(|line| line.starts_with("% Message"))
        .count()
        .to_string()
}

fn callback_lines_prediction(id: &'static str) -> Prediction {
    Prediction {
        id,
        prompt: text(
            "12筆訊息都送達之後, delivery_callback一共印出幾行?",
            "Once all 12 messages are delivered, how many lines has delivery_callback printed?",
        ),
        changes: Changes::none(),
        ask: line(Anchor::Produce),
        reveal: line(Anchor::PrintCompleted),
        choices: vec![
            guess("0", text("0行", "none")),
            guess("1", text("1行", "one")),
            guess("12", text("12行, 每筆一行", "12, one per message")),
        ],
        observe: callback_lines,
        explanation: text(
            "看delivery_callback的程式碼: 發佈成功時只有int(key) % 10000 == 0的訊息才印出 (課程的程式一次送10萬筆, 每1萬筆印一筆)。12筆裡只有key 0符合, 其他11次callback什麼都不印。",
            "Read delivery_callback: on success it prints only when int(key) % 10000 == 0 (the course's program sends 100,000 messages and prints one in 10,000). Of the 12, only key 0 qualifies; the other 11 callbacks print nothing.",
        ),
    }
}

fn sync_callback_lines() -> Prediction {
    callback_lines_prediction("sync-callback-lines")
}

fn json_callback_lines() -> Prediction {
    callback_lines_prediction("json-callback-lines")
}

/// Messages per partition in the leaders' logs at the end, as `p0/p1/p2/p3`.
fn spread(sim: &Sim, _reveal: u64) -> String {
    sim.cluster()
        .partitions()
        .values()
        .map(|partition| {
            partition
                .leader_log()
                .map_or(0, |log| log.records().len())
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// librdkafka's default `partitioner` is `consistent_random`: CRC32 of the key modulo the
/// partition count (CONFIGURATION.md `partitioner`; rdkafka_msg.c
/// `rd_kafka_msg_partitioner_consistent_random`); the Java client's is murmur2.
fn keys_spread() -> Prediction {
    Prediction {
        id: "keys-spread-crc32",
        prompt: text(
            "key是\"0\"到\"11\", 用librdkafka預設的partitioner (CRC32): 4個partition (P0/P1/P2/P3) 各會分到幾筆?",
            "Keys \"0\" to \"11\" with librdkafka's default partitioner (CRC32): how many messages land in each of the 4 partitions (P0/P1/P2/P3)?",
        ),
        changes: Changes::none(),
        ask: line(Anchor::Produce),
        reveal: line(Anchor::PrintCompleted),
        choices: spreads(),
        observe: spread,
        explanation: text(
            "partition = CRC32(key) % 4 (librdkafka的consistent_random, CONFIGURATION.md的partitioner; rdkafka_msg.c)。hash不會平均輪流: 12個key不一定每個partition 3個。同一個key永遠進同一個partition, 所以同一個key的順序有保證。",
            "partition = CRC32(key) % 4 (librdkafka's consistent_random; CONFIGURATION.md, partitioner; rdkafka_msg.c). A hash does not take turns: 12 keys need not give 3 per partition. The same key always lands in the same partition, which is what keeps one key's messages in order.",
        ),
    }
}

fn keys_spread_murmur2() -> Prediction {
    Prediction {
        id: "keys-spread-murmur2",
        prompt: text(
            "改用Java client的partitioner (partitioner='murmur2_random'): key \"0\"到\"11\"在4個partition (P0/P1/P2/P3) 各有幾筆?",
            "With the Java client's partitioner (partitioner='murmur2_random'), how many of keys \"0\" to \"11\" land in each of the 4 partitions (P0/P1/P2/P3)?",
        ),
        changes: setting("partitioner", "'murmur2_random'"),
        ask: line(Anchor::Produce),
        reveal: line(Anchor::PrintCompleted),
        choices: spreads(),
        observe: spread,
        explanation: text(
            "murmur2_random與Java client的預設partitioner一樣: murmur2(key)的正數部分 % 4 (librdkafka CONFIGURATION.md的partitioner)。同樣的key在Python與Java的producer之間會進不同的partition, 除非Python這邊設定murmur2_random。",
            "murmur2_random matches the Java client's default partitioner: the positive part of murmur2(key) % 4 (librdkafka CONFIGURATION.md, partitioner). The same key lands in different partitions from Python and Java producers unless the Python side sets murmur2_random.",
        ),
    }
}

/// The spreads offered for keys "0" to "11": an even split, the CRC32 and murmur2 outcomes
/// (the native test checks which one each run shows), and all in one partition.
fn spreads() -> Vec<crate::lesson::Guess> {
    vec![
        guess(
            "3/3/3/3",
            text("3/3/3/3: 平均分配", "3/3/3/3: an even split"),
        ),
        guess("2/4/2/4", text("2/4/2/4筆", "2/4/2/4")),
        guess("3/1/3/5", text("3/1/3/5筆", "3/1/3/5")),
        guess(
            "12/0/0/0",
            text("12/0/0/0: 全部在P0", "12/0/0/0: all in P0"),
        ),
    ]
}

/// Delivery reports served by the reveal, as `succeeded/failed`.
fn reports(sim: &Sim, reveal: u64) -> String {
    format!(
        "{}/{}",
        count(sim, reveal, EventKind::DeliveryReportServed),
        count(sim, reveal, EventKind::DeliveryReportFailed)
    )
}

/// With acks=0 the request expects no answer (`RD_KAFKA_OP_F_NO_RESPONSE`,
/// rdkafka_msgset_writer.c) and the reports are "delivered" once it is sent (rdkafka_broker.c).
fn acks0_reports() -> Prediction {
    Prediction {
        id: "acks0-reports",
        prompt: text(
            "acks=0, 而leader會在follower複製之前當機。delivery_callback會怎麼回報這12筆?",
            "acks=0, and the leader will crash before the followers copy. What does delivery_callback report for the 12 messages?",
        ),
        changes: Changes::none(),
        ask: Trigger::Event(EventKind::BatchSent),
        reveal: Trigger::Event(EventKind::LogTruncated),
        choices: vec![
            guess("12/0", text("12筆都成功", "12 successes")),
            guess("0/12", text("12筆都失敗", "12 failures")),
            guess(
                "0/0",
                text(
                    "什麼都不回報: acks=0沒有回覆",
                    "nothing: acks=0 gets no answer",
                ),
            ),
        ],
        observe: reports,
        explanation: text(
            "acks=0時librdkafka不等Broker回覆 (rdkafka_request.c的rd_kafka_ProduceRequest設定RD_KAFKA_OP_F_NO_RESPONSE; rdkafka_broker.c), request寫出去就當作送達, delivery report是成功、offset未知。leader當機後訊息不見了, 程式完全不知道。",
            "With acks=0 librdkafka expects no answer (rdkafka_request.c, rd_kafka_ProduceRequest sets RD_KAFKA_OP_F_NO_RESPONSE; rdkafka_broker.c): once the request is written the messages count as delivered, reported as successes with no known offset. When the leader crashes they are gone and the program never knows.",
        ),
    }
}

/// acks=1: the leader answers once it has written the batch (CONFIGURATION.md `acks`); the new
/// leader's log wins and the old one truncates (KIP-101).
fn acks1_losses() -> Prediction {
    Prediction {
        id: "acks1-losses",
        prompt: text(
            "改成acks=1再跑一次: leader確認了12筆之後當機。舊leader回來以後, 有幾筆「Broker確認過卻遺失」的訊息?",
            "Run again with acks=1: the leader acknowledges the 12 messages, then crashes. Once the old leader is back, how many acknowledged messages are lost?",
        ),
        changes: setting("acks", "1"),
        ask: Trigger::Event(EventKind::BatchSent),
        reveal: Trigger::Event(EventKind::LogTruncated),
        choices: vec![
            guess(
                "0",
                text("0筆: Broker確認過就安全了", "none: acknowledged means safe"),
            ),
            guess("12", text("12筆", "all 12")),
        ],
        observe: |sim, reveal| counter(sim, reveal, Counter::Losses),
        explanation: text(
            "acks=1只等leader寫入自己的log就回覆 (librdkafka CONFIGURATION.md的acks)。follower還沒複製, leader就當機了; 新leader的log裡沒有這12筆, 舊leader回來時依leader epoch截掉它們 (KIP-101)。delivery_callback說成功, 訊息卻不見了。",
            "acks=1 answers once the leader alone has written them (librdkafka CONFIGURATION.md, acks). The leader crashes before the followers copy; the new leader's log lacks the 12, and the old leader truncates them by leader epoch when it returns (KIP-101). delivery_callback said success, yet the messages are gone.",
        ),
    }
}

/// acks=all waits for the in-sync replicas (CONFIGURATION.md `acks`). The unanswered batch
/// waits for the new leader, which the producer learns at its 1 s scan of topics whose leader
/// is down (rdkafka_topic.c `rd_kafka_topic_scan_all`), the instant `flush(10)` gives up; the
/// program's exit destroys the producer without flushing (rdkafka.c `rd_kafka_destroy_app`).
fn acks_all_in_log() -> Prediction {
    Prediction {
        id: "acks-all-in-log",
        prompt: text(
            "改成acks='all'再跑一次: 舊leader回來以後, 新leader的log裡有幾筆訊息?",
            "Run again with acks='all': once the old leader is back, how many messages does the new leader's log hold?",
        ),
        changes: setting("acks", "'all'"),
        ask: Trigger::Event(EventKind::BatchSent),
        reveal: Trigger::Event(EventKind::LogTruncated),
        choices: vec![
            guess(
                "0",
                text(
                    "0筆: 都沒送到新leader",
                    "none: they never reach the new leader",
                ),
            ),
            guess(
                "12",
                text("12筆: 重送給新leader", "12: resent to the new leader"),
            ),
            guess(
                "24",
                text("24筆: 重送造成重複", "24: the resend duplicates them"),
            ),
        ],
        observe: |sim, reveal| counter(sim, reveal, Counter::InLog),
        explanation: text(
            "acks=all要等所有in-sync replica都寫入才回覆 (librdkafka CONFIGURATION.md的acks)。leader在那之前就當機, producer沒有收到成功, 訊息留在佇列裡等新leader。新leader在9.7秒選出, 但producer每秒才問一次leader斷線的topic (rdkafka_topic.c的rd_kafka_topic_scan_all), 選出之後的下一次是10.6秒, 正是flush(10)放棄的時候: flush回傳12, 程式沒檢查就結束, rd_kafka_destroy不會flush, 把12筆丟掉 (stderr上的TERMINATE警告)。和acks=1不同, 沒有一筆被說成功: 程式本來可以知道。",
            "acks=all answers only once every in-sync replica has written them (librdkafka CONFIGURATION.md, acks). The leader crashes first, so no success comes and the messages wait in the queue for a new leader. One is elected at 9.7 s, but the producer asks about topics whose leader is down once a second (rdkafka_topic.c, rd_kafka_topic_scan_all), and the first time after the election is 10.6 s, just when flush(10) gives up: flush returns 12, the program ignores it and ends, and rd_kafka_destroy, which does not flush, drops the 12 (the TERMINATE warning on stderr). Unlike acks=1, none was reported delivered: the program could have known.",
        ),
    }
}

/// `flush(timeout)` returns `len(producer)` when it times out (confluent-kafka-python
/// Producer.c `Producer_flush`: `rd_kafka_outq_len` after `rd_kafka_flush` gives up).
fn acks_all_flush_left() -> Prediction {
    Prediction {
        id: "acks-all-flush-left",
        prompt: text(
            "acks='all': flush(10)返回的時候, 還有幾筆訊息沒送達 (flush的回傳值, len(producer))?",
            "acks='all': when flush(10) returns, how many messages are not yet delivered (what flush returns, len(producer))?",
        ),
        changes: setting("acks", "'all'"),
        ask: Trigger::Event(EventKind::BrokerCrashed),
        reveal: line(Anchor::PrintCompleted),
        choices: vec![
            guess(
                "0",
                text(
                    "0: 10秒內重送給新leader了",
                    "0: resent to the new leader within 10 s",
                ),
            ),
            guess(
                "12",
                text("12: 一筆都還沒確認", "12: none is acknowledged yet"),
            ),
        ],
        observe: |sim, reveal| counter(sim, reveal, Counter::Waiting),
        explanation: text(
            "flush(10)等滿10秒: 新leader在9.7秒選出, producer在10.6秒那次每秒的metadata檢查 (rd_kafka_topic_scan_all) 才會知道, 那時flush已經到期。flush逾時就回傳len(producer) (confluent-kafka-python Producer.c的Producer_flush), 這裡是12; 程式沒有檢查, 接著印出「Message sending completed!」。",
            "flush(10) waits its full 10 s: the new leader is elected at 9.7 s and the producer would learn it at its once-a-second metadata check at 10.6 s (rd_kafka_topic_scan_all), when flush has run out. A flush that times out returns len(producer) (confluent-kafka-python Producer.c, Producer_flush), here 12; the program does not check it and prints \"Message sending completed!\".",
        ),
    }
}

/// The offsets that hold key "0" in the partition's leader log at the end, joined by commas.
fn offsets_of_key0(sim: &Sim, _reveal: u64) -> String {
    sim.cluster()
        .partitions()
        .values()
        .filter_map(|partition| partition.leader_log())
        .flat_map(|log| log.records())
        .filter(|record| record.key.as_deref() == Some(b"0".as_slice()))
        .map(|record| record.offset.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// The idempotent producer's sequence numbers let the broker drop a retried batch it already
/// wrote (KIP-98; librdkafka rdkafka_idempotence.c).
fn key0_offsets() -> Prediction {
    key0_prediction(
        "idempotence-key0-offsets",
        text(
            "Broker的回覆遺失了, producer會重送。enable.idempotence=True: 最後key 0在log裡的哪些offset?",
            "The broker's answer is lost and the producer will retry. With enable.idempotence=True, at which offsets is key 0 in the log at the end?",
        ),
        Changes::none(),
    )
}

fn key0_offsets_without_idempotence() -> Prediction {
    key0_prediction(
        "no-idempotence-key0-offsets",
        text(
            "改成enable.idempotence=False再跑一次: 回覆遺失、producer重送之後, key 0在log裡的哪些offset?",
            "Run again with enable.idempotence=False: after the lost answer and the retry, at which offsets is key 0 in the log?",
        ),
        setting("enable.idempotence", "False"),
    )
}

fn key0_prediction(id: &'static str, prompt: crate::text::Text, changes: Changes) -> Prediction {
    Prediction {
        id,
        prompt,
        changes,
        ask: Trigger::Event(EventKind::ResponseDropped),
        reveal: Trigger::after(
            Trigger::Event(EventKind::ResponseDropped),
            Trigger::Event(EventKind::BatchAcknowledged),
        ),
        choices: vec![
            guess("0", text("只有offset 0", "offset 0 only")),
            guess(
                "0,12",
                text("offset 0與12: 寫了兩次", "offsets 0 and 12: written twice"),
            ),
            guess("12", text("只有offset 12", "offset 12 only")),
        ],
        observe: offsets_of_key0,
        explanation: text(
            "Broker其實已經寫入了, 只是回覆遺失; librdkafka重送同一個batch。開啟idempotence時batch帶著producer id與序號, Broker認出它已經寫過, 不再寫一次 (KIP-98; librdkafka rdkafka_idempotence.c); 關閉時Broker把它當成新的訊息, key 0又出現在offset 12。",
            "The broker did write the batch; only its answer was lost, and librdkafka sends the same batch again. With idempotence the batch carries the producer id and sequence numbers, so the broker sees it was written and does not write it again (KIP-98; librdkafka rdkafka_idempotence.c); without it the broker takes them as new messages and key 0 appears again at offset 12.",
        ),
    }
}
