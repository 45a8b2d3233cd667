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
//! * Since librdkafka 2.10 (KIP-899, `metadata.recovery.strategy=rebootstrap`, the default), the
//!   count is of the `down_reported` flags of the non-logical brokers (`rk_broker_down_cnt`
//!   against `rk_broker_cnt - rk_logical_broker_cnt`). When it reaches them all,
//!   `rd_kafka_rebootstrap` (src/rdkafka.c) runs at once: it clears every flag
//!   (`rd_kafka_reset_any_broker_down_reported`) and adds the `bootstrap.servers` entries again
//!   (`rd_kafka_brokers_add0`), decommissioned after the first metadata
//!   (`rd_kafka_metadata_decommission_unavailable_brokers`). So after "1/1 brokers are down" the
//!   client knows 2 brokers, `localhost:9092/1` and `localhost:9092/bootstrap`: each failed
//!   connect sets its broker's flag again, and when both are set "2/2 brokers are down" follows
//!   the refused connect that completed the count, and the cycle starts over (seen on the mock
//!   cluster, conformance/tests/brokers_down.rs).
//! * The bootstrap entry is never needed by a request: it connects when `rd_kafka_connect_any`
//!   picks it, which the client's 1 s timer (`rd_kafka_1s_tmr_cb`, ticking from the client's
//!   start) calls while no broker is up, preferring a broker never connected to. The model
//!   tries it on the first tick after the re-bootstrap, then on the first tick after each
//!   reconnect backoff. The first successful connect removes it again (its metadata
//!   decommissions the bootstrap entries).
//!
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
use crate::ids::Millis;
use crate::rng::SimRng;
use crate::wire::KafkaError;
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
    /// The `bootstrap.servers` entry a re-bootstrap adds back (the course's `localhost:9092`,
    /// the model's broker 1).
    Bootstrap,
}

/// The broker the `bootstrap.servers` entry points at.
pub const BOOTSTRAP_BROKER: i32 = 1;

/// The period of the client's main timer (`rd_kafka_1s_tmr_cb` in src/rdkafka.c).
const TICK_MS: Millis = 1_000;

/// What a connection change asks of the client: errors for `error_cb`, in order, and the
/// connects to try, each at its time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reaction {
    pub errors: Vec<ClientError>,
    pub connects: Vec<(Handle, Millis)>,
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
        crate::console::KafkaError::of(self.error)
            .with_text(&self.reason)
            .fmt(f)
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
    /// Counted as down for `_ALL_BROKERS_DOWN` (`rkb_down_reported`).
    down_reported: bool,
}

/// The connections of one client.
#[derive(Clone, Debug)]
pub struct Connections {
    links: VecMap<Handle, Link>,
    /// When the client started: its 1 s timer ticks from here.
    started: Millis,
    rng: SimRng,
    /// The bootstrap entry's jitter, a stream of its own so that the learned brokers' pace
    /// does not depend on whether a re-bootstrap happened.
    bootstrap_rng: SimRng,
}

impl Connections {
    /// A client's connections; reconnect jitter draws from its own stream, so that it does
    /// not move the client's other draws.
    pub fn new(seed: u64, label: &str) -> Self {
        Self {
            links: VecMap::new(),
            started: 0,
            rng: SimRng::stream(seed, &format!("{label}-reconnect")),
            bootstrap_rng: SimRng::stream(seed, &format!("{label}-reconnect-bootstrap")),
        }
    }

    /// The client starts at `now` (its 1 s timer's phase).
    pub fn start(&mut self, now: Millis) {
        self.started = now;
    }

    /// Whether the client's connection to `broker` is down (it was opened, and broke).
    pub fn is_down(&self, broker: i32) -> bool {
        !self.usable(broker)
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
                down_reported: false,
            };
            self.schedule(handle, &mut link, now);
            self.links.insert(handle, link);
        }
    }

    /// `broker` closed the connection (it went down); `brokers` is how many the client knows.
    /// Returns the errors for the application and when to try to connect again.
    pub fn closed(&mut self, broker: i32, brokers: usize, now: Millis) -> Reaction {
        self.closed_handle(Handle::Broker(broker), brokers, now)
    }

    /// As [`Connections::closed`], for any handle.
    pub fn closed_handle(&mut self, handle: Handle, brokers: usize, now: Millis) -> Reaction {
        let Some(link) = self.links.get_mut(&handle) else {
            return Reaction::default();
        };
        if link.state == State::Down {
            return Reaction::default();
        }
        link.state = State::Down;
        // Logged, not raised: `rd_kafka_broker_conn_closed` uses LOG_INFO or LOG_WARNING.
        link.last_error = Some((KafkaError::Transport, DISCONNECTED.to_owned()));
        link.count = 1;
        let retry_at = link.reconnect_at.max(now);
        let mut reaction = Reaction::default();
        self.went_down(handle, brokers, now, &mut reaction);
        reaction.connects.insert(0, (handle, retry_at));
        reaction
    }

    /// The time to connect to `broker` again has come; `up` says whether it accepts.
    /// Returns the errors for the application and when to try again (`None` once up).
    pub fn attempt(&mut self, broker: i32, up: bool, brokers: usize, now: Millis) -> Reaction {
        self.attempt_handle(Handle::Broker(broker), up, brokers, now)
    }

    /// As [`Connections::attempt`], for any handle; `up` says whether its target accepts.
    pub fn attempt_handle(
        &mut self,
        handle: Handle,
        up: bool,
        brokers: usize,
        now: Millis,
    ) -> Reaction {
        let Some(mut link) = self.links.get(&handle).cloned() else {
            return Reaction::default();
        };
        if link.state == State::Up || link.reconnect_at > now {
            return Reaction::default();
        }
        self.schedule(handle, &mut link, now);
        let mut reaction = Reaction::default();
        if up {
            link.state = State::Up;
            self.links.insert(handle, link);
            if handle != Handle::Coordinator {
                // ~Up -> Up of a non-logical broker clears every flag
                // (`rd_kafka_broker_set_state`), and the metadata it then gets decommissions
                // the bootstrap entry.
                for l in self.links.values_mut() {
                    l.down_reported = false;
                }
                self.links.remove(&Handle::Bootstrap);
            }
            return reaction;
        }
        let target = link.target;
        let error = fail(
            &mut link,
            &handle_name(handle, target),
            KafkaError::Transport,
            refused(target),
            now,
        );
        reaction.errors.extend(error);
        let next = match handle {
            Handle::Bootstrap => self.next_tick(link.reconnect_at),
            _ => link.reconnect_at,
        };
        reaction.connects.push((handle, next));
        self.links.insert(handle, link);
        self.went_down(handle, brokers, now, &mut reaction);
        reaction
    }

    /// A non-logical broker reached DOWN: counted once until the flags are cleared; when every
    /// known one (`brokers` learned, plus the bootstrap entry once added) is counted,
    /// `_ALL_BROKERS_DOWN` and a re-bootstrap (`rd_kafka_broker_set_state`).
    fn went_down(&mut self, handle: Handle, brokers: usize, now: Millis, reaction: &mut Reaction) {
        if handle == Handle::Coordinator {
            return;
        }
        match self.links.get_mut(&handle) {
            Some(link) if !link.down_reported => link.down_reported = true,
            _ => return,
        }
        let down = self
            .links
            .iter()
            .filter(|(h, l)| **h != Handle::Coordinator && l.down_reported)
            .count();
        let known = brokers + usize::from(self.links.contains_key(&Handle::Bootstrap));
        if down < known {
            return;
        }
        reaction.errors.push(ClientError {
            error: KafkaError::AllBrokersDown,
            reason: format!("{down}/{known} brokers are down"),
        });
        self.rebootstrap(now, reaction);
    }

    /// `rd_kafka_rebootstrap`: every flag cleared, the bootstrap entry added back (once); it
    /// first connects on the client's next tick.
    fn rebootstrap(&mut self, now: Millis, reaction: &mut Reaction) {
        for link in self.links.values_mut() {
            link.down_reported = false;
        }
        if !self.links.contains_key(&Handle::Bootstrap) {
            let link = Link {
                target: BOOTSTRAP_BROKER,
                state: State::Down,
                reconnect_at: 0,
                backoff_ms: RECONNECT_BACKOFF_MS,
                last_error: None,
                count: 0,
                shown_identical_at: None,
                down_reported: false,
            };
            self.links.insert(Handle::Bootstrap, link);
            reaction
                .connects
                .push((Handle::Bootstrap, self.next_tick(now + 1)));
        }
    }

    /// The first tick of the client's 1 s timer at or after `at`.
    pub fn next_tick(&self, at: Millis) -> Millis {
        let since = at.saturating_sub(self.started);
        self.started + since.div_ceil(TICK_MS) * TICK_MS
    }

    /// A connect starts: the next one may start after the jittered backoff.
    fn schedule(&mut self, handle: Handle, link: &mut Link, now: Millis) {
        if link.reconnect_at + RECONNECT_BACKOFF_MAX_MS < now {
            link.backoff_ms = RECONNECT_BACKOFF_MS;
        }
        let rng = match handle {
            Handle::Bootstrap => &mut self.bootstrap_rng,
            _ => &mut self.rng,
        };
        let jittered = rng.between(link.backoff_ms * 3 / 4, link.backoff_ms * 3 / 2);
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
        Handle::Bootstrap => format!("localhost:{}/bootstrap", port(target)),
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
        let r = c.closed(1, 1, 5_000);
        assert_eq!(
            r.errors[0].to_string(),
            "KafkaError{code=_ALL_BROKERS_DOWN,val=-187,str=\"1/1 brokers are down\"}"
        );
        assert_eq!(
            r.connects,
            [(Handle::Broker(1), 5_000), (Handle::Bootstrap, 6_000)],
            "the first reconnect is immediate; the re-bootstrap's entry waits for the next tick"
        );
        assert!(!c.usable(1));
        let r = c.attempt(1, false, 1, 5_000);
        assert_eq!(
            r.errors[0].reason,
            "localhost:9092/1: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (after 0ms in state CONNECT)"
        );
        // The connection was made at 0 ms, less than reconnect.backoff.max.ms ago: the backoff
        // goes on doubling from its second step (200 ms, jittered).
        let retry = r.connects[0].1;
        assert!((5_150..=5_300).contains(&retry), "{retry}");
        let r = c.attempt(1, false, 1, retry);
        assert!(
            r.errors[0]
                .reason
                .ends_with("(after 0ms in state CONNECT, 1 identical error(s) suppressed)")
        );
    }

    #[test]
    fn identical_errors_are_suppressed_for_30_seconds() {
        let mut c = Connections::new(0, "p");
        c.open(1, 0);
        let mut at = Some(c.closed(1, 1, 0).connects[0].1);
        let mut shown = Vec::new();
        while let Some(t) = at.filter(|&t| t < 70_000) {
            let r = c.attempt(1, false, 1, t);
            shown.extend(
                r.errors
                    .into_iter()
                    .filter(|e| e.error == KafkaError::Transport)
                    .map(|e| (t, e.reason)),
            );
            at = r.connects.first().map(|&(_, t)| t);
        }
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(shown[2].0 > shown[1].0 + SUPPRESS_MS);
        assert!(shown[2].1.contains("identical error(s) suppressed"));
    }

    #[test]
    fn a_broker_back_up_is_usable_again_and_all_down_can_be_raised_again() {
        let mut c = Connections::new(0, "p");
        c.open(1, 0);
        let at = c.closed(1, 1, 20_000).connects[0].1;
        let at = c.attempt(1, false, 1, at).connects[0].1;
        assert_eq!(c.attempt(1, true, 1, at), Reaction::default());
        assert!(c.usable(1));
        assert_eq!(c.target(Handle::Bootstrap), None, "decommissioned");
        let r = c.closed(1, 1, 30_000);
        assert_eq!(r.errors[0].reason, "1/1 brokers are down");
    }

    #[test]
    fn one_broker_of_three_down_is_not_all_brokers_down() {
        let mut c = Connections::new(0, "p");
        c.open(2, 0);
        let r = c.closed(2, 3, 700);
        assert!(r.errors.is_empty());
        assert_eq!(r.connects, [(Handle::Broker(2), 700)]);
    }

    /// Seen on the mock cluster (conformance/tests/brokers_down.rs): after "1/1" the
    /// bootstrap entry's refused connects join the broker's, and each time both have failed
    /// since the last count, "2/2 brokers are down" follows the line that completed it.
    #[test]
    fn after_the_re_bootstrap_the_bootstrap_entry_fails_too_and_both_count() {
        let mut c = Connections::new(0, "p");
        c.start(0);
        c.open(1, 0);
        let mut due = c.closed(1, 1, 2_500).connects;
        let mut lines = Vec::new();
        lines.push("1/1 brokers are down".to_owned());
        while let Some(i) = (0..due.len()).min_by_key(|&i| (due[i].1, due[i].0)) {
            let (handle, at) = due.remove(i);
            if at > 20_000 {
                break;
            }
            let r = c.attempt_handle(handle, false, 1, at);
            lines.extend(r.errors.into_iter().map(|e| format!("{at} {}", e.reason)));
            due.extend(r.connects);
        }
        let first_bootstrap = lines
            .iter()
            .position(|l| l.contains("/bootstrap: "))
            .expect("the bootstrap entry is tried");
        assert!(lines[first_bootstrap].starts_with("3000 localhost:9092/bootstrap: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (after 0ms in state CONNECT)"), "{lines:?}");
        assert_eq!(
            lines[first_bootstrap + 1],
            "3000 2/2 brokers are down",
            "{lines:?}"
        );
        let counts = lines
            .iter()
            .filter(|l| l.ends_with(" 2/2 brokers are down"))
            .count();
        assert!(counts >= 3, "{lines:?}");
    }
}
