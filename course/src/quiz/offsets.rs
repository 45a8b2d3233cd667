//! Questions on offsets and the ways to commit them.

use super::{Question, right, see, wrong};
use crate::part::Part;
use crate::text::text;

pub(super) static QUESTIONS: &[Question] = &[
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
        see: see("consumer-lag", "key-moment"),
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
        see: see("consumer-assign-seek", "key-moment"),
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
        see: see("consumer-lag", "key-moment"),
    },
    Question {
        id: "auto-commit-what",
        part: Part::Commits,
        prompt: text(
            "Consumer_02_AutoCommit ('enable.auto.commit': True) 會commit什麼offset?",
            "What does Consumer_02_AutoCommit ('enable.auto.commit': True) commit?",
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
            "librdkafka在consume()把訊息交給應用程式時就把offset+1記為stored offset (enable.auto.offset.store預設true); 計時器在group穩定時commit比已commit還新的stored offset, 收回partition與close()時也會commit。所以當機時, 已經commit但還沒處理的訊息會遺失, 最後一次commit之後的訊息會被重複處理。",
            "librdkafka stores offset+1 as soon as consume() hands a message to the application (enable.auto.offset.store defaults to true); the timer commits stored offsets newer than the committed ones while the group is stable, and revocation and close() commit them too. After a crash, messages committed but not processed are lost and those since the last commit are processed again.",
        ),
        source: "kafka-semantics.md §C.1, §C.5, §C.6, §C.7",
        see: see("consumer-02-auto-commit", "key-moment"),
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
        see: see("consumer-05-commit-sync-async", "key-moment"),
    },
    Question {
        id: "commit-default-async",
        part: Part::Commits,
        prompt: text(
            "Consumer_04_CommitAsync呼叫consumer.commit()。下列哪些正確?",
            "Consumer_04_CommitAsync calls consumer.commit(). Which are true?",
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
        see: see("consumer-04-commit-async", "key-moment"),
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
        see: see("consumer-03-commit-sync", "key-moment"),
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
        see: see("consumer-06-commit-specified", "key-moment"),
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
        see: see("consumer-07-rebalance-callback", "key-moment"),
    },
    Question {
        id: "duplicates-on-clean-rebalance",
        part: Part::Commits,
        prompt: text(
            "Consumer_07在on_revoke (commit_on_revoke) 裡commit最後處理完的訊息。和不在on_revoke裡commit的手動commit相比, 它避免了哪一種重複?",
            "Consumer_07 commits the last processed messages in on_revoke (commit_on_revoke). Compared with manual commits without that, which duplicates does it avoid?",
        ),
        choices: &[
            right(
                "有Consumer加入或正常關閉 (乾淨的Rebalance) 時, 上次commit之後處理過的訊息被下一個擁有者重複處理",
                "Messages processed since the last commit being processed again by the next owner when a consumer joins or closes cleanly (a clean rebalance)",
            ),
            wrong(
                "程式當機 (沒有呼叫close()) 時的重複處理",
                "Duplicates after the program crashes (no close())",
            ),
            wrong(
                "超過max.poll.interval.ms被踢出group時的重複處理",
                "Duplicates after being kicked out for exceeding max.poll.interval.ms",
            ),
        ],
        explanation: text(
            "乾淨的Rebalance會先執行on_revoke, 在那裡commit就不會留下未commit的已處理訊息。當機時on_revoke不會執行; 超過max.poll.interval.ms時分配被視為遺失, offset也不會被commit, 這兩種情況仍會重複處理上次commit之後的訊息。",
            "A clean rebalance runs on_revoke first, so committing there leaves no processed-but-uncommitted messages. A crash never runs on_revoke, and after max.poll.interval.ms is exceeded the assignment is lost and offsets are not committed: both still repeat the messages since the last commit.",
        ),
        source: "kafka-semantics.md §C (duplicate / loss matrix), §C.9",
        see: see("consumer-07-rebalance-callback", "key-moment"),
    },
    Question {
        id: "offsets-retention",
        part: Part::Offsets,
        prompt: text(
            "group tdea的所有Consumer都停了10天, 然後重新啟動 (Broker用預設的offsets.retention.minutes, 預設的auto.offset.reset)。會從哪裡開始讀?",
            "Every consumer of group tdea stops for 10 days, then restarts (the broker's default offsets.retention.minutes, the default auto.offset.reset). Where does it start reading?",
        ),
        choices: &[
            right(
                "commit的offset已經過期被刪除, 所以依auto.offset.reset (latest) 從最新的位置開始, 中間的訊息不會被讀到",
                "The committed offsets have expired and are gone, so auto.offset.reset (latest) applies: it starts at the end, and the records in between are never read",
            ),
            wrong(
                "從commit的offset開始, commit的offset永遠不會過期",
                "From the committed offsets: they never expire",
            ),
            wrong(
                "從每個partition的offset 0開始",
                "From offset 0 of every partition",
            ),
        ],
        explanation: text(
            "offsets.retention.minutes是Broker的設定, 預設10080分鐘 (7天, Kafka 2.0起, KIP-186); Kafka 2.1起 (KIP-211) 從group變成空的 (沒有成員) 開始計時。過期後group沒有commit的offset, Consumer就依auto.offset.reset決定起點, librdkafka預設latest。",
            "offsets.retention.minutes is a broker setting, 10080 minutes (7 days) by default since Kafka 2.0 (KIP-186); since Kafka 2.1 (KIP-211) the clock starts when the group becomes empty. Once they expire the group has no committed offsets and auto.offset.reset decides the start, latest by default in librdkafka.",
        ),
        source: "Apache Kafka broker config offsets.retention.minutes; KIP-186; KIP-211; kafka-semantics.md §C.8",
        see: see("consumer-lag", "key-moment"),
    },
    Question {
        id: "seek-after-subscribe",
        part: Part::Offsets,
        prompt: text(
            "程式在consumer.subscribe(['ak03.test'])之後馬上呼叫consumer.seek(TopicPartition('ak03.test', 0, 0))。會怎樣?",
            "Right after consumer.subscribe(['ak03.test']) the program calls consumer.seek(TopicPartition('ak03.test', 0, 0)). What happens?",
        ),
        choices: &[
            right(
                "丟出KafkaException (_UNKNOWN_PARTITION): 這個Consumer還沒有分配到ak03.test的任何partition; subscribe()只是開始加入group",
                "It raises KafkaException (_UNKNOWN_PARTITION): the consumer has no partition of ak03.test yet; subscribe() only starts joining the group",
            ),
            wrong(
                "等partition 0分配下來之後就從offset 0開始讀",
                "Once partition 0 is assigned, reading starts at offset 0",
            ),
            wrong(
                "沒有效果也沒有錯誤",
                "Nothing happens and no error is raised",
            ),
        ],
        explanation: text(
            "seek()只能用在已經分配 (正在fetch) 的partition上; 剛subscribe()時Rebalance還沒完成, librdkafka連這個topic都還不認得, 所以是_UNKNOWN_PARTITION (topic的其他partition分配過之後, 對沒有分配的partition呼叫seek()則是_STATE)。要指定起點, 可以在on_assign裡設定收到的TopicPartition的offset, 並在on_assign裡呼叫consumer.assign(partitions) (cooperative-sticky用incremental_assign); 只改offset沒有效果, 因為confluent-kafka-python會用librdkafka原本的清單做assign。或像Consumer_assign_seek那樣不用subscribe(), 直接assign()。",
            "seek() works only on a partition that is assigned (being fetched); right after subscribe() the rebalance has not completed and librdkafka does not know the topic at all yet, hence _UNKNOWN_PARTITION (once partitions of the topic have been assigned, seek() on one that is not assigned gives _STATE). To choose the start, set the offsets of the TopicPartitions given to on_assign and then call consumer.assign(partitions) inside on_assign (incremental_assign for cooperative-sticky): changing the offsets alone has no effect, as confluent-kafka-python otherwise assigns librdkafka's original list. Or use assign() instead of subscribe(), as Consumer_assign_seek does.",
        ),
        source: "librdkafka rdkafka.c rd_kafka_seek_partitions (_UNKNOWN_PARTITION while the client has no object for the topic), rdkafka_partition.c rd_kafka_toppar_seek (_STATE when the partition is not being fetched); confluent-kafka-python Consumer.c Consumer_seek, Consumer_rebalance_cb (assigns its own list unless the callback called assign())",
        see: see("consumer-assign-seek", "key-moment"),
    },
    Question {
        id: "at-most-vs-at-least-once",
        part: Part::Commits,
        prompt: text(
            "at-most-once與at-least-once: 下列哪些正確?",
            "At-most-once and at-least-once: which are true?",
        ),
        choices: &[
            right(
                "先commit再處理是at-most-once: commit之後、處理完之前當機, 這些記錄就遺失了",
                "Committing before processing is at-most-once: a crash after the commit and before the processing loses those records",
            ),
            right(
                "處理完再commit是at-least-once: 處理之後、commit之前當機, 這些記錄會被重複處理",
                "Committing after processing is at-least-once: a crash after the processing and before the commit processes those records again",
            ),
            wrong(
                "預設的自動commit就是exactly-once",
                "The default auto commit is exactly-once",
            ),
        ],
        explanation: text(
            "commit的位置決定當機時的結果: commit在處理之前, 重新啟動後從commit的offset開始, 沒處理的記錄被跳過; commit在處理之後, 已處理但沒commit的記錄會再讀一次。預設的自動commit在consume()交出記錄時就記下offset, 由計時器commit, 兩種情況都可能發生。",
            "Where the commit sits decides what a crash does: committed before processing, the restart begins at the committed offset and unprocessed records are skipped; committed after processing, records processed but not committed are read again. The default auto commit stores offsets when consume() hands the records over and a timer commits them, so both can happen.",
        ),
        source: "kafka-semantics.md §C (duplicate / loss matrix), §C.1, §C.5; Apache Kafka documentation, Design \"Message Delivery Semantics\"",
        see: see("consumer-02-auto-commit", "key-moment"),
    },
];
