//! The producer exercises as programs the simulator runs (`kafka_sim::producer::Program`).
//!
//! The topic (`topicName = ...`), the message count (`msgCount = ...`) and the configuration
//! (the `props = {...}` dict) are read from the source, and the line of every statement from
//! its anchors. Which statements the send loop holds follows from the anchors the program
//! declares: `SyncFlush` (flush after each produce), `Poll`, `PrintProduced` and `Sleep`,
//! `Serialize` (Producer_04's Employee JSON) and `DeliveryCallback`. The printed text follows
//! [`crate::console`]'s formats.

use super::ProgramError;
use super::python::{Main, arguments, seconds_ms};
use crate::exercise::{Anchor, Source};
use kafka_sim::config::{ConfigValue, ProducerConfig, Profile};
use kafka_sim::engine::{Millis, Stream};
use kafka_sim::producer::{
    Call, Callback, CallbackPrints, Except, Part, Payload, Program, Stmt, Text,
};

/// A producer exercise ready to run: its topic, message count, configuration and program.
#[derive(Clone, Debug)]
pub struct ProducerProgram {
    pub topic: String,
    pub msg_count: u64,
    /// The configuration as written (the `props` dict, or kafka-python's keywords).
    pub props: Vec<(&'static str, ConfigValue)>,
    /// The client the program uses: confluent-kafka's librdkafka, or kafka-python.
    pub profile: Profile,
    pub config: ProducerConfig,
    pub program: Program,
}

/// `flush()` without a timeout: confluent-kafka-python passes -1 (wait forever) to
/// `rd_kafka_flush` (src/confluent_kafka/src/Producer.c `Producer_flush`). In virtual time
/// librdkafka's largest timeout, `INT_MAX` milliseconds (24 days), is forever enough.
const FLUSH_FOREVER_MS: Millis = i32::MAX as Millis;

/// `producer.flush(10)`: confluent-kafka-python takes seconds.
const FINAL_FLUSH_MS: Millis = 10_000;

/// The delivery callback's `int(msg.key()) % 10000 == 0`.
const REPORT_EVERY: u64 = 10_000;

/// The producer program of `source`, sending `msg_count` messages (the program's own
/// `msgCount` when `None`; seed 004's kafka-python program always sends its own count).
pub fn producer_program(
    source: &Source,
    msg_count: Option<u64>,
) -> Result<ProducerProgram, ProgramError> {
    if super::kafka_python::is_kafka_python_producer(source) {
        return super::kafka_python::producer_program(source);
    }
    let line = |anchor| {
        source
            .line(anchor)
            .ok_or(ProgramError::NotAProducer(anchor.name()))
    };
    let produce_line = line(Anchor::Produce)?;
    let main = Main::new(*source, &[]);
    let topic = main
        .text("topicName")
        .ok_or(ProgramError::NotAProducer("topicName"))?;
    let msg_count = match msg_count {
        Some(count) => count,
        None => main
            .assigned("msgCount")
            .and_then(|value| value.parse().ok())
            .ok_or(ProgramError::NotAProducer("msgCount"))?,
    };
    let props = main.props().ok_or(ProgramError::NotAProducer("props"))?;
    let config =
        ProducerConfig::from_pairs(Profile::Librdkafka, &props).map_err(ProgramError::Config)?;
    let has = |anchor| source.marker(anchor).is_some();
    let callback = has(Anchor::DeliveryCallback).then_some(0);

    let mut send = vec![Stmt::Call(Call::Produce {
        line: produce_line,
        topic: topic.clone(),
        partition: None,
        key: Some(vec![Part::Index]),
        value: if has(Anchor::Serialize) {
            Payload::EmployeeJson
        } else {
            Payload::Text(vec![lit("msg_"), Part::Index])
        },
        callback,
    })];
    if has(Anchor::SyncFlush) {
        send.push(Stmt::Call(Call::Flush {
            line: line(Anchor::SyncFlush)?,
            timeout_ms: FLUSH_FOREVER_MS,
        }));
    }
    if has(Anchor::Poll) {
        send.push(Stmt::Call(Call::Poll {
            line: line(Anchor::Poll)?,
            timeout_ms: 0,
        }));
    }
    if has(Anchor::PrintProduced) {
        send.push(print(
            line(Anchor::PrintProduced)?,
            Stream::Stdout,
            vec![lit("key="), Part::Index, lit(", value=msg_"), Part::Index],
        ));
    }
    if has(Anchor::Sleep) {
        let line = line(Anchor::Sleep)?;
        send.push(Stmt::Call(Call::Sleep {
            line,
            ms: sleep_ms(&main, line).ok_or(ProgramError::NotAProducer("time.sleep"))?,
        }));
    }

    let body = vec![
        print(
            line(Anchor::PrintStart)?,
            Stream::Stdout,
            vec![lit(crate::console::START_SENDING)],
        ),
        Stmt::For {
            line: line(Anchor::SendLoop)?,
            count: msg_count,
            body: send,
        },
        print(
            line(Anchor::PrintSent)?,
            Stream::Stdout,
            vec![lit(&crate::console::sent_line(msg_count))],
        ),
    ];
    let queue_full = vec![
        lit("% Local producer queue is full ("),
        Part::QueueLen,
        lit(" messages awaiting delivery): try again"),
    ];
    let handlers = vec![
        (
            Except::BufferError,
            vec![print(line(Anchor::QueueFull)?, Stream::Stderr, queue_full)],
        ),
        (
            Except::Any,
            vec![print(
                line(Anchor::PrintException)?,
                Stream::Stdout,
                vec![Part::Exception],
            )],
        ),
    ];
    let program = Program {
        body: vec![
            Stmt::Try {
                line: line(Anchor::Try)?,
                body,
                handlers,
            },
            Stmt::Call(Call::Flush {
                line: line(Anchor::Flush)?,
                timeout_ms: FINAL_FLUSH_MS,
            }),
            print(
                line(Anchor::PrintCompleted)?,
                Stream::Stdout,
                vec![lit(crate::console::SENDING_COMPLETED)],
            ),
        ],
        callbacks: callback.map(|_| delivery_callback()).into_iter().collect(),
        // `def error_cb(err): print('Error: %s' % err)`: the process prints that text.
        error_cb: main.after(Anchor::ErrorCallback, "print('Error: %s' % err)"),
    };
    Ok(ProducerProgram {
        topic,
        msg_count,
        props,
        profile: Profile::Librdkafka,
        config,
        program,
    })
}

/// The course's `delivery_callback`: failures always, successes for every 10000th key, on
/// stderr, as the console writes them (`kafka_sim::console::delivered_line` and
/// `delivery_failed_line`).
fn delivery_callback() -> Callback {
    Callback {
        prints: CallbackPrints::Course,
        only_every: Some(REPORT_EVERY),
    }
}

fn lit(s: &str) -> Part {
    Part::Lit(s.to_owned())
}

fn print(line: u32, stream: Stream, text: Text) -> Stmt {
    Stmt::Call(Call::Print { line, stream, text })
}

/// The seconds of the `time.sleep(seconds)` on `line`, in milliseconds.
pub(super) fn sleep_ms(main: &Main, line: u32) -> Option<Millis> {
    seconds_ms(arguments(main.text_of(line), "time.sleep")?.first()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::exercise;

    fn source(id: &str) -> Source {
        exercise(id).expect("exercise").sources[0]
    }

    #[test]
    fn topic_and_count_come_from_the_program() {
        let p = producer_program(&source("producer-01-fire-and-forget"), None).unwrap();
        assert_eq!((p.topic.as_str(), p.msg_count), ("ak03.test", 100_000));
    }

    #[test]
    fn a_consumer_is_not_a_producer() {
        let consumer = source("consumer-02-auto-commit");
        assert!(matches!(
            producer_program(&consumer, Some(1)),
            Err(ProgramError::NotAProducer(_))
        ));
    }
}
