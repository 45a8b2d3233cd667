//! The course's producer exercises as programs, each statement tagged with its line in the
//! Python source shown to students (seeds/000: "Producer_05_CGroup").

use super::payload::Part;
use super::program::{Except, Program, Stmt};
use crate::engine::trace::Stream;

/// Producer_05_CGroup as the course shows it: a keyed message every 3 s into
/// `ak03.fourpartition`, `poll(0)` after each, `flush(10)` at the end.
pub const PRODUCER_05_SOURCE: &str = r#"# 用來接收從Consumer instance發出的error訊息
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
        sys.stderr.write('%% Local producer queue is full (%d messages awaiting delivery): try again\n' % len(producer))
    except Exception as e:
        print(e)
    # 步驟5. 確認所有在Buffer裡的訊息都已經送出去給Kafka了
    producer.flush(10)
    print('Message sending completed!')
"#;

/// The topic of the consumer-group exercises.
pub const FOUR_PARTITION_TOPIC: &str = "ak03.fourpartition";

/// The 1-based line of `source` that contains `needle`.
///
/// # Panics
/// If no line does (the programs below are tested against their sources).
pub fn line_of(source: &str, needle: &str) -> u32 {
    let index = source
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?}"));
    index as u32 + 1
}

fn lit(s: &str) -> Part {
    Part::Lit(s.to_owned())
}

/// Producer_05_CGroup with `msg_count` messages (10000 in the course).
pub fn producer_05(msg_count: u64) -> Program {
    let line = |needle| line_of(PRODUCER_05_SOURCE, needle);
    let key_value = vec![lit("key="), Part::Index, lit(", value=msg_"), Part::Index];
    let body = vec![
        Stmt::Print {
            line: line("print('Start sending"),
            stream: Stream::Stdout,
            text: vec![lit("Start sending messages ...")],
        },
        Stmt::For {
            line: line("for i in range"),
            count: msg_count,
            body: vec![
                Stmt::Produce {
                    line: line("producer.produce("),
                    topic: FOUR_PARTITION_TOPIC.into(),
                    key: Some(vec![Part::Index]),
                    value: super::Payload::Text(vec![lit("msg_"), Part::Index]),
                    callback: None,
                },
                Stmt::Poll {
                    line: line("producer.poll(0)"),
                    timeout_ms: 0,
                },
                Stmt::Print {
                    line: line("print('key="),
                    stream: Stream::Stdout,
                    text: key_value,
                },
                Stmt::Sleep {
                    line: line("time.sleep(3)"),
                    ms: 3_000,
                },
            ],
        },
        Stmt::Print {
            line: line("print('Send '"),
            stream: Stream::Stdout,
            text: vec![lit(&format!("Send {msg_count} messages to Kafka"))],
        },
    ];
    let queue_full = vec![
        lit("% Local producer queue is full ("),
        Part::QueueLen,
        lit(" messages awaiting delivery): try again"),
    ];
    Program {
        body: vec![
            Stmt::Try {
                line: line("    try:"),
                body,
                handlers: vec![
                    (
                        Except::BufferError,
                        vec![Stmt::Print {
                            line: line("sys.stderr.write"),
                            stream: Stream::Stderr,
                            text: queue_full,
                        }],
                    ),
                    (
                        Except::Any,
                        vec![Stmt::Print {
                            line: line("print(e)"),
                            stream: Stream::Stdout,
                            text: vec![Part::Exception],
                        }],
                    ),
                ],
            },
            Stmt::Flush {
                line: line("producer.flush(10)"),
                timeout_ms: 10_000,
            },
            Stmt::Print {
                line: line("print('Message sending completed!')"),
                stream: Stream::Stdout,
                text: vec![lit("Message sending completed!")],
            },
        ],
        callbacks: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_point_at_their_python_lines() {
        let line = |needle| line_of(PRODUCER_05_SOURCE, needle);
        assert_eq!(line("for i in range"), 21);
        assert_eq!(line("producer.produce("), 22);
        assert_eq!(line("producer.flush(10)"), 34);
        let program = producer_05(3);
        let Stmt::Flush {
            line: flush_line, ..
        } = program.body[1]
        else {
            panic!("flush second")
        };
        assert_eq!(flush_line, 34);
    }
}
