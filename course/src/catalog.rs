//! The ak03 exercises: the course's Python programs (course/python/) and what each one teaches.

use crate::exercise::{Anchor, Exercise, Source};
use crate::part::Part;
use crate::text::text;

/// A program of course/python/, included at compile time.
macro_rules! program {
    ($file:literal, [$(($anchor:ident, $marker:literal)),* $(,)?]) => {
        Source {
            file: $file,
            text: include_str!(concat!("../python/", $file)),
            anchors: &[$((Anchor::$anchor, $marker)),*],
        }
    };
}

/// A producer program of the course: they all share Producer_05's frame (the `try`, the send
/// loop around `produce()`, the final `flush(10)` and the prints) and differ in what comes
/// before the `try` (settings, callbacks, serialization) and in the loop after `produce()`.
macro_rules! producer_program {
    ($file:literal, before: [$($before:tt)*], in_loop: [$($in_loop:tt)*]) => {
        program!(
            $file,
            [
                $($before)*,
                (Try, "try:"),
                (PrintStart, "print('Start sending messages ...')"),
                (SendLoop, "for i in range(0, msgCount):"),
                (Produce, "producer.produce("),
                $($in_loop)*,
                (Flush, "producer.flush(10)"),
                (PrintSent, "print('Send ' + str(msgCount)"),
                (QueueFull, "sys.stderr.write('%% Local producer queue is full"),
                (PrintException, "print(e)"),
                (PrintCompleted, "print('Message sending completed!')"),
            ]
        )
    };
}

const PRODUCER_01: Source = producer_program!(
    "Producer_01_FireAndForget.py",
    before: [(ErrorCallback, "def error_cb(")],
    in_loop: [(Poll, "producer.poll(0)")]
);

const PRODUCER_02: Source = producer_program!(
    "Producer_02_Sync.py",
    before: [(ErrorCallback, "def error_cb("), (DeliveryCallback, "def delivery_callback(")],
    in_loop: [(SyncFlush, "producer.flush() #")]
);

const PRODUCER_03: Source = producer_program!(
    "Producer_03_Async.py",
    before: [(ErrorCallback, "def error_cb("), (DeliveryCallback, "def delivery_callback(")],
    in_loop: [(Poll, "producer.poll(0)")]
);

const PRODUCER_04: Source = producer_program!(
    "Producer_04_Json.py",
    before: [(ErrorCallback, "def error_cb("), (DeliveryCallback, "def delivery_callback("), (Serialize, "json.dumps(employee.__dict__)")],
    in_loop: [(Poll, "producer.poll(0)")]
);

const PRODUCER_ACKS: Source = producer_program!(
    "Producer_acks.py",
    before: [(Setting, "'acks': 0,"), (ErrorCallback, "def error_cb("), (DeliveryCallback, "def delivery_callback(")],
    in_loop: [(Poll, "producer.poll(0)")]
);

const PRODUCER_IDEMPOTENCE: Source = producer_program!(
    "Producer_idempotence.py",
    before: [(Setting, "'enable.idempotence': True,"), (ErrorCallback, "def error_cb("), (DeliveryCallback, "def delivery_callback(")],
    in_loop: [(Poll, "producer.poll(0)")]
);

const PRODUCER_05: Source = producer_program!(
    "Producer_05_CGroup.py",
    before: [(ErrorCallback, "def error_cb(")],
    in_loop: [(Poll, "producer.poll(0)"), (PrintProduced, "print('key={}, value={}'"), (Sleep, "time.sleep(3)")]
);

// Producer fault lessons (issue 10 §2 items 4 and 5): Producer_03 varied where a lesson needs it.

/// Producer_03 sending one message a second with a 10 s `message.timeout.ms`, so that the
/// broker can go down mid-run and the waiting messages time out within the step-through.
const PRODUCER_BROKER_DOWN: Source = producer_program!(
    "Producer_03_BrokerDown.py",
    before: [(Setting, "'message.timeout.ms': 10000,"), (ErrorCallback, "def error_cb("), (DeliveryCallback, "def delivery_callback(")],
    in_loop: [(Poll, "producer.poll(0)"), (Sleep, "time.sleep(1)")]
);

/// Producer_03 with a queue of 5 messages (`queue.buffering.max.messages`).
const PRODUCER_QUEUE_FULL: Source = producer_program!(
    "Producer_03_QueueFull.py",
    before: [(Setting, "'queue.buffering.max.messages': 5,"), (ErrorCallback, "def error_cb("), (DeliveryCallback, "def delivery_callback(")],
    in_loop: [(Poll, "producer.poll(0)")]
);

/// A consumer program of the course that loops over `consume()`: they share the frame
/// (`error_cb`, the start print, `consume()`, the record print, the `KeyboardInterrupt`
/// handler and `close()`) and differ in how they start reading, commit and call back.
macro_rules! consumer_program {
    ($file:literal, [$($anchor:tt),* $(,)?]) => {
        program!(
            $file,
            [
                (ErrorCallback, "def error_cb("),
                $($anchor,)*
                (PrintStart, "print('Start listen incoming messages ...')"),
                (Consume, "consumer.consume("),
                (PrintRecord, "print('%s-%d-%d : (%s , %s)'"),
                (Aborted, "sys.stderr.write('Aborted by user"),
                (Close, "consumer.close()"),
            ]
        )
    };
}

const CONSUMER_01: Source = consumer_program!(
    "Consumer_01_Cgroup.py",
    [
        (OnAssign, "def print_assignment("),
        (OnRevoke, "def print_revoke("),
        (Subscribe, "consumer.subscribe("),
    ]
);

const CONSUMER_02: Source = consumer_program!(
    "Consumer_02_AutoCommit.py",
    [
        (Setting, "'enable.auto.commit': True,"),
        (OnCommit, "def print_commit_result("),
        (Subscribe, "consumer.subscribe("),
    ]
);

const CONSUMER_03: Source = consumer_program!(
    "Consumer_03_CommitSync.py",
    [
        (Setting, "'enable.auto.commit': False,"),
        (Subscribe, "consumer.subscribe("),
        (IfPulled, "if(records_pulled):"),
        (Commit, "consumer.commit(asynchronous=False)"),
    ]
);

const CONSUMER_04: Source = consumer_program!(
    "Consumer_04_CommitAsync.py",
    [
        (Setting, "'enable.auto.commit': False,"),
        (OnCommit, "def print_commit_result("),
        (Subscribe, "consumer.subscribe("),
        (IfPulled, "if(recrods_pulled):"),
        (Commit, "consumer.commit()"),
    ]
);

const CONSUMER_05: Source = consumer_program!(
    "Consumer_05_CommitSyncAsync.py",
    [
        (Setting, "'enable.auto.commit': False,"),
        (OnCommit, "def print_commit_result("),
        (Subscribe, "consumer.subscribe("),
        (IfPulled, "if(records_pulled):"),
        (Commit, "consumer.commit()"),
        (CommitOnClose, "consumer.commit(asynchronous=False)"),
    ]
);

const CONSUMER_06: Source = consumer_program!(
    "Consumer_06_CommitSpecified.py",
    [
        (Setting, "'enable.auto.commit': False,"),
        (OnCommit, "def print_commit_result("),
        (Subscribe, "consumer.subscribe("),
        (Commit, "consumer.commit(record)"),
    ]
);

const CONSUMER_07: Source = consumer_program!(
    "Consumer_07_RebalanceCallback.py",
    [
        (Setting, "'enable.auto.commit': False,"),
        (OnCommit, "def print_commit_result("),
        (OnAssign, "def print_assignment("),
        (OnRevoke, "def commit_on_revoke("),
        (CommitOnRevoke, "consumer.commit(v)"),
        (Subscribe, "consumer.subscribe("),
        (
            Remember,
            "offsets_dict['{}-{}'.format(topic, partition)] = record"
        ),
    ]
);

const CONSUMER_STATIC: Source = consumer_program!(
    "Consumer_static_membership.py",
    [
        (Setting, "'group.instance.id': instanceId,"),
        (OnAssign, "def print_assignment("),
        (OnRevoke, "def print_revoke("),
        (Subscribe, "consumer.subscribe("),
    ]
);

const CONSUMER_COOPERATIVE: Source = consumer_program!(
    "Consumer_cooperative.py",
    [
        (
            Setting,
            "'partition.assignment.strategy': 'cooperative-sticky',"
        ),
        (OnAssign, "def print_assignment("),
        (OnRevoke, "def print_revoke("),
        (Subscribe, "consumer.subscribe("),
    ]
);

const CONSUMER_ASSIGN_SEEK: Source = consumer_program!(
    "Consumer_assign_seek.py",
    [(Assign, "consumer.assign("), (Seek, "consumer.seek(")]
);

// Consumer lessons, round 2 (issue 10 §2): the course programs varied where a lesson needs it.

/// Consumer_01 with slow processing, a short `max.poll.interval.ms`, `on_lost`, `continue`
/// on a record's error, and Consumer_04's asynchronous commit after each batch.
const CONSUMER_MAX_POLL: Source = consumer_program!(
    "Consumer_max_poll.py",
    [
        (Setting, "'max.poll.interval.ms': 10000,"),
        (OnCommit, "def print_commit_result("),
        (OnAssign, "def print_assignment("),
        (OnRevoke, "def print_revoke("),
        (OnLost, "def print_lost("),
        (Subscribe, "consumer.subscribe("),
        (SkipError, "if record.error():"),
        (Work, "time.sleep(processingTime)"),
        (IfPulled, "if(records_pulled):"),
        (Commit, "consumer.commit()"),
    ]
);

/// Consumer_03 committing each batch before processing it.
const CONSUMER_AT_MOST_ONCE: Source = consumer_program!(
    "Consumer_at_most_once.py",
    [
        (Setting, "'enable.auto.commit': False,"),
        (Subscribe, "consumer.subscribe("),
        (IfRecords, "if(records):"),
        (Commit, "consumer.commit(asynchronous=False)"),
    ]
);

const CONSUMER_LAG: Source = program!(
    "Consumer_lag.py",
    [
        (ErrorCallback, "def error_cb("),
        (Committed, "consumer.committed("),
        (Watermarks, "consumer.get_watermark_offsets("),
        (Sleep, "time.sleep(5)"),
        (Aborted, "sys.stderr.write('Aborted by user"),
        (Close, "consumer.close()"),
    ]
);

// kafka-python's consumer programs (seed 004, issue 17): `KafkaConsumer(...)` subscribes.

const KAFKA_PYTHON_DEMO: Source = program!(
    "kafka_python_consumer_demo.py",
    [
        (Subscribe, "consumer = KafkaConsumer("),
        (ForMessage, "for message in consumer:"),
        (PrintRecord, "print(\"receive, key:"),
        (Work, "time.sleep(2)"),
    ]
);

const KAFKA_PYTHON_COMMIT: Source = program!(
    "kafka_python_consumer_commit.py",
    [
        (Subscribe, "consumer = KafkaConsumer("),
        (ForMessage, "for message in consumer:"),
        (PrintRecord, "print(\"receive, key:"),
        (Commit, "consumer.commit()"),
    ]
);

const KAFKA_PYTHON_PRODUCER: Source = program!(
    "kafka_python_producer_demo.py",
    [
        (SendLoop, "for i in range(0, 3):"),
        (Produce, "future = producer.send("),
        (PrintProduced, "print(\"send {}\""),
        (Try, "try:"),
        (Get, "future.get(timeout=10)"),
    ]
);

const KAFKA_PYTHON_LAG: Source = program!(
    "kafka_python_lag.py",
    [
        (Subscribe, "consumer = KafkaConsumer("),
        (PartitionsForTopic, "consumer.partitions_for_topic(topic)"),
        (PrintStart, "print(\"start to cal offset:\")"),
        (EndOffsets, "consumer.end_offsets(partitions)"),
        (Committed, "consumer.committed(x)"),
        (PrintLeft, "print(\"kafka left:"),
    ]
);

static EXERCISES: &[Exercise] = &[
    Exercise {
        id: "producer-01-fire-and-forget",
        part: Part::ProducerSend,
        title: text("Fire-and-forget 發佈", "Fire-and-forget send"),
        teaches: text(
            "produce()只是把訊息放進client的Buffer就馬上返回, 程式不檢查發佈結果, 所以throughput最高, 但不知道訊息是否發佈成功。poll(0)仍然要呼叫, 讓client處理Buffer裡的事件。",
            "produce() only puts the message into the client's buffer and returns at once; the program never checks the result, so throughput is highest but it cannot know whether a message arrived. poll(0) must still be called so the client can serve its events.",
        ),
        sources: &[PRODUCER_01],
    },
    Exercise {
        id: "producer-02-sync",
        part: Part::ProducerSend,
        title: text("同步發佈", "Synchronous send"),
        teaches: text(
            "librdkafka只會非同步地發佈訊息; 在每一次produce()之後呼叫flush(), 等到這筆訊息的delivery callback執行完才送下一筆, 就是Python的同步發佈, 代價是每一筆都要等一次Broker的來回。",
            "librdkafka only sends asynchronously; calling flush() after every produce() waits until that message's delivery callback has run before sending the next one. That is a synchronous send in Python, at the price of one broker round trip per message.",
        ),
        sources: &[PRODUCER_02],
    },
    // kafka-python (seed 004, issue 17): its producer_demo beside Producer_02.
    Exercise {
        id: "kafka-python-producer",
        part: Part::ProducerSend,
        title: text(
            "kafka-python: send()與future.get()",
            "kafka-python: send() and future.get()",
        ),
        teaches: text(
            "講義004的producer_demo (kafka-python 3.0.12): KafkaProducer用json序列化key和value, send()回傳future, future.get(timeout=10)等這一筆的結果: 每筆訊息一個produce request, 和課程的Producer_02 (每次produce()之後flush()) 一樣是同步發佈。kafka-python的預設acks='all'、enable_idempotence=True; 結果由它的sender執行緒處理, 不需要poll()。講義的except kafka_errors接不到任何例外: kafka_errors是dict, 不是例外類別, future.get()丟出例外時, except這一行本身會丟出TypeError。",
            "Seed 004's producer_demo (kafka-python 3.0.12): KafkaProducer serializes key and value as JSON, send() returns a future and future.get(timeout=10) waits for that message's result: one produce request per message, a synchronous send like the course's Producer_02 (flush() after every produce()). kafka-python defaults to acks='all' and enable_idempotence=True; its sender thread handles the results, no poll() needed. The seed's except kafka_errors catches nothing: kafka_errors is a dict, not an exception class, so when future.get() raises, the except line itself raises TypeError.",
        ),
        sources: &[KAFKA_PYTHON_PRODUCER, PRODUCER_02],
    },
    Exercise {
        id: "producer-03-async",
        part: Part::ProducerSend,
        title: text(
            "非同步發佈與delivery callback",
            "Asynchronous send with a delivery callback",
        ),
        teaches: text(
            "delivery_callback會在Broker回覆ack之後被執行, 但只會在應用程式呼叫poll()或flush()的時候執行; 這樣既能知道每一筆訊息的結果, 又保有好的throughput。",
            "delivery_callback runs after the broker's ack, but only when the application calls poll() or flush(); the program learns the result of every message and keeps a good throughput.",
        ),
        sources: &[PRODUCER_03],
    },
    Exercise {
        id: "producer-acks",
        part: Part::ProducerSettings,
        title: text("acks: 0、1、all", "acks: 0, 1 and all"),
        teaches: text(
            "acks決定Broker什麼時候回覆: 0是完全不回覆 (delivery callback仍會被執行, 但不知道offset, 訊息遺失也不會有錯誤), 1是leader寫入之後, all是所有in-sync replicas都寫入之後; librdkafka的預設值是all。",
            "acks decides when the broker answers: 0 never answers (the delivery callback still runs, but without an offset, and a lost message raises no error), 1 after the leader has written it, all after every in-sync replica has; librdkafka's default is all.",
        ),
        sources: &[PRODUCER_ACKS],
    },
    Exercise {
        id: "producer-idempotence",
        part: Part::ProducerSettings,
        title: text("Idempotent producer", "The idempotent producer"),
        teaches: text(
            "enable.idempotence=True讓重試不會寫入重複的訊息, 並保持發佈的順序; librdkafka的預設值是False, 打開之後會自動使用acks=all、最多5個in-flight請求與INT32_MAX次的重試。",
            "enable.idempotence=True makes retries write no duplicates and keeps the produce order; librdkafka's default is False, and turning it on implies acks=all, at most 5 requests in flight and INT32_MAX retries.",
        ),
        sources: &[PRODUCER_IDEMPOTENCE],
    },
    Exercise {
        id: "producer-broker-down",
        part: Part::ProducerSettings,
        title: text(
            "Broker停機: error_cb與訊息逾時",
            "The broker goes down: error_cb and message timeouts",
        ),
        teaches: text(
            "唯一的Broker停機時, librdkafka把_ALL_BROKERS_DOWN與重新連線失敗的_TRANSPORT交給error_cb, 但同一個連線的同樣錯誤30秒內只交給程式一次 (其餘的被略過並計數); error_cb只在poll()或flush()裡執行; 訊息留在Buffer裡等待, 超過message.timeout.ms就以_MSG_TIMED_OUT回報失敗; Broker及時回來的話, 重新連線之後就送出。",
            "When the only broker goes down, librdkafka hands error_cb _ALL_BROKERS_DOWN and _TRANSPORT errors for the refused reconnects, but an identical error of one connection reaches error_cb at most once per 30 s (the rest are suppressed and counted); error_cb runs only inside poll() or flush(); the messages wait in the buffer and fail with _MSG_TIMED_OUT once message.timeout.ms has passed; if the broker comes back in time, they go out after the reconnect.",
        ),
        sources: &[PRODUCER_BROKER_DOWN],
    },
    Exercise {
        id: "producer-buffer-error",
        part: Part::ProducerSettings,
        title: text(
            "BufferError: producer的佇列滿了",
            "BufferError: the producer's queue is full",
        ),
        teaches: text(
            "produce()比Broker回覆得快時, 訊息在本地的佇列裡累積; 佇列裡已有queue.buffering.max.messages筆時, 下一筆produce()丟出BufferError。課程程式的except在迴圈外面: 印出「queue is full」之後迴圈就結束了, 剩下的訊息不會送出, flush()只送出已經在佇列裡的。",
            "When produce() runs faster than the broker answers, messages pile up in the local queue; once it holds queue.buffering.max.messages, the next produce() raises BufferError. The course program's except is outside the loop: after printing \"queue is full\" the loop is over, the remaining messages are never sent, and flush() delivers only those already queued.",
        ),
        sources: &[PRODUCER_QUEUE_FULL],
    },
    Exercise {
        id: "producer-04-json",
        part: Part::ProducerJson,
        title: text("發佈JSON訊息", "Publishing JSON"),
        teaches: text(
            "Kafka只保存bytes: 程式用json.dumps()把Employee物件序列化成JSON字串, produce()再把它以UTF-8編碼; 讀取的一方必須用同樣的格式反序列化。",
            "Kafka stores only bytes: the program serializes the Employee object to a JSON string with json.dumps(), and produce() encodes it as UTF-8; the reading side must deserialize the same format.",
        ),
        sources: &[PRODUCER_04],
    },
    Exercise {
        id: "producer-05-cgroup",
        part: Part::ConsumerGroup,
        title: text(
            "持續發佈有序號的訊息 (Producer_05_CGroup)",
            "A steady stream of numbered messages (Producer_05_CGroup)",
        ),
        teaches: text(
            "每3秒發佈一筆有序號的訊息 (key=i, value=msg_i) 到有4個partition的topic ak03.fourpartition; 同一個key永遠進同一個partition, 這個穩定的訊息流讓我們觀察ConsumerGroup裡每個Consumer分到哪些partition。",
            "Publishes one numbered message (key=i, value=msg_i) every 3 seconds to ak03.fourpartition, a topic with 4 partitions; the same key always lands in the same partition, and this steady stream lets us watch which partitions each consumer of a group reads.",
        ),
        sources: &[PRODUCER_05],
    },
    Exercise {
        id: "consumer-01-cgroup",
        part: Part::ConsumerGroup,
        title: text(
            "Consumer與ConsumerGroup實驗",
            "A consumer group, one to five members",
        ),
        teaches: text(
            "同一個group.id的Consumer分擔topic的partition, 一個partition只會分給group裡的一個Consumer; 每加入一個instance就觸發一次Rebalance; 5個Consumer分4個partition, 一定有一個分不到: range依member id排序, 所以是哪一個要看隨機的member id, 不是加入的順序。",
            "Consumers with the same group.id share the topic's partitions, and each partition goes to exactly one member; every new instance triggers a rebalance. With five members and four partitions one gets none: range sorts members by member id, so which one depends on the random member ids, not on the join order.",
        ),
        sources: &[CONSUMER_01, PRODUCER_05],
    },
    Exercise {
        id: "consumer-group-split",
        part: Part::ConsumerGroup,
        title: text(
            "3個Consumer分4個partition: range的不平均分配",
            "Three consumers, four partitions: range's uneven split",
        ),
        teaches: text(
            "Consumer_01的instance一個一個啟動到3個: range把4個partition分成2、1、1; 多分到一個的是member id (rdkafka-加上UUID) 排序最前面的成員, 不是最早加入的。roundrobin也是2、1、1, 只是分到的partition不同。",
            "Instances of Consumer_01 start one by one up to three: range splits the 4 partitions 2, 1, 1, and the extra one goes to the member whose member id (rdkafka- and a UUID) sorts first, not to the first to join. roundrobin also splits 2, 1, 1, with different partitions.",
        ),
        sources: &[CONSUMER_01, PRODUCER_05],
    },
    Exercise {
        id: "consumer-static-membership",
        part: Part::Rebalance,
        title: text(
            "靜態成員 (group.instance.id)",
            "Static membership (group.instance.id)",
        ),
        teaches: text(
            "設定group.instance.id的靜態成員關閉時不會送出LeaveGroup; 在session.timeout.ms之內用同一個ID重新啟動, 不會觸發Rebalance, 而且拿回原本的partition。",
            "A static member (group.instance.id) sends no LeaveGroup when it closes; restarted with the same id within session.timeout.ms, it triggers no rebalance and gets its partitions back.",
        ),
        sources: &[CONSUMER_STATIC, PRODUCER_05],
    },
    Exercise {
        id: "consumer-cooperative",
        part: Part::Rebalance,
        title: text(
            "漸進式Rebalance (cooperative-sticky)",
            "Cooperative rebalancing (cooperative-sticky)",
        ),
        teaches: text(
            "使用cooperative-sticky時, Rebalance只收回要搬到別的Consumer的partition, 其他partition繼續讀取; 搬家要兩次Rebalance: 先交出, 再分配。",
            "With cooperative-sticky a rebalance revokes only the partitions that move to another consumer, and the others keep being read; a move takes two rebalances: give up first, then assign.",
        ),
        sources: &[CONSUMER_COOPERATIVE, PRODUCER_05],
    },
    Exercise {
        id: "consumer-liveness",
        part: Part::Rebalance,
        title: text(
            "Consumer當機: heartbeat與session.timeout.ms",
            "A consumer dies: heartbeats and session.timeout.ms",
        ),
        teaches: text(
            "Consumer每heartbeat.interval.ms (預設3秒) 送一次heartbeat; 被kill -9的Consumer不會送LeaveGroup, Group Coordinator要等session.timeout.ms (librdkafka預設45秒, 課程程式設6秒) 沒收到heartbeat才把它移出group並Rebalance。Broker不接受小於group.min.session.timeout.ms (預設6秒) 的值。",
            "A consumer sends a heartbeat every heartbeat.interval.ms (3 s by default); a consumer killed with kill -9 sends no LeaveGroup, so the group coordinator removes it and rebalances only after session.timeout.ms without a heartbeat (librdkafka's default 45 s, 6 s in the course program). The broker refuses less than group.min.session.timeout.ms (6 s by default).",
        ),
        sources: &[CONSUMER_01, PRODUCER_05],
    },
    Exercise {
        id: "consumer-max-poll",
        part: Part::Rebalance,
        title: text(
            "處理太久: max.poll.interval.ms",
            "Processing too long: max.poll.interval.ms",
        ),
        teaches: text(
            "兩次consume()之間超過max.poll.interval.ms, librdkafka印出MAXPOLL的log、離開group, partition被當成遺失 (on_lost, 沒有on_lost時呼叫on_revoke), 之後的非同步commit由on_commit回報_ASSIGNMENT_LOST; 下一次consume()收到_MAX_POLL_EXCEEDED, 再重新加入group。",
            "When more than max.poll.interval.ms passes between two consume() calls, librdkafka logs MAXPOLL and leaves the group, the partitions count as lost (on_lost, or on_revoke when no on_lost is set), and on_commit reports the asynchronous commit that follows as _ASSIGNMENT_LOST; the next consume() gets _MAX_POLL_EXCEEDED, then the consumer joins again.",
        ),
        sources: &[CONSUMER_MAX_POLL, PRODUCER_05],
    },
    Exercise {
        id: "consumer-assign-seek",
        part: Part::Offsets,
        title: text("assign()與seek()", "assign() and seek()"),
        teaches: text(
            "assign()直接指定partition與開始的offset, 這個Consumer不加入group, 也沒有Rebalance; seek()把正在讀取的partition的位置移到指定的offset, 之後的訊息會再被讀一次。",
            "assign() names the partitions and the starting offsets itself: the consumer joins no group and never rebalances; seek() moves the position of a partition being read, so the following records are read again.",
        ),
        sources: &[CONSUMER_ASSIGN_SEEK],
    },
    Exercise {
        id: "consumer-lag",
        part: Part::Offsets,
        title: text("計算Consumer lag", "Computing consumer lag"),
        teaches: text(
            "lag是partition的end offset (high watermark) 減掉group已經commit的offset: 還沒有被處理並commit的訊息數; 沒有commit過的partition, 整個partition都算在lag裡。",
            "Lag is the partition's end offset (high watermark) minus the group's committed offset: the records not yet processed and committed; for a partition never committed, the whole partition counts.",
        ),
        sources: &[CONSUMER_LAG, PRODUCER_05, CONSUMER_01],
    },
    // kafka-python (seed 004, issue 17): its lag script beside Consumer_lag.
    Exercise {
        id: "kafka-python-lag",
        part: Part::Offsets,
        title: text(
            "kafka-python: 查看訊息堆積剩餘量 (lag)",
            "kafka-python: how much is left to read (lag)",
        ),
        teaches: text(
            "講義004的lag程式 (kafka-python 3.0.12): end_offsets()問每個partition的end offset, committed()一個partition一個partition地問group commit的offset (沒有commit過是None); kafka left = end offset的總和 - commit的offset的總和, None算0, 所以沒有commit過的partition整個end offset都算進去。程式只建立KafkaConsumer、從不poll(), 所以它不會加入group。旁邊是課程的Consumer_lag (confluent-kafka)。",
            "Seed 004's lag script (kafka-python 3.0.12): end_offsets() asks each partition's end offset, committed() asks the group's committed offset one partition at a time (None when nothing was committed); kafka left = the sum of the end offsets - the sum of the committed offsets, None counting 0, so a partition never committed counts its whole end offset. The script only builds a KafkaConsumer and never polls, so it never joins the group. Beside it, the course's Consumer_lag (confluent-kafka).",
        ),
        sources: &[KAFKA_PYTHON_LAG, CONSUMER_LAG],
    },
    Exercise {
        id: "consumer-02-auto-commit",
        part: Part::Commits,
        title: text("自動commit", "Automatic commit"),
        teaches: text(
            "自動commit時, consume()交給程式的每一筆訊息的offset+1馬上被記下, 背景每5秒commit一次: 當機時, 上一次自動commit之後交給程式的訊息 (最多5秒內的) 會被重複處理, 已經commit但還沒處理完的訊息則會遺失。",
            "With auto commit, the offset+1 of every record consume() hands over is stored at once and a background timer commits every 5 seconds: after a crash the records handed over since the last auto-commit (up to 5 s worth) are processed again, and those committed but not yet processed are lost.",
        ),
        sources: &[CONSUMER_02],
    },
    Exercise {
        id: "consumer-03-commit-sync",
        part: Part::Commits,
        title: text("同步commit", "Synchronous commit"),
        teaches: text(
            "處理完一批訊息之後呼叫commit(asynchronous=False): 程式會等到Broker回覆, 成功時回傳commit的offsets, 失敗時丟出KafkaException; 當機時, 還沒commit的那一批訊息會被重複處理。",
            "commit(asynchronous=False) after each processed batch blocks until the broker answers, returns the committed offsets on success and raises KafkaException on failure; after a crash, the batch not yet committed is processed again.",
        ),
        sources: &[CONSUMER_03],
    },
    Exercise {
        id: "consumer-04-commit-async",
        part: Part::Commits,
        title: text("非同步commit", "Asynchronous commit"),
        teaches: text(
            "commit()預設是非同步的: 送出請求就返回, 不會阻塞; 結果在之後的consume()裡透過on_commit callback通知。",
            "commit() is asynchronous by default: it sends the request and returns without blocking; the result arrives through the on_commit callback during a later consume().",
        ),
        sources: &[CONSUMER_04],
    },
    Exercise {
        id: "consumer-05-commit-sync-async",
        part: Part::Commits,
        title: text(
            "結合同步與非同步commit",
            "Combining synchronous and asynchronous commits",
        ),
        teaches: text(
            "迴圈裡用非同步commit, 關閉之前用同步commit; 但librdkafka的commit()只commit比已commit的offset還新的offset, 如果最後一次非同步commit已經完成、沒有新的offset, 同步commit會丟出_NO_OFFSET的錯誤 (還在路上時則會成功), 這是課程說本頁不適合Python client的原因之一。",
            "Asynchronous commits in the loop and a synchronous one before closing; but librdkafka's commit() commits only offsets newer than the committed ones, and when the last asynchronous commit has completed with nothing new since, the synchronous commit raises _NO_OFFSET (while it is still in flight, it succeeds): one reason why the course says this page does not suit the Python client.",
        ),
        sources: &[CONSUMER_05],
    },
    Exercise {
        id: "consumer-06-commit-specified",
        part: Part::Commits,
        title: text("commit指定的offset", "Committing a specified offset"),
        teaches: text(
            "commit(record)只commit這筆訊息所在partition的offset+1, 所以可以在一批訊息的中間commit; 當機時只有commit還沒完成的幾筆訊息會被重複處理, 代價是每一筆都有一個commit請求。",
            "commit(record) commits offset+1 of that record's partition only, so a program can commit in the middle of a batch; after a crash only the few records whose commit had not completed are processed again, at the price of one commit request per record.",
        ),
        sources: &[CONSUMER_06],
    },
    Exercise {
        id: "consumer-07-rebalance-callback",
        part: Part::Commits,
        title: text(
            "Rebalance callback裡的commit",
            "Committing in the rebalance callback",
        ),
        teaches: text(
            "subscribe()的on_revoke在partition被收回之前執行; 在commit_on_revoke裡commit每個partition最後處理完的訊息, 有Consumer加入或正常關閉時就不會重複處理訊息。",
            "subscribe()'s on_revoke runs before the partitions are taken away; committing each partition's last processed message in commit_on_revoke means no message is processed twice when a consumer joins or closes cleanly.",
        ),
        sources: &[CONSUMER_07, PRODUCER_05],
    },
    Exercise {
        id: "consumer-at-most-once",
        part: Part::Commits,
        title: text(
            "At-most-once: 先commit再處理",
            "At-most-once: commit before processing",
        ),
        teaches: text(
            "先commit一整批再處理, 當機時這一批還沒處理的訊息已經commit了, 重新啟動之後不會再讀到: 訊息遺失, 但不會重複 (at-most-once)。先處理再commit (Consumer_03) 正好相反: 不會遺失, 但會重複 (at-least-once)。",
            "Committing a whole batch before processing it means that after a crash the batch's unprocessed records are already committed and never read again: records are lost, never duplicated (at-most-once). Processing first and committing after (Consumer_03) is the opposite: nothing lost, some duplicated (at-least-once).",
        ),
        sources: &[CONSUMER_AT_MOST_ONCE, CONSUMER_03],
    },
    Exercise {
        id: "consumer-crash-points",
        part: Part::Commits,
        title: text(
            "在一批訊息的中間當機: 三種commit方式",
            "A crash in the middle of a batch: three ways to commit",
        ),
        teaches: text(
            "同樣在處理第5筆之後當機: Consumer_03 (每批commit一次) 重新處理整批已處理的訊息, Consumer_06 (每筆commit) 只重新處理commit還沒完成的幾筆, Consumer_02 (自動commit) 要看當機前auto.commit.interval.ms的計時器有沒有commit過。",
            "The same crash after the 5th record: Consumer_03 (a commit per batch) processes the batch's processed records again, Consumer_06 (a commit per record) only the few whose commit had not completed, and Consumer_02 (auto commit) depends on whether the auto.commit.interval.ms timer committed before the crash.",
        ),
        sources: &[CONSUMER_03, CONSUMER_06, CONSUMER_02],
    },
    // kafka-python (seed 004, issue 17): its consumer_demo and manual-commit variant beside
    // the course's commit exercises.
    Exercise {
        id: "kafka-python-consumer",
        part: Part::Commits,
        title: text(
            "kafka-python: for message in consumer與自動commit",
            "kafka-python: for message in consumer and its auto-commit",
        ),
        teaches: text(
            "講義004用kafka-python 3.0.12: KafkaConsumer建構時就訂閱, 再用for迴圈一筆一筆迭代。它的預設和課程的confluent-kafka不同: auto_offset_reset是'latest' (group沒有commit過的partition從結尾開始, 只讀之後才進來的訊息; 有commit過的offset就從那裡繼續), 自動commit每5秒, session_timeout_ms是45秒。自動commit只在poll()裡執行: 迭代器把一批訊息用完、再呼叫poll()時才commit; 在這之間當機, 這批處理過的訊息會被重複處理。librdkafka (Consumer_02) 則由背景的計時器commit。",
            "Seed 004 uses kafka-python 3.0.12: KafkaConsumer subscribes in its constructor and a for loop iterates the messages one by one. Its defaults differ from the course's confluent-kafka: auto_offset_reset is 'latest' (a partition the group never committed starts at its end, so only messages produced after that are read; a committed offset is resumed from), auto-commit every 5 s, session_timeout_ms 45 s. And auto-commit runs only inside poll(): the commit goes when the iterator has used up a batch and polls again; a crash in between processes that batch's records again. librdkafka (Consumer_02) commits from a background timer.",
        ),
        sources: &[KAFKA_PYTHON_DEMO, CONSUMER_02],
    },
    Exercise {
        id: "kafka-python-manual-commit",
        part: Part::Commits,
        title: text(
            "kafka-python: 每處理完一筆就commit()",
            "kafka-python: commit() after every message",
        ),
        teaches: text(
            "enable_auto_commit=False, 每處理完一筆就呼叫consumer.commit(): kafka-python的commit()是同步的 (confluent-kafka的commit()預設是非同步的), commit的是這個Consumer目前的位置 (最後交出的訊息的offset+1)。當機時只會重複處理正在處理、還沒commit的那一筆; Consumer_03每批commit一次, 重複的是整批已處理的訊息。",
            "enable_auto_commit=False and consumer.commit() after each message: kafka-python's commit() is synchronous (confluent-kafka's commit() is asynchronous by default) and commits the consumer's current position (offset+1 of the last message handed over). A crash processes again only the message being processed and not yet committed; Consumer_03 commits once per batch, and its whole processed batch is processed again.",
        ),
        sources: &[KAFKA_PYTHON_COMMIT, CONSUMER_03],
    },
];

/// Every exercise, grouped by part in the outline's order.
pub fn exercises() -> &'static [Exercise] {
    EXERCISES
}

/// The exercise whose route slug is `id`.
pub fn exercise(id: &str) -> Option<&'static Exercise> {
    EXERCISES.iter().find(|exercise| exercise.id == id)
}
