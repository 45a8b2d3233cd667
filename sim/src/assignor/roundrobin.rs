//! RoundRobinAssignor: all partitions, topics by name, dealt one by one over the sorted members,
//! skipping members that do not subscribe to the partition's topic. The cursor carries on across
//! topics, so different subscriptions can leave the group unbalanced.
//!
//! RD `src/rdkafka_roundrobin_assignor.c` (`rd_kafka_roundrobin_assignor_assign_cb`);
//! KJ `clients/.../consumer/RoundRobinAssignor.java` (`assign`, a `CircularIterator`).

use super::order::sorted_members;
use super::{Assignment, Client, Member, empty_assignment};
use crate::TopicPartition;

pub fn assign(client: Client, eligible: &[(String, i32)], members: &[Member]) -> Assignment {
    let sorted = sorted_members(client, members);
    let mut assignment = empty_assignment(members);
    let mut cursor = sorted.len() - 1;
    for (topic, partitions) in eligible {
        for partition in 0..*partitions {
            // An eligible topic has a subscriber, so the scan ends.
            cursor = (1..=sorted.len())
                .map(|step| (cursor + step) % sorted.len())
                .find(|&i| sorted[i].subscribes(topic))
                .expect("an eligible topic has a subscriber");
            let list = assignment
                .get_mut(&sorted[cursor].id)
                .expect("every member is in the assignment");
            list.push(TopicPartition::new(topic, partition));
        }
    }
    assignment
}
