//! kafka-python 3.0.12's assignors (`kafka/coordinator/assignors/`), as its leader runs them in
//! `ConsumerCoordinator._perform_assignment`: the shared range and roundrobin loops with
//! kafka-python's member order (`order::kafka_python_order`), and its port of the sticky
//! algorithm (`sticky/sticky_assignor.py`, `StickyAssignmentExecutor`) on the shared general
//! sticky code, with the pieces that are kafka-python's own here: how it reads previous
//! ownership and how it orders partitions when all subscriptions are identical.
//!
//! Every kafka-python assignor sorts each member's list before returning it
//! (`sorted(assignment.items())` with sorted partitions), so the lists come out by topic, then
//! partition. Its exceptions are answered with the line Python's traceback ends with.

use super::general::{PotentialConsumers, PotentialPartitions};
use super::{
    Arbitrary, AssignError, Client, Member, Outcome, Strategy, eligible_topics, general, range,
    roundrobin,
};
use crate::TopicPartition;
use crate::collect::{VecMap, sort_small_by, sort_small_by_key};
use std::cmp::Reverse;

/// `StickyAssignmentExecutor.balance` on a group without members: `SortedSet.last()` of an empty
/// set is `None`, and `_get_consumer_with_most_subscriptions` indexes it.
const NO_MEMBERS: &str = "TypeError: 'NoneType' object is not subscriptable";

/// Runs `strategy` as kafka-python's leader does for the cluster's `topics` and `members`.
pub fn run(
    strategy: Strategy,
    topics: &VecMap<String, i32>,
    members: &[Member],
) -> Result<Outcome, AssignError> {
    let client = Client::KafkaPython;
    let (mut assignment, arbitrary) = match strategy {
        Strategy::Range => (
            range::assign(client, &eligible_topics(topics, members), members),
            None,
        ),
        Strategy::RoundRobin => (
            roundrobin::assign(client, &eligible_topics(topics, members), members)?,
            None,
        ),
        Strategy::Sticky | Strategy::CooperativeSticky => {
            if members.is_empty() {
                return Err(AssignError::Raised(NO_MEMBERS.into()));
            }
            // The executor walks every topic of the metadata (`cluster.topics()`), subscribed
            // or not.
            let cluster: Vec<(String, i32)> = topics.iter().map(|(t, n)| (t.clone(), *n)).collect();
            let wire: Vec<Member> = members.iter().map(as_on_the_wire).collect();
            let general = general::assign(client, &cluster, &wire)?;
            (general.assignment, general.arbitrary)
        }
    };
    for list in assignment.values_mut() {
        sort_small_by(list, Ord::cmp);
    }
    Ok(Outcome {
        assignment,
        undefined: None,
        arbitrary,
    })
}

/// The member as the leader decodes it: owned partitions travel grouped by topic (the eager
/// sticky's `StickyAssignorUserData.previous_assignment`, the cooperative subscription's
/// `owned_partitions`), topics in the order of their first partition, so that is the order
/// `parse_member_metadata` flattens them back into.
fn as_on_the_wire(member: &Member) -> Member {
    let mut by_topic: Vec<(&str, Vec<TopicPartition>)> = Vec::new();
    for tp in &member.owned {
        match by_topic
            .iter_mut()
            .find(|(topic, _)| *topic == tp.topic.as_str())
        {
            Some((_, list)) => list.push(tp.clone()),
            None => by_topic.push((tp.topic.as_str(), vec![tp.clone()])),
        }
    }
    Member {
        owned: by_topic.into_iter().flat_map(|(_, list)| list).collect(),
        ..member.clone()
    }
}

/// `StickyAssignmentExecutor._initialize`: `partition_to_all_potential_consumers` holds every
/// partition of the metadata (an empty list for a topic nobody subscribes to), and each member
/// is added once per listing of a topic in its subscription, walked in the subscription's own
/// order (`consumer_to_all_potential_partitions`). Subscribed topics missing from the metadata
/// are skipped.
pub fn potential_maps<'a>(
    cluster: &[(String, i32)],
    members: &'a [Member],
) -> (PotentialConsumers<'a>, PotentialPartitions<'a>) {
    let partitions = |topic: &str| -> Vec<TopicPartition> {
        let count = cluster
            .iter()
            .find(|(t, _)| t == topic)
            .map_or(0, |(_, n)| *n);
        (0..count).map(|p| TopicPartition::new(topic, p)).collect()
    };
    let mut consumers: PotentialConsumers = cluster
        .iter()
        .flat_map(|(topic, _)| partitions(topic))
        .map(|tp| (tp, Vec::new()))
        .collect();
    let mut potential = PotentialPartitions::new();
    for member in members {
        let list = potential.entry(member.id.as_str()).or_default();
        for topic in &member.topics {
            for tp in partitions(topic) {
                list.push(tp.clone());
                if let Some(subscribers) = consumers.get_mut(&tp) {
                    subscribers.push(member.id.as_str());
                }
            }
        }
    }
    (consumers, potential)
}

/// Who owned what, as `StickyAssignmentExecutor._init_current_assignments` reads the members'
/// claims.
pub struct Claims<'a> {
    /// Each winning member's partitions, in the order the partitions were first claimed.
    pub lists: Vec<(&'a str, Vec<TopicPartition>)>,
    /// `previous_assignment`: the claimant of the second highest generation.
    pub previous: VecMap<TopicPartition, &'a str>,
    /// `is_fresh_assignment`: nobody claimed anything (a claim on a deleted topic counts).
    pub fresh: bool,
}

/// Claims are kept per partition as a dict of generation -> member. A later claim of a
/// generation already there is skipped, except generation 0, which is falsy in
/// `if member_metadata.generation and ...`: a later claimant of generation 0 replaces the
/// earlier. The highest generation owns the partition, the next highest was its previous owner.
pub fn claims(members: &[Member]) -> Claims<'_> {
    let mut by_partition: Vec<(&TopicPartition, Vec<(i32, &str)>)> = Vec::new();
    for member in members {
        let generation = member.generation_or_default();
        for tp in &member.owned {
            let claim = (generation, member.id.as_str());
            match by_partition.iter_mut().find(|(p, _)| *p == tp) {
                None => by_partition.push((tp, vec![claim])),
                Some((_, by_generation)) => {
                    match by_generation.iter_mut().find(|(g, _)| *g == generation) {
                        Some(_) if generation != 0 => {}
                        Some(existing) => *existing = claim,
                        None => by_generation.push(claim),
                    }
                }
            }
        }
    }
    let mut claims = Claims {
        lists: Vec::new(),
        previous: VecMap::new(),
        fresh: by_partition.is_empty(),
    };
    for (tp, mut by_generation) in by_partition {
        sort_small_by_key(&mut by_generation, |(generation, _)| Reverse(*generation));
        let winner = by_generation[0].1;
        match claims.lists.iter_mut().find(|(id, _)| *id == winner) {
            Some((_, list)) => list.push(tp.clone()),
            None => claims.lists.push((winner, vec![tp.clone()])),
        }
        if let Some(&(_, previous)) = by_generation.get(1) {
            claims.previous.insert(tp.clone(), previous);
        }
    }
    claims
}

/// `_populate_sorted_partitions` when the assignment is not fresh and all subscriptions are
/// identical: repeatedly take the member with the most partitions left (ties: the greatest
/// member id, `SortedSet.pop_last` by `(len, member_id)`) and list one of its partitions,
/// preferring one that had another owner before (`previous_partitions.pop()`, by hash order:
/// the model takes the smallest and notes [`Arbitrary::PreviousPartition`]), else its last
/// (`list.pop()`); a member is put back only when it gave one. Then every other partition in
/// `by_potential` order.
pub fn identical_order(
    current: &VecMap<&str, Vec<TopicPartition>>,
    previous: &VecMap<TopicPartition, &str>,
    exists: impl Fn(&TopicPartition) -> bool,
    by_potential: Vec<TopicPartition>,
    arbitrary: &mut Option<Arbitrary>,
) -> Vec<TopicPartition> {
    let mut remaining: Vec<(&str, Vec<TopicPartition>)> = current
        .iter()
        .map(|(id, list)| (*id, list.iter().filter(|tp| exists(tp)).cloned().collect()))
        .collect();
    let mut sorted = Vec::new();
    while let Some(most) = (0..remaining.len()).max_by(|&a, &b| {
        let key = |i: usize| (remaining[i].1.len(), remaining[i].0);
        key(a).cmp(&key(b))
    }) {
        let (_, list) = &mut remaining[most];
        let moved_before: Vec<usize> = (0..list.len())
            .filter(|&i| previous.contains_key(&list[i]))
            .collect();
        let taken = match moved_before.iter().min_by_key(|&&i| &list[i]) {
            Some(&i) => {
                if moved_before.len() > 1 {
                    arbitrary.get_or_insert(Arbitrary::PreviousPartition);
                }
                Some(list.remove(i))
            }
            None => list.pop(),
        };
        match taken {
            Some(tp) => sorted.push(tp),
            None => {
                remaining.remove(most);
            }
        }
    }
    for tp in by_potential {
        if !sorted.contains(&tp) {
            sorted.push(tp);
        }
    }
    sorted
}

/// The `KeyError` `_move_partition` raises when the sticky executor moves a partition to a
/// member it set aside as unable to change (`fixed_assignments`): it gives a partition back to
/// its previous owner without checking that this member still takes part. Reading that
/// member's list from the `current_assignment` defaultdict made it an empty one, so the key
/// `SortedSet.remove` misses is `(member_id, ())`.
pub fn set_aside_member_error(member: &str) -> AssignError {
    AssignError::Raised(format!("KeyError: ({}, ())", py_repr(member)))
}

/// The `KeyError` kafka-python's roundrobin raises as soon as the member whose turn it is does
/// not subscribe to the partition's topic: `while partition.topic not in
/// member_topics[member_id]: member_id = next(member_iter)` rebinds `member_id` to the next
/// `(group_instance_id, member_id)` pair of the cycle, and the dict of member ids has no such
/// key. So kafka-python's roundrobin works only while every member's turn falls on a topic it
/// subscribes to (in practice: identical subscriptions).
pub fn roundrobin_key_error(next: &Member) -> AssignError {
    let instance = next.instance_id.as_deref().map_or("None".into(), py_repr);
    AssignError::Raised(format!("KeyError: ({instance}, {})", py_repr(&next.id)))
}

/// Python's `repr()` of a string: single quotes unless the text has one and no double quote;
/// backslashes, the quote, `\n`, `\r`, `\t` and other control characters escaped (other
/// characters are taken as printable).
fn py_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut repr = String::from(quote);
    for c in text.chars() {
        match c {
            '\\' => repr.push_str("\\\\"),
            '\n' => repr.push_str("\\n"),
            '\r' => repr.push_str("\\r"),
            '\t' => repr.push_str("\\t"),
            c if c == quote => {
                repr.push('\\');
                repr.push(c);
            }
            c if (c as u32) < 0x20 || c == '\x7f' => {
                repr.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => repr.push(c),
        }
    }
    repr.push(quote);
    repr
}

#[cfg(test)]
mod tests;
