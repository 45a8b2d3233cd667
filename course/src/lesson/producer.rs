//! The producer lessons: Producer_01..05, acks and enable.idempotence.

mod predictions;

use super::action::Action;
use super::counter::Counter;
use super::plan::{Fault, Plan};
use super::trigger::{EventKind, Trigger};
use super::{Beat, Lesson};
use crate::catalog::exercise;
use crate::exercise::Anchor;
use crate::text::{Text, text};
use kafka_sim::engine::Process;
use predictions::predictions;

/// The producer lesson of exercise `id`.
pub(super) fn lesson(id: &str) -> Option<Lesson> {
    let exercise = exercise(id)?;
    let plan = Plan::producer(exercise.title, &exercise.sources[0]);
    use Counter::*;
    let (ms_per_second, counters, beats, key_moment, plan) = match id {
        "producer-01-fire-and-forget" => (
            2,
            vec![Waiting, InFlight, InLog],
            fire_and_forget(),
            line(Anchor::PrintSent),
            plan,
        ),
        "producer-02-sync" => (
            2,
            vec![Waiting, InFlight, ReportsSeen, Throughput],
            sync(),
            Trigger::nth(2, Trigger::Event(EventKind::BatchSent)),
            plan,
        ),
        "producer-03-async" => (
            2,
            vec![Waiting, InFlight, Acknowledged, ReportsSeen, Throughput],
            asynchronous(),
            Trigger::Event(EventKind::BatchAcknowledged),
            plan,
        ),
        "producer-04-json" => (
            2,
            vec![Waiting, InLog, ReportsSeen],
            json(),
            Trigger::Event(EventKind::RecordAppended),
            plan,
        ),
        "producer-05-cgroup" => (
            3_000,
            vec![Waiting, InLog, Throughput],
            stream(),
            line(Anchor::Sleep),
            plan,
        ),
        "producer-acks" => (
            2_000,
            vec![Acknowledged, ReportsSeen, InLog, Losses],
            acks(),
            Trigger::after(
                Trigger::Event(EventKind::BrokerCrashed),
                Trigger::Event(EventKind::LeaderElected),
            ),
            Plan {
                brokers: 3,
                replication: 3,
                follower_delay_ms: FOLLOWER_DELAY_MS,
                faults: vec![
                    (CRASH_AT, Fault::CrashLeader),
                    (CRASH_AT + 1, Fault::RestoreFollowers),
                    (RESTART_AT, Fault::RestartLeader),
                ],
                ..plan.starting_at(START_AT)
            },
        ),
        "producer-idempotence" => (
            20,
            vec![InLog, Duplicates, ReportsSeen],
            idempotence(),
            Trigger::after(
                Trigger::Event(EventKind::ResponseDropped),
                Trigger::Event(EventKind::BatchAcknowledged),
            ),
            Plan {
                faults: vec![(METADATA_ANSWERED_AT, Fault::DropLeaderResponse)],
                ..plan
            },
        ),
        _ => return None,
    };
    let actions = match id {
        "producer-acks" => vec![
            Action::SetAcks(&["0", "1", "'all'"]),
            Action::CrashBroker,
            Action::RestartBroker,
        ],
        "producer-idempotence" => vec![Action::ToggleIdempotence, Action::DropNextResponse],
        _ => vec![Action::DropNextResponse, Action::CrashBroker],
    };
    let mut beats = beats;
    let short_loop = match id {
        "producer-05-cgroup" => SHORT_LOOP_05,
        _ => SHORT_LOOP,
    };
    beats.insert(1, beat(line(Anchor::PrintStart), short_loop));
    Some(Lesson {
        id: exercise.id,
        ms_per_second,
        actions,
        counters,
        beats,
        key_moment,
        predictions: predictions(id),
        plans: vec![plan],
    })
}

/// The acks run: the followers of ak03.test-0 are slowed from the start (their waiting empty
/// fetches return at 500 ms, the next go out a second later), the producer starts at 600 ms,
/// so the leader alone has the batch when it crashes at 700 ms; it comes back after the
/// controller has fenced it (`broker.session.timeout.ms`, 9 s, KRaft's default; a ZooKeeper
/// cluster, as in the slides, notices after `zookeeper.session.timeout.ms`, 18 s: KIP-631 and
/// Kafka's KafkaConfig) and a follower has taken over.
///
/// With acks=all the producer learns the new leader at its 1 s scan of topics whose leader is
/// down (librdkafka `rd_kafka_topic_scan_all` on the timer `rd_kafka_thread_main` starts when
/// the `Producer` is created). `flush(10)`, called at once (the model's `produce()` takes no
/// time), ends on the scan's 10th tick, 10.6 s, and the leader fenced at 9.7 s falls between
/// the 9th and the 10th: not a 1 ms coincidence but the same for any fence between them. At
/// the tie the program's flush timeout, scheduled first, runs first and the program ends; in
/// the real client the tick comes first by the time Python takes between `Producer()` and
/// `flush()`, less than a Metadata round trip plus a Produce round trip plus the followers'
/// fetch that acks=all waits for, so flush ends without a report there too.
const FOLLOWER_DELAY_MS: u64 = 1_000;
/// When the producer started at 0 has its first Metadata answer (a 1 ms link each way): a
/// response dropped from then on is its first batch's.
const METADATA_ANSWERED_AT: u64 = 3;
const START_AT: u64 = 600;
const CRASH_AT: u64 = 700;
const RESTART_AT: u64 = 20_000;

fn fire_and_forget() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "Fire-and-forget: 程式送出訊息, 但從不檢查發佈的結果。看右邊的len(producer)與log。",
                "Fire-and-forget: the program sends messages and never checks the result. Watch len(producer) and the log on the right.",
            ),
        ),
        beat(
            line(Anchor::Produce),
            text(
                "produce()只把訊息放進client的Buffer (本地的佇列) 就返回: 訊息還沒有離開這個程式。",
                "produce() only puts the message into the client's buffer (a local queue) and returns: the message has not left the program yet.",
            ),
        ),
        beat(
            line(Anchor::Poll),
            text(
                "poll(0)不等待: 它讓client處理佇列裡的事件。這個程式沒有delivery callback, 但confluent-kafka-python還是會為每一筆訊息要一個delivery report (Producer.c), 每一個report都在佇列裡等poll()或flush()來處理, 處理完訊息才算離開len(producer): 所以沒有callback也要呼叫poll(0)。",
                "poll(0) does not wait: it lets the client serve the events in its queue. This program has no delivery callback, yet confluent-kafka-python asks librdkafka for a delivery report of every message (Producer.c), and each report waits in the queue until poll() or flush() serves it; only then does the message leave len(producer). That is why poll(0) matters even without a callback.",
            ),
        ),
        beat(
            line(Anchor::PrintSent),
            text(
                "迴圈結束了, 程式印出「Send 12 messages」, 但len(producer)是12: Broker一筆都還沒收到。",
                "The loop is over and the program prints \"Send 12 messages\", yet len(producer) is 12: the broker has not received a single one.",
            ),
        ),
        beat(
            line(Anchor::Flush),
            text(
                "flush(10)最多等10秒, 直到Buffer清空; 它讓client馬上送出等待中的訊息。",
                "flush(10) waits up to 10 seconds for the buffer to empty, and makes the client send what is waiting at once.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::BatchSent),
            text(
                "12筆訊息裝在同一個batch裡, 用一個produce request送往leader broker。",
                "The 12 messages travel in one batch, one produce request to the leader broker.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RecordAppended),
            text(
                "Broker把訊息依序寫進ak03.test-0的log, offset從0開始。",
                "The broker appends the messages to the log of ak03.test-0, from offset 0.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::BatchAcknowledged),
            text(
                "Broker回覆了ack: 12個delivery report進了佇列 (看「等待poll()的delivery report」), 等flush()來處理。程式沒有delivery callback, 處理report時什麼都不會印出: 發佈成功或失敗, 它都不會知道。",
                "The broker acknowledges: 12 delivery reports enter the queue (see \"delivery reports waiting for poll()\") and wait for flush() to serve them. The program has no delivery callback, so serving them prints nothing: success or failure, it never finds out.",
            ),
        ),
        beat(
            line(Anchor::PrintCompleted),
            text(
                "flush()返回, len(producer)是0。fire-and-forget的throughput最高, 代價是不知道結果。",
                "flush() returns with len(producer) at 0. Fire-and-forget has the highest throughput, at the price of never knowing the result.",
            ),
        ),
    ]
}

fn stream() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "Producer_05每3秒發佈一筆有序號的訊息到ak03.fourpartition (4個partition), 讓我們觀察ConsumerGroup。",
                "Producer_05 publishes one numbered message every 3 seconds to ak03.fourpartition (4 partitions), for watching consumer groups.",
            ),
        ),
        beat(
            line(Anchor::Produce),
            text(
                "produce()帶著key=str(i): 同一個key永遠進同一個partition (librdkafka預設的partitioner是consistent_random, 用key的CRC32)。",
                "produce() carries key=str(i): the same key always lands in the same partition (librdkafka's default partitioner, consistent_random, hashes the key with CRC32).",
            ),
        ),
        beat(
            line(Anchor::PrintProduced),
            text(
                "程式印出key與value; 訊息還在Buffer裡。",
                "The program prints the key and value; the message is still in the buffer.",
            ),
        ),
        beat(
            line(Anchor::Sleep),
            text(
                "time.sleep(3): 主執行緒停3秒, client在背景等linger.ms之後把訊息送出。",
                "time.sleep(3): the main thread pauses for 3 seconds while the client sends the message in the background after linger.ms.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RecordAppended),
            text(
                "訊息寫進了它的key決定的partition。看4個partition的log怎麼慢慢長大。",
                "The message lands in the partition its key decides. Watch the 4 partitions' logs grow.",
            ),
        ),
        beat(
            Trigger::nth(2, line(Anchor::Produce)),
            text(
                "下一筆訊息: 每3秒一筆, 一筆一個batch。",
                "The next message: one every 3 seconds, one batch each.",
            ),
        ),
        beat(
            line(Anchor::PrintCompleted),
            text(
                "所有訊息都送出了。在Consumer_01的練習裡, 這個訊息流會被group裡的Consumer分著讀。",
                "All messages are sent. In the Consumer_01 exercise the group's consumers share this stream.",
            ),
        ),
    ]
}

fn sync() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "librdkafka只會非同步 (async) 地發佈, 不支援同步 (sync) 的發佈; 這個程式在每一次produce()之後呼叫flush(), 用來模擬同步發佈。",
                "librdkafka only sends asynchronously; it has no synchronous send. This program calls flush() after every produce() to imitate one.",
            ),
        ),
        beat(
            line(Anchor::Produce),
            text(
                "produce()把第一筆訊息放進Buffer, 帶著callback=delivery_callback。",
                "produce() puts the first message into the buffer, with callback=delivery_callback.",
            ),
        ),
        beat(
            line(Anchor::SyncFlush),
            text(
                "flush()讓client馬上送出Buffer裡的訊息, 然後阻塞 (block), 直到這筆訊息有結果。",
                "flush() makes the client send what is in the buffer at once, then blocks until this message has its result.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::BatchSent),
            text(
                "這個produce request只帶著1筆訊息。",
                "This produce request carries a single message.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::DeliveryReportServed),
            text(
                "Broker回覆ack之後, flush()執行delivery_callback (key 0印出partition與offset, 因為int(key) % 10000 == 0), 然後才返回。",
                "Once the broker's ack is back, flush() runs delivery_callback (key 0 prints its partition and offset, since int(key) % 10000 == 0) and only then returns.",
            ),
        ),
        beat(
            Trigger::nth(2, Trigger::Event(EventKind::BatchSent)),
            text(
                "第2筆訊息要等第1筆的來回 (round trip) 完成才送出: 同步發佈每一筆都要等一次Broker。",
                "The second message leaves only after the first one's round trip: a synchronous send waits for the broker once per message.",
            ),
        ),
        beat(
            line(Anchor::PrintSent),
            text(
                "12筆訊息用了12個request。和Producer_03比較throughput: 非同步的12筆只要1個request。",
                "12 messages took 12 requests. Compare the throughput with Producer_03, where 12 asynchronous messages take one request.",
            ),
        ),
        beat(
            line(Anchor::PrintCompleted),
            text(
                "最後的flush(10)沒有訊息要等, 馬上返回。",
                "The final flush(10) has nothing left to wait for and returns at once.",
            ),
        ),
    ]
}

fn asynchronous() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "非同步發佈: produce()帶著callback=delivery_callback, 發佈的結果等Broker回覆ack之後才非同步地回來。",
                "An asynchronous send: produce() carries callback=delivery_callback, and the result comes back asynchronously once the broker acks.",
            ),
        ),
        beat(
            line(Anchor::Produce),
            text(
                "produce()把訊息放進Buffer就返回, 不等待Broker。",
                "produce() puts the message into the buffer and returns without waiting for the broker.",
            ),
        ),
        beat(
            line(Anchor::Poll),
            text(
                "poll(0)檢查Buffer裡的事件並觸發callback; 現在還沒有任何結果, 所以沒有callback被執行。",
                "poll(0) serves the client's events and triggers callbacks; no result has come back yet, so no callback runs.",
            ),
        ),
        beat(
            line(Anchor::PrintSent),
            text(
                "迴圈結束: 12筆都還在Buffer裡, len(producer)是12。",
                "The loop is over: all 12 are still in the buffer, len(producer) is 12.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::BatchSent),
            text(
                "flush(10)讓client把12筆裝進一個batch, 用一個request送出。",
                "flush(10) makes the client send the 12 messages in one batch, one request.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::BatchAcknowledged),
            text(
                "Broker回覆ack: 12個delivery report排進client的佇列, 但callback還沒執行; callback只會在poll()或flush()裡執行。比較「Broker已確認」與「已執行的delivery callback」。",
                "The broker acks: 12 delivery reports wait in the client's queue, but no callback has run; callbacks run only inside poll() or flush(). Compare \"acknowledged\" with \"delivery callbacks run\".",
            ),
        ),
        beat(
            Trigger::Event(EventKind::DeliveryReportServed),
            text(
                "flush()執行delivery_callback: key 0印出它的partition與offset (每1萬筆印一筆)。",
                "flush() runs delivery_callback: key 0 prints its partition and offset (one in every 10000 is printed).",
            ),
        ),
        beat(
            line(Anchor::PrintCompleted),
            text(
                "每一筆都有結果, len(producer)是0: 知道結果, 又有好的throughput (建議的作法)。",
                "Every message has its result and len(producer) is 0: the results are known and the throughput stays good (the recommended way).",
            ),
        ),
    ]
}

fn json() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "Kafka只保存bytes: 這個程式產生假的Employee資料, 轉成JSON字串再發佈。",
                "Kafka stores only bytes: this program makes fake Employee records and publishes them as JSON strings.",
            ),
        ),
        beat(
            line(Anchor::Produce),
            text(
                "json.dumps(employee.__dict__)把Employee序列化成JSON字串, produce()再把它以UTF-8編碼成bytes放進Buffer; key是str(i)。",
                "json.dumps(employee.__dict__) serializes the Employee to a JSON string, and produce() encodes it as UTF-8 bytes into the buffer; the key is str(i).",
            ),
        ),
        beat(
            line(Anchor::Poll),
            text(
                "poll(0)讓client處理事件並觸發callback。",
                "poll(0) lets the client serve its events and trigger callbacks.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::BatchSent),
            text(
                "12個JSON文件用一個batch送出。",
                "The 12 JSON documents leave in one batch.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RecordAppended),
            text(
                "看log: 每一筆value都是一個JSON文件 (id、firstName、deptId、wage...)。Broker不看內容; 讀取的一方必須用同樣的格式反序列化 (json.loads)。",
                "Look at the log: every value is a JSON document (id, firstName, deptId, wage...). The broker never looks inside; the reader must deserialize the same format (json.loads).",
            ),
        ),
        beat(
            Trigger::Event(EventKind::DeliveryReportServed),
            text(
                "flush()執行delivery_callback, key 0印出它的offset。",
                "flush() runs delivery_callback; key 0 prints its offset.",
            ),
        ),
        beat(
            line(Anchor::PrintCompleted),
            text(
                "12筆Employee都寫進了log。",
                "All 12 Employee records are in the log.",
            ),
        ),
    ]
}

fn acks() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "3個broker, ak03.test-0有3個replica: 一個leader與兩個follower。這次follower複製得比較慢, 而leader會當機。程式設定acks=0; 跑完之後改成1與all再跑一次。",
                "Three brokers; ak03.test-0 has three replicas, a leader and two followers. This time the followers copy slowly and the leader will crash. The program sets acks=0; afterwards run it again with 1 and all.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::BatchSent),
            text(
                "12筆訊息用一個request送往leader。acks=0: Broker不回覆; acks=1: leader寫入之後回覆; acks=all: 所有in-sync replicas都寫入之後才回覆。",
                "The 12 messages go to the leader in one request. acks=0: the broker never answers; acks=1: it answers once the leader has written them; acks=all: once every in-sync replica has.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::DeliveryReportServed),
            text(
                "delivery_callback說發佈成功, 程式以為訊息安全了。acks=0時送出就算成功, offset不知道 (印成None)。",
                "delivery_callback reports success and the program believes the messages are safe. With acks=0 a message counts as delivered once sent, with no known offset (printed as None).",
            ),
        ),
        beat(
            line(Anchor::PrintCompleted),
            text(
                "flush()返回, 程式印出「Message sending completed!」就結束了。flush的回傳值是還沒送達的訊息筆數, 這個程式沒有檢查它。acks=0與acks=1: 12筆的delivery report都執行過了, flush回傳0。acks=all: 沒有確認就沒有report, flush(10)等滿10秒, 回傳12; 程式結束時Producer被銷毀 (rd_kafka_destroy不會flush), librdkafka在stderr警告「Producer terminating with 12 messages」, 把這12筆丟掉, delivery_callback永遠不會執行。",
                "flush() returns; the program prints \"Message sending completed!\" and ends. flush returns how many messages are not yet delivered, and this program does not check it. acks=0 and acks=1: the 12 delivery reports have run, flush returns 0. acks=all: no acknowledgement, no report: flush(10) waits its full 10 s and returns 12; at the program's end the Producer is destroyed (rd_kafka_destroy does not flush), librdkafka warns \"Producer terminating with 12 messages\" on stderr and drops them: delivery_callback never runs for them.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RecordAppended),
            text(
                "leader把12筆寫進自己的log, follower還沒有來複製: high watermark沒有前進。",
                "The leader writes the 12 messages to its own log; the followers have not copied them yet, so the high watermark does not move.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::BrokerCrashed),
            text(
                "leader當機了! 這12筆只在死掉的leader上。",
                "The leader crashes! Only the dead leader has the 12 messages.",
            ),
        ),
        beat(
            Trigger::after(
                Trigger::Event(EventKind::BrokerCrashed),
                Trigger::Event(EventKind::LeaderElected),
            ),
            text(
                "controller發現leader不見了 (它的session過期: 講義的ZooKeeper叢集是zookeeper.session.timeout.ms, 預設18秒; KRaft叢集是broker.session.timeout.ms, 預設9秒, 這裡用9秒), 選一個follower當新leader, 它的log裡沒有這12筆。看「遺失的訊息」: acks=0與acks=1遺失了。acks=all的producer從沒收到成功, 訊息還在它的佇列裡; 但它要從Metadata回覆才知道新leader是誰: leader斷線的topic每秒問一次 (看1.6、2.6…9.6秒的Metadata請求, 回覆都還說leader是當機的那個), 選出新leader之後的下一次是10.6秒, 正好是flush(10)放棄的時候。",
                "The controller notices the leader is gone (its session expires: zookeeper.session.timeout.ms, 18 s by default, on the slides' ZooKeeper cluster; broker.session.timeout.ms, 9 s, under KRaft, which this run uses) and elects a follower, whose log lacks the 12 messages. Watch \"losses\": acks=0 and acks=1 lose them. With acks=all the producer never got a success and still holds the messages, but it learns the new leader only from a Metadata answer: it asks once a second about topics whose leader is down (see the Metadata requests at 1.6, 2.6 … 9.6 s, each answered with the crashed leader), and the first after the election would be at 10.6 s, the moment flush(10) gives up.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::LogTruncated),
            text(
                "舊leader重新啟動, 截掉新leader沒有的訊息。acks=0: 訊息不見了, 程式完全不知道; acks=1: 連Broker確認過的訊息也遺失了; acks=all: 新leader的log裡也沒有這12筆, 但Broker從沒確認過它們, delivery_callback也沒說成功: acks=all不會確認之後再弄丟訊息, 程式卻要等到確認 (檢查flush的回傳值) 才知道訊息送達了。",
                "The old leader restarts and truncates what the new leader lacks. acks=0: the messages are gone and the program never knew; acks=1: even messages the broker acknowledged are lost; acks=all: the new leader's log lacks the 12 too, but no broker ever acknowledged them and delivery_callback never said success: acks=all does not lose what it acknowledged, yet the program only knows its messages arrived once they are acknowledged (check what flush returns).",
            ),
        ),
    ]
}

fn idempotence() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "enable.idempotence=True: producer有一個producer id, 每個batch都帶著序號 (sequence number)。這次Broker的第一個回覆會在路上遺失。",
                "enable.idempotence=True: the producer has a producer id and every batch carries sequence numbers. This time the broker's first answer is lost on the way back.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::BatchSent),
            text(
                "12筆訊息用一個batch送出。",
                "The 12 messages leave in one batch.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::RecordAppended),
            text(
                "Broker把batch寫進log (offset 0到11), 然後回覆。",
                "The broker writes the batch to the log (offsets 0 to 11) and answers.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::ResponseDropped),
            text(
                "回覆在路上遺失了! producer不知道Broker已經寫入。",
                "The answer is lost on the way! The producer cannot know the broker wrote the batch.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::BatchFailed),
            text(
                "連線中斷, 這個request被當作失敗 (_TRANSPORT)。",
                "The connection breaks and the request counts as failed (_TRANSPORT).",
            ),
        ),
        beat(
            Trigger::Event(EventKind::MessagesRetried),
            text(
                "librdkafka自動重試: 同一批訊息排回佇列, retry.backoff.ms之後再送; 程式什麼都不用做。重試次數retries (也叫message.send.max.retries) 在librdkafka的預設是2147483647 (INT32_MAX), 不是講義002寫的2; 限制重試的是message.timeout.ms (預設300秒)。",
                "librdkafka retries by itself: the same messages go back into the queue and are sent again after retry.backoff.ms; the program does nothing. librdkafka's retries (alias message.send.max.retries) defaults to 2147483647 (INT32_MAX), not the 2 that note 002 states; what bounds the retries is message.timeout.ms (300 s by default).",
            ),
        ),
        beat(
            Trigger::nth(2, Trigger::Event(EventKind::BatchSent)),
            text("同一個batch再送一次。", "The same batch is sent again."),
        ),
        beat(
            Trigger::Event(EventKind::DuplicateIgnored),
            text(
                "Broker認出同一個producer id與序號的batch: 已經寫過了, 不再寫一次。",
                "The broker recognises the batch by its producer id and sequence numbers: already written, so not written again.",
            ),
        ),
        beat(
            Trigger::after(
                Trigger::Event(EventKind::ResponseDropped),
                Trigger::Event(EventKind::BatchAcknowledged),
            ),
            text(
                "重試的回覆到了。開啟idempotence: offset還是0到11, 沒有重複; 關閉時, 同樣的12筆被再寫一次 (offset 12到23)。看「重複的訊息」, 再切換enable.idempotence跑一次。",
                "The retry's answer arrives. With idempotence on, the offsets stay 0 to 11 and nothing is duplicated; with it off, the same 12 messages are written again (offsets 12 to 23). Watch \"duplicates\", then flip enable.idempotence and run again.",
            ),
        ),
    ]
}

fn beat(when: Trigger, text: Text) -> Beat {
    Beat { when, text }
}

/// The producer executing the statement at `anchor`.
fn line(anchor: Anchor) -> Trigger {
    Trigger::Line {
        process: Process::Producer(0),
        anchor,
    }
}

/// The course's send loops run `msgCount` times (100,000; 10,000 in Producer_05): the
/// step-through runs them for [`super::plan::STEP_MESSAGES`] messages, which a beat says.
const SHORT_LOOP: Text = text(
    "程式裡的msgCount是100000 (10萬筆), 多到看不完: 這個逐步演示把迴圈縮短成12筆, 其他都和程式一樣。",
    "The program's msgCount is 100,000, too many to watch: this step-through shortens the loop to 12 messages; everything else is as the program runs.",
);
const SHORT_LOOP_05: Text = text(
    "程式裡的msgCount是10000: 這個逐步演示把迴圈縮短成12筆, 其他都和程式一樣。",
    "The program's msgCount is 10,000: this step-through shortens the loop to 12 messages; everything else is as the program runs.",
);
