//! RoundRobinAssignor: all partitions, topics by name, dealt one by one over the sorted members,
//! skipping members that do not subscribe to the partition's topic. The cursor carries on across
//! topics, so different subscriptions can leave the group unbalanced.
//!
//! RD `src/rdkafka_roundrobin_assignor.c` (`rd_kafka_roundrobin_assignor_assign_cb`);
//! KJ `clients/.../consumer/RoundRobinAssignor.java` (`assign`, a `CircularIterator`);
//! kafka-python `kafka/coordinator/assignors/roundrobin.py` (`assign`, an `itertools.cycle`).

use super::order::sorted_members;
use super::{AssignError, Assignment, Client, Member, empty_assignment, kafka_python};
use crate::TopicPartition;

/// Deals every eligible partition to the next member in the client's order that subscribes to
/// its topic. kafka-python raises instead when the next member does not subscribe
/// (see [`kafka_python::roundrobin_key_error`]).
pub fn assign(
    client: Client,
    eligible: &[(String, i32)],
    members: &[Member],
) -> Result<Assignment, AssignError> {
    let sorted = sorted_members(client, members);
    let mut assignment = empty_assignment(members);
    if sorted.is_empty() {
        return Ok(assignment);
    }
    let next = |i: usize| (i + 1) % sorted.len();
    let mut cursor = sorted.len() - 1;
    for (topic, partitions) in eligible {
        for partition in 0..*partitions {
            cursor = next(cursor);
            if !sorted[cursor].subscribes(topic) {
                if client == Client::KafkaPython {
                    return Err(kafka_python::roundrobin_key_error(sorted[next(cursor)]));
                }
                // An eligible topic has a subscriber, and librdkafka and Java deal over every
                // member, so the scan finds one.
                cursor = (1..sorted.len())
                    .map(|step| (cursor + step) % sorted.len())
                    .find(|&i| sorted[i].subscribes(topic))
                    .unwrap_or(cursor);
            }
            if let Some(list) = assignment.get_mut(&sorted[cursor].id) {
                list.push(TopicPartition::new(topic, partition));
            }
        }
    }
    Ok(assignment)
}
