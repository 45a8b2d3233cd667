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
                // One `match` on the key per language: each compiles to a table of that
                // language's strings, where a `match` on (key, language) cost ~15 bytes of
                // wasm per arm. Not one array of every string: a call whose key is known (or
                // one of two) still folds to its own strings, so the page as it loads links
                // only those; an array linked all of them into it (+23 KB).
                match lang {
                    Lang::ZhTw => match self { $(Text::$key => $zh,)* },
                    Lang::En => match self { $(Text::$key => $en,)* },
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
    NoMembers => "群組裡還沒有 consumer：按「加入 consumer」。", "No consumer in the group yet: press \"Add a consumer\".";
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
    KeyboardHintThisRun => "鍵盤控制標著「⌨ 鍵盤」的這一邊：空白鍵 播放／暫停，← → 一步一步走", "The keyboard drives the run marked \"⌨ keyboard\": space plays or pauses, ← → step";
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
    ReportsWaiting => "等待poll()的delivery report", "Delivery reports waiting for poll()";
    NoReports => "沒有等待中的delivery report", "No delivery report waiting";
    ReportFailed => "發佈失敗", "failed";
    MemberId => "member id (range依它排序成員)", "member id (range orders members by it)";
    Brokers => "Broker", "Brokers";
    BrokerDown => "當機", "down";
    Leads => "Leader", "Leads";
    Follows => "Follower", "Follows";
    LeaderShort => "leader", "leader";
    Offline => "離線 (offline)", "offline";
    Isr => "ISR（同步副本）", "ISR (in-sync replicas)";
    HighWatermark => "高水位 (high watermark)：consumer 讀得到它之前的訊息", "High watermark: consumers can read the records before it";
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
    FutureDone => "future 完成：已送達 (callback)", "future completed: delivered (callbacks)";
    FutureFailed => "future 失敗 (errback)", "future failed (errbacks)";
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
    // Practice tasks (實作測驗), by the practice helper.
    PracticeKicker => "實作測驗", "Practice task";
    PracticeScene => "這次執行會發生：", "What happens in the run:";
    PracticeKnobs => "你可以改變的地方", "What you may change";
    PracticeAsWritten => "程式原本的值", "as the program writes it";
    PracticeNotSet => "不設定 (librdkafka的預設值)", "not set (librdkafka's default)";
    PracticeRun => "執行並評分", "Run and grade";
    PracticeFacts => "評分的依據 (從模擬的結果讀出)", "What is graded (read from the run)";
    PracticeWhat => "項目", "Fact";
    PracticeValue => "這次執行", "This run";
    PracticeLimit => "上限", "At most";
    PracticeWithin => "在上限之內", "within the limit";
    PracticeOver => "超過上限", "over the limit";
    PracticeVerdict => "結果", "Result";
    PracticePassed => "通過: 每一項都在上限之內。", "Passed: every fact is within its limit.";
    PracticeFailed => "未通過。", "Not passed.";
    PracticeWentWrongAt => "第一次出錯是在模擬時間", "It first went wrong at simulated time";
    PracticeStepThrough => "下面的step-through停在出錯的那一刻: 往前、往後一步一步看發生了什麼。", "The step-through below stops at the moment it went wrong: step back and forth to see what happened.";
    PracticeUnknown => "沒有這個實作測驗：", "There is no such practice task:";
    NotFoundTitle => "找不到這個頁面", "Page not found";
    NotFoundBody => "網址裡的路徑不存在：", "This address has no page:";
    BackHome => "回到首頁", "Back to the home page";
    // While the app's second module (every page but home) loads: crate::shell.
    AppLoading => "載入中…", "Loading…";
    AppLoadFailed => "無法載入這個頁面的程式：請檢查網路連線，再重新整理頁面。", "This page's program could not be loaded: check the connection, then reload the page.";
    Reload => "重新整理", "Reload";
    // The quiz page (#/quiz), by the quiz helper.
    QuizNav => "測驗", "Quiz";
    QuizTitle => "觀念與實作測驗", "Concept and practice quiz";
    QuizIntro => "依課程大綱的單元出題。測驗連結固定題目與順序：同一個連結，全班拿到同一份測驗。", "Questions by the parts of the course outline. A quiz link fixes the questions and their order: one link gives the whole class the same quiz.";
    QuizHomeLink => "做測驗：觀念與實作測驗", "Take the quiz: concepts and practice";
    QuizStartAll => "開始全部單元的測驗", "Start all parts";
    QuizAllParts => "全部單元", "All parts";
    QuizStartPart => "開始這個單元的測驗", "Start this part";
    QuizBank => "題庫", "Question bank";
    QuizQuestions => "題", "questions";
    QuizBadPart => "連結裡的單元不存在：", "The link names no such part:";
    QuizBadSeed => "連結裡的 seed 不是 0 到 4294967295 的整數：", "The link's seed is not a whole number from 0 to 4294967295:";
    QuizFallback => "所以改為顯示這份測驗：", "So this quiz is shown instead:";
    QuizLinkLabel => "這份測驗的連結（分享給全班）：", "This quiz's link (share it with the class):";
    QuizSingle => "單選", "Single answer";
    QuizMultiple => "複選：選出所有正確的答案", "Multiple answers: pick every correct one";
    QuizCheck => "送出答案", "Check answer";
    QuizRight => "答對了", "Right";
    QuizWrong => "答錯了", "Wrong";
    QuizCorrectMark => "正確答案", "correct answer";
    QuizYourPick => "你的選擇", "your choice";
    QuizSource => "出處：", "Source:";
    QuizSeeIt => "在練習裡看它發生", "See it in the exercise";
    QuizScore => "得分", "Score";
    QuizAnswered => "已作答", "Answered";
    QuizPartScores => "各單元得分", "Score per part";
    QuizFinished => "測驗完成", "Quiz finished";
    QuizProgress => "作答進度", "Progress";
    QuizDownloadJson => "下載結果 (JSON)", "Download the results (JSON)";
    QuizDownloadCsv => "下載結果 (CSV)", "Download the results (CSV)";
    QuizPrint => "列印摘要", "Print a summary";
    QuizReset => "清除作答紀錄", "Reset progress";
    QuizRepaired => "有些儲存的作答紀錄無法讀取（損壞，或題目已不存在），已略過；其他儲存的設定沒有受到影響。", "Some saved answers could not be read (damaged, or their questions no longer exist) and were skipped; other saved settings are untouched.";
    QuizUnsaved => "這個瀏覽器不讓本頁儲存作答（例如私密瀏覽，或課程頁面裡的嵌入畫面不能使用儲存空間）：作答只保留到離開或重新整理這個頁面為止。", "This browser does not let the page store your answers (private browsing, say, or storage blocked in a course page's embedded view): they last until you leave or reload this page.";
    QuizDiscarded => "儲存的作答紀錄無法讀取（舊版本或已損壞），所以從頭開始；其他儲存的設定沒有受到影響。", "The saved answers could not be read (an older version, or damaged), so progress starts afresh; other saved settings are untouched.";
    QuizBackToBank => "回到題庫", "Back to the question bank";
    QuizPredictKind => "預測題：先預測，再看模擬執行的結果", "Predict, then watch the run show it";
    QuizPracticeKind => "實作題：調整設定、執行，由模擬的結果評分", "Practice: change the settings, run it, graded by the model's run";
    QuizOpen => "開始這一題", "Open this question";
    // Predictions (the prediction card and the quiz's predict questions).
    Predict => "先猜猜看", "Predict first";
    PredictAnswer => "送出預測", "Answer";
    PredictSkip => "略過", "Skip";
    PredictWatch => "你的預測已記下, 看執行結果…", "Your guess is in: watch the run…";
    PredictRight => "猜對了!", "Right!";
    PredictWrong => "猜錯了。", "Not this time.";
    PredictKey => "執行的結果:", "What the run shows:";
    PredictMissing => "找不到這個預測題:", "No such prediction question:";
    PredictClose => "繼續", "Continue";
    // Deep links to a moment and the embed view (issue 15 items 1 and 2), by the embed helper.
    LinkIgnored => "這個連結有些部分無法使用，已略過，其餘照常開啟：", "Parts of this link could not be used and were left out; the rest opens as linked:";
    LinkMalformed => "無法讀取的值", "a value that cannot be read";
    LinkPastEnd => "時間超過這次執行的結尾，改為顯示結尾", "a time past the end of the run, so the end is shown";
    LinkNoStep => "這個時間沒有這一步，改為顯示該時間", "no such step at that time, so the time itself is shown";
    LinkNoWhatIf => "這個練習沒有這個「如果……」，或它在那個時間無法執行", "a what-if this exercise does not have, or that cannot act at that time";
    LinkUnknownStep => "這個練習沒有這個時刻名稱，改為從頭開始", "a moment this exercise does not name, so it opens at its start";
    LinkNoRun => "這個練習沒有這一次執行，改為第一次執行", "a run this exercise does not have, so the first run is used";
    LinkUnknownExercise => "沒有這個練習，請從下面的清單選一個", "no such exercise: pick one from the list below";
    CopyMomentLink => "複製這個時刻的連結", "Copy a link to this moment";
    CopyEmbedCode => "嵌入程式碼…", "Embed code…";
    Copied => "已複製到剪貼簿", "Copied to the clipboard";
    CopyRefused => "瀏覽器不允許使用剪貼簿：請選取下面的文字，按 Ctrl+C 複製。", "The browser refused the clipboard: select the text below and press Ctrl+C to copy it.";
    MomentLinkLabel => "這個時刻的連結", "Link to this moment";
    EmbedTitle => "嵌入課程網頁", "Embed in a course page";
    EmbedIntro => "把這段 HTML 貼到課程網頁：iframe 顯示現在這個時刻，script 依 Kafka 實驗室傳來的高度 (kafka-lab:height 訊息) 調整 iframe 的高度。", "Paste this HTML into a course page: the iframe shows this very moment, and the script sets the iframe's height from the height Kafka Lab reports (the kafka-lab:height message).";
    EmbedCompact => "精簡的控制列", "Compact controls";
    EmbedCodeLabel => "嵌入程式碼 (HTML)", "Embed code (HTML)";
    EmbedCopy => "複製程式碼", "Copy the code";
    DialogClose => "關閉", "Close";
    // Producer faults (error_cb), by the producer-faults helper.
    ErrorCallback => "error_cb：librdkafka 回報錯誤", "error_cb: librdkafka reports an error";
    // The playground (#/playground, issue 16), by the playground helper.
    PlaygroundNav => "實驗場", "Playground";
    PgTitle => "實驗場：自己設計情境", "Playground: build your own scenario";
    PgIntro => "設定叢集、主題、producer、consumer 群組和故障時間軸，按「執行」，再一步一步看發生了什麼。情境會寫進網址：分享連結就能重現同一個情境。", "Set up the cluster, the topics, the producers, the consumer groups and a timeline of faults, press Run, then step through what happens. The scenario is written into the address: sharing the link reproduces it exactly.";
    PgCluster => "叢集", "Cluster";
    PgBrokers => "Broker 數量 (1–5)", "Brokers (1–5)";
    PgSeed => "亂數種子 (seed)", "Random seed";
    PgRunUntil => "執行到 (毫秒；空白：程式都結束為止)", "Run until (ms; empty: until the programs finish)";
    PgTopics => "主題 (Topic)", "Topics";
    PgTopicName => "名稱", "Name";
    PgPartitions => "分區數", "Partitions";
    PgReplication => "副本數 replication factor (空白：叢集預設)", "Replication factor (empty: the cluster's default)";
    PgMinIsr => "min.insync.replicas (空白：叢集預設)", "min.insync.replicas (empty: the cluster's default)";
    PgAddTopic => "新增主題", "Add a topic";
    PgRemove => "刪除", "Remove";
    PgProducers => "Producer", "Producers";
    PgAddProducer => "新增 producer", "Add a producer";
    PgConfig => "設定 (Python dict，和 Producer(props) / Consumer(props) 一樣檢查)", "Configuration (a Python dict, checked as Producer(props) / Consumer(props) checks it)";
    PgTopicField => "主題", "Topic";
    PgMessages => "訊息數", "Messages";
    PgKey => "key 樣板 ({i} 是迴圈的索引；空白：不設 key)", "Key template ({i} is the loop index; empty: no key)";
    PgValue => "value 樣板", "Value template";
    PgSleep => "每筆訊息後 sleep (毫秒)", "Sleep after each message (ms)";
    PgPoll => "poll() 的位置", "Where poll() goes";
    PgFlush => "flush() 的位置", "Where flush() goes";
    PgNever => "不呼叫", "Never";
    PgEachMessage => "每筆訊息之後", "After each message";
    PgAtEnd => "迴圈結束後", "After the loop";
    PgCallback => "delivery callback (印出每一筆的結果)", "Delivery callback (prints each report)";
    PgCustomProgram => "這個程式來自匯入的檔案，不是樣板寫的：這裡只能修改它的設定。", "This program came from an imported file, not from the templates: only its configuration can be edited here.";
    PgUseTemplate => "改用樣板程式", "Replace it with a template program";
    PgConsumers => "Consumer 群組", "Consumer groups";
    PgAddConsumer => "新增 consumer", "Add a consumer";
    PgInstanceId => "group.instance.id (靜態成員；空白：不設定)", "group.instance.id (static membership; empty: not set)";
    PgStartAt => "啟動時間 (毫秒；空白：只由時間軸啟動)", "Starts at (ms; empty: only by a timeline command)";
    PgCommit => "commit 方式", "How it commits";
    PgCommitAuto => "自動 commit (enable.auto.commit)", "Auto commit (enable.auto.commit)";
    PgCommitRecordSync => "每筆訊息同步 commit", "Commit each record, synchronously";
    PgCommitRecordAsync => "每筆訊息非同步 commit", "Commit each record, asynchronously";
    PgCommitBatchSync => "每批同步 commit", "Commit each batch, synchronously";
    PgCommitBatchAsync => "每批非同步 commit", "Commit each batch, asynchronously";
    PgWork => "每筆訊息的處理時間 (毫秒)", "Processing time per record (ms)";
    PgTimeline => "故障時間軸", "Timeline of faults";
    PgAt => "時間 (毫秒)", "At (ms)";
    PgCommand => "事件", "Event";
    PgAddFault => "新增事件", "Add an event";
    PgAfterEntry => "這個事件在另一個事件發生之後觸發 (來自匯入的檔案)：", "This event follows another event (from an imported file):";
    PgCrashBroker => "Broker 當機", "Crash a broker";
    PgRestartBroker => "重新啟動 broker", "Restart a broker";
    PgDropResponse => "丟掉 broker 的下一個 produce 回應", "Lose a broker's next produce response";
    PgDelayFollower => "follower 變慢", "Slow a follower";
    PgAddPartitions => "增加分區", "Add partitions";
    PgStartProducer => "啟動 producer", "Start a producer";
    PgStartConsumer => "啟動 consumer (晚加入的成員)", "Start a consumer (a member joining later)";
    PgInterruptConsumer => "對 consumer 按 Ctrl+C", "Ctrl+C a consumer";
    PgStopConsumer => "consumer 的 running = False", "Set a consumer's running = False";
    PgKillConsumer => "kill -9 consumer", "kill -9 a consumer";
    PgBroker => "Broker 編號", "Broker";
    PgProducerIndex => "Producer 編號 (從 0 起算)", "Producer (numbered from 0)";
    PgConsumerIndex => "Consumer 編號 (從 0 起算：0 是 C1)", "Consumer (numbered from 0: 0 is C1)";
    PgDelay => "延遲 (毫秒)", "Delay (ms)";
    PgCount => "分區總數", "Partitions in all";
    PgNotNumber => "請輸入整數", "Enter a whole number";
    PgRun => "執行", "Run";
    PgScale => "載入大規模範例 (10,000 則訊息、5 個 broker、10 個 consumer)", "Load the scale example (10,000 messages, 5 brokers, 10 consumers)";
    PgStale => "情境已修改：按「執行」看新的結果。", "The scenario has changed: press Run to see its run.";
    PgCannotRun => "這個情境無法執行：", "This scenario cannot run:";
    PgImport => "匯入情境檔 (.json)", "Import a scenario file (.json)";
    PgImportFailed => "無法匯入這個檔案 (正在編輯的情境沒有改變)：", "This file cannot be imported (the scenario being edited is unchanged):";
    PgExportScenario => "下載情境 (JSON)", "Download the scenario (JSON)";
    PgExportTrace => "下載執行紀錄 (JSON Lines，和 kafka-sim run 相同)", "Download the trace (JSON Lines, as kafka-sim run writes it)";
    PgLink => "這個情境的連結", "Link to this scenario";
    PgCopyLink => "複製情境連結", "Copy the scenario's link";
    PgLinkDamaged => "這個連結裡的情境無法讀取 (損壞，或來自不相容的版本)，改為開啟預設情境：", "The scenario in this link cannot be read (damaged, or from an incompatible version), so the default scenario opens instead:";
    PgSummary => "執行摘要", "Summary of the run";
    PgSummaryLine => "kafka-sim run 的最後一行", "kafka-sim run's last line";
    PgEndTime => "停止的模擬時間 (毫秒)", "Stopped at simulated time (ms)";
    PgFinished => "程式都結束了：", "All programs finished:";
    PgYes => "是", "yes";
    PgNo => "否", "no";
    PgProducerTally => "Producer 的訊息帳", "The producers' tally";
    PgQueued => "放進佇列", "queued";
    PgSent => "已送出", "sent";
    PgAcknowledged => "已確認 (acked)", "acknowledged";
    PgReportsSeen => "看到的 delivery report", "delivery reports seen";
    PgInLog => "在 log 裡", "in the log";
    PgCommittedRecords => "已 commit (在高水位之前)", "committed (below the high watermark)";
    PgLost => "遺失", "lost";
    PgLostBeforeAck => "確認前遺失", "lost before the ack";
    PgDuplicated => "重複", "duplicated";
    PgOutOfOrder => "順序錯亂", "out of order";
    PgConsumerSummary => "Consumer：重複處理、遺失、已 commit 的 offset 與 lag", "Consumers: duplicates, losses, committed offsets and lag";
    PgDuplicates => "處理超過一次的訊息：", "Records processed more than once:";
    PgGroup => "群組", "Group";
    PgCommittedOffsets => "已 commit 的 offset", "Committed offsets";
    PgLag => "Lag", "Lag";
    PgLosses => "遺失的訊息", "Records lost";
    PgNone => "沒有", "none";
    PgConfigPython => "設定 (kafka-python 的關鍵字引數，和 KafkaProducer(**configs) / KafkaConsumer(**configs) 一樣檢查)", "Configuration (kafka-python's keyword arguments, checked as KafkaProducer(**configs) / KafkaConsumer(**configs) checks them)";
    PgProfile => "用戶端程式庫", "Client library";
    PgProfileLibrdkafka => "librdkafka (confluent-kafka-python，課程使用的)", "librdkafka (confluent-kafka-python, the course's)";
    PgProfileJava => "Java 用戶端", "The Java client";
    PgProfileKafkaPython => "kafka-python 3.0.12", "kafka-python 3.0.12";
    PgGet => "future.get() 的位置 (等這一筆送出的結果)", "Where future.get() goes (waits for the send's result)";
    PgFutureCallback => "future 的 callback 和 errback (印出每一筆的結果)", "The future's callback and errback (print each result)";
    PgInstanceIdPython => "group_instance_id (靜態成員；空白：不設定)", "group_instance_id (static membership; empty: not set)";
    PgCompare => "用每一種用戶端各執行一次", "Run with every client";
    PgCompareTitle => "用戶端比較", "The clients compared";
    PgCompareIntro => "同一個情境，所有 producer 和 consumer 都換成同一種用戶端，每種各執行一次。結果不同的列標示「≠ 不同」。", "The same scenario, run once per client with every producer and consumer on it. Rows whose results differ are marked \"≠ differs\".";
    PgKeyLandsOn => "每個 key 落在哪個 partition", "Which partition each key lands on";
    PgKeyColumn => "Key", "Key";
    PgMemberGets => "每個成員分到哪些 partition (最後一次分配)", "Which partitions each member gets (its last assignment)";
    PgMemberColumn => "成員", "Member";
    PgFieldColumn => "項目", "Figure";
    PgCompareSummary => "摘要", "Summary";
    PgNotInLog => "不在 log 裡", "not in the log";
    PgNoAssignment => "沒有分配", "no assignment";
    PgCompareFailed => "無法執行：", "Cannot run:";
    PgCompareCustom => "沒有執行：有程式來自匯入的檔案，不是樣板寫的，無法換成這個用戶端的呼叫。", "Not run: a program came from an imported file, not from the templates, and cannot be rewritten in this client's calls.";
    PgCompareStale => "比較的是上一次執行的情境；情境改過了，再按一次就會重新比較。", "This compares the scenario as last run; it has changed since: press the button again to compare it.";
    // The cluster as an animated picture (issue 14), by the diagram helper.
    Coordinator => "協調者", "coordinator";
    GroupEndpoint => "群組", "group";
    SomeBroker => "broker", "broker";
    GroupEmpty => "空 (Empty)", "Empty";
    GroupJoining => "準備Rebalance (PreparingRebalance)", "PreparingRebalance (joining)";
    GroupSyncing => "完成Rebalance (CompletingRebalance)", "CompletingRebalance (syncing)";
    GroupStable => "穩定 (Stable)", "Stable";
    GroupDead => "已刪除 (Dead)", "Dead";
    GenerationShort => "世代", "generation";
    Lost => "遺失", "lost";
    Answer => "回應", "answer";
    WireDiagram => "訊息在叢集中的傳送", "Messages travelling through the cluster";
    WireDiagramAlt => "左邊是 producer，中間是 broker 與各分區的副本 (★ leader，HW 與 log end)，右邊是 consumer group 的成員；傳送中的訊息是連線上移動的小標籤，形狀代表種類。文字版在下方的通訊協定紀錄。", "Producers on the left, the brokers with each partition's replicas in the middle (★ leader, HW and log end), the consumer group's members on the right; messages in flight are small tags moving along the links, their shape telling the kind. The protocol lane below is the text version.";
    OnTheWire => "傳送中的訊息", "Messages on the wire";
    FlightHint => "將滑鼠移到訊息上 (或按 Tab 鍵選取) 可看到它帶的內容。", "Hover over a message (or Tab to it) to see what it carries.";
    Skipped => "⏩ 略過", "⏩ skipped";
    TimeLens => "時間透鏡", "Time lens";
    TimeLensTitle => "開啟時，訊息在路上時時間會放慢，安靜的時段會跳過；關閉時，時間以選定的速度平均前進。", "On: time slows while messages travel and quiet stretches are skipped. Off: time passes evenly at the chosen speed.";
    Seconds => "秒", "s";
    StepDid => "這一步：", "This step:";
    ExportSvg => "下載示意圖 (SVG)", "Download the diagram (SVG)";
    ExportPng => "下載示意圖 (PNG)", "Download the diagram (PNG)";
    CopyConsole => "複製這一步的 console 文字", "Copy this step's console text";
    // The scrub slider and the playground's fork (issue 16, item 2).
    ScrubLabel => "模擬時間軸 (拖曳，或用方向鍵、Page Up/Down、Home/End 移動)", "Simulated time (drag, or use the arrow keys, Page Up/Down, Home/End)";
    PgForkHere => "從這個時間分岔 (fork)：", "Fork the run here:";
    PgForkHint => "分岔後修改情境 (設定、故障…) 再按「執行」，原本的執行和修改後的執行會並排比較。", "After forking, change the scenario (a config value, a fault, anything) and press Run: the original run and the changed one are then compared side by side.";
    PgForkedAt => "分岔點 (模擬時間)：", "Forked at (simulated time):";
    PgForkPending => "現在修改上面的情境，再按「執行」。", "Now change the scenario above and press Run.";
    PgForkClose => "結束分岔比較", "Close the fork";
    PgForkLinkDamaged => "這個連結裡分岔前的原本情境無法讀取，只開啟修改後的情境：", "The original scenario of this link's fork cannot be read, so only the changed scenario opens:";
    PgForkTitle => "原本的執行與分岔的執行，並排比較", "The original run and the fork, side by side";
    PgForkChanges => "分岔改了什麼", "What the fork changed";
    PgForkUnchanged => "和原本的情境相同：修改情境再按「執行」。", "The same scenario as the original: change it, then press Run.";
    PgForkSummary => "摘要比較", "The summaries compared";
    PgFigure => "項目", "Figure";
    PgOriginal => "原本", "Original";
    PgForkRun => "分岔 (修改後)", "Fork (changed)";
    PgCompared => "比較", "Compared";
    PgDiffers => "不同", "differs";
    PgSame => "相同", "same";
    PgForkConsoles => "Console：第一個不同的行", "Consoles: the first line that differs";
    PgConsolesSame => "兩次執行印出的內容相同", "prints the same in both runs";
    PgLineNo => "行號", "line";
    PgNoLine => "(沒有這一行)", "(no such line)";
    PgGoThere => "跳到", "Go to";
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

    /// The page's font stack names the CJK family first (styles/main.css), whose curly quotes
    /// are full-width: in English they stood apart from the words they quote.
    #[test]
    fn english_texts_quote_with_straight_quotes() {
        for key in Text::ALL {
            let text = key.get(Lang::En);
            assert!(!text.contains(['“', '”', '‘', '’']), "{key:?}: {text}");
        }
    }

    #[test]
    fn a_key_reads_its_own_translation_in_each_language() {
        assert_eq!(Text::AppTitle.get(Lang::ZhTw), "Kafka 實驗室");
        assert_eq!(Text::AppTitle.get(Lang::En), "Kafka Lab");
        assert_eq!(t(Lang::En, Text::PgGoThere), "Go to");
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
