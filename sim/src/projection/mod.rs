//! Projections: what the views show of a run, owned by the model and folded event by event as
//! the trace grows, so that no view replays the trace. [`crate::engine::Sim`] folds every event
//! it records into its own [`Projection`]; a view that shows the run at an earlier entry folds
//! the trace up to it ([`Projection::of`], or [`Projection::fold`] from a snapshot's).
//!
//! What it holds: each producer's queue, its requests in flight and the delivery reports
//! waiting for `poll()` ([`producer`]); what became of the produced messages (acknowledged,
//! served, failed, appended); the consumers' processed records, the groups' committed offsets
//! and the member ids the clients forgot ([`group`]). What depends on the logs (copies in the
//! leader's log, losses) is answered with the cluster's state at the same moment.

pub mod group;
pub mod offsets;
pub mod producer;

use crate::cluster::Cluster;
use crate::trace::{Event, TraceEntry};
use group::Groups;
use producer::{LogCounts, Producers};

/// Everything the views read of a run, as of the last entry folded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Projection {
    /// How many trace entries are folded in: the projection stands right after entry
    /// `folded - 1`.
    folded: u64,
    producers: Producers,
    groups: Groups,
    /// `error_cb` events librdkafka queued (a broker unreachable), served or not.
    client_errors: u64,
}

impl Projection {
    /// The projection of `trace` (folded from the start).
    pub fn of(trace: &[TraceEntry]) -> Projection {
        let mut projection = Projection::default();
        trace.iter().for_each(|entry| projection.fold(entry));
        projection
    }

    /// Folds in the next trace entry. A program's statements, most of a burst's entries,
    /// change nothing here: they are counted without a call.
    #[inline]
    pub fn fold(&mut self, entry: &TraceEntry) {
        debug_assert_eq!(entry.seq, self.folded, "entries are folded in order");
        self.folded += 1;
        if !matches!(entry.event, Event::LineExecuted { .. }) {
            self.fold_event(&entry.event);
        }
    }

    fn fold_event(&mut self, event: &Event) {
        if let Event::ClientError { .. } = event {
            self.client_errors += 1;
        }
        self.producers.fold(event);
        self.groups.fold(event);
    }

    /// How many trace entries are folded in.
    pub fn folded(&self) -> u64 {
        self.folded
    }

    /// The producers' queues and what became of their messages.
    pub fn producers(&self) -> &Producers {
        &self.producers
    }

    /// The consumer groups: committed offsets, processed records, member ids.
    pub fn groups(&self) -> &Groups {
        &self.groups
    }

    /// Errors queued for `error_cb`, served or not.
    pub fn client_errors(&self) -> u64 {
        self.client_errors
    }

    /// What the leaders' logs hold of the produced messages, with `cluster` at this moment.
    pub fn log_counts(&self, cluster: &Cluster) -> LogCounts {
        self.producers.log_counts(cluster)
    }
}
