//! The programs the playground writes from a few choices: a producer's loop (how many
//! messages, the key and value, a sleep, where `poll()` and `flush()` go, a delivery callback)
//! and a consumer's poll loop (the topic, how it commits, how long each record takes). Each
//! writes the scenario file's statements and the Python they stand for, line for line, and
//! is recognised again in a program it wrote (a link or a file holds only the statements).

use super::config_text;
use super::draft::{ClientDraft, Dict};
use super::kafka_python;
use super::profile::ClientProfile;
use serde_json::{Map, Value, json};

/// Where a producer calls `poll()` or `flush()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    Never,
    /// After each `produce()`, in the loop.
    EachMessage,
    /// Once, after the loop.
    AtEnd,
}

impl Placement {
    pub const ALL: [Placement; 3] = [Placement::Never, Placement::EachMessage, Placement::AtEnd];

    pub fn name(self) -> &'static str {
        match self {
            Placement::Never => "never",
            Placement::EachMessage => "each",
            Placement::AtEnd => "end",
        }
    }
}

/// How a consumer commits its offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommitStyle {
    /// `enable.auto.commit`: no commit in the program.
    Auto,
    /// `consumer.commit(record, asynchronous=...)` after each record.
    Record { asynchronous: bool },
    /// `consumer.commit(asynchronous=...)` after each batch that had records.
    Batch { asynchronous: bool },
}

impl CommitStyle {
    pub const ALL: [CommitStyle; 5] = [
        CommitStyle::Auto,
        CommitStyle::Record {
            asynchronous: false,
        },
        CommitStyle::Record { asynchronous: true },
        CommitStyle::Batch {
            asynchronous: false,
        },
        CommitStyle::Batch { asynchronous: true },
    ];

    pub fn name(self) -> &'static str {
        match self {
            CommitStyle::Auto => "auto",
            CommitStyle::Record {
                asynchronous: false,
            } => "record-sync",
            CommitStyle::Record { asynchronous: true } => "record-async",
            CommitStyle::Batch {
                asynchronous: false,
            } => "batch-sync",
            CommitStyle::Batch { asynchronous: true } => "batch-async",
        }
    }

    pub fn from_name(name: &str) -> Option<CommitStyle> {
        CommitStyle::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// A producer's loop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerTemplate {
    pub topic: String,
    pub count: u64,
    /// The key's template (`{i}` is the loop index); empty: no key.
    pub key: String,
    pub value: String,
    /// `time.sleep()` after each message (0: none).
    pub sleep_ms: u64,
    pub poll: Placement,
    pub flush: Placement,
    /// A `delivery_callback` that prints each delivery report.
    pub callback: bool,
}

/// A consumer's poll loop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerTemplate {
    pub topic: String,
    pub commit: CommitStyle,
    /// Processing time per record (`time.sleep()`; 0: none).
    pub work_ms: u64,
}

/// Python source written line by line, each line's number returned for its statement.
#[derive(Default)]
pub(super) struct Source {
    lines: Vec<String>,
}

impl Source {
    pub(super) fn line(&mut self, indent: usize, text: &str) -> u32 {
        self.lines.push(format!("{}{text}", "    ".repeat(indent)));
        self.lines.len() as u32
    }

    pub(super) fn text(self) -> String {
        self.lines.join("\n") + "\n"
    }
}

/// A text template as Python: an f-string if it has placeholders.
pub(super) fn python_text(template: &str) -> String {
    let quoted = template.replace('\\', "\\\\").replace('\'', "\\'");
    if template.contains('{') {
        format!("f'{}'", quoted.replace("{len}", "{len(producer)}"))
    } else {
        format!("'{quoted}'")
    }
}

pub(super) fn seconds(ms: u64) -> String {
    format!("{}", ms as f64 / 1000.0)
}

/// The first object under `value` (depth first) with a field `key`, and that field.
pub(super) fn find<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    match value {
        Value::Object(object) => object
            .get(key)
            .or_else(|| object.values().find_map(|v| find(v, key))),
        Value::Array(items) => items.iter().find_map(|v| find(v, key)),
        _ => None,
    }
}

const DELIVERED: &str = "Message delivered to {topic} [{partition}] at offset {offset}";
const FAILED: &str = "Message delivery failed: {error}";

impl ProducerTemplate {
    /// The message's arguments as Python writes them, for `produce()` and `send()` alike:
    /// the topic, `key=` when there is one, `value=`.
    pub(super) fn message_args(&self) -> Vec<String> {
        let mut args = vec![format!("'{}'", self.topic.replace('\'', "\\'"))];
        if !self.key.is_empty() {
            args.push(format!("key={}", python_text(&self.key)));
        }
        args.push(format!("value={}", python_text(&self.value)));
        args
    }

    /// The same message as the scenario statement's fields, on `line`.
    pub(super) fn message_fields(&self, line: u32) -> Map<String, Value> {
        let mut fields = Map::from_iter([
            ("line".into(), json!(line)),
            ("topic".into(), json!(self.topic)),
        ]);
        if !self.key.is_empty() {
            fields.insert("key".into(), json!(self.key));
        }
        fields.insert("value".into(), json!(self.value));
        fields
    }

    /// The program's statements, its callbacks and its Python source with `config` as the
    /// client's dict, in `profile`'s calls.
    fn write(&self, profile: ClientProfile, config: &Dict) -> (Value, Option<Value>, String) {
        if profile.kafka_python() {
            return kafka_python::producer(self, config);
        }
        let mut py = Source::default();
        py.line(0, "from confluent_kafka import Producer");
        if self.sleep_ms > 0 {
            py.line(0, "import time");
        }
        py.line(0, "");
        py.line(0, &format!("props = {}", config_text::render(&config.0)));
        py.line(0, "producer = Producer(props)");
        let callbacks = self.callback.then(|| {
            py.line(0, "");
            py.line(0, "def delivery_callback(err, msg):");
            py.line(1, "if err:");
            py.line(2, "print('Message delivery failed: {}'.format(err))");
            py.line(1, "else:");
            py.line(2, "print('Message delivered to {} [{}] at offset {}'.format(msg.topic(), msg.partition(), msg.offset()))");
            json!({ "delivery_callback": { "delivered": DELIVERED, "failed": FAILED } })
        });
        py.line(0, "");
        let for_line = py.line(0, &format!("for i in range(0, {}):", self.count));
        let mut args = self.message_args();
        if self.callback {
            args.push("callback=delivery_callback".into());
        }
        let produce_line = py.line(1, &format!("producer.produce({})", args.join(", ")));
        let mut produce = self.message_fields(produce_line);
        if self.callback {
            produce.insert("callback".into(), json!("delivery_callback"));
        }
        let mut body = vec![json!({ "produce": produce })];
        let calls = [(self.poll, "poll", 0), (self.flush, "flush", 10_000)];
        for (placement, name, timeout_ms) in calls {
            if placement == Placement::EachMessage {
                call(&mut py, &mut body, 1, name, timeout_ms);
            }
        }
        if self.sleep_ms > 0 {
            let line = py.line(1, &format!("time.sleep({})", seconds(self.sleep_ms)));
            body.push(json!({ "sleep": { "line": line, "ms": self.sleep_ms } }));
        }
        let mut after = Vec::new();
        for (placement, name, _) in calls {
            if placement == Placement::AtEnd {
                call(&mut py, &mut after, 0, name, 10_000);
            }
        }
        let for_loop = json!({ "for": { "line": for_line, "count": self.count, "body": body } });
        let program = std::iter::once(for_loop).chain(after).collect();
        (program, callbacks, py.text())
    }

    /// Writes the program into `client` (its statements and callbacks), in the calls of
    /// the client's profile.
    pub fn apply(&self, client: &mut ClientDraft) {
        let profile = ClientProfile::of(client);
        if profile.kafka_python() {
            kafka_python::key_serializer(self, &mut client.config);
        }
        let (program, callbacks, _) = self.write(profile, &client.config);
        client.program = program;
        match callbacks {
            Some(callbacks) => client.rest.insert("callbacks".into(), callbacks),
            None => client.rest.remove("callbacks"),
        };
    }

    /// The Python source of `client`'s program, its dict as the client's configuration.
    pub fn source(&self, client: &ClientDraft) -> String {
        self.write(ClientProfile::of(client), &client.config).2
    }

    /// The template that wrote `client`'s program, if one did.
    pub fn recognize(client: &ClientDraft) -> Option<ProducerTemplate> {
        let program = client.program.as_array()?;
        let for_loop = program.first()?.get("for")?;
        // kafka-python's `send()` and `future.get()` where librdkafka has `produce()`, `poll()`.
        let (produce, poll) = match ClientProfile::of(client).kafka_python() {
            true => ("send", "get"),
            false => ("produce", "poll"),
        };
        let produce = find(for_loop, produce)?;
        let placement = |call: &str| {
            if find(for_loop, call).is_some() {
                Placement::EachMessage
            } else if program[1..].iter().any(|s| s.get(call).is_some()) {
                Placement::AtEnd
            } else {
                Placement::Never
            }
        };
        let text = |field: &str| {
            produce
                .get(field)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let template = ProducerTemplate {
            topic: text("topic")?,
            count: for_loop.get("count")?.as_u64()?,
            key: text("key").unwrap_or_default(),
            value: text("value")?,
            sleep_ms: find(for_loop, "sleep")
                .and_then(|s| s.get("ms")?.as_u64())
                .unwrap_or(0),
            poll: placement(poll),
            flush: placement("flush"),
            callback: produce.get("callback").is_some(),
        };
        let mut written = client.clone();
        template.apply(&mut written);
        (written == *client).then_some(template)
    }
}

impl ConsumerTemplate {
    fn write(&self, profile: ClientProfile, config: &Dict) -> (Value, String) {
        if profile.kafka_python() {
            return kafka_python::consumer(self, config);
        }
        let mut py = Source::default();
        py.line(0, "from confluent_kafka import Consumer, KafkaException");
        py.line(0, "import sys");
        if self.work_ms > 0 {
            py.line(0, "import time");
        }
        py.line(0, "");
        py.line(0, &format!("props = {}", config_text::render(&config.0)));
        py.line(0, "consumer = Consumer(props)");
        let topic = self.topic.replace('\'', "\\'");
        let subscribe = py.line(0, &format!("consumer.subscribe(['{topic}'])"));
        let try_line = py.line(0, "try:");
        let start = py.line(1, "print('Start listen incoming messages ...')");
        let loop_line = py.line(1, "while True:");
        let consume = py.line(2, "records = consumer.consume(num_messages=500, timeout=1)");
        let for_line = py.line(2, "for record in records:");
        let raise = py.line(3, "if record.error():");
        py.line(4, "raise KafkaException(record.error())");
        let mut records = vec![json!({ "raise_if_error": { "line": raise } })];
        if self.work_ms > 0 {
            let line = py.line(3, &format!("time.sleep({})", seconds(self.work_ms)));
            records.push(json!({ "work": { "line": line, "ms": self.work_ms } }));
        }
        let print = py.line(3, "print('%s-%d-%d : (%s , %s)' % (record.topic(), record.partition(), record.offset(), record.key(), record.value()))");
        records.push(json!({ "print_record": { "line": print } }));
        let mut batch = vec![
            json!({ "consume": { "line": consume, "num_messages": 500, "timeout_ms": 1000 } }),
        ];
        let mut after_batch = None;
        match self.commit {
            CommitStyle::Auto => {}
            CommitStyle::Record { asynchronous } => {
                let text = format!(
                    "consumer.commit(record, asynchronous={})",
                    python_bool(asynchronous)
                );
                let line = py.line(3, &text);
                records.push(
                    json!({ "commit_record": { "line": line, "asynchronous": asynchronous } }),
                );
            }
            CommitStyle::Batch { asynchronous } => {
                after_batch = Some(asynchronous);
            }
        }
        batch.push(json!({ "for_each_record": { "line": for_line, "body": records } }));
        if let Some(asynchronous) = after_batch {
            let if_line = py.line(2, "if records:");
            let text = format!(
                "consumer.commit(asynchronous={})",
                python_bool(asynchronous)
            );
            let line = py.line(3, &text);
            let commit = json!({ "commit": { "line": line, "asynchronous": asynchronous } });
            batch.push(json!({ "if_records": { "line": if_line, "body": [commit] } }));
        }
        py.line(0, "except KeyboardInterrupt:");
        let interrupt = py.line(1, "sys.stderr.write('Aborted by user\\n')");
        py.line(0, "except Exception as e:");
        let except = py.line(1, "print(e)");
        py.line(0, "finally:");
        let close = py.line(1, "consumer.close()");
        let program = json!({ "body": [
            { "subscribe": { "line": subscribe, "topics": [self.topic] } },
            { "try": {
                "line": try_line,
                "body": [
                    { "print_start": { "line": start } },
                    { "loop": { "line": loop_line, "times": null, "body": batch } },
                ],
                "interrupt_line": interrupt,
                "except_line": except,
                "finally": [{ "close": { "line": close } }],
            } },
        ] });
        (program, py.text())
    }

    /// Writes the program into `client`, in the calls of the client's profile.
    pub fn apply(&self, client: &mut ClientDraft) {
        client.program = self.write(ClientProfile::of(client), &client.config).0;
    }

    /// The Python source of `client`'s program, its dict as the client's configuration.
    pub fn source(&self, client: &ClientDraft) -> String {
        self.write(ClientProfile::of(client), &client.config).1
    }

    /// The template that wrote `client`'s program, if one did.
    pub fn recognize(client: &ClientDraft) -> Option<ConsumerTemplate> {
        let program = &client.program;
        let topic = find(program, "subscribe")?
            .get("topics")?
            .get(0)?
            .as_str()?;
        let asynchronous = |commit: &Value| commit.get("asynchronous")?.as_bool();
        let commit = match (find(program, "commit_record"), find(program, "commit")) {
            (Some(c), _) => CommitStyle::Record {
                asynchronous: asynchronous(c)?,
            },
            // kafka-python's `consumer.commit()` in `for message in consumer`, per message.
            (None, Some(c)) if find(program, "for_message").is_some() => CommitStyle::Record {
                asynchronous: asynchronous(c)?,
            },
            (None, Some(c)) => CommitStyle::Batch {
                asynchronous: asynchronous(c)?,
            },
            (None, None) => CommitStyle::Auto,
        };
        let template = ConsumerTemplate {
            topic: topic.to_owned(),
            commit,
            work_ms: find(program, "work")
                .and_then(|w| w.get("ms")?.as_u64())
                .unwrap_or(0),
        };
        let written = template.write(ClientProfile::of(client), &client.config).0;
        (written == *program).then_some(template)
    }
}

/// `producer.poll()` or `producer.flush()`, written on the next line and added to
/// `statements`.
fn call(py: &mut Source, statements: &mut Vec<Value>, indent: usize, call: &str, timeout_ms: u64) {
    let line = py.line(indent, &format!("producer.{call}({})", seconds(timeout_ms)));
    statements.push(json!({ call: { "line": line, "timeout_ms": timeout_ms } }));
}

pub(super) fn python_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::draft::Draft;

    fn producer(
        poll: Placement,
        flush: Placement,
        sleep_ms: u64,
        callback: bool,
    ) -> ProducerTemplate {
        ProducerTemplate {
            topic: "t".into(),
            count: 3,
            key: String::new(),
            value: "v{i}".into(),
            sleep_ms,
            poll,
            flush,
            callback,
        }
    }

    /// Each template is recognised in the program it wrote, and its statements sit on the
    /// lines of the Python they stand for.
    #[test]
    fn templates_are_recognised_and_their_lines_match_their_source() {
        let draft = Draft::default();
        let mut client = draft.new_producer();
        for poll in Placement::ALL {
            for flush in Placement::ALL {
                for (sleep_ms, callback) in [(0, false), (250, true)] {
                    let template = producer(poll, flush, sleep_ms, callback);
                    template.apply(&mut client);
                    assert_eq!(ProducerTemplate::recognize(&client), Some(template.clone()));
                    let source = template.source(&client);
                    let line = |n: &Value| source.lines().nth(n.as_u64().unwrap() as usize - 1);
                    let produce = find(&client.program, "produce").unwrap();
                    assert!(
                        line(&produce["line"])
                            .unwrap()
                            .contains("producer.produce('t'")
                    );
                    if let Some(flush) = find(&client.program, "flush") {
                        assert!(line(&flush["line"]).unwrap().contains("producer.flush("));
                    }
                }
            }
        }
        let mut client = draft.new_consumer();
        for commit in CommitStyle::ALL {
            for work_ms in [0, 50] {
                let template = ConsumerTemplate {
                    topic: "t".into(),
                    commit,
                    work_ms,
                };
                template.apply(&mut client);
                assert_eq!(ConsumerTemplate::recognize(&client), Some(template.clone()));
                let source = template.source(&client);
                let close = find(&client.program, "close").unwrap()["line"]
                    .as_u64()
                    .unwrap();
                assert_eq!(
                    source.lines().nth(close as usize - 1),
                    Some("    consumer.close()")
                );
            }
        }
    }

    #[test]
    fn a_program_no_template_wrote_is_not_recognised() {
        let mut client = Draft::default().new_producer();
        client.program[0]["for"]["line"] = json!(99);
        assert_eq!(ProducerTemplate::recognize(&client), None);
        let mut client = Draft::default().new_consumer();
        client.program["body"][0]["subscribe"]["line"] = json!(1);
        assert_eq!(ConsumerTemplate::recognize(&client), None);
    }
}
