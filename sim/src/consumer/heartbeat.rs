//! Heartbeats and the session: when a Heartbeat goes, what its answer means for the
//! membership, and the session that ends without a coordinator's answer.
//!
//! Source: librdkafka src/rdkafka_cgrp.c (`rd_kafka_cgrp_heartbeat`,
//! `rd_kafka_cgrp_handle_Heartbeat`, `rd_kafka_cgrp_session_timeout_check`).

use super::client::{ClientEvent, ConsumerClient, Output};
use super::membership::JoinState;
use crate::config::RebalanceProtocol;
use crate::console::LogFacility;
use crate::coordinator::{self, ErrorCode, Request};
use crate::ids::Millis;
use crate::wire::client_error::ErrorKind;

/// The heartbeat timer and the session it keeps alive.
#[derive(Clone, Debug, Default)]
pub(super) struct Heartbeat {
    in_flight: bool,
    last_sent: Option<Millis>,
    /// `rkcg_ts_session_timeout`: when the session ends without a coordinator's answer.
    session_deadline: Option<Millis>,
    /// `rkcg_last_heartbeat_err`, as `rd_kafka_err2str` words it.
    last_error: Option<&'static str>,
    /// `rkcg_coord_id`: the broker the client last sent coordinator requests to.
    coordinator: Option<i32>,
}

impl Heartbeat {
    /// The session starts with the assignment (`rd_kafka_cgrp_handle_SyncGroup`).
    pub fn start_session(&mut self, now: Millis, timeout: Millis) {
        self.session_deadline = Some(now + timeout);
    }

    /// `rd_kafka_cgrp_update_session_timeout(rkcg, rd_false)`: a coordinator's answer to a
    /// Heartbeat (none or REBALANCE_IN_PROGRESS) extends a session that has not expired.
    fn extend_session(&mut self, now: Millis, timeout: Millis) {
        if self.session_deadline.is_some() {
            self.session_deadline = Some(now + timeout);
        }
        self.last_error = None;
    }
}

impl ConsumerClient {
    /// The host sends this client's coordinator requests to `broker` (`rkcg_coord_id`).
    pub fn coordinator_is(&mut self, broker: i32) {
        self.heartbeat.coordinator = Some(broker);
    }

    /// A Heartbeat got no answer: its connection broke (`_TRANSPORT`).
    pub fn heartbeat_failed(&mut self) {
        self.heartbeat.last_error = Some("Local: Broker transport failure");
    }

    /// When the next Heartbeat goes, if one may. Heartbeats run in STEADY and while a
    /// rebalance callback waits (`rd_kafka_cgrp_join_state_serve`), one at a time, never
    /// after `max.poll.interval.ms` was exceeded (`rd_kafka_cgrp_heartbeat`).
    pub(super) fn heartbeat_due_at(&self) -> Option<Millis> {
        let eligible = !self.membership.subscription.is_empty()
            && self.fatal.is_none()
            && !self.max_poll.exceeded()
            && !self.heartbeat.in_flight
            && matches!(
                self.membership.join.state(),
                JoinState::Steady | JoinState::WaitAssignCall | JoinState::WaitUnassignCall
            );
        let interval = Millis::from(self.config.heartbeat_interval_ms);
        eligible.then(|| self.heartbeat.last_sent.map_or(0, |last| last + interval))
    }

    /// Sends a Heartbeat if one is due.
    pub(super) fn heartbeat_if_due(&mut self, now: Millis) {
        if self.heartbeat_due_at().is_none_or(|at| now < at) || self.heartbeat_thread_left(now) {
            return;
        }
        self.heartbeat.in_flight = true;
        self.heartbeat.last_sent = Some(now);
        let generation = self.membership.generation;
        self.out
            .push_back(Output::Event(ClientEvent::HeartbeatSent { generation }));
        self.send(Request::Heartbeat(coordinator::Heartbeat {
            group_id: self.group_id(),
            generation,
            member_id: self.membership.member_id.clone(),
            group_instance_id: self.config.group_instance_id.clone(),
        }));
    }

    /// Source: `rd_kafka_cgrp_handle_Heartbeat`.
    pub(super) fn on_heartbeat(&mut self, now: Millis, error: Option<ErrorCode>) {
        self.heartbeat.in_flight = false;
        self.out
            .push_back(Output::Event(ClientEvent::HeartbeatAnswered { error }));
        if matches!(error, None | Some(ErrorCode::RebalanceInProgress)) {
            self.heartbeat.extend_session(now, self.session_timeout());
        }
        let Some(error) = error else { return };
        self.heartbeat.last_error = Some(ErrorKind::Broker(error).description());
        let waiting_call = match self.membership.join.state() {
            JoinState::Init | JoinState::WaitJoin | JoinState::WaitSync => return,
            JoinState::WaitAssignCall | JoinState::WaitUnassignCall => true,
            _ => false,
        };
        match error {
            ErrorCode::RebalanceInProgress if !waiting_call => {
                self.group_is_rebalancing(now);
            }
            ErrorCode::UnknownMemberId => {
                self.membership.member_id.clear();
                self.revoke_all_rejoin_maybe(now, true);
            }
            ErrorCode::IllegalGeneration => {
                self.membership.generation = -1;
                self.revoke_all_rejoin_maybe(now, true);
            }
            ErrorCode::FencedInstanceId => {
                self.set_fatal(now, error);
                self.revoke_all_rejoin_maybe(now, true);
            }
            _ => {}
        }
    }

    /// Eager: revoke everything, then rejoin; cooperative: rejoin keeping the assignment.
    /// Source: `rd_kafka_cgrp_group_is_rebalancing`.
    fn group_is_rebalancing(&mut self, now: Millis) {
        match self.rebalance_protocol() {
            RebalanceProtocol::Eager => self.revoke_all_rejoin_maybe(now, false),
            RebalanceProtocol::Cooperative => {
                if !self.membership.is_rebalancing() {
                    self.rejoin();
                }
            }
        }
    }

    pub(super) fn session_timeout(&self) -> Millis {
        Millis::from(self.config.session_timeout_ms)
    }

    /// The session deadline, checked only in the steady join state
    /// (`rd_kafka_cgrp_serve`: "Check session timeout regardless of current coordinator
    /// connection state").
    pub(super) fn session_deadline(&self) -> Option<Millis> {
        self.heartbeat.session_deadline.filter(|_| {
            self.membership.join.state() == JoinState::Steady && !self.lifecycle.is_terminating()
        })
    }

    /// No answer from the coordinator for `session.timeout.ms` (its broker is down and no
    /// other leads the group's `__consumer_offsets` partition yet): the client logs it, forgets
    /// its member id and revokes its assignment as lost, then rejoins as a new member.
    /// Source: `rd_kafka_cgrp_session_timeout_check` (src/rdkafka_cgrp.c), at LOG_WARNING
    /// ("SESSTMOUT"), which the default logger prints to stderr.
    pub(super) fn session_timed_out(&mut self, now: Millis) {
        let Some(deadline) = self.heartbeat.session_deadline.take() else {
            return;
        };
        let after = now - deadline + self.session_timeout();
        let join_state = "steady";
        let broker = self.heartbeat.coordinator.unwrap_or(-1);
        let last = self.heartbeat.last_error.take().unwrap_or("Success");
        self.out.push_back(Output::Event(ClientEvent::Logged {
            facility: LogFacility::SessionTimeout,
            text: format!(
                "Consumer group session timed out (in join-state {join_state}) after {after} ms \
                 without a successful response from the group coordinator (broker {broker}, \
                 last error was {last}): revoking assignment and rejoining group"
            ),
        }));
        self.membership.member_id.clear();
        self.revoke_all_rejoin_maybe(now, true);
    }
}
