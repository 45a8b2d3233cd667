//! A librdkafka group consumer (`BaseConsumer`) that records what the application sees: the
//! partitions in each rebalance callback, each commit callback, and each consumed record.

use kafka_sim::TopicPartition;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance};
use rdkafka::error::KafkaResult;
use rdkafka::{ClientConfig, ClientContext, Message, TopicPartitionList};
use std::collections::BTreeMap;
use std::ffi::CStr;
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

/// One callback as the application saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupEvent {
    /// `on_assign`: the partitions in the callback (for cooperative, the added ones only).
    Assigned(Vec<TopicPartition>),
    /// `on_revoke`: the partitions in the callback.
    Revoked(Vec<TopicPartition>),
    /// `on_commit`: the result and every partition in the commit with its raw offset
    /// (`-1001`, librdkafka's `RD_KAFKA_OFFSET_INVALID`, where no offset was stored).
    Committed {
        error: Option<String>,
        offsets: BTreeMap<TopicPartition, i64>,
    },
}

/// Something the application saw, with the moment it saw it (`Member::timeline`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Moment {
    /// A rebalance or commit callback, as in [`Member::events`].
    Callback(GroupEvent),
    /// A revoke callback while `rd_kafka_assignment_lost()` holds: Python's `on_lost`.
    Lost(Vec<TopicPartition>),
    /// A record `poll()` returned.
    Record(TopicPartition, i64),
    /// An error `poll()` returned as a message (`msg.error()`), by its text.
    Error(String),
    /// A log line of the client, `(facility, text)`: what librdkafka writes to stderr.
    Log(String, String),
}

/// A record returned by `poll()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumed {
    pub partition: TopicPartition,
    pub offset: i64,
    pub payload: Vec<u8>,
}

/// The consumer's context: the rebalance and commit callbacks append to the log.
#[derive(Default)]
pub struct Recorder {
    events: Mutex<Vec<GroupEvent>>,
    /// The group generation of every `on_assign`, in order.
    assign_generations: Mutex<Vec<i32>>,
    /// Every moment, timed.
    timeline: Mutex<Vec<(Instant, Moment)>>,
}

impl Recorder {
    fn push(&self, event: GroupEvent) {
        self.at(Moment::Callback(event.clone()));
        self.events.lock().expect("events").push(event);
    }

    fn at(&self, moment: Moment) {
        let now = Instant::now();
        self.timeline.lock().expect("timeline").push((now, moment));
    }
}

impl ClientContext for Recorder {
    /// Log lines are recorded, not printed (librdkafka's `log_cb`).
    fn log(&self, _level: rdkafka::config::RDKafkaLogLevel, fac: &str, log_message: &str) {
        self.at(Moment::Log(fac.to_string(), log_message.to_string()));
    }
}

impl ConsumerContext for Recorder {
    /// Recorded before librdkafka applies the change, as a Python `on_assign`/`on_revoke`
    /// runs (confluent-kafka-python `Consumer.c` `Consumer_rebalance_cb`).
    fn pre_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Assign(list) => {
                let generation = generation(consumer);
                self.assign_generations
                    .lock()
                    .expect("generations")
                    .push(generation);
                self.push(GroupEvent::Assigned(partitions(list)));
            }
            Rebalance::Revoke(list) if consumer.assignment_lost() => {
                self.at(Moment::Lost(partitions(list)));
                self.events
                    .lock()
                    .expect("events")
                    .push(GroupEvent::Revoked(partitions(list)));
            }
            Rebalance::Revoke(list) => self.push(GroupEvent::Revoked(partitions(list))),
            Rebalance::Error(error) => panic!("rebalance error: {error}"),
        }
    }

    fn commit_callback(&self, result: KafkaResult<()>, offsets: &TopicPartitionList) {
        let offsets = offsets
            .elements()
            .iter()
            .map(|element| {
                let tp = TopicPartition::new(element.topic(), element.partition());
                (tp, element.offset().to_raw().expect("a raw offset"))
            })
            .collect();
        let error = result.err().map(|error| error.to_string());
        self.push(GroupEvent::Committed { error, offsets });
    }
}

/// The member's current group generation (`rd_kafka_consumer_group_metadata_generation_id`).
fn generation(consumer: &BaseConsumer<Recorder>) -> i32 {
    let client = consumer.client().native_ptr();
    // SAFETY: the handle is alive for the call; the metadata object librdkafka returns is
    // read once and destroyed here.
    unsafe {
        let metadata = rdkafka::bindings::rd_kafka_consumer_group_metadata(client);
        let generation =
            rdkafka::bindings::rd_kafka_consumer_group_metadata_generation_id(metadata);
        rdkafka::bindings::rd_kafka_consumer_group_metadata_destroy(metadata);
        generation
    }
}

/// The partitions of a list, in the list's order: the order librdkafka hands a callback its
/// list, which confluent-kafka-python's `c_parts_to_py` keeps for Python.
pub fn partitions(list: &TopicPartitionList) -> Vec<TopicPartition> {
    list.elements()
        .iter()
        .map(|element| TopicPartition::new(element.topic(), element.partition()))
        .collect()
}

/// A subscribed group member. Dropping it is `close()` (the `rdkafka` crate closes the consumer
/// on drop: revoke, commit stored offsets if auto-commit is on, LeaveGroup).
pub struct Member {
    consumer: BaseConsumer<Recorder>,
    consumed: Mutex<Vec<Consumed>>,
}

impl Member {
    /// Creates the consumer and subscribes it; it joins the group on its first polls.
    pub fn subscribe(config: &ClientConfig, topics: &[&str]) -> Self {
        let consumer: BaseConsumer<Recorder> = config
            .create_with_context(Recorder::default())
            .expect("create the consumer");
        consumer.subscribe(topics).expect("subscribe");
        Self {
            consumer,
            consumed: Mutex::new(Vec::new()),
        }
    }

    /// Creates the consumer and assigns it `partitions` at their offsets (`assign()`: no
    /// group membership, no rebalance callbacks).
    pub fn assign(config: &ClientConfig, partitions: &[(TopicPartition, i64)]) -> Self {
        let consumer: BaseConsumer<Recorder> = config
            .create_with_context(Recorder::default())
            .expect("create the consumer");
        let mut list = TopicPartitionList::new();
        for (tp, offset) in partitions {
            list.add_partition_offset(&tp.topic, tp.partition, rdkafka::Offset::Offset(*offset))
                .expect("an assignment list");
        }
        consumer.assign(&list).expect("assign");
        Self {
            consumer,
            consumed: Mutex::new(Vec::new()),
        }
    }

    /// `poll()` for an assigned consumer, returning the text of the error it hands over
    /// (`str(msg.error())`'s `str`), if any; a log line is recorded in the timeline. Raw
    /// events (`rd_kafka_queue_poll` on the consumer queue, which the main queue and the log
    /// queue are forwarded to): the `rdkafka` crate keeps an error's code, not its text.
    pub fn poll_error(&self, timeout: Duration) -> Option<String> {
        use rdkafka::bindings as rd;
        let client = self.consumer.client().native_ptr();
        let timeout_ms = i32::try_from(timeout.as_millis()).expect("a poll timeout");
        let text = |ptr: *const std::ffi::c_char| {
            // SAFETY: librdkafka's strings live as long as the event they come from.
            unsafe { CStr::from_ptr(ptr) }
                .to_string_lossy()
                .into_owned()
        };
        // SAFETY: the handle is alive for the call; the queue reference and the event
        // librdkafka returns are read here and released once.
        unsafe {
            let queue = rd::rd_kafka_queue_get_consumer(client);
            let event = rd::rd_kafka_queue_poll(queue, timeout_ms);
            rd::rd_kafka_queue_destroy(queue);
            if event.is_null() {
                return None;
            }
            let error = match rd::rd_kafka_event_type(event) {
                rd::RD_KAFKA_EVENT_LOG => {
                    let (mut facility, mut line, mut level) =
                        (std::ptr::null(), std::ptr::null(), 0);
                    rd::rd_kafka_event_log(event, &mut facility, &mut line, &mut level);
                    let moment = Moment::Log(text(facility), text(line));
                    self.consumer.context().at(moment);
                    None
                }
                rd::RD_KAFKA_EVENT_ERROR => Some(text(rd::rd_kafka_event_error_string(event))),
                _ => None,
            };
            rd::rd_kafka_event_destroy(event);
            error
        }
    }

    /// The member id the coordinator gave it (`rd_kafka_memberid`); `None` before it joined.
    pub fn member_id(&self) -> Option<String> {
        let client = self.consumer.client();
        // SAFETY: the handle is alive for the call; librdkafka returns NULL or a string that it
        // allocated and that we free with `rd_kafka_mem_free` after copying it.
        unsafe {
            let raw = rdkafka::bindings::rd_kafka_memberid(client.native_ptr());
            if raw.is_null() {
                return None;
            }
            let id = CStr::from_ptr(raw).to_string_lossy().into_owned();
            rdkafka::bindings::rd_kafka_mem_free(client.native_ptr(), raw.cast());
            Some(id).filter(|id| !id.is_empty())
        }
    }

    /// `poll(timeout)`: serves callbacks and returns at most one record. An error message is
    /// recorded in the timeline if it is `_MAX_POLL_EXCEEDED` (a program that was too slow),
    /// any other fails the scenario.
    pub fn poll(&self, timeout: Duration) -> Option<Consumed> {
        let message = match self.consumer.poll(timeout)? {
            Ok(message) => message,
            Err(error)
                if error.rdkafka_error_code()
                    == Some(rdkafka::types::RDKafkaErrorCode::PollExceeded) =>
            {
                self.consumer.context().at(Moment::Error(error.to_string()));
                return None;
            }
            Err(error) => panic!("consume: {error}"),
        };
        let consumed = Consumed {
            partition: TopicPartition::new(message.topic(), message.partition()),
            offset: message.offset(),
            payload: message.payload().unwrap_or_default().to_vec(),
        };
        self.consumed
            .lock()
            .expect("consumed")
            .push(consumed.clone());
        let record = Moment::Record(consumed.partition.clone(), consumed.offset);
        self.consumer.context().at(record);
        Some(consumed)
    }

    /// `commit(asynchronous=True)` without arguments: the stored offsets, its result reported
    /// to `on_commit` by a later poll. confluent-kafka-python sets `offset_commit_cb`, which
    /// the `rdkafka` crate does not (it polls events), so the result is asked for on the
    /// consumer queue instead (`rd_kafka_commit_queue`): the same op reaches the same poll.
    pub fn commit_stored_async(&self) {
        let client = self.consumer.client().native_ptr();
        // SAFETY: the handle is alive for the call; the queue reference librdkafka returns is
        // released here, and the commit keeps its own.
        unsafe {
            let queue = rdkafka::bindings::rd_kafka_queue_get_consumer(client);
            rdkafka::bindings::rd_kafka_commit_queue(
                client,
                std::ptr::null(),
                queue,
                None,
                std::ptr::null_mut(),
            );
            rdkafka::bindings::rd_kafka_queue_destroy(queue);
        }
    }

    /// Everything the application saw so far, timed.
    pub fn timeline(&self) -> Vec<(Instant, Moment)> {
        let context = self.consumer.context();
        context.timeline.lock().expect("timeline").clone()
    }

    /// `commit(message=m, asynchronous=False)` for the record at `consumed`.
    pub fn commit_record(&self, consumed: &Consumed) -> KafkaResult<()> {
        let mut list = TopicPartitionList::new();
        list.add_partition_offset(
            &consumed.partition.topic,
            consumed.partition.partition,
            rdkafka::Offset::Offset(consumed.offset + 1),
        )?;
        self.consumer.commit(&list, CommitMode::Sync)
    }

    /// `seek(TopicPartition(topic, partition, offset))` as confluent-kafka-python calls it
    /// (`rd_kafka_seek_partitions`, waiting for the answer): the partition's error code's name
    /// if it failed.
    pub fn seek(&self, tp: &TopicPartition, offset: i64) -> Result<(), String> {
        let mut list = TopicPartitionList::new();
        list.add_partition_offset(&tp.topic, tp.partition, rdkafka::Offset::Offset(offset))
            .expect("a seek list");
        let name = |error: rdkafka::error::KafkaError| match error.rdkafka_error_code() {
            Some(code) => format!("{code:?}"),
            None => error.to_string(),
        };
        let list = self
            .consumer
            .seek_partitions(list, Duration::from_secs(5))
            .map_err(name)?;
        list.elements()[0].error().map_err(name)
    }

    /// `commit(asynchronous=False)` without arguments: commits the stored offsets
    /// (`rd_kafka_commit` with a NULL list).
    pub fn commit_stored(&self) -> KafkaResult<()> {
        self.consumer.commit_consumer_state(CommitMode::Sync)
    }

    /// The callbacks recorded so far.
    pub fn events(&self) -> Vec<GroupEvent> {
        self.consumer
            .context()
            .events
            .lock()
            .expect("events")
            .clone()
    }

    /// The group generation of each `on_assign` so far, in order.
    pub fn assign_generations(&self) -> Vec<i32> {
        let context = self.consumer.context();
        context
            .assign_generations
            .lock()
            .expect("generations")
            .clone()
    }

    /// The records `poll()` returned so far.
    pub fn consumed(&self) -> Vec<Consumed> {
        self.consumed.lock().expect("consumed").clone()
    }

    /// The partitions the member holds now (`rd_kafka_assignment`), in librdkafka's order.
    pub fn held(&self) -> Vec<TopicPartition> {
        partitions(&self.consumer.assignment().expect("assignment"))
    }
}

/// Polls every member in turn, about every 10 ms (each poll serves what is queued for 1 ms), until `done` holds; panics after `timeout`.
/// The members' background threads heartbeat on their own; polling serves the callbacks.
pub fn drive_until(members: &[&Member], timeout: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !done() {
        assert!(Instant::now() < deadline, "the scenario did not settle");
        for member in members {
            member.poll(Duration::from_millis(1));
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// `close()` of `member` (revoke, commit if auto-commit is on, LeaveGroup) on another thread,
/// while the `others` go on polling as the other processes of a group would.
pub fn close(member: Member, others: &[&Member]) {
    thread::scope(|scope| {
        let closing = scope.spawn(move || drop(member));
        drive_until(others, Duration::from_secs(30), || closing.is_finished());
    });
}

/// Polls every member for `duration`.
pub fn drive_for(members: &[&Member], duration: Duration) {
    let end = Instant::now() + duration;
    drive_until(members, duration + Duration::from_secs(1), || {
        Instant::now() >= end
    });
}
