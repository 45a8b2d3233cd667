//! The home page's live view's group: member slots that join and leave, each change assigned
//! by the model's own `range` assignor. It is view state, not a group model: the lessons' groups
//! run on the model's coordinator and consumer clients.

use kafka_sim::TopicPartition;
use kafka_sim::assignor::{self, Client, Member, Strategy};
use kafka_sim::collect::VecMap;

/// Member ids sort as librdkafka sorts them (byte-wise), so "consumer-10" would come before
/// "consumer-2" (vector `range-lexicographic-not-numeric`); the live view caps the group below
/// ten members so that join order and sort order agree.
pub const MAX_MEMBERS: usize = 9;

/// A group of dynamic members subscribed to one topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub topic: String,
    pub partitions: i32,
    members: Vec<String>,
    generation: i32,
}

impl Group {
    pub fn new(id: impl Into<String>, topic: impl Into<String>, partitions: i32) -> Self {
        Self {
            id: id.into(),
            topic: topic.into(),
            partitions,
            members: Vec::new(),
            generation: 0,
        }
    }

    /// Member ids in join order.
    pub fn members(&self) -> &[String] {
        &self.members
    }

    /// The generation id, incremented by every rebalance (KIP-62 JoinGroup semantics).
    pub fn generation(&self) -> i32 {
        self.generation
    }

    /// Adds a member named after its join slot; `None` when the group is full.
    pub fn join(&mut self) -> Option<String> {
        if self.members.len() >= MAX_MEMBERS {
            return None;
        }
        let id = (1..)
            .map(|n| format!("consumer-{n}"))
            .find(|id| !self.members.contains(id))?;
        self.members.push(id.clone());
        self.generation += 1;
        Some(id)
    }

    /// Removes a member; returns whether it was there.
    pub fn leave(&mut self, member: &str) -> bool {
        let before = self.members.len();
        self.members.retain(|m| m != member);
        let left = self.members.len() != before;
        if left {
            self.generation += 1;
        }
        left
    }

    /// Every member's partitions as librdkafka's `range` assignor (the first of its default
    /// `partition.assignment.strategy`, `range,roundrobin`) computes them.
    pub fn assignment(&self) -> VecMap<String, Vec<TopicPartition>> {
        let topics = VecMap::from([(self.topic.clone(), self.partitions)]);
        let members: Vec<Member> = self
            .members
            .iter()
            .map(|id| Member {
                id: id.clone(),
                topics: vec![self.topic.clone()],
                ..Member::default()
            })
            .collect();
        assignor::assign(Client::Librdkafka, Strategy::Range, &topics, &members)
            .expect("range assigns any group of distinct members")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partitions_of(group: &Group) -> Vec<Vec<i32>> {
        group
            .assignment()
            .values()
            .map(|list| list.iter().map(|tp| tp.partition).collect())
            .collect()
    }

    #[test]
    fn joins_and_leaves_bump_the_generation_and_redistribute() {
        let mut group = Group::new("tdea", "ak03.fourpartition", 4);
        assert_eq!(group.join().as_deref(), Some("consumer-1"));
        assert_eq!(partitions_of(&group), [vec![0, 1, 2, 3]]);
        group.join();
        group.join();
        assert_eq!(partitions_of(&group), [vec![0, 1], vec![2], vec![3]]);
        assert!(group.leave("consumer-1"));
        assert!(!group.leave("consumer-1"));
        assert_eq!(partitions_of(&group), [vec![0, 1], vec![2, 3]]);
        assert_eq!(group.generation(), 4);
    }

    #[test]
    fn a_freed_slot_is_reused_and_the_group_is_capped() {
        let mut group = Group::new("tdea", "t", 4);
        for _ in 0..MAX_MEMBERS {
            assert!(group.join().is_some());
        }
        assert_eq!(group.join(), None);
        group.leave("consumer-3");
        assert_eq!(group.join().as_deref(), Some("consumer-3"));
    }
}
