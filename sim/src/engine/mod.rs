//! The simulation engine: a deterministic discrete-event simulation in virtual milliseconds.
//!
//! # Driving contract
//!
//! * Build a [`Sim`] from a [`Scenario`]: the cluster's shape, the topics, the client programs,
//!   the network, a faults timeline of `(time, Command)` and a seed.
//! * [`Sim::apply`] runs a [`Command`] now (`CrashBroker`, `RestartBroker`, `DropNextResponse`,
//!   `DelayFollower`, `StartProducer`); commands in the scenario's timeline run at their time.
//!   A dropped response is a broken connection: the request was processed, and the client
//!   sees every request in flight to that broker fail with `_TRANSPORT`.
//! * [`Sim::step`] processes the next scheduled item (a message arriving, a timer firing, a
//!   command falling due) and returns `false` when nothing is scheduled; [`Sim::run_until`]
//!   steps through everything due up to a time and then sets the clock to it.
//! * Everything that happens is appended to [`Sim::trace`] as [`Event`]s (past tense) with
//!   time, sequence number and cause. Query methods read the state: [`Sim::cluster`] (logs with
//!   log-end offset, high watermark, ISR, leader per replica), [`Sim::producer`] (queue length,
//!   requests in flight, console, current line) and [`Sim::accounting`].
//!
//! Items due at the same millisecond run in the order they were scheduled. Randomness comes
//! only from [`crate::rng::SimRng`] streams derived from the seed (`network`, `cluster`,
//! `producer-N`), so the same scenario gives the same trace. `Sim` is `Clone`: the UI can keep
//! snapshots, and stepping back is replaying from the start with the same seed.
//!
//! Nodes never call each other: a handler gets its input and an [`outbox::Outbox`] and returns
//! events, messages (delivered after the network's latency) and timers.

pub mod network;
pub mod outbox;
pub mod protocol;
pub mod scheduler;
mod sim;
pub mod trace;

pub use network::{NetworkSpec, NodeId};
pub use protocol::{KafkaError, MessageId};
pub use sim::{Command, ProducerSpec, Scenario, Sim};
pub use trace::{Cause, Event, Stream, TraceEntry};

/// Virtual time in milliseconds since the start of the run.
pub type Millis = u64;
