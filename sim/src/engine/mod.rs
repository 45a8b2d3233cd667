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
//!   response is a broken connection: the request was processed, and the client sees every
//!   request in flight to that broker fail with `_TRANSPORT`. [`Sim::append`] writes a record
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
//! Consumers are network nodes ([`NodeId::Consumer`]); how they reach the coordinator and the
//! partition leaders, and what a broker crash does to their requests, is described in
//! `sim/consumers.rs`; where a group's coordinator lives, in [`placement`].
//!
//! Items due at the same millisecond run in the order they were scheduled. Randomness comes
//! only from [`crate::rng::SimRng`] streams derived from the seed (`network`, `cluster`,
//! `producer-N`, `coordinator`), so the same scenario gives the same trace. `Sim` is `Clone`:
//! the UI can keep snapshots, and stepping back is replaying from the start with the same seed.
//!
//! Nodes never call each other: a handler gets its input and an [`outbox::Outbox`] and returns
//! events, messages (delivered after the network's latency) and timers.

pub mod network;
pub mod outbox;
pub mod placement;
pub mod protocol;
pub mod scheduler;
mod sim;
pub mod trace;
mod trigger;

pub use network::{NetworkSpec, NodeId};
pub use protocol::{KafkaError, MessageId};
pub use sim::{Command, ConsumerSpec, DIRECT_APPEND, ProducerSpec, Scenario, Sim};
pub use trace::{Cause, Event, MetadataReason, Process, Stream, TraceEntry};
pub use trigger::Trigger;

/// Virtual time in milliseconds since the start of the run.
pub type Millis = u64;
