//! How Java's sticky assignors settle who owns what before assigning
//! (KJ `AbstractStickyAssignor.allSubscriptionsEqual`).

use super::{Member, java_hash};
use crate::TopicPartition;
use crate::collect::{VecMap, VecSet};

/// Each member's valid owned partitions, read in `HashMap` order of member ids.
pub struct JavaClaims<'a> {
    /// Whether every member subscribes to the same topics (selects the constrained builder).
    pub all_subscriptions_equal: bool,
    /// Member id -> owned partitions of existing topics that it still holds after conflicts,
    /// in the order it reported them.
    pub owned: VecMap<&'a str, Vec<TopicPartition>>,
    /// Partitions claimed by two members of the same generation: invalid for both.
    pub multiply_claimed: VecSet<TopicPartition>,
    /// The highest generation any member reported (-1 if none).
    pub max_generation: i32,
}

impl<'a> JavaClaims<'a> {
    /// A later claimant of the same generation invalidates the partition; one of a higher
    /// generation takes it over; one of a lower generation is ignored. Only topics in
    /// `eligible` count.
    pub fn resolve(eligible: &[(String, i32)], members: &'a [Member]) -> Self {
        let by_id: VecMap<&str, &Member> = members.iter().map(|m| (m.id.as_str(), m)).collect();
        let mut claims = JavaClaims {
            all_subscriptions_equal: true,
            owned: VecMap::new(),
            multiply_claimed: VecSet::new(),
            max_generation: -1,
        };
        let mut first_topics: VecSet<&str> = VecSet::new();
        let mut owner_of: VecMap<TopicPartition, &'a str> = VecMap::new();
        for id in java_hash::member_order(members.iter().map(|m| m.id.as_str())) {
            let member = by_id[id];
            if first_topics.is_empty() {
                first_topics.extend(member.topics.iter().map(String::as_str));
            } else if member.topics.len() != first_topics.len()
                || !member
                    .topics
                    .iter()
                    .all(|t| first_topics.contains(t.as_str()))
            {
                claims.all_subscriptions_equal = false;
            }
            let generation = member.generation_or_default();
            claims.max_generation = claims.max_generation.max(generation);
            claims.owned.insert(&member.id, Vec::new());
            for tp in &member.owned {
                if !eligible.iter().any(|(topic, _)| *topic == tp.topic) {
                    continue;
                }
                match owner_of.get(tp).copied() {
                    None => claims.claim(&mut owner_of, tp, &member.id, None),
                    Some(other) => {
                        let other_generation = by_id[other].generation_or_default();
                        if generation == other_generation {
                            claims.multiply_claimed.insert(tp.clone());
                            claims.release(other, tp);
                            owner_of.insert(tp.clone(), &member.id);
                        } else if generation > other_generation {
                            claims.claim(&mut owner_of, tp, &member.id, Some(other));
                        }
                    }
                }
            }
        }
        claims
    }

    fn claim(
        &mut self,
        owner_of: &mut VecMap<TopicPartition, &'a str>,
        tp: &TopicPartition,
        member: &'a str,
        previous: Option<&'a str>,
    ) {
        if let Some(previous) = previous {
            self.release(previous, tp);
        }
        self.owned.entry(member).or_default().push(tp.clone());
        owner_of.insert(tp.clone(), member);
    }

    /// `List.remove(Object)`: the first occurrence only.
    fn release(&mut self, member: &str, tp: &TopicPartition) {
        if let Some(list) = self.owned.get_mut(member)
            && let Some(i) = list.iter().position(|p| p == tp)
        {
            list.remove(i);
        }
    }

    /// The member that validly owns `tp`, if any.
    pub fn owner(&self, tp: &TopicPartition) -> Option<&'a str> {
        self.owned
            .iter()
            .find(|(_, list)| list.contains(tp))
            .map(|(id, _)| *id)
    }
}
