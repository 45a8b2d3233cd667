//! How the group tells a consumer is gone: a killed process stops its heartbeats and is
//! removed after `session.timeout.ms` (consumer-liveness); a program that processes for longer
//! than `max.poll.interval.ms` between polls leaves on its own, loses its partitions and joins
//! again (consumer-max-poll).

use super::action::Action;
use super::consumer::{STREAM_MESSAGES, beat, line, s, source};
use super::counter::Counter;
use super::plan::{ConsumerPlan, Plan, Stop};
use super::prediction::{Guess, Prediction};
use super::trigger::{EventKind, Trigger};
use super::{Beat, Changes, Lesson};
use crate::catalog::exercise;
use crate::exercise::Anchor;
use crate::text::text;
use kafka_sim::consumer::ClientEvent;
use kafka_sim::engine::{Event, Millis, Sim};

/// When the liveness lesson kills its second consumer: the group is steady and both read.
const KILL_AT: Millis = s(20);

/// When the max-poll lesson's consumer is stopped with Ctrl+C: after it has lost its
/// partitions and joined again.
const MAX_POLL_STOP_AT: Millis = s(60);

/// `session.timeout.ms`: the course program's 6000, librdkafka's default 45000
/// (CONFIGURATION.md), and 5000, below the broker's `group.min.session.timeout.ms` (6000 by
/// default, apache/kafka GroupCoordinatorConfig), which JoinGroup refuses with
/// INVALID_SESSION_TIMEOUT.
const SESSION_TIMEOUT: Action = Action::Set {
    name: "session.timeout.ms",
    label: text(
        "改變session.timeout.ms再跑一次",
        "Change session.timeout.ms and run again",
    ),
    values: &["6000", "45000", "5000"],
};

/// `heartbeat.interval.ms`: librdkafka's default 3000 (CONFIGURATION.md) and a faster 1000.
const HEARTBEAT_INTERVAL: Action = Action::Set {
    name: "heartbeat.interval.ms",
    label: text(
        "改變heartbeat.interval.ms再跑一次",
        "Change heartbeat.interval.ms and run again",
    ),
    values: &["3000", "1000"],
};

/// `max.poll.interval.ms`: the program's 10000, one longer than the processing, and
/// librdkafka's default 300000 (CONFIGURATION.md).
const MAX_POLL_INTERVAL: Action = Action::Set {
    name: "max.poll.interval.ms",
    label: text(
        "改變max.poll.interval.ms再跑一次",
        "Change max.poll.interval.ms and run again",
    ),
    values: &["10000", "30000", "300000"],
};

/// Consumer_max_poll's processing seconds per record, its `sys.argv[1]`.
const PROCESSING_TIME: Action = Action::SetArgument {
    label: text(
        "改變每筆的處理秒數 (sys.argv[1]) 再跑一次",
        "Change the processing seconds per record (sys.argv[1]) and run again",
    ),
    values: &["12", "2"],
};

pub(super) fn lesson(id: &str) -> Option<Lesson> {
    let exercise = exercise(id)?;
    let main = &exercise.sources[0];
    let producer_05 = source("producer-05-cgroup");
    let lesson = |actions, beats, key_moment, prediction, consumers| Lesson {
        id: exercise.id,
        ms_per_second: 4_000,
        actions,
        counters: vec![Counter::Processed, Counter::Lag],
        beats,
        key_moment,
        predictions: vec![prediction],
        plans: vec![Plan::group(
            exercise.title,
            producer_05,
            STREAM_MESSAGES,
            consumers,
        )],
    };
    match id {
        "consumer-liveness" => Some(lesson(
            vec![
                SESSION_TIMEOUT,
                HEARTBEAT_INTERVAL,
                Action::CrashConsumer,
                Action::AddConsumer,
            ],
            liveness(),
            removed_after_kill(),
            noticed(),
            vec![
                ConsumerPlan::new(main, 0),
                ConsumerPlan::new(main, 0).stopped(KILL_AT, Stop::Kill),
            ],
        )),
        "consumer-max-poll" => Some(lesson(
            vec![MAX_POLL_INTERVAL, PROCESSING_TIME],
            max_poll(),
            line(0, Anchor::OnLost),
            slow(),
            vec![ConsumerPlan::new(main, 0).stopped(MAX_POLL_STOP_AT, Stop::Interrupt)],
        )),
        _ => None,
    }
}

/// The coordinator removes the killed member.
fn removed_after_kill() -> Trigger {
    Trigger::after(
        Trigger::Event(EventKind::ConsumerKilled),
        Trigger::Event(EventKind::MemberRemoved),
    )
}

fn liveness() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "兩個Consumer_01的instance分4個partition。程式的props把session.timeout.ms設成6000 (librdkafka預設45000); heartbeat.interval.ms用預設的3000: 每個Consumer每3秒送一次heartbeat給Group Coordinator。看protocol lane裡的heartbeat。",
                "Two instances of Consumer_01 share 4 partitions. The program's props set session.timeout.ms to 6000 (librdkafka's default is 45000); heartbeat.interval.ms keeps its default, 3000: each consumer sends the group coordinator a heartbeat every 3 s. Watch the heartbeats in the protocol lane.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::Assigned),
            text(
                "Rebalance完成, 兩個Consumer各分到2個partition, 開始讀取。",
                "The rebalance is done: each consumer gets 2 partitions and starts reading.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::ConsumerKilled),
            text(
                "C2被kill -9: 沒有執行close(), 沒有送出LeaveGroup。Coordinator還不知道: C2還是group的成員, 它的partition沒有人讀, lag會增加。它什麼時候會發現?",
                "C2 is killed with kill -9: no close(), no LeaveGroup. The coordinator does not know yet: C2 is still a member, nobody reads its partitions and their lag grows. When will it notice?",
            ),
        ),
        beat(
            Trigger::after(
                Trigger::Event(EventKind::ConsumerKilled),
                Trigger::Event(EventKind::RecordProcessed),
            ),
            text(
                "C1繼續讀它自己的2個partition, C2的partition上的訊息在等待; C1的heartbeat照常得到回覆。",
                "C1 goes on reading its own 2 partitions while the records on C2's wait; C1's heartbeats are answered as usual.",
            ),
        ),
        beat(
            removed_after_kill(),
            text(
                "從C2最後一次heartbeat算起, session.timeout.ms (6秒) 過了還沒收到新的heartbeat: Coordinator把C2移出group, 開始Rebalance。",
                "session.timeout.ms (6 s) has passed since C2's last heartbeat: the coordinator removes C2 from the group and starts a rebalance.",
            ),
        ),
        beat(
            Trigger::after(
                Trigger::Event(EventKind::ConsumerKilled),
                Trigger::Event(EventKind::Assigned),
            ),
            text(
                "C1分到全部4個partition, 從group已經commit的offset繼續讀。試試session.timeout.ms: 45000 (librdkafka的預設) 時partition要等45秒才有人接手; 5000低於Broker的group.min.session.timeout.ms (6000), JoinGroup被拒絕, 程式印出錯誤。",
                "C1 gets all 4 partitions and continues from the group's committed offsets. Try session.timeout.ms: at 45000 (librdkafka's default) the partitions wait 45 s for a new owner; 5000 is below the broker's group.min.session.timeout.ms (6000), so JoinGroup is refused and the program prints the error.",
            ),
        ),
    ]
}

fn max_poll() -> Vec<Beat> {
    vec![
        beat(
            Trigger::Start,
            text(
                "Consumer_max_poll每處理一筆訊息要12秒 (time.sleep), max.poll.interval.ms設成10秒 (librdkafka預設300秒, 也就是5分鐘); 每處理完一批, 像Consumer_04一樣非同步地commit。",
                "Consumer_max_poll takes 12 s to process each record (time.sleep) and sets max.poll.interval.ms to 10 s (librdkafka's default is 300 s: 5 minutes); after each batch it commits asynchronously, as Consumer_04 does.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::Assigned),
            text("它分到全部4個partition。", "It gets all 4 partitions."),
        ),
        beat(
            line(0, Anchor::Work),
            text(
                "處理一筆訊息要12秒, 這段時間程式沒有呼叫consume()。背景的heartbeat照常送出: session.timeout.ms只檢查process還活著, 不檢查程式有沒有在讀。",
                "Processing one record takes 12 s, and meanwhile the program does not call consume(). The background heartbeats go on: session.timeout.ms only checks that the process is alive, not that the program reads.",
            ),
        ),
        beat(
            Trigger::Event(EventKind::Logged),
            text(
                "距離上一次consume()超過10秒: librdkafka在stderr印出MAXPOLL的警告, 送出LeaveGroup離開group, 把partition當成遺失 (lost)。",
                "More than 10 s since the last consume(): librdkafka writes the MAXPOLL warning to stderr, sends LeaveGroup and treats its partitions as lost.",
            ),
        ),
        beat(
            Trigger::after(
                Trigger::Event(EventKind::Logged),
                Trigger::Event(EventKind::RecordProcessed),
            ),
            text(
                "程式還不知道: 它繼續處理手上這一批剩下的訊息, 又是12秒。它已經不在group裡, 這些處理結果不能再commit。",
                "The program does not know yet: it goes on with the rest of the batch in its hands, another 12 s. It is no longer in the group, and nothing it processes now can be committed.",
            ),
        ),
        beat(
            Trigger::after(Trigger::Event(EventKind::Logged), line(0, Anchor::Commit)),
            text(
                "這一批處理完, 程式呼叫非同步的commit(); 下一次consume()時on_commit通知失敗: _ASSIGNMENT_LOST。partition已經不屬於它, librdkafka不會commit; 它處理過的訊息, 下一個拿到這些partition的Consumer會再處理一次。",
                "The batch done, the program calls the asynchronous commit(); at the next consume() on_commit reports the failure: _ASSIGNMENT_LOST. The partitions are no longer its own and librdkafka does not commit; the next consumer to get them processes those records again.",
            ),
        ),
        beat(
            line(0, Anchor::OnLost),
            text(
                "下一次consume()先執行on_lost: 這些partition可能已經分給別人, 不能再commit。沒有設定on_lost的程式, confluent-kafka-python會呼叫on_revoke。",
                "The next consume() runs on_lost first: the partitions may already belong to someone else and can no longer be committed. For a program without on_lost, confluent-kafka-python calls on_revoke.",
            ),
        ),
        beat(
            Trigger::after(line(0, Anchor::OnLost), line(0, Anchor::SkipError)),
            text(
                "consume()把_MAX_POLL_EXCEEDED當成一筆有錯誤的record交給程式: 這個程式印出錯誤後繼續 (課程的程式會raise, 結束迴圈)。",
                "consume() hands over _MAX_POLL_EXCEEDED as a record carrying an error: this program prints it and goes on (the course programs raise and leave the loop).",
            ),
        ),
        beat(
            Trigger::after(line(0, Anchor::OnLost), line(0, Anchor::OnAssign)),
            text(
                "它用新的member id重新加入group, 又分到partition; 但每筆還是要12秒, 同樣的事會再發生。試試看: max.poll.interval.ms 30000只是延後: 程式落後了, 下一批有好幾筆, 每筆12秒; 300000 (預設) 或每筆2秒才跟得上。",
                "It joins again with a new member id and gets partitions again; but each record still takes 12 s, and the same will happen again. Try it: max.poll.interval.ms 30000 only postpones it, as the program has fallen behind and the next batch holds several records of 12 s each; 300000 (the default) or 2 s per record keeps up.",
            ),
        ),
    ]
}

/// Asked when the killed consumer stops: how long until the group notices.
fn noticed() -> Prediction {
    Prediction {
        id: "liveness-noticed",
        prompt: text(
            "C2被kill -9了。Group Coordinator多久之後把它移出group?",
            "C2 has been killed with kill -9. How long until the group coordinator removes it?",
        ),
        changes: Changes::none(),
        ask: Trigger::Event(EventKind::ConsumerKilled),
        reveal: removed_after_kill(),
        choices: vec![
            Guess {
                text: text("馬上: TCP連線斷了", "At once: its connection broke"),
                claims: "at once",
            },
            Guess {
                text: text(
                    "少了一次heartbeat就移出 (3秒之內)",
                    "After one missed heartbeat (within 3 s)",
                ),
                claims: "heartbeat",
            },
            Guess {
                text: text(
                    "最後一次heartbeat之後session.timeout.ms (6秒)",
                    "session.timeout.ms (6 s) after its last heartbeat",
                ),
                claims: "session",
            },
        ],
        observe: removal_delay,
        explanation: text(
            "Coordinator只看heartbeat: 成員在session.timeout.ms之內沒有送出heartbeat (或JoinGroup) 才會被移出 (Kafka GroupCoordinator的session到期); librdkafka的heartbeat每heartbeat.interval.ms送一次 (rdkafka_cgrp.c rd_kafka_cgrp_heartbeat)。連線斷掉不算離開group。",
            "The coordinator goes by heartbeats only: a member is removed when no heartbeat (or JoinGroup) has come within session.timeout.ms (Kafka's GroupCoordinator session expiry); librdkafka sends one every heartbeat.interval.ms (rdkafka_cgrp.c rd_kafka_cgrp_heartbeat). A broken connection is not a leave.",
        ),
    }
}

/// How the removal of the killed member relates to the kill: "at once" (the same second),
/// "heartbeat" (within 3 s) or "session" (later).
fn removal_delay(sim: &Sim, reveal: u64) -> String {
    let time_of = |found: &dyn Fn(&Event) -> bool| {
        sim.trace()
            .iter()
            .take_while(|entry| entry.seq <= reveal)
            .find(|entry| found(&entry.event))
            .map(|entry| entry.time)
    };
    let killed = time_of(&|event| EventKind::ConsumerKilled.matches(event));
    let removed = sim
        .trace()
        .iter()
        .find(|entry| entry.seq == reveal)
        .map(|entry| entry.time);
    let delay = match (killed, removed) {
        (Some(killed), Some(removed)) => removed.saturating_sub(killed),
        _ => return String::new(),
    };
    match delay {
        0..1_000 => "at once",
        1_000..3_000 => "heartbeat",
        _ => "session",
    }
    .to_owned()
}

/// Asked as the first slow record starts: what a program that does not poll in time meets.
fn slow() -> Prediction {
    Prediction {
        id: "max-poll-exceeded",
        prompt: text(
            "處理這一筆要12秒, max.poll.interval.ms是10秒, heartbeat照常送出。會發生什麼事?",
            "This record takes 12 s to process, max.poll.interval.ms is 10 s, and the heartbeats go on. What happens?",
        ),
        changes: Changes::none(),
        ask: line(0, Anchor::Work),
        reveal: line(0, Anchor::OnLost),
        choices: vec![
            Guess {
                text: text(
                    "沒事: heartbeat讓它留在group裡",
                    "Nothing: the heartbeats keep it in the group",
                ),
                claims: "stays",
            },
            Guess {
                text: text(
                    "它自己離開group, partition被當成遺失 (on_lost)",
                    "It leaves the group itself and its partitions count as lost (on_lost)",
                ),
                claims: "lost",
            },
            Guess {
                text: text("process被終止", "The process is terminated"),
                claims: "killed",
            },
        ],
        observe: lost_by_reveal,
        explanation: text(
            "librdkafka每0.5秒檢查距離上一次poll的時間, 超過max.poll.interval.ms就印出MAXPOLL、離開group、以lost的方式收回partition (rdkafka_cgrp.c rd_kafka_cgrp_max_poll_interval_check_tmr_cb); confluent-kafka-python在有on_lost時呼叫on_lost, 否則呼叫on_revoke (Consumer.c)。",
            "librdkafka checks the time since the last poll twice a second; past max.poll.interval.ms it logs MAXPOLL, leaves the group and revokes the partitions as lost (rdkafka_cgrp.c rd_kafka_cgrp_max_poll_interval_check_tmr_cb); confluent-kafka-python calls on_lost when set, else on_revoke (Consumer.c).",
        ),
    }
}

/// "lost" if the consumer's assignment was revoked as lost (the `on_lost` the reveal shows
/// completes after it), "killed" if the process died first, else "stays".
fn lost_by_reveal(sim: &Sim, _reveal: u64) -> String {
    let mut outcome = "stays";
    for entry in sim.trace() {
        match &entry.event {
            Event::Consumer {
                event: ClientEvent::Revoked { lost: true, .. },
                ..
            } if outcome == "stays" => outcome = "lost",
            Event::ConsumerKilled { .. } if outcome == "stays" => outcome = "killed",
            _ => {}
        }
    }
    outcome.to_owned()
}
