//! The consumer nodes inside [`Sim`]: each consumer ([`NodeId::Consumer`]) runs a
//! [`ConsumerProcess`] by the consumer driving contract (`crate::consumer`). Its requests and
//! their answers travel as messages ([`super::requests`]); the brokers serve them
//! ([`super::brokers`]); its broker connections are [`super::links`].

use super::requests::{Flight, Pending};
use super::{Action, Command, ConsumerSpec, Sim};
use crate::TopicPartition;
use crate::collect::VecMap;
use crate::connection::{Connections, Handle};
use crate::consumer::{
    Accounting, ConsumerClient, ConsumerProcess, Output, Printed, ProcessState, ProgramEvent,
    accounting,
};
use crate::coordinator::{Coordinator, Group};
use crate::engine::placement;
use crate::ids::{Millis, Process};
use crate::node::{Node, Wake};
use crate::trace::{Cause, Event, MetadataReason};
use crate::wire::ConsumerRequest;

/// A consumer's timers.
#[derive(Clone, Debug)]
pub(super) enum ConsumerTimer {
    /// Its client's timers or its program's deadline (`ConsumerProcess::poll_timeout`).
    Wake,
    /// Failed requests may be sent again.
    Retry,
    /// Connect the handle again.
    Reconnect(Handle),
}

/// One consumer: `None`s until started.
#[derive(Clone, Debug, Default)]
pub(super) struct Slot {
    pub(super) process: Option<ConsumerProcess>,
    /// The time of its scheduled wake-up; an older one is stale.
    wake: Option<Millis>,
    /// Its broker connections.
    pub(super) links: Option<Connections>,
}

/// The consumers' side of the simulation.
#[derive(Clone, Debug)]
pub(super) struct Consumers {
    specs: Vec<ConsumerSpec>,
    pub(super) nodes: Vec<Slot>,
    /// The requests sent and not answered, by the number they were sent with.
    pub(super) flights: VecMap<u64, Flight>,
    pub(super) next_request: u64,
    /// Requests waiting to be sent (again), in the order they failed.
    pub(super) pending: Vec<Pending>,
    accounting: Accounting,
    pub(super) seed: u64,
}

impl Consumers {
    pub(super) fn new(specs: &[ConsumerSpec], seed: u64) -> Self {
        Self {
            specs: specs.to_vec(),
            nodes: vec![Slot::default(); specs.len()],
            flights: VecMap::new(),
            next_request: 0,
            pending: Vec::new(),
            accounting: Accounting::default(),
            seed,
        }
    }

    /// Every started program has ended, and none is waiting for its start time.
    pub(super) fn all_done(&self) -> bool {
        self.specs
            .iter()
            .zip(&self.nodes)
            .all(|(spec, node)| match &node.process {
                Some(p) => p.state() != ProcessState::Running,
                None => spec.start_at.is_none(),
            })
    }

    pub(super) fn spec(&self, consumer: usize) -> &ConsumerSpec {
        &self.specs[consumer]
    }
}

impl Sim {
    /// Consumer `consumer`'s process, once started.
    pub fn consumer(&self, consumer: usize) -> Option<&ConsumerProcess> {
        self.consumers.nodes.get(consumer)?.process.as_ref()
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
            let start = Action::Command(Command::StartConsumer { consumer: index });
            self.schedule(at.max(self.now), start, Cause::Start);
        }
        self.consumers.specs.push(spec);
        self.consumers.nodes.push(Slot::default());
        index
    }

    /// The group coordinator: every group's state, members and committed offsets.
    pub fn coordinator(&self) -> &Coordinator {
        self.brokers.coordinator()
    }

    pub fn group(&self, group_id: &str) -> Option<&Group> {
        self.brokers.coordinator().group(group_id)
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
                } if *c == consumer => Some((entry.time, *line, &**printed)),
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

    pub(super) fn start_consumer(&mut self, consumer: usize, mut cause: Cause) {
        let Some(spec) = self.consumers.specs.get(consumer) else {
            return;
        };
        if self.consumers.nodes[consumer].process.is_some() {
            return;
        }
        let metadata = self.cluster.metadata().partition_counts();
        let client = ConsumerClient::new(spec.config.clone(), metadata, self.now);
        let mut process = ConsumerProcess::new(client, &spec.program);
        self.record(&mut cause, Event::ConsumerStarted { consumer });
        Node::handle_timeout(&mut process, self.now, Wake);
        let label = format!("consumer-{consumer}");
        let mut links = Connections::new(self.consumers.seed, &label);
        links.start(self.now);
        let node = &mut self.consumers.nodes[consumer];
        node.process = Some(process);
        node.links = Some(links);
        self.collect(consumer, cause);
    }

    pub(super) fn interrupt_consumer(&mut self, consumer: usize, mut cause: Cause) {
        let now = self.now;
        if let Some(process) = self.process_mut(consumer) {
            process.interrupt(now);
            self.record(&mut cause, Event::ConsumerInterrupted { consumer });
            self.collect(consumer, cause);
        }
    }

    pub(super) fn stop_consumer(&mut self, consumer: usize, mut cause: Cause) {
        if let Some(process) = self.process_mut(consumer) {
            process.stop();
            self.record(&mut cause, Event::ConsumerStopRequested { consumer });
            self.collect(consumer, cause);
        }
    }

    pub(super) fn kill_consumer(&mut self, consumer: usize, mut cause: Cause) {
        if let Some(process) = self.process_mut(consumer) {
            process.kill();
            self.record(&mut cause, Event::ConsumerKilled { consumer });
            self.collect(consumer, cause);
        }
    }

    pub(super) fn on_consumer_timer(
        &mut self,
        consumer: usize,
        timer: ConsumerTimer,
        cause: Cause,
    ) {
        let now = self.now;
        match timer {
            ConsumerTimer::Wake => {
                let node = &mut self.consumers.nodes[consumer];
                if node.wake != Some(now) {
                    return;
                }
                node.wake = None;
                let mut refresh = false;
                if let Some(process) = &mut node.process {
                    if process.client.metadata_refresh_due(now) {
                        process.client.metadata_requested(now);
                        refresh = true;
                    }
                    Node::handle_timeout(process, now, Wake);
                }
                self.collect(consumer, cause);
                if refresh {
                    let request = ConsumerRequest::Metadata(MetadataReason::Periodic);
                    self.send_request(consumer, request, cause);
                }
            }
            ConsumerTimer::Retry => {}
            ConsumerTimer::Reconnect(handle) => self.reconnect(consumer, handle, cause),
        }
    }

    fn process_mut(&mut self, consumer: usize) -> Option<&mut ConsumerProcess> {
        self.consumers.nodes.get_mut(consumer)?.process.as_mut()
    }

    pub(super) fn running(&self, consumer: usize) -> bool {
        self.consumers.nodes[consumer]
            .process
            .as_ref()
            .is_some_and(|p| p.state() == ProcessState::Running)
    }

    /// Traces and sends what consumer `consumer` produced ([`Node::poll_output`]), and arms
    /// its deadline when it moved ([`Node::poll_timeout`]).
    pub(super) fn collect(&mut self, consumer: usize, mut cause: Cause) {
        let Some(process) = self.process_mut(consumer) else {
            return;
        };
        let mut outputs = process.take_output_queue();
        let mut requests = Vec::new();
        let mut last = None;
        for output in outputs.drain(..) {
            let event = match output {
                Output::Coordinator(request) => {
                    requests.push(ConsumerRequest::Group(*request));
                    continue;
                }
                Output::Log(request) => {
                    requests.push(ConsumerRequest::Log(request));
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
        let process = self.process_mut(consumer).expect("started");
        process.reuse_output_queue(outputs);
        let wake = Node::poll_timeout(process);
        let next = last.map_or(cause, Cause::After);
        for request in requests {
            self.send_request(consumer, request, next);
        }
        let node = &mut self.consumers.nodes[consumer];
        if let Some(at) = wake.map(|(t, Wake)| t.max(self.now))
            && node.wake != Some(at)
        {
            node.wake = Some(at);
            let action = Action::Consumer(consumer, ConsumerTimer::Wake);
            self.schedule(at, action, next);
        }
    }
}
