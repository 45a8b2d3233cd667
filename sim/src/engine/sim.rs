//! `Sim`: the scheduler, the trace, the network, the cluster and the client processes, and the
//! loop that routes scheduled items to them. Every message between nodes is an
//! [`Action::Deliver`], sent by [`Sim::transmit`] and routed by [`Sim::deliver`]. The consumers
//! are hosted in [`consumers`] (their requests in [`requests`], their connections in
//! [`links`]); the brokers serve the consumers' requests in [`brokers`].

mod brokers;
mod consumers;
mod faults;
mod fold;
mod links;
mod requests;

use super::network::{Network, NetworkSpec};
use super::scheduler::Scheduler;
use super::trigger::Trigger;
use crate::TopicPartition;
use crate::cluster::{Cluster, ClusterSpec, ClusterTimer, TopicSpec};
use crate::collect::VecMap;
use crate::config::ConsumerConfig;
use crate::consumer;
use crate::coordinator::CoordinatorConfig;
use crate::ids::{MessageId, Millis, NodeId, Process};
use crate::node::{Link, Node, Output};
use crate::outbox::Outbox;
use crate::producer::{
    ClientTimer, MessageFate, ProcessState, ProducerClient, ProducerProcess, ProducerSettings,
    Program, Tally, accounting,
};
use crate::projection::Projection;
use crate::trace::{Cause, Event, LineProcess, Trace, TraceEntry};
use crate::wire::{Bytes, FetchRequest, FetchResponse, Message};
use brokers::{BrokerTimer, Brokers};
use consumers::{ConsumerTimer, Consumers};
use fold::HeldLoops;
use serde::{Deserialize, Serialize};

/// An imperative input: a fault or a start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    CrashBroker {
        broker: i32,
    },
    RestartBroker {
        broker: i32,
    },
    /// The broker's next response to a client, of any kind, is lost (the request itself is
    /// processed) and the connection breaks (`engine/sim/faults.rs`).
    DropNextResponse {
        broker: i32,
    },
    /// The broker waits this long before each of its follower fetches (0 = no delay).
    DelayFollower {
        broker: i32,
        delay_ms: Millis,
    },
    /// CreatePartitions: `topic` grows to `count` partitions in all (the new total, as in
    /// Kafka's `CreatePartitionsRequest`). Clients learn it from their next metadata refresh.
    AddPartitions {
        topic: String,
        count: i32,
    },
    StartProducer {
        client: usize,
    },
    StartConsumer {
        consumer: usize,
    },
    /// Ctrl+C: the program's `except`/`finally` run, so `close()`.
    InterruptConsumer {
        consumer: usize,
    },
    /// A crash (`kill -9`): the consumer sends nothing more; the coordinator notices at the
    /// session timeout.
    KillConsumer {
        consumer: usize,
    },
    /// `running = False` (a signal handler or another thread): the program's
    /// `while running:` loop ends at its next head, after the call running now returns.
    StopConsumer {
        consumer: usize,
    },
    /// Runs `command` `wait_ms` after the first time `trigger` happens (when that has
    /// happened before this command runs: `wait_ms` after it, or at once if that is past).
    After {
        trigger: Trigger,
        wait_ms: Millis,
        command: Box<Command>,
    },
}

/// A producer process in a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerSpec {
    pub settings: ProducerSettings,
    pub program: Program,
    /// When the program starts; `None` waits for a `StartProducer` command.
    pub start_at: Option<Millis>,
}

/// A consumer process in a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerSpec {
    /// The consumer's configuration, already validated (`ConsumerConfig::from_pairs`).
    pub config: ConsumerConfig,
    pub program: consumer::Program,
    /// When the program starts; `None` waits for a `StartConsumer` command.
    pub start_at: Option<Millis>,
}

/// Everything a run starts from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub seed: u64,
    pub cluster: ClusterSpec,
    pub topics: Vec<TopicSpec>,
    pub network: NetworkSpec,
    pub producers: Vec<ProducerSpec>,
    pub consumers: Vec<ConsumerSpec>,
    /// The brokers' group coordinator settings.
    pub coordinator: CoordinatorConfig,
    pub faults: Vec<(Millis, Command)>,
    /// The wall-clock time (ms since the Unix epoch) at virtual time 0.
    pub epoch_ms: u64,
}

impl Default for Scenario {
    fn default() -> Self {
        Self {
            seed: 0,
            cluster: ClusterSpec::default(),
            topics: Vec::new(),
            network: NetworkSpec::default(),
            producers: Vec::new(),
            consumers: Vec::new(),
            coordinator: CoordinatorConfig::default(),
            faults: Vec::new(),
            epoch_ms: 1_700_000_000_000,
        }
    }
}

/// What the scheduler holds.
#[derive(Clone, Debug)]
enum Action {
    Command(Command),
    /// `epoch`: a message to a broker from a client is lost if its connection's epoch
    /// moved on the way ([`Sim::connection_epoch`]; 0 otherwise).
    Deliver {
        from: NodeId,
        to: NodeId,
        message: Message,
        epoch: u32,
    },
    Cluster(ClusterTimer),
    Client(usize, ClientTimer),
    Consumer(usize, ConsumerTimer),
    /// The brokers' timers for the consumers' requests.
    Broker(BrokerTimer),
    /// A command an [`Command::After`] trigger set off.
    Triggered(Command),
}

impl Action {
    /// The partition of a step of a follower's fetch loop: a fetch or its answer between
    /// brokers, the follower's fetch timer, the expiry of a fetch parked at the leader.
    fn fetch_loop_partition(&self) -> Option<&TopicPartition> {
        match self {
            Action::Cluster(
                ClusterTimer::SendFetch { tp, .. } | ClusterTimer::FetchWaitExpired { tp, .. },
            )
            | Action::Deliver {
                from: NodeId::Broker(_),
                to: NodeId::Broker(_),
                message:
                    Message::Fetch(FetchRequest { tp, .. })
                    | Message::FetchResponse(FetchResponse { tp, .. }),
                ..
            } => Some(tp),
            _ => None,
        }
    }
}

/// The simulation.
#[derive(Clone, Debug)]
pub struct Sim {
    now: Millis,
    scheduler: Scheduler<(Action, Cause)>,
    trace: Trace,
    network: Network,
    cluster: Cluster,
    processes: Vec<ProducerProcess>,
    consumers: Consumers,
    brokers: Brokers,
    /// Records appended by [`Sim::append`].
    direct_appends: u64,
    /// [`Command::After`]s waiting for their trigger: (trigger, wait, command).
    armed: Vec<(Trigger, Millis, Command)>,
    /// Triggered commands scheduled and not yet run.
    triggered: usize,
    /// What the views read, folded from every event recorded.
    projection: Projection,
    /// `DropNextResponse`s armed, by broker (`faults`).
    armed_drops: VecMap<i32, u32>,
    /// How often each (client, broker) connection broke by a lost response (`faults`).
    connection_resets: VecMap<(NodeId, i32), u32>,
    /// Items processed so far, and how many [`Sim::run_until`] and [`Sim::run_until_done`]
    /// may process ([`Sim::limit_steps`]).
    steps: u64,
    step_limit: u64,
    /// Quiet partitions' fetch loops held out of the agenda during a run (`fold`); none
    /// between runs.
    held_loops: HeldLoops,
    /// The rank of the last item run ([`Scheduler`]): a fetch loop step's partition, or 0.
    rank_run: u16,
    /// [`Taken::sends`]' buffer between two steps, kept so that sending allocates nothing.
    sends: Vec<(Link, Message)>,
}

/// What [`Sim::absorb`] has taken of a node's outputs so far: the cause of what follows (a
/// program statement becomes it), the last event recorded, and the messages to send.
struct Taken {
    cause: Cause,
    last: Option<u64>,
    sends: Vec<(Link, Message)>,
}

impl Taken {
    fn new(cause: Cause, sends: Vec<(Link, Message)>) -> Self {
        Self {
            cause,
            last: None,
            sends,
        }
    }
}

/// The `client` of the [`MessageId`] of a record appended by [`Sim::append`].
pub const DIRECT_APPEND: usize = usize::MAX;

impl Sim {
    pub fn new(scenario: Scenario) -> Result<Self, String> {
        let cluster = Cluster::new(scenario.cluster.clone(), &scenario.topics, scenario.seed)?;
        let processes = scenario
            .producers
            .iter()
            .enumerate()
            .map(|(i, spec)| {
                let client = ProducerClient::new(i, spec.settings.clone(), scenario.seed);
                ProducerProcess::new(i, client, &spec.program, scenario.epoch_ms)
            })
            .collect();
        let mut sim = Self {
            now: 0,
            scheduler: Scheduler::default(),
            trace: Trace::default(),
            network: Network::new(&scenario.network, scenario.seed),
            cluster,
            processes,
            consumers: Consumers::new(&scenario.consumers, scenario.seed),
            brokers: Brokers::new(scenario.coordinator.clone(), scenario.seed),
            direct_appends: 0,
            armed: Vec::new(),
            triggered: 0,
            projection: Projection::default(),
            armed_drops: VecMap::new(),
            connection_resets: VecMap::new(),
            steps: 0,
            step_limit: u64::MAX,
            held_loops: HeldLoops::default(),
            rank_run: 0,
            sends: Vec::new(),
        };
        sim.in_cluster(Cause::Start, |cluster, out| cluster.start(0, out));
        for (i, spec) in scenario.producers.iter().enumerate() {
            if let Some(at) = spec.start_at {
                let start = Action::Command(Command::StartProducer { client: i });
                sim.schedule(at, start, Cause::Start);
            }
        }
        for (i, spec) in scenario.consumers.iter().enumerate() {
            if let Some(at) = spec.start_at {
                let start = Action::Command(Command::StartConsumer { consumer: i });
                sim.schedule(at, start, Cause::Start);
            }
        }
        for (at, command) in scenario.faults {
            sim.schedule(at, Action::Command(command), Cause::Start);
        }
        Ok(sim)
    }

    pub fn now(&self) -> Millis {
        self.now
    }

    /// Lets [`Sim::run_until`] and [`Sim::run_until_done`] process at most `max` items in
    /// all, a guard against a scenario that would never end; [`Sim::out_of_steps`] tells
    /// whether they stopped at it.
    pub fn limit_steps(&mut self, max: u64) {
        self.step_limit = max;
    }

    /// Whether the run reached its [`Sim::limit_steps`].
    pub fn out_of_steps(&self) -> bool {
        self.steps >= self.step_limit
    }

    /// Whether a client's program was ended for running
    /// [`MAX_INSTRUCTIONS`](crate::program::MAX_INSTRUCTIONS) instructions: the first such.
    pub fn ran_away(&self) -> Option<Process> {
        let producer = self.processes.iter().position(ProducerProcess::ran_away);
        let consumer =
            || (0..self.consumer_count()).find(|&i| self.consumer(i).is_some_and(|c| c.ran_away()));
        producer
            .map(Process::Producer)
            .or_else(|| consumer().map(Process::Consumer))
    }

    pub fn trace(&self) -> &[TraceEntry] {
        &self.trace
    }

    /// Shares `earlier`'s trace if this run has traced its beginning so far (a replay of
    /// `earlier`'s scenario): this run and its clones then trace without copying entries.
    pub fn follow(&mut self, earlier: &Sim) {
        self.trace.follow(&earlier.trace);
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// The views' projection of the trace so far.
    pub fn projection(&self) -> &Projection {
        &self.projection
    }

    pub fn producer(&self, client: usize) -> Option<&ProducerProcess> {
        self.processes.get(client)
    }

    pub fn producers(&self) -> &[ProducerProcess] {
        &self.processes
    }

    /// How many items are scheduled (messages on the wire and timers).
    pub fn scheduled(&self) -> usize {
        self.scheduler.len()
    }

    /// The time of the next scheduled item.
    pub fn next_time(&self) -> Option<Millis> {
        self.scheduler.next_time()
    }

    /// The messages on the wire, in the order they arrive: when each arrives, its two ends,
    /// the message, and whether it is lost on the way (its broker is down or its connection
    /// broke since it left: `faults`). Read-only, for the views that draw messages travelling.
    pub fn on_the_wire(&self) -> impl Iterator<Item = (Millis, NodeId, NodeId, &Message, bool)> {
        self.scheduler
            .iter()
            .filter_map(|(at, (action, _))| match action {
                Action::Deliver {
                    from,
                    to,
                    message,
                    epoch,
                } => {
                    let lost = !self.on_open_connection(*from, *to, *epoch);
                    Some((at, *from, *to, message, lost))
                }
                _ => None,
            })
    }

    /// The fixed one-way latency from `from` to `to`, `None` when the network jitters.
    pub fn latency(&self, from: NodeId, to: NodeId) -> Option<Millis> {
        self.network.latency(from, to)
    }

    /// What became of every produced message.
    pub fn accounting(&self) -> Vec<MessageFate> {
        accounting::fates(&self.trace, &self.cluster, &self.processes)
    }

    /// The accounting summed up.
    pub fn tally(&self) -> Tally {
        Tally::of(&self.accounting())
    }

    /// Appends a record to `tp`'s leader now, without a producer (for labs that only need
    /// records in a log); returns its offset, or `None` without a live leader. Its
    /// [`MessageId`] names no producer: `client` is [`DIRECT_APPEND`].
    pub fn append(
        &mut self,
        tp: &TopicPartition,
        key: Option<Bytes>,
        value: Option<Bytes>,
    ) -> Option<i64> {
        let message = MessageId {
            client: DIRECT_APPEND,
            number: self.direct_appends,
        };
        let offset = self.in_cluster(Cause::Command, |cluster, out| {
            cluster.append_direct(tp, key, value, message, out)
        })?;
        self.direct_appends += 1;
        self.settle(Cause::Command, true);
        Some(offset)
    }

    /// Runs a command now.
    pub fn apply(&mut self, command: Command) {
        self.execute(command, Cause::Command);
        self.settle(Cause::Command, true);
    }

    /// Processes the next scheduled item; `false` when nothing is scheduled.
    pub fn step(&mut self) -> bool {
        let Some((at, rank, (action, cause))) = self.scheduler.pop() else {
            return false;
        };
        self.now = at;
        self.rank_run = rank;
        self.steps += 1;
        match action {
            Action::Command(command) => self.execute(command, Cause::Command),
            Action::Triggered(command) => {
                self.triggered -= 1;
                self.execute(command, Cause::Command);
            }
            Action::Deliver {
                from,
                to,
                message,
                epoch,
            } => self.deliver(from, to, message, epoch, cause),
            Action::Cluster(timer) => {
                self.cluster.handle_timeout(at, timer);
                self.absorb(cause, |sim| &mut sim.cluster, Action::Cluster);
            }
            Action::Client(client, ClientTimer::Reconnect(handle)) => {
                // Whether a connect succeeds is the network's answer: its broker is up.
                let up = self.processes[client]
                    .client
                    .connect_target(handle)
                    .is_some_and(|b| self.cluster.broker_is_up(b));
                self.in_producer(client, cause, |process| {
                    process.input(|process, out| process.on_reconnect(handle, up, at, out))
                });
            }
            Action::Client(client, timer) => {
                self.in_producer(client, cause, |process| process.handle_timeout(at, timer));
            }
            Action::Consumer(consumer, timer) => self.on_consumer_timer(consumer, timer, cause),
            Action::Broker(timer) => self.on_broker_timer(timer, cause),
        }
        // A follower fetch loop's step (rank above 0) is no producer's input, and every
        // producer's own timer due at this millisecond ran before it (`Sim::schedule`): the
        // producers have nothing new to serve after it.
        self.settle(cause, rank == 0);
        true
    }

    /// Processes everything due up to `t`, then sets the clock to `t` (unless it stopped at its
    /// step limit). Quiet partitions' follower fetch loops are held aside meanwhile and caught
    /// up in closed form (`fold`); [`Sim::step`] never holds them.
    pub fn run_until(&mut self, t: Millis) {
        while self.scheduler.next_time().is_some_and(|at| at <= t) && !self.out_of_steps() {
            self.step_or_hold();
        }
        if self.out_of_steps() {
            self.wake_all_loops(self.now);
        } else {
            self.wake_all_loops(t.saturating_add(1));
            self.now = self.now.max(t);
        }
    }

    /// Steps until every program has ended with nothing left in its producer, every
    /// consumer program due to start has ended, and no [`Command::After`] waits, or until
    /// `deadline`; returns whether they all finished.
    pub fn run_until_done(&mut self, deadline: Millis) -> bool {
        let done = |sim: &Self| {
            sim.processes.iter().all(|p| {
                matches!(p.state(), ProcessState::Finished | ProcessState::Crashed)
                    && p.client.is_empty()
            }) && sim.consumers.all_done()
                && sim.armed.is_empty()
                && sim.triggered == 0
        };
        while !done(self) {
            if self.out_of_steps() {
                self.wake_all_loops(self.now);
                return false;
            }
            if self.scheduler.next_time().is_none_or(|at| at > deadline) {
                self.wake_all_loops(deadline.saturating_add(1));
                return false;
            }
            self.step_or_hold();
        }
        self.wake_all_loops(self.now);
        true
    }

    /// Holds the loops of a quiet partition aside if one of their steps is next, or else
    /// catches up the held loops the next item may touch and processes it.
    fn step_or_hold(&mut self) {
        if !self.hold_quiet_loops() {
            self.wake_touched_loops();
            self.step();
        }
    }

    fn execute(&mut self, command: Command, cause: Cause) {
        let now = self.now;
        match command {
            Command::StartProducer { client } => {
                if client < self.processes.len() {
                    self.in_producer(client, cause, |process| {
                        process.input(|process, out| process.start(now, out))
                    });
                }
            }
            Command::StartConsumer { consumer } => self.start_consumer(consumer, cause),
            Command::InterruptConsumer { consumer } => self.interrupt_consumer(consumer, cause),
            Command::KillConsumer { consumer } => self.kill_consumer(consumer, cause),
            Command::StopConsumer { consumer } => self.stop_consumer(consumer, cause),
            Command::After {
                trigger,
                wait_ms,
                command,
            } => {
                if let Some(at) = self.trace.iter().find(|e| trigger.matches(&e.event)) {
                    self.fire((at.time + wait_ms).max(now), *command);
                } else {
                    self.armed.push((trigger, wait_ms, *command));
                }
            }
            Command::CrashBroker { broker } => {
                self.disarm_drops(broker);
                self.in_cluster(cause, |cluster, out| cluster.crash(broker, now, out));
                self.consumer_connections_lost(broker, cause);
                for client in 0..self.processes.len() {
                    self.in_producer(client, cause, |process| {
                        process.input(|process, out| process.on_broker_down(broker, now, out))
                    });
                }
            }
            Command::RestartBroker { broker } => {
                self.in_cluster(cause, |cluster, out| cluster.restart(broker, now, out));
            }
            Command::DropNextResponse { broker } => self.arm_drop(broker, cause),
            Command::DelayFollower { broker, delay_ms } => {
                self.in_cluster(cause, |cluster, out| {
                    cluster.delay_follower(broker, delay_ms, out)
                });
            }
            Command::AddPartitions { topic, count } => {
                self.in_cluster(cause, |cluster, out| {
                    let added = cluster.add_partitions(&topic, count, now, out);
                    out.event(match added {
                        Ok(()) => Event::PartitionsAdded { topic, count },
                        Err(message) => Event::PartitionsRefused {
                            topic,
                            count,
                            message,
                        },
                    });
                });
            }
        }
    }

    /// A message arrives: brokers that are down receive nothing, and a request whose
    /// connection broke on the way is lost with it (`faults`).
    fn deliver(&mut self, from: NodeId, to: NodeId, message: Message, epoch: u32, cause: Cause) {
        let now = self.now;
        if !self.on_open_connection(from, to, epoch) {
            self.refuse_connect(from, to, cause);
            return;
        }
        match (to, message) {
            (NodeId::Broker(broker), Message::ConsumerRequest { id, request }) => {
                if let NodeId::Consumer(consumer) = from
                    && self.in_flight(id)
                {
                    self.broker_receives(broker, consumer, id, *request, cause);
                }
            }
            (NodeId::Consumer(consumer), Message::ConsumerResponse { id, response }) => {
                self.consumer_receives(consumer, id, *response, cause);
            }
            // Any live broker answers Metadata from the cluster's state on arrival.
            (NodeId::Broker(_), Message::Metadata(_)) => {
                let answer = Message::MetadataResponse(self.cluster.metadata());
                if !self.lose_response(to, from, &answer, cause) {
                    self.transmit(to, from, answer, cause);
                }
            }
            (NodeId::Broker(_), message) => {
                self.cluster.handle_message(now, Link { from, to }, message);
                self.absorb(cause, |sim| &mut sim.cluster, Action::Cluster);
            }
            (NodeId::Consumer(consumer), Message::ConnectionClosed { broker }) => {
                self.consumer_connection_reset(consumer, broker, cause);
            }
            (
                NodeId::Client(client),
                message @ (Message::ProduceResponse(_)
                | Message::MetadataResponse(_)
                | Message::ConnectionClosed { .. }),
            ) => {
                self.in_producer(client, cause, |process| {
                    process.handle_message(now, Link { from, to }, message)
                });
            }
            (to, other) => {
                debug_assert!(false, "{from:?} sent {to:?} {other:?}");
            }
        }
    }

    /// After each input: consumers' held fetches and due requests go out, then (unless
    /// `producers` is false) every producer sends what is ready, and blocked programs serve
    /// the delivery reports that arrived, until nothing more happens at this instant. A
    /// producer acts on time only through its own timers (`ClientTimer::Wake` for linger,
    /// backoff and timeouts), so after an input that changed nothing it knows, serving it
    /// again finds nothing to do.
    fn settle(&mut self, cause: Cause, producers: bool) {
        let now = self.now;
        self.load_moved_groups();
        self.serve_held_fetches(cause);
        self.send_due_requests(cause);
        if !producers {
            return;
        }
        loop {
            let before = self.trace.len();
            for client in 0..self.processes.len() {
                if self.processes[client].state() != ProcessState::NotStarted {
                    self.in_producer(client, cause, |process| {
                        process.input(|process, out| {
                            process.client.serve(now, out);
                            process.on_reports(now, out);
                        })
                    });
                }
            }
            if self.trace.len() == before {
                break;
            }
        }
    }

    /// Runs one of the cluster's own inputs (a command) and absorbs its effects.
    fn in_cluster<R>(
        &mut self,
        cause: Cause,
        handle: impl FnOnce(&mut Cluster, &mut Outbox<ClusterTimer>) -> R,
    ) -> R {
        let result = self.cluster.input(handle);
        self.absorb(cause, |sim| &mut sim.cluster, Action::Cluster);
        result
    }

    /// Gives producer process `client` an input and absorbs its effects. A program that
    /// paused with statements left ([`ProducerProcess::paused`]) goes on at once, its events
    /// recorded as it runs; its messages and timers are taken once it has stopped, as if it
    /// had run in one go.
    fn in_producer(
        &mut self,
        client: usize,
        cause: Cause,
        handle: impl FnOnce(&mut ProducerProcess),
    ) {
        handle(&mut self.processes[client]);
        let node = Self::producer_node(client);
        let mut taken = Taken::new(cause, std::mem::take(&mut self.sends));
        self.take_outputs(&mut taken, &node);
        while self.processes[client].paused() {
            let now = self.now;
            self.processes[client].input(|process, out| process.go_on(now, out));
            self.take_outputs(&mut taken, &node);
        }
        self.carry_out(taken, node, |timer| Action::Client(client, timer));
    }

    /// Producer process `client`, as [`Sim::absorb`] reaches it.
    fn producer_node(client: usize) -> impl Fn(&mut Self) -> &mut ProducerProcess {
        move |sim| &mut sim.processes[client]
    }

    /// Takes what a broker or producer node asked for ([`Node::poll_output`],
    /// [`Node::poll_timeout`]): records its events, then sends its messages and schedules its
    /// timers, which point back at the last event recorded.
    fn absorb<N: Node<Output = Output>>(
        &mut self,
        cause: Cause,
        node: impl Fn(&mut Self) -> &mut N,
        wrap: impl Fn(N::Timer) -> Action,
    ) {
        let mut taken = Taken::new(cause, std::mem::take(&mut self.sends));
        self.take_outputs(&mut taken, &node);
        self.carry_out(taken, node, wrap);
    }

    /// Records the events a node asked for and keeps its messages for [`Sim::carry_out`]
    /// (a node's events all come before its messages: [`Outbox::poll_output`]).
    fn take_outputs<N: Node<Output = Output>>(
        &mut self,
        taken: &mut Taken,
        node: impl Fn(&mut Self) -> &mut N,
    ) {
        while let Some(output) = node(self).poll_output() {
            match output {
                Output::Event(event) => taken.last = Some(self.record(&mut taken.cause, event)),
                Output::Send { link, message } => taken.sends.push((link, message)),
            }
        }
    }

    /// Sends the messages a node asked for and schedules its timers.
    fn carry_out<N: Node<Output = Output>>(
        &mut self,
        taken: Taken,
        node: impl Fn(&mut Self) -> &mut N,
        wrap: impl Fn(N::Timer) -> Action,
    ) {
        let Taken {
            cause,
            last,
            mut sends,
        } = taken;
        let next_cause = last.map_or(cause, Cause::After);
        for (link, message) in sends.drain(..) {
            if !self.lose_response(link.from, link.to, &message, cause) {
                self.transmit(link.from, link.to, message, next_cause);
            }
        }
        self.sends = sends;
        while let Some((at, timer)) = node(self).poll_timeout() {
            self.schedule(at, wrap(timer), next_cause);
        }
    }

    /// Schedules `action` at `at`. Items due at the same millisecond run in the order they were
    /// scheduled, except the steps of the follower fetch loops: they run after every other
    /// item due then, partition by partition in the partitions' order. A broker's replica
    /// fetchers and its request handlers are separate threads (apache/kafka
    /// `ReplicaFetcherThread`, `KafkaRequestHandler`), so this is one of the orders Kafka can
    /// take; it is the one that lets the engine hold a quiet partition's loops aside and know
    /// where their steps fall among the others (`fold`).
    #[inline]
    fn schedule(&mut self, at: Millis, action: Action, cause: Cause) {
        let rank = action
            .fetch_loop_partition()
            .map_or(0, |tp| self.cluster.partition_rank(tp));
        self.scheduler.schedule(at, rank, (action, cause));
    }

    /// Sends a message: it arrives after the network's delay on its link. Every message
    /// between nodes goes this way; a client's carries its connection's epoch (`faults`).
    fn transmit(&mut self, from: NodeId, to: NodeId, message: Message, cause: Cause) {
        let at = self.network.arrival(from, to, self.now);
        let epoch = match (from, to) {
            (NodeId::Broker(_), _) => 0,
            (client, NodeId::Broker(broker)) => self.connection_epoch(client, broker),
            _ => 0,
        };
        let deliver = Action::Deliver {
            from,
            to,
            message,
            epoch,
        };
        self.schedule(at, deliver, cause);
    }

    /// Schedules a triggered command.
    fn fire(&mut self, at: Millis, command: Command) {
        self.triggered += 1;
        self.schedule(at, Action::Triggered(command), Cause::Command);
    }

    /// Appends an event to the trace and returns its sequence number; a program statement
    /// becomes the cause of what follows it. An armed [`Command::After`] it matches fires.
    /// The rare armed commands are kept apart ([`Sim::fire_armed`]), so that recording an
    /// event stays short (a burst records eight per message).
    fn record(&mut self, cause: &mut Cause, event: Event) -> u64 {
        if let Event::LineExecuted { process, line } = event {
            *cause = Cause::Line {
                process: LineProcess::new(process),
                line,
            };
        }
        if !self.armed.is_empty() {
            self.fire_armed(&event);
        }
        let seq = self.trace.len() as u64;
        let entry = TraceEntry {
            time: self.now,
            seq,
            cause: *cause,
            event,
        };
        // Folded where the trace holds it: a copy of the entry for the fold showed in a burst.
        self.projection.fold(self.trace.push(entry));
        seq
    }

    /// Fires the armed [`Command::After`]s that `event` matches.
    #[cold]
    fn fire_armed(&mut self, event: &Event) {
        if self.armed.iter().any(|(t, _, _)| t.matches(event)) {
            let (due, armed) = std::mem::take(&mut self.armed)
                .into_iter()
                .partition::<Vec<_>, _>(|(t, _, _)| t.matches(event));
            self.armed = armed;
            for (_, wait_ms, command) in due {
                self.fire(self.now + wait_ms, command);
            }
        }
    }
}
