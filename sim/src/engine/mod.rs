//! The simulation engine: a deterministic discrete-event simulation in virtual milliseconds.
//!
//! # Driving contract
//!
//! * Build a [`Sim`] from a [`Scenario`]: the cluster's shape, the topics, the producer and
//!   consumer programs, the group coordinator's settings, the network, a faults timeline of
//!   `(time, Command)` and a seed.
//! * [`Sim::apply`] runs a [`Command`] now (`CrashBroker`, `RestartBroker`, `DropNextResponse`,
//!   `DelayFollower`, `AddPartitions` (CreatePartitions: consumers see the new partitions at
//!   their next metadata refresh and their group rebalances), `StartProducer`,
//!   `StartConsumer`, `InterruptConsumer` (Ctrl+C), `StopConsumer` (`running = False`),
//!   `KillConsumer`); commands in the scenario's timeline run at their time, and
//!   `After` runs one a while after a [`Trigger`] (a consumer closed...). A dropped
//!   response, of any kind, is a broken connection: the request was processed, and the
//!   client sees every request in flight to that broker fail with `_TRANSPORT`
//!   (`sim/faults.rs`). [`Sim::append`] writes a record
//!   straight into a leader's log (labs without a producer).
//! * [`Sim::step`] processes the next scheduled item (a message arriving, a timer firing, a
//!   command falling due) and returns `false` when nothing is scheduled; [`Sim::run_until`]
//!   steps through everything due up to a time and then sets the clock to it.
//! * Everything that happens is appended to [`Sim::trace`] as [`Event`]s (past tense) with
//!   time, sequence number and cause. A program statement, a producer's or a consumer's, is
//!   [`Event::LineExecuted`] with its [`Process`]. Query methods read the state:
//!   [`Sim::cluster`] (logs with log-end offset, high watermark, ISR, leader per replica),
//!   [`Sim::producer`] (queue length, requests in flight, console, current line),
//!   [`Sim::accounting`]; for consumers [`Sim::consumer`] (the process: current line, its
//!   client's assignment and positions), [`Sim::consumer_console`], [`Sim::group`]
//!   (state, generation, leader, members), [`Sim::coordinator_of`], [`Sim::committed`],
//!   [`Sim::lag`] and [`Sim::consumer_accounting`].
//!
//! Every message between nodes, a producer's, a follower's or a consumer's, is sent the same
//! way (`Sim::transmit`: the network's delay on its link, in order per link) and arrives as
//! one kind of scheduled item routed by its destination (`Sim::deliver`). Consumers are nodes
//! ([`NodeId::Consumer`]); where their requests go and what a broker crash does to them is
//! described in `sim/requests.rs`, how the brokers serve them in `sim/brokers.rs`, their
//! connections in `sim/links.rs`; where a group's coordinator lives, in [`placement`].
//!
//! Items due at the same millisecond run in the order they were scheduled, except the follower
//! fetch loops' steps, which run after the others, partition by partition (`Sim::schedule`;
//! it lets the engine hold quiet partitions' loops aside, `sim/fold.rs`). Randomness comes
//! only from [`crate::rng::SimRng`] streams derived from the seed (`network`, `cluster`,
//! `producer-N`, `coordinator`), so the same scenario gives the same trace. `Sim` is `Clone`:
//! the UI can keep snapshots, and stepping back is replaying from the start with the same seed.
//!
//! Nodes never call each other: the engine drives each through [`crate::node::Node`] (the
//! node contract of the crate docs, [`crate`]), and their outputs (events, messages, timers)
//! go through it.

pub mod network;
pub mod placement;
pub mod scheduler;
mod sim;
mod trigger;

pub use network::NetworkSpec;
pub use sim::{Command, ConsumerSpec, DIRECT_APPEND, ProducerSpec, Scenario, Sim};
pub use trigger::Trigger;

// The run's vocabulary, re-exported so that a driver needs only `engine`.
pub use crate::ids::{MessageId, Millis, NodeId, Process};
pub use crate::trace::{Cause, DroppedResponse, Event, MetadataReason, Stream, TraceEntry};
pub use crate::wire::{Api, KafkaError};
