//! Quiet follower fetch loops, folded: a follower that has everything its leader has long-polls
//! (apache/kafka `ReplicaFetcherThread` with `replica.fetch.wait.max.ms`, the leader's
//! `DelayedFetch`), so an idle partition costs one round per wait: park at the leader, expire,
//! answer empty, fetch again. Those rounds change nothing but the leader's view of when the
//! follower last fetched, record no event and send nothing anybody else reads, so the engine
//! may skip a stretch of them and set their state in closed form: the leader's
//! [`FollowerProgress`](super::FollowerProgress) as of the last fetch before the stretch ends,
//! the follower's high watermark, the parked fetch, and the loop's next step at its exact time.
//!
//! The engine holds a quiet partition's loops out of its agenda and folds them up to the
//! next item that may touch the partition (a produce, a crash, the end of a run: the engine's
//! `fold`), so whatever that item does or reads sees exactly the state the rounds would have
//! left. A partition's loop steps due at the same millisecond run in the order they were
//! scheduled; [`order_folded`] reproduces that order for the steps a fold schedules.

use super::partition::{ParkedFetch, Partition};
use super::{Cluster, ClusterTimer};
use crate::TopicPartition;
use crate::ids::Millis;
use crate::wire::{FetchRequest, FetchResponse, Message};
use std::cmp::Ordering;

/// Where a fetch loop's round is, in round order: its fetch parked at the leader (the expiry
/// timer pending), the empty answer on its way to the follower, the follower's fetch delay,
/// the next fetch on its way to the leader. A follower without a delay fetches again as it
/// handles the answer (`handle_fetch_response`): its Resting leg takes no time and has no step
/// in the agenda, and a fold passes through it at the answer's millisecond.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leg {
    Parked,
    Answered,
    Resting,
    Asking,
}

impl Leg {
    fn index(self) -> usize {
        self as usize
    }

    fn next(self) -> Self {
        [Leg::Answered, Leg::Resting, Leg::Asking, Leg::Parked][self.index()]
    }

    fn previous(self) -> Self {
        [Leg::Asking, Leg::Parked, Leg::Answered, Leg::Resting][self.index()]
    }
}

/// A step of a quiet partition's fetch loop waiting in the engine's agenda.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoopStep {
    pub leader: i32,
    pub follower: i32,
    pub leg: Leg,
}

/// What an agenda item of the cluster is to the folding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Quiet {
    /// A step of a quiet fetch loop.
    Loop(LoopStep),
    /// The expiry of a fetch answered meanwhile: firing, it does nothing.
    Spent,
    /// Anything else: folding stops before it.
    Busy,
}

/// A loop's round in milliseconds: how long each leg lasts, from the step of that leg to the
/// next step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cadence {
    legs: [Millis; 4],
}

impl Cadence {
    pub fn period(&self) -> Millis {
        self.legs.iter().sum()
    }

    fn after(&self, leg: Leg) -> Millis {
        self.legs[leg.index()]
    }
}

/// A loop folded up to a horizon: its next step, and the original step it was folded from.
/// The message of its next step is built once its place is known ([`Folded::item`]).
#[derive(Clone, Debug)]
pub struct Folded {
    pub at: Millis,
    pub leg: Leg,
    /// When the last step folded would have run.
    pub last_run: Millis,
    from_at: Millis,
    from_leg: Leg,
    /// The original step's place in the agenda among the folded ones.
    rank: usize,
    cadence: Cadence,
    /// What the next step carries.
    step: LoopStep,
    tp: TopicPartition,
    session: u64,
    end: i64,
    leader_epoch: i32,
    park: u64,
}

/// The quiet check of each partition a fold asked about: a fold classifies every step at the
/// front of the agenda, and a partition's loops (one per follower) share the answer, which
/// cannot change while the fold only reads.
#[derive(Clone, Debug, Default)]
pub struct QuietMemo(Vec<(TopicPartition, bool)>);

impl QuietMemo {
    pub fn clear(&mut self) {
        self.0.clear();
    }

    fn get_or(&mut self, tp: &TopicPartition, check: impl FnOnce() -> bool) -> bool {
        if let Some(&(_, quiet)) = self.0.iter().find(|(known, _)| known == tp) {
            return quiet;
        }
        let quiet = check();
        self.0.push((tp.clone(), quiet));
        quiet
    }
}

/// A fetch loop's step as the engine holds it: a cluster timer or a message between brokers.
#[derive(Clone, Debug)]
pub enum LoopItem {
    Timer(ClusterTimer),
    Send {
        from: i32,
        to: i32,
        message: Message,
    },
}

impl LoopItem {
    /// The partition the step is about.
    fn into_tp(self) -> TopicPartition {
        match self {
            LoopItem::Timer(
                ClusterTimer::FetchWaitExpired { tp, .. } | ClusterTimer::SendFetch { tp, .. },
            )
            | LoopItem::Send {
                message:
                    Message::Fetch(FetchRequest { tp, .. })
                    | Message::FetchResponse(FetchResponse { tp, .. }),
                ..
            } => tp,
            // No payload: formatting it linked every wire message's `Debug` into the wasm.
            _ => unreachable!("not a fetch loop step"),
        }
    }
}

impl Cluster {
    /// Classifies a cluster timer for the folding, with the quiet checks made so far.
    pub fn quiet_timer(&self, timer: &ClusterTimer, memo: &mut QuietMemo) -> Quiet {
        match timer {
            ClusterTimer::FetchWaitExpired {
                leader,
                follower,
                tp,
                park,
            } => {
                let Some(p) = self.partitions.get(tp) else {
                    return Quiet::Busy;
                };
                match p.parked.get(follower) {
                    Some(parked) if parked.park == *park => {
                        let parked_quietly = p.leader == Some(*leader)
                            && p.sessions.get(follower) == Some(&parked.session)
                            && parked.fetch_offset == p.log_end_offset();
                        self.quiet_step(tp, p, *follower, memo, parked_quietly, Leg::Parked)
                    }
                    _ => Quiet::Spent,
                }
            }
            ClusterTimer::SendFetch {
                broker,
                tp,
                session,
            } => match self.partitions.get(tp) {
                Some(p) => {
                    let current = p.sessions.get(broker) == Some(session);
                    self.quiet_step(tp, p, *broker, memo, current, Leg::Resting)
                }
                None => Quiet::Busy,
            },
            _ => Quiet::Busy,
        }
    }

    /// Classifies a message between brokers for the folding.
    pub fn quiet_message(&self, from: i32, to: i32, message: &Message) -> Quiet {
        self.quiet_message_with(from, to, message, &mut QuietMemo::default())
    }

    /// [`Cluster::quiet_message`] with the quiet checks made so far.
    pub fn quiet_message_with(
        &self,
        from: i32,
        to: i32,
        message: &Message,
        memo: &mut QuietMemo,
    ) -> Quiet {
        match message {
            Message::Fetch(FetchRequest {
                session,
                follower,
                tp,
                fetch_offset,
                leader_epoch,
            }) if *follower == from => {
                let Some(p) = self.partitions.get(tp) else {
                    return Quiet::Busy;
                };
                let at_end = p.sessions.get(&from) == Some(session)
                    && p.leader == Some(to)
                    && *leader_epoch == p.leader_epoch
                    && *fetch_offset == p.log_end_offset();
                self.quiet_step(tp, p, from, memo, at_end, Leg::Asking)
            }
            Message::FetchResponse(FetchResponse {
                session,
                tp,
                leader_epoch,
                records,
                high_watermark,
            }) => {
                let Some(p) = self.partitions.get(tp) else {
                    return Quiet::Busy;
                };
                let empty = p.sessions.get(&to) == Some(session)
                    && p.leader == Some(from)
                    && *leader_epoch == p.leader_epoch
                    && records.is_empty()
                    && *high_watermark == p.log_end_offset();
                self.quiet_step(tp, p, to, memo, empty, Leg::Answered)
            }
            _ => Quiet::Busy,
        }
    }

    /// A step of `follower`'s loop on `tp` (`p`) in leg `leg`, if the step is the loop's
    /// (`in_loop`: its session, epoch and offsets are current) and the partition is quiet.
    fn quiet_step(
        &self,
        tp: &TopicPartition,
        p: &Partition,
        follower: i32,
        memo: &mut QuietMemo,
        in_loop: bool,
        leg: Leg,
    ) -> Quiet {
        match p.leader {
            Some(leader)
                if in_loop
                    && p.followers.contains_key(&follower)
                    && memo.get_or(tp, || self.is_quiet(p)) =>
            {
                Quiet::Loop(LoopStep {
                    leader,
                    follower,
                    leg,
                })
            }
            _ => Quiet::Busy,
        }
    }

    /// A partition is quiet when its rounds change nothing observable: a live leader with
    /// every record committed and no acks=all request waiting, and every follower up, in
    /// sync, holding the whole log, known by the leader to hold it, and fetching. A fetch then
    /// parks (nothing to return), expands no ISR and raises no high watermark; its empty
    /// answer brings the follower the leader's high watermark.
    fn is_quiet(&self, p: &Partition) -> bool {
        let up = |b: &i32| self.brokers.get(b).is_some_and(|b| b.up);
        let Some(log) = p.leader.filter(up).and_then(|l| p.logs.get(&l)) else {
            return false;
        };
        let end = log.end_offset();
        p.delayed.is_empty()
            && log.high_watermark() == end
            && p.followers.iter().all(|(f, progress)| {
                progress.end_offset == end
                    && p.logs[f].end_offset() == end
                    && p.sessions.contains_key(f)
                    && p.isr.contains(f)
                    && up(f)
            })
    }

    /// The round of `step`'s loop given the network's one-way latencies, or `None` if the
    /// round cannot be folded (jittered links, or a round of no time).
    pub fn cadence(
        &self,
        step: &LoopStep,
        latency: impl Fn(i32, i32) -> Option<Millis>,
    ) -> Option<Cadence> {
        let legs = [
            latency(step.leader, step.follower)?,
            self.brokers[&step.follower].fetch_delay_ms,
            latency(step.follower, step.leader)?,
            self.spec.replica_fetch_wait_max_ms,
        ];
        Some(Cadence { legs }).filter(|c| c.period() > 0)
    }

    /// Runs every step of a quiet loop due before `horizon`, from its step `item` due `at`, in
    /// closed form: sets the leader's view of the follower as of the last fetch, the
    /// follower's high watermark once an answer arrived, and the parked fetch; returns the
    /// loop's next step (at or after `horizon`). `rank` is the original step's place in the
    /// agenda among the steps folded together.
    pub fn fold_loop(
        &mut self,
        step: &LoopStep,
        item: LoopItem,
        at: Millis,
        cadence: Cadence,
        horizon: Millis,
        rank: usize,
    ) -> Folded {
        let run = Rounds::before(step.leg, at, cadence, horizon);
        self.next_id += 1;
        let park = self.next_id;
        let tp = item.into_tp();
        let p = self.partitions.get_mut(&tp).expect("known partition");
        let end = p.log_end_offset();
        let session = p.sessions[&step.follower];
        if let Some(fetched_at) = run.last_fetch {
            let progress = p.followers.get_mut(&step.follower).expect("a follower");
            progress.on_fetch(end, end, fetched_at);
        }
        if run.answered {
            p.logs
                .get_mut(&step.follower)
                .expect("a replica has a log")
                .set_high_watermark(end);
        }
        if run.leg == Leg::Parked {
            let parked = ParkedFetch {
                park,
                session,
                fetch_offset: end,
            };
            p.parked.insert(step.follower, parked);
        } else {
            p.parked.remove(&step.follower);
        }
        Folded {
            at: run.next,
            leg: run.leg,
            last_run: run.last_run,
            from_at: at,
            from_leg: step.leg,
            rank,
            cadence,
            step: *step,
            session,
            end,
            leader_epoch: p.leader_epoch,
            park,
            tp,
        }
    }

    /// What the leader of `tp` knows of the follower of a quiet loop, from its step due `at`,
    /// as of `horizon`: when it last fetched (the ISR check reads it). The rest of the loop's
    /// state is left to [`Cluster::fold_loop`].
    pub fn note_quiet_fetches(
        &mut self,
        tp: &TopicPartition,
        step: &LoopStep,
        at: Millis,
        cadence: Cadence,
        horizon: Millis,
    ) {
        let run = Rounds::before(step.leg, at, cadence, horizon);
        if let (Some(fetched_at), Some(p)) = (run.last_fetch, self.partitions.get_mut(tp)) {
            let end = p.log_end_offset();
            if let Some(progress) = p.followers.get_mut(&step.follower) {
                progress.on_fetch(end, end, fetched_at);
            }
        }
    }
}

/// A quiet loop's steps due before a horizon, from one due `at` in `leg`.
struct Rounds {
    /// The next step: when and in which leg.
    next: Millis,
    leg: Leg,
    /// When the last step before the horizon would have run.
    last_run: Millis,
    /// When the last fetch among them arrived, if one did.
    last_fetch: Option<Millis>,
    /// Whether an answer among them reached the follower.
    answered: bool,
}

impl Rounds {
    fn before(leg: Leg, at: Millis, cadence: Cadence, horizon: Millis) -> Self {
        let period = cadence.period();
        let rounds = horizon.saturating_sub(at + 1) / period;
        let (mut t, mut leg) = (at + rounds * period, leg);
        // Whole rounds pass every leg: the last fetch arrived in the last of them.
        let mut last_fetch =
            (rounds > 0).then(|| t - period + until_leg(&cadence, leg, Leg::Asking));
        let mut answered = rounds > 0;
        let mut last_run = t;
        while t < horizon {
            last_run = t;
            if leg == Leg::Asking {
                last_fetch = Some(t);
            }
            answered |= leg == Leg::Answered;
            t += cadence.after(leg);
            leg = leg.next();
        }
        Self {
            next: t,
            leg,
            last_run,
            last_fetch,
            answered,
        }
    }
}

impl Folded {
    /// The loop's next step, due at [`Folded::at`].
    pub fn item(&self) -> LoopItem {
        let LoopStep {
            leader, follower, ..
        } = self.step;
        let (tp, session, end, leader_epoch) =
            (self.tp.clone(), self.session, self.end, self.leader_epoch);
        match self.leg {
            Leg::Parked => LoopItem::Timer(ClusterTimer::FetchWaitExpired {
                leader,
                follower,
                tp,
                park: self.park,
            }),
            Leg::Answered => LoopItem::Send {
                from: leader,
                to: follower,
                message: Message::FetchResponse(FetchResponse {
                    session,
                    tp,
                    leader_epoch,
                    records: Vec::new(),
                    high_watermark: end,
                }),
            },
            Leg::Resting => LoopItem::Timer(ClusterTimer::SendFetch {
                broker: follower,
                tp,
                session,
            }),
            Leg::Asking => LoopItem::Send {
                from: follower,
                to: leader,
                message: Message::Fetch(FetchRequest {
                    session,
                    follower,
                    tp,
                    fetch_offset: end,
                    leader_epoch,
                }),
            },
        }
    }
}

/// How long from a step of leg `from` to the next step of leg `to` (0 when they are equal).
fn until_leg(cadence: &Cadence, from: Leg, to: Leg) -> Millis {
    let mut leg = from;
    let mut ms = 0;
    while leg != to {
        ms += cadence.after(leg);
        leg = leg.next();
    }
    ms
}

/// The agenda order of two folded steps due at the same time: the order in which they were
/// scheduled. A step is scheduled when its loop's previous step runs, so the one whose
/// previous step ran first comes first, and previous steps due together compare the same way
/// back to the original steps, which were scheduled before any step of the fold and keep
/// their agenda order (`rank`).
pub fn order_folded(a: &Folded, b: &Folded) -> Ordering {
    debug_assert_eq!(a.at, b.at);
    // Loops folded from steps due together in the same leg stay tied back to those steps
    // (the loops of one partition, answered together): their agenda order decides.
    if (a.cadence, a.leg, a.from_at, a.from_leg) == (b.cadence, b.leg, b.from_at, b.from_leg) {
        return a.rank.cmp(&b.rank);
    }
    let (mut t, mut leg_a, mut leg_b) = (a.at, a.leg, b.leg);
    loop {
        let original_a = (t, leg_a) == (a.from_at, a.from_leg);
        let original_b = (t, leg_b) == (b.from_at, b.from_leg);
        if original_a || original_b {
            return (!original_a, a.rank).cmp(&(!original_b, b.rank));
        }
        // Loops in step stay tied round after round: go back whole rounds at once.
        let period = a.cadence.period();
        if a.cadence == b.cadence && leg_a == leg_b {
            let rounds = (t - a.from_at.max(b.from_at)) / period;
            if rounds > 1 {
                t -= (rounds - 1) * period;
                continue;
            }
        }
        let (prev_a, prev_b) = (leg_a.previous(), leg_b.previous());
        let (ta, tb) = (t - a.cadence.after(prev_a), t - b.cadence.after(prev_b));
        if ta != tb {
            return ta.cmp(&tb);
        }
        (t, leg_a, leg_b) = (ta, prev_a, prev_b);
    }
}
