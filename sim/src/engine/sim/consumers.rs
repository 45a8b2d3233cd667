//! The consumers and the group coordinator inside [`Sim`].
//!
//! Each consumer is a node ([`NodeId::Consumer`]) running a [`ConsumerProcess`] by the
//! consumer driving contract (`crate::consumer`). Its coordinator requests go to the broker
//! that coordinates its group ([`placement::coordinator_broker`]), its reads to the
//! partition's current leader, each way with the network's latency. The leader answers from
//! its log ([`Cluster::serve_read`]) and holds a fetch with nothing to return until the high
//! watermark passes its offset or its `max_wait_ms` is over.
//!
//! A crash breaks the broker's connections: every request of a consumer to it that has not
//! been answered yet (including answers still on the wire) fails with `_TRANSPORT`, and a read
//! reaching a broker that no longer leads the partition fails with NOT_LEADER_OR_FOLLOWER.
//! librdkafka retries both: a failed fetch backs off `fetch.error.backoff.ms` and the
//! partition fetches again from the leader its refreshed metadata names (librdkafka
//! src/rdkafka_fetcher.c `rd_kafka_toppar_fetch_backoff`, src/rdkafka_broker.c
//! `rd_kafka_broker_fail` failing the requests in flight); coordinator requests and
//! ListOffsets are retried after `retry.backoff.ms` on the group's new coordinator
//! (src/rdkafka_request.c `rd_kafka_err_action`: `_TRANSPORT` is `RD_KAFKA_ERR_ACTION_RETRY`;
//! src/rdkafka_cgrp.c: the coordinator handle follows the coordinator). A request with no
//! live broker to go to waits until there is one. The model re-sends the same request; the
//! consumer state machine never sees the failure.
//!
//! While the crashed broker was the group's coordinator, there is none until the controller
//! fences it and a new leader takes `__consumer_offsets` ([`placement`]): the coordinator
//! requests wait, and the client looks the coordinator up again every second (librdkafka
//! `rd_kafka_cgrp_serve`: `rkcg_coord_query_intvl`, 1000 ms in the wait-broker states), so
//! they go to the new coordinator within a second of the election.
//!
//! Each consumer also keeps its broker connections ([`crate::connection`], shared with the
//! producers): a crash closes them, `_ALL_BROKERS_DOWN` and each refused reconnect's
//! `_TRANSPORT` go to the consumer queue for `error_cb`, also for its "GroupCoordinator" handle
//! while that points at the dead broker ([`Handle::Coordinator`]). It reconnects only while it needs the
//! broker, as its coordinator or the leader of a partition it holds (librdkafka's sparse
//! connections, `rd_kafka_broker_needs_connection` in src/rdkafka_broker.c), or until the
//! broker is back up.

use super::{Action, ConsumerSpec, Scenario, Sim};
use crate::TopicPartition;
use crate::cluster::{Cluster, Read};
use crate::collect::VecMap;
use crate::connection::{Connections, Handle, Reaction};
use crate::consumer::{
    Accounting, ConsumerClient, ConsumerProcess, LogRequest, LogResponse, Output, Printed,
    ProcessState, ProgramEvent, accounting,
};
use crate::consumer::{ClientError, ErrorKind};
use crate::coordinator::{self, ConnectionId, Coordinator, Group, Request, Response};
use crate::engine::Millis;
use crate::engine::network::NodeId;
use crate::engine::placement;
use crate::engine::protocol::KafkaError;
use crate::engine::trace::{Cause, Event, MetadataReason, Process};
use crate::rng::SimRng;

/// `fetch.error.backoff.ms` (default 500, CONFIGURATION.md).
const FETCH_ERROR_BACKOFF_MS: Millis = 500;

/// `retry.backoff.ms` (default 100, CONFIGURATION.md).
const RETRY_BACKOFF_MS: Millis = 100;

/// How often a consumer without a coordinator looks it up again (librdkafka
/// `rd_kafka_cgrp_serve`, `rkcg_coord_query_intvl` in the wait-broker states).
const COORD_QUERY_INTERVAL_MS: Millis = 1_000;

/// What the scheduler holds for the consumers.
#[derive(Clone, Debug)]
pub(super) enum ConsumerAction {
    /// A consumer's timers or its program's deadline (`ConsumerProcess::poll_timeout`).
    Wake(usize),
    /// The coordinator's timers.
    CoordinatorWake,
    /// A request reaches its broker.
    Arrive(u64),
    /// An answer reaches its consumer.
    Answer(u64, Reply),
    /// A held fetch's `max_wait_ms` is over.
    WaitOver(u64),
    /// Failed requests may be sent again.
    Retry,
    /// Consumer `.0` tries to connect its handle `.1` again.
    Reconnect(usize, Handle),
}

/// An answer on its way to a consumer.
#[derive(Clone, Debug)]
pub(super) enum Reply {
    Coordinator(Response),
    Log(LogResponse),
    /// Every topic's partition count.
    Metadata(VecMap<String, i32>),
}

#[derive(Clone, Debug)]
enum Req {
    Coordinator(Request),
    Log(LogRequest),
    Metadata(MetadataReason),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    OnTheWay,
    /// At the coordinator, which answers on this connection.
    AtCoordinator(u32),
    /// A fetch the leader holds.
    Held,
    /// The answer is on its way back.
    Answered,
}

/// A request sent and not yet answered to its consumer.
#[derive(Clone, Debug)]
struct Flight {
    consumer: usize,
    broker: i32,
    request: Req,
    stage: Stage,
}

/// A request waiting to be sent (again).
#[derive(Clone, Debug)]
struct Pending {
    consumer: usize,
    request: Req,
    not_before: Millis,
}

/// The consumers' side of the simulation.
#[derive(Clone, Debug)]
pub(super) struct Consumers {
    specs: Vec<ConsumerSpec>,
    /// `None` until started.
    processes: Vec<Option<ConsumerProcess>>,
    /// The time of each consumer's scheduled wake-up; an older one is stale.
    wakes: Vec<Option<Millis>>,
    /// One coordinator state machine serves every group, wherever it is placed.
    coordinator: Coordinator,
    coordinator_wake: Option<Millis>,
    flights: VecMap<u64, Flight>,
    next_flight: u64,
    /// Open connections, (consumer, broker) -> connection id; a crash closes the broker's.
    connections: VecMap<(usize, i32), u32>,
    next_connection: u32,
    pending: Vec<Pending>,
    accounting: Accounting,
    /// Each started consumer's broker connections.
    links: Vec<Option<Connections>>,
    seed: u64,
}

impl Consumers {
    pub(super) fn new(scenario: &Scenario) -> Self {
        let coordinator = Coordinator::new(
            scenario.coordinator.clone(),
            SimRng::stream(scenario.seed, "coordinator"),
            0,
        );
        Self {
            specs: scenario.consumers.clone(),
            processes: vec![None; scenario.consumers.len()],
            wakes: vec![None; scenario.consumers.len()],
            coordinator,
            coordinator_wake: None,
            flights: VecMap::new(),
            next_flight: 0,
            connections: VecMap::new(),
            next_connection: 0,
            pending: Vec::new(),
            accounting: Accounting::default(),
            links: vec![None; scenario.consumers.len()],
            seed: scenario.seed,
        }
    }

    /// Every started program has ended, and none is waiting for its start time.
    pub(super) fn all_done(&self) -> bool {
        self.specs
            .iter()
            .zip(&self.processes)
            .all(|(spec, process)| match process {
                Some(p) => p.state() != ProcessState::Running,
                None => spec.start_at.is_none(),
            })
    }
}

impl Sim {
    /// Consumer `consumer`'s process, once started.
    pub fn consumer(&self, consumer: usize) -> Option<&ConsumerProcess> {
        self.consumers.processes.get(consumer)?.as_ref()
    }

    /// How many consumers the scenario has.
    pub fn consumer_count(&self) -> usize {
        self.consumers.specs.len()
    }

    /// Adds a consumer to the run (started by `StartConsumer`, or at its `start_at` if that
    /// is still ahead); returns its index.
    pub fn add_consumer(&mut self, spec: ConsumerSpec) -> usize {
        let index = self.consumers.specs.len();
        if let Some(at) = spec.start_at {
            let start = Action::Command(super::Command::StartConsumer { consumer: index });
            self.scheduler
                .schedule(at.max(self.now), (start, Cause::Start));
        }
        self.consumers.specs.push(spec);
        self.consumers.processes.push(None);
        self.consumers.wakes.push(None);
        self.consumers.links.push(None);
        index
    }

    /// The group coordinator: every group's state, members and committed offsets.
    pub fn coordinator(&self) -> &Coordinator {
        &self.consumers.coordinator
    }

    pub fn group(&self, group_id: &str) -> Option<&Group> {
        self.consumers.coordinator.group(group_id)
    }

    /// The broker coordinating `group_id` now.
    pub fn coordinator_of(&self, group_id: &str) -> Option<i32> {
        placement::coordinator_broker(&self.cluster, group_id)
    }

    /// The offsets `group_id` has committed, per partition.
    pub fn committed(&self, group_id: &str) -> VecMap<TopicPartition, i64> {
        let Some(group) = self.group(group_id) else {
            return VecMap::new();
        };
        self.cluster
            .partitions()
            .keys()
            .filter_map(|tp| group.committed(tp).map(|c| (tp.clone(), c.offset)))
            .collect()
    }

    /// The lag of `group_id` on each partition of `topic`: the high watermark minus the
    /// committed offset, or the whole log where nothing is committed (the course's
    /// Consumer_lag: `high - committed`, or `high - low` without a commit).
    pub fn lag(&self, group_id: &str, topic: &str) -> VecMap<TopicPartition, i64> {
        let ends = self
            .cluster
            .partitions()
            .iter()
            .filter(|(tp, _)| tp.topic == topic)
            .map(|(tp, p)| (tp.clone(), p.high_watermark()))
            .collect();
        accounting::lag(&ends, &self.committed(group_id))
    }

    /// Which consumer processed which record, how often.
    pub fn consumer_accounting(&self) -> &Accounting {
        &self.consumers.accounting
    }

    /// What consumer `consumer`'s program printed: time, source line and the printed data.
    pub fn consumer_console(
        &self,
        consumer: usize,
    ) -> impl Iterator<Item = (Millis, u32, &Printed)> {
        self.trace
            .iter()
            .filter_map(move |entry| match &entry.event {
                Event::ConsumerProgram {
                    consumer: c,
                    event: ProgramEvent::Printed { line, printed },
                } if *c == consumer => Some((entry.time, *line, printed)),
                _ => None,
            })
    }

    /// The records consumer `consumer`'s program processed, in order.
    pub fn processed_by(&self, consumer: usize) -> Vec<(TopicPartition, i64)> {
        self.trace
            .iter()
            .filter_map(|entry| match &entry.event {
                Event::ConsumerProgram {
                    consumer: c,
                    event: ProgramEvent::Processed { tp, offset },
                } if *c == consumer => Some((tp.clone(), *offset)),
                _ => None,
            })
            .collect()
    }

    /// The partition numbers each still-running consumer is assigned, in consumer order.
    pub fn running_assignments(&self) -> Vec<Vec<i32>> {
        (0..self.consumer_count())
            .filter_map(|i| self.consumer(i))
            .filter(|c| c.state() == ProcessState::Running)
            .map(|c| {
                c.client
                    .assignment()
                    .iter()
                    .map(|tp| tp.partition)
                    .collect()
            })
            .collect()
    }

    // ----- commands -----

    pub(super) fn start_consumer(&mut self, consumer: usize, mut cause: Cause) {
        let Some(spec) = self.consumers.specs.get(consumer) else {
            return;
        };
        if self.consumers.processes[consumer].is_some() {
            return;
        }
        let metadata = topic_partition_counts(&self.cluster);
        let client = ConsumerClient::new(spec.config.clone(), metadata, self.now);
        let mut process = ConsumerProcess::new(client, &spec.program);
        self.record(&mut cause, Event::ConsumerStarted { consumer });
        process.handle_timeout(self.now);
        self.consumers.processes[consumer] = Some(process);
        let label = format!("consumer-{consumer}");
        let mut links = Connections::new(self.consumers.seed, &label);
        links.start(self.now);
        self.consumers.links[consumer] = Some(links);
        self.collect(consumer, cause);
    }

    pub(super) fn interrupt_consumer(&mut self, consumer: usize, mut cause: Cause) {
        let now = self.now;
        if let Some(Some(process)) = self.consumers.processes.get_mut(consumer) {
            process.interrupt(now);
            self.record(&mut cause, Event::ConsumerInterrupted { consumer });
            self.collect(consumer, cause);
        }
    }

    pub(super) fn stop_consumer(&mut self, consumer: usize, mut cause: Cause) {
        if let Some(Some(process)) = self.consumers.processes.get_mut(consumer) {
            process.stop();
            self.record(&mut cause, Event::ConsumerStopRequested { consumer });
            self.collect(consumer, cause);
        }
    }

    pub(super) fn kill_consumer(&mut self, consumer: usize, mut cause: Cause) {
        if let Some(Some(process)) = self.consumers.processes.get_mut(consumer) {
            process.kill();
            self.record(&mut cause, Event::ConsumerKilled { consumer });
            self.collect(consumer, cause);
        }
    }

    /// `broker` crashed: its connections break and what the consumers had in flight to it
    /// fails.
    pub(super) fn consumer_connections_lost(&mut self, broker: i32, cause: Cause) {
        let lost: Vec<u64> = self
            .consumers
            .flights
            .iter()
            .filter(|(_, f)| f.broker == broker)
            .map(|(&id, _)| id)
            .collect();
        for id in lost {
            self.fail(id, KafkaError::Transport, cause);
        }
        self.consumers.connections.retain(|&(_, b), _| b != broker);
        let gone: Vec<String> = self
            .consumers
            .coordinator
            .groups()
            .map(|g| g.id().to_owned())
            .filter(|g| placement::offsets_leader(&self.cluster, g) == Some(broker))
            .collect();
        for group in gone {
            self.consumers.coordinator.unload(&group);
        }
        let (now, brokers) = (self.now, self.cluster.brokers().len());
        for consumer in 0..self.consumers.links.len() {
            if !self.running(consumer) {
                continue;
            }
            // The GroupCoordinator handle first: librdkafka reported its refused connect
            // before the broker's own on the mock cluster.
            for handle in [Handle::Coordinator, Handle::Broker(broker)] {
                let Some(links) = &mut self.consumers.links[consumer] else {
                    continue;
                };
                if links.target(handle) != Some(broker) {
                    continue;
                }
                let reaction = links.closed_handle(handle, brokers, now);
                self.raise_connection_errors(consumer, reaction, cause);
            }
        }
    }

    /// The time for consumer `consumer` to connect `handle` again has come.
    fn reconnect(&mut self, consumer: usize, handle: Handle, cause: Cause) {
        let Some(target) = self.consumers.links[consumer]
            .as_ref()
            .and_then(|links| links.target(handle))
        else {
            return;
        };
        let up = self.cluster.broker_is_up(target);
        // The GroupCoordinator handle tries until the coordinator moves (a new connection),
        // the bootstrap entry until a connect succeeds.
        let needed = match handle {
            Handle::Broker(broker) => self.needs(consumer, broker),
            Handle::Coordinator | Handle::Bootstrap => true,
        };
        if !self.running(consumer) || !(up || needed) {
            return;
        }
        let (now, brokers) = (self.now, self.cluster.brokers().len());
        let Some(links) = &mut self.consumers.links[consumer] else {
            return;
        };
        let reaction = links.attempt_handle(handle, up, brokers, now);
        self.raise_connection_errors(consumer, reaction, cause);
    }

    /// Whether consumer `consumer` needs a connection to `broker`: its group's coordinator
    /// (the leader of the group's `__consumer_offsets` partition, even while crashed) or the
    /// leader of a partition it holds.
    fn needs(&self, consumer: usize, broker: i32) -> bool {
        let Some(process) = &self.consumers.processes[consumer] else {
            return false;
        };
        let group = self.consumers.specs[consumer].config.group_id.as_deref();
        group.and_then(|g| placement::offsets_leader(&self.cluster, g)) == Some(broker)
            || process
                .client
                .assignment()
                .iter()
                .any(|tp| self.cluster.leader(tp) == Some(broker))
    }

    /// Whether consumer `consumer` has a leader query on the way or waiting.
    fn leader_query_out(&self, consumer: usize) -> bool {
        let query = |c: usize, r: &Req| {
            c == consumer && matches!(r, Req::Metadata(MetadataReason::LeaderQuery))
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

    fn running(&self, consumer: usize) -> bool {
        self.consumers.processes[consumer]
            .as_ref()
            .is_some_and(|p| p.state() == ProcessState::Running)
    }

    /// Traces the connection errors and queues them for the program's `error_cb` (librdkafka
    /// `rd_kafka_q_op_err` on the main queue, which the consumer queue serves), and schedules
    /// the connects it asks for.
    fn raise_connection_errors(&mut self, consumer: usize, reaction: Reaction, mut cause: Cause) {
        let now = self.now;
        for e in reaction.errors {
            let event = Event::ClientError {
                process: Process::Consumer(consumer),
                error: e.error,
                reason: e.reason.clone(),
            };
            cause = Cause::After(self.record(&mut cause, event));
            if let Some(process) = &mut self.consumers.processes[consumer] {
                let kind = ErrorKind::Connection(e.error);
                process
                    .client
                    .queue_error_event(ClientError::with_message(kind, e.reason));
                process.handle_timeout(now);
            }
        }
        self.collect(consumer, cause);
        for (handle, at) in reaction.connects {
            let action = Action::Consumer(ConsumerAction::Reconnect(consumer, handle));
            self.scheduler.schedule(at, (action, cause));
        }
    }

    /// After every input: held fetches the high watermark now serves, and failed requests
    /// whose backoff is over and that have a broker to go to.
    pub(super) fn serve_consumer_waits(&mut self, cause: Cause) {
        self.load_moved_groups();
        let held: Vec<u64> = self
            .consumers
            .flights
            .iter()
            .filter(|(_, f)| f.stage == Stage::Held)
            .map(|(&id, _)| id)
            .collect();
        for id in held {
            self.serve_held(id, false, cause);
        }
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

    pub(super) fn on_consumer_action(&mut self, action: ConsumerAction, cause: Cause) {
        let now = self.now;
        match action {
            ConsumerAction::Wake(consumer) => {
                if self.consumers.wakes[consumer] != Some(now) {
                    return;
                }
                self.consumers.wakes[consumer] = None;
                let mut refresh = false;
                if let Some(process) = &mut self.consumers.processes[consumer] {
                    if process.client.metadata_refresh_due(now) {
                        process.client.metadata_requested(now);
                        refresh = true;
                    }
                    process.handle_timeout(now);
                }
                self.collect(consumer, cause);
                if refresh {
                    let request = Req::Metadata(MetadataReason::Periodic);
                    self.send_request(consumer, request, cause);
                }
            }
            ConsumerAction::CoordinatorWake => {
                if self.consumers.coordinator_wake != Some(now) {
                    return;
                }
                self.consumers.coordinator_wake = None;
                let out = self.consumers.coordinator.handle_timeout(now);
                self.coordinator_outputs(out, cause);
            }
            ConsumerAction::Arrive(id) => self.arrive(id, cause),
            ConsumerAction::Answer(id, reply) => {
                let Some(flight) = self.consumers.flights.remove(&id) else {
                    return;
                };
                let consumer = flight.consumer;
                let mut cause = cause;
                if let Req::Metadata(reason) = flight.request {
                    let event = Event::MetadataAnswered {
                        process: Process::Consumer(consumer),
                        broker: flight.broker,
                        reason,
                    };
                    cause = Cause::After(self.record(&mut cause, event));
                }
                if let Some(process) = &mut self.consumers.processes[consumer] {
                    match reply {
                        Reply::Coordinator(response) => process.handle_coordinator(now, response),
                        Reply::Log(response) => process.handle_log(now, response),
                        // Only the periodic refresh updates the group's view of its topics
                        // (`cgrp_update`, src/rdkafka_metadata.c); a leader query moves the
                        // fetchers, which the model routes to the current leader anyway.
                        Reply::Metadata(metadata) => {
                            if matches!(flight.request, Req::Metadata(MetadataReason::Periodic)) {
                                process.client.refresh_metadata(now, metadata);
                            }
                        }
                    }
                }
                self.collect(consumer, cause);
            }
            ConsumerAction::WaitOver(id) => self.serve_held(id, true, cause),
            ConsumerAction::Retry => {}
            ConsumerAction::Reconnect(consumer, handle) => self.reconnect(consumer, handle, cause),
        }
    }

    // ----- the network -----

    /// Groups whose coordinator crashed are loaded by the broker that now leads their
    /// `__consumer_offsets` partition, once there is one ([`placement`]).
    fn load_moved_groups(&mut self) {
        let ready: Vec<String> = self
            .consumers
            .coordinator
            .unloaded()
            .filter(|g| placement::coordinator_broker(&self.cluster, g).is_some())
            .cloned()
            .collect();
        for group in ready {
            self.consumers.coordinator.load(&group, self.now);
        }
    }

    /// Sends a request to the broker it goes to now, or keeps it until there is one.
    fn send_request(&mut self, consumer: usize, request: Req, cause: Cause) {
        self.load_moved_groups();
        let target = match &request {
            Req::Coordinator(r) => placement::coordinator_broker(&self.cluster, group_id(r)),
            Req::Log(r) => self
                .cluster
                .leader(r.tp())
                .filter(|&b| self.cluster.broker_is_up(b)),
            // Any live broker answers Metadata (librdkafka picks a usable one,
            // `rd_kafka_broker_any_usable`); the model takes the first by id.
            Req::Metadata(_) => self
                .cluster
                .brokers()
                .keys()
                .copied()
                .find(|&b| self.cluster.broker_is_up(b)),
        };
        let Some(broker) = target else {
            // Without a coordinator the client asks again after its query interval.
            let not_before = match request {
                Req::Coordinator(_) => self.now + COORD_QUERY_INTERVAL_MS,
                Req::Log(_) | Req::Metadata(_) => self.now,
            };
            if not_before > self.now {
                let retry = Action::Consumer(ConsumerAction::Retry);
                self.scheduler.schedule(not_before, (retry, cause));
            }
            self.consumers.pending.push(Pending {
                consumer,
                request,
                not_before,
            });
            return;
        };
        if let Some(links) = &mut self.consumers.links[consumer] {
            links.open(broker, self.now);
            if matches!(request, Req::Coordinator(_)) {
                links.open_coordinator(broker, self.now);
            }
        }
        if let (Req::Coordinator(_), Some(process)) =
            (&request, &mut self.consumers.processes[consumer])
        {
            process.client.coordinator_is(broker);
        }
        let mut cause = cause;
        if let Req::Metadata(reason) = request {
            let event = Event::MetadataRequested {
                process: Process::Consumer(consumer),
                broker,
                reason,
            };
            cause = Cause::After(self.record(&mut cause, event));
        }
        let id = self.consumers.next_flight;
        self.consumers.next_flight += 1;
        self.consumers.flights.insert(
            id,
            Flight {
                consumer,
                broker,
                request,
                stage: Stage::OnTheWay,
            },
        );
        let at = self
            .network
            .arrival(NodeId::Consumer(consumer), NodeId::Broker(broker), self.now);
        let arrive = Action::Consumer(ConsumerAction::Arrive(id));
        self.scheduler.schedule(at, (arrive, cause));
    }

    /// A request reaches its broker.
    fn arrive(&mut self, id: u64, cause: Cause) {
        let now = self.now;
        let Some(flight) = self.consumers.flights.get(&id) else {
            return;
        };
        let (consumer, broker) = (flight.consumer, flight.broker);
        match flight.request.clone() {
            Req::Coordinator(request) => {
                let next = &mut self.consumers.next_connection;
                let connection = *self
                    .consumers
                    .connections
                    .entry((consumer, broker))
                    .or_insert_with(|| {
                        *next += 1;
                        *next
                    });
                if let Some(f) = self.consumers.flights.get_mut(&id) {
                    f.stage = Stage::AtCoordinator(connection);
                }
                let out = self.consumers.coordinator.handle_request(
                    now,
                    ConnectionId(connection),
                    request,
                );
                self.coordinator_outputs(out, cause);
            }
            Req::Metadata(_) => {
                let metadata = topic_partition_counts(&self.cluster);
                self.respond(id, Reply::Metadata(metadata), cause);
            }
            Req::Log(request) => match self.cluster.serve_read(broker, &request) {
                Read::Answer(response) => self.respond(id, Reply::Log(response), cause),
                Read::Hold => {
                    if let Some(f) = self.consumers.flights.get_mut(&id) {
                        f.stage = Stage::Held;
                    }
                    let wait = match request {
                        LogRequest::Fetch { max_wait_ms, .. } => max_wait_ms,
                        _ => 0,
                    };
                    let over = Action::Consumer(ConsumerAction::WaitOver(id));
                    self.scheduler.schedule(now + wait, (over, cause));
                }
                Read::NotLeader => self.fail(id, KafkaError::NotLeaderForPartition, cause),
            },
        }
    }

    /// Answers a held fetch if it can be answered now, or with nothing at the end of its wait.
    fn serve_held(&mut self, id: u64, wait_over: bool, cause: Cause) {
        let Some(flight) = self.consumers.flights.get(&id) else {
            return;
        };
        let Req::Log(request) = &flight.request else {
            return;
        };
        if flight.stage != Stage::Held {
            return;
        }
        match self.cluster.serve_read(flight.broker, request) {
            Read::Answer(response) => self.respond(id, Reply::Log(response), cause),
            Read::Hold if wait_over => {
                if let Some(response) = self.cluster.empty_fetch(request) {
                    self.respond(id, Reply::Log(response), cause);
                }
            }
            Read::Hold => {}
            Read::NotLeader => self.fail(id, KafkaError::NotLeaderForPartition, cause),
        }
    }

    /// Sends an answer back to the consumer that asked.
    fn respond(&mut self, id: u64, reply: Reply, cause: Cause) {
        let Some(flight) = self.consumers.flights.get_mut(&id) else {
            return;
        };
        flight.stage = Stage::Answered;
        let (from, to) = (
            NodeId::Broker(flight.broker),
            NodeId::Consumer(flight.consumer),
        );
        let at = self.network.arrival(from, to, self.now);
        let answer = Action::Consumer(ConsumerAction::Answer(id, reply));
        self.scheduler.schedule(at, (answer, cause));
    }

    /// A request failed: traced, and sent again after the client's backoff (not by a
    /// process that no longer runs).
    fn fail(&mut self, id: u64, error: KafkaError, mut cause: Cause) {
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
        if let (Req::Coordinator(Request::Heartbeat(_)), Some(process)) =
            (&flight.request, &mut self.consumers.processes[consumer])
        {
            process.client.heartbeat_failed();
        }
        let backoff = match flight.request {
            Req::Log(LogRequest::Fetch { .. }) => FETCH_ERROR_BACKOFF_MS,
            _ => RETRY_BACKOFF_MS,
        };
        // A read that lost its leader asks where the partition went, once at a time.
        if matches!(flight.request, Req::Log(_)) && !self.leader_query_out(consumer) {
            let query = Req::Metadata(MetadataReason::LeaderQuery);
            self.send_request(consumer, query, Cause::After(seq));
        }
        let not_before = self.now + backoff;
        self.consumers.pending.push(Pending {
            consumer,
            request: flight.request,
            not_before,
        });
        let retry = Action::Consumer(ConsumerAction::Retry);
        self.scheduler
            .schedule(not_before, (retry, Cause::After(seq)));
    }

    /// Traces the coordinator's events and sends its responses back on their connections;
    /// a response on a connection a crash closed is lost.
    fn coordinator_outputs(&mut self, out: Vec<coordinator::Output>, mut cause: Cause) {
        let mut next = cause;
        for output in out {
            match output {
                coordinator::Output::Event(event) => {
                    next = Cause::After(self.record(&mut cause, Event::Coordinator { event }));
                }
                coordinator::Output::Response { to, response } => {
                    let flight = self.consumers.flights.iter().find(|(_, f)| {
                        f.stage == Stage::AtCoordinator(to.0)
                            && matches!(&f.request, Req::Coordinator(r) if answers(r, &response))
                    });
                    if let Some((&id, _)) = flight {
                        self.respond(id, Reply::Coordinator(response), next);
                    }
                }
            }
        }
        let at = self.consumers.coordinator.poll_timeout().max(self.now);
        if self.consumers.coordinator_wake != Some(at) {
            self.consumers.coordinator_wake = Some(at);
            let wake = Action::Consumer(ConsumerAction::CoordinatorWake);
            self.scheduler.schedule(at, (wake, next));
        }
    }

    /// Traces and sends what consumer `consumer` produced, and schedules its next wake-up.
    fn collect(&mut self, consumer: usize, mut cause: Cause) {
        let Some(process) = &mut self.consumers.processes[consumer] else {
            return;
        };
        let outputs = process.take_outputs();
        let wake = process.poll_timeout();
        let mut requests = Vec::new();
        let mut last = None;
        for output in outputs {
            let event = match output {
                Output::Coordinator(request) => {
                    requests.push(Req::Coordinator(request));
                    continue;
                }
                Output::Log(request) => {
                    requests.push(Req::Log(request));
                    continue;
                }
                Output::Event(event) => Event::Consumer { consumer, event },
                Output::Program(ProgramEvent::LineExecuted { line }) => Event::LineExecuted {
                    process: Process::Consumer(consumer),
                    line,
                },
                Output::Program(ProgramEvent::Finished) => Event::ProgramFinished {
                    process: Process::Consumer(consumer),
                },
                Output::Program(event) => {
                    if let ProgramEvent::Processed { tp, offset } = &event {
                        self.consumers.accounting.record(consumer, tp, *offset);
                    }
                    Event::ConsumerProgram { consumer, event }
                }
            };
            last = Some(self.record(&mut cause, event));
        }
        let next = last.map_or(cause, Cause::After);
        for request in requests {
            self.send_request(consumer, request, next);
        }
        if let Some(at) = wake.map(|t| t.max(self.now))
            && self.consumers.wakes[consumer] != Some(at)
        {
            self.consumers.wakes[consumer] = Some(at);
            let action = Action::Consumer(ConsumerAction::Wake(consumer));
            self.scheduler.schedule(at, (action, next));
        }
    }
}

/// What a metadata request answers: every topic's partition count, as the broker knows it
/// when the request arrives. (A consumer's first metadata, before it joins, is taken at its
/// start without a request on the network.)
fn topic_partition_counts(cluster: &Cluster) -> VecMap<String, i32> {
    let mut metadata = VecMap::new();
    for tp in cluster.partitions().keys() {
        *metadata.entry(tp.topic.clone()).or_insert(0) += 1;
    }
    metadata
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
