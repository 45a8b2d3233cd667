//! One partition across its replicas: leader, leader epoch, in-sync replica set, each replica's
//! log, what the leader knows of its followers, and the produce requests waiting for acks=all.

use super::log::ReplicaLog;
use crate::collect::{VecMap, VecSet};
use crate::ids::Millis;
use crate::ids::RequestId;

/// What the leader knows of a follower from its fetches (apache/kafka `Replica.scala`,
/// `updateFetchStateOrThrow`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FollowerProgress {
    /// The follower's log-end offset, as its last fetch offset tells the leader.
    pub end_offset: i64,
    pub last_caught_up_ms: Millis,
    last_fetch_leader_end: i64,
    last_fetch_ms: Millis,
}

impl FollowerProgress {
    pub fn new(now: Millis) -> Self {
        Self {
            end_offset: 0,
            last_caught_up_ms: now,
            last_fetch_leader_end: 0,
            last_fetch_ms: now,
        }
    }

    /// A fetch at `fetch_offset` while the leader's log ends at `leader_end`: the follower is
    /// caught up now if it asked for the end, or as of its previous fetch if it has everything
    /// the leader had then (`Replica.updateFetchStateOrThrow`).
    pub fn on_fetch(&mut self, fetch_offset: i64, leader_end: i64, now: Millis) {
        if fetch_offset >= leader_end {
            self.last_caught_up_ms = self.last_caught_up_ms.max(now);
        } else if fetch_offset >= self.last_fetch_leader_end {
            self.last_caught_up_ms = self.last_caught_up_ms.max(self.last_fetch_ms);
        }
        self.end_offset = fetch_offset;
        self.last_fetch_leader_end = leader_end;
        self.last_fetch_ms = now;
    }
}

/// A produce request with acks=all waiting for the high watermark
/// (apache/kafka `DelayedProduce`, completed by `Partition.checkEnoughReplicasReachOffset`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DelayedProduce {
    pub client: usize,
    pub request: RequestId,
    pub base_offset: i64,
    /// The high watermark that acknowledges the batch: its last offset + 1.
    pub required_offset: i64,
}

/// A follower's fetch parked at the leader until data arrives or the wait expires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParkedFetch {
    pub park: u64,
    pub session: u64,
    pub fetch_offset: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partition {
    /// The assigned replicas, preferred leader first.
    pub replicas: Vec<i32>,
    pub leader: Option<i32>,
    pub leader_epoch: i32,
    pub isr: VecSet<i32>,
    pub min_insync_replicas: usize,
    pub logs: VecMap<i32, ReplicaLog>,
    pub followers: VecMap<i32, FollowerProgress>,
    pub parked: VecMap<i32, ParkedFetch>,
    pub delayed: Vec<DelayedProduce>,
    /// Each follower's current fetch session (a running fetch loop).
    pub sessions: VecMap<i32, u64>,
    /// Where the partition's fetch loop steps run among the items due at the same
    /// millisecond (`engine::Sim::schedule`): partitions in the order they were created, from 1.
    pub rank: u16,
}

impl Partition {
    /// The `count`th partition created (`rank`), on `replicas`, preferred leader first.
    pub fn new(replicas: Vec<i32>, min_insync_replicas: usize, now: Millis, count: usize) -> Self {
        let leader = replicas.first().copied();
        Self {
            isr: replicas.iter().copied().collect(),
            logs: replicas
                .iter()
                .map(|&b| (b, ReplicaLog::default()))
                .collect(),
            followers: replicas
                .iter()
                .skip(1)
                .map(|&b| (b, FollowerProgress::new(now)))
                .collect(),
            replicas,
            leader,
            leader_epoch: 0,
            min_insync_replicas,
            parked: VecMap::new(),
            delayed: Vec::new(),
            sessions: VecMap::new(),
            rank: u16::try_from(count).unwrap_or(u16::MAX),
        }
    }

    /// The leader's log, if there is a leader.
    pub fn leader_log(&self) -> Option<&ReplicaLog> {
        self.leader.and_then(|b| self.logs.get(&b))
    }

    /// The partition's high watermark: the leader's (0 while there is no leader).
    pub fn high_watermark(&self) -> i64 {
        self.leader_log().map_or(0, ReplicaLog::high_watermark)
    }

    pub fn log_end_offset(&self) -> i64 {
        self.leader_log().map_or(0, ReplicaLog::end_offset)
    }

    /// The high watermark the ISR allows: the smallest log end over the in-sync replicas
    /// (apache/kafka `Partition.maybeIncrementLeaderHW`).
    pub fn isr_high_watermark(&self) -> Option<i64> {
        let leader = self.leader?;
        self.isr
            .iter()
            .map(|b| {
                if *b == leader {
                    self.logs[b].end_offset()
                } else {
                    self.followers.get(b).map_or(0, |f| f.end_offset)
                }
            })
            .min()
    }

    /// The first in-sync replica in assignment order that `is_up`, other than `excluded`
    /// (apache/kafka `PartitionLeaderElectionAlgorithms.offlinePartitionLeaderElection`,
    /// with `unclean.leader.election.enable=false`).
    pub fn electable(&self, excluded: i32, is_up: impl Fn(i32) -> bool) -> Option<i32> {
        self.replicas
            .iter()
            .copied()
            .find(|&b| b != excluded && self.isr.contains(&b) && is_up(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_follower_is_caught_up_when_it_fetches_the_log_end() {
        let mut f = FollowerProgress::new(0);
        f.on_fetch(5, 10, 100);
        assert_eq!(f.last_caught_up_ms, 0);
        f.on_fetch(10, 10, 200);
        assert_eq!(f.last_caught_up_ms, 200);
    }

    #[test]
    fn having_what_the_leader_had_at_the_last_fetch_counts_from_that_fetch() {
        let mut f = FollowerProgress::new(0);
        f.on_fetch(5, 10, 100);
        f.on_fetch(10, 12, 300);
        assert_eq!(f.last_caught_up_ms, 100);
    }

    #[test]
    fn new_partitions_lead_on_the_first_replica_with_everybody_in_sync() {
        let p = Partition::new(vec![2, 3, 1], 2, 0, 1);
        assert_eq!(p.leader, Some(2));
        assert_eq!(p.isr.iter().copied().collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(p.isr_high_watermark(), Some(0));
        assert_eq!(p.electable(2, |_| true), Some(3));
        assert_eq!(p.electable(2, |b| b == 1), Some(1));
    }
}
