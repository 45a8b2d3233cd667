//! Seed 004's `producer_demo` on kafka-python 3.0.12 as a program the simulator runs:
//! `producer = KafkaProducer(key=value, ...)`, then `for i in range(0, n):` around
//! `future = producer.send(topic, key=..., value=..., partition=...)`, a `print(...)` and
//! `future.get(timeout=...)` inside `try:`.

use super::super::producer::ProducerProgram;
use super::super::python::{Main, arguments, keyword, seconds_ms};
use super::{Builder, ProgramError};
use crate::exercise::{Anchor, Source};
use kafka_sim::config::{ConfigValue, ProducerConfig, Profile};
use kafka_sim::engine::Stream;
use kafka_sim::producer::{Call, Except, Part, Program, Stmt, Timeout};

/// Whether `source` is seed 004's kafka-python producer.
pub(in super::super) fn is_kafka_python_producer(source: &Source) -> bool {
    source.text.contains("from kafka import KafkaProducer")
}

/// The kafka-python producer program of `source`: its loop's own count, whatever the
/// lesson's message count.
pub(in super::super) fn producer_program(source: &Source) -> Result<ProducerProgram, ProgramError> {
    let b = Builder {
        main: Main::new(*source, &[]),
    };
    let not = |what| ProgramError::NotAProducer(what);
    let line = |anchor: Anchor| b.main.line(anchor).ok_or(not(anchor.name()));
    let constructor = b
        .main
        .before(Anchor::SendLoop, "KafkaProducer(")
        .ok_or(not("KafkaProducer"))?;
    let args = arguments(b.call_text(constructor), "KafkaProducer").ok_or(not("KafkaProducer"))?;
    let props = b.keywords(&args).ok_or(not("KafkaProducer"))?;
    let config =
        ProducerConfig::from_pairs(Profile::KafkaPython, &props).map_err(ProgramError::Config)?;

    let loop_line = line(Anchor::SendLoop)?;
    let count = arguments(b.main.text_of(loop_line), "range")
        .and_then(|args| args.get(1)?.parse().ok())
        .ok_or(not("range"))?;
    let send_line = line(Anchor::Produce)?;
    let send = arguments(b.call_text(send_line), "producer.send").ok_or(not("producer.send"))?;
    let topic = match send.first().and_then(|t| b.main.value(t)) {
        Some(ConfigValue::Str(topic)) => topic,
        _ => return Err(not("producer.send")),
    };
    let partition = match keyword(&send, "partition") {
        Some(p) => Some(p.parse().map_err(|_| not("partition"))?),
        None => None,
    };
    let get_line = line(Anchor::Get)?;
    let except_line = b
        .main
        .after(Anchor::Get, "except kafka_errors")
        .ok_or(not("except kafka_errors"))?;
    let timeout = arguments(b.main.text_of(get_line), "future.get")
        .and_then(|args| keyword(&args, "timeout"))
        .ok_or(not("future.get"))?;
    let body = vec![
        Stmt::Call(Call::Send {
            line: send_line,
            topic: topic.clone(),
            partition,
            key: keyword(&send, "key")
                .map(|key| str_text(&b, key))
                .transpose()?,
            value: keyword(&send, "value")
                .map(|value| str_text(&b, value))
                .transpose()?,
            callback: None,
        }),
        Stmt::Call(Call::Print {
            line: line(Anchor::PrintProduced)?,
            stream: Stream::Stdout,
            text: vec![Part::Lit("send ".to_owned()), Part::Index],
        }),
        // `except kafka_errors`: a dict, not an exception class, so it catches nothing: a
        // failed send raises TypeError from the `except` line.
        Stmt::Try {
            line: line(Anchor::Try)?,
            body: vec![Stmt::Call(Call::Get {
                line: get_line,
                timeout: Some(Timeout {
                    ms: seconds_ms(timeout).ok_or(not("timeout"))?,
                    literal: timeout.to_owned(),
                }),
            })],
            handlers: vec![(
                Except::NotAClass,
                vec![Stmt::Call(Call::ExceptNotAClass { line: except_line })],
            )],
        },
    ];
    Ok(ProducerProgram {
        topic,
        msg_count: count,
        props,
        profile: Profile::KafkaPython,
        config,
        program: Program {
            body: vec![Stmt::For {
                line: loop_line,
                count,
                body,
            }],
            callbacks: Vec::new(),
            error_cb: None,
        },
    })
}

/// A Python str argument: `'text'` or `str(i)`.
fn str_text(b: &Builder, expr: &str) -> Result<Vec<Part>, ProgramError> {
    if expr == "str(i)" {
        return Ok(vec![Part::Index]);
    }
    match b.main.value(expr) {
        Some(ConfigValue::Str(text)) => Ok(vec![Part::Lit(text)]),
        _ => Err(ProgramError::NotAProducer("send")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::exercise;

    #[test]
    fn producer_demo_reads_as_the_golden_runs_it() {
        let source = exercise("kafka-python-producer").expect("exercise").sources[0];
        let p = producer_program(&source).expect("a kafka-python producer");
        assert_eq!((p.topic.as_str(), p.msg_count), ("kafka_demo", 3));
        assert_eq!(p.profile, Profile::KafkaPython);
        let Stmt::For { count: 3, body, .. } = &p.program.body[0] else {
            panic!("a send loop: {:?}", p.program.body);
        };
        assert!(matches!(
            &body[0],
            Stmt::Call(Call::Send { partition: Some(1), key: Some(key), .. })
                if *key == vec![Part::Lit("count_num".into())]
        ));
        let Stmt::Try { body, handlers, .. } = &body[2] else {
            panic!("a try: {body:?}");
        };
        assert_eq!(
            handlers,
            &[(
                Except::NotAClass,
                vec![Stmt::Call(Call::ExceptNotAClass { line: 27 })]
            )],
            "except kafka_errors raises TypeError"
        );
        assert!(matches!(
            &body[0],
            Stmt::Call(Call::Get {
                timeout: Some(Timeout { ms: 10_000, .. }),
                ..
            })
        ));
    }
}
