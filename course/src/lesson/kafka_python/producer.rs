//! The kafka-python producer lesson (seed 004, issue 17): seed 004's `producer_demo` on
//! kafka-python 3.0.12 beside Producer_02_Sync, the course's synchronous send.

use super::super::action::Action;
use super::super::consumer::{beat, source};
use super::super::counter::Counter;
use super::super::plan::Plan;
use super::super::trigger::{EventKind, Trigger};
use super::super::{Beat, Lesson};
use super::{CONFLUENT, KAFKA_PYTHON};

use crate::exercise::{Anchor, Exercise};
use crate::lesson::prediction::guess;
use crate::lesson::prediction::observe::count;
use crate::lesson::{Changes, Prediction};
use crate::text::text;
use kafka_sim::engine::Process;

/// The lesson of exercise `kafka-python-producer`: both programs send one message per
/// request; Producer_02 sends as many messages as `producer_demo` (3).
pub(super) fn lesson(exercise: &'static Exercise) -> Lesson {
    let mut twin = Plan::producer(CONFLUENT, source("producer-02-sync"));
    if let Some(producer) = &mut twin.producer {
        producer.messages = 3;
    }
    Lesson {
        id: exercise.id,
        ms_per_second: 2,
        actions: vec![Action::DropNextResponse, Action::CrashBroker],
        counters: vec![Counter::Waiting, Counter::InFlight, Counter::InLog],
        beats: beats(),
        key_moment: Trigger::nth(2, Trigger::Event(EventKind::BatchSent)),
        predictions: vec![requests()],
        plans: vec![Plan::producer(KAFKA_PYTHON, &exercise.sources[0]), twin],
    }
}

fn line(anchor: Anchor) -> Trigger {
    Trigger::Line {
        process: Process::Producer(0),
        anchor,
    }
}

/// Sources: kafka-python 3.0.12 `KafkaProducer.DEFAULT_CONFIG` (`acks='all'`,
/// `enable_idempotence=True`), `FutureRecordMetadata.get`, `kafka/producer/sender.py`;
/// librdkafka CONFIGURATION.md (`acks` -1, `enable.idempotence` false), INTRODUCTION.md
/// "Threads and callbacks".
fn beats() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "同一件事跑兩次: kafka-python 3.0.12跑講義004的producer_demo, confluent-kafka跑課程的Producer_02 (每次produce()之後flush()); 兩邊都送3筆訊息, 一筆有了結果才送下一筆。",
                "The same thing twice: kafka-python 3.0.12 runs seed 004's producer_demo, confluent-kafka runs the course's Producer_02 (flush() after every produce()); both send 3 messages, each one once the previous one has its result.",
            ),
        ),
        beat(
            line(Anchor::SendLoop),
            text(
                "兩個程式都沒有設定acks和idempotence, 用的是預設值: kafka-python 3.0的acks是'all', enable_idempotence是True; librdkafka的acks預設也是all (-1), 但enable.idempotence預設是False。",
                "Neither program sets acks or idempotence, so the defaults apply: kafka-python 3.0 has acks='all' and enable_idempotence=True; librdkafka's acks default is all (-1) too, but enable.idempotence defaults to False.",
            ),
        ),
        beat(
            line(Anchor::Produce),
            text(
                "kafka-python: send()用key_serializer和value_serializer (json.dumps(...).encode()) 把key和value變成bytes, 放進buffer, 回傳一個future; 送出和處理回覆的是kafka-python的sender執行緒。confluent-kafka: produce()把訊息放進librdkafka的buffer, delivery_callback只在程式呼叫poll()或flush()時執行。",
                "kafka-python: send() turns key and value into bytes with key_serializer and value_serializer (json.dumps(...).encode()), puts them in the buffer and returns a future; kafka-python's sender thread sends and handles the answer. confluent-kafka: produce() puts the message in librdkafka's buffer, and delivery_callback runs only when the program calls poll() or flush().",
            ),
        ),
        beat(
            Trigger::Event(EventKind::BatchSent),
            text(
                "這個produce request只帶著1筆訊息: kafka-python的future.get(timeout=10)和Producer_02的flush()都在等這一筆的結果, 程式還不會送下一筆。",
                "This produce request carries a single message: kafka-python's future.get(timeout=10) and Producer_02's flush() both wait for this message's result; the program sends nothing more yet.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RecordAppended),
            text(
                "訊息寫進partition的log。kafka-python送出的key是JSON文字\"count_num\" (包含引號), value是\"0\"這樣的JSON字串, 寫到程式指定的partition 1; Producer_02的key是str(i)。",
                "The message is written to the partition's log. kafka-python's key is the JSON text \"count_num\" (quotes included) and its value a JSON string such as \"0\", in the partition the program named, 1; Producer_02's key is str(i).",
            ),
        ),
        beat(
            Trigger::Event(EventKind::BatchAcknowledged),
            text(
                "Broker回覆了。kafka-python: sender執行緒完成這筆的future, future.get()返回, 程式送下一筆; 不需要poll()。confluent-kafka: flush()執行delivery_callback之後才返回。",
                "The broker answered. kafka-python: the sender thread completes this message's future, future.get() returns and the program sends the next one; no poll() is needed. confluent-kafka: flush() runs delivery_callback, then returns.",
            ),
        ),
        beat(
            Trigger::nth(3, Trigger::Event(EventKind::BatchAcknowledged)),
            text(
                "3筆訊息, 3個produce request。講義的except kafka_errors: kafka_errors是一個dict (錯誤碼對應到例外類別), 不是例外類別; 送出失敗時, Python在比對except時會丟出TypeError。這次執行沒有失敗, except沒有執行。",
                "3 messages, 3 produce requests. The seed's except kafka_errors: kafka_errors is a dict (error codes to exception classes), not an exception class; had a send failed, Python would raise TypeError while matching the except. Nothing failed in this run and the except never ran.",
            ),
        ),
    ]
}

/// `future.get()` blocks until the sender thread completes the message's future (3.0.12
/// `FutureRecordMetadata.get`), so the next `send()` finds an empty buffer.
fn requests() -> Prediction {
    Prediction {
        id: "kafka-python-get-requests",
        prompt: text(
            "producer_demo每次send()之後都呼叫future.get(timeout=10): 3筆訊息會用幾個produce request送出?",
            "producer_demo calls future.get(timeout=10) after every send(): how many produce requests carry the 3 messages?",
        ),
        changes: Changes::none(),
        ask: line(Anchor::Produce),
        reveal: Trigger::nth(3, Trigger::Event(EventKind::BatchAcknowledged)),
        choices: vec![
            guess(
                "1",
                text("1個: 3筆裝在同一個batch", "one: the 3 share a batch"),
            ),
            guess("2", text("2個", "two")),
            guess("3", text("3個: 每筆一個", "three: one each")),
        ],
        observe: |sim, reveal| count(sim, reveal, EventKind::BatchSent),
        explanation: text(
            "future.get()等到sender執行緒完成這筆訊息的future才返回 (kafka-python的FutureRecordMetadata.get); 下一次send()時buffer是空的, 所以每筆訊息自己一個request, 和Producer_02每次flush()一樣。",
            "future.get() returns only once the sender thread has completed this message's future (kafka-python FutureRecordMetadata.get); at the next send() the buffer is empty, so every message travels in a request of its own, as with Producer_02's flush() each time.",
        ),
    }
}
