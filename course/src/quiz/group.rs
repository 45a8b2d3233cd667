//! Questions on consumer groups, liveness and rebalancing.

use super::{Question, right, see, wrong};
use crate::part::Part;
use crate::text::text;

pub(super) static QUESTIONS: &[Question] = &[
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
            "在一個consumer group裡, 一個partition同一時間只會分給一個成員; 成員比partition多時, 多出來的成員分到空的清單, 但仍然是group的成員, 可以在別人離開時接手。哪一個閒置不看啟動順序: range依member id (rdkafka-<uuid>) 排序成員, 排在最後的分不到。",
            "In a consumer group a partition belongs to one member at a time; with more members than partitions, the extra members get an empty assignment but stay in the group, ready to take over when another leaves. Which one idles does not follow the start order: range sorts the members by member id (rdkafka-<uuid>) and the last gets none.",
        ),
        source: "kafka-semantics.md §A.0, §A.1; librdkafka rdkafka_range_assignor.c (members sorted by member id)",
        see: see("consumer-01-cgroup", "key-moment"),
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
        see: see("consumer-01-cgroup", "key-moment"),
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
        see: see("consumer-01-cgroup", "key-moment"),
    },
    Question {
        id: "rebalance-triggers",
        part: Part::Rebalance,
        prompt: text(
            "下列哪些情況會觸發consumer group的Rebalance?",
            "Which of these trigger a rebalance of the consumer group?",
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
        see: see("consumer-01-cgroup", "rebalance"),
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
        see: see("consumer-01-cgroup", "revoke"),
    },
    Question {
        id: "cooperative-two-rebalances",
        part: Part::Rebalance,
        prompt: text(
            "使用cooperative-sticky, 2個Consumer正在讀取時加入第3個。下列哪些正確?",
            "With cooperative-sticky, a third consumer joins two that are reading. Which are true?",
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
        see: see("consumer-cooperative", "key-moment"),
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
        see: see("consumer-cooperative", "key-moment"),
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
            right(
                "它自己的console仍然印出收回partition的那一行: close()在本機收回分配並執行on_revoke",
                "Its own console still prints the revoke line: close() unassigns locally and runs on_revoke",
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
            "靜態成員 (KIP-345) 關閉時librdkafka不送LeaveGroup, 但close()仍在本機收回分配, 所以它自己的on_revoke會執行、印出那一行; group並沒有Rebalance。Broker保留它的分配直到session.timeout.ms到期。期限內回來 (group穩定、協定不變), Broker讓它以新的member id取代舊的, 不觸發Rebalance, 就算它原本是group的leader也一樣 (Kafka 2.4起的Broker行為, KAFKA-8500: librdkafka送的JoinGroup是v5, Broker回覆舊的leader id, 所以它以一般成員的身分回來); 逾時才會Rebalance。",
            "For a static member (KIP-345) librdkafka sends no LeaveGroup on close, but close() still unassigns locally, so its own on_revoke runs and prints its line; the group does not rebalance. The broker keeps its assignment until session.timeout.ms expires. Back in time (group stable, protocol unchanged), the broker swaps in its new member id without a rebalance, even if it led the group (brokers since Kafka 2.4, KAFKA-8500: librdkafka's JoinGroup v5 is answered with the old leader id, so it simply rejoins as a follower); only a timeout rebalances.",
        ),
        source: "kafka-semantics.md §D.3; librdkafka rdkafka_cgrp.c rd_kafka_cgrp_leave_maybe (no LeaveGroup for static members); KIP-345; KAFKA-8500 (apache/kafka GroupCoordinator updateStaticMemberAndRebalance: the old leader id for JoinGroup below v9; KIP-814 only adds skipAssignment for v9); librdkafka rdkafka_request.c (JoinGroup v5 at most)",
        see: see("consumer-static-membership", "key-moment"),
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
        see: see("consumer-01-cgroup", "rebalance"),
    },
    Question {
        id: "leader-vs-coordinator",
        part: Part::ConsumerGroup,
        prompt: text(
            "group coordinator和group leader有什麼不同?",
            "How do the group coordinator and the group leader differ?",
        ),
        choices: &[
            right(
                "coordinator是一個Broker: 管理成員、generation、heartbeat, 並保存group commit的offset",
                "The coordinator is a broker: it manages the members, the generation and heartbeats, and stores the group's committed offsets",
            ),
            right(
                "leader是group裡的一個Consumer: 只有它收到成員清單並執行assignor (range等), 再由SyncGroup把結果發給大家",
                "The leader is one of the group's consumers: only it receives the member list and runs the assignor (range and the like); SyncGroup hands the result to everyone",
            ),
            wrong(
                "leader是擁有最多partition leader的Broker",
                "The leader is the broker that leads the most partitions",
            ),
            wrong(
                "coordinator自己計算每個Consumer分到哪些partition",
                "The coordinator computes each consumer's partitions itself",
            ),
        ],
        explanation: text(
            "在classic協定 (confluent-kafka-python的預設group.protocol) 裡, coordinator是__consumer_offsets中group.id所對應partition的leader Broker; 分配由client端的group leader計算, 所以Consumer的設定 (partition.assignment.strategy) 決定分配方式。",
            "In the classic protocol (confluent-kafka-python's default group.protocol) the coordinator is the broker that leads the __consumer_offsets partition of the group.id; the assignment is computed client-side by the group leader, which is why the consumers' own partition.assignment.strategy decides it.",
        ),
        source: "kafka-semantics.md §D.1 (the leader runs the assignor), §D.6 (group.protocol classic); Kafka protocol guide (FindCoordinator, JoinGroup, SyncGroup)",
        see: see("consumer-01-cgroup", "rebalance"),
    },
    Question {
        id: "idle-member-by-id",
        part: Part::ConsumerGroup,
        prompt: text(
            "5個Consumer_01_Cgroup一個接一個加入同一個group, topic有4個partitions (range)。哪一個會印出Setting newly assigned partitions: []?",
            "Five Consumer_01_Cgroup instances join one group one after another; the topic has 4 partitions (range). Which one prints Setting newly assigned partitions: []?",
        ),
        choices: &[
            right(
                "member id (rdkafka-<uuid>) 排序最後的那一個, 不一定是最後啟動的",
                "The one whose member id (rdkafka-<uuid>) sorts last, not necessarily the last to start",
            ),
            wrong("一定是第5個啟動的", "Always the fifth to start"),
            wrong("一定是第1個啟動的", "Always the first to start"),
        ],
        explanation: text(
            "range依member id排序成員 (靜態成員則依group.instance.id), 再把連續的partition分給前面的成員。member id由Broker產生: client.id (librdkafka預設rdkafka) 加上隨機的UUID, 所以閒置的是id排最後的那個, 和加入的順序無關。",
            "range sorts the members by member id (static members by group.instance.id) and hands the consecutive partitions to the first ones. The broker makes each member id from the client.id (rdkafka by default in librdkafka) and a random UUID, so the idle one is whichever sorts last, whatever the join order.",
        ),
        source: "librdkafka rdkafka_range_assignor.c (members sorted by member id); kafka-semantics.md §A.0, §A.1",
        see: see("consumer-01-cgroup", "key-moment"),
    },
    Question {
        id: "liveness-defaults",
        part: Part::Rebalance,
        prompt: text(
            "confluent-kafka-python (librdkafka) 的heartbeat.interval.ms、session.timeout.ms、max.poll.interval.ms預設值是?",
            "What are confluent-kafka-python's (librdkafka's) defaults for heartbeat.interval.ms, session.timeout.ms and max.poll.interval.ms?",
        ),
        choices: &[
            right("3000 / 45000 / 300000", "3000 / 45000 / 300000"),
            wrong("3000 / 10000 / 300000", "3000 / 10000 / 300000"),
            wrong("1000 / 30000 / 60000", "1000 / 30000 / 60000"),
        ],
        explanation: text(
            "librdkafka每3秒送一次heartbeat; 45秒沒有heartbeat, Broker就把成員移出group (v1.7.0之前是10秒, KIP-735改成45秒); 兩次consume()/poll()之間超過300秒, client自己離開group。",
            "librdkafka sends a heartbeat every 3 s; after 45 s without one the broker removes the member (10 s before v1.7.0, raised by KIP-735); more than 300 s between consume()/poll() calls and the client leaves the group itself.",
        ),
        source: "librdkafka CONFIGURATION.md heartbeat.interval.ms, session.timeout.ms, max.poll.interval.ms; CHANGELOG.md v1.7.0 (KIP-735); kafka-semantics.md §D.6",
        see: see("consumer-01-cgroup", "rebalance"),
    },
    Question {
        id: "heartbeat-thread",
        part: Part::Rebalance,
        prompt: text(
            "一筆記錄處理了60秒 (比session.timeout.ms的45秒久, 比max.poll.interval.ms短)。Broker會把這個Consumer移出group嗎?",
            "Processing one record takes 60 s (longer than session.timeout.ms, 45 s, shorter than max.poll.interval.ms). Does the broker remove the consumer from the group?",
        ),
        choices: &[
            right(
                "不會: heartbeat由librdkafka的背景執行緒送出, 和consume()無關",
                "No: librdkafka's background thread sends the heartbeats, independently of consume()",
            ),
            wrong(
                "會: heartbeat只在consume()裡送出",
                "Yes: heartbeats are sent only inside consume()",
            ),
            wrong(
                "會: 處理時間超過session.timeout.ms就會Rebalance",
                "Yes: processing longer than session.timeout.ms rebalances",
            ),
        ],
        explanation: text(
            "session.timeout.ms只看heartbeat, 而heartbeat由背景執行緒每heartbeat.interval.ms送一次; 處理太久要看的是max.poll.interval.ms, 那是librdkafka自己檢查兩次consume()之間的時間。",
            "session.timeout.ms watches heartbeats only, and a background thread sends them every heartbeat.interval.ms; slow processing is what max.poll.interval.ms is for, which librdkafka checks itself between two consume() calls.",
        ),
        source: "kafka-semantics.md §D.4; librdkafka CONFIGURATION.md heartbeat.interval.ms, max.poll.interval.ms",
        see: see("consumer-01-cgroup", "rebalance"),
    },
    Question {
        id: "crash-session-timeout",
        part: Part::Rebalance,
        prompt: text(
            "一個Consumer被kill -9 (沒有呼叫close())。它的partition什麼時候會分給別人?",
            "A consumer is killed with kill -9 (no close()). When do its partitions go to the others?",
        ),
        choices: &[
            right(
                "session.timeout.ms (預設45秒) 內沒有heartbeat, coordinator把它移出group並Rebalance; 在那之前沒有人讀這些partition",
                "When no heartbeat arrived for session.timeout.ms (45 s by default) the coordinator removes it and rebalances; until then nobody reads its partitions",
            ),
            wrong(
                "馬上, Broker發現連線斷了就Rebalance",
                "At once: the broker sees the connection close and rebalances",
            ),
            wrong(
                "max.poll.interval.ms (300秒) 之後",
                "After max.poll.interval.ms (300 s)",
            ),
        ],
        explanation: text(
            "沒有close()就沒有LeaveGroup; coordinator只靠heartbeat判斷成員是否還活著, 等session.timeout.ms到期才觸發Rebalance。max.poll.interval.ms是client自己檢查的, 程式被殺掉就不會再檢查。",
            "Without close() there is no LeaveGroup; the coordinator judges liveness by heartbeats only and rebalances when session.timeout.ms expires. max.poll.interval.ms is checked by the client itself, which no longer runs.",
        ),
        source: "kafka-semantics.md §D.4, §C.7; librdkafka CONFIGURATION.md session.timeout.ms",
        see: see("consumer-01-cgroup", "rebalance"),
    },
    Question {
        id: "max-poll-at-least-session",
        part: Part::Rebalance,
        prompt: text(
            "Consumer設定'session.timeout.ms': 60000, 'max.poll.interval.ms': 30000。會怎樣?",
            "A consumer sets 'session.timeout.ms': 60000 and 'max.poll.interval.ms': 30000. What happens?",
        ),
        choices: &[
            right(
                "建立Consumer時就失敗: librdkafka要求max.poll.interval.ms >= session.timeout.ms",
                "Creating the consumer fails: librdkafka requires max.poll.interval.ms >= session.timeout.ms",
            ),
            wrong(
                "沒問題, 兩個設定互不相關",
                "Nothing special: the two settings are unrelated",
            ),
            wrong(
                "librdkafka自動把session.timeout.ms改成30000",
                "librdkafka lowers session.timeout.ms to 30000 by itself",
            ),
        ],
        explanation: text(
            "librdkafka在檢查設定時拒絕max.poll.interval.ms小於session.timeout.ms的組合, confluent-kafka-python因此在Consumer()時丟出KafkaException。",
            "librdkafka's configuration check rejects a max.poll.interval.ms below session.timeout.ms, so confluent-kafka-python raises KafkaException from Consumer().",
        ),
        source: "librdkafka rdkafka_conf.c rd_kafka_conf_finalize (`max.poll.interval.ms`must be >= `session.timeout.ms`); kafka-semantics.md §D.4",
        see: see("consumer-01-cgroup", "rebalance"),
    },
];
