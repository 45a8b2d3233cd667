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
//! A run is made of nodes: the brokers, the group coordinator they host, producer clients and
//! consumer clients. Each is a sans-IO state machine, as quinn-proto's `Connection` is: it
//! never reads a clock, never sleeps and never sends; its driver (the [`engine::Sim`], or a
//! test) gives it its inputs and carries out what it asks, so that the driver decides all
//! timing and every fault. A node is driven by four calls:
//!
//! 1. `handle_message(now, from, message)`: a [`wire::Message`] from node `from` arrived.
//! 2. `handle_timeout(now)`: virtual time reached the node's deadline.
//! 3. `poll_timeout()`: the node's next deadline; the driver calls `handle_timeout` at it,
//!    and its answer may change after any call.
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
//! The nodes keep the names they were written with; how each spells the contract:
//!
//! | node | a message | a timeout | the next deadline | the outputs |
//! |---|---|---|---|---|
//! | brokers, [`cluster::Cluster`] | `on_message(broker, ..)` | `on_timer(timer, ..)` | timers in the [`outbox::Outbox`] | the `Outbox` passed in |
//! | coordinator, [`coordinator::Coordinator`] | `handle_request(now, connection, request)` | `handle_timeout(now)` | `poll_timeout()` | the returned `Vec<Output>` |
//! | producer, [`producer::ProducerProcess`] | `client.on_response`, `client.on_metadata`, `client.connection_lost` | `on_resume`, `on_reconnect`, `client.on_timer` | timers in the `Outbox` | the `Outbox` passed in |
//! | consumer, [`consumer::ConsumerProcess`] | `handle_coordinator`, `handle_log` | `handle_timeout(now)` | `poll_timeout()` | `take_outputs()` |
//!
//! Where they deviate: the brokers and the producer name each timer instead of keeping one
//! deadline (the driver keeps their timers in its agenda, which comes to the same); the
//! producer also runs `serve` after every input, and learns partition leaders only from its
//! own Metadata answers ([`producer::metadata`]), liveness from its connections (a crash, and
//! whether a reconnect succeeds, are inputs); the consumer's transport (where
//! a request goes, its retries, its connections) and the brokers' serving of consumer reads
//! are done by the engine for the consumer (`engine/sim/requests.rs`, `brokers.rs`,
//! `links.rs`), which also resolves destinations from the cluster's true metadata.

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
