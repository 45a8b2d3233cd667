//! The kafka-python lessons' narration. Both runs share the beats and every beat fires in
//! both, so each says what happens on each side (kafka-python, then confluent-kafka).

use super::super::Beat;
use super::super::consumer::{beat, line};
use super::super::trigger::{EventKind, Trigger};
use crate::exercise::Anchor;
use crate::text::{Text, text};

fn event(kind: EventKind) -> Trigger {
    Trigger::Event(kind)
}

/// After the crash, the new instance joins: both clients' session timeouts default to 45 s
/// (kafka-python 3.0.12 `session_timeout_ms` with a 3.0+ broker, `kafka/coordinator/base.py`;
/// librdkafka `session.timeout.ms`).
const REJOIN: Text = text(
    "新的instance加入group。死掉的成員沒有送LeaveGroup, Coordinator要等它的session timeout過了才完成Rebalance: 兩邊都是預設的45秒 (kafka-python 3.0.12的session_timeout_ms: Broker是3.0以上時預設45000, 更舊的Broker是30000; librdkafka的session.timeout.ms預設45000)。",
    "A new instance joins the group. The dead member sent no LeaveGroup, so the coordinator completes the rebalance only once its session has timed out: 45 s by default on both sides (kafka-python 3.0.12's session_timeout_ms: 45000 with a 3.0+ broker, 30000 with older ones; librdkafka's session.timeout.ms: 45000).",
);

/// `auto_offset_reset` defaults to 'latest' in kafka-python (3.0.12 `KafkaConsumer`
/// `DEFAULT_CONFIG`); the course's programs set 'earliest'.
const ASSIGNED: Text = text(
    "分到partition了。沒有commit過的offset時, kafka-python預設的auto_offset_reset='latest'只讀分到partition之後才進來的訊息 (所以producer_demo要在Consumer之後才執行); 課程的程式設'earliest', 從頭讀。",
    "The partitions are assigned. With no committed offset, kafka-python's default auto_offset_reset='latest' reads only what arrives after the assignment (which is why producer_demo runs after the consumer); the course's programs set 'earliest' and read from the start.",
);

/// Both clients fetch a batch; kafka-python's iterator hands it over one message per round
/// (3.0.12 `KafkaConsumer.__next__`). The broker answers a fetch as soon as it holds one byte
/// (`fetch_min_bytes=1`, librdkafka `fetch.min.bytes` 1), and `producer_demo`'s `future.get()`
/// sends one message per request, so a fetch brings whatever has arrived: often one message.
const ITERATES: Text = text(
    "kafka-python: 迭代器一次poll()拿回一批, for迴圈每一圈拿一筆。producer_demo每次send()都用future.get()等結果, 一筆一筆地送; Broker一有訊息就回覆fetch, 所以這裡一次poll()常常只拿到1筆。confluent-kafka: Producer_03不等結果就送出12筆, consume()一次拿回一批 (最多500筆), 程式自己用for走過這一批。",
    "kafka-python: the iterator gets a batch with one poll() and the for loop takes one message per round. producer_demo waits on future.get() after every send(), so its messages arrive one by one, and the broker answers a fetch as soon as it holds a message: here a poll() often brings a single message. confluent-kafka: Producer_03 sends its 12 messages without waiting and consume() returns them as a batch (up to 500), which the program walks with its own for loop.",
);

pub(super) fn demo() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "同一個實驗跑兩次: kafka-python 3.0.12跑講義004的consumer_demo (自動commit), confluent-kafka跑課程的Consumer_02 (自動commit); 兩邊的Consumer都在處理完幾筆訊息之後當機 (kill -9), 再啟動一個新的instance。",
                "The same experiment twice: kafka-python 3.0.12 runs seed 004's consumer_demo (auto-commit), confluent-kafka runs the course's Consumer_02 (auto-commit); on both sides the consumer dies (kill -9) after processing some records and a new instance is started.",
            ),
        ),
        beat(
            line(0, Anchor::Subscribe),
            text(
                "kafka-python: KafkaConsumer('kafka_demo', group_id='test')在建構時就訂閱, 但只在poll()裡加入group: 就是for message in consumer第一次要訊息的時候。講義004的producer_demo在8秒和17秒各執行一次 (P1和P2: 同一個程式跑兩次), 每次送出3筆JSON訊息到partition 1, 每一筆都等future.get()有了結果才送下一筆; 結果由kafka-python的sender執行緒處理。confluent-kafka: subscribe()之後由librdkafka的背景執行緒加入group; Producer_03先送出12筆訊息, 不等結果, 它的delivery_callback要等程式呼叫poll()或flush()才執行。",
                "kafka-python: KafkaConsumer('kafka_demo', group_id='test') subscribes in its constructor but joins the group only inside poll(), when for message in consumer first asks for a message. Seed 004's producer_demo runs at 8 s and again at 17 s (P1 and P2: the same script run twice) and each time sends 3 JSON messages to partition 1, each one once future.get() has the previous one's result; kafka-python's sender thread handles the results. confluent-kafka: after subscribe() librdkafka's background thread joins the group; Producer_03 first sends 12 messages without waiting, its delivery_callback running only when the program calls poll() or flush().",
            ),
        ),
        beat(event(EventKind::Assigned), ASSIGNED),
        beat(event(EventKind::RecordProcessed), ITERATES),
        beat(
            event(EventKind::OffsetsCommitted),
            text(
                "自動commit把offset存進group (看committed offset)。kafka-python只在poll()裡自動commit (KafkaConsumer的poll()呼叫coordinator的poll()): 5秒的期限在8秒就到了, 可是程式正在處理offset 0 (每筆2秒), 要等下一次poll() (10秒) 才commit offset 1; 這次poll()也拿回offset 1和2。下一次commit (offset 3) 在15秒: 那時迭代器正在poll()裡等新的訊息。librdkafka的自動commit是背景的計時器, 每5秒commit, 不等程式。",
                "The auto-commit stores the offsets for the group (watch the committed offset). kafka-python auto-commits only inside poll() (KafkaConsumer's poll() calls the coordinator's poll()): the 5 s deadline came at 8 s while the program was processing offset 0 (2 s a record), so offset 1 is committed only at the next poll (10 s), which also fetches offsets 1 and 2. The next commit (offset 3) goes at 15 s, while the iterator waits inside poll() for new messages. librdkafka's auto-commit is a background timer committing every 5 s, whatever the program does.",
            ),
        ),
        beat(
            event(EventKind::ProgramCrashed),
            text(
                "當機 (kill -9)。kafka-python: 第二次producer_demo的3筆 (offset 3到5) 都處理完了; 19秒的poll()還沒到commit的期限, 期限 (20秒) 在處理offset 4的時候過了, 但迭代器之後沒有再poll(), 這3筆一筆也沒有commit, group的offset還是3。confluent-kafka: 處理完第5筆就當機, 計時器還沒到5秒, 什麼都沒有commit。",
                "Killed (kill -9). kafka-python: the second producer_demo's 3 records (offsets 3 to 5) were processed; the poll at 19 s came before the commit deadline, the deadline (20 s) passed while offset 4 was processed, and the iterator has not polled since, so none of the 3 is committed: the group's offset is still 3. confluent-kafka: it dies after the 5th record, before the timer's first 5 s, with nothing committed.",
            ),
        ),
        beat(
            Trigger::after(
                event(EventKind::ProgramCrashed),
                event(EventKind::RebalanceStarted),
            ),
            REJOIN,
        ),
        beat(
            line(1, Anchor::PrintRecord),
            text(
                "新的instance從group commit的offset開始讀: 當機前處理過、還沒commit的訊息再被處理一次。看「重複的訊息」: kafka-python是第二次producer_demo送的3筆, Consumer_02是當機前處理的5筆。",
                "The new instance reads from the group's committed offset: what was processed before the crash and not committed is processed again. Watch \"duplicates\": kafka-python's 3 records from the second producer_demo, Consumer_02's 5 records processed before the crash.",
            ),
        ),
    ]
}

pub(super) fn manual_commit() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "同一個實驗跑兩次: kafka-python 3.0.12跑講義004手動commit的consumer_demo (每處理完一筆commit一次), confluent-kafka跑課程的Consumer_03 (每處理完一批commit一次); 兩邊的Consumer都在處理完第5筆訊息時當機 (kill -9), 再啟動一個新的instance。",
                "The same experiment twice: kafka-python 3.0.12 runs seed 004's manual-commit consumer_demo (a commit after each message), confluent-kafka runs the course's Consumer_03 (a commit after each batch); on both sides the consumer dies (kill -9) right after processing its 5th record and a new instance is started.",
            ),
        ),
        beat(
            line(0, Anchor::Subscribe),
            text(
                "kafka-python: enable_auto_commit=False; 它在for message in consumer第一次要訊息時, 在poll()裡加入group。講義004的producer_demo在8秒和14秒各執行一次 (P1和P2: 同一個程式跑兩次), 每次送出3筆JSON訊息到partition 1, 每一筆都等future.get()有了結果才送下一筆。confluent-kafka: enable.auto.commit為False; Producer_03先送出12筆訊息, 不等結果。",
                "kafka-python: enable_auto_commit=False; it joins the group inside poll(), when for message in consumer first asks for a message. Seed 004's producer_demo runs at 8 s and again at 14 s (P1 and P2: the same script run twice) and each time sends 3 JSON messages to partition 1, each one once future.get() has the previous one's result. confluent-kafka: enable.auto.commit is False; Producer_03 first sends 12 messages without waiting.",
            ),
        ),
        beat(event(EventKind::Assigned), ASSIGNED),
        beat(event(EventKind::RecordProcessed), ITERATES),
        beat(
            event(EventKind::OffsetsCommitted),
            text(
                "commit把offset存進group (看committed offset)。kafka-python: consumer.commit()是同步的, 等Coordinator回覆才返回, commit這個Consumer在每個partition目前的位置: 剛處理完的這一筆的offset+1, 連沒有訊息的partition 0也commit它的位置0。confluent-kafka: Consumer_03處理完一整批才呼叫commit(asynchronous=False) (commit()預設是非同步的)。",
                "A commit stores the offsets for the group (watch the committed offset). kafka-python: consumer.commit() is synchronous, returns once the coordinator has answered, and commits the consumer's current position on every partition: offset+1 of the message just processed, and position 0 of partition 0, which has no records. confluent-kafka: Consumer_03 calls commit(asynchronous=False) after a whole batch (commit() is asynchronous by default).",
            ),
        ),
        beat(
            event(EventKind::ProgramCrashed),
            text(
                "當機 (kill -9)。kafka-python: 第5筆 (offset 4) 處理完了, 但它的commit()還沒執行: group commit的offset是4。confluent-kafka: 這一批已經處理了5筆, 但commit要等整批處理完才執行: 這一批一筆也沒有commit。",
                "Killed (kill -9). kafka-python: the 5th record (offset 4) was processed but its commit() had not run: the group's committed offset is 4. confluent-kafka: 5 records of the batch were processed, but the commit runs only after the whole batch: nothing of it is committed.",
            ),
        ),
        beat(
            Trigger::after(
                event(EventKind::ProgramCrashed),
                event(EventKind::RebalanceStarted),
            ),
            REJOIN,
        ),
        beat(
            line(1, Anchor::PrintRecord),
            text(
                "新的instance從commit的offset開始讀。看「重複的訊息」: kafka-python只重複處理commit還沒執行的那1筆, Consumer_03重複處理當機前處理的5筆; 代價是kafka-python每一筆都要等一次commit的來回。",
                "The new instance reads from the committed offset. Watch \"duplicates\": kafka-python processes again only the 1 record whose commit had not run, Consumer_03 the 5 it processed before the crash; the price is one commit round trip per message on the kafka-python side.",
            ),
        ),
    ]
}

pub(super) fn lag() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "同一件事兩種寫法: kafka-python 3.0.12跑講義004的lag程式, confluent-kafka跑課程的Consumer_lag。kafka-python: 手動commit的consumer_demo讀取訊息, 講義004的producer_demo在8秒和12秒各執行一次 (P1和P2), 每次送出3筆到partition 1, Consumer在11秒當機。confluent-kafka: Consumer_01讀取並自動commit, Producer_05持續發佈 (這裡只送20筆)。",
                "The same question answered twice: kafka-python 3.0.12 runs seed 004's lag script, confluent-kafka the course's Consumer_lag. kafka-python: the manual-commit consumer_demo reads, seed 004's producer_demo runs at 8 s and again at 12 s (P1 and P2), each time sending 3 records to partition 1, and the consumer dies at 11 s. confluent-kafka: Consumer_01 reads and auto-commits while Producer_05 keeps publishing (here it sends 20).",
            ),
        ),
        beat(
            event(EventKind::RecordProcessed),
            text(
                "Consumer處理訊息; commit之前, 這些訊息都還算在lag裡。",
                "The consumer processes records; until they are committed they count in the lag.",
            ),
        ),
        beat(
            event(EventKind::OffsetsCommitted),
            text(
                "commit之後, group的committed offset前進, lag變小。",
                "After a commit the group's committed offset moves on and the lag shrinks.",
            ),
        ),
        beat(
            Trigger::nth(2, event(EventKind::ConsumerStarted)),
            text(
                "lag程式啟動。kafka-python: KafkaConsumer(topic, **kwargs)訂閱了topic, 但從不呼叫poll(), 所以不會加入group (看group的成員); 它先用end_offsets()問每個partition的end offset。confluent-kafka: Consumer_lag不訂閱, 只用group.id查詢。",
                "The lag script starts. kafka-python: KafkaConsumer(topic, **kwargs) subscribes to the topic but never calls poll(), so it never joins the group (watch the group's members); it first asks each partition's end offset with end_offsets(). confluent-kafka: Consumer_lag subscribes to nothing and only queries with its group.id.",
            ),
        ),
        beat(
            line(1, Anchor::Committed),
            text(
                "committed()問Group Coordinator這個group在partition上commit的offset。kafka-python一次問一個partition, 沒有commit過的回傳None (這裡的partition 0沒有訊息, 但commit()也commit了它的位置0); confluent-kafka的committed()一次問整個清單, 沒有commit過的是OFFSET_INVALID。",
                "committed() asks the group coordinator for the group's committed offset on a partition. kafka-python asks one partition at a time and returns None where nothing was committed (partition 0 here has no records, but commit() committed its position 0 too); confluent-kafka's committed() asks for the whole list, OFFSET_INVALID where nothing was committed.",
            ),
        ),
        // The lag script ends after its one answer; on the confluent side, when Producer_05
        // has sent its last record.
        beat(
            Trigger::after(
                line(1, Anchor::Committed),
                event(EventKind::ProgramFinished),
            ),
            text(
                "kafka-python: kafka left = end offset的總和 - commit的offset的總和 (None算0): 6 - 3 = 3, 就是當機之後送出、沒有人讀的3筆; 沒有commit過但有訊息的partition, 整個end offset都會算進去; 算一次就結束。confluent-kafka: Consumer_lag每個partition算high - committed (沒有commit過的算high - low), 每5秒再算一次。",
                "kafka-python: kafka left = the sum of the end offsets - the sum of the committed offsets (None counting 0): 6 - 3 = 3, the 3 records sent after the crash that nobody read; a partition with records and no commit counts its whole end offset; the script computes once and ends. confluent-kafka: Consumer_lag computes high - committed per partition (high - low where nothing was committed) and again every 5 s.",
            ),
        ),
    ]
}
