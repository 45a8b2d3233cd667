//! The producer fault lessons: the only broker going down under Producer_03 (error_cb lines,
//! messages waiting, `_MSG_TIMED_OUT`; delivered when the broker is back in time), and
//! BufferError on a queue of 5 (the except outside the loop ends it).

mod lesson_common;

use course::lesson::{Action, Change, Changes, Counter, Lesson};
use kafka_sim::engine::{Command, Event, Process, Sim};
use lesson_common::{at_key_moment, run};

const BROKER_DOWN: &str = "producer-broker-down";
const BUFFER_ERROR: &str = "producer-buffer-error";

fn lesson(id: &str) -> Lesson {
    course::lesson(id).expect("the lesson exists")
}

fn console(sim: &Sim) -> Vec<String> {
    sim.producer(0)
        .unwrap()
        .console()
        .iter()
        .map(|(_, line)| line.clone())
        .collect()
}

fn setting(name: &'static str, value: &str) -> Changes {
    let mut changes = Changes::none();
    changes.push(Change::Setting(name, value.to_owned()));
    changes
}

#[test]
fn error_cb_prints_all_brokers_down_and_the_refused_reconnects_as_the_program_does() {
    let sim = run(BROKER_DOWN, &Changes::none());
    let errors: Vec<String> = console(&sim)
        .into_iter()
        .filter(|line| line.starts_with("Error: "))
        .collect();
    let all_down = |n: &str| {
        format!("Error: KafkaError{{code=_ALL_BROKERS_DOWN,val=-187,str=\"{n} brokers are down\"}}")
    };
    let refused = |handle: &str, suppressed: &str| {
        format!(
            "Error: KafkaError{{code=_TRANSPORT,val=-195,str=\"localhost:9092/{handle}: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (after 0ms in state CONNECT{suppressed})\"}}"
        )
    };
    let again = ", 1 identical error(s) suppressed";
    // The learned broker's two refused reconnects, then the re-bootstrap's entry (librdkafka
    // >= 2.10, KIP-899): refused, first and once more, each time completing "2/2"; then "2/2"
    // alone whenever both have failed again (their later refusals suppressed for 30 s).
    let mut expected = vec![
        all_down("1/1"),
        refused("1", ""),
        refused("1", again),
        refused("bootstrap", ""),
        all_down("2/2"),
        refused("bootstrap", again),
    ];
    expected.extend(std::iter::repeat_n(
        all_down("2/2"),
        errors.len().saturating_sub(6),
    ));
    assert_eq!(errors, expected);
    assert!(errors.len() >= 9, "{errors:?}");
    // error_cb runs on the print line of `def error_cb(err):` in the variant.
    let source = lesson(BROKER_DOWN).source_of(Process::Producer(0)).unwrap();
    let print_line = source
        .text
        .lines()
        .position(|l| l.contains("print('Error: %s' % err)"))
        .unwrap() as u32
        + 1;
    let ran = sim.trace().iter().filter(|e| {
        matches!(e.event, Event::LineExecuted { process: Process::Producer(0), line } if line == print_line)
    });
    assert_eq!(ran.count(), errors.len());
}

#[test]
fn the_messages_sent_after_the_crash_time_out_and_the_rest_are_in_the_log() {
    let sim = run(BROKER_DOWN, &Changes::none());
    let console = console(&sim);
    let failed = console
        .iter()
        .filter(|l| l.starts_with("% Message failed delivery: KafkaError{code=_MSG_TIMED_OUT"))
        .count();
    assert_eq!(failed, 8, "{console:?}");
    assert_eq!(
        console.last().map(String::as_str),
        Some("Message sending completed!")
    );
    // The four messages before the crash are in the broker's log (on its disk, while it is down).
    let appended = sim
        .trace()
        .iter()
        .filter(|e| matches!(e.event, Event::RecordAppended { .. }))
        .count();
    assert_eq!(appended, 4);
    assert_eq!(Counter::Failed.value(&sim, sim.projection()), 8);
    // 1/1, the broker's two refused connects, the bootstrap entry's two, and five "2/2".
    assert_eq!(Counter::ClientErrors.value(&sim, sim.projection()), 10);
}

#[test]
fn the_key_moment_is_the_first_timeout_at_14_seconds() {
    let sim = at_key_moment(BROKER_DOWN, &Changes::none());
    assert_eq!(sim.now(), 14_000);
    assert_eq!(Counter::Failed.value(&sim, sim.projection()), 1);
    assert_eq!(Counter::Waiting.value(&sim, sim.projection()), 7);
}

#[test]
fn a_broker_restarted_in_time_gets_every_waiting_message() {
    let lesson = lesson(BROKER_DOWN);
    assert!(lesson.actions.contains(&Action::RestartBroker));
    let mut changes = Changes::none();
    changes.push(Change::Command(6_000, Command::RestartBroker { broker: 1 }));
    let sim = run(BROKER_DOWN, &changes);
    let console = console(&sim);
    assert!(
        console.iter().all(|l| !l.contains("failed delivery")),
        "{console:?}"
    );
    assert_eq!(Counter::InLog.value(&sim, sim.projection()), 12);
}

#[test]
fn with_the_default_message_timeout_flush_returns_with_the_messages_still_waiting() {
    let sim = run(BROKER_DOWN, &setting("message.timeout.ms", "300000"));
    let flushed = sim
        .trace()
        .iter()
        .find(|e| matches!(&e.event, Event::Printed { printed, .. } if printed.text() == "Message sending completed!"))
        .expect("the program ends");
    assert_eq!(flushed.time, 22_000, "flush(10) waited its 10 seconds");
    let before: Vec<_> = sim
        .trace()
        .iter()
        .take_while(|e| e.seq <= flushed.seq)
        .cloned()
        .collect();
    let projection = kafka_sim::projection::Projection::of(&before);
    assert_eq!(Counter::Failed.value(&sim, &projection), 0);
}

#[test]
fn buffer_error_comes_at_the_sixth_message_and_ends_the_loop() {
    let sim = run(BUFFER_ERROR, &Changes::none());
    assert_eq!(
        console(&sim),
        [
            "Start sending messages ...",
            "% Local producer queue is full (5 messages awaiting delivery): try again",
            "% Message delivered to topic:[ak03.test]-partition:[0] @ offset[0]",
            "Message sending completed!",
        ]
    );
    assert_eq!(Counter::InLog.value(&sim, sim.projection()), 5);
    assert_eq!(Counter::Refused.value(&sim, sim.projection()), 1);
    assert_eq!(Counter::QueueLimit.value(&sim, sim.projection()), 5);
}

#[test]
fn the_key_moment_shows_the_count_beside_the_limit() {
    let sim = at_key_moment(BUFFER_ERROR, &Changes::none());
    assert_eq!(Counter::Waiting.value(&sim, sim.projection()), 5);
    assert_eq!(Counter::QueueLimit.value(&sim, sim.projection()), 5);
    assert_eq!(sim.producer(0).unwrap().client.len(), 5);
}

/// count + 1 > limit: a limit of 12 holds all 12, a limit of 11 refuses the 12th.
#[test]
fn twelve_messages_fit_a_limit_of_twelve() {
    let sim = run(BUFFER_ERROR, &setting("queue.buffering.max.messages", "12"));
    assert_eq!(Counter::Refused.value(&sim, sim.projection()), 0);
    assert_eq!(Counter::InLog.value(&sim, sim.projection()), 12);
    assert!(console(&sim).contains(&"Send 12 messages to Kafka".to_owned()));
    let sim = run(BUFFER_ERROR, &setting("queue.buffering.max.messages", "11"));
    assert_eq!(Counter::Refused.value(&sim, sim.projection()), 1);
    assert_eq!(Counter::InLog.value(&sim, sim.projection()), 11);
}

#[test]
fn each_prediction_has_one_answer_read_from_the_run() {
    for (id, answer) in [(BROKER_DOWN, "8"), (BUFFER_ERROR, "5")] {
        let lesson = lesson(id);
        let prediction = &lesson.predictions[0];
        let outcome = prediction.outcome(&lesson).expect("it asks and reveals");
        assert_eq!(outcome.observed, answer);
        assert!(prediction.answer(&lesson).is_some());
        let key = lesson.key_moment_in(
            course::lesson::played(&lesson, &Changes::none())
                .unwrap()
                .trace(),
        );
        assert!(outcome.ask <= key.unwrap(), "asked before the key moment");
    }
}
