//! The consumer as librdkafka (confluent-kafka-python) behaves, and the processes that run the
//! course's consumer programs against it.
//!
//! * [`client`]: one consumer instance as a sans-IO state machine, [`ConsumerClient`], a
//!   facade over one private module per concern: `membership` (the join state machine,
//!   JoinGroup/SyncGroup with the leader's assignor, LeaveGroup), `rebalance` (eager and
//!   cooperative rebalance ops), `heartbeat` (heartbeats and the session), `max_poll`
//!   (`max.poll.interval.ms`), `assignment` (assign/unassign, start positions, the offset
//!   store), `fetch` (the fetchers and `auto.offset.reset`), `commits` (commits and their
//!   results) and `queue` (the consumer queue and the answers to blocking calls).
//! * [`log`]: what the consumer asks of the partition leaders (the "log source").
//! * [`program`] and [`process`]: consumer programs as data and the consumer's table of calls,
//!   run in virtual time on the shared interpreter ([`crate::program`]).
//! * [`accounting`]: processed counts, duplicates, losses and lag.
//! * [`error`]: the errors a program sees.
//!
//! # Driving contract
//!
//! A driver owns one [`ConsumerProcess`] per running program (its [`ConsumerClient`] is
//! `process.client`) and gives each process its own connection to the coordinator. It:
//!
//! 1. calls `handle_timeout(now)` when virtual time reaches `poll_timeout()` (the program's
//!    own deadlines and the consumer's timers: heartbeat, auto-commit, the 500 ms
//!    `max.poll.interval.ms` check, a join backoff);
//! 2. delivers the coordinator's responses with `handle_coordinator(now, response)` and the
//!    leaders' answers to [`LogRequest`]s with `handle_log(now, response)`;
//! 3. after every call drains `take_outputs()`, in order: [`Output::Coordinator`] requests to
//!    the group coordinator, [`Output::Log`] requests to the partition's leader (which may
//!    hold an empty fetch up to its `max_wait_ms`), and events for the trace
//!    ([`Output::Event`] from the consumer, [`Output::Program`] from the program);
//! 4. commands: `interrupt(now)` is Ctrl+C (the program's `except`/`finally` run, so
//!    `close()`), `kill()` is a crash (nothing more is sent; the coordinator notices at the
//!    session timeout).
//!
//! `now` never decreases. The same contract is [`ConsumerProcess`]'s [`crate::node::Node`]
//! implementation (`node.rs`), through which the engine's `Sim` drives it
//! (`engine::sim::consumers`).

pub mod accounting;
mod assignment;
pub mod client;
mod commits;
mod fetch;
mod heartbeat;
mod max_poll;
mod membership;
mod node;
mod partition;
pub mod process;
pub mod program;
mod queue;
mod rebalance;

pub use crate::wire::{ClientError, ErrorKind};
pub use accounting::Accounting;
pub use client::{
    Answer, ClientEvent, CommitReason, CommitResult, CommitWhat, CommittedPartition,
    ConsumerClient, Delivery, JoinState, OFFSET_INVALID, Output, Rebalance, RebalanceKind, Served,
};
// `client.rs` imports the reads as `super::log` (until it moves to `crate::wire`).
pub use crate::wire::log::{LogEnd, LogRecord, LogRequest, LogResponse};
pub use process::{CallbackKind, ConsumerProcess, Printed, ProcessState, ProgramEvent};
pub use program::{Callbacks, Program, Stmt};
