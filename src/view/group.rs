//! The consumer group's side of the cluster diagram: the members as the coordinator lists
//! them, who owns which partition (a crashed or closed member included, until the group
//! rebalances without it), the consumers' positions and the committed offsets.

use crate::view::cluster::{MarkKind, OffsetMark, PartitionLog};
use crate::view::lane::Endpoint;
use crate::view::process::Owner;
use crate::view::process::{process_colour, process_label};
use kafka_sim::TopicPartition;
use kafka_sim::collect::sort_small_by;
use kafka_sim::consumer::{ConsumerClient, ProcessState};
use kafka_sim::coordinator::GroupState;
use kafka_sim::engine::{Process, Sim};

/// The consumer group as the coordinator sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupBox {
    pub id: String,
    pub generation: i32,
    /// The group's state: members joining in `PreparingRebalance`, syncing in
    /// `CompletingRebalance`, then `Stable`.
    pub state: GroupState,
    pub leader: Option<String>,
    pub members: Vec<GroupMember>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupMember {
    pub label: String,
    pub colour: usize,
    pub partitions: Vec<i32>,
    /// The id the coordinator gave it (`rdkafka-` + a UUID on a real broker): range and
    /// roundrobin order members by it, not by join order (rdkafka_range_assignor.c).
    pub member_id: String,
}

/// A consumer process as the diagram draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerNode {
    pub label: String,
    pub colour: usize,
    /// The topic's partitions it reads.
    pub partitions: Vec<i32>,
    /// Its program runs (not crashed, finished or closed).
    pub up: bool,
}

/// The running consumers as the diagram names them.
pub(crate) struct Consumers {
    /// Per consumer index: label, colour, member id and the partitions it reads (the client's
    /// view; empty once the process crashed or closed, though a static or crashed member stays
    /// in the group until its session times out).
    pub(crate) members: Vec<(Owner, String, Vec<TopicPartition>)>,
}

/// A static member's id while its first JoinGroup answer is on the wire: the coordinator
/// adds a static member at once, as `group.instance.id` + "-" + a UUID (apache/kafka
/// `GroupMetadataManager`), so the one id with that prefix is this client's. A dynamic member
/// is added only when it joins again with the id it was given (KIP-394), which it knows.
fn static_joining<'a>(sim: &'a Sim, client: &ConsumerClient) -> Option<&'a str> {
    let instance = client.config().group_instance_id.as_deref()?;
    let group = sim.group(client.config().group_id.as_deref()?)?;
    group.members().map(|member| member.id()).find(|id| {
        id.strip_prefix(instance)
            .is_some_and(|rest| rest.starts_with('-'))
    })
}

impl Consumers {
    /// The consumers of `sim`. A client that sent LeaveGroup has forgotten its member id
    /// (librdkafka `rd_kafka_cgrp_leave`) while the coordinator lists the member until the
    /// request arrives: it is named by the id it left as, which `sim`'s own projection holds
    /// as of the same step as the client's state (the cursor may stand earlier in that step).
    pub(crate) fn of(sim: &Sim, producers: usize) -> Consumers {
        let members = (0..sim.consumer_count())
            .map(|i| {
                let process = Process::Consumer(i);
                let owner = Owner {
                    label: process_label(process, producers),
                    colour: process_colour(process),
                };
                let (member, assignment) = sim
                    .consumer(i)
                    .map(|p| {
                        let reading = !p.client.is_closed() && p.state() != ProcessState::Crashed;
                        let assignment = if reading {
                            p.client.assignment()
                        } else {
                            Vec::new()
                        };
                        let member = match p.client.member_id() {
                            "" => sim
                                .projection()
                                .groups()
                                .left_as(i)
                                .or_else(|| static_joining(sim, &p.client))
                                .unwrap_or_default()
                                .to_string(),
                            id => id.to_string(),
                        };
                        (member, assignment)
                    })
                    .unwrap_or_default();
                (owner, member, assignment)
            })
            .collect();
        Consumers { members }
    }

    /// Every consumer as the diagram draws it, with the partitions of `topic` it reads.
    pub(crate) fn nodes(&self, sim: &Sim, topic: &str) -> Vec<ConsumerNode> {
        self.members
            .iter()
            .enumerate()
            .map(|(i, (owner, _, assignment))| ConsumerNode {
                label: owner.label.clone(),
                colour: owner.colour,
                partitions: assignment
                    .iter()
                    .filter(|tp| tp.topic == topic)
                    .map(|tp| tp.partition)
                    .collect(),
                up: sim
                    .consumer(i)
                    .is_some_and(|p| p.state() == ProcessState::Running && !p.client.is_closed()),
            })
            .collect()
    }

    /// The consumer of a member id, or the id itself (a member that is gone).
    pub(crate) fn endpoint(&self, member: &str) -> Endpoint {
        self.members
            .iter()
            .position(|(_, id, _)| id == member && !member.is_empty())
            .map_or_else(
                || Endpoint::Member(member.to_string()),
                |i| Endpoint::Client(Process::Consumer(i), self.members[i].0.label.clone()),
            )
    }

    /// The label of a member id: its consumer's, or the id itself (a member that is gone).
    pub(crate) fn label(&self, member: &str) -> String {
        self.endpoint(member).label().unwrap_or_default()
    }

    /// Owners, positions and the group's committed offsets on the logs of `topic`.
    pub(crate) fn mark(
        &self,
        sim: &Sim,
        topic: &str,
        group: Option<&str>,
        logs: &mut [PartitionLog],
    ) {
        let committed = group.map(|g| sim.committed(g)).unwrap_or_default();
        for (i, (owner, _, assignment)) in self.members.iter().enumerate() {
            for tp in assignment.iter().filter(|tp| tp.topic == topic) {
                let Some(log) = logs.iter_mut().find(|l| l.partition == tp.partition) else {
                    continue;
                };
                log.owner.get_or_insert_with(|| owner.clone());
                let position = sim.consumer(i).and_then(|p| p.client.position(tp));
                let next = position
                    .map(|offset| (offset, false))
                    .or_else(|| committed.get(tp).map(|&offset| (offset, true)));
                if let Some((offset, fetch_start)) = next {
                    log.marks.push(OffsetMark {
                        offset,
                        kind: MarkKind::Position {
                            label: owner.label.clone(),
                            colour: owner.colour,
                            fetch_start,
                        },
                    });
                }
            }
        }
        // A crashed or closed member still in the group keeps its partitions in the
        // coordinator's eyes until the group rebalances without it.
        let stopped = group.and_then(|g| sim.group(g)).into_iter().flat_map(|g| {
            g.members().filter_map(|member| {
                let (owner, _, _) = self
                    .members
                    .iter()
                    .find(|(_, id, a)| id == member.id() && a.is_empty())?;
                Some((owner, member.assignment()?))
            })
        });
        for (owner, assignment) in stopped {
            for tp in assignment.partitions.iter().filter(|tp| tp.topic == topic) {
                if let Some(log) = logs.iter_mut().find(|l| l.partition == tp.partition) {
                    log.owner.get_or_insert_with(|| owner.clone());
                }
            }
        }
        for (tp, offset) in committed {
            if let Some(log) = logs
                .iter_mut()
                .find(|l| tp.topic == topic && l.partition == tp.partition)
            {
                log.marks.push(OffsetMark {
                    offset,
                    kind: MarkKind::Committed,
                });
            }
        }
    }

    pub(crate) fn group_box(&self, sim: &Sim, id: &str, topic: &str) -> Option<GroupBox> {
        let group = sim.group(id)?;
        let mut members: Vec<GroupMember> = group
            .members()
            .map(|member| {
                let found = self.members.iter().find(|(_, m, _)| m == member.id());
                let (label, colour, partitions) = match found {
                    Some((owner, _, assignment)) => {
                        let held = match member.assignment() {
                            Some(given) if assignment.is_empty() => &given.partitions,
                            _ => assignment,
                        };
                        (
                            owner.label.clone(),
                            owner.colour,
                            held.iter()
                                .filter(|tp| tp.topic == topic)
                                .map(|tp| tp.partition)
                                .collect(),
                        )
                    }
                    None => (member.id().to_string(), 7, Vec::new()),
                };
                GroupMember {
                    label,
                    colour,
                    partitions,
                    member_id: member.id().to_string(),
                }
            })
            .collect();
        // In member-id order, the order range and roundrobin hand partitions out in.
        sort_small_by(&mut members, |a, b| a.member_id.cmp(&b.member_id));
        Some(GroupBox {
            id: id.to_string(),
            generation: group.generation(),
            state: group.state(),
            leader: group.leader().map(|leader| self.label(leader)),
            members,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::exercise_run::Run;
    use course::lesson::Changes;

    /// At every step of every lesson with a group, each member the group box shows is named by
    /// its consumer's label, never by a raw member id (the member ids of consumers that are
    /// closing or have left are remembered by the projection).
    #[test]
    fn group_members_are_shown_by_their_consumer_labels_at_every_step() {
        for exercise in course::exercises() {
            let Some(lesson) = course::lesson(exercise.id) else {
                continue;
            };
            let run = Run::of_lesson(&lesson, &Changes::none()).expect("the lesson runs");
            let entries = run.with_sim(run.end, None, |sim| sim.trace().to_vec());
            for entry in &entries {
                run.with_view(entry.time, Some(entry.seq), |frame| {
                    let shown_moment = run.moment(frame);
                    for member in shown_moment.group.iter().flat_map(|g| &g.members) {
                        assert!(
                            member.label.starts_with('C'),
                            "{} at {} ms (seq {}): member {} shown as {}",
                            exercise.id,
                            entry.time,
                            entry.seq,
                            member.member_id,
                            member.label
                        );
                    }
                });
            }
        }
    }
}
