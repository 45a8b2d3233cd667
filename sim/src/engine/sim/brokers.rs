//! The brokers' side of the consumers' traffic: each [`Message::ConsumerRequest`] that reaches
//! a broker is served here and answered with a [`Message::ConsumerResponse`] on the same
//! network path as every other message.
//!
//! * Group requests go to the group coordinator. One [`Coordinator`] state machine serves
//!   every group wherever it is placed ([`placement`]); a group whose broker crashed is
//!   unloaded until the broker that takes over its `__consumer_offsets` partition loads it.
//!   The coordinator answers on the connection a request came on, also later for a parked
//!   JoinGroup or SyncGroup; a crash closes the broker's connections, so an answer on one of
//!   them is lost.
//! * Reads are answered from the leader's log ([`Cluster::serve_read`]). A fetch with nothing
//!   to return is held until the high watermark passes its offset or its `max_wait_ms` is
//!   over (apache/kafka `DelayedFetch`); a read reaching a broker that no longer leads the
//!   partition fails with NOT_LEADER_OR_FOLLOWER (the model hands the failure to the client
//!   at once, [`Sim::fail`]).
//! * Metadata answers the brokers and every topic's partition leaders as the broker knows
//!   them on arrival ([`crate::cluster::Cluster::metadata`]).

use super::{Action, Sim};
use crate::cluster::Read;
use crate::collect::VecMap;
use crate::coordinator::{self, ConnectionId, Coordinator, CoordinatorConfig, Request, Response};
use crate::engine::placement;
use crate::ids::{Millis, NodeId};
use crate::node::{Node, Wake};
use crate::rng::SimRng;
use crate::trace::{Cause, Event};
use crate::wire::{ConsumerRequest, ConsumerResponse, KafkaError, LogRequest, Message};

/// The brokers' timers for the consumers' traffic.
#[derive(Clone, Debug)]
pub(super) enum BrokerTimer {
    /// The coordinator's timers ([`Coordinator::poll_timeout`]).
    Coordinator,
    /// The held fetch `.0`'s `max_wait_ms` is over.
    FetchWaitOver(u64),
}

/// A group request the coordinator has not answered yet.
#[derive(Clone, Debug)]
struct Parked {
    connection: u32,
    consumer: usize,
    broker: i32,
    request: Request,
}

/// A fetch a leader holds.
#[derive(Clone, Debug)]
struct Held {
    consumer: usize,
    broker: i32,
    request: LogRequest,
}

/// What the brokers keep of the consumers' traffic.
#[derive(Clone, Debug)]
pub(super) struct Brokers {
    coordinator: Coordinator,
    coordinator_wake: Option<Millis>,
    /// Open connections, (consumer, broker) -> connection id; a crash closes the broker's.
    connections: VecMap<(usize, i32), u32>,
    next_connection: u32,
    /// By request id, so that the first parked request answers first.
    parked: VecMap<u64, Parked>,
    held: VecMap<u64, Held>,
}

impl Brokers {
    pub(super) fn new(config: CoordinatorConfig, seed: u64) -> Self {
        Self {
            coordinator: Coordinator::new(config, SimRng::stream(seed, "coordinator"), 0),
            coordinator_wake: None,
            connections: VecMap::new(),
            next_connection: 0,
            parked: VecMap::new(),
            held: VecMap::new(),
        }
    }

    pub(super) fn coordinator(&self) -> &Coordinator {
        &self.coordinator
    }
}

impl Sim {
    /// Consumer `consumer`'s request `id` reaches `broker`.
    pub(super) fn broker_receives(
        &mut self,
        broker: i32,
        consumer: usize,
        id: u64,
        request: ConsumerRequest,
        cause: Cause,
    ) {
        let now = self.now;
        match request {
            ConsumerRequest::Group(request) => {
                let brokers = &mut self.brokers;
                let next = &mut brokers.next_connection;
                let connection = *brokers
                    .connections
                    .entry((consumer, broker))
                    .or_insert_with(|| {
                        *next += 1;
                        *next
                    });
                let parked = Parked {
                    connection,
                    consumer,
                    broker,
                    request: request.clone(),
                };
                brokers.parked.insert(id, parked);
                let coordinator = &mut brokers.coordinator;
                coordinator.handle_message(now, ConnectionId(connection), request);
                self.coordinator_outputs(cause);
            }
            ConsumerRequest::Metadata(_) => {
                let metadata = self.cluster.metadata();
                self.respond(
                    id,
                    broker,
                    consumer,
                    ConsumerResponse::Metadata(metadata),
                    cause,
                );
            }
            ConsumerRequest::Log(request) => match self.cluster.serve_read(broker, &request) {
                Read::Answer(response) => {
                    self.respond(id, broker, consumer, ConsumerResponse::Log(response), cause)
                }
                Read::Hold => {
                    let wait = match request {
                        LogRequest::Fetch { max_wait_ms, .. } => max_wait_ms,
                        _ => 0,
                    };
                    let held = Held {
                        consumer,
                        broker,
                        request,
                    };
                    self.brokers.held.insert(id, held);
                    let over = Action::Broker(BrokerTimer::FetchWaitOver(id));
                    self.schedule(now + wait, over, cause);
                }
                Read::NotLeader => self.fail(id, KafkaError::NotLeaderForPartition, cause),
            },
        }
    }

    pub(super) fn on_broker_timer(&mut self, timer: BrokerTimer, cause: Cause) {
        let now = self.now;
        match timer {
            BrokerTimer::Coordinator => {
                if self.brokers.coordinator_wake != Some(now) {
                    return;
                }
                self.brokers.coordinator_wake = None;
                Node::handle_timeout(&mut self.brokers.coordinator, now, Wake);
                self.coordinator_outputs(cause);
            }
            BrokerTimer::FetchWaitOver(id) => self.serve_held(id, true, cause),
        }
    }

    /// After every input: the held fetches the high watermark now serves, in request order.
    pub(super) fn serve_held_fetches(&mut self, cause: Cause) {
        let held: Vec<u64> = self.brokers.held.keys().copied().collect();
        for id in held {
            self.serve_held(id, false, cause);
        }
    }

    /// Answers a held fetch if it can be answered now, or with nothing at the end of its wait.
    fn serve_held(&mut self, id: u64, wait_over: bool, cause: Cause) {
        let Some(held) = self.brokers.held.get(&id) else {
            return;
        };
        let (consumer, broker) = (held.consumer, held.broker);
        let response = match self.cluster.serve_read(broker, &held.request) {
            Read::Answer(response) => response,
            Read::Hold if wait_over => match self.cluster.empty_fetch(&held.request) {
                Some(response) => response,
                None => return,
            },
            Read::Hold => return,
            Read::NotLeader => {
                self.brokers.held.remove(&id);
                self.fail(id, KafkaError::NotLeaderForPartition, cause);
                return;
            }
        };
        self.brokers.held.remove(&id);
        self.respond(id, broker, consumer, ConsumerResponse::Log(response), cause);
    }

    /// Sends the answer to request `id` back to the consumer that asked.
    fn respond(
        &mut self,
        id: u64,
        broker: i32,
        consumer: usize,
        response: ConsumerResponse,
        cause: Cause,
    ) {
        let response = Box::new(response);
        let message = Message::ConsumerResponse { id, response };
        if self.lose_response(
            NodeId::Broker(broker),
            NodeId::Consumer(consumer),
            &message,
            cause,
        ) {
            return;
        }
        self.transmit(
            NodeId::Broker(broker),
            NodeId::Consumer(consumer),
            message,
            cause,
        );
    }

    /// Traces the coordinator's events and sends its responses back on their connections;
    /// a response on a connection a crash closed is lost. Its one deadline is armed when it
    /// moved ([`Node::poll_timeout`]).
    fn coordinator_outputs(&mut self, mut cause: Cause) {
        let mut next = cause;
        while let Some(output) = self.brokers.coordinator.poll_output() {
            match output {
                coordinator::Output::Event(event) => {
                    next = Cause::After(self.record(
                        &mut cause,
                        Event::Coordinator {
                            event: Box::new(event),
                        },
                    ));
                }
                coordinator::Output::Response { to, response } => {
                    let parked = self
                        .brokers
                        .parked
                        .iter()
                        .find(|(_, p)| p.connection == to.0 && answers(&p.request, &response));
                    if let Some((&id, p)) = parked {
                        let (broker, consumer) = (p.broker, p.consumer);
                        self.brokers.parked.remove(&id);
                        let response = ConsumerResponse::Group(response);
                        self.respond(id, broker, consumer, response, next);
                    }
                }
            }
        }
        let Some((at, Wake)) = Node::poll_timeout(&mut self.brokers.coordinator) else {
            return;
        };
        let at = at.max(self.now);
        if self.brokers.coordinator_wake != Some(at) {
            self.brokers.coordinator_wake = Some(at);
            let wake = Action::Broker(BrokerTimer::Coordinator);
            self.schedule(at, wake, next);
        }
    }

    /// `broker` closed its connection with consumer `consumer` (a lost response): what it had
    /// parked or held for it there is never answered.
    pub(super) fn broker_closes_connection(&mut self, consumer: usize, broker: i32) {
        let brokers = &mut self.brokers;
        brokers.connections.remove(&(consumer, broker));
        brokers
            .parked
            .retain(|_, p| (p.consumer, p.broker) != (consumer, broker));
        brokers
            .held
            .retain(|_, h| (h.consumer, h.broker) != (consumer, broker));
    }

    /// `broker` crashed: its connections close with what it held and had parked, and the
    /// groups it coordinated wait for the broker that takes over ([`placement`]).
    pub(super) fn broker_connections_closed(&mut self, broker: i32) {
        let brokers = &mut self.brokers;
        brokers.connections.retain(|&(_, b), _| b != broker);
        brokers.parked.retain(|_, p| p.broker != broker);
        brokers.held.retain(|_, h| h.broker != broker);
        let gone: Vec<String> = brokers
            .coordinator
            .groups()
            .map(|g| g.id().to_owned())
            .filter(|g| placement::offsets_leader(&self.cluster, g) == Some(broker))
            .collect();
        for group in gone {
            self.brokers.coordinator.unload(&group);
        }
    }

    /// Groups whose coordinator crashed are loaded by the broker that now leads their
    /// `__consumer_offsets` partition, once there is one ([`placement`]).
    pub(super) fn load_moved_groups(&mut self) {
        let ready: Vec<String> = self
            .brokers
            .coordinator
            .unloaded()
            .filter(|g| placement::coordinator_broker(&self.cluster, g).is_some())
            .cloned()
            .collect();
        for group in ready {
            self.brokers.coordinator.load(&group, self.now);
        }
    }
}

/// Whether `response` answers `request` (the coordinator may answer a connection's requests
/// out of order: a parked JoinGroup answers after later requests).
fn answers(request: &Request, response: &Response) -> bool {
    matches!(
        (request, response),
        (Request::JoinGroup(_), Response::JoinGroup(_))
            | (Request::SyncGroup(_), Response::SyncGroup(_))
            | (Request::Heartbeat(_), Response::Heartbeat(_))
            | (Request::LeaveGroup(_), Response::LeaveGroup(_))
            | (Request::OffsetCommit(_), Response::OffsetCommit(_))
            | (Request::OffsetFetch(_), Response::OffsetFetch(_))
    )
}
