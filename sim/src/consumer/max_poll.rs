//! `max.poll.interval.ms`: when the program last polled, the periodic check, and what an
//! exceeded interval holds back (heartbeats, and the next join until the program polls).
//!
//! Source: librdkafka src/rdkafka_cgrp.c (`rd_kafka_cgrp_max_poll_interval_check_tmr_cb`,
//! `rd_kafka_cgrp_start_max_poll_interval_timer`, `rd_kafka_cgrp_join`), src/rdkafka_int.h
//! (`rd_kafka_max_poll_exceeded`, `rd_kafka_app_poll_start`, `rd_kafka_app_polled`).

use super::client::{ClientEvent, ConsumerClient, Output};
use super::queue::Served;
use crate::console::LogFacility;
use crate::ids::Millis;
use crate::wire::client_error::{ClientError, ErrorKind};

/// How often `max.poll.interval.ms` is checked: "The timer interval is 2 hz"
/// (`rd_kafka_cgrp_start_max_poll_interval_timer`).
const MAX_POLL_CHECK_MS: Millis = 500;

/// Whether the interval was exceeded (`RD_KAFKA_CGRP_F_MAX_POLL_EXCEEDED`), and then whether
/// a join waits for the program's next poll.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Exceeded {
    No,
    /// `join_held`: a join found the interval still exceeded; it waits for the program's
    /// next poll, not for a timer ("do not rejoin group until the application has called
    /// poll").
    Yes {
        join_held: bool,
    },
}

#[derive(Clone, Debug)]
pub(super) struct MaxPoll {
    /// `rk_ts_last_poll`: `None` while the program is blocked inside a poll.
    last_poll: Option<Millis>,
    /// The next check, while the timer runs.
    check_at: Option<Millis>,
    exceeded: Exceeded,
}

impl MaxPoll {
    pub fn new(now: Millis) -> Self {
        Self {
            last_poll: Some(now),
            check_at: None,
            exceeded: Exceeded::No,
        }
    }

    /// The program is blocked inside a poll call.
    pub fn in_blocking_poll(&self) -> bool {
        self.last_poll.is_none()
    }

    pub fn check_at(&self) -> Option<Millis> {
        self.check_at
    }

    pub fn exceeded(&self) -> bool {
        self.exceeded != Exceeded::No
    }

    pub fn join_held(&self) -> bool {
        self.exceeded == Exceeded::Yes { join_held: true }
    }

    /// A poll call begins or returns: a held join may go again.
    fn release_join(&mut self) {
        if let Exceeded::Yes { join_held } = &mut self.exceeded {
            *join_held = false;
        }
    }

    /// Whether a join may go at `now`: not while the interval is still exceeded (the join
    /// is then held until the next poll); once it may, the exceeded state is over.
    pub fn join_allowed(&mut self, now: Millis, max_poll_interval_ms: u32) -> bool {
        if self.exceeded() && self.overrun(now, max_poll_interval_ms).is_some() {
            self.exceeded = Exceeded::Yes { join_held: true };
            return false;
        }
        self.exceeded = Exceeded::No;
        true
    }

    /// The check (re)starts: it fires every [`MAX_POLL_CHECK_MS`] from this moment
    /// (`rd_kafka_cgrp_start_max_poll_interval_timer` restarts the timer;
    /// `rd_kafka_timers_run` schedules a periodic timer's next run an interval after the
    /// last), so the overrun it logs is anywhere in 1..=500 ms, set by when the last poll
    /// returned relative to the assignment.
    pub fn start_checks(&mut self, now: Millis, every: Millis) {
        self.check_at = Some(now + every);
    }

    pub fn stop_checks(&mut self) {
        self.check_at = None;
    }

    /// Whether the check runs at `now`; if so the timer moves on.
    pub fn check_due(&mut self, now: Millis, every: Millis) -> bool {
        match self.check_at {
            Some(at) if now >= at => {
                self.check_at = Some(at + every);
                true
            }
            _ => false,
        }
    }

    /// How far past `max.poll.interval.ms` the program is (`rd_kafka_max_poll_exceeded`).
    fn overrun(&self, now: Millis, max_poll_interval_ms: u32) -> Option<Millis> {
        let last = self.last_poll?;
        let overrun = now
            .saturating_sub(last)
            .checked_sub(Millis::from(max_poll_interval_ms))?;
        (overrun > 0).then_some(overrun)
    }
}

impl ConsumerClient {
    /// How often the interval is checked: librdkafka's timer ([`MAX_POLL_CHECK_MS`]), or
    /// kafka-python's heartbeat thread, which wakes for each heartbeat
    /// (`_heartbeat_loop`: `_heartbeat_wakeup(time_to_next_heartbeat)`) and checks then.
    pub(super) fn max_poll_check_every(&self) -> Millis {
        match self.config.group_work_in_poll() {
            true => Millis::from(self.config.heartbeat_interval_ms),
            false => MAX_POLL_CHECK_MS,
        }
    }

    /// A poll call begins; a blocking one suspends the `max.poll.interval.ms` check
    /// (`rd_kafka_app_poll_start`).
    pub fn poll_started(&mut self, now: Millis, blocking: bool) {
        if blocking {
            self.max_poll.last_poll = None;
        }
        self.auto_commit_in_poll(now);
        self.max_poll.release_join();
        self.drive(now);
    }

    /// A poll call returns (`rd_kafka_app_polled`).
    pub fn poll_ended(&mut self, now: Millis) {
        self.max_poll.last_poll = Some(now);
        self.max_poll.release_join();
        self.drive(now);
    }

    /// kafka-python: the heartbeat thread, woken for its next heartbeat, finds that the
    /// program has not polled for more than `max_poll_interval_ms` and leaves the group
    /// instead, with no error for the program: its warning goes to the `kafka` logger, whose
    /// `NullHandler` (`kafka/__init__.py`) prints nothing unless the program sets up logging.
    /// The next `poll()` finds the generation lost and joins again (3.0.12
    /// `kafka/coordinator/base.py` `_heartbeat_loop`, `maybe_leave_group_async`;
    /// `kafka/coordinator/heartbeat.py` `poll_timeout_expired`).
    /// Whether it left. A static member sends no LeaveGroup (`is_dynamic_member`).
    pub(super) fn heartbeat_thread_left(&mut self, now: Millis) -> bool {
        let max = self.config.max_poll_interval_ms;
        if !self.config.group_work_in_poll() || self.max_poll.overrun(now, max).is_none() {
            return false;
        }
        // No more heartbeats; the next poll() joins again (`join_allowed`).
        self.max_poll.exceeded = Exceeded::Yes { join_held: false };
        self.max_poll.stop_checks();
        if self.config.group_instance_id.is_none() {
            self.leave();
        }
        self.membership.member_id.clear();
        self.revoke_all_rejoin_maybe(now, true);
        true
    }

    /// The program did not poll in time: log, queue `_MAX_POLL_EXCEEDED`, leave (dynamic
    /// members), forget the member id, and revoke the assignment as lost; kafka-python's
    /// heartbeat thread does what [`ConsumerClient::heartbeat_thread_left`] says instead.
    /// Source: `rd_kafka_cgrp_max_poll_interval_check_tmr_cb`.
    pub(super) fn check_max_poll(&mut self, now: Millis) {
        if self.heartbeat_thread_left(now) {
            return;
        }
        let max = self.config.max_poll_interval_ms;
        let Some(overrun) = self.max_poll.overrun(now, max) else {
            return;
        };
        self.out.push_back(Output::Event(ClientEvent::Logged {
            facility: LogFacility::MaxPoll,
            text: format!(
                "Application maximum poll interval ({max}ms) exceeded by {overrun}ms \
                 (adjust max.poll.interval.ms for long-running message processing): \
                 leaving group"
            ),
        }));
        self.queue.push(Served::Error(ClientError::with_message(
            ErrorKind::MaxPollExceeded,
            format!("Application maximum poll interval ({max}ms) exceeded by {overrun}ms"),
        )));
        if self.max_poll.exceeded == Exceeded::No {
            self.max_poll.exceeded = Exceeded::Yes { join_held: false };
        }
        self.max_poll.stop_checks();
        if self.config.group_instance_id.is_none() {
            self.leave();
        }
        self.membership.member_id.clear();
        self.revoke_all_rejoin_maybe(now, true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigValue;
    use crate::consumer::client::tests::client;
    use crate::coordinator::Request;

    #[test]
    fn max_poll_overrun_counts_from_the_end_of_the_last_poll() {
        let mut c = client(&[]);
        let max = c.config.max_poll_interval_ms;
        c.poll_started(0, true);
        assert_eq!(c.max_poll.overrun(400_000, max), None, "blocked in poll");
        c.poll_ended(1_000);
        assert_eq!(c.max_poll.overrun(301_000, max), None);
        assert_eq!(c.max_poll.overrun(301_499, max), Some(499));
    }

    #[test]
    fn a_join_held_by_max_poll_waits_for_the_next_poll_not_a_timer() {
        let mut c = client(&[
            ("enable.auto.commit", ConfigValue::Bool(false)),
            ("topic.metadata.refresh.interval.ms", ConfigValue::Int(-1)),
        ]);
        c.membership.subscription = vec!["t".to_string()];
        c.max_poll.exceeded = Exceeded::Yes { join_held: false };
        c.handle_timeout(400_000);
        assert_eq!(c.take_outputs(), []);
        assert_eq!(c.poll_timeout(), None);
        c.poll_started(400_100, true);
        assert!(matches!(
            c.take_outputs()[..],
            [Output::Coordinator(ref r)] if matches!(**r, Request::JoinGroup(_))
        ));
    }
}
