//! Every user-facing string, in Traditional Chinese (the course's language) and English, behind
//! a typed key: a key without both translations does not compile.

use std::fmt;

/// The interface language. zh-TW is the default: it is the course's language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    ZhTw,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhTw, Lang::En];

    /// The BCP 47 tag, used for `<html lang>` and for the stored preference.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhTw => "zh-TW",
            Lang::En => "en",
        }
    }

    /// Reads a stored tag; anything else (a corrupted or foreign value) is `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.tag() == tag)
    }

    /// The language's own name, shown on the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::ZhTw => "繁體中文",
            Lang::En => "English",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

macro_rules! texts {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A user-facing string's key.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Text { $($key,)* }

        impl Text {
            /// All keys, for the tests that check every translation.
            pub const ALL: &'static [Text] = &[$(Text::$key,)*];

            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(
                        (Text::$key, Lang::ZhTw) => $zh,
                        (Text::$key, Lang::En) => $en,
                    )*
                }
            }
        }
    };
}

texts! {
    AppTitle => "Kafka 實驗室", "Kafka Lab";
    AppTagline => "看見 Kafka Producer 與 Consumer 真正的行為", "See what Kafka producers and consumers really do";
    Language => "語言", "Language";
    SkipToContent => "跳到主要內容", "Skip to main content";
    Topic => "主題 (Topic)", "Topic";
    Partition => "分區 (Partition)", "Partition";
    Offset => "位移 (Offset)", "Offset";
    PartitionsCount => "個分區", "partitions";
    PartitionCountOne => "個分區", "partition";
    ConsumerGroup => "消費者群組 (Consumer Group)", "Consumer group";
    Generation => "世代 (Generation)", "Generation";
    Members => "成員", "Members";
    NoMembers => "群組裡還沒有 consumer：按「加入 consumer」。", "No consumer in the group yet: press “Add a consumer”.";
    AddConsumer => "加入 consumer", "Add a consumer";
    RemoveConsumer => "移除", "Remove";
    GroupFull => "這個示範最多 9 個 consumer。", "This demo holds at most 9 consumers.";
    OwnedBy => "擁有者", "Owner";
    Unassigned => "未分配", "Unassigned";
    Idle => "閒置：沒有分到任何 partition", "Idle: no partition assigned";
    LiveHint => "一個 partition 在同一個群組裡只會分給一個 consumer。consumer 比 partition 多時，多出來的會閒置。", "Within a group, each partition goes to exactly one consumer. With more consumers than partitions, the extra ones sit idle.";
    AssignorNote => "分配方式：range（librdkafka 預設的 partition.assignment.strategy 的第一個）", "Assignment: range (the first of librdkafka's default partition.assignment.strategy)";
    Exercises => "課程練習", "Exercises";
    ExercisesIntro => "ak03 的每一個練習：看 Python 程式一行一行執行，同時看 Kafka 叢集發生了什麼事。", "Every exercise of ak03: watch the Python program run line by line, and what the Kafka cluster does meanwhile.";
    LiveDemo => "動手試試：消費者群組", "Try it: a consumer group";
    Program => "程式", "Program";
    Line => "行", "Line";
    CodeOf => "程式碼：", "Code:";
    Play => "播放", "Play";
    Pause => "暫停", "Pause";
    StepForward => "下一步", "Next step";
    StepBack => "上一步", "Previous step";
    Restart => "從頭開始", "Restart";
    Speed => "速度", "Speed";
    Instant => "立即跑完", "Instant";
    VirtualTime => "模擬時間", "Simulated time";
    KeyboardHint => "鍵盤：空白鍵 播放／暫停，← → 一步一步走", "Keyboard: space plays or pauses, ← → step";
    KeyboardHintThisRun => "鍵盤控制標著「⌨ 鍵盤」的這一邊：空白鍵 播放／暫停，← → 一步一步走", "The keyboard drives the run marked “⌨ keyboard”: space plays or pauses, ← → step";
    KeyboardHintOtherRun => "鍵盤正在控制另一邊；點一下這一邊，鍵盤就改控制它", "The keyboard drives the other run; click this one to drive it instead";
    KeyboardRun => "⌨ 鍵盤", "⌨ keyboard";
    KeyboardRunTitle => "空白鍵和 ← → 控制這一邊", "Space and ← → drive this run";
    Console => "主控台輸出", "Console output";
    ConsoleEmpty => "（還沒有輸出）", "(no output yet)";
    EarlierLines => "行較早的輸出未顯示", "earlier lines not shown";
    Cluster => "Kafka 叢集", "The Kafka cluster";
    Producer => "Producer", "Producer";
    LocalQueue => "本機佇列（尚未送出）", "Local queue (not sent yet)";
    QueueEmpty => "佇列是空的", "The queue is empty";
    BatchesInFlight => "傳送中的批次 (ProduceRequest)", "Batches in flight (ProduceRequest)";
    NoBatches => "沒有傳送中的批次", "No batch in flight";
    Brokers => "Broker", "Brokers";
    BrokerDown => "當機", "down";
    Leads => "Leader", "Leads";
    Follows => "Follower", "Follows";
    LeaderShort => "leader", "leader";
    Offline => "離線 (offline)", "offline";
    Isr => "ISR（同步副本）", "ISR (in-sync replicas)";
    HighWatermark => "高水位 (high watermark)：consumer 讀得到它之前的訊息", "High watermark: consumers can read the messages before it";
    LogEnd => "log 結尾 (log end offset)", "Log end offset";
    ReplicaEnd => "follower 副本複製到這裡", "A follower replica has copied up to here";
    Position => "consumer 的 position：下一個要讀的 offset", "A consumer's position: the next offset it reads";
    PositionFetchStart => "consumer 還沒拿到訊息，position() 是 INVALID：第一次 fetch 從 commit 的 offset 開始", "No record handed over yet, so position() is INVALID: the first fetch starts at the committed offset";
    CommittedOffset => "群組已 commit 的 offset", "The group's committed offset";
    EarlierOffsets => "之前的 offset 未顯示：", "earlier offsets not drawn:";
    GroupState => "狀態", "State";
    GroupLeader => "群組 leader（執行 assignor）", "Group leader (runs the assignor)";
    ProtocolLane => "通訊協定訊息", "Protocol messages";
    LaneEmpty => "（還沒有訊息）", "(no message yet)";
    Callbacks => "Callback 呼叫", "Callbacks";
    NoCallbacks => "還沒有執行任何 callback", "No callback has run yet";
    DeliveryCallback => "delivery_callback：送達", "delivery_callback: delivered";
    DeliveryFailed => "delivery_callback：失敗", "delivery_callback: failed";
    OnAssign => "on_assign：分到 partition", "on_assign: partitions assigned";
    OnRevoke => "on_revoke：partition 被收回", "on_revoke: partitions revoked";
    OnLost => "on_lost：partition 已遺失", "on_lost: partitions lost";
    OnCommitOk => "on_commit：commit 成功", "on_commit: commit succeeded";
    OnCommitFailed => "on_commit：commit 失敗", "on_commit: commit failed";
    KeyMoment => "跳到關鍵時刻", "Jump to the key moment";
    WhatIf => "如果……會怎樣？", "What if…?";
    Changed => "已變更：", "Changed:";
    ResetChanges => "還原成課程的程式", "Back to the course's program";
    CannotNow => "現在無法這麼做", "Not possible at this moment";
    Narration => "現在注意", "Watch now";
    RunFailed => "這個練習無法模擬：", "This exercise cannot be simulated:";
    NotFoundTitle => "找不到這個頁面", "Page not found";
    NotFoundBody => "網址裡的路徑不存在：", "This address has no page:";
    BackHome => "回到首頁", "Back to the home page";
}

/// Shorthand for the components: `t(lang, Text::AppTitle)`.
pub fn t(lang: Lang, key: Text) -> &'static str {
    key.get(lang)
}

/// The course content's own bilingual text, in `lang`.
pub fn pick(lang: Lang, text: course::Text) -> &'static str {
    match lang {
        Lang::ZhTw => text.zh_tw,
        Lang::En => text.en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_translated() {
        for key in Text::ALL {
            for lang in Lang::ALL {
                assert!(
                    !key.get(lang).trim().is_empty(),
                    "{key:?} is empty in {lang}"
                );
            }
        }
    }

    #[test]
    fn stored_tags_round_trip_and_garbage_is_rejected() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("klingon"), None);
        assert_eq!(Lang::from_tag(""), None);
        assert_eq!(Lang::default(), Lang::ZhTw);
    }
}
