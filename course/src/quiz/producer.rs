//! Questions on the producer parts: sending, its settings, JSON values.

use super::{Question, right, see, wrong};
use crate::part::Part;
use crate::text::text;

pub(super) static QUESTIONS: &[Question] = &[
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
            "librdkafka把delivery report放進佇列, 只有在應用程式呼叫poll()或flush()時才會執行callback (confluent-kafka-python 2.13起的close()和離開with區塊也會flush); 不呼叫poll(), callback就永遠不會執行。",
            "librdkafka queues delivery reports and runs the callback only when the application calls poll() or flush() (also close() and leaving a `with` block, which flush, since confluent-kafka-python 2.13); without poll() the callback never runs.",
        ),
        source: "librdkafka INTRODUCTION.md \"Threads and callbacks\"; confluent-kafka-python Producer.c produce() docstring",
        see: see("producer-03-async", "delivery-callback"),
    },
    Question {
        id: "poll-in-send-loop",
        part: Part::ProducerSend,
        prompt: text(
            "一個Producer (有沒有delivery callback都一樣) 在迴圈裡一直produce()、完全不呼叫poll(), queue.buffering.max.messages是預設的100000。第幾次produce()會第一次丟出BufferError?",
            "A producer (with or without a delivery callback) calls produce() in a loop and never poll(); queue.buffering.max.messages is the default 100000. Which produce() call is the first to raise BufferError?",
        ),
        choices: &[
            wrong("第100000次", "The 100,000th"),
            right("第100001次", "The 100,001st"),
            wrong(
                "都不會: 訊息送到Broker之後就自動離開佇列",
                "None: a message leaves the queue by itself once the broker has it",
            ),
            wrong(
                "都不會: 沒有delivery callback就不會留下delivery report",
                "None: without a delivery callback no delivery report is kept",
            ),
        ],
        explanation: text(
            "confluent-kafka-python一定會向librdkafka註冊delivery report callback, 並為每一筆訊息保留狀態, 所以每一筆訊息都要等它的report在poll()/flush()裡被處理後才離開佇列 (沒有callback也一樣)。librdkafka只有在 目前數量 + 1 > queue.buffering.max.messages 時才拒絕訊息: 第100000筆剛好放得下, 第100001筆才丟出BufferError。這就是迴圈裡要呼叫poll(0)的原因。",
            "confluent-kafka-python always registers librdkafka's delivery-report callback and keeps per-message state, so every message stays counted until its report is served in poll()/flush(), callback or not. librdkafka refuses a message only when count + 1 > queue.buffering.max.messages: the 100,000th still fits and the 100,001st raises BufferError. That is why the loop calls poll(0).",
        ),
        source: "librdkafka CONFIGURATION.md queue.buffering.max.messages; rdkafka_msg.c rd_kafka_curr_msgs_add (count + 1 > max: _QUEUE_FULL); confluent-kafka-python Producer.c (dr_msg_cb always set; BufferError)",
        see: see("producer-01-fire-and-forget", "queue"),
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
        see: see("producer-02-sync", "flush"),
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
                "err是None, 但msg.offset()不是真正的offset (通常是None), 因為Broker不會回覆",
                "err is None, but msg.offset() is no real offset (usually None), because the broker sends no reply",
            ),
            wrong(
                "和acks=all一樣, 帶有訊息被寫入的offset",
                "The same as with acks=all: the offset the message was written at",
            ),
        ],
        explanation: text(
            "acks=0時librdkafka送出請求就不等回覆, 直接以\"成功\"與OFFSET_INVALID (-1001) 產生delivery report; Python的msg.offset()把負的offset變成None。(librdkafka把一個batch裡的訊息從這個值往上編號, 所以batch的第1001筆之後會出現0、1、2…, 這些不是offset。) 訊息就算遺失也不會有錯誤。",
            "With acks=0 librdkafka expects no reply and reports success with OFFSET_INVALID (-1001) as soon as the request is sent; Python's msg.offset() turns a negative offset into None. (librdkafka numbers a batch's messages upward from that value, so past a batch's 1001st message 0, 1, 2, ... appear: they are not offsets.) A lost message raises no error.",
        ),
        source: "librdkafka rdkafka_broker.c (RD_KAFKA_OP_F_NO_RESPONSE), rdkafka_request.c rd_kafka_handle_Produce, rdkafka_msg.c rd_kafka_msgq_set_metadata; confluent_kafka.c Message_offset",
        see: see("producer-acks", "key-moment"),
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
        see: see("producer-acks", "key-moment"),
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
        see: see("producer-acks", "key-moment"),
    },
    Question {
        id: "idempotence-implies",
        part: Part::ProducerSettings,
        prompt: text(
            "在confluent-kafka-python設定'enable.idempotence': True, 下列哪些正確?",
            "Setting 'enable.idempotence': True in confluent-kafka-python: which are true?",
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
                "重試不會在partition裡寫入重複的訊息, 並保持發佈的順序",
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
            "librdkafka的enable.idempotence預設是false (Java client是true)。打開之後自動使用acks=all、max.in.flight<=5、retries=INT32_MAX, 設定不相容時Producer無法建立; 它只保證Producer寫入partition時不重複且有序, Consumer端的重複處理要靠commit的方式處理。",
            "librdkafka's enable.idempotence defaults to false (the Java client's to true). It implies acks=all, max.in.flight<=5 and retries=INT32_MAX, and an incompatible setting fails the producer's creation; it only guarantees that the producer writes each message once and in order, while duplicate processing on the consumer side depends on how offsets are committed.",
        ),
        source: "kafka-semantics.md §D.5, §D.6; librdkafka CONFIGURATION.md enable.idempotence",
        see: see("producer-idempotence", "key-moment"),
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
        see: see("producer-04-json", "key-moment"),
    },
    Question {
        id: "fire-and-forget-reports",
        part: Part::ProducerSend,
        prompt: text(
            "Producer_01 (fire-and-forget) 呼叫produce()時沒有傳callback。迴圈裡的poll(0)和最後的flush()還有作用嗎?",
            "Producer_01 (fire-and-forget) calls produce() without a callback. Do the loop's poll(0) and the final flush() still matter?",
        ),
        choices: &[
            right(
                "有: 每一筆訊息的delivery report仍然在佇列裡等poll()/flush()處理, 處理之後訊息才離開佇列; flush()還會等到所有訊息都有結果",
                "Yes: every message's delivery report still waits in the queue until poll()/flush() serves it, and only then does the message leave the queue; flush() also waits until every message has a result",
            ),
            wrong(
                "沒有: 沒有callback就沒有要通知的事, librdkafka會自己丟掉report",
                "No: without a callback there is nothing to notify, and librdkafka drops the reports itself",
            ),
            wrong("只有acks=0時才有作用", "Only with acks=0"),
        ],
        explanation: text(
            "confluent-kafka-python一定會向librdkafka註冊delivery report callback (dr_msg_cb), 並為每一筆訊息保留狀態; 沒有Python callback時, 它只是不呼叫任何Python函式。所以report一樣排在佇列裡, 直到poll()/flush()處理它, 訊息才不再佔用queue.buffering.max.messages。",
            "confluent-kafka-python always registers librdkafka's delivery-report callback (dr_msg_cb) and keeps per-message state; without a Python callback it simply calls no Python function. The reports still queue up until poll()/flush() serves them, and until then the messages count against queue.buffering.max.messages.",
        ),
        source: "confluent-kafka-python Producer.c (rd_kafka_conf_set_dr_msg_cb always; per-message state); librdkafka INTRODUCTION.md \"Producer message delivery success\"",
        see: see("producer-01-fire-and-forget", "queue"),
    },
    Question {
        id: "kafka-python-future-get",
        part: Part::ProducerSend,
        prompt: text(
            "講義004的kafka-python程式寫future = producer.send(...), 再呼叫future.get(timeout=10)。下列哪些正確?",
            "Note 004's kafka-python program does future = producer.send(...), then future.get(timeout=10). Which are true?",
        ),
        choices: &[
            right(
                "future.get()會等到Broker回覆 (或逾時、失敗時丟出例外), 所以每一筆都是同步發佈",
                "future.get() waits for the broker's answer (or raises on a timeout or failure), so every message is a synchronous send",
            ),
            right(
                "confluent-kafka-python的produce()不回傳future; 同樣的效果要在produce()之後呼叫flush()",
                "confluent-kafka-python's produce() returns no future; the same effect takes flush() after produce()",
            ),
            wrong(
                "future.get()只確認訊息放進了本機的佇列",
                "future.get() only confirms the message entered the local queue",
            ),
            wrong(
                "confluent-kafka-python的produce()也回傳future, 用法一樣",
                "confluent-kafka-python's produce() returns a future too, used the same way",
            ),
        ],
        explanation: text(
            "kafka-python (另一個Python client, 不是librdkafka) 的send()回傳FutureRecordMetadata, get()會阻塞到Broker回覆並回傳RecordMetadata, 失敗時丟出KafkaError。confluent-kafka-python的produce()沒有回傳值, 結果由delivery callback在poll()/flush()裡通知; Producer_02_Sync用produce()+flush()達到同步發佈。",
            "kafka-python (another Python client, not librdkafka) returns a FutureRecordMetadata from send(); get() blocks until the broker answers and returns the RecordMetadata, or raises a KafkaError. confluent-kafka-python's produce() returns nothing and reports through the delivery callback in poll()/flush(); Producer_02_Sync sends synchronously with produce()+flush().",
        ),
        source: "kafka-python kafka/producer/kafka.py KafkaProducer.send() (FutureRecordMetadata), kafka/producer/future.py; confluent-kafka-python Producer.c produce(), flush()",
        see: see("producer-02-sync", "flush"),
    },
    Question {
        id: "queue-full-buffer-error",
        part: Part::ProducerSettings,
        prompt: text(
            "produce()發現本機佇列已滿 (queue.buffering.max.messages或queue.buffering.max.kbytes) 時, confluent-kafka-python怎麼做?",
            "What does confluent-kafka-python do when produce() finds the local queue full (queue.buffering.max.messages or queue.buffering.max.kbytes)?",
        ),
        choices: &[
            right(
                "馬上丟出BufferError (Local: Queue full), 這筆訊息沒有放進佇列; 程式可以呼叫poll()讓出空間再送一次",
                "It raises BufferError (Local: Queue full) at once and the message is not queued; the program can call poll() to make room and send it again",
            ),
            wrong(
                "produce()會等到佇列有空間為止",
                "produce() waits until there is room",
            ),
            wrong(
                "悄悄丟掉佇列裡最舊的訊息",
                "It silently drops the oldest queued message",
            ),
        ],
        explanation: text(
            "librdkafka的produce在佇列滿時回傳_QUEUE_FULL, 不會等待; confluent-kafka-python把它變成BufferError。常見的寫法是在except BufferError裡呼叫poll()處理delivery report, 讓佇列有空間後再produce()一次。",
            "librdkafka's produce returns _QUEUE_FULL without waiting when the queue is full; confluent-kafka-python turns it into BufferError. The usual pattern is to call poll() in except BufferError, serving delivery reports to make room, then produce() again.",
        ),
        source: "librdkafka CONFIGURATION.md queue.buffering.max.messages, queue.buffering.max.kbytes; rdkafka_msg.c rd_kafka_msg_new0 (_QUEUE_FULL); confluent-kafka-python Producer.c produce() (BufferError)",
        see: see("producer-01-fire-and-forget", "queue"),
    },
    Question {
        id: "error-cb",
        part: Part::ProducerSettings,
        prompt: text(
            "Producer的設定裡加了'error_cb': on_error。下列哪些正確?",
            "A producer's config has 'error_cb': on_error. Which are true?",
        ),
        choices: &[
            right(
                "on_error和delivery callback一樣, 只在poll()/flush()裡被執行",
                "Like delivery callbacks, on_error runs only inside poll()/flush()",
            ),
            right(
                "它回報client層級的錯誤, 例如連不上Broker (_TRANSPORT) 或全部Broker都斷線 (_ALL_BROKERS_DOWN); librdkafka會自己重新連線, 這些錯誤通常只是通知",
                "It reports client-level errors such as a lost broker connection (_TRANSPORT) or all brokers down (_ALL_BROKERS_DOWN); librdkafka reconnects by itself, so these are usually informational",
            ),
            wrong(
                "每一筆送不出去的訊息都改由error_cb通知, delivery callback不會收到錯誤",
                "Every message that fails is reported to error_cb instead, and the delivery callback gets no error",
            ),
            wrong(
                "error_cb被呼叫就代表佇列裡的訊息都遺失了",
                "A call to error_cb means every queued message is lost",
            ),
        ],
        explanation: text(
            "error_cb放在librdkafka的事件佇列裡, 由poll()/flush() (Consumer是consume()/poll()) 執行。一般錯誤librdkafka會自動重試或重新連線; 只有KafkaError.fatal()為True時client才無法繼續。訊息的失敗 (例如_MSG_TIMED_OUT) 仍然由該訊息的delivery report通知。",
            "error_cb is queued on librdkafka's event queue and run by poll()/flush() (consume()/poll() for a consumer). librdkafka retries or reconnects after ordinary errors by itself; only when KafkaError.fatal() is True can the client not go on. A message's own failure (for example _MSG_TIMED_OUT) still arrives in its delivery report.",
        ),
        source: "librdkafka CONFIGURATION.md error_cb; INTRODUCTION.md \"Error handling\" (fatal vs. informational errors); confluent-kafka-python docs (error_cb, served by poll())",
        see: see("producer-03-async", "delivery-callback"),
    },
    Question {
        id: "per-partition-order",
        part: Part::ProducerSettings,
        prompt: text(
            "Kafka保證怎樣的訊息順序?",
            "What order does Kafka guarantee?",
        ),
        choices: &[
            right(
                "只在同一個partition之內: Consumer讀到的順序就是寫進這個partition的順序; 同一個key (partition數不變時) 都進同一個partition",
                "Only within one partition: a consumer reads it in the order it was written; one key goes to one partition (while the partition count stays the same)",
            ),
            wrong(
                "整個topic: Consumer讀到的順序就是所有Producer送出的順序",
                "The whole topic: consumers read in the order all producers sent",
            ),
            wrong("依訊息的timestamp排序", "By message timestamp"),
        ],
        explanation: text(
            "每個partition是一個依offset排列的log, 順序只在partition之內有意義; 不同partition之間沒有順序。librdkafka預設的consistent_random partitioner用key的CRC32選partition, 所以同一個key的訊息進同一個partition, 並依寫入的順序被讀取; 要和produce()的順序一樣, 重試不能打亂順序 (enable.idempotence=True, 見retry-reorder)。",
            "Each partition is a log ordered by offset, and order means something only within it; there is no order across partitions. librdkafka's default consistent_random partitioner picks the partition from the key's CRC32, so one key's messages land in one partition and are read in the order they were written there; that is the produce() order only if retries cannot reorder them (enable.idempotence=True, see retry-reorder).",
        ),
        source: "Apache Kafka documentation, Design \"Guarantees\"; kafka-semantics.md §B.2; librdkafka CONFIGURATION.md partitioner",
        see: see("producer-05-cgroup", "key-moment"),
    },
    Question {
        id: "retry-reorder",
        part: Part::ProducerSettings,
        prompt: text(
            "沒有打開enable.idempotence (librdkafka的max.in.flight預設是1000000)。一個批次的回覆遺失而重試, 下一個批次已經成功。可能發生什麼事?",
            "enable.idempotence is off (librdkafka's max.in.flight defaults to 1000000). A batch's response is lost and the batch is retried while the next batch has succeeded. What can happen?",
        ),
        choices: &[
            right(
                "partition裡出現重複的訊息, 而且後送的訊息可能排在重試的訊息前面",
                "The partition gets duplicate messages, and later messages can land before the retried ones",
            ),
            wrong(
                "什麼都不會發生, Broker會自動去除重複並排好順序",
                "Nothing: the broker removes duplicates and restores the order by itself",
            ),
            wrong(
                "librdkafka預設不重試, 訊息直接失敗",
                "librdkafka does not retry by default, the message simply fails",
            ),
        ],
        explanation: text(
            "沒有idempotence時, Broker無法分辨重送的批次, 回覆遺失的批次會被寫兩次; 多個in-flight請求時, 重試的批次也可能排到後面的批次之後。enable.idempotence=True讓Broker用producer id與序號去除重複並保持順序 (max.in.flight最多5)。",
            "Without idempotence the broker cannot recognise a resent batch, so a batch whose response was lost is written twice; with several requests in flight a retried batch can also land after later ones. enable.idempotence=True lets the broker drop duplicates and keep the order by producer id and sequence number (max.in.flight at most 5).",
        ),
        source: "librdkafka CONFIGURATION.md max.in.flight.requests.per.connection, enable.idempotence; kafka-semantics.md §D.5",
        see: see("producer-idempotence", "key-moment"),
    },
    Question {
        id: "json-serializer",
        part: Part::ProducerJson,
        prompt: text(
            "講義004的kafka-python用KafkaProducer(value_serializer=lambda v: json.dumps(v).encode())。confluent-kafka-python的Producer (Producer_04_Json) 怎麼做同樣的事?",
            "Note 004's kafka-python uses KafkaProducer(value_serializer=lambda v: json.dumps(v).encode()). How does confluent-kafka-python's Producer (Producer_04_Json) do the same?",
        ),
        choices: &[
            right(
                "程式自己在produce()之前呼叫json.dumps(), 把字串或bytes交給produce()",
                "The program calls json.dumps() itself before produce() and passes the str or bytes to produce()",
            ),
            wrong(
                "在Producer的設定裡加'value.serializer': 'json'",
                "Add 'value.serializer': 'json' to the Producer's config",
            ),
            wrong(
                "produce()會自動把dict轉成JSON",
                "produce() turns a dict into JSON by itself",
            ),
        ],
        explanation: text(
            "confluent-kafka-python的Producer只接受str或bytes (str以UTF-8編碼); 序列化是程式的工作。value_serializer是kafka-python的參數; confluent-kafka-python另有SerializingProducer等類別, 但課程用的是Producer加json.dumps()。",
            "confluent-kafka-python's Producer takes str or bytes only (a str is UTF-8 encoded); serializing is the program's job. value_serializer is a kafka-python parameter; confluent-kafka-python also has SerializingProducer and friends, but the course uses Producer with json.dumps().",
        ),
        source: "confluent-kafka-python Producer.c produce() (value: str|bytes); kafka-python KafkaProducer (value_serializer)",
        see: see("producer-04-json", "key-moment"),
    },
    Question {
        id: "json-consumer-decode",
        part: Part::ProducerJson,
        prompt: text(
            "讀取Producer_04_Json的訊息時, Consumer的msg.value()是什麼?",
            "When a consumer reads Producer_04_Json's records, what is msg.value()?",
        ),
        choices: &[
            right(
                "bytes; 要用json.loads(msg.value())才會得到dict",
                "bytes; json.loads(msg.value()) gives the dict",
            ),
            wrong("一個Employee物件", "An Employee object"),
            wrong("已經解析好的dict", "An already parsed dict"),
        ],
        explanation: text(
            "Kafka只保存bytes, Consumer拿回的就是Producer送出的bytes; 反序列化 (json.loads, 再建回Employee) 要由Consumer自己做, 格式由雙方約定。",
            "Kafka stores bytes only, and the consumer gets back the bytes the producer sent; deserializing (json.loads, then rebuilding the Employee) is the consumer's job, in a format both sides agree on.",
        ),
        source: "confluent-kafka-python Message.value() (bytes); Producer.c produce()",
        see: see("producer-04-json", "key-moment"),
    },
];
