//! The quiz's answer on the producer queue (`poll-in-send-loop`) holds in the model: with
//! `queue.buffering.max.messages` at its default, a program that never polls can queue exactly
//! 100,000 messages and the 100,001st `produce()` raises `BufferError` (librdkafka refuses a
//! message only when count + 1 > the limit, `rd_kafka_curr_msgs_add`).

use course::quiz::question;
use kafka_sim::outbox::Outbox;
use kafka_sim::producer::{NewMessage, ProduceError, ProducerClient, ProducerSettings};

const DEFAULT_LIMIT: usize = 100_000;

#[test]
fn the_100000th_message_fits_and_the_next_raises_buffer_error() {
    let settings = ProducerSettings::default();
    assert_eq!(settings.queue_buffering_max_messages, DEFAULT_LIMIT);
    let mut producer = ProducerClient::new(0, settings, 0);
    let mut out = Outbox::default();
    let message = || NewMessage {
        topic: "t".into(),
        partition: None,
        key: None,
        value: Some(b"m".as_slice().into()),
        callback: None,
    };
    // No serve(), no poll(): nothing leaves the queue, as in a loop that never polls.
    for n in 1..=DEFAULT_LIMIT {
        if let Err(e) = producer.produce(message(), 0, &mut out) {
            panic!("message {n} was refused: {e}");
        }
    }
    assert_eq!(producer.len(), DEFAULT_LIMIT);
    let refused = producer.produce(message(), 0, &mut out);
    assert_eq!(refused, Err(ProduceError::QueueFull));
    assert_eq!(
        refused.unwrap_err().python_exception().0,
        "BufferError",
        "Python sees BufferError"
    );

    // And the quiz says so: the 100,001st is the correct choice.
    let q = question("poll-in-send-loop").expect("the question");
    let correct: Vec<&str> = q
        .choices
        .iter()
        .filter(|c| c.correct)
        .map(|c| c.text.en)
        .collect();
    assert_eq!(correct, ["The 100,001st"]);
}
