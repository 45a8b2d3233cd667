//! Cooperative incremental rebalancing (KIP-429): what the leader hands each member after the
//! assignor ran, and what each member then revokes and adds.

use super::java_owned::JavaClaims;
use super::order::rd_member_cmp;
use super::{Assignment, Client, Member};
use crate::TopicPartition;
use crate::collect::VecSet;

/// What each member receives in the SyncGroup response of a cooperative rebalance, given the
/// assignor's output `assigned`: a partition that changes owner is withheld from its new owner
/// until the old one has revoked it and the group has rebalanced again.
///
/// librdkafka (RD `src/rdkafka_cgrp.c`, `rd_kafka_cooperative_protocol_adjust_assignment`):
/// each list holds first the partitions the member keeps, then the ones nobody owned, then the
/// ones it owns that the assignor did not hand out at all ("unknown but owned": handed back).
/// Java (KJ `CooperativeStickyAssignor.adjustAssignment`): the assignor's lists minus the
/// partitions transferring ownership; unknown-but-owned partitions are dropped.
/// kafka-python (`kafka/coordinator/assignors/cooperative_sticky.py`,
/// `CooperativeStickyAssignor.assign`): a partition stays only when nobody owned it or this
/// member did, the owner being the last member in order that lists it (`currently_owned`).
pub fn cooperative_adjust(client: Client, assigned: &Assignment, members: &[Member]) -> Assignment {
    match client {
        Client::Librdkafka => librdkafka_adjust(assigned, members),
        Client::Java => java_adjust(assigned, members),
        Client::KafkaPython => members
            .iter()
            .map(|member| {
                let kept = assigned.get(&member.id).into_iter().flatten().filter(|tp| {
                    let owner = members.iter().rev().find(|m| m.owned.contains(tp));
                    owner.is_none_or(|o| o.id == member.id)
                });
                (member.id.clone(), kept.cloned().collect())
            })
            .collect(),
    }
}

/// The three sets of `rd_kafka_cooperative_protocol_adjust_assignment`, each read in the order
/// its partitions were first collected (members in array order, each list in order): the
/// `rd_map_t` copies reverse the insertion order twice. A partition listed twice keeps its first
/// place and its last member.
fn librdkafka_adjust(assigned: &Assignment, members: &[Member]) -> Assignment {
    let collect = |list_of: &dyn Fn(&Member) -> Vec<TopicPartition>| {
        let mut collected: Vec<(TopicPartition, &Member)> = Vec::new();
        for member in members {
            for tp in list_of(member) {
                match collected.iter_mut().find(|(p, _)| *p == tp) {
                    Some(entry) => entry.1 = member,
                    None => collected.push((tp, member)),
                }
            }
        }
        collected
    };
    let assigned_to = collect(&|m| assigned.get(&m.id).cloned().unwrap_or_default());
    let owned_by = collect(&|m| m.owned.clone());
    let owner = |tp: &TopicPartition| owned_by.iter().find(|(p, _)| p == tp).map(|(_, m)| *m);
    let is_assigned = |tp: &TopicPartition| assigned_to.iter().any(|(p, _)| p == tp);

    let mut delivered = super::empty_assignment(members);
    let mut deliver = |tp: &TopicPartition, member: &Member| {
        if let Some(list) = delivered.get_mut(&member.id) {
            list.push(tp.clone());
        }
    };
    // Still owned and staying with the same member (`rd_kafka_group_member_cmp` == 0).
    for (tp, assignee) in &assigned_to {
        if let Some(o) = owner(tp)
            && rd_member_cmp(o, assignee).is_eq()
        {
            deliver(tp, o);
        }
    }
    // Owned by nobody: ready to migrate.
    for (tp, assignee) in assigned_to.iter().filter(|(tp, _)| owner(tp).is_none()) {
        deliver(tp, assignee);
    }
    // Owned but not assigned: handed back to the owner.
    for (tp, o) in owned_by.iter().filter(|(tp, _)| !is_assigned(tp)) {
        deliver(tp, o);
    }
    delivered
}

/// `partitionsTransferringOwnership`: from the constrained builder when subscriptions are
/// equal (a partition assigned away from its valid owner, or claimed twice in one generation),
/// else `computePartitionsTransferringOwnership` (newly added to one member and revoked from
/// another). Each is removed from its new owner's list.
fn java_adjust(assigned: &Assignment, members: &[Member]) -> Assignment {
    let topics: VecSet<&str> = assigned
        .values()
        .flatten()
        .map(|tp| tp.topic.as_str())
        .collect();
    let eligible: Vec<(String, i32)> = topics.iter().map(|t| ((*t).to_owned(), 0)).collect();
    let claims = JavaClaims::resolve(&eligible, members);
    let assignee_of = |m: &Member| assigned.get(&m.id).cloned().unwrap_or_default();
    let revoked: VecSet<TopicPartition> = members
        .iter()
        .flat_map(|m| {
            let list = assignee_of(m);
            m.owned
                .iter()
                .filter(move |tp| !list.contains(tp))
                .cloned()
                .collect::<Vec<_>>()
        })
        .collect();
    let transferring = |member: &Member, tp: &TopicPartition| {
        if claims.all_subscriptions_equal {
            claims.multiply_claimed.contains(tp)
                || claims.owner(tp).is_some_and(|owner| owner != member.id)
        } else {
            !member.owned.contains(tp) && revoked.contains(tp)
        }
    };
    members
        .iter()
        .map(|m| {
            let kept = assignee_of(m)
                .into_iter()
                .filter(|tp| !transferring(m, tp))
                .collect();
            (m.id.clone(), kept)
        })
        .collect()
}

/// What a member does with the partitions it receives in a cooperative rebalance
/// (RD `rd_kafka_cgrp_handle_assignment_cooperative`; KJ `ConsumerCoordinator.onJoinComplete`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Increment {
    /// Owned but not received, in owned order: passed to `on_revoke` (incremental unassign).
    pub revoked: Vec<TopicPartition>,
    /// Received but not owned, in received order: passed to `on_assign` (incremental assign).
    pub added: Vec<TopicPartition>,
}

impl Increment {
    /// A member that revoked something rejoins at once, so that a second rebalance can hand
    /// the withheld partitions to their new owners.
    pub fn rejoin_required(&self) -> bool {
        !self.revoked.is_empty()
    }
}

/// The member-side difference between what it `owned` and what it `received`.
pub fn increment(owned: &[TopicPartition], received: &[TopicPartition]) -> Increment {
    Increment {
        revoked: owned
            .iter()
            .filter(|tp| !received.contains(tp))
            .cloned()
            .collect(),
        added: received
            .iter()
            .filter(|tp| !owned.contains(tp))
            .cloned()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp(p: i32) -> TopicPartition {
        TopicPartition::new("t", p)
    }

    #[test]
    fn increment_revokes_what_left_and_adds_what_came() {
        let inc = increment(&[tp(0), tp(1), tp(2)], &[tp(3), tp(1)]);
        assert_eq!(inc.revoked, [tp(0), tp(2)]);
        assert_eq!(inc.added, [tp(3)]);
        assert!(inc.rejoin_required());
        assert!(!increment(&[tp(0)], &[tp(0), tp(1)]).rejoin_required());
    }
}
