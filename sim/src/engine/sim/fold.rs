//! Quiet partitions' follower fetch loops, held out of the agenda (`cluster::idle`).
//!
//! When a step of a quiet partition's fetch loop comes to the front of the agenda, every step
//! of that partition's loops waiting in the agenda is taken aside, and they stay aside, at no
//! cost, while the run goes on. Their rounds change nothing anything else reads, so they are
//! only caught up, in closed form ([`Cluster::fold_loop`](crate::cluster::Cluster)), before
//! an item that may touch the partition runs ([`Touch`]), and at the end of
//! [`Sim::run_until`] and [`Sim::run_until_done`], so that whoever reads the model between
//! runs sees exactly the state the rounds would have left.
//!
//! Where the caught-up steps fall is known without their history: loop steps due at a
//! millisecond run after every other item due then, partition by partition in the
//! partitions' order ([`Sim::schedule`]), so an item that touches a partition at `T` runs
//! after the partition's steps due before `T` and before those due at `T` (unless it was
//! scheduled at `T` by a later partition's step, which ran after them: [`Sim::horizon`]).

use super::{Action, Sim};
use crate::TopicPartition;
use crate::cluster::{
    Cadence, ClusterTimer, Folded, LoopItem, LoopStep, Quiet, QuietMemo, order_folded,
};
use crate::ids::{Millis, NodeId};
use crate::trace::Cause;
use crate::wire::{Message, ProduceRequest};

/// One loop step held aside: when it is due, what it is, and the cause it carries.
#[derive(Clone, Debug)]
struct HeldStep {
    at: Millis,
    step: LoopStep,
    cadence: Cadence,
    item: LoopItem,
    cause: Cause,
}

/// A partition's loop steps held aside, in agenda order; none when it is not held.
#[derive(Clone, Debug)]
struct Held {
    tp: TopicPartition,
    steps: Vec<HeldStep>,
}

/// The partitions held aside, and the working space of holding and catching up, kept so
/// that neither allocates once warm (a woken partition's entry is reused by the next hold).
#[derive(Clone, Debug, Default)]
pub(super) struct HeldLoops {
    partitions: Vec<Held>,
    /// How many of `partitions` are held.
    holding: usize,
    quiet: QuietMemo,
    /// The loop steps being taken aside: their agenda places, and what each is.
    places: Vec<usize>,
    found: Vec<(Millis, LoopStep, Cadence, Cause)>,
    /// Caught-up loops' next steps, with their causes, and their indices in agenda order.
    folded: Vec<(Folded, Cause)>,
    order: Vec<usize>,
}

/// Which held partitions an item may touch: what its handler may read or change of them.
enum Touch<'a> {
    Nothing,
    Partition(&'a TopicPartition),
    /// The ISR check: it reads when each follower last fetched.
    IsrCheck,
    Everything,
}

impl Sim {
    /// Takes aside the loops of the partition whose fetch is parked at the front of the
    /// agenda (its expiry is next), if the partition is quiet and every loop item of it
    /// waiting is a quiet step or the expiry of a fetch answered meanwhile (which does
    /// nothing: one at the front is dropped); returns whether the front changed. A loop spends
    /// most of its round parked, so its expiry is where it is found.
    pub(super) fn hold_quiet_loops(&mut self) -> bool {
        let Some((_, (front @ Action::Cluster(ClusterTimer::FetchWaitExpired { tp, .. }), _))) =
            self.scheduler.iter().next()
        else {
            return false;
        };
        let mut memo = std::mem::take(&mut self.held_loops.quiet);
        memo.clear();
        let quiet = self.quiet(front, &mut memo);
        let tp = tp.clone();
        let held = match quiet {
            Quiet::Loop(_) => self.hold(tp, &mut memo),
            Quiet::Spent => {
                self.scheduler.pop();
                true
            }
            Quiet::Busy => false,
        };
        self.held_loops.quiet = memo;
        held
    }

    /// Takes `tp`'s loop steps out of the agenda if they are all quiet; returns whether it did.
    fn hold(&mut self, tp: TopicPartition, memo: &mut QuietMemo) -> bool {
        let latency = |a, b| self.network.latency(NodeId::Broker(a), NodeId::Broker(b));
        let mut places = std::mem::take(&mut self.held_loops.places);
        let mut found = std::mem::take(&mut self.held_loops.found);
        let mut foldable = true;
        // The partition's loop items are among those of its rank (`Sim::schedule`).
        let rank = self.cluster.partition_rank(&tp);
        for (place, at, (action, cause)) in self.scheduler.of_rank(rank) {
            if action.fetch_loop_partition() != Some(&tp) {
                continue;
            }
            match self.quiet(action, memo) {
                Quiet::Loop(step) => match self.cluster.cadence(&step, latency) {
                    Some(cadence) => {
                        places.push(place);
                        found.push((at, step, cadence, *cause));
                    }
                    None => foldable = false,
                },
                Quiet::Spent => {}
                Quiet::Busy => foldable = false,
            }
            if !foldable {
                break;
            }
        }
        let mut loops = std::mem::take(&mut self.held_loops);
        if foldable {
            let taken = self.scheduler.take_places(&places);
            let slot = match loops.partitions.iter().position(|h| h.steps.is_empty()) {
                Some(slot) => slot,
                None => {
                    loops.partitions.push(Held {
                        tp: tp.clone(),
                        steps: Vec::new(),
                    });
                    loops.partitions.len() - 1
                }
            };
            let held = &mut loops.partitions[slot];
            held.tp = tp;
            held.steps.extend(found.drain(..).zip(taken).map(
                |((at, step, cadence, cause), (action, _))| HeldStep {
                    at,
                    step,
                    cadence,
                    item: loop_item(action),
                    cause,
                },
            ));
            loops.holding += 1;
        }
        places.clear();
        found.clear();
        (loops.places, loops.found) = (places, found);
        self.held_loops = loops;
        foldable
    }

    /// Catches up, before the item at the front of the agenda runs, the held partitions it
    /// may touch.
    pub(super) fn wake_touched_loops(&mut self) {
        if self.held_loops.holding == 0 {
            return;
        }
        let Some((at, (action, _))) = self.scheduler.iter().next() else {
            return;
        };
        let touched = match self.touch(action) {
            Touch::Nothing => return,
            Touch::Partition(tp) => Some(tp.clone()),
            Touch::IsrCheck => return self.note_quiet_fetches(at),
            Touch::Everything => None,
        };
        self.wake_loops(at, touched.as_ref());
    }

    /// Before an ISR check due `at`: the leaders learn when the held loops' followers last
    /// fetched, and the loops stay held, unless the check will find one of their followers
    /// lagging (apache/kafka `Partition.maybeShrinkIsr`: not caught up for
    /// `replica.lag.time.max.ms`, which a follower slowed down before its loop was held can
    /// be): that partition is caught up instead, as it leaves the ISR and is no longer quiet.
    fn note_quiet_fetches(&mut self, at: Millis) {
        let lag = self.cluster.spec().replica_lag_time_max_ms;
        let mut lagging = Vec::new();
        for held in &self.held_loops.partitions {
            if held.steps.is_empty() {
                continue;
            }
            let horizon = self.horizon(at, &held.tp);
            for s in &held.steps {
                self.cluster
                    .note_quiet_fetches(&held.tp, &s.step, s.at, s.cadence, horizon);
            }
            let shrinks = self.cluster.partition(&held.tp).is_some_and(|p| {
                p.followers
                    .values()
                    .any(|f| at.saturating_sub(f.last_caught_up_ms) > lag)
            });
            if shrinks {
                lagging.push(held.tp.clone());
            }
        }
        for tp in lagging {
            self.wake_loops(at, Some(&tp));
        }
    }

    /// Catches up every held partition as of `at` ([`Sim::horizon`]).
    pub(super) fn wake_all_loops(&mut self, at: Millis) {
        if self.held_loops.holding > 0 {
            self.wake_loops(at, None);
        }
    }

    /// Catches up the held loops of `only` (or of every partition) as of an item due `at`:
    /// each loop's steps before it run in closed form, and its next step is scheduled.
    fn wake_loops(&mut self, at: Millis, only: Option<&TopicPartition>) {
        let mut loops = std::mem::take(&mut self.held_loops);
        let mut last_run = self.now;
        for held in &mut loops.partitions {
            if held.steps.is_empty() || only.is_some_and(|tp| *tp != held.tp) {
                continue;
            }
            let horizon = self.horizon(at, &held.tp);
            let folded = &mut loops.folded;
            for (rank, held_step) in held.steps.drain(..).enumerate() {
                let HeldStep {
                    at,
                    step,
                    cadence,
                    item,
                    cause,
                } = held_step;
                let fold = self
                    .cluster
                    .fold_loop(&step, item, at, cadence, horizon, rank);
                if at < horizon {
                    last_run = last_run.max(fold.last_run);
                }
                folded.push((fold, cause));
            }
            loops.holding -= 1;
            let order = &mut loops.order;
            order.extend(0..folded.len());
            order.sort_by(|&i, &j| {
                let (a, b) = (&folded[i].0, &folded[j].0);
                a.at.cmp(&b.at).then_with(|| order_folded(a, b))
            });
            for &k in order.iter() {
                let (fold, cause) = &folded[k];
                let action = match fold.item() {
                    LoopItem::Timer(timer) => Action::Cluster(timer),
                    LoopItem::Send { from, to, message } => Action::Deliver {
                        from: NodeId::Broker(from),
                        to: NodeId::Broker(to),
                        message,
                        epoch: 0,
                    },
                };
                self.schedule(fold.at, action, *cause);
            }
            folded.clear();
            order.clear();
        }
        self.now = self.now.max(last_run);
        self.held_loops = loops;
    }

    /// Where the steps of `tp`'s loops stop being caught up for an item due `at`: the steps due
    /// before `at` ran before it, and so did those due at `at` if a later partition's loop
    /// step already ran at `at` (the item was scheduled by it, for the same millisecond).
    fn horizon(&self, at: Millis, tp: &TopicPartition) -> Millis {
        let later_ran = at == self.now && self.rank_run > self.cluster.partition_rank(tp);
        at + Millis::from(later_ran)
    }

    /// The folding's reading of a loop item.
    fn quiet(&self, action: &Action, memo: &mut QuietMemo) -> Quiet {
        match action {
            Action::Cluster(timer) => self.cluster.quiet_timer(timer, memo),
            Action::Deliver {
                from: NodeId::Broker(from),
                to: NodeId::Broker(to),
                message,
                ..
            } => self.cluster.quiet_message_with(*from, *to, message, memo),
            _ => Quiet::Busy,
        }
    }

    /// Which held partitions `action` may touch when it runs. Clients' own timers and
    /// messages touch none; a consumer's request and a metadata request only read leaders'
    /// logs and the cluster's shape, which held loops do not change; loop steps and produce
    /// expiries do nothing to a held partition; a produce request touches its partition; the
    /// ISR check reads when followers last fetched; anything else (a command, a fence, another
    /// message between brokers) may touch every partition.
    fn touch<'a>(&self, action: &'a Action) -> Touch<'a> {
        if action.fetch_loop_partition().is_some() {
            // A loop step touches its own partition only, and a held partition has no loop
            // item waiting but expiries of fetches answered meanwhile, which do nothing.
            return Touch::Nothing;
        }
        match action {
            Action::Client(..) | Action::Consumer(..) | Action::Broker(_) => Touch::Nothing,
            // A held partition has no produce request waiting (it is quiet), so the expiry
            // of one does nothing there.
            Action::Cluster(ClusterTimer::ProduceExpired { .. }) => Touch::Nothing,
            Action::Deliver {
                to: NodeId::Broker(_),
                message,
                ..
            } => match message {
                Message::ConsumerRequest { .. } | Message::Metadata(_) => Touch::Nothing,
                Message::Produce(ProduceRequest { tp, .. }) => Touch::Partition(tp),
                _ => Touch::Everything,
            },
            Action::Deliver { .. } => Touch::Nothing,
            Action::Cluster(ClusterTimer::IsrCheck) => Touch::IsrCheck,
            Action::Command(_) | Action::Triggered(_) | Action::Cluster(_) => Touch::Everything,
        }
    }
}

/// A loop step's agenda item as the cluster's folding takes it.
fn loop_item(action: Action) -> LoopItem {
    match action {
        Action::Cluster(timer) => LoopItem::Timer(timer),
        Action::Deliver {
            from: NodeId::Broker(from),
            to: NodeId::Broker(to),
            message,
            ..
        } => LoopItem::Send { from, to, message },
        // No payload: formatting it linked every wire message's `Debug` into the wasm.
        _ => unreachable!("not a fetch loop step"),
    }
}
