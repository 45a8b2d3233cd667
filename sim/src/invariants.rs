//! The model's invariants as named properties: what Kafka guarantees, stated over a [`Sim`]
//! so that a test, the command-line runner or a view can check any run after any step.
//!
//! Each [`Property`] is a small function of the simulation and of its [`History`] (the few
//! facts a property needs from the past: messages acknowledged, the highest high watermarks,
//! the leaders' high watermarks at the last check). A [`Checker`] folds the trace entries
//! appended since its last check into that history and runs every property of [`ALL`]; it
//! costs the new trace entries plus the state, so it can run after every [`Sim::step`].
//! [`check`] checks a run once, from the start.

use crate::TopicPartition;
use crate::cluster::{Partition, Record};
use crate::collect::VecMap;
use crate::config::Acks;
use crate::consumer::ProcessState;
use crate::engine::{Event, MessageId, Millis, Sim};
use std::fmt;

/// A broken invariant: which property, when, and what (the partition, member or message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub property: &'static str,
    /// The virtual time of the check.
    pub time: Millis,
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} broken at {} ms: {}",
            self.property, self.time, self.detail
        )
    }
}

/// A named property of every run.
pub struct Property {
    pub name: &'static str,
    check: fn(&Sim, &History) -> Result<(), String>,
}

impl Property {
    /// Checks the property on `sim` as it is now.
    pub fn check(&self, sim: &Sim, history: &History) -> Result<(), Violation> {
        (self.check)(sim, history).map_err(|detail| Violation {
            property: self.name,
            time: sim.now(),
            detail,
        })
    }
}

/// Every property, in the order they are checked.
pub const ALL: &[Property] = &[
    Property {
        name: "trace_in_order",
        check: trace_in_order,
    },
    Property {
        name: "offsets_contiguous",
        check: offsets_contiguous,
    },
    Property {
        name: "isr_holds_the_leader",
        check: isr_holds_the_leader,
    },
    Property {
        name: "hw_within_isr_log_ends",
        check: hw_within_isr_log_ends,
    },
    Property {
        name: "isr_agrees_below_hw",
        check: isr_agrees_below_hw,
    },
    Property {
        name: "leader_hw_never_decreases",
        check: leader_hw_never_decreases,
    },
    Property {
        name: "committed_within_hw",
        check: committed_within_hw,
    },
    Property {
        name: "one_owner_per_partition_per_generation",
        check: one_owner_per_partition_per_generation,
    },
    Property {
        name: "one_fetcher_per_partition_per_generation",
        check: one_fetcher_per_partition_per_generation,
    },
    Property {
        name: "acks_all_loses_nothing",
        check: acks_all_loses_nothing,
    },
    Property {
        name: "idempotent_duplicates_nothing",
        check: idempotent_duplicates_nothing,
    },
];

/// What the properties need from the past of a run.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Trace entries already checked; the last check looks at `checked..folded`.
    checked: usize,
    folded: usize,
    /// Messages of acks=all producers not acknowledged yet, by the partition they were
    /// queued for.
    queued: VecMap<MessageId, TopicPartition>,
    /// Those a delivery report confirmed.
    acknowledged: VecMap<MessageId, TopicPartition>,
    /// The highest high watermark each partition has had.
    highest_hw: VecMap<TopicPartition, i64>,
    /// At the last check, each partition's (leader, leader epoch, high watermark), if led.
    leader_hw: VecMap<TopicPartition, Option<(i32, i32, i64)>>,
}

impl History {
    /// Takes in the trace entries appended since the last fold.
    fn fold(&mut self, sim: &Sim) {
        self.checked = self.folded;
        let new = &sim.trace()[self.folded..];
        self.folded = sim.trace().len();
        for entry in new {
            match &entry.event {
                Event::HighWatermarkAdvanced { tp, high_watermark } => {
                    let highest = self.highest_hw.entry(tp.clone()).or_insert(0);
                    *highest = (*highest).max(*high_watermark);
                }
                Event::MessageQueued { message, tp, .. } if acks_all(sim, message.client) => {
                    self.queued.insert(*message, tp.clone());
                }
                Event::MessagePartitioned { message, tp } => {
                    if let Some(queued) = self.queued.get_mut(message) {
                        *queued = tp.clone();
                    }
                }
                Event::DeliveryReportQueued {
                    message,
                    error: None,
                } => {
                    if let Some(tp) = self.queued.remove(message) {
                        self.acknowledged.insert(*message, tp);
                    }
                }
                _ => {}
            }
        }
    }

    /// Remembers the leaders' high watermarks for the next check.
    fn remember(&mut self, sim: &Sim) {
        for (tp, p) in sim.cluster().partitions() {
            let led = p.leader.map(|l| (l, p.leader_epoch, p.high_watermark()));
            match self.leader_hw.get_mut(tp) {
                Some(last) => *last = led,
                None => {
                    self.leader_hw.insert(tp.clone(), led);
                }
            }
        }
    }
}

/// Checks every property after each step of a run.
#[derive(Clone, Debug, Default)]
pub struct Checker {
    history: History,
}

impl Checker {
    /// Checks `sim` now, taking in what happened since the last call; the first violation.
    pub fn check(&mut self, sim: &Sim) -> Result<(), Violation> {
        self.history.fold(sim);
        let result = ALL.iter().try_for_each(|p| p.check(sim, &self.history));
        self.history.remember(sim);
        result
    }
}

/// Checks a run once, its whole trace and its state now.
pub fn check(sim: &Sim) -> Result<(), Violation> {
    Checker::default().check(sim)
}

fn acks_all(sim: &Sim, client: usize) -> bool {
    sim.producer(client)
        .is_some_and(|p| p.client.settings().acks == Acks::All)
}

fn idempotent(sim: &Sim, client: usize) -> bool {
    sim.producer(client)
        .is_some_and(|p| p.client.settings().enable_idempotence)
}

fn led(sim: &Sim) -> impl Iterator<Item = (&TopicPartition, &Partition, i32)> {
    sim.cluster()
        .partitions()
        .iter()
        .filter_map(|(tp, p)| Some((tp, p, p.leader?)))
}

/// The trace is a log: entry `i` has sequence number `i`, and time never goes back nor runs
/// ahead of the clock (the engine contract, `engine` module docs).
fn trace_in_order(sim: &Sim, history: &History) -> Result<(), String> {
    let trace = sim.trace();
    let start = history.checked.saturating_sub(1);
    for (i, pair) in trace[start..history.folded].windows(2).enumerate() {
        if pair[1].time < pair[0].time {
            return Err(format!("entry {} goes back in time", start + i + 1));
        }
    }
    for (i, entry) in trace.iter().enumerate().skip(history.checked) {
        if entry.seq != i as u64 || entry.time > sim.now() {
            return Err(format!(
                "entry {i} has seq {} at {} ms",
                entry.seq, entry.time
            ));
        }
    }
    Ok(())
}

/// Every replica's records have offsets 0, 1, 2... and its high watermark is within its log
/// (a Kafka log assigns consecutive offsets, `UnifiedLog.append`; `updateHighWatermark`
/// bounds the high watermark by the log end offset).
fn offsets_contiguous(sim: &Sim, _: &History) -> Result<(), String> {
    for (tp, p) in sim.cluster().partitions() {
        for (broker, log) in &p.logs {
            if let Some((i, r)) =
                (log.records().iter().enumerate()).find(|(i, r)| r.offset != *i as i64)
            {
                return Err(format!(
                    "{tp} on broker {broker}: record {i} has offset {}",
                    r.offset
                ));
            }
            if log.high_watermark() > log.end_offset() {
                return Err(format!(
                    "{tp} on broker {broker}: high watermark past the log end"
                ));
            }
        }
    }
    Ok(())
}

/// The ISR is a non-empty subset of the replicas and holds the leader (apache/kafka
/// `Partition.scala`: the leader is always in the ISR; KRaft's
/// `ReplicationControlManager.generateLeaderAndIsrUpdates` leaves a fenced broker that is
/// the last in-sync replica in the ISR, with no leader).
fn isr_holds_the_leader(sim: &Sim, _: &History) -> Result<(), String> {
    for (tp, p) in sim.cluster().partitions() {
        if p.isr.is_empty() || p.isr.iter().any(|b| !p.replicas.contains(b)) {
            return Err(format!(
                "{tp}: ISR {:?} of replicas {:?}",
                p.isr, p.replicas
            ));
        }
        if let Some(leader) = p.leader.filter(|l| !p.isr.contains(l)) {
            return Err(format!("{tp}: leader {leader} outside the ISR {:?}", p.isr));
        }
    }
    Ok(())
}

/// The leader's high watermark is at most every in-sync replica's log end offset
/// (apache/kafka `Partition.maybeIncrementLeaderHW`: the minimum log end over the ISR).
fn hw_within_isr_log_ends(sim: &Sim, _: &History) -> Result<(), String> {
    for (tp, p, _) in led(sim) {
        let hw = p.high_watermark();
        if let Some(b) = p.isr.iter().find(|b| p.logs[*b].end_offset() < hw) {
            let end = p.logs[b].end_offset();
            return Err(format!(
                "{tp}: high watermark {hw} past ISR member {b}'s log end {end}"
            ));
        }
    }
    Ok(())
}

/// Every in-sync replica holds the leader's records below the high watermark, the same
/// records in the same leader epochs (the committed prefix: KIP-101 and KIP-279 truncate only
/// what the leader does not have).
fn isr_agrees_below_hw(sim: &Sim, _: &History) -> Result<(), String> {
    for (tp, p, leader) in led(sim) {
        let hw = p.high_watermark() as usize;
        let committed = &p.logs[&leader].records()[..hw];
        for b in p.isr.iter() {
            let theirs = &p.logs[b].records()[..hw.min(p.logs[b].records().len())];
            let same =
                |a: &Record, b: &Record| a.message == b.message && a.leader_epoch == b.leader_epoch;
            if let Some(i) = committed.iter().zip(theirs).position(|(a, b)| !same(a, b)) {
                return Err(format!(
                    "{tp}: broker {b} differs from leader {leader} at offset {i}"
                ));
            }
        }
    }
    Ok(())
}

/// A leader's high watermark only moves forward (apache/kafka
/// `Partition.maybeIncrementLeaderHW`); it may be lower under a new leader (or leader epoch),
/// which starts from its own, possibly older, high watermark.
fn leader_hw_never_decreases(sim: &Sim, history: &History) -> Result<(), String> {
    for (tp, p, leader) in led(sim) {
        let Some(&Some((was_leader, epoch, hw))) = history.leader_hw.get(tp) else {
            continue;
        };
        let now = p.high_watermark();
        if (was_leader, epoch) == (leader, p.leader_epoch) && now < hw {
            return Err(format!(
                "{tp}: leader {leader}'s high watermark went from {hw} to {now}"
            ));
        }
    }
    Ok(())
}

/// A group's committed offset is at most the highest high watermark its partition had, and
/// at most the log end of the current leader, which holds every record below any high
/// watermark (consumers only read below the high watermark, KIP-101 keeps what was
/// committed; the course's consumers commit positions, never made-up offsets). It may pass
/// the current high watermark for a while: a new leader starts from its own high watermark,
/// which lags the old leader's by a fetch (apache/kafka `Partition.makeLeader`).
fn committed_within_hw(sim: &Sim, history: &History) -> Result<(), String> {
    for group in sim.coordinator().groups() {
        for (tp, p) in sim.cluster().partitions() {
            let Some(committed) = group.committed(tp).map(|c| c.offset) else {
                continue;
            };
            let highest = history.highest_hw.get(tp).copied().unwrap_or(0);
            if committed > highest {
                return Err(format!(
                    "group {} committed {committed} on {tp}, whose high watermark never passed {highest}",
                    group.id()
                ));
            }
            let end = p.leader_log().map(|l| l.end_offset());
            if end.is_some_and(|end| committed > end) {
                return Err(format!(
                    "group {} committed {committed} on {tp} past leader {:?}'s log end {end:?}",
                    group.id(),
                    p.leader
                ));
            }
        }
    }
    Ok(())
}

/// At the coordinator, no two members of a group hold one partition in the same generation,
/// counting members that stopped but still belong to the group (apache/kafka `ClassicGroup`:
/// the leader's SyncGroup assignment of one generation; KIP-429 moves a partition only after
/// its owner revoked it, in a later generation).
fn one_owner_per_partition_per_generation(sim: &Sim, _: &History) -> Result<(), String> {
    for group in sim.coordinator().groups() {
        let mut owners: VecMap<(i32, &TopicPartition), &str> = VecMap::new();
        for member in group.members() {
            let Some(assignment) = member.assignment() else {
                continue;
            };
            for tp in &assignment.partitions {
                if let Some(other) = owners.insert((assignment.generation, tp), member.id()) {
                    return Err(format!(
                        "group {}: {tp} owned by {other} and {} in generation {}",
                        group.id(),
                        member.id(),
                        assignment.generation
                    ));
                }
            }
        }
    }
    Ok(())
}

/// No two running consumers of a group fetch one partition while they are in the same
/// generation: each learns its generation from JoinGroup (librdkafka
/// `rd_kafka_cgrp_handle_JoinGroup`) and gives a partition up before another member of a
/// later generation gets it (eager: revoke before rejoining; cooperative: KIP-429). A member
/// may rejoin with its revoke still waiting for the program (a metadata change while it
/// waits: `rd_kafka_cgrp_revoke_all_rejoin` rejoins at once in WAIT_UNASSIGN_CALL); its
/// partitions stay assigned but paused until the program runs the callback, so only
/// partitions not paused count.
fn one_fetcher_per_partition_per_generation(sim: &Sim, _: &History) -> Result<(), String> {
    let mut owners: VecMap<(&str, i32, TopicPartition), usize> = VecMap::new();
    for i in 0..sim.consumer_count() {
        let Some(process) = sim
            .consumer(i)
            .filter(|p| p.state() == ProcessState::Running)
        else {
            continue;
        };
        let client = &process.client;
        let generation = client.generation();
        let Some(group) = client.config().group_id.as_deref() else {
            continue;
        };
        if generation < 0 || client.is_closed() {
            continue;
        }
        for tp in client
            .assignment()
            .into_iter()
            .filter(|tp| !client.is_paused(tp))
        {
            let key = (group, generation, tp.clone());
            if let Some(other) = owners.insert(key, i) {
                return Err(format!(
                    "group {group}: consumers {other} and {i} both fetch {tp} in generation {generation}"
                ));
            }
        }
    }
    Ok(())
}

/// An acks=all message that was acknowledged is in the current leader's log: only in-sync
/// replicas, which all have it, can be elected (`unclean.leader.election.enable=false`,
/// KIP-101 truncation keeps it).
fn acks_all_loses_nothing(sim: &Sim, history: &History) -> Result<(), String> {
    for (message, tp) in &history.acknowledged {
        let Some(log) = sim.cluster().partition(tp).and_then(Partition::leader_log) else {
            continue;
        };
        if log.records().iter().all(|r| r.message != *message) {
            return Err(format!(
                "{message:?} was acknowledged and is not in {tp}'s leader's log"
            ));
        }
    }
    Ok(())
}

/// An idempotent producer's message is at most once in any replica's log, and its messages
/// are in the order it produced them (KIP-98: the broker's sequence numbers reject
/// duplicates and gaps; librdkafka keeps per-partition order, `enable.idempotence`).
fn idempotent_duplicates_nothing(sim: &Sim, _: &History) -> Result<(), String> {
    for (tp, p) in sim.cluster().partitions() {
        for (broker, log) in &p.logs {
            let mut last: VecMap<usize, u64> = VecMap::new();
            for r in log
                .records()
                .iter()
                .filter(|r| idempotent(sim, r.message.client))
            {
                let previous = last.insert(r.message.client, r.message.number);
                if previous.is_some_and(|n| n >= r.message.number) {
                    return Err(format!(
                        "{tp} on broker {broker}: {:?} at offset {} after message {}",
                        r.message,
                        r.offset,
                        previous.unwrap_or_default()
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::TopicSpec;
    use crate::engine::Scenario;

    #[test]
    fn property_names_are_unique() {
        let mut names: Vec<_> = ALL.iter().map(|p| p.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
    }

    #[test]
    fn a_replicated_run_keeps_every_property() {
        let scenario = Scenario {
            topics: vec![TopicSpec::new("t", 2, 3)],
            ..Scenario::default()
        };
        let mut sim = Sim::new(scenario).unwrap();
        let mut checker = Checker::default();
        for i in 0..6 {
            let tp = TopicPartition::new("t", i % 2);
            sim.append(&tp, None, Some(b"v".as_slice().into()));
            sim.run_until(sim.now() + 700);
            checker.check(&sim).unwrap();
        }
        assert_eq!(check(&sim), Ok(()));
        let hw = |p: i32| {
            sim.cluster()
                .partition(&TopicPartition::new("t", p))
                .unwrap()
                .high_watermark()
        };
        assert_eq!((hw(0), hw(1)), (3, 3), "the followers caught up");
    }

    #[test]
    fn a_violation_names_its_property_and_time() {
        let v = Violation {
            property: "isr_holds_the_leader",
            time: 1_500,
            detail: "t-0: leader 2 outside the ISR {1}".into(),
        };
        assert_eq!(
            v.to_string(),
            "isr_holds_the_leader broken at 1500 ms: t-0: leader 2 outside the ISR {1}"
        );
    }
}
