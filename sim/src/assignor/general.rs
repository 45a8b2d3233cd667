//! The general sticky algorithm (KIP-54, KIP-341): keep what members own, hand out the rest to
//! the least loaded, then move partitions from members with two or more above a peer.
//!
//! librdkafka's `cooperative-sticky` is this algorithm and nothing else
//! (RD `src/rdkafka_sticky_assignor.c`, `rd_kafka_sticky_assignor_assign_cb`); Java runs it when
//! subscriptions differ (KJ `AbstractStickyAssignor.GeneralAssignmentBuilder`). The port keeps
//! the details that decide which partitions move and in what order each list ends up:
//! librdkafka's `rd_map_t` iterates in reverse insertion order (`LIST_INSERT_HEAD`,
//! src/rdmap.c), it sorts a member's kept partitions only when all subscriptions are equal, its
//! `isBalanced` compares with `<` where Java uses `+ 1 <`, and its
//! `getTheActualPartitionToBeMoved` differs from Java's (see [`super::movements`]).
//! Where librdkafka's own code leaves defined behaviour (a failed `rd_assert`, a NULL or freed
//! pointer read), the port skips the step and records it in [`Undefined`]: the real leader
//! crashes there (the differential test, conformance/tests/assignor_differential.rs, shows it
//! does on every such group).
//!
//! kafka-python's `sticky` and `cooperative-sticky` (`kafka/coordinator/assignors/sticky/
//! sticky_assignor.py`, `StickyAssignmentExecutor`) port the same Java code: its own pieces are
//! how it reads claims and orders partitions for identical subscriptions (in
//! [`super::kafka_python`]), librdkafka's `isBalanced`, Java's movement records, an undo step
//! in `_reassign_partition_to_consumer`, and a `KeyError` where librdkafka reads NULL.

use super::java_owned::JavaClaims;
use super::kafka_python;
use super::movements::Movements;
use super::{Arbitrary, AssignError, Assignment, Client, Member, Undefined};
use crate::TopicPartition;
use crate::collect::{VecMap, sort_small_by, sort_small_by_key};

/// The result of one run of the general algorithm.
pub struct General {
    pub assignment: Assignment,
    /// librdkafka profile: where librdkafka's code would have left defined behaviour.
    pub undefined: Option<Undefined>,
    /// kafka-python profile: where its code chose by Python's hash order.
    pub arbitrary: Option<Arbitrary>,
}

/// Runs the algorithm over `topics`: the eligible topics, or for kafka-python every topic of
/// the metadata. Only kafka-python fails ([`AssignError::Raised`]).
pub fn assign(
    client: Client,
    topics: &[(String, i32)],
    members: &[Member],
) -> Result<General, AssignError> {
    let mut state = State::new(client, topics, members);
    let (sorted_partitions, unassigned, revocation_required) = state.prepare(topics, members);
    state.balance(sorted_partitions, unassigned, revocation_required);
    if let Some(error) = state.raised {
        return Err(error);
    }
    let assignment = members
        .iter()
        .map(|m| {
            let list = state.current.remove(m.id.as_str()).unwrap_or_default();
            (m.id.clone(), list)
        })
        .collect();
    Ok(General {
        assignment,
        undefined: state.movements.undefined,
        arbitrary: state.movements.arbitrary,
    })
}

/// partition2AllPotentialConsumers: partition -> the members that may take it.
pub type PotentialConsumers<'a> = VecMap<TopicPartition, Vec<&'a str>>;
/// consumer2AllPotentialPartitions: member -> the partitions it may take.
pub type PotentialPartitions<'a> = VecMap<&'a str, Vec<TopicPartition>>;

struct State<'a> {
    client: Client,
    /// partition2AllPotentialConsumers: subscribers in member order.
    potential_consumers: PotentialConsumers<'a>,
    /// Its keys in librdkafka's map iteration order (reverse insertion).
    partitions_in_map_order: Vec<TopicPartition>,
    /// consumer2AllPotentialPartitions.
    potential_partitions: PotentialPartitions<'a>,
    /// currentAssignment: each member's list, in order.
    current: VecMap<&'a str, Vec<TopicPartition>>,
    /// currentPartitionConsumer.
    owner: VecMap<TopicPartition, &'a str>,
    /// prevAssignment: the member that owned the partition one generation before.
    previous: VecMap<TopicPartition, &'a str>,
    /// sortedCurrentSubscriptions: members by (partition count, member id).
    sorted: Vec<&'a str>,
    movements: Movements<'a>,
    /// kafka-python's `is_fresh_assignment`: no member claimed a partition.
    fresh: bool,
    /// The exception kafka-python raised; the run stops there.
    raised: Option<AssignError>,
}

impl<'a> State<'a> {
    fn new(client: Client, topics: &[(String, i32)], members: &'a [Member]) -> Self {
        let (potential_consumers, partitions_in_map_order, potential_partitions) = match client {
            Client::KafkaPython => {
                let (consumers, partitions) = kafka_python::potential_maps(topics, members);
                (consumers, Vec::new(), partitions)
            }
            _ => Self::potential_maps(topics, members),
        };
        Self {
            client,
            potential_consumers,
            partitions_in_map_order,
            potential_partitions,
            current: members
                .iter()
                .map(|m| (m.id.as_str(), Vec::new()))
                .collect(),
            owner: VecMap::new(),
            previous: VecMap::new(),
            sorted: Vec::new(),
            movements: Movements::new(client),
            fresh: true,
            raised: None,
        }
    }

    /// librdkafka's `populatePotentialMaps` (Java's too): subscribers in member order, each
    /// member's partitions by topic name, and the partitions in librdkafka's map order.
    fn potential_maps(
        eligible: &[(String, i32)],
        members: &'a [Member],
    ) -> (
        PotentialConsumers<'a>,
        Vec<TopicPartition>,
        PotentialPartitions<'a>,
    ) {
        let mut potential_consumers = VecMap::new();
        let mut insertion = Vec::new();
        let mut potential_partitions: VecMap<&str, Vec<TopicPartition>> = members
            .iter()
            .map(|m| (m.id.as_str(), Vec::new()))
            .collect();
        // populatePotentialMaps
        for (topic, partitions) in eligible {
            for member in members.iter().filter(|m| m.subscribes(topic)) {
                for p in 0..*partitions {
                    let tp = TopicPartition::new(topic.as_str(), p);
                    potential_partitions
                        .get_mut(member.id.as_str())
                        .expect("every member has a potential list")
                        .push(tp.clone());
                    potential_consumers
                        .entry(tp.clone())
                        .or_insert_with(|| {
                            insertion.push(tp);
                            Vec::new()
                        })
                        .push(member.id.as_str());
                }
            }
        }
        insertion.reverse();
        (potential_consumers, insertion, potential_partitions)
    }

    /// Everything before `balance()`: owned partitions, the partition order, what is left to
    /// assign, and whether some member must give up a partition of a topic it left.
    fn prepare(
        &mut self,
        eligible: &[(String, i32)],
        members: &'a [Member],
    ) -> (Vec<TopicPartition>, Vec<TopicPartition>, bool) {
        match self.client {
            Client::Librdkafka => self.prepopulate_librdkafka(members),
            Client::Java => self.prepopulate_java(eligible, members),
            Client::KafkaPython => self.prepopulate_kafka_python(members),
        }
        let sorted_partitions = self.sort_partitions();
        let mut unassigned = sorted_partitions.clone();
        let mut revocation_required = false;
        for member in members {
            let list = self
                .current
                .get_mut(member.id.as_str())
                .expect("member list");
            let mut kept = Vec::with_capacity(list.len());
            for tp in list.drain(..) {
                if !self.potential_consumers.contains_key(&tp) {
                    // The partition no longer exists.
                    self.owner.remove(&tp);
                } else if !member.subscribes(&tp.topic) {
                    revocation_required = true;
                } else {
                    remove_first(&mut unassigned, &tp);
                    kept.push(tp);
                }
            }
            *list = kept;
        }
        self.sorted = self.current.keys().copied().collect();
        self.resort();
        (sorted_partitions, unassigned, revocation_required)
    }

    /// RD `prepopulateCurrentAssignments`: claims are gathered per partition (in a map read
    /// back in reverse insertion order, which sets the order of each member's list); the
    /// highest generation keeps the partition and the next highest becomes its previous owner;
    /// two claims of the same generation invalidate it. `currentPartitionConsumer` is left at
    /// the last claimant in member order, even when that is not the winner.
    fn prepopulate_librdkafka(&mut self, members: &'a [Member]) {
        let mut claims: Vec<(TopicPartition, Vec<(&'a str, i32)>)> = Vec::new();
        for member in members {
            for tp in &member.owned {
                let claim = (member.id.as_str(), member.generation_or_default());
                match claims.iter_mut().find(|(p, _)| p == tp) {
                    Some((_, list)) => list.push(claim),
                    None => claims.push((tp.clone(), vec![claim])),
                }
                self.owner.insert(tp.clone(), member.id.as_str());
            }
        }
        for (tp, mut claimants) in claims.into_iter().rev() {
            sort_small_by_key(&mut claimants, |(_, generation)| *generation);
            if claimants.windows(2).any(|w| w[0].1 == w[1].1) {
                self.owner.remove(&tp);
                continue;
            }
            let (winner, _) = claimants[claimants.len() - 1];
            self.current
                .get_mut(winner)
                .expect("claimant")
                .push(tp.clone());
            if let Some(&(previous, _)) = claimants.len().checked_sub(2).map(|i| &claimants[i]) {
                self.previous.insert(tp, previous);
            }
        }
    }

    /// KJ `allSubscriptionsEqual` settles ownership; `prepopulateCurrentAssignments` then takes
    /// as previous owner the highest-generation claimant below the group's newest generation.
    fn prepopulate_java(&mut self, eligible: &[(String, i32)], members: &'a [Member]) {
        let claims = JavaClaims::resolve(eligible, members);
        for (id, list) in &claims.owned {
            for tp in list {
                self.owner.insert(tp.clone(), id);
            }
            self.current.insert(id, list.clone());
        }
        let mut best: VecMap<TopicPartition, i32> = VecMap::new();
        for id in super::java_hash::member_order(members.iter().map(|m| m.id.as_str())) {
            let member = members.iter().find(|m| m.id == id).expect("member");
            let generation = match member.generation {
                Some(g) if g < claims.max_generation => g,
                None if claims.max_generation > -1 => -1,
                _ => continue,
            };
            for tp in &member.owned {
                if best.get(tp).is_none_or(|&g| generation > g) {
                    best.insert(tp.clone(), generation);
                    self.previous.insert(tp.clone(), &member.id);
                }
            }
        }
    }

    /// kafka-python `_init_current_assignments` (see [`kafka_python::claims`]).
    fn prepopulate_kafka_python(&mut self, members: &'a [Member]) {
        let claims = kafka_python::claims(members);
        for (id, list) in claims.lists {
            for tp in &list {
                self.owner.insert(tp.clone(), id);
            }
            self.current.insert(id, list);
        }
        self.previous = claims.previous;
        self.fresh = claims.fresh;
    }

    /// RD `sortPartitions`. Different subscriptions: by (number of potential consumers, topic,
    /// partition), as Java's `TopicComparator` orders them too. Equal subscriptions (librdkafka
    /// only; Java uses its constrained builder then): round-robin over members from the most
    /// loaded, preferring partitions that had another owner before, then the rest in map order.
    /// kafka-python's `_populate_sorted_partitions` has its own round-robin (see
    /// [`kafka_python::identical_order`]), and only for an assignment that is not fresh.
    fn sort_partitions(&mut self) -> Vec<TopicPartition> {
        let mut by_potential: Vec<TopicPartition> =
            self.potential_consumers.keys().cloned().collect();
        sort_small_by(&mut by_potential, |a, b| {
            self.potential_consumers[a]
                .len()
                .cmp(&self.potential_consumers[b].len())
                .then_with(|| a.cmp(b))
        });
        match self.client {
            Client::KafkaPython if !self.fresh && self.subscriptions_identical() => {
                return kafka_python::identical_order(
                    &self.current,
                    &self.previous,
                    |tp| self.potential_consumers.contains_key(tp),
                    by_potential,
                    &mut self.movements.arbitrary,
                );
            }
            Client::Librdkafka if self.subscriptions_identical() => {}
            _ => return by_potential,
        }
        let mut remaining: Vec<(&str, Vec<TopicPartition>)> = Vec::new();
        for (id, list) in &mut self.current {
            // "Sort assigned partitions for consistency" – in place, so it shows in the result.
            sort_small_by(list, Ord::cmp);
            let valid: Vec<TopicPartition> = list
                .iter()
                .filter(|tp| self.potential_consumers.contains_key(tp))
                .cloned()
                .collect();
            if !valid.is_empty() {
                remaining.push((id, valid));
            }
        }
        let by_load = |a: &(&str, Vec<TopicPartition>), b: &(&str, Vec<TopicPartition>)| {
            a.1.len().cmp(&b.1.len()).then(a.0.cmp(b.0))
        };
        sort_small_by(&mut remaining, by_load);
        let mut sorted = Vec::new();
        while let Some((_, partitions)) = remaining.last_mut() {
            if partitions.is_empty() {
                remaining.pop();
                continue;
            }
            let index = partitions
                .iter()
                .position(|tp| self.previous.contains_key(tp))
                .unwrap_or(0);
            sorted.push(partitions.remove(index));
            sort_small_by(&mut remaining, by_load);
        }
        let was_empty = sorted.is_empty();
        for tp in &self.partitions_in_map_order {
            if !sorted.contains(tp) {
                sorted.push(tp.clone());
            }
        }
        if was_empty {
            sort_small_by(&mut sorted, Ord::cmp);
        }
        sorted
    }

    /// RD `areSubscriptionsIdentical`: every partition has the same potential consumers and
    /// every member the same potential partitions.
    fn subscriptions_identical(&self) -> bool {
        let mut consumers = self.potential_consumers.values();
        let mut partitions = self.potential_partitions.values();
        let first_consumers = consumers.next();
        let first_partitions = partitions.next();
        consumers.all(|c| Some(c) == first_consumers)
            && partitions.all(|p| Some(p) == first_partitions)
    }

    /// RD/KJ `balance`.
    fn balance(
        &mut self,
        mut sorted_partitions: Vec<TopicPartition>,
        mut unassigned: Vec<TopicPartition>,
        revocation_required: bool,
    ) {
        let initializing = self
            .sorted
            .last()
            .is_none_or(|m| self.current[m].is_empty());
        for tp in &unassigned {
            self.assign_to_least_loaded(tp);
        }
        // Only partitions with two or more potential consumers, and members that could change,
        // take part in the reassignment.
        let movable = |tp: &TopicPartition, s: &Self| {
            s.potential_consumers.get(tp).is_some_and(|c| c.len() >= 2)
        };
        sorted_partitions.retain(|tp| movable(tp, self));
        unassigned.retain(|tp| movable(tp, self));
        let mut fixed = VecMap::new();
        for member in self.sorted.clone() {
            let list = &self.current[member];
            let can_change = list.len() < self.potential_partitions[member].len()
                || list.iter().any(|tp| movable(tp, self));
            if !can_change {
                self.sorted.retain(|m| *m != member);
                fixed.insert(member, self.current.remove(member).expect("member list"));
            }
        }
        let before = (self.current.clone(), self.owner.clone());
        if !revocation_required && !unassigned.is_empty() {
            self.perform_reassignments(&unassigned);
        }
        let performed = self.perform_reassignments(&sorted_partitions);
        if self.raised.is_some() {
            return;
        }
        if !initializing && performed && balance_score(&self.current) >= balance_score(&before.0) {
            (self.current, self.owner) = before;
        }
        for (member, list) in fixed {
            self.current.insert(member, list);
            self.sorted.push(member);
        }
        self.resort();
    }

    /// `maybeAssignPartition`: the least loaded member that may take the partition gets it.
    fn assign_to_least_loaded(&mut self, tp: &TopicPartition) {
        let Some(&member) = self
            .sorted
            .iter()
            .find(|m| self.potential_partitions[**m].contains(tp))
        else {
            return;
        };
        self.current
            .get_mut(member)
            .expect("member list")
            .push(tp.clone());
        self.owner.insert(tp.clone(), member);
        self.resort();
    }

    /// `performReassignments`: until nothing moves, walk the partitions while the assignment is
    /// not balanced; give a partition back to its previous owner when the current one has two
    /// more, else to the least loaded member when some potential consumer has two fewer.
    fn perform_reassignments(&mut self, partitions: &[TopicPartition]) -> bool {
        let mut performed = false;
        loop {
            let mut modified = false;
            for tp in partitions {
                if self.raised.is_some() {
                    return performed;
                }
                if self.is_balanced() {
                    break;
                }
                let Some(owner) = self.owner.get(tp).copied() else {
                    // `rd_assert(consumer)`
                    self.undefined(Undefined::NoCurrentConsumer);
                    continue;
                };
                // kafka-python reads the previous owner's list from the `current_assignment`
                // defaultdict, which gives a member set aside an empty list from then on.
                if self.client == Client::KafkaPython
                    && let Some(previous) = self.previous.get(tp).copied()
                {
                    self.current.entry(previous).or_default();
                }
                let count = |m: &str| self.current.get(m).map(Vec::len);
                let Some(owner_count) = count(owner) else {
                    // `currAssignment->cnt` of a member taken out of currentAssignment.
                    self.undefined(Undefined::MissingAssignment);
                    continue;
                };
                // `RD_MAP_GET(currentAssignment, ...)->cnt` of a member taken out of it (a
                // member whose assignment cannot change) dereferences NULL.
                let mut missing = false;
                let back_to_previous = self.previous.get(tp).copied().filter(|previous| {
                    let c = count(previous);
                    missing |= c.is_none();
                    c.is_some_and(|c| owner_count > c + 1)
                });
                let better_exists = back_to_previous.is_none()
                    && self.potential_consumers[tp]
                        .iter()
                        .filter(|other| **other != owner)
                        .map(|other| count(other))
                        .take_while(|c| {
                            missing |= c.is_none();
                            c.is_some()
                        })
                        .any(|c| c.is_some_and(|c| owner_count > c + 1));
                if missing {
                    self.undefined(Undefined::MissingAssignment);
                }
                // `reassignPartition`: the first member in load order that may take it.
                let least_loaded = || {
                    self.sorted
                        .iter()
                        .copied()
                        .find(|m| self.potential_partitions[m].contains(tp))
                };
                let new = match back_to_previous {
                    Some(previous) => Some(previous),
                    None if better_exists => least_loaded(),
                    None => None,
                };
                if let Some(new) = new {
                    self.reassign_to(tp, new);
                    performed = true;
                    modified = true;
                }
            }
            if !modified {
                return performed;
            }
        }
    }

    /// `reassignPartitionToConsumer` with `getTheActualPartitionToBeMoved`. kafka-python's
    /// `_reassign_partition_to_consumer` first undoes the move of `tp` when the substitute's
    /// owner is not `tp`'s ("partition and the substitute both moved earlier in this
    /// rebalance"): `tp` goes to the substitute's owner, the substitute to `new`.
    fn reassign_to(&mut self, tp: &TopicPartition, new: &'a str) {
        if self.client == Client::KafkaPython && !self.sorted.contains(&new) {
            self.raised = Some(kafka_python::set_aside_member_error(new));
            return;
        }
        let Some(owner) = self.owner.get(tp).copied() else {
            self.undefined(Undefined::NoCurrentConsumer);
            return;
        };
        let Some((back, pair)) = self.movements.partition_to_move(tp, owner, new) else {
            self.move_partition(tp.clone(), new);
            return;
        };
        let Some(old) = self.owner.get(&back).copied() else {
            self.undefined(Undefined::NoCurrentConsumer);
            return;
        };
        if self.client == Client::KafkaPython {
            if old != owner {
                self.move_partition(tp.clone(), old);
            }
            self.move_partition(back, new);
            return;
        }
        self.movements.record(&back, old, new);
        let moved = match self.client {
            // The returned pointer now reads the list's next element (see `first_along`); once
            // the list is gone it reads freed memory, taken here as the partition itself.
            Client::Librdkafka => self
                .movements
                .first_along(&back.topic, pair)
                .unwrap_or_else(|| {
                    self.undefined(Undefined::FreedMovementList);
                    back
                }),
            _ => back,
        };
        self.apply_move(moved, old, new);
    }

    /// `processPartitionMovement`.
    fn move_partition(&mut self, tp: TopicPartition, new: &'a str) {
        let Some(old) = self.owner.get(&tp).copied() else {
            self.undefined(Undefined::NoCurrentConsumer);
            return;
        };
        self.movements.record(&tp, old, new);
        self.apply_move(tp, old, new);
    }

    fn apply_move(&mut self, tp: TopicPartition, old: &'a str, new: &'a str) {
        match self.current.get_mut(new) {
            Some(list) => list.push(tp.clone()),
            None => self.undefined(Undefined::MissingAssignment),
        }
        match self.current.get_mut(old) {
            Some(list) => remove_first(list, &tp),
            None => self.undefined(Undefined::MissingAssignment),
        }
        self.owner.insert(tp, new);
        self.resort();
    }

    /// Records where librdkafka leaves defined behaviour (in the run's one log of it).
    fn undefined(&mut self, why: Undefined) {
        self.movements.note_undefined(why);
    }

    /// `isBalanced`: the loads differ by at most one, or no member could take a partition from
    /// a member that has more (librdkafka and kafka-python: `count < other`; Java:
    /// `count + 1 < other`).
    fn is_balanced(&self) -> bool {
        let load = |m: &&str| self.current[*m].len();
        let (Some(min), Some(max)) = (self.sorted.first().map(load), self.sorted.last().map(load))
        else {
            return true;
        };
        if min + 1 >= max {
            return true;
        }
        let mut holder = VecMap::new();
        for (member, list) in &self.current {
            for tp in list {
                holder.insert(tp, *member);
            }
        }
        let slack = usize::from(self.client == Client::Java);
        !self.sorted.iter().any(|member| {
            let mine = &self.current[member];
            let potential = &self.potential_partitions[member];
            mine.len() != potential.len()
                && potential.iter().filter(|tp| !mine.contains(tp)).any(|tp| {
                    holder
                        .get(tp)
                        .and_then(|other| self.current.get(other))
                        .is_some_and(|other| mine.len() + slack < other.len())
                })
        })
    }

    /// Keeps `sorted` ordered by (partition count, member id).
    fn resort(&mut self) {
        let current = &self.current;
        sort_small_by(&mut self.sorted, |a, b| {
            current[a].len().cmp(&current[b].len()).then(a.cmp(b))
        });
    }
}

/// `getBalanceScore`: the sum of load differences over all pairs of members.
fn balance_score(assignment: &VecMap<&str, Vec<TopicPartition>>) -> usize {
    let sizes: Vec<usize> = assignment.values().map(Vec::len).collect();
    sizes
        .iter()
        .enumerate()
        .flat_map(|(i, a)| sizes[i + 1..].iter().map(move |b| a.abs_diff(*b)))
        .sum()
}

/// `rd_kafka_topic_partition_list_del` / `List.remove(Object)`: the first occurrence.
fn remove_first(list: &mut Vec<TopicPartition>, tp: &TopicPartition) {
    if let Some(i) = list.iter().position(|p| p == tp) {
        list.remove(i);
    }
}
