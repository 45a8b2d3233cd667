//! The consumers' requests, client side: where each goes, the requests in flight, and what a
//! failed one does.
//!
//! A group request goes to the broker that coordinates the group
//! ([`placement::coordinator_broker`]), a read to the partition's current leader, Metadata to
//! any live broker; each travels as a [`Message::ConsumerRequest`] and its answer as a
//! [`Message::ConsumerResponse`] through [`Sim::transmit`], the network path every message
//! takes. A request with no live broker to go to waits until there is one.
//!
//! A crash breaks the broker's connections: every request of a consumer to it that has not
//! been answered yet (including answers still on the wire, and requests on the wire, which the
//! broker never reads) fails with `_TRANSPORT`. librdkafka retries: a failed fetch backs off
//! `fetch.error.backoff.ms` and the partition fetches again from the leader its refreshed
//! metadata names (librdkafka src/rdkafka_fetcher.c `rd_kafka_toppar_fetch_backoff`,
//! src/rdkafka_broker.c `rd_kafka_broker_fail` failing the requests in flight); group requests
//! and ListOffsets are retried after `retry.backoff.ms` on the group's new coordinator
//! (src/rdkafka_request.c `rd_kafka_err_action`: `_TRANSPORT` is `RD_KAFKA_ERR_ACTION_RETRY`;
//! src/rdkafka_cgrp.c: the coordinator handle follows the coordinator). The model re-sends the
//! same request; the consumer state machine never sees the failure.
//!
//! While the crashed broker was the group's coordinator, there is none until the controller
//! fences it and a new leader takes `__consumer_offsets` ([`placement`]): the group requests
//! wait, and the client looks the coordinator up again every second (librdkafka
//! `rd_kafka_cgrp_serve`: `rkcg_coord_query_intvl`, 1000 ms in the wait-broker states), so
//! they go to the new coordinator within a second of the election.

use super::consumers::ConsumerTimer;
use super::{Action, Sim};
use crate::coordinator::Request;
use crate::engine::placement;
use crate::ids::{Millis, NodeId, Process};
use crate::node::Node;
use crate::trace::{Cause, Event, MetadataReason};
use crate::wire::{ConsumerRequest, ConsumerResponse, KafkaError, LogRequest, Message};

/// `fetch.error.backoff.ms` (default 500, CONFIGURATION.md).
const FETCH_ERROR_BACKOFF_MS: Millis = 500;

/// `retry.backoff.ms` (default 100, CONFIGURATION.md).
const RETRY_BACKOFF_MS: Millis = 100;

/// How often a consumer without a coordinator looks it up again (librdkafka
/// `rd_kafka_cgrp_serve`, `rkcg_coord_query_intvl` in the wait-broker states).
const COORD_QUERY_INTERVAL_MS: Millis = 1_000;

/// A request sent and not yet answered to its consumer.
#[derive(Clone, Debug)]
pub(super) struct Flight {
    consumer: usize,
    broker: i32,
    request: ConsumerRequest,
}

/// A request waiting to be sent (again).
#[derive(Clone, Debug)]
pub(super) struct Pending {
    consumer: usize,
    request: ConsumerRequest,
    not_before: Millis,
}

impl Sim {
    /// Sends a request to the broker it goes to now, or keeps it until there is one.
    pub(super) fn send_request(&mut self, consumer: usize, request: ConsumerRequest, cause: Cause) {
        self.load_moved_groups();
        let target = match &request {
            ConsumerRequest::Group(r) => placement::coordinator_broker(&self.cluster, group_id(r)),
            ConsumerRequest::Log(r) => self
                .cluster
                .leader(r.tp())
                .filter(|&b| self.cluster.broker_is_up(b)),
            // Any live broker answers Metadata (librdkafka picks a usable one,
            // `rd_kafka_broker_any_usable`); the model takes the first by id.
            ConsumerRequest::Metadata(_) => self
                .cluster
                .brokers()
                .keys()
                .copied()
                .find(|&b| self.cluster.broker_is_up(b)),
        };
        let Some(broker) = target else {
            // Without a coordinator the client asks again after its query interval.
            let not_before = match request {
                ConsumerRequest::Group(_) => self.now + COORD_QUERY_INTERVAL_MS,
                ConsumerRequest::Log(_) | ConsumerRequest::Metadata(_) => self.now,
            };
            if not_before > self.now {
                let retry = Action::Consumer(consumer, ConsumerTimer::Retry);
                self.schedule(not_before, retry, cause);
            }
            self.consumers.pending.push(Pending {
                consumer,
                request,
                not_before,
            });
            return;
        };
        let node = &mut self.consumers.nodes[consumer];
        if let Some(links) = &mut node.links {
            links.open(broker, self.now);
            if matches!(request, ConsumerRequest::Group(_)) {
                links.open_coordinator(broker, self.now);
            }
        }
        if let (ConsumerRequest::Group(_), Some(process)) = (&request, &mut node.process) {
            process.client.coordinator_is(broker);
        }
        let mut cause = cause;
        if let ConsumerRequest::Metadata(reason) = request {
            let event = Event::MetadataRequested {
                process: Process::Consumer(consumer),
                broker,
                reason,
            };
            cause = Cause::After(self.record(&mut cause, event));
        }
        let id = self.consumers.next_request;
        self.consumers.next_request += 1;
        let flight = Flight {
            consumer,
            broker,
            request: request.clone(),
        };
        self.consumers.flights.insert(id, flight);
        let request = Box::new(request);
        let message = Message::ConsumerRequest { id, request };
        self.transmit(
            NodeId::Consumer(consumer),
            NodeId::Broker(broker),
            message,
            cause,
        );
    }

    /// Whether request `id` is still in flight: a request on the wire when its connection
    /// broke is lost with it.
    pub(super) fn in_flight(&self, id: u64) -> bool {
        self.consumers.flights.contains_key(&id)
    }

    /// The answer to request `id` reaches consumer `consumer` (unless the request failed
    /// meanwhile).
    pub(super) fn consumer_receives(
        &mut self,
        consumer: usize,
        id: u64,
        response: ConsumerResponse,
        mut cause: Cause,
    ) {
        let now = self.now;
        let Some(flight) = self.consumers.flights.remove(&id) else {
            return;
        };
        if let ConsumerRequest::Metadata(reason) = flight.request {
            let event = Event::MetadataAnswered {
                process: Process::Consumer(consumer),
                broker: flight.broker,
                reason,
            };
            cause = Cause::After(self.record(&mut cause, event));
        }
        // Only the periodic refresh's Metadata answer is the consumer's business (its node
        // says why); a leader query's was for the driver, which routes reads itself.
        let leader_query = matches!(
            (&flight.request, &response),
            (ConsumerRequest::Metadata(reason), ConsumerResponse::Metadata(_))
                if *reason != MetadataReason::Periodic
        );
        if let Some(process) = &mut self.consumers.nodes[consumer].process
            && !leader_query
        {
            process.handle_message(now, NodeId::Broker(flight.broker), response);
        }
        self.collect(consumer, cause);
    }

    /// `broker` crashed: every consumer request in flight to it fails, in the order sent.
    pub(super) fn fail_requests_to(&mut self, broker: i32, cause: Cause) {
        self.fail_requests(|f| f.broker == broker, cause);
    }

    /// Consumer `consumer`'s connection to `broker` broke (a lost response): its requests in
    /// flight on it fail with `_TRANSPORT`, in the order sent, and are retried (`faults`).
    pub(super) fn consumer_connection_reset(&mut self, consumer: usize, broker: i32, cause: Cause) {
        self.fail_requests(|f| (f.consumer, f.broker) == (consumer, broker), cause);
    }

    /// Every request in flight that `lost` picks fails with `_TRANSPORT`, in the order sent.
    fn fail_requests(&mut self, lost: impl Fn(&Flight) -> bool, cause: Cause) {
        let lost: Vec<u64> = self
            .consumers
            .flights
            .iter()
            .filter(|(_, f)| lost(f))
            .map(|(&id, _)| id)
            .collect();
        for id in lost {
            self.fail(id, KafkaError::Transport, cause);
        }
    }

    /// A request failed: traced, and sent again after the client's backoff (not by a
    /// process that no longer runs).
    pub(super) fn fail(&mut self, id: u64, error: KafkaError, mut cause: Cause) {
        let Some(flight) = self.consumers.flights.remove(&id) else {
            return;
        };
        let consumer = flight.consumer;
        let event = Event::ConsumerRequestFailed {
            consumer,
            broker: flight.broker,
            error,
        };
        let seq = self.record(&mut cause, event);
        if !self.running(consumer) {
            return;
        }
        if let (ConsumerRequest::Group(Request::Heartbeat(_)), Some(process)) =
            (&flight.request, &mut self.consumers.nodes[consumer].process)
        {
            process.client.heartbeat_failed();
        }
        let backoff = match flight.request {
            ConsumerRequest::Log(LogRequest::Fetch { .. }) => FETCH_ERROR_BACKOFF_MS,
            _ => RETRY_BACKOFF_MS,
        };
        // A read that lost its leader asks where the partition went, once at a time.
        if matches!(flight.request, ConsumerRequest::Log(_)) && !self.leader_query_out(consumer) {
            let query = ConsumerRequest::Metadata(MetadataReason::LeaderQuery);
            self.send_request(consumer, query, Cause::After(seq));
        }
        let not_before = self.now + backoff;
        self.consumers.pending.push(Pending {
            consumer,
            request: flight.request,
            not_before,
        });
        let retry = Action::Consumer(consumer, ConsumerTimer::Retry);
        self.schedule(not_before, retry, Cause::After(seq));
    }

    /// Whether consumer `consumer` has a leader query on the way or waiting.
    fn leader_query_out(&self, consumer: usize) -> bool {
        let query = |c: usize, r: &ConsumerRequest| {
            c == consumer && *r == ConsumerRequest::Metadata(MetadataReason::LeaderQuery)
        };
        self.consumers
            .flights
            .values()
            .any(|f| query(f.consumer, &f.request))
            || self
                .consumers
                .pending
                .iter()
                .any(|p| query(p.consumer, &p.request))
    }

    /// After every input: the failed requests whose backoff is over, in the order they
    /// failed, to the brokers they go to now.
    pub(super) fn send_due_requests(&mut self, cause: Cause) {
        if self.consumers.pending.is_empty() {
            return;
        }
        let now = self.now;
        let (due, later): (Vec<Pending>, Vec<Pending>) =
            std::mem::take(&mut self.consumers.pending)
                .into_iter()
                .partition(|p| p.not_before <= now);
        self.consumers.pending = later;
        for p in due {
            self.send_request(p.consumer, p.request, cause);
        }
    }
}

/// The group a coordinator request is about.
fn group_id(request: &Request) -> &str {
    match request {
        Request::JoinGroup(r) => &r.group_id,
        Request::SyncGroup(r) => &r.group_id,
        Request::Heartbeat(r) => &r.group_id,
        Request::LeaveGroup(r) => &r.group_id,
        Request::OffsetCommit(r) => &r.group_id,
        Request::OffsetFetch(r) => &r.group_id,
    }
}
