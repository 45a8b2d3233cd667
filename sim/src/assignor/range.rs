//! RangeAssignor: per topic, consecutive ranges of partitions over the sorted subscribers.
//!
//! RD `src/rdkafka_range_assignor.c` (`rd_kafka_range_assignor_assign_cb`,
//! `rd_kafka_assign_ranges`); KJ `clients/.../consumer/RangeAssignor.java` (`assignRanges`);
//! kafka-python `kafka/coordinator/assignors/range.py` (`assign`).
//! Rack-aware assignment (KIP-881) is not modelled: without racks both clients take the plain
//! path below.

use super::order::{glibc_msort, sorted_members};
use super::{Assignment, Client, Member, empty_assignment, java_hash};
use crate::Topic;
use crate::TopicPartition;
use crate::collect::sort_small_by_key;
use std::cmp::Ordering;

/// One eligible topic with its subscribers in the client's member order.
struct TopicState<'a> {
    topic: &'a str,
    partitions: i32,
    subscribers: Vec<&'a Member>,
}

pub fn assign(client: Client, eligible: &[(String, i32)], members: &[Member]) -> Assignment {
    let mut states: Vec<TopicState> = eligible
        .iter()
        .map(|(topic, partitions)| TopicState {
            topic,
            partitions: *partitions,
            subscribers: subscribers(client, members, topic),
        })
        .collect();
    order_topics(client, &mut states);
    let mut assignment = empty_assignment(members);
    for state in &states {
        assign_ranges(client, state, &mut assignment);
    }
    assignment
}

/// The members subscribed to `topic`, in the client's member order. librdkafka sorts each
/// topic's own subscriber list (`rd_kafka_range_assignor_assign_cb`: `rd_list_sort` of the
/// eligible topic's members, in member-array order, by `rd_kafka_group_member_cmp`). With static
/// and dynamic members mixed that comparator is not transitive, so sorting the subset can order
/// two members differently than sorting the whole group would. kafka-python appends a member
/// once for each time its subscription lists the topic (`consumers_per_topic[topic].append`),
/// so a topic listed twice counts that member twice.
fn subscribers<'a>(client: Client, members: &'a [Member], topic: &str) -> Vec<&'a Member> {
    let listings = |m: &Member| match client {
        Client::KafkaPython => m.topics.iter().filter(|t| *t == topic).count(),
        _ => usize::from(m.subscribes(topic)),
    };
    sorted_members(
        client,
        members
            .iter()
            .flat_map(|m| std::iter::repeat_n(m, listings(m))),
    )
}

/// The order in which topics are handed out, which is the order of each member's list.
/// librdkafka sorts the topics by `rd_kafka_topic_assignment_state_cmp` (subscriber ids, then
/// subscriber count, then partition count) to group co-partitioned topics; Java walks its
/// `HashMap` of topics; kafka-python sorts each member's list at the end, so its order of topics
/// does not show.
fn order_topics(client: Client, states: &mut Vec<TopicState>) {
    match client {
        Client::KafkaPython => {}
        Client::Librdkafka => {
            let mut refs: Vec<&TopicState> = states.iter().collect();
            glibc_msort(&mut refs, |a, b| topic_state_cmp(a, b));
            let order: Vec<&str> = refs.iter().map(|s| s.topic).collect();
            sort_small_by_key(states, |s| order.iter().position(|t| *t == s.topic));
        }
        Client::Java => {
            let order = java_hash::member_order(states.iter().map(|s| s.topic));
            sort_small_by_key(states, |s| order.iter().position(|t| *t == s.topic));
        }
    }
}

/// `rd_kafka_topic_assignment_state_cmp`: member ids pairwise, then the number of subscribers,
/// then the number of partitions.
fn topic_state_cmp(a: &TopicState, b: &TopicState) -> Ordering {
    a.subscribers
        .iter()
        .zip(&b.subscribers)
        .map(|(x, y)| x.id.as_bytes().cmp(y.id.as_bytes()))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
        .then(a.subscribers.len().cmp(&b.subscribers.len()))
        .then(a.partitions.cmp(&b.partitions))
}

/// `rd_kafka_assign_ranges` / `RangeAssignor.assignRanges` / kafka-python's loop: the `i`-th
/// subscriber takes `n / |C|` partitions from `i * (n / |C|) + min(i, n % |C|)`, one more while
/// `i < n % |C|`. kafka-python stores each range with `assignment[member_id][topic] = ...`, so a
/// member counted twice keeps only its later range (even an empty one): the earlier one is
/// assigned to nobody.
fn assign_ranges(client: Client, state: &TopicState, assignment: &mut Assignment) {
    let count = state.subscribers.len() as i32;
    if count == 0 {
        return;
    }
    let quota = state.partitions / count;
    let extra = state.partitions % count;
    // One shared name for all of the topic's partitions: maps keyed by them compare names
    // by pointer (`Topic`), and the whole group holds these partitions.
    let topic = Topic::from(state.topic);
    for (i, member) in (0..).zip(&state.subscribers) {
        let start = quota * i + i.min(extra);
        let share = quota + i32::from(i < extra);
        let Some(list) = assignment.get_mut(&member.id) else {
            continue;
        };
        if client == Client::KafkaPython {
            list.retain(|tp| tp.topic != state.topic);
        }
        list.extend((start..start + share).map(|p| TopicPartition::new(&topic, p)));
    }
}
