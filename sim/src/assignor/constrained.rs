//! Java's sticky assignment when every member subscribes to the same topics
//! (KJ `AbstractStickyAssignor.ConstrainedAssignmentBuilder`): members keep their owned
//! partitions up to the quota, the rest are dealt round-robin to the members still short.
//!
//! Which members may keep `maxQuota` partitions depends on the `HashMap` iteration order of the
//! member ids, reproduced by [`super::java_hash`]. Rack-aware filling (KIP-881) is not modelled.

use super::java_owned::JavaClaims;
use super::order::java_str_cmp;
use super::{Assignment, Member, java_hash};
use crate::TopicPartition;
use crate::collect::{VecMap, sort_small_by};

pub fn assign(eligible: &[(String, i32)], members: &[Member], claims: &JavaClaims) -> Assignment {
    let total: usize = eligible.iter().map(|(_, n)| *n as usize).sum();
    let quota = Quota::new(total, members.len());
    let mut builder = Builder {
        quota,
        over_min: 0,
        assignment: members
            .iter()
            .map(|m| (m.id.as_str(), Vec::new()))
            .collect(),
        under_min: Vec::new(),
        exactly_min: Vec::new(),
    };
    let mut kept = Vec::new();
    for id in java_hash::member_order(members.iter().map(|m| m.id.as_str())) {
        kept.extend(builder.keep_owned(id, claims));
    }
    let unassigned: Vec<TopicPartition> = eligible
        .iter()
        .flat_map(|(topic, n)| (0..*n).map(move |p| TopicPartition::new(topic.as_str(), p)))
        .filter(|tp| !kept.contains(tp))
        .collect();
    sort_small_by(&mut builder.under_min, |a, b| java_str_cmp(a, b));
    sort_small_by(&mut builder.exactly_min, |a, b| java_str_cmp(a, b));
    builder.deal(&unassigned);
    builder
        .assignment
        .into_iter()
        .map(|(id, list)| (id.to_owned(), list))
        .collect()
}

/// floor and ceil of partitions per member, and how many members get the ceil.
struct Quota {
    min: usize,
    max: usize,
    expected_over_min: usize,
}

impl Quota {
    fn new(partitions: usize, members: usize) -> Self {
        Self {
            min: partitions / members,
            max: partitions.div_ceil(members),
            expected_over_min: partitions % members,
        }
    }
}

struct Builder<'a> {
    quota: Quota,
    over_min: usize,
    assignment: VecMap<&'a str, Vec<TopicPartition>>,
    under_min: Vec<&'a str>,
    exactly_min: Vec<&'a str>,
}

impl<'a> Builder<'a> {
    /// `assignOwnedPartitions` for one member: owned partitions sorted by (partition, topic),
    /// minus the multiply-claimed ones; all of them if under `minQuota`, `maxQuota` of them
    /// while members may still exceed `minQuota`, else `minQuota`. Returns what it keeps.
    fn keep_owned(&mut self, id: &'a str, claims: &JavaClaims) -> Vec<TopicPartition> {
        let mut owned = claims.owned.get(id).cloned().unwrap_or_default();
        sort_small_by(&mut owned, |a, b| {
            a.partition
                .cmp(&b.partition)
                .then_with(|| java_str_cmp(&a.topic, &b.topic))
        });
        owned.retain(|tp| !claims.multiply_claimed.contains(tp));
        let keep = if owned.len() < self.quota.min {
            self.under_min.push(id);
            owned.len()
        } else if owned.len() >= self.quota.max && self.over_min < self.quota.expected_over_min {
            self.over_min += 1;
            if self.over_min == self.quota.expected_over_min {
                self.exactly_min.clear();
            }
            self.quota.max
        } else {
            if self.over_min < self.quota.expected_over_min {
                self.exactly_min.push(id);
            }
            self.quota.min
        };
        owned.truncate(keep);
        self.assignment
            .get_mut(id)
            .expect("every member has a list")
            .extend(owned.iter().cloned());
        owned
    }

    /// `assignRoundRobin`: members under `minQuota` in turn (by id), then those at exactly
    /// `minQuota` one by one up to `maxQuota`.
    fn deal(&mut self, unassigned: &[TopicPartition]) {
        let mut next = 0;
        for tp in unassigned {
            let from_under = next < self.under_min.len() || !self.under_min.is_empty();
            let consumer = if next < self.under_min.len() {
                next += 1;
                self.under_min[next - 1]
            } else if !self.under_min.is_empty() {
                next = 1;
                self.under_min[0]
            } else if !self.exactly_min.is_empty() {
                self.exactly_min.remove(0)
            } else {
                // Java throws here; the quotas make it unreachable.
                break;
            };
            let list = self
                .assignment
                .get_mut(consumer)
                .expect("every member has a list");
            list.push(tp.clone());
            let count = list.len();
            if count == self.quota.min && from_under {
                next -= 1;
                self.under_min.remove(next);
                self.exactly_min.push(consumer);
            } else if count == self.quota.max {
                self.over_min += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_split_partitions_as_evenly_as_possible() {
        let q = Quota::new(7, 3);
        assert_eq!((q.min, q.max, q.expected_over_min), (2, 3, 1));
        let q = Quota::new(2, 3);
        assert_eq!((q.min, q.max, q.expected_over_min), (0, 1, 2));
    }
}
