//! Kafka Lab's simulator: a deterministic, sans-IO model of a Kafka cluster and of the
//! librdkafka clients that the ak03 course (confluent-kafka-python) uses.
//!
//! The model never reads a clock and never draws from global randomness: time is virtual
//! (milliseconds advanced by the caller) and every random choice comes from a seeded generator,
//! so the same seed and the same commands always give the same trace. It has no web dependency
//! and builds and tests natively; the web app and the `kafka-sim` command-line runner drive it.
//!
//! # Layers
//!
//! Each module uses only the ones above it in this list (`tests/module_layers.rs` checks it):
//!
//! * [`topic`], [`ids`], [`rng`], [`collect`]: names (time, nodes, processes, message and
//!   request numbers), the seeded random streams, small sorted collections.
//! * [`assignor`], [`partitioner`], [`config`], [`group`]: rules that need no messages.
//! * [`wire`]: every request and response, records and error codes.
//! * [`console`]: what the programs print, as data and as the text Python prints.
//! * [`trace`]: the events a run records, with their causes.
//! * [`outbox`]: what a handler asks its driver to do.
//! * [`connection`]: a client's broker connections and what `error_cb` hears of them.
//! * [`program`]: the interpreter that runs the course's Python programs, producers' and
//!   consumers' alike.
//! * The nodes: [`cluster`] (the brokers), [`coordinator`] (the group coordinator),
//!   [`producer`] and [`consumer`] (the librdkafka clients and the processes running the
//!   course's programs).
//! * [`engine`]: the discrete-event simulation that drives the nodes; [`scenario`]: runs from
//!   files.
//!
//! # The node contract
//!
//! A run is made of nodes: the brokers, the group coordinator they host, producer processes
//! and consumer processes. Each is a sans-IO state machine, as quinn-proto's `Connection` is:
//! it never reads a clock, never sleeps and never sends; its driver (the [`engine::Sim`], or a
//! test) gives it its inputs and carries out what it asks, so that the driver decides all
//! timing and every fault. Each implements one trait, [`node::Node`]:
//!
//! 1. `handle_message(now, route, message)`: a message arrived on `route` (who sent it, and
//!    to which broker for the cluster).
//! 2. `handle_timeout(now, timer)`: virtual time reached one of the node's timers.
//! 3. `poll_timeout()`: the next timer to arm, drained after every call.
//! 4. `poll_output()`: what the node wants done, drained after every call, in order: events
//!    for the trace ([`trace::Event`]) and messages, which the driver delivers after the
//!    network's delay with `handle_message` on their destination.
//!
//! `now` never decreases. Nothing else moves a node: a crash, a Ctrl+C or a program's start
//! is an input its driver gives it, and nodes never call each other. The engine sends every
//! message through one network path (`Sim::transmit`, then `Sim::deliver` by destination), so
//! the network's delays and faults apply to every message alike (`engine/sim/faults.rs`):
//! `DropNextResponse` eats a broker's next answer to any client, whatever its kind, and breaks
//! the connection, and a request on the wire when its connection breaks (the broker crashes,
//! or a response on it was lost) never reaches the broker, whichever client sent it.
//!
//! What each node's associated types are:
//!
//! | node | route | message | timer | output |
//! |---|---|---|---|---|
//! | brokers, [`cluster::Cluster`] | [`node::Link`] (from, to) | [`wire::Message`] | [`cluster::ClusterTimer`] | [`node::Output`] |
//! | coordinator, [`coordinator::Coordinator`] | [`coordinator::ConnectionId`] | [`coordinator::Request`] | [`node::Wake`] | [`coordinator::Output`] |
//! | producer, [`producer::ProducerProcess`] | [`node::Link`] | [`wire::Message`] | [`producer::ClientTimer`] | [`node::Output`] |
//! | consumer, [`consumer::ConsumerProcess`] | the answering broker | [`wire::ConsumerResponse`] | [`node::Wake`] | [`consumer::Output`] |
//!
//! Timers come in two kinds. The brokers and the producer name each timer they set, and
//! `poll_timeout` hands each one over: the engine keeps them in its agenda, so that what is due
//! at the same millisecond runs in the order it was scheduled (follower fetch loops' steps
//! last, partition by partition: `engine::Sim::schedule`; one deadline per node would
//! reorder such ties, and with them the trace). The coordinator and a consumer keep one
//! deadline, which `poll_timeout` answers as quinn-proto's does; the engine arms it when it
//! moved and drops a wake-up for a deadline that moved on.
//!
//! Where the engine does more than the contract: a node's own inputs besides messages and
//! timers go through `Cluster::input` and `ProducerProcess::input` (a crash, a restart, a
//! program's start, a broker going down, serving the producer's queues after every input),
//! whose effects the engine drains the same way; a producer program that has run many
//! statements in one input pauses (`ProducerProcess::paused`) so that the engine records its
//! events as it runs, and goes on at once (its messages and timers are taken when it stops,
//! so the trace is the one of an unpaused run); a producer's reconnect is answered by the
//! network (whether its broker is up: `ProducerProcess::on_reconnect`); the producer learns
//! partition leaders only from its own Metadata answers ([`producer::metadata`]). A
//! consumer's transport (where a request goes, its retries, its connections, the periodic
//! metadata refresh) and the brokers' serving of consumer reads and group requests (which
//! connection a coordinator answer goes back on) are done by the engine for the consumer
//! (`engine/sim/requests.rs`, `brokers.rs`, `links.rs`), which also resolves destinations
//! from the cluster's true metadata.

pub mod assignor;
pub mod cluster;
pub mod collect;
pub mod config;
pub mod connection;
pub mod console;
pub mod consumer;
pub mod coordinator;
pub mod engine;
pub mod ids;
pub mod invariants;
pub mod node;
pub mod outbox;
pub mod partitioner;
pub mod producer;
pub mod program;
pub mod projection;
pub mod rng;
pub mod scenario;
pub mod topic;
pub mod trace;
pub mod wire;

pub use topic::{Topic, TopicPartition};
