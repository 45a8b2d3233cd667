//! Folding the quiet follower fetch loops at the front of the agenda (`cluster::idle`).

use super::{Action, Sim};
use crate::cluster::{
    Cadence, ClusterTimer, Folded, LoopItem, LoopStep, Quiet, QuietMemo, order_folded,
};
use crate::ids::{Millis, NodeId};
use crate::trace::Cause;

/// A front item's loop step and round; `None` for the expiry of a fetch answered meanwhile.
type FrontStep = Option<(LoopStep, Cadence)>;

/// What a fold works in, kept from one fold to the next so that a fold allocates nothing: a
/// long run folds once per quiet stretch, after every produced message of Producer_05.
#[derive(Clone, Debug, Default)]
pub(super) struct FoldScratch {
    /// The agenda's front: each item's time, loop step and cause.
    front: Vec<(Millis, FrontStep, Cause)>,
    /// The loops' next steps, with their causes.
    folded: Vec<(Folded, Cause)>,
    /// `folded`'s indices in agenda order (sorting indices moves less than sorting steps).
    order: Vec<usize>,
    quiet: QuietMemo,
}

impl Sim {
    /// Folds the quiet follower fetch loops at the front of the agenda (`cluster::idle`): when
    /// a fetch's wait expires first, every loop step before the first other item (and not
    /// after `limit`) runs in closed form, and each loop's next step is scheduled at its exact
    /// time, in the order the rounds would have scheduled it. Expiries of fetches answered
    /// meanwhile, which do nothing, go.
    pub(super) fn fold_quiet_fetches(&mut self, limit: Millis) {
        if !matches!(
            self.scheduler.iter().next(),
            Some((
                _,
                (Action::Cluster(ClusterTimer::FetchWaitExpired { .. }), _)
            ))
        ) {
            return;
        }
        let mut scratch = std::mem::take(&mut self.fold_scratch);
        let horizon = self.scan_front(limit, &mut scratch);
        let taken = self.scheduler.pop_front(scratch.front.len());
        for (rank, ((at, step, cause), (action, _))) in
            scratch.front.drain(..).zip(taken).enumerate()
        {
            self.now = self.now.max(at);
            if let Some((step, cadence)) = step {
                let item = match action {
                    Action::Cluster(timer) => LoopItem::Timer(timer),
                    Action::Deliver {
                        from: NodeId::Broker(from),
                        to: NodeId::Broker(to),
                        message,
                        ..
                    } => LoopItem::Send { from, to, message },
                    other => unreachable!("not a fetch loop step: {other:?}"),
                };
                let fold = self
                    .cluster
                    .fold_loop(&step, item, at, cadence, horizon, rank);
                self.now = self.now.max(fold.last_run);
                scratch.folded.push((fold, cause));
            }
        }
        let FoldScratch { folded, order, .. } = &mut scratch;
        order.extend(0..folded.len());
        order.sort_by(|&i, &j| {
            let (a, b) = (&folded[i].0, &folded[j].0);
            a.at.cmp(&b.at).then_with(|| order_folded(a, b))
        });
        for &i in order.iter() {
            let (fold, cause) = &folded[i];
            let action = match fold.item() {
                LoopItem::Timer(timer) => Action::Cluster(timer),
                LoopItem::Send { from, to, message } => Action::Deliver {
                    from: NodeId::Broker(from),
                    to: NodeId::Broker(to),
                    message,
                    epoch: 0,
                },
            };
            self.scheduler.schedule(fold.at, (action, *cause));
        }
        folded.clear();
        order.clear();
        self.fold_scratch = scratch;
    }

    /// Reads the agenda's front into `scratch.front`, up to the first item that is no quiet
    /// loop step (or not before `limit`); returns the time before which the loops fold.
    fn scan_front(&self, limit: Millis, scratch: &mut FoldScratch) -> Millis {
        let latency = |a, b| self.network.latency(NodeId::Broker(a), NodeId::Broker(b));
        let memo = &mut scratch.quiet;
        memo.clear();
        let mut horizon = limit + 1;
        for (at, (action, cause)) in self.scheduler.iter() {
            let quiet = match action {
                Action::Cluster(timer) => self.cluster.quiet_timer(timer, memo),
                Action::Deliver {
                    from: NodeId::Broker(from),
                    to: NodeId::Broker(to),
                    message,
                    ..
                } => self.cluster.quiet_message_with(*from, *to, message, memo),
                _ => Quiet::Busy,
            };
            let foldable = match quiet {
                Quiet::Loop(step) => self
                    .cluster
                    .cadence(&step, latency)
                    .map(|c| Some((step, c))),
                Quiet::Spent => Some(None),
                Quiet::Busy => None,
            };
            match foldable {
                Some(step) if at < horizon => scratch.front.push((at, step, *cause)),
                _ => {
                    horizon = horizon.min(at);
                    break;
                }
            }
        }
        scratch.front.retain(|(at, _, _)| *at < horizon);
        horizon
    }
}
