//! Producer faults (issue 10 §2 items 4 and 5): the only broker going down under Producer_03
//! (`error_cb`, messages waiting, `_MSG_TIMED_OUT`), and `BufferError` on a small queue.

use super::action::Action;
use super::counter::Counter;
use super::plan::{Fault, Plan};
use super::prediction::observe::{counter, shown};
use super::prediction::{Prediction, guess};
use super::trigger::{EventKind, Trigger};
use super::{Beat, Changes, Lesson};
use crate::catalog::exercise;
use crate::exercise::Anchor;
use crate::text::{Text, text};
use kafka_sim::engine::{Event, Millis, Sim};

/// When the broker goes down: after three messages are delivered, between two sends.
const CRASH_AT: Millis = 3_500;

/// `message.timeout.ms`, librdkafka's default 300000 (CONFIGURATION.md) and the variant's 10 s.
const MESSAGE_TIMEOUT: Action = Action::Set {
    name: "message.timeout.ms",
    label: text(
        "改變message.timeout.ms再跑一次",
        "Change message.timeout.ms and run again",
    ),
    values: &["10000", "300000"],
};

/// `queue.buffering.max.messages`: the variant's 5, one less than the loop sends and exactly
/// as many (12 fit: count + 1 > 12 only for a 13th), and librdkafka's default 100000.
const QUEUE_LIMIT: Action = Action::Set {
    name: "queue.buffering.max.messages",
    label: text(
        "改變queue.buffering.max.messages再跑一次",
        "Change queue.buffering.max.messages and run again",
    ),
    values: &["5", "11", "12", "100000"],
};

pub(super) fn lesson(id: &str) -> Option<Lesson> {
    let exercise = exercise(id)?;
    let plan = Plan::producer(exercise.title, &exercise.sources[0]);
    let lesson = match id {
        "producer-broker-down" => Lesson {
            id: exercise.id,
            ms_per_second: 2_000,
            actions: vec![Action::RestartBroker, MESSAGE_TIMEOUT],
            counters: vec![
                Counter::Waiting,
                Counter::Acknowledged,
                Counter::ClientErrors,
                Counter::Failed,
            ],
            beats: broker_down(),
            key_moment: printed_after(EventKind::DeliveryReportFailed),
            predictions: vec![timed_out()],
            plans: vec![Plan {
                faults: vec![(CRASH_AT, Fault::CrashLeader)],
                ..plan
            }],
        },
        "producer-buffer-error" => Lesson {
            id: exercise.id,
            ms_per_second: 2,
            actions: vec![QUEUE_LIMIT],
            counters: vec![
                Counter::Waiting,
                Counter::QueueLimit,
                Counter::Refused,
                Counter::InLog,
            ],
            beats: buffer_error(),
            key_moment: printed_after(EventKind::ProduceRaised),
            predictions: vec![refused_at(), loop_goes_on()],
            plans: vec![plan],
        },
        _ => return None,
    };
    Some(lesson)
}

/// The line a program prints right after the first `kind` (the console shows it).
fn printed_after(kind: EventKind) -> Trigger {
    Trigger::after(Trigger::Event(kind), Trigger::Event(EventKind::Printed))
}

fn beat(when: Trigger, text: Text) -> Beat {
    Beat { when, text }
}

fn broker_down() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "Producer_03的改寫版: 每秒送一筆 (time.sleep(1)), 而且把message.timeout.ms設成10000 (預設300000, 5分鐘; 這個逐步演示縮短它, 才看得到逾時)。程式裡的msgCount是100000, 這裡只送12筆。叢集只有一個Broker。",
                "A variant of Producer_03: one message a second (time.sleep(1)), with message.timeout.ms set to 10000 (the default is 300000, five minutes; the step-through shortens it so that the timeout shows). The program's msgCount is 100,000; here it sends 12. The cluster has a single broker.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::BrokerCrashed),
            text(
                "唯一的Broker停機了。librdkafka的連線斷了, 它馬上重新連線, 被拒絕 (Connection refused), 退避一小段時間 (reconnect.backoff.ms) 後再試一次, 又被拒絕。這些錯誤進了佇列: error_cb還沒有執行, 要等程式下一次呼叫poll()或flush()。",
                "The only broker goes down. librdkafka's connection breaks; it reconnects at once and is refused (Connection refused), backs off briefly (reconnect.backoff.ms), tries again and is refused again. The errors wait in the queue: error_cb has not run yet, it waits for the program's next poll() or flush().",
            ),
        ),
        beat(
            Trigger::after(
                Trigger::Event(EventKind::BrokerCrashed),
                Trigger::producer(Anchor::Produce),
            ),
            text(
                "produce()照樣成功: 它只把訊息放進本地的佇列, 不管Broker在不在。",
                "produce() still succeeds: it only puts the message into the local queue, whether the broker is there or not.",
            ),
        ),
        beat(
            Trigger::producer(Anchor::ErrorCallback),
            text(
                "poll(0)執行了error_cb, 依序印出佇列裡的錯誤: _ALL_BROKERS_DOWN「1/1 brokers are down」(知道的Broker全都斷線了), 再來是兩次重新連線失敗的_TRANSPORT; 第二次多了「1 identical error(s) suppressed」: 同一個連線的同樣錯誤30秒內只交給程式一次, 之後的重試 (間隔從reconnect.backoff.ms的100毫秒加倍到reconnect.backoff.max.ms的10秒) 都不再通知 (librdkafka rdkafka_broker.c)。真正的程式在stderr還會看到librdkafka自己的log (%3|...|FAIL|...), 這裡沒有畫出來。",
                "poll(0) runs error_cb for each queued error, in order: _ALL_BROKERS_DOWN \"1/1 brokers are down\" (every broker it knows is disconnected), then _TRANSPORT for the two refused reconnects; the second adds \"1 identical error(s) suppressed\": the same error of one connection reaches the program once per 30 s, and the retries after it (100 ms apart at first, reconnect.backoff.ms, doubling up to reconnect.backoff.max.ms, 10 s) report nothing more (librdkafka rdkafka_broker.c). The real program's stderr also shows librdkafka's own log lines (%3|...|FAIL|...), not drawn here.",
            ),
        ),
        beat(
            // The 4th error_cb line: the bootstrap entry's first refused connect.
            Trigger::nth(4, Trigger::producer(Anchor::ErrorCallback)),
            text(
                "新的錯誤: 「1/1 brokers are down」之後, librdkafka (2.10起, KIP-899) 重新bootstrap: 把bootstrap.servers的localhost:9092再加回來, 名字是localhost:9092/bootstrap (rdkafka.c的rd_kafka_rebootstrap)。它在librdkafka每秒一次的計時器 (rd_kafka_1s_tmr_cb) 被拿來連線, 一樣被拒絕。現在知道的Broker有2個, 都斷線了: 每次兩個都又失敗過一次, error_cb就再印出一次「2/2 brokers are down」。",
                "New errors: after \"1/1 brokers are down\", librdkafka (since 2.10, KIP-899) re-bootstraps: it adds bootstrap.servers' localhost:9092 back, named localhost:9092/bootstrap (rd_kafka_rebootstrap in rdkafka.c). Its once-a-second timer (rd_kafka_1s_tmr_cb) picks it to connect, and it is refused too. The client now knows 2 brokers, both down: each time both have failed once more, error_cb prints \"2/2 brokers are down\" again.",
            ),
        ),
        beat(
            Trigger::producer(Anchor::PrintSent),
            text(
                "迴圈結束, 程式印出「Send 12 messages to Kafka」, 但Broker停機之後送的訊息都還在佇列裡 (看len(producer))。flush(10)最多等10秒。",
                "The loop is over and the program prints \"Send 12 messages to Kafka\", yet every message sent after the broker went down is still in the queue (see len(producer)). flush(10) waits up to 10 seconds.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::DeliveryReportFailed),
            text(
                "key 4在4秒時produce, 在佇列裡等了10秒: 超過message.timeout.ms, librdkafka以_MSG_TIMED_OUT讓它失敗, flush()執行delivery_callback印出「Message failed delivery」。之後每秒逾時一筆。",
                "Key 4 was produced at 4 s and has waited 10 s in the queue: past message.timeout.ms, librdkafka fails it with _MSG_TIMED_OUT, and flush() runs delivery_callback, which prints \"Message failed delivery\". One more times out every second.",
            ),
        ),
        beat(
            Trigger::producer(Anchor::PrintCompleted),
            text(
                "flush()返回時len(producer)是0。Broker沒有回來的話, 停機之後送的訊息全都逾時, flush()在最後一筆失敗時就返回, 不用等滿10秒。試試在停機之後早一點按「重新啟動broker」: librdkafka下一次重新連線 (重試之間的退避時間會加倍, 最多10秒) 成功之後, 等待中的訊息就送出去了; 在逾時之前連上的話, 一筆都不會失敗。",
                "When flush() returns, len(producer) is 0. If the broker stays down, every message sent after the crash times out and flush() returns at the last failure, before its 10 seconds are up. Try \"Restart the broker\" soon after the crash: once librdkafka's next reconnect succeeds (the backoff between attempts doubles, up to 10 s), the waiting messages go out; if it reconnects before they time out, none fails.",
            ),
        ),
    ]
}

fn buffer_error() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "Producer_03的改寫版, 只多了'queue.buffering.max.messages': 5 (預設100000): librdkafka的本地佇列最多放5筆。程式裡的msgCount是100000, 這裡送12筆。看len(producer)與佇列上限。",
                "A variant of Producer_03 with one more setting, 'queue.buffering.max.messages': 5 (the default is 100000): librdkafka's local queue holds at most 5 messages. The program's msgCount is 100,000; here it sends 12. Watch len(producer) beside the queue limit.",
            ),
        ),
        beat(
            Trigger::producer(Anchor::Produce),
            text(
                "produce()把訊息放進佇列就返回; poll(0)不等待, 這時還沒有任何回覆可以處理。這個迴圈跑得比Broker回覆快得多: 12次produce()連1毫秒都不到。",
                "produce() puts the message into the queue and returns; poll(0) does not wait, and there is no answer to serve yet. The loop runs far faster than the broker answers: 12 produce() calls take less than a millisecond.",
            ),
        ),
        beat(
            Trigger::producer(Anchor::QueueFull),
            text(
                "第6筆 (i=5) 的produce()丟出BufferError: 佇列裡已經有5筆, librdkafka在「筆數+1 > queue.buffering.max.messages」時拒絕 (rdkafka_int.h的rd_kafka_curr_msgs_add)。except印出「Local producer queue is full (5 messages awaiting delivery): try again」, 5是len(producer)。except在for迴圈外面: 迴圈就此結束, 程式不會再試 (try again只是一句話), 「Send 12 messages to Kafka」也不會印出。",
                "The 6th produce() (i=5) raises BufferError: the queue already holds 5, and librdkafka refuses when count + 1 > queue.buffering.max.messages (rdkafka_int.h, rd_kafka_curr_msgs_add). The except prints \"Local producer queue is full (5 messages awaiting delivery): try again\"; 5 is len(producer). The except is outside the for loop: the loop is over, the program never tries again (\"try again\" is only words), and \"Send 12 messages to Kafka\" is never printed.",
            ),
        ),
        beat(
            Trigger::producer(Anchor::Flush),
            text(
                "flush(10)送出佇列裡的5筆, 等它們的結果。",
                "flush(10) sends the 5 queued messages and waits for their results.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::BatchSent),
            text(
                "5筆裝在同一個batch裡, 用一個produce request送往Broker。",
                "The 5 messages travel in one batch, one produce request to the broker.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::DeliveryReportServed),
            text(
                "Broker回覆了, flush()執行5次delivery_callback: 只有key 0印出一行, 因為程式每10000筆才印一筆成功的結果。",
                "The broker answers and flush() runs delivery_callback 5 times: only key 0 prints a line, as the program prints one success in 10,000.",
            ),
        ),
        beat(
            Trigger::producer(Anchor::PrintCompleted),
            text(
                "flush()返回, 程式印出「Message sending completed!」: 但log裡只有5筆, 後面7筆從來沒有進過佇列。要讓迴圈繼續, 得在迴圈裡面捕捉BufferError, 呼叫poll(1)等delivery report騰出空間, 再produce同一筆。試試把上限改成11或12: 12筆剛好放得下。",
                "flush() returns and the program prints \"Message sending completed!\": yet the log holds 5 messages; the other 7 never entered the queue. To keep the loop going, a program must catch BufferError inside the loop, call poll(1) so that delivery reports make room, and produce the same message again. Try a limit of 11 or 12: exactly 12 fit.",
            ),
        ),
    ]
}

/// Messages waiting for a broker that does not come back fail once `message.timeout.ms` has
/// passed since their `produce()` (librdkafka rdkafka_broker.c `rd_kafka_broker_toppar_msgq_scan`;
/// CONFIGURATION.md `message.timeout.ms`).
fn timed_out() -> Prediction {
    Prediction {
        id: "broker-down-timed-out",
        prompt: text(
            "flush(10)最多等10秒。停機之後送的8筆訊息, delivery_callback會回報幾筆失敗?",
            "flush(10) waits up to 10 seconds. Of the 8 messages sent after the crash, how many will delivery_callback report as failed?",
        ),
        changes: Changes::none(),
        ask: Trigger::producer(Anchor::PrintSent),
        reveal: Trigger::producer(Anchor::PrintCompleted),
        choices: vec![
            guess(
                "0",
                text(
                    "0: flush(10)先返回, 它們還在佇列裡",
                    "0: flush(10) returns first, they are still queued",
                ),
            ),
            guess(
                "4",
                text(
                    "4: 只有等滿10秒的那幾筆",
                    "4: only those that have waited the full 10 s",
                ),
            ),
            guess(
                "8",
                text("8: 全部_MSG_TIMED_OUT", "8: all of them, _MSG_TIMED_OUT"),
            ),
        ],
        observe: |sim, reveal| counter(sim, reveal, Counter::Failed),
        explanation: text(
            "每筆訊息從produce()起最多等message.timeout.ms (這裡10秒): key 4到11在4到11秒時produce, 在14到21秒時逾時, flush()每次都執行delivery_callback; 最後一筆失敗之後len(producer)是0, flush()在21秒返回, 沒有等滿10秒 (librdkafka CONFIGURATION.md的message.timeout.ms, rdkafka.h的rd_kafka_flush)。",
            "Each message waits at most message.timeout.ms (here 10 s) from its produce(): keys 4 to 11, produced at 4 to 11 s, time out at 14 to 21 s, and flush() runs delivery_callback for each; after the last failure len(producer) is 0 and flush() returns at 21 s, before its 10 seconds are up (librdkafka CONFIGURATION.md, message.timeout.ms; rdkafka.h, rd_kafka_flush).",
        ),
    }
}

/// librdkafka refuses a message when count + 1 > `queue.buffering.max.messages`
/// (rdkafka_int.h `rd_kafka_curr_msgs_add`), so the queue holds exactly the limit.
fn refused_at() -> Prediction {
    Prediction {
        id: "buffer-error-queued",
        prompt: text(
            "佇列上限是5。BufferError之前, 有幾筆訊息進了佇列?",
            "The queue limit is 5. How many messages enter the queue before BufferError?",
        ),
        changes: Changes::none(),
        ask: Trigger::producer(Anchor::Produce),
        reveal: Trigger::producer(Anchor::QueueFull),
        choices: vec![
            guess(
                "4",
                text("4: 第5筆就滿了", "4: the 5th already finds it full"),
            ),
            guess("5", text("5: 剛好等於上限", "5: exactly the limit")),
            guess(
                "12",
                text(
                    "12: poll(0)會騰出空間, 不會滿",
                    "12: poll(0) makes room, it never fills",
                ),
            ),
        ],
        observe: |sim, reveal| queued(sim, reveal),
        explanation: text(
            "librdkafka在「佇列裡的筆數+1 > queue.buffering.max.messages」時才拒絕, 所以5筆都放得進去, 第6筆才丟出BufferError (rdkafka_int.h的rd_kafka_curr_msgs_add)。poll(0)不等待, 迴圈在Broker回覆之前就跑完了, 沒有delivery report可以騰出空間。",
            "librdkafka refuses only when the queued count + 1 > queue.buffering.max.messages, so all 5 fit and the 6th raises BufferError (rdkafka_int.h, rd_kafka_curr_msgs_add). poll(0) does not wait and the loop is done before the broker answers, so no delivery report makes room.",
        ),
    }
}

/// The course program's `except BufferError` is outside the `for` loop (course/python/
/// Producer_03_Async.py): after it, only `flush(10)` runs.
fn loop_goes_on() -> Prediction {
    Prediction {
        id: "buffer-error-loop-ends",
        prompt: text(
            "except印出「queue is full」之後, 最後有幾筆訊息寫進log?",
            "After the except prints \"queue is full\", how many messages end up in the log?",
        ),
        changes: Changes::none(),
        ask: Trigger::producer(Anchor::QueueFull),
        reveal: Trigger::producer(Anchor::PrintCompleted),
        choices: vec![
            guess(
                "12",
                text(
                    "12: poll()騰出空間之後迴圈繼續",
                    "12: the loop goes on once poll() makes room",
                ),
            ),
            guess(
                "5",
                text(
                    "5: 迴圈結束了, flush()只送出佇列裡的",
                    "5: the loop is over; flush() sends what is queued",
                ),
            ),
            guess(
                "0",
                text(
                    "0: BufferError丟掉了整個佇列",
                    "0: BufferError drops the whole queue",
                ),
            ),
        ],
        observe: |sim, reveal| counter(sim, reveal, Counter::InLog),
        explanation: text(
            "課程程式的try包住整個for迴圈, except在迴圈外面: BufferError讓迴圈結束, 程式接著執行flush(10), 送出佇列裡已有的5筆; 被拒絕的那一筆和後面的6筆從來沒有produce (confluent-kafka-python的produce()在佇列滿時丟出BufferError, 訊息不會進佇列)。",
            "The course program's try wraps the whole for loop and the except is outside it: BufferError ends the loop, then flush(10) sends the 5 already queued; the refused message and the 6 after it are never produced (confluent-kafka-python's produce() raises BufferError when the queue is full, and the message is not queued).",
        ),
    }
}

/// How many messages entered the queue up to `upto`.
fn queued(sim: &Sim, upto: u64) -> String {
    shown(sim, upto)
        .iter()
        .filter(|entry| matches!(entry.event, Event::MessageQueued { .. }))
        .count()
        .to_string()
}
