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
            "enable.idempotence=True讓重試不會寫入重覆的訊息, 並保持發佈的順序; librdkafka的預設值是False, 打開之後會自動使用acks=all、最多5個in-flight請求與INT32_MAX次的重試。",
            "enable.idempotence=True makes retries write no duplicates and keeps the produce order; librdkafka's default is False, and turning it on implies acks=all, at most 5 requests in flight and INT32_MAX retries.",
        ),
        sources: &[PRODUCER_IDEMPOTENCE],
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
            "同一個group.id的Consumer分擔topic的partition, 一個partition只會分給group裡的一個Consumer; 每加入一個instance就觸發一次Rebalance, 第5個instance分不到4個partition中的任何一個。",
            "Consumers with the same group.id share the topic's partitions, and each partition goes to exactly one member; every new instance triggers a rebalance, and a fifth instance gets none of the four partitions.",
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
        id: "consumer-assign-seek",
        part: Part::Offsets,
        title: text("assign()與seek()", "assign() and seek()"),
        teaches: text(
            "assign()直接指定partition與開始的offset, 這個Consumer不加入group, 也沒有Rebalance; seek()把正在讀取的partition的位置移到指定的offset, 之後的訊息會再被讀一次。",
            "assign() names the partitions and the starting offsets itself: the consumer joins no group and never rebalances; seek() moves the position of a partition being read, so the following messages are read again.",
        ),
        sources: &[CONSUMER_ASSIGN_SEEK],
    },
    Exercise {
        id: "consumer-lag",
        part: Part::Offsets,
        title: text("計算Consumer lag", "Computing consumer lag"),
        teaches: text(
            "lag是partition的end offset (high watermark) 減掉group已經commit的offset: 還沒有被處理並commit的訊息數; 沒有commit過的partition, 整個partition都算在lag裡。",
            "Lag is the partition's end offset (high watermark) minus the group's committed offset: the messages not yet processed and committed; for a partition never committed, the whole partition counts.",
        ),
        sources: &[CONSUMER_LAG, PRODUCER_05, CONSUMER_01],
    },
    Exercise {
        id: "consumer-02-auto-commit",
        part: Part::Commits,
        title: text("自動commit", "Automatic commit"),
        teaches: text(
            "自動commit時, consume()交給程式的每一筆訊息的offset+1馬上被記下, 背景每5秒commit一次: 當機時最後5秒處理過的訊息會被重覆處理, 已經commit但還沒處理完的訊息則會遺失。",
            "With auto commit, the offset+1 of every message consume() hands over is stored at once and a background timer commits every 5 seconds: after a crash the last seconds' messages are processed again, and those committed but not yet processed are lost.",
        ),
        sources: &[CONSUMER_02],
    },
    Exercise {
        id: "consumer-03-commit-sync",
        part: Part::Commits,
        title: text("同步commit", "Synchronous commit"),
        teaches: text(
            "處理完一批訊息之後呼叫commit(asynchronous=False): 程式會等到Broker回覆, 成功時回傳commit的offsets, 失敗時丟出KafkaException; 當機時, 還沒commit的那一批訊息會被重覆處理。",
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
            "迴圈裡用非同步commit, 關閉之前用同步commit; 但librdkafka的commit()只commit比已commit的offset還新的offset, 如果沒有新的offset, 同步commit會丟出_NO_OFFSET的錯誤, 這是課程說本頁不適合Python client的原因。",
            "Asynchronous commits in the loop and a synchronous one before closing; but librdkafka's commit() commits only offsets newer than the committed ones, and with nothing new the synchronous commit raises _NO_OFFSET, which is why the course says this page does not suit the Python client.",
        ),
        sources: &[CONSUMER_05],
    },
    Exercise {
        id: "consumer-06-commit-specified",
        part: Part::Commits,
        title: text("commit指定的offset", "Committing a specified offset"),
        teaches: text(
            "commit(record)只commit這筆訊息所在partition的offset+1, 所以可以在一批訊息的中間commit; 當機時只有commit還沒完成的幾筆訊息會被重覆處理, 代價是每一筆都有一個commit請求。",
            "commit(record) commits offset+1 of that message's partition only, so a program can commit in the middle of a batch; after a crash only the few messages whose commit had not completed are processed again, at the price of one commit request per message.",
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
            "subscribe()的on_revoke在partition被收回之前執行; 在commit_on_revoke裡commit每個partition最後處理完的訊息, 有Consumer加入或正常關閉時就不會重覆處理訊息。",
            "subscribe()'s on_revoke runs before the partitions are taken away; committing each partition's last processed message in commit_on_revoke means no message is processed twice when a consumer joins or closes cleanly.",
        ),
        sources: &[CONSUMER_07, PRODUCER_05],
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
