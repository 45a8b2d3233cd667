//! The playground's templates written for kafka-python 3.0.12 (`pip install kafka-python`):
//! the same choices as librdkafka's programs ([`super::templates`]), in kafka-python's calls.
//! A producer's `send()` returns a future; `future.get(timeout=10)` where librdkafka's
//! program polls makes each send synchronous, and a callback is the future's
//! `add_callback`/`add_errback` (kafka-python `kafka/producer/future.py`). A consumer iterates
//! `for message in consumer`, or calls `poll(timeout_ms=...)` when it commits per batch
//! (`kafka/consumer/group.py` `KafkaConsumer.__next__`, `KafkaConsumer.poll`).

use super::config_text;
use super::draft::Dict;
use super::profile::ENCODE;
use super::templates::{
    CommitStyle, ConsumerTemplate, Placement, ProducerTemplate, Source, seconds,
};
use serde_json::{Value, json};

/// What the future's callback and errback print (`{error}`: the exception).
const SENT: &str = "sent to {topic} [{partition}] @ {offset}";
const ERRBACK: &str = "errback: {error}";

/// The key's serializer: kafka-python calls it on `None` too, and `None` has no `encode()`, so
/// a keyless template goes without one (kafka-python `KafkaProducer._serialize`).
pub fn key_serializer(template: &ProducerTemplate, config: &mut Dict) {
    if template.key.is_empty() {
        config.remove("key_serializer");
    } else if config.get("key_serializer").is_none() {
        config.set(
            "key_serializer",
            json!({ "callable": "lambda k: k.encode()" }),
        );
    }
}

/// A new kafka-python producer's or consumer's dict besides what carries over from the other
/// dialect: the producer's values are Python strs, so a serializer makes them bytes.
pub fn producer_base() -> Dict {
    Dict(vec![
        ("bootstrap_servers".into(), json!("localhost:9092")),
        ("value_serializer".into(), json!({ "callable": ENCODE })),
    ])
}

fn header(py: &mut Source, class: &str, sleeps: bool, config: &Dict, extra: &[&str]) {
    py.line(0, &format!("from kafka import {class}"));
    for module in extra {
        py.line(0, &format!("import {module}"));
    }
    if sleeps {
        py.line(0, "import time");
    }
    py.line(0, "");
    py.line(0, &format!("configs = {}", config_text::render(&config.0)));
}

/// `future.get(timeout=10)` or `producer.flush(timeout=10)` on the next line, added to
/// `statements`.
fn wait(py: &mut Source, statements: &mut Vec<Value>, indent: usize, call: &str) {
    let statement = if call == "get" {
        let line = py.line(indent, "future.get(timeout=10)");
        json!({ "get": { "line": line, "timeout": 10 } })
    } else {
        let line = py.line(indent, "producer.flush(timeout=10)");
        json!({ "flush": { "line": line, "timeout_ms": 10_000 } })
    };
    statements.push(statement);
}

/// The producer's statements, its callbacks and its source.
pub fn producer(t: &ProducerTemplate, config: &Dict) -> (Value, Option<Value>, String) {
    let mut py = Source::default();
    header(&mut py, "KafkaProducer", t.sleep_ms > 0, config, &[]);
    py.line(0, "producer = KafkaProducer(**configs)");
    let callbacks = t.callback.then(|| {
        py.line(0, "");
        py.line(0, "def on_send_success(record_metadata):");
        py.line(1, "print('sent to {} [{}] @ {}'.format(record_metadata.topic, record_metadata.partition, record_metadata.offset))");
        py.line(0, "");
        py.line(0, "def on_send_error(excp):");
        py.line(1, "print('errback: {}'.format(excp))");
        json!({ "on_send": { "delivered": SENT, "failed": ERRBACK } })
    });
    py.line(0, "");
    let for_line = py.line(0, &format!("for i in range(0, {}):", t.count));
    let args = t.message_args().join(", ");
    let send_line = py.line(1, &format!("future = producer.send({args})"));
    let mut send = t.message_fields(send_line);
    if t.callback {
        py.line(1, "future.add_callback(on_send_success)");
        py.line(1, "future.add_errback(on_send_error)");
        send.insert("callback".into(), json!("on_send"));
    }
    let mut body = vec![json!({ "send": send })];
    let calls = [(t.poll, "get"), (t.flush, "flush")];
    for (placement, call) in calls {
        if placement == Placement::EachMessage {
            wait(&mut py, &mut body, 1, call);
        }
    }
    if t.sleep_ms > 0 {
        let line = py.line(1, &format!("time.sleep({})", seconds(t.sleep_ms)));
        body.push(json!({ "sleep": { "line": line, "ms": t.sleep_ms } }));
    }
    let mut after = Vec::new();
    for (placement, call) in calls {
        if placement == Placement::AtEnd {
            wait(&mut py, &mut after, 0, call);
        }
    }
    let for_loop = json!({ "for": { "line": for_line, "count": t.count, "body": body } });
    let program = std::iter::once(for_loop).chain(after).collect();
    (program, callbacks, py.text())
}

/// The consumer's statements and its source: `for message in consumer:` with a commit per
/// message (`commit()` blocks, `commit_async()` does not), or a `poll()` loop committing
/// after each batch that had records.
pub fn consumer(t: &ConsumerTemplate, config: &Dict) -> (Value, String) {
    let mut py = Source::default();
    header(&mut py, "KafkaConsumer", t.work_ms > 0, config, &["sys"]);
    py.line(0, "consumer = KafkaConsumer(**configs)");
    let topic = t.topic.replace('\'', "\\'");
    let subscribe = py.line(0, &format!("consumer.subscribe(['{topic}'])"));
    let try_line = py.line(0, "try:");
    let start = py.line(1, "print('Start listen incoming messages ...')");
    let commit = |py: &mut Source, indent: usize, asynchronous: bool| {
        let call = if asynchronous {
            "commit_async"
        } else {
            "commit"
        };
        let line = py.line(indent, &format!("consumer.{call}()"));
        json!({ "commit": { "line": line, "asynchronous": asynchronous } })
    };
    let per_message = |py: &mut Source, indent: usize| {
        let mut body = Vec::new();
        if t.work_ms > 0 {
            let line = py.line(indent, &format!("time.sleep({})", seconds(t.work_ms)));
            body.push(json!({ "work": { "line": line, "ms": t.work_ms } }));
        }
        let print = py.line(indent, "print('%s-%d-%d : (%s , %s)' % (message.topic, message.partition, message.offset, message.key, message.value))");
        body.push(json!({ "print_record": { "line": print } }));
        body
    };
    let main = match t.commit {
        CommitStyle::Auto | CommitStyle::Record { .. } => {
            let for_line = py.line(1, "for message in consumer:");
            let mut body = per_message(&mut py, 2);
            if let CommitStyle::Record { asynchronous } = t.commit {
                body.push(commit(&mut py, 2, asynchronous));
            }
            json!({ "for_message": { "line": for_line, "body": body } })
        }
        CommitStyle::Batch { asynchronous } => {
            let loop_line = py.line(1, "while True:");
            let poll = py.line(2, "records = consumer.poll(timeout_ms=1000)");
            py.line(2, "for tp, messages in records.items():");
            let for_line = py.line(3, "for message in messages:");
            let body = per_message(&mut py, 4);
            let if_line = py.line(2, "if records:");
            let commit = commit(&mut py, 3, asynchronous);
            json!({ "loop": { "line": loop_line, "times": null, "body": [
                { "poll_records": { "line": poll, "timeout_ms": 1000 } },
                { "for_each_record": { "line": for_line, "body": body } },
                { "if_records": { "line": if_line, "body": [commit] } },
            ] } })
        }
    };
    py.line(0, "except KeyboardInterrupt:");
    let interrupt = py.line(1, "sys.stderr.write('Aborted by user\\n')");
    py.line(0, "except Exception as e:");
    let except = py.line(1, "print(e)");
    py.line(0, "finally:");
    let close = py.line(1, "consumer.close()");
    let program = json!({ "body": [
        { "subscribe": { "line": subscribe, "topics": [t.topic] } },
        { "try": {
            "line": try_line,
            "body": [{ "print_start": { "line": start } }, main],
            "interrupt_line": interrupt,
            "except_line": except,
            "finally": [{ "close": { "line": close } }],
        } },
    ] });
    (program, py.text())
}

/// Line `n` (1-based) of a source, trimmed, for tests.
#[cfg(test)]
fn line_of(source: &str, n: &Value) -> String {
    source
        .lines()
        .nth(n.as_u64().unwrap() as usize - 1)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::templates::find;

    #[test]
    fn the_producers_statements_sit_on_their_python_lines() {
        let template = ProducerTemplate {
            topic: "t".into(),
            count: 3,
            key: "{i}".into(),
            value: "v{i}".into(),
            sleep_ms: 100,
            poll: Placement::EachMessage,
            flush: Placement::AtEnd,
            callback: true,
        };
        let (program, callbacks, source) = producer(&template, &producer_base());
        let at = |call: &str| line_of(&source, &find(&program, call).unwrap()["line"]);
        assert_eq!(
            at("send"),
            "future = producer.send('t', key=f'{i}', value=f'v{i}')"
        );
        assert_eq!(at("get"), "future.get(timeout=10)");
        assert_eq!(at("flush"), "producer.flush(timeout=10)");
        assert_eq!(at("sleep"), "time.sleep(0.1)");
        assert!(source.contains("producer = KafkaProducer(**configs)"));
        assert_eq!(callbacks.unwrap()["on_send"]["failed"], ERRBACK);
    }

    #[test]
    fn the_consumers_statements_sit_on_their_python_lines() {
        for commit in CommitStyle::ALL {
            let template = ConsumerTemplate {
                topic: "t".into(),
                commit,
                work_ms: 50,
            };
            let (program, source) = consumer(&template, &Dict::default());
            let at = |call: &str| find(&program, call).map(|s| line_of(&source, &s["line"]));
            assert_eq!(at("close").as_deref(), Some("consumer.close()"));
            assert_eq!(at("work").as_deref(), Some("time.sleep(0.05)"));
            let expected = match commit {
                CommitStyle::Auto => None,
                CommitStyle::Record { asynchronous } | CommitStyle::Batch { asynchronous } => {
                    Some(if asynchronous {
                        "consumer.commit_async()"
                    } else {
                        "consumer.commit()"
                    })
                }
            };
            assert_eq!(at("commit").as_deref(), expected, "{commit:?}");
        }
    }
}
