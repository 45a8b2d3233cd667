//! The concept quiz (觀念測驗): multiple-choice questions on the unit's outline. Every answer is
//! what librdkafka / confluent-kafka-python does, and every question names where that is written.

use crate::part::Part;
use crate::text::{Text, text};

/// One multiple-choice question; more than one choice may be correct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question {
    /// A stable slug, unique in the bank.
    pub id: &'static str,
    pub part: Part,
    pub prompt: Text,
    pub choices: &'static [Choice],
    /// Why the correct choices are correct, stating librdkafka's behaviour.
    pub explanation: Text,
    /// Where the behaviour is written: a section of reference/kafka-semantics.md or a source file.
    pub source: &'static str,
}

/// A choice of a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub text: Text,
    pub correct: bool,
}

impl Question {
    /// Whether `picked` (choice indexes) is exactly the set of correct choices.
    pub fn is_answered_by(&self, picked: &[usize]) -> bool {
        self.choices
            .iter()
            .enumerate()
            .all(|(index, choice)| choice.correct == picked.contains(&index))
    }
}

const fn right(zh_tw: &'static str, en: &'static str) -> Choice {
    Choice {
        text: text(zh_tw, en),
        correct: true,
    }
}

const fn wrong(zh_tw: &'static str, en: &'static str) -> Choice {
    Choice {
        text: text(zh_tw, en),
        correct: false,
    }
}

/// Every question, grouped by part in the outline's order.
pub fn questions() -> &'static [Question] {
    QUESTIONS
}

static QUESTIONS: &[Question] = &[
    Question {
        id: "delivery-callback-when",
        part: Part::ProducerSend,
        prompt: text(
            "Producer_03_Async在produce()傳入callback=delivery_callback。delivery_callback什麼時候會被執行?",
            "Producer_03_Async passes callback=delivery_callback to produce(). When does delivery_callback run?",
        ),
        choices: &[
            wrong("在produce()裡面馬上執行", "Inside produce(), right away"),
            wrong(
                "Broker一回覆ack, 就由client的背景執行緒執行",
                "On a client background thread, as soon as the broker acks",
            ),
            right(
                "在應用程式呼叫poll()或flush()的時候",
                "When the application calls poll() or flush()",
            ),
            wrong("只有設定acks=all時才會執行", "Only when acks=all is set"),
        ],
        explanation: text(
            "librdkafka把delivery report放進佇列, 只有在應用程式呼叫poll()或flush()時才會執行callback; 不呼叫poll(), callback就永遠不會執行。",
            "librdkafka queues delivery reports and runs the callback only when the application calls poll() or flush(); without poll() the callback never runs.",
        ),
        source: "librdkafka INTRODUCTION.md \"Threads and callbacks\"; confluent-kafka-python Producer.c produce() docstring",
    },
    Question {
        id: "poll-in-send-loop",
        part: Part::ProducerSend,
        prompt: text(
            "一個使用delivery callback的Producer在送出10萬筆訊息的迴圈裡完全不呼叫poll(), 會發生什麼事?",
            "A producer with a delivery callback sends 100,000 messages in a loop and never calls poll(). What happens?",
        ),
        choices: &[
            right(
                "還沒被poll()處理的delivery report會一直佔用佇列, 佇列滿了(queue.buffering.max.messages, 預設100000)之後produce()會丟出BufferError",
                "Delivery reports not yet served by poll() keep occupying the queue; once it is full (queue.buffering.max.messages, default 100000) produce() raises BufferError",
            ),
            wrong(
                "沒有影響, librdkafka會自動在背景執行callback",
                "Nothing: librdkafka runs the callbacks in the background by itself",
            ),
            wrong(
                "訊息不會被送到Broker, 直到呼叫poll()為止",
                "No message is sent to the broker until poll() is called",
            ),
        ],
        explanation: text(
            "訊息由librdkafka的背景執行緒送出, 但每一筆訊息要等到它的delivery report在poll()/flush()裡被處理後才離開佇列; 所以迴圈裡要呼叫poll(0), 這就是課程註解\"(重要) 呼叫poll來讓client程式去檢查內部的Buffer\"的原因。",
            "librdkafka's background threads send the messages, but each message leaves the queue only after its delivery report has been served in poll()/flush(); hence poll(0) in the loop, the course's \"(important) call poll so the client checks its internal buffer\".",
        ),
        source: "librdkafka CONFIGURATION.md queue.buffering.max.messages; rdkafka_msg.c rd_kafka_msg_destroy; confluent-kafka-python Producer.c produce() (BufferError)",
    },
    Question {
        id: "python-sync-send",
        part: Part::ProducerSend,
        prompt: text(
            "confluent-kafka-python要怎麼做到\"同步發佈\" (Producer_02_Sync)?",
            "How does confluent-kafka-python achieve a \"synchronous send\" (Producer_02_Sync)?",
        ),
        choices: &[
            wrong(
                "produce()會回傳一個Future, 呼叫它的get()等待結果",
                "produce() returns a Future; call its get() to wait for the result",
            ),
            right(
                "每次produce()之後呼叫flush(), 等到這筆訊息的delivery report被處理完",
                "Call flush() after every produce() and wait until that message's delivery report has been served",
            ),
            wrong("設定'acks': 'sync'", "Set 'acks': 'sync'"),
        ],
        explanation: text(
            "librdkafka只支援非同步發佈, produce()沒有回傳值; flush()會一直處理事件直到佇列裡的訊息都有結果 (也會執行delivery callback), 所以produce()+flush()就是同步發佈, 但每一筆都要等一次Broker的來回。",
            "librdkafka only sends asynchronously and produce() returns nothing; flush() serves events until every queued message has a result (running the delivery callbacks), so produce()+flush() is a synchronous send, with one broker round trip per message.",
        ),
        source: "confluent-kafka-python Producer.c produce(), flush() docstrings",
    },
    Question {
        id: "acks-zero-callback",
        part: Part::ProducerSettings,
        prompt: text(
            "設定'acks': 0時, 一筆訊息的delivery callback會收到什麼?",
            "With 'acks': 0, what does a message's delivery callback receive?",
        ),
        choices: &[
            wrong("callback不會被執行", "The callback is not called"),
            right(
                "err是None, 但msg.offset()是None, 因為Broker不會回覆",
                "err is None but msg.offset() is None, because the broker sends no reply",
            ),
            wrong(
                "和acks=all一樣, 帶有訊息被寫入的offset",
                "The same as with acks=all: the offset the message was written at",
            ),
        ],
        explanation: text(
            "acks=0時librdkafka送出請求就不等回覆, 直接以\"成功\"與OFFSET_INVALID產生delivery report; Python的msg.offset()把負的offset變成None。訊息就算遺失也不會有錯誤。",
            "With acks=0 librdkafka expects no reply and reports success with OFFSET_INVALID as soon as the request is sent; Python's msg.offset() turns a negative offset into None. A lost message raises no error.",
        ),
        source: "librdkafka rdkafka_broker.c (RD_KAFKA_OP_F_NO_RESPONSE), rdkafka_request.c rd_kafka_handle_Produce; confluent_kafka.c Message_offset",
    },
    Question {
        id: "acks-default",
        part: Part::ProducerSettings,
        prompt: text(
            "confluent-kafka-python (librdkafka) 的acks預設值是什麼?",
            "What is the default acks of confluent-kafka-python (librdkafka)?",
        ),
        choices: &[
            wrong("0", "0"),
            wrong("1", "1"),
            right("all (-1)", "all (-1)"),
        ],
        explanation: text(
            "librdkafka的request.required.acks (別名acks) 預設值是-1, 也就是all: leader要等所有in-sync replicas都寫入之後才回覆。",
            "librdkafka's request.required.acks (alias acks) defaults to -1, that is all: the leader answers once every in-sync replica has the message.",
        ),
        source: "kafka-semantics.md §D.6; librdkafka CONFIGURATION.md acks",
    },
    Question {
        id: "acks-all-meaning",
        part: Part::ProducerSettings,
        prompt: text(
            "acks=all時, Broker什麼時候回覆成功?",
            "With acks=all, when does the broker answer success?",
        ),
        choices: &[
            wrong(
                "leader replica寫入之後",
                "Once the leader replica has written it",
            ),
            right(
                "所有in-sync replicas都寫入之後 (ISR少於min.insync.replicas時會失敗)",
                "Once every in-sync replica has it (it fails if the ISR is smaller than min.insync.replicas)",
            ),
            wrong(
                "Consumer讀到這筆訊息之後",
                "Once a consumer has read the message",
            ),
        ],
        explanation: text(
            "acks=all (-1) 讓Broker等到訊息被所有in-sync replicas寫入才回覆; 如果ISR的數量少於Broker的min.insync.replicas, 發佈會失敗。",
            "acks=all (-1) makes the broker wait until every in-sync replica has the message; if the ISR is smaller than the broker's min.insync.replicas, the produce fails.",
        ),
        source: "librdkafka CONFIGURATION.md request.required.acks",
    },
    Question {
        id: "idempotence-implies",
        part: Part::ProducerSettings,
        prompt: text(
            "在confluent-kafka-python設定'enable.idempotence': True, 下列哪些正確? (複選)",
            "Setting 'enable.idempotence': True in confluent-kafka-python: which are true? (several)",
        ),
        choices: &[
            right(
                "沒有自己設定的話, acks會變成all; 自己設定了不相容的acks (例如0), 產生Producer時就會失敗",
                "acks becomes all unless set; an incompatible acks set by the user (for example 0) makes creating the producer fail",
            ),
            right(
                "max.in.flight.requests.per.connection最多是5",
                "max.in.flight.requests.per.connection is at most 5",
            ),
            right(
                "重試不會在partition裡寫入重覆的訊息, 並保持發佈的順序",
                "Retries write no duplicates into the partition and the produce order is kept",
            ),
            wrong(
                "它是confluent-kafka-python的預設值, 不必設定",
                "It is confluent-kafka-python's default, no need to set it",
            ),
            wrong(
                "Consumer因此每一筆訊息剛好只會處理一次",
                "Consumers therefore process every message exactly once",
            ),
        ],
        explanation: text(
            "librdkafka的enable.idempotence預設是false (Java client是true)。打開之後自動使用acks=all、max.in.flight<=5、retries=INT32_MAX, 設定不相容時Producer無法建立; 它只保證Producer寫入partition時不重覆且有序, Consumer端的重覆處理要靠commit的方式處理。",
            "librdkafka's enable.idempotence defaults to false (the Java client's to true). It implies acks=all, max.in.flight<=5 and retries=INT32_MAX, and an incompatible setting fails the producer's creation; it only guarantees that the producer writes each message once and in order, while duplicate processing on the consumer side depends on how offsets are committed.",
        ),
        source: "kafka-semantics.md §D.5, §D.6; librdkafka CONFIGURATION.md enable.idempotence",
    },
    Question {
        id: "json-value-bytes",
        part: Part::ProducerJson,
        prompt: text(
            "Producer_04_Json用json.dumps(employee.__dict__)產生value再呼叫produce()。Kafka保存的是什麼?",
            "Producer_04_Json builds the value with json.dumps(employee.__dict__) and calls produce(). What does Kafka store?",
        ),
        choices: &[
            right(
                "JSON字串的UTF-8 bytes; Kafka不知道它是JSON, 讀取的一方要自己json.loads()",
                "The UTF-8 bytes of the JSON string; Kafka does not know it is JSON, and the reader must json.loads() it",
            ),
            wrong(
                "一個Employee物件, Consumer會直接拿到同樣的Python物件",
                "An Employee object; the consumer gets the same Python object back",
            ),
            wrong(
                "Broker會檢查value是不是合法的JSON",
                "The broker checks that the value is valid JSON",
            ),
        ],
        explanation: text(
            "produce()的value可以是str或bytes, str會以UTF-8編碼成bytes; Broker只保存bytes, 序列化與反序列化的格式要由Producer與Consumer自己約定。",
            "produce() accepts a str or bytes value and encodes a str as UTF-8; the broker stores bytes only, so producer and consumer must agree on the serialization format themselves.",
        ),
        source: "confluent-kafka-python Producer.c produce() (value: str|bytes)",
    },
    Question {
        id: "more-consumers-than-partitions",
        part: Part::ConsumerGroup,
        prompt: text(
            "ak03.fourpartition有4個partitions, 同一個group裡啟動了5個Consumer_01_Cgroup。結果是?",
            "ak03.fourpartition has 4 partitions and 5 Consumer_01_Cgroup instances run in one group. What happens?",
        ),
        choices: &[
            wrong(
                "兩個Consumer共用一個partition, 各讀一半的訊息",
                "Two consumers share one partition, each reading half of its messages",
            ),
            right(
                "每個partition只分給一個Consumer, 有一個Consumer分不到partition (Setting newly assigned partitions: [])",
                "Each partition goes to one consumer, and one consumer gets none (Setting newly assigned partitions: [])",
            ),
            wrong(
                "第5個Consumer無法加入group, 會收到錯誤",
                "The fifth consumer cannot join the group and gets an error",
            ),
        ],
        explanation: text(
            "在一個consumer group裡, 一個partition同一時間只會分給一個成員; 成員比partition多時, 多出來的成員分到空的清單, 但仍然是group的成員, 可以在別人離開時接手。",
            "In a consumer group a partition belongs to one member at a time; with more members than partitions, the extra members get an empty assignment but stay in the group, ready to take over when another leaves.",
        ),
        source: "kafka-semantics.md §A.1; mock-cluster-notes.md (range on ak03.fourpartition)",
    },
    Question {
        id: "range-three-consumers",
        part: Part::ConsumerGroup,
        prompt: text(
            "預設設定下, 3個Consumer (依member id排序為c0, c1, c2) 訂閱有4個partitions的topic, range分配的結果是?",
            "With the defaults, 3 consumers (c0, c1, c2 in member-id order) subscribe to a 4-partition topic. What does range assign?",
        ),
        choices: &[
            right(
                "c0: [0, 1], c1: [2], c2: [3]",
                "c0: [0, 1], c1: [2], c2: [3]",
            ),
            wrong(
                "c0: [0], c1: [1], c2: [2, 3]",
                "c0: [0], c1: [1], c2: [2, 3]",
            ),
            wrong(
                "c0: [0, 3], c1: [1], c2: [2]",
                "c0: [0, 3], c1: [1], c2: [2]",
            ),
        ],
        explanation: text(
            "range在每個topic裡把連續的partition分給依member id排序的成員: 4/3 = 1餘1, 所以第一個成員多拿一個, 得到[0, 1], 其他各拿一個。",
            "range gives each member, in member-id order, a run of consecutive partitions per topic: 4/3 is 1 remainder 1, so the first member takes one extra, [0, 1], and the others one each.",
        ),
        source: "kafka-semantics.md §A.1; librdkafka rdkafka_range_assignor.c",
    },
    Question {
        id: "default-assignment-strategy",
        part: Part::ConsumerGroup,
        prompt: text(
            "confluent-kafka-python的partition.assignment.strategy預設值是什麼? 它用的是哪一種Rebalance協定?",
            "What is confluent-kafka-python's default partition.assignment.strategy, and which rebalance protocol does it use?",
        ),
        choices: &[
            right(
                "range,roundrobin: eager協定 (Rebalance時先收回所有partition)",
                "range,roundrobin: the eager protocol (every partition is revoked at a rebalance)",
            ),
            wrong(
                "cooperative-sticky: 漸進式協定",
                "cooperative-sticky: the incremental protocol",
            ),
            wrong("sticky: eager協定", "sticky: the eager protocol"),
        ],
        explanation: text(
            "librdkafka的預設值是\"range,roundrobin\", 兩個都是eager的策略, 所以預設就是range與eager Rebalance; 要用漸進式Rebalance必須自己設定cooperative-sticky。",
            "librdkafka's default is \"range,roundrobin\", both eager strategies, so the default is range with eager rebalancing; incremental rebalancing needs cooperative-sticky set explicitly.",
        ),
        source: "kafka-semantics.md §D.6, §D.1; librdkafka CONFIGURATION.md partition.assignment.strategy",
    },
    Question {
        id: "rebalance-triggers",
        part: Part::Rebalance,
        prompt: text(
            "下列哪些情況會觸發consumer group的Rebalance? (複選)",
            "Which of these trigger a rebalance of the consumer group? (several)",
        ),
        choices: &[
            right("有新的Consumer加入group", "A consumer joins the group"),
            right(
                "一個(動態成員的)Consumer呼叫close()正常離開",
                "A (dynamic) consumer leaves cleanly with close()",
            ),
            right(
                "一個Consumer超過session.timeout.ms沒有送出heartbeat",
                "A consumer sends no heartbeat for session.timeout.ms",
            ),
            right(
                "應用程式超過max.poll.interval.ms沒有呼叫consume()/poll()",
                "The application does not call consume()/poll() for max.poll.interval.ms",
            ),
            right(
                "訂閱的topic增加了partition",
                "The subscribed topic gets more partitions",
            ),
            wrong(
                "一個Consumer commit了offset",
                "A consumer commits an offset",
            ),
        ],
        explanation: text(
            "成員加入、離開 (LeaveGroup)、被Broker判定失效 (session timeout)、librdkafka自己偵測到max.poll.interval.ms逾時而離開group, 以及partition數量改變, 都會觸發Rebalance; commit offset不會。",
            "A member joining, leaving (LeaveGroup), being declared dead by the broker (session timeout), librdkafka leaving the group itself when max.poll.interval.ms is exceeded, and a change in the partition count all trigger a rebalance; committing offsets does not.",
        ),
        source: "kafka-semantics.md §D.1, §D.4",
    },
    Question {
        id: "eager-revokes-everything",
        part: Part::Rebalance,
        prompt: text(
            "使用預設的range策略時, 第2個Consumer加入。第1個Consumer的on_revoke會收到什麼?",
            "With the default range strategy a second consumer joins. What does the first consumer's on_revoke receive?",
        ),
        choices: &[
            right(
                "它擁有的全部partition, 之後on_assign再收到新的分配",
                "Every partition it owns; on_assign then receives the new assignment",
            ),
            wrong(
                "只有要移給第2個Consumer的partition",
                "Only the partitions moving to the second consumer",
            ),
            wrong("on_revoke不會被呼叫", "on_revoke is not called"),
        ],
        explanation: text(
            "eager協定下, 每個成員在重新加入group之前都要放棄所有partition (on_revoke收到全部), Rebalance完成後on_assign收到完整的新分配; 這段時間整個group都不讀取訊息, 就像課程投影片的Revoking ... [0, 1, 2, 3]。",
            "Under the eager protocol every member gives up all its partitions before rejoining (on_revoke receives them all) and on_assign receives the whole new assignment afterwards; the group reads nothing in between, as in the slides' Revoking ... [0, 1, 2, 3].",
        ),
        source: "kafka-semantics.md §D.1",
    },
    Question {
        id: "cooperative-two-rebalances",
        part: Part::Rebalance,
        prompt: text(
            "使用cooperative-sticky, 2個Consumer正在讀取時加入第3個。下列哪些正確? (複選)",
            "With cooperative-sticky, a third consumer joins two that are reading. Which are true? (several)",
        ),
        choices: &[
            right(
                "原本的Consumer只收回要移給新成員的partition, 其他partition繼續讀取",
                "The existing consumers revoke only the partitions moving to the newcomer and keep reading the others",
            ),
            right(
                "會有兩次Rebalance: 第一次交出partition, 第二次才分配給新成員",
                "There are two rebalances: partitions are given up in the first and assigned to the newcomer in the second",
            ),
            wrong(
                "所有Consumer都先收回全部的partition",
                "Every consumer first revokes all its partitions",
            ),
            wrong(
                "可以在同一個group裡混用range與cooperative-sticky",
                "range and cooperative-sticky can be mixed in one group",
            ),
        ],
        explanation: text(
            "漸進式協定 (KIP-429) 讓成員帶著擁有的partition加入, leader先扣住要搬家的partition; 原擁有者只收回這些partition之後再次加入, 第二次Rebalance才把它們分給新成員。librdkafka不允許把cooperative與eager的策略混在一起。",
            "The incremental protocol (KIP-429) has members join with the partitions they own, and the leader withholds those that move; their owners revoke only those and rejoin, and the second rebalance hands them to the newcomer. librdkafka does not allow mixing cooperative and eager strategies.",
        ),
        source: "kafka-semantics.md §A.5, §D.2",
    },
    Question {
        id: "no-eager-sticky-in-librdkafka",
        part: Part::Rebalance,
        prompt: text(
            "librdkafka (confluent-kafka-python) 提供哪些partition.assignment.strategy?",
            "Which partition.assignment.strategy values does librdkafka (confluent-kafka-python) offer?",
        ),
        choices: &[
            right(
                "range、roundrobin、cooperative-sticky",
                "range, roundrobin, cooperative-sticky",
            ),
            wrong(
                "range、roundrobin、sticky、cooperative-sticky",
                "range, roundrobin, sticky, cooperative-sticky",
            ),
            wrong("只有range", "Only range"),
        ],
        explanation: text(
            "librdkafka只註冊了range、roundrobin與cooperative-sticky三種; Java client的eager \"sticky\"在librdkafka裡不存在。",
            "librdkafka registers only range, roundrobin and cooperative-sticky; the Java client's eager \"sticky\" does not exist in librdkafka.",
        ),
        source: "kafka-semantics.md §A.4, §6 (3); librdkafka CONFIGURATION.md partition.assignment.strategy",
    },
    Question {
        id: "static-member-restart",
        part: Part::Rebalance,
        prompt: text(
            "設定了group.instance.id的Consumer呼叫close()之後, 在session.timeout.ms之內用同一個ID重新啟動。會發生什麼事?",
            "A consumer with group.instance.id calls close() and restarts with the same id within session.timeout.ms. What happens?",
        ),
        choices: &[
            right(
                "不會Rebalance, 它拿回原本的partition; 它不在的期間沒有人讀取這些partition",
                "No rebalance: it gets its partitions back, and nobody reads them while it is away",
            ),
            wrong(
                "close()送出LeaveGroup, 所以馬上Rebalance, 重新啟動後又再Rebalance一次",
                "close() sends LeaveGroup, so the group rebalances at once, and again on restart",
            ),
            wrong(
                "它的partition會先分給其他Consumer, 回來後再搬回來",
                "Its partitions go to the other consumers, then move back when it returns",
            ),
        ],
        explanation: text(
            "靜態成員 (KIP-345) 關閉時librdkafka不送LeaveGroup; Broker保留它的分配直到session.timeout.ms到期。期限內回來 (group穩定、協定不變), Broker讓它以新的member id取代舊的, 不觸發Rebalance; 逾時才會Rebalance。",
            "For a static member (KIP-345) librdkafka sends no LeaveGroup on close; the broker keeps its assignment until session.timeout.ms expires. Back in time (group stable, protocol unchanged), the broker swaps in its new member id without a rebalance; only a timeout rebalances.",
        ),
        source: "kafka-semantics.md §D.3; mock-cluster-notes.md (static membership)",
    },
    Question {
        id: "auto-offset-reset-scope",
        part: Part::Offsets,
        prompt: text(
            "group tdea已經commit了ak03.test-0的offset 53。Consumer以'auto.offset.reset': 'earliest'重新啟動, 會從哪裡開始讀?",
            "Group tdea has committed offset 53 for ak03.test-0. A consumer restarts with 'auto.offset.reset': 'earliest'. Where does it start reading?",
        ),
        choices: &[
            right("offset 53", "Offset 53"),
            wrong(
                "partition的第一筆訊息 (offset 0)",
                "The partition's first message (offset 0)",
            ),
            wrong("最新的訊息之後", "After the newest message"),
        ],
        explanation: text(
            "分配到partition時, 有commit過的offset就從那裡開始; auto.offset.reset只在沒有commit過的offset (或offset超出範圍) 時使用。librdkafka的預設值是largest (latest): 只讀新的訊息。",
            "On assignment a partition starts from its committed offset; auto.offset.reset applies only when there is none (or it is out of range). librdkafka's default is largest (latest): new messages only.",
        ),
        source: "kafka-semantics.md §C.8, §D.6",
    },
    Question {
        id: "assign-is-standalone",
        part: Part::Offsets,
        prompt: text(
            "Consumer_assign_seek用assign([TopicPartition('ak03.test', 0, 0)])取代subscribe()。下列哪個正確?",
            "Consumer_assign_seek calls assign([TopicPartition('ak03.test', 0, 0)]) instead of subscribe(). Which is true?",
        ),
        choices: &[
            right(
                "它從partition 0的offset 0開始讀, 不是group的成員, 不會觸發也不會參與Rebalance",
                "It reads partition 0 from offset 0, is no member of the group, and neither triggers nor takes part in rebalances",
            ),
            wrong(
                "它會加入group tdea, 其他成員會把partition 0讓給它",
                "It joins group tdea and the other members hand partition 0 over to it",
            ),
            wrong(
                "assign()會忽略指定的offset, 從commit過的offset開始",
                "assign() ignores the given offset and starts from the committed one",
            ),
        ],
        explanation: text(
            "assign()直接設定要讀取的partition與起始offset, 不經過group的協調, 所以沒有Rebalance; group.id只在commit或查詢offset時使用。",
            "assign() sets the partitions and start offsets directly, without the group's coordination, so there is no rebalance; group.id is used only to commit or fetch offsets.",
        ),
        source: "librdkafka CONFIGURATION.md enable.auto.commit (start offsets in assign()); kafka-semantics.md §C.8",
    },
    Question {
        id: "lag-definition",
        part: Part::Offsets,
        prompt: text(
            "Consumer_lag怎麼計算一個partition的lag?",
            "How does Consumer_lag compute a partition's lag?",
        ),
        choices: &[
            right(
                "high watermark (end offset) 減掉group commit的offset; 沒有commit過就用high - low",
                "High watermark (end offset) minus the group's committed offset; high - low when nothing was committed",
            ),
            wrong(
                "Consumer目前讀到的position減掉commit的offset",
                "The consumer's current position minus the committed offset",
            ),
            wrong(
                "partition裡訊息的總數",
                "The total number of messages in the partition",
            ),
        ],
        explanation: text(
            "get_watermark_offsets()回傳(low, high), high是下一筆訊息會被寫入的offset; committed()回傳group commit的offset (沒有時是OFFSET_INVALID, -1001)。lag就是還沒被這個group處理並commit的訊息數。",
            "get_watermark_offsets() returns (low, high), high being the offset the next message will get; committed() returns the group's committed offset (OFFSET_INVALID, -1001, when none). Lag is the number of messages the group has not yet processed and committed.",
        ),
        source: "confluent-kafka-python examples/get_watermark_offsets.py; Consumer.c get_watermark_offsets(), committed()",
    },
    Question {
        id: "auto-commit-what",
        part: Part::Commits,
        prompt: text(
            "Consumer_02_AutoCommit ('enable.auto.commit': True) 會commit什麼offset? (複選)",
            "What does Consumer_02_AutoCommit ('enable.auto.commit': True) commit? (several)",
        ),
        choices: &[
            right(
                "consume()交給程式的每一筆訊息的offset+1 (stored offset), 不管程式是不是已經處理完",
                "offset+1 of every message consume() handed to the program (the stored offset), processed or not",
            ),
            right(
                "由背景的計時器每auto.commit.interval.ms (5秒) commit一次, 不必等下一次consume()",
                "A background timer commits every auto.commit.interval.ms (5 s), without waiting for the next consume()",
            ),
            right(
                "close()的時候會commit最後的stored offset",
                "close() commits the last stored offsets",
            ),
            wrong(
                "只有程式處理完的訊息的offset",
                "Only the offsets of messages the program has finished processing",
            ),
        ],
        explanation: text(
            "librdkafka在consume()把訊息交給應用程式時就把offset+1記為stored offset (enable.auto.offset.store預設true); 計時器在group穩定時commit比已commit還新的stored offset, 收回partition與close()時也會commit。所以當機時, 已經commit但還沒處理的訊息會遺失, 最後一次commit之後的訊息會被重覆處理。",
            "librdkafka stores offset+1 as soon as consume() hands a message to the application (enable.auto.offset.store defaults to true); the timer commits stored offsets newer than the committed ones while the group is stable, and revocation and close() commit them too. After a crash, messages committed but not processed are lost and those since the last commit are processed again.",
        ),
        source: "kafka-semantics.md §C.1, §C.5, §C.6, §C.7",
    },
    Question {
        id: "commit-without-arguments",
        part: Part::Commits,
        prompt: text(
            "enable.auto.commit=False時呼叫consumer.commit() (不帶參數), librdkafka會commit什麼?",
            "With enable.auto.commit=False, what does librdkafka commit for consumer.commit() without arguments?",
        ),
        choices: &[
            right(
                "目前分配到的partition中, stored offset比已commit的offset還新的那些; 沒有任何新的offset時回報_NO_OFFSET錯誤",
                "The stored offsets of the assigned partitions that are newer than the committed ones; with nothing new it reports a _NO_OFFSET error",
            ),
            wrong(
                "所有分配到的partition目前的position, 就算沒有變也不會有錯誤",
                "The current position of every assigned partition, with no error even if nothing changed",
            ),
            wrong(
                "只有最後一筆訊息所在的partition",
                "Only the partition of the last message",
            ),
        ],
        explanation: text(
            "不帶參數的commit()用目前的分配與stored offset, 只挑stored > committed的partition; 一個都沒有就得到KafkaError._NO_OFFSET (\"Local: No offset stored\")。Java的commitSync()則是commit所有partition目前的position。",
            "An offset-less commit() takes the current assignment and stored offsets and keeps the partitions where stored > committed; with none it fails with KafkaError._NO_OFFSET (\"Local: No offset stored\"). Java's commitSync() instead commits the current position of every partition.",
        ),
        source: "kafka-semantics.md §C.2, §6 (7)",
    },
    Question {
        id: "commit-default-async",
        part: Part::Commits,
        prompt: text(
            "Consumer_04_CommitAsync呼叫consumer.commit()。下列哪些正確? (複選)",
            "Consumer_04_CommitAsync calls consumer.commit(). Which are true? (several)",
        ),
        choices: &[
            right(
                "commit()預設就是非同步的 (asynchronous=True), 馬上回傳None",
                "commit() is asynchronous by default (asynchronous=True) and returns None at once",
            ),
            right(
                "結果會在之後的consume()裡, 透過on_commit設定的print_commit_result通知",
                "The result arrives later, during consume(), through print_commit_result set as on_commit",
            ),
            wrong(
                "commit()會等Broker回覆之後才返回",
                "commit() returns only after the broker has answered",
            ),
        ],
        explanation: text(
            "confluent-kafka-python的commit(asynchronous=True)是預設值: 請求在背景送出, commit()回傳None; 結果放進consumer的佇列, 在consume()/poll()裡執行on_commit callback。",
            "In confluent-kafka-python commit(asynchronous=True) is the default: the request goes out in the background and commit() returns None; the result is queued and the on_commit callback runs inside consume()/poll().",
        ),
        source: "kafka-semantics.md §C.2; confluent-kafka-python Consumer.c Consumer_commit",
    },
    Question {
        id: "sync-commit-failure",
        part: Part::Commits,
        prompt: text(
            "Consumer_03_CommitSync的commit(asynchronous=False)失敗時會怎樣?",
            "What happens when Consumer_03_CommitSync's commit(asynchronous=False) fails?",
        ),
        choices: &[
            right(
                "丟出KafkaException (例如\"Commit failed: ...\"), 不會回傳None",
                "It raises KafkaException (for example \"Commit failed: ...\"); it never returns None",
            ),
            wrong(
                "回傳None, print_sync_commit_result印出# Failed to commit offsets",
                "It returns None and print_sync_commit_result prints # Failed to commit offsets",
            ),
            wrong(
                "一直重試直到成功才返回",
                "It retries until it succeeds, then returns",
            ),
        ],
        explanation: text(
            "confluent-kafka-python在同步commit失敗時以KafkaError(err, \"Commit failed: <原因>\")丟出KafkaException; 成功時回傳TopicPartition的清單 (每個partition的error要自己檢查)。所以print_sync_commit_result的None分支實際上不會執行。",
            "On a failed synchronous commit confluent-kafka-python raises KafkaException with KafkaError(err, \"Commit failed: <reason>\"); on success it returns the list of TopicPartitions (check each one's error). print_sync_commit_result's None branch therefore never runs.",
        ),
        source: "confluent-kafka-python Consumer.c Consumer_commit",
    },
    Question {
        id: "commit-message-plus-one",
        part: Part::Commits,
        prompt: text(
            "Consumer_06_CommitSpecified在處理完offset 41的訊息record之後呼叫consumer.commit(record)。commit的offset是?",
            "Consumer_06_CommitSpecified calls consumer.commit(record) after processing the record at offset 41. Which offset is committed?",
        ),
        choices: &[
            wrong("41", "41"),
            right("42, 也就是下一筆要讀的訊息", "42, the next message to read"),
            wrong(
                "這個Consumer讀到的最後一筆訊息的offset+1, 所有partition都會commit",
                "offset+1 of the last message this consumer read, for every partition",
            ),
        ],
        explanation: text(
            "commit(message=m)只commit m所在的partition, offset是m.offset()+1 (下一筆要讀的位置); commit(offsets=[...])則原樣commit給定的offset, 不會+1。",
            "commit(message=m) commits only m's partition, at m.offset()+1 (the next position to read); commit(offsets=[...]) commits the given offsets verbatim, without +1.",
        ),
        source: "kafka-semantics.md §C.3; confluent-kafka-python Consumer.c Consumer_commit",
    },
    Question {
        id: "manual-commit-close",
        part: Part::Commits,
        prompt: text(
            "enable.auto.commit=False時, consumer.close()會commit offset嗎?",
            "With enable.auto.commit=False, does consumer.close() commit offsets?",
        ),
        choices: &[
            wrong(
                "會, close()一定會commit最後的offset",
                "Yes, close() always commits the last offsets",
            ),
            right(
                "不會; 想在離開或Rebalance時commit, 要在on_revoke (例如commit_on_revoke) 或close()之前自己commit",
                "No; to commit when leaving or rebalancing, commit yourself in on_revoke (like commit_on_revoke) or before close()",
            ),
        ],
        explanation: text(
            "close()會收回分配 (執行on_revoke), 只有在enable.auto.commit=True時librdkafka才會自動commit stored offset; 手動commit模式下不會隱含任何commit。",
            "close() revokes the assignment (running on_revoke), and librdkafka commits the stored offsets by itself only with enable.auto.commit=True; in manual mode nothing is committed implicitly.",
        ),
        source: "kafka-semantics.md §C.6, §C.7",
    },
    Question {
        id: "duplicates-on-clean-rebalance",
        part: Part::Commits,
        prompt: text(
            "Consumer_07在on_revoke (commit_on_revoke) 裡commit最後處理完的訊息。和不在on_revoke裡commit的手動commit相比, 它避免了哪一種重覆?",
            "Consumer_07 commits the last processed messages in on_revoke (commit_on_revoke). Compared with manual commits without that, which duplicates does it avoid?",
        ),
        choices: &[
            right(
                "有Consumer加入或正常關閉 (乾淨的Rebalance) 時, 上次commit之後處理過的訊息被下一個擁有者重覆處理",
                "Messages processed since the last commit being processed again by the next owner when a consumer joins or closes cleanly (a clean rebalance)",
            ),
            wrong(
                "程式當機 (沒有呼叫close()) 時的重覆處理",
                "Duplicates after the program crashes (no close())",
            ),
            wrong(
                "超過max.poll.interval.ms被踢出group時的重覆處理",
                "Duplicates after being kicked out for exceeding max.poll.interval.ms",
            ),
        ],
        explanation: text(
            "乾淨的Rebalance會先執行on_revoke, 在那裡commit就不會留下未commit的已處理訊息。當機時on_revoke不會執行; 超過max.poll.interval.ms時分配被視為遺失, offset也不會被commit, 這兩種情況仍會重覆處理上次commit之後的訊息。",
            "A clean rebalance runs on_revoke first, so committing there leaves no processed-but-uncommitted messages. A crash never runs on_revoke, and after max.poll.interval.ms is exceeded the assignment is lost and offsets are not committed: both still repeat the messages since the last commit.",
        ),
        source: "kafka-semantics.md §C (duplicate / loss matrix), §C.9",
    },
    Question {
        id: "max-poll-exceeded",
        part: Part::Rebalance,
        prompt: text(
            "處理一批訊息花了比max.poll.interval.ms (預設300000 ms) 還久, librdkafka會怎麼做?",
            "Processing a batch takes longer than max.poll.interval.ms (default 300000 ms). What does librdkafka do?",
        ),
        choices: &[
            right(
                "(動態成員) 離開group, 分配被視為遺失, 不commit offset, 下一次consume()時重新加入",
                "(A dynamic member) leaves the group, the assignment is treated as lost, no offsets are committed, and it rejoins on the next consume()",
            ),
            wrong(
                "什麼都不做, 只要heartbeat還在送就沒問題",
                "Nothing, as long as heartbeats keep being sent",
            ),
            wrong(
                "先commit目前的offset, 再離開group",
                "It commits the current offsets, then leaves the group",
            ),
        ],
        explanation: text(
            "heartbeat由背景執行緒送出, 但librdkafka自己檢查兩次consume()/poll()之間的時間; 超過max.poll.interval.ms就回報_MAX_POLL_EXCEEDED並離開group, 分配視為遺失 (offset不會commit, commit()會得到_ASSIGNMENT_LOST), 下一次呼叫時重新加入。",
            "Heartbeats come from a background thread, but librdkafka checks the time between consume()/poll() calls itself; past max.poll.interval.ms it reports _MAX_POLL_EXCEEDED and leaves the group, the assignment is lost (no offsets committed; commit() fails with _ASSIGNMENT_LOST), and it rejoins on the next call.",
        ),
        source: "kafka-semantics.md §D.4, §C.9",
    },
];
