//! The code fragments of the course's slides (seed 000) appear verbatim in the programs: line for
//! line, in order, with only the indentation of their place in the file. A program line may add a
//! trailing `# comment` where the slide lists the comments beside the code.
//!
//! Two corrections, both needed for the programs to run: Java's `//` comments on the Producer_03
//! slide are Python `#` comments, and the delivery callback writes `'%% Message ...'` where the
//! transcription shows `'%s Message ...'` (with `%s`, `%` would raise "not enough arguments for
//! format string"; `%%` is the format of the confluent-kafka examples the callback comes from).

use course::exercises;

fn program(file: &str) -> &'static str {
    exercises()
        .iter()
        .flat_map(|e| e.sources)
        .find(|s| s.file == file)
        .unwrap_or_else(|| panic!("no program {file}"))
        .text
}

/// Whether a program line is the fragment line, maybe followed by a trailing comment.
fn same_line(program_line: &str, fragment_line: &str) -> bool {
    let line = program_line.trim();
    match line.strip_prefix(fragment_line.trim()) {
        Some("") => true,
        Some(rest) => rest.starts_with(' ') && rest.trim_start().starts_with('#'),
        None => false,
    }
}

fn assert_contains(file: &str, fragment: &str) {
    let lines: Vec<&str> = program(file).lines().collect();
    let wanted: Vec<&str> = fragment.lines().collect();
    let found = lines
        .windows(wanted.len())
        .any(|window| window.iter().zip(&wanted).all(|(l, w)| same_line(l, w)));
    assert!(found, "{file} lacks the slide's fragment:\n{fragment}");
}

const LOOP_CONSUME: &str = "\
# 請求Kafka把新的訊息吐出來
records = consumer.consume(num_messages=500, timeout=1.0) # 批次讀取";

const DELIVERY_CALLBACK: &str = "\
# Optional per-message delivery callback (triggered by poll() or flush())
# when a message has been successfully delivered or permanently
# failed delivery (after retries).
def delivery_callback(err, msg):
    if err:
        sys.stderr.write('%% Message failed delivery: %s\\n' % err)
    else:
        # 為了不讓打印訊息拖慢速度，我們每1萬打印一筆recordMetadata來看
        if int(msg.key())%10000==0:
            sys.stderr.write('%% Message delivered to topic:[%s]-partition:[%d] @ offset[%d]\\n' %
                             (msg.topic(), msg.partition(), msg.offset()))";

const PRINT_COMMIT_RESULT: &str = "\
# 當發生commit時被呼叫
def print_commit_result(err, partitions):
    if err is not None:
        print('# Failed to commit offsets: %s: %s' % (err, partitions))
    else:
        for p in partitions:
            print('# Committed offsets for: %s-%s {offset=%s}' % (p.topic, p.partition, p.offset))";

const MANUAL_COMMIT_PROPS: &str = "\
props = {
    'bootstrap.servers': 'localhost:9092',
    'group.id': 'tdea',
    'auto.offset.reset': 'earliest',
    'enable.auto.commit': False,
    'on_commit': print_commit_result,
    'error_cb': error_cb
}";

const PROCESS_RECORD: &str = "\
# ** 在這裡進行商業邏輯與訊息處理 **
# 取出相關的metadata
topic = record.topic()
partition = record.partition()
offset = record.offset()
timestamp = record.timestamp()
# 取出msgKey與msgValue
msgKey = try_decode_utf8(record.key())
msgValue = try_decode_utf8(record.value())

# 秀出metadata與msgKey & msgValue訊息
print('%s-%d-%d : (%s , %s)' % (topic, partition, offset, msgKey, msgValue))";

#[test]
fn producer_01_fire_and_forget() {
    assert_contains(
        "Producer_01_FireAndForget.py",
        "\
# produce(topic, [value], [key], [partition], [on_delivery], [timestamp], [headers])

# ** 示範: Fire - and -forget **
# 在以下的\"produce()\"過程, 我們並沒有去檢查訊息發佈的結果
# 因此這種方法的throughput最高, 但也知道訊息是否發佈成功或失敗

for i in range(0, msgCount):
    producer.produce(topicName, key=str(i), value='msg_'+str(i))
    producer.poll(0) # <-- (重要) 呼叫poll來讓client程式去檢查內部的Buffer",
    );
}

#[test]
fn producer_03_async() {
    let file = "Producer_03_Async.py";
    assert_contains(
        file,
        "\
# ** 示範: Asynchronous Send **
# 透過一個Callback函式我們可以非同步地取得由Broker回覆訊息發佈的ack結果
# 這種方法可以取得Broker回覆訊息發佈的ack結果，同時又可以取得好的throughput (建議的作法)

for i in range(0, msgCount):
    producer.produce(topicName, key=str(i), value='msg_'+str(i), callback=delivery_callback)

    producer.poll(0) # 呼叫poll來讓client程式去檢查內部的Buffer，並觸發callback",
    );
    assert_contains(file, DELIVERY_CALLBACK);
}

#[test]
fn the_delivery_callback_is_the_same_wherever_the_offset_is_known() {
    for file in [
        "Producer_02_Sync.py",
        "Producer_03_Async.py",
        "Producer_04_Json.py",
        "Producer_idempotence.py",
    ] {
        assert_contains(file, DELIVERY_CALLBACK);
    }
}

#[test]
fn producer_04_json() {
    assert_contains(
        "Producer_04_Json.py",
        "\
for i in range(0, msgCount):
    fakeNumber = str(i)
    # 讓我們產生假的Employee資料
    employee = Employee(id='empid_'+fakeNumber,
                        firstName='fn_'+fakeNumber,
                        lastName='ln_'+fakeNumber,
                        deptId='deptid_'+str(i%10),
                        hireDate=epoch_now_mills(),
                        wage=float(i),
                        sex=True
                        )

    # 轉換成JSON字串
    employeeJson = json.dumps(employee.__dict__)

    # 送出訊息
    producer.produce(topicName, key=str(i), value=employeeJson, callback=delivery_callback)

    producer.poll(0) # 呼叫poll來讓client程式去檢查內部的Buffer, 並觸發callback",
    );
}

#[test]
fn producer_acks_and_idempotence_settings() {
    assert_contains(
        "Producer_acks.py",
        "\
props = {
    # Kafka集群在那裡?
    'bootstrap.servers': '10.34.4.109:9092',
    'acks': 0,",
    );
    assert_contains(
        "Producer_idempotence.py",
        "\
props = {
    # Kafka集群在那裡?
    'bootstrap.servers': '10.34.4.109:9092',
    'enable.idempotence': True,
    'error_cb': error_cb
}",
    );
}

#[test]
fn producer_05_cgroup_is_the_slide_verbatim() {
    assert_contains(
        "Producer_05_CGroup.py",
        "\
# 用來接收從Consumer instance發出的error訊息
def error_cb(err):
    print('Error: %s' % err)

# 主程式進入點
if __name__ == '__main__':
    # 步驟1. 設定要連線到Kafka集群的相關設定
    props = {
        # Kafka集群在那裡?
        'bootstrap.servers': 'localhost:9092',    # <-- 置換成要連接的Kafka集群
        'error_cb': error_cb                    # 設定接收error訊息的callback函數
    }
    # 步驟2. 產生一個Kafka的Producer的實例
    producer = Producer(**props)
    # 步驟3. 指定想要發佈訊息的topic名稱
    topicName = 'ak03.fourpartition'
    msgCount = 10000
    try:
        print('Start sending messages ...')
        # produce(topic, [value], [key], [partition], [on_delivery], [timestamp], [headers])
        for i in range(0, msgCount):
            producer.produce(topicName, key=str(i), value='msg_'+str(i))
            producer.poll(0) # <-- (重要) 呼叫poll來讓client程式去檢查內部的Buffer
            print('key={}, value={}'.format(str(i), 'msg_'+str(i)))
            time.sleep(3) # 讓主執行緒停個3秒

        print('Send ' + str(msgCount) + ' messages to Kafka')
    except BufferError as e:
        # 錯誤處理
        sys.stderr.write('%% Local producer queue is full (%d messages awaiting delivery): try again\\n' % len(producer))
    except Exception as e:
        print(e)
    # 步驟5. 確認所有在Buffer裡的訊息都已經送出去給Kafka了
    producer.flush(10)
    print('Message sending completed!')",
    );
}

#[test]
fn consumer_01_cgroup() {
    assert_contains(
        "Consumer_01_Cgroup.py",
        "\
props = {
    'bootstrap.servers': 'localhost:9092',
    'group.id': 'tdea',
    'auto.offset.reset': 'earliest',
    'session.timeout.ms': 6000,
    'error_cb': error_cb
}",
    );
}

#[test]
fn every_group_consumer_pulls_batches_of_500() {
    for file in [
        "Consumer_01_Cgroup.py",
        "Consumer_02_AutoCommit.py",
        "Consumer_03_CommitSync.py",
        "Consumer_04_CommitAsync.py",
        "Consumer_05_CommitSyncAsync.py",
        "Consumer_06_CommitSpecified.py",
        "Consumer_07_RebalanceCallback.py",
        "Consumer_static_membership.py",
        "Consumer_cooperative.py",
        "Consumer_assign_seek.py",
    ] {
        assert_contains(file, LOOP_CONSUME);
        assert_contains(file, PROCESS_RECORD);
        assert!(program(file).contains("'group.id': 'tdea'"), "{file}");
    }
}

#[test]
fn consumer_02_auto_commit() {
    let file = "Consumer_02_AutoCommit.py";
    assert_contains(
        file,
        "\
props = {
    'bootstrap.servers': 'localhost:9092',      # Kafka集群在那裡? (置換成要連接的Kafka集群)
    'group.id': 'tdea',                        # ConsumerGroup的名稱 (置換成你/妳的學員ID)
    'auto.offset.reset': 'earliest',           # 是否從這個ConsumerGroup尚未讀取的partition/offset開始讀
    'enable.auto.commit': True,                # 是否啟動自動commit
    'auto.commit.interval.ms': 5000,          # 自動commit的interval
    'on_commit': print_commit_result,         # 設定接收commit訊息的callback函數
    'error_cb': error_cb                     # 設定接收error訊息的callback函數
}",
    );
    assert_contains(file, PRINT_COMMIT_RESULT);
}

#[test]
fn consumer_03_commit_sync() {
    let file = "Consumer_03_CommitSync.py";
    assert_contains(
        file,
        "\
props = {
    'bootstrap.servers': 'localhost:9092',
    'group.id': 'tdea',
    'auto.offset.reset': 'earliest',
    'enable.auto.commit': False,
    'error_cb': error_cb
}",
    );
    assert_contains(
        file,
        "\
# 打印SyncCommit的結果
def print_sync_commit_result(partitions):
    if partitions is None:
        print('# Failed to commit offsets')
    else:
        for p in partitions:
            print('# Committed offsets for: %s-%s {offset=%s}' % (p.topic, p.partition, p.offset))",
    );
    assert_contains(
        file,
        "\
# 同步地執行commit (Sync commit)
if(records_pulled):
    offsets = consumer.commit(asynchronous=False)
    print_sync_commit_result(offsets)",
    );
}

#[test]
fn consumer_04_commit_async() {
    let file = "Consumer_04_CommitAsync.py";
    assert_contains(file, MANUAL_COMMIT_PROPS);
    assert_contains(file, PRINT_COMMIT_RESULT);
    assert_contains(
        file,
        &format!(
            "recrods_pulled = True\n{PROCESS_RECORD}\n# 異步地執行commit (Async commit)\nif(recrods_pulled):\n    consumer.commit()"
        ),
    );
}

#[test]
fn consumer_06_commit_specified() {
    let file = "Consumer_06_CommitSpecified.py";
    assert_contains(file, MANUAL_COMMIT_PROPS);
    assert_contains(
        file,
        &format!("{PROCESS_RECORD}\n\nconsumer.commit(record) # 非同步的commit"),
    );
}

#[test]
fn consumer_07_rebalance_callback() {
    let file = "Consumer_07_RebalanceCallback.py";
    assert_contains(
        file,
        &format!(
            "{MANUAL_COMMIT_PROPS}\n\n\
# 步驟2. 產生一個Kafka的Consumer的實例
consumer = Consumer(props)
# 步驟3. 指定想要訂閱訊息的topic名稱
topicName = 'ak03.fourpartition'
# 步驟4. 讓Consumer向Kafka集群訂閱指定的topic
consumer.subscribe([topicName]
    , on_assign=print_assignment
    , on_revoke=commit_on_revoke)"
        ),
    );
    assert_contains(
        file,
        "\
# 當Rebalance被觸發後, Commit現在process的offsets
def commit_on_revoke(consumer, partitions):
    global offsets_dict

    result = '['
    is_first = True
    for p in partitions:
        if is_first:
            result = result + '{}-{}'.format(p.topic, p.partition)
            is_first = False
        else:
            result = result + ', {}-{}'.format(p.topic, p.partition)
    result = result + ']'
    print('Revoking previously assigned partitions: ' + result)

    for k, v in offsets_dict.items():
        consumer.commit(v) # 進行異步的commit",
    );
}

#[test]
fn a_changed_line_is_not_the_fragment() {
    assert!(same_line(
        "    'acks': 0,   # 不等待Broker的回應",
        "'acks': 0,"
    ));
    assert!(!same_line("    'acks': 1,", "'acks': 0,"));
    assert!(!same_line(
        "consumer.commit(asynchronous=False)",
        "consumer.commit()"
    ));
    assert!(!same_line("consumer.commit()x", "consumer.commit()"));
}
