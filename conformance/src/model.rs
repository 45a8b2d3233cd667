//! The model's answers for the scenarios, in the shape the harness records real librdkafka's:
//! the callbacks each member sees in a rebalance and what it holds afterwards.

use crate::member::GroupEvent;
use kafka_sim::TopicPartition;
use kafka_sim::assignor::{self, Client, Strategy};
use std::collections::BTreeMap;

/// What one member goes through in a rebalance: its callbacks, each list in the order the
/// program sees it (`kafka_sim::consumer::ConsumerClient`'s rule, from librdkafka
/// `rdkafka_cgrp.c`: an assign in the order the leader sent, a revoke in the sorted order of the
/// group assignment), and the partitions it holds at the end (`assignment()`: sorted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub callbacks: Vec<GroupEvent>,
    pub held: Vec<TopicPartition>,
}

/// A group of members subscribed to the same topics, as librdkafka's leader and members run a
/// rebalance with one strategy.
pub struct ModelGroup {
    strategy: Strategy,
    topics: BTreeMap<String, i32>,
    generation: i32,
}

/// Cooperative rounds the model may take before it must have settled (two in KIP-429).
const MAX_ROUNDS: usize = 3;

impl ModelGroup {
    pub fn new(strategy: Strategy, topics: BTreeMap<String, i32>) -> Self {
        Self {
            strategy,
            topics,
            generation: 0,
        }
    }

    /// One membership change, completed: `held` gives every member of the new group with the
    /// partitions it holds going in (`None` for a member joining for the first time).
    pub fn rebalance(
        &mut self,
        held: &BTreeMap<String, Option<Vec<TopicPartition>>>,
    ) -> BTreeMap<String, Outcome> {
        if self.strategy.is_cooperative() {
            self.cooperative(held)
        } else {
            self.eager(held)
        }
    }

    /// Eager: every member that had an assignment, even an empty one, gets `on_revoke` with
    /// all of it, then `on_assign` with its whole new assignment (librdkafka `rdkafka_cgrp.c`
    /// `rd_kafka_cgrp_revoke_all_rejoin`: "an existing assignment (albeit perhaps empty)").
    fn eager(
        &mut self,
        held: &BTreeMap<String, Option<Vec<TopicPartition>>>,
    ) -> BTreeMap<String, Outcome> {
        let members: Vec<assignor::Member> = held
            .keys()
            .map(|id| self.member(id, Vec::new(), None))
            .collect();
        let assignment = self.assign(&members);
        held.iter()
            .map(|(id, before)| {
                let mut callbacks = Vec::new();
                if let Some(before) = before {
                    callbacks.push(GroupEvent::Revoked(sorted(before.clone())));
                }
                callbacks.push(GroupEvent::Assigned(assignment[id].clone()));
                let outcome = Outcome {
                    callbacks,
                    held: sorted(assignment[id].clone()),
                };
                (id.clone(), outcome)
            })
            .collect()
    }

    /// Cooperative (KIP-429): each round the leader withholds partitions that change owner
    /// (`cooperative_adjust`); a member revokes only what it loses, then gets `on_assign` with
    /// what it gains (even nothing), and a round in which anybody revoked is followed by
    /// another (librdkafka `rdkafka_cgrp.c` `rd_kafka_cgrp_handle_assignment_cooperative`).
    fn cooperative(
        &mut self,
        held: &BTreeMap<String, Option<Vec<TopicPartition>>>,
    ) -> BTreeMap<String, Outcome> {
        let mut outcomes: BTreeMap<String, Outcome> = held
            .iter()
            .map(|(id, before)| {
                let outcome = Outcome {
                    callbacks: Vec::new(),
                    held: before.clone().unwrap_or_default(),
                };
                (id.clone(), outcome)
            })
            .collect();
        let mut newcomers: Vec<&String> = held
            .iter()
            .filter(|(_, before)| before.is_none())
            .map(|(id, _)| id)
            .collect();
        for _ in 0..MAX_ROUNDS {
            let members: Vec<assignor::Member> = outcomes
                .iter()
                .map(|(id, outcome)| {
                    let generation = (!newcomers.contains(&id)).then_some(self.generation);
                    self.member(id, outcome.held.clone(), generation)
                })
                .collect();
            let delivered =
                assignor::cooperative_adjust(Client::Librdkafka, &self.assign(&members), &members);
            newcomers.clear();
            let mut rejoin = false;
            for (id, outcome) in &mut outcomes {
                let step = assignor::increment(&outcome.held, &delivered[id]);
                rejoin |= step.rejoin_required();
                // `held` is sorted, so the revoked part is too; the added part keeps the
                // delivered order.
                if step.rejoin_required() {
                    outcome.callbacks.push(GroupEvent::Revoked(step.revoked));
                }
                outcome.callbacks.push(GroupEvent::Assigned(step.added));
                outcome.held = sorted(delivered[id].clone());
            }
            if !rejoin {
                return outcomes;
            }
        }
        panic!("the model's cooperative rebalance did not settle in {MAX_ROUNDS} rounds");
    }

    fn assign(&mut self, members: &[assignor::Member]) -> assignor::Assignment {
        self.generation += 1;
        let topics = self.topics.clone().into_iter().collect();
        assignor::assign(Client::Librdkafka, self.strategy, &topics, members)
            .expect("the model assigns")
    }

    fn member(
        &self,
        id: &str,
        owned: Vec<TopicPartition>,
        generation: Option<i32>,
    ) -> assignor::Member {
        assignor::Member {
            id: id.to_owned(),
            instance_id: None,
            topics: self.topics.keys().cloned().collect(),
            owned,
            generation,
        }
    }
}

fn sorted(mut partitions: Vec<TopicPartition>) -> Vec<TopicPartition> {
    partitions.sort();
    partitions
}
