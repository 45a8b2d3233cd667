//! A client's connections to the brokers, as librdkafka's broker threads keep them: what it
//! reports to `error_cb` when a broker is unreachable, and when it tries again. Producers and
//! consumers share it: both are an `rd_kafka_t` with the same broker threads. A consumer's
//! errors reach `error_cb` from `poll()`/`consume()`: confluent-kafka-python forwards the main
//! queue to the consumer queue (`rd_kafka_poll_set_consumer` in `Consumer_init`), and serving
//! an `RD_KAFKA_OP_ERR` there calls `error_cb` (`rd_kafka_poll_cb`, src/rdkafka.c), whereas
//! consumer errors (`RD_KAFKA_OP_CONSUMER_ERR`) come back as messages.
//!
//! librdkafka src/rdkafka_broker.c, as read for this model:
//! * A connection the broker closes (`rd_kafka_broker_conn_closed`, "Disconnected: ...") is
//!   logged at `LOG_INFO`/`LOG_WARNING` only; `rd_kafka_broker_set_error` hands an error to
//!   the application's queue (`rk_rep`, served by `poll()`/`flush()`) for `LOG_ERR` and worse,
//!   such as a failed connect (`rd_kafka_broker_connect_done` → `rd_kafka_broker_fail(LOG_ERR,
//!   _TRANSPORT, "Connect to ipv4#127.0.0.1:9092 failed: Connection refused")`, the address as
//!   `rd_sockaddr2str(.., F_PORT | F_FAMILY)` prints it, src/rdkafka_transport.c).
//! * The text is prefixed with the broker's name (`localhost:9092/1`) and suffixed with
//!   "(after Nms in state CONNECT)"; an error identical to the broker's previous one is
//!   suppressed unless 30 s have passed since the last one shown (`rkb_suppress.fail_error`,
//!   `rd_interval`, which lets the first repetition through), and the next one shown says
//!   ", N identical error(s) suppressed" (N counts from the last one shown).
//! * `rd_kafka_broker_set_state`: when a broker reaches DOWN and every known broker is DOWN,
//!   `_ALL_BROKERS_DOWN` "N/N brokers are down" goes to the application, once until one
//!   comes back up. Brokers the client never connected to (sparse connections) are not DOWN.
//! * Reconnects wait `reconnect.backoff.ms`, doubled after each attempt up to
//!   `reconnect.backoff.max.ms`, with -25 %..+50 % jitter, reset to the initial value when the
//!   last attempt is older than the maximum (`rd_kafka_broker_update_reconnect_backoff`); the
//!   first attempt after a disconnect is immediate when the last one's wait has passed.
//!
//! Not modelled: since librdkafka 2.10, `_ALL_BROKERS_DOWN` also starts a re-bootstrap (KIP-899,
//! `rd_kafka_rebootstrap` in src/rdkafka.c): the `bootstrap.servers` entries come back as
//! `localhost:9092/bootstrap`, which a metadata refresh may try (`rd_kafka_connect_any`), adding
//! its own refused connects and, once it is down too, another `_ALL_BROKERS_DOWN`. The model
//! keeps to the learned brokers; the exact extra lines are to be settled on the mock cluster.
//! Nor is the request-timeout disconnect (`rd_kafka_broker_timeout_scan`, `_TIMED_OUT` at
//! `LOG_ERR`) raised to `error_cb`.
//!
//! A consumer also has a logical broker handle, "GroupCoordinator" (`rd_kafka_broker_add_logical`
//! in src/rdkafka_cgrp.c), that connects to wherever the group's coordinator is
//! (`rd_kafka_broker_set_nodename`): when that broker goes down it reports its own refused
//! connects, `GroupCoordinator: localhost:9093: Connect to ...` (seen on the mock cluster,
//! conformance/tests/brokers_down.rs), and it is not counted in `_ALL_BROKERS_DOWN`.
//!
//! The model's brokers listen on `localhost:9092`, `localhost:9093`, ...: broker `b` on port
//! 9091 + b, so that broker 1 is the course's `bootstrap.servers`.

use crate::collect::VecMap;
use crate::engine::Millis;
use crate::engine::protocol::KafkaError;
use crate::rng::SimRng;
use serde::Serialize;
use std::fmt;

/// `reconnect.backoff.ms` and `reconnect.backoff.max.ms`, librdkafka's defaults
/// (CONFIGURATION.md; the model does not read them from `props`).
const RECONNECT_BACKOFF_MS: Millis = 100;
const RECONNECT_BACKOFF_MAX_MS: Millis = 10_000;

/// How long an identical error stays suppressed (`rd_kafka_broker_set_error`: 30 s).
const SUPPRESS_MS: Millis = 30_000;

/// What a refused connect says (`rd_kafka_transport_io_event`, `rd_strerror(ECONNREFUSED)`).
fn refused(broker: i32) -> String {
    format!(
        "Connect to ipv4#127.0.0.1:{} failed: Connection refused",
        port(broker)
    )
}

/// What a connection the broker closed says (`rd_kafka_transport_socket_recvmsg`).
const DISCONNECTED: &str = "Disconnected: connection closed by peer: receive 0 after POLLIN";

fn port(broker: i32) -> i32 {
    9091 + broker
}

/// The broker's name in librdkafka's messages: `host:port/nodeid` (`rkb_name`).
pub fn broker_name(broker: i32) -> String {
    format!("localhost:{}/{broker}", port(broker))
}

/// One of a client's broker handles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Handle {
    /// The connection to a broker, by id.
    Broker(i32),
    /// A consumer's logical "GroupCoordinator" handle, connected to the coordinator's broker.
    Coordinator,
}

/// An error event for `error_cb`: its code and the reason librdkafka gives (Python's
/// `KafkaError` built by confluent-kafka-python's `error_cb` with `KafkaError_new0(err,
/// "%s", reason)`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientError {
    pub error: KafkaError,
    pub reason: String,
}

/// As `print('Error: %s' % err)` shows it: `KafkaError` has no `tp_str`, so `str()` is its
/// repr, `KafkaError_str0` (confluent-kafka-python src/confluent_kafka/src/confluent_kafka.c).
impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "KafkaError{{code={},val={},str=\"{}\"}}",
            self.error.name(),
            self.error.code(),
            self.reason
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Up,
    Down,
}

/// One broker connection (librdkafka's `rd_kafka_broker_t` fields it stands for in brackets).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Link {
    /// The broker it connects to.
    target: i32,
    state: State,
    /// When the next connect may start (`rkb_ts_reconnect`).
    reconnect_at: Millis,
    /// The next backoff before jitter (`rkb_reconnect_backoff_ms`).
    backoff_ms: Millis,
    /// The last error and its text without the suffix (`rkb_last_err`).
    last_error: Option<(KafkaError, String)>,
    /// `rkb_last_err.cnt`.
    count: u32,
    /// When an identical error was last let through (`rkb_suppress.fail_error`).
    shown_identical_at: Option<Millis>,
}

/// The connections of one client.
#[derive(Clone, Debug)]
pub struct Connections {
    links: VecMap<Handle, Link>,
    /// Set once `_ALL_BROKERS_DOWN` is raised, until a broker is up again.
    all_down_reported: bool,
    rng: SimRng,
}

impl Connections {
    /// A client's connections; reconnect jitter draws from its own stream, so that it does
    /// not move the client's other draws.
    pub fn new(seed: u64, label: &str) -> Self {
        Self {
            links: VecMap::new(),
            all_down_reported: false,
            rng: SimRng::stream(seed, &format!("{label}-reconnect")),
        }
    }

    /// Whether requests may go to `broker`: a connection that went down waits for its next
    /// successful connect.
    pub fn usable(&self, broker: i32) -> bool {
        let link = self.links.get(&Handle::Broker(broker));
        link.is_none_or(|l| l.state == State::Up)
    }

    /// A request goes to `broker`: the first one connects.
    pub fn open(&mut self, broker: i32, now: Millis) {
        self.open_handle(Handle::Broker(broker), broker, now);
    }

    /// A coordinator request goes to `broker`: the GroupCoordinator handle connects there, a
    /// new connection if the coordinator moved (`rd_kafka_broker_set_nodename`).
    pub fn open_coordinator(&mut self, broker: i32, now: Millis) {
        if self
            .links
            .get(&Handle::Coordinator)
            .is_some_and(|l| l.target != broker)
        {
            self.links.remove(&Handle::Coordinator);
        }
        self.open_handle(Handle::Coordinator, broker, now);
    }

    /// The broker `handle` connects to, if it was opened.
    pub fn target(&self, handle: Handle) -> Option<i32> {
        self.links.get(&handle).map(|l| l.target)
    }

    fn open_handle(&mut self, handle: Handle, target: i32, now: Millis) {
        if !self.links.contains_key(&handle) {
            let mut link = Link {
                target,
                state: State::Up,
                reconnect_at: 0,
                backoff_ms: RECONNECT_BACKOFF_MS,
                last_error: None,
                count: 0,
                shown_identical_at: None,
            };
            self.schedule(&mut link, now);
            self.links.insert(handle, link);
        }
    }

    /// `broker` closed the connection (it went down); `brokers` is how many the client knows.
    /// Returns the errors for the application and when to try to connect again.
    pub fn closed(
        &mut self,
        broker: i32,
        brokers: usize,
        now: Millis,
    ) -> (Vec<ClientError>, Option<Millis>) {
        self.closed_handle(Handle::Broker(broker), brokers, now)
    }

    /// As [`Connections::closed`], for any handle.
    pub fn closed_handle(
        &mut self,
        handle: Handle,
        brokers: usize,
        now: Millis,
    ) -> (Vec<ClientError>, Option<Millis>) {
        let Some(link) = self.links.get_mut(&handle) else {
            return (Vec::new(), None);
        };
        if link.state == State::Down {
            return (Vec::new(), None);
        }
        link.state = State::Down;
        // Logged, not raised: `rd_kafka_broker_conn_closed` uses LOG_INFO or LOG_WARNING.
        link.last_error = Some((KafkaError::Transport, DISCONNECTED.to_owned()));
        link.count = 1;
        let retry_at = link.reconnect_at.max(now);
        (self.all_down(brokers).into_iter().collect(), Some(retry_at))
    }

    /// The time to connect to `broker` again has come; `up` says whether it accepts.
    /// Returns the errors for the application and when to try again (`None` once up).
    pub fn attempt(
        &mut self,
        broker: i32,
        up: bool,
        now: Millis,
    ) -> (Vec<ClientError>, Option<Millis>) {
        self.attempt_handle(Handle::Broker(broker), up, now)
    }

    /// As [`Connections::attempt`], for any handle; `up` says whether its target accepts.
    pub fn attempt_handle(
        &mut self,
        handle: Handle,
        up: bool,
        now: Millis,
    ) -> (Vec<ClientError>, Option<Millis>) {
        let Some(mut link) = self.links.get(&handle).cloned() else {
            return (Vec::new(), None);
        };
        if link.state == State::Up || link.reconnect_at > now {
            return (Vec::new(), None);
        }
        self.schedule(&mut link, now);
        let result = if up {
            link.state = State::Up;
            self.all_down_reported = false;
            (Vec::new(), None)
        } else {
            let target = link.target;
            let error = fail(
                &mut link,
                &handle_name(handle, target),
                KafkaError::Transport,
                refused(target),
                now,
            );
            (error.into_iter().collect(), Some(link.reconnect_at))
        };
        self.links.insert(handle, link);
        result
    }

    /// `_ALL_BROKERS_DOWN` once every one of the `brokers` the client knows is down.
    fn all_down(&mut self, brokers: usize) -> Option<ClientError> {
        let down = self
            .links
            .iter()
            .filter(|(h, l)| matches!(h, Handle::Broker(_)) && l.state == State::Down)
            .count();
        if down < brokers || self.all_down_reported {
            return None;
        }
        self.all_down_reported = true;
        Some(ClientError {
            error: KafkaError::AllBrokersDown,
            reason: format!("{down}/{brokers} brokers are down"),
        })
    }

    /// A connect starts: the next one may start after the jittered backoff.
    fn schedule(&mut self, link: &mut Link, now: Millis) {
        if link.reconnect_at + RECONNECT_BACKOFF_MAX_MS < now {
            link.backoff_ms = RECONNECT_BACKOFF_MS;
        }
        let jittered = self
            .rng
            .between(link.backoff_ms * 3 / 4, link.backoff_ms * 3 / 2);
        link.reconnect_at = now + jittered.min(RECONNECT_BACKOFF_MAX_MS);
        link.backoff_ms = (link.backoff_ms * 2).min(RECONNECT_BACKOFF_MAX_MS);
    }
}

/// How a handle's errors begin: the broker's name, or the logical handle's name and the
/// address it connects to (as the mock cluster showed it).
fn handle_name(handle: Handle, target: i32) -> String {
    match handle {
        Handle::Broker(broker) => broker_name(broker),
        Handle::Coordinator => format!("GroupCoordinator: localhost:{}", port(target)),
    }
}

/// `rd_kafka_broker_set_error` at `LOG_ERR`: the error for the application, unless suppressed.
fn fail(
    link: &mut Link,
    name: &str,
    error: KafkaError,
    text: String,
    now: Millis,
) -> Option<ClientError> {
    let identical = link
        .last_error
        .as_ref()
        .is_some_and(|(e, t)| *e == error && *t == text);
    let suppress = identical
        && link
            .shown_identical_at
            .is_some_and(|at| now <= at + SUPPRESS_MS);
    if identical && !suppress {
        link.shown_identical_at = Some(now);
    }
    let mut extra = "after 0ms in state CONNECT".to_owned();
    if identical && !suppress && link.count >= 1 {
        extra.push_str(&format!(", {} identical error(s) suppressed", link.count));
    }
    link.count = if suppress { link.count + 1 } else { 1 };
    link.last_error = Some((error, text.clone()));
    (!suppress).then(|| ClientError {
        error,
        reason: format!("{name}: {text} ({extra})"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_broker_going_down_raises_all_brokers_down_then_refused_connects() {
        let mut c = Connections::new(0, "p");
        c.open(1, 0);
        let (errors, retry) = c.closed(1, 1, 5_000);
        assert_eq!(
            errors[0].to_string(),
            "KafkaError{code=_ALL_BROKERS_DOWN,val=-187,str=\"1/1 brokers are down\"}"
        );
        assert_eq!(retry, Some(5_000), "the first reconnect is immediate");
        assert!(!c.usable(1));
        let (errors, retry) = c.attempt(1, false, 5_000);
        assert_eq!(
            errors[0].reason,
            "localhost:9092/1: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (after 0ms in state CONNECT)"
        );
        // The connection was made at 0 ms, less than reconnect.backoff.max.ms ago: the backoff
        // goes on doubling from its second step (200 ms, jittered).
        let retry = retry.expect("tries again");
        assert!((5_150..=5_300).contains(&retry), "{retry}");
        let (errors, _) = c.attempt(1, false, retry);
        assert!(
            errors[0]
                .reason
                .ends_with("(after 0ms in state CONNECT, 1 identical error(s) suppressed)")
        );
    }

    #[test]
    fn identical_errors_are_suppressed_for_30_seconds() {
        let mut c = Connections::new(0, "p");
        c.open(1, 0);
        let (_, mut at) = c.closed(1, 1, 0);
        let mut shown = Vec::new();
        while let Some(t) = at.filter(|&t| t < 70_000) {
            let (errors, next) = c.attempt(1, false, t);
            shown.extend(errors.into_iter().map(|e| (t, e.reason)));
            at = next;
        }
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(shown[2].0 > shown[1].0 + SUPPRESS_MS);
        assert!(shown[2].1.contains("identical error(s) suppressed"));
    }

    #[test]
    fn a_broker_back_up_is_usable_again_and_all_down_can_be_raised_again() {
        let mut c = Connections::new(0, "p");
        c.open(1, 0);
        let (_, at) = c.closed(1, 1, 20_000);
        let (_, at) = c.attempt(1, false, at.unwrap());
        assert_eq!(c.attempt(1, true, at.unwrap()), (Vec::new(), None));
        assert!(c.usable(1));
        let (errors, _) = c.closed(1, 1, 30_000);
        assert_eq!(errors[0].error, KafkaError::AllBrokersDown);
    }

    #[test]
    fn one_broker_of_three_down_is_not_all_brokers_down() {
        let mut c = Connections::new(0, "p");
        c.open(2, 0);
        let (errors, retry) = c.closed(2, 3, 700);
        assert!(errors.is_empty());
        assert_eq!(retry, Some(700));
    }
}
