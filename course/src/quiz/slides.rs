//! Questions on what the course's slides and notes state for the Java client, or under a name
//! librdkafka does not have: the answer is what confluent-kafka-python (librdkafka) does.

use super::{Question, right, see, wrong};
use crate::part::Part;
use crate::text::text;

pub(super) static QUESTIONS: &[Question] = &[
    Question {
        id: "slides-retries-default",
        part: Part::ProducerSettings,
        prompt: text(
            "講義002說\"message.send.max.retries 預設值為2\"。confluent-kafka-python (librdkafka) 目前的預設值是?",
            "Note 002 says \"message.send.max.retries defaults to 2\". What is its default in confluent-kafka-python (librdkafka) today?",
        ),
        choices: &[
            right(
                "2147483647 (INT32_MAX): 實際上由message.timeout.ms (300000) 限制重試多久",
                "2147483647 (INT32_MAX): in practice message.timeout.ms (300000) bounds how long it retries",
            ),
            wrong("2", "2"),
            wrong("0, 不重試", "0, no retries"),
        ],
        explanation: text(
            "講義的2是很舊的librdkafka版本的預設值。現在message.send.max.retries (別名retries) 預設INT32_MAX, 一筆訊息會一直重試到message.timeout.ms (delivery.timeout.ms) 到期, 然後以_MSG_TIMED_OUT失敗。",
            "The notes' 2 is the default of a very old librdkafka. Today message.send.max.retries (alias retries) defaults to INT32_MAX: a message is retried until message.timeout.ms (delivery.timeout.ms) expires, then fails with _MSG_TIMED_OUT.",
        ),
        source: "librdkafka CONFIGURATION.md message.send.max.retries, message.timeout.ms; kafka-semantics.md §D.6",
        see: see("producer-idempotence", "key-moment"),
    },
    Question {
        id: "slides-consume-checks-commit",
        part: Part::Commits,
        prompt: text(
            "投影片000說: \"Whenever you consume(), the consumer checks if it is time to commit\"。對confluent-kafka-python來說呢?",
            "Slide 000 says: \"Whenever you consume(), the consumer checks if it is time to commit\". What about confluent-kafka-python?",
        ),
        choices: &[
            right(
                "那是Java client的poll(); librdkafka由背景的計時器每auto.commit.interval.ms commit一次stored offset, 不必等下一次consume()",
                "That is the Java client's poll(); librdkafka commits the stored offsets from a background timer every auto.commit.interval.ms, without waiting for the next consume()",
            ),
            wrong(
                "confluent-kafka-python也一樣, 不呼叫consume()就永遠不會自動commit",
                "confluent-kafka-python does the same: without consume() nothing is ever auto-committed",
            ),
        ],
        explanation: text(
            "Java的KafkaConsumer在poll()裡檢查是否該自動commit; librdkafka的自動commit是背景計時器, 在group穩定時commit比已commit還新的stored offset (consume()交出記錄時就記下offset+1)。所以處理很久的時候, 還沒處理完的記錄也可能已經被commit。",
            "Java's KafkaConsumer checks inside poll() whether to auto-commit; librdkafka's auto commit is a background timer that commits, while the group is stable, the stored offsets newer than the committed ones (offset+1 is stored when consume() hands a record over). So during long processing, records not yet processed can already be committed.",
        ),
        source: "librdkafka CONFIGURATION.md auto.commit.interval.ms; rdkafka_cgrp.c rd_kafka_cgrp_offset_commit_tmr_cb; kafka-semantics.md §C.1, §C.5",
        see: see("consumer-02-auto-commit", "key-moment"),
    },
    Question {
        id: "slides-auto-commit-offset",
        part: Part::Commits,
        prompt: text(
            "投影片000與講義001寫\"auto.commit.offset=false\"。在confluent-kafka-python的Consumer設定裡寫'auto.commit.offset': False會怎樣?",
            "Slide 000 and note 001 write \"auto.commit.offset=false\". What happens with 'auto.commit.offset': False in a confluent-kafka-python Consumer config?",
        ),
        choices: &[
            right(
                "建立Consumer時丟出KafkaException (No such configuration property); 正確的名稱是enable.auto.commit",
                "Creating the consumer raises KafkaException (No such configuration property); the setting is enable.auto.commit",
            ),
            wrong(
                "它是enable.auto.commit的別名, 一樣會關掉自動commit",
                "It is an alias of enable.auto.commit and turns auto commit off too",
            ),
            wrong("沒有錯誤, 但會被忽略", "No error, it is just ignored"),
        ],
        explanation: text(
            "librdkafka沒有auto.commit.offset這個設定, 遇到不認識的名稱會回報\"No such configuration property\", confluent-kafka-python因此丟出KafkaException。關掉自動commit的設定是'enable.auto.commit': False。",
            "librdkafka has no auto.commit.offset; an unknown name is reported as \"No such configuration property\", and confluent-kafka-python raises KafkaException. Auto commit is turned off with 'enable.auto.commit': False.",
        ),
        source: "librdkafka CONFIGURATION.md enable.auto.commit; rdkafka_conf.c rd_kafka_anyconf_set (\"No such configuration property\")",
        see: see("consumer-03-commit-sync", "key-moment"),
    },
    Question {
        id: "slides-asynchronous-default",
        part: Part::Commits,
        prompt: text(
            "講義003說commit()的asynchronous \"預設為False, 即同步\"。實際上呢?",
            "Note 003 says commit()'s asynchronous \"defaults to False, that is synchronous\". Is that so?",
        ),
        choices: &[
            right(
                "不對: 預設是True, commit()馬上回傳None; 要同步commit必須寫commit(asynchronous=False)",
                "No: it defaults to True and commit() returns None at once; a synchronous commit needs commit(asynchronous=False)",
            ),
            wrong(
                "對: 不寫參數的commit()會等Broker回覆",
                "Yes: commit() without arguments waits for the broker",
            ),
        ],
        explanation: text(
            "confluent-kafka-python的Consumer.commit()說明: asynchronous預設True, 立刻回傳None, 結果經由on_commit通知; asynchronous=False時才阻塞到commit成功或失敗, 並回傳commit的offset。",
            "confluent-kafka-python's Consumer.commit() docs: asynchronous defaults to True and returns None at once, the result coming through on_commit; only asynchronous=False blocks until the commit succeeds or fails and returns the committed offsets.",
        ),
        source: "confluent-kafka-python Consumer.c Consumer_commit (asynchronous=True default); kafka-semantics.md §C.2",
        see: see("consumer-04-commit-async", "key-moment"),
    },
];
