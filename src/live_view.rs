//! The home page's live view as small, comparable view structs: a pure function of the model,
//! so it is tested natively and the components only draw it.

use crate::live_group::{Group, MAX_MEMBERS};
use crate::view::process::{Owner, process_colour, process_label};
use kafka_sim::engine::Process;
use kafka_sim::partitioner::{self, Partitioner};
use std::rc::Rc;
use yew::Reducible;

/// The demo topic of the course's consumer-group exercises (Producer_05, Consumer_01).
pub const TOPIC: &str = "ak03.fourpartition";
pub const PARTITIONS: i32 = 4;
pub const GROUP_ID: &str = "tdea";
/// How many of Producer_05's messages (`key=str(i)`, `value='msg_'+str(i)`) the logs hold.
pub const MESSAGES: usize = 24;

/// A message in a partition log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub offset: i64,
    pub key: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionRow {
    pub partition: i32,
    pub cells: Vec<Cell>,
    pub owner: Option<Owner>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRow {
    pub id: String,
    pub label: String,
    pub colour: usize,
    pub partitions: Vec<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveView {
    pub topic: String,
    pub partitions: Vec<PartitionRow>,
    pub group_id: String,
    pub generation: i32,
    pub members: Vec<MemberRow>,
    pub can_add: bool,
}

/// The group of the live view, empty at first.
pub fn new_group() -> Group {
    Group::new(GROUP_ID, TOPIC, PARTITIONS)
}

/// What the live view's buttons ask of the group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupAction {
    Join,
    Leave(String),
}

/// The live view's state for `use_reducer`; an action that changes nothing returns the same
/// `Rc`, so nothing re-renders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupState(pub Group);

impl Default for GroupState {
    fn default() -> Self {
        Self(new_group())
    }
}

impl Reducible for GroupState {
    type Action = GroupAction;

    fn reduce(self: Rc<Self>, action: GroupAction) -> Rc<Self> {
        let mut group = self.0.clone();
        let changed = match action {
            GroupAction::Join => group.join().is_some(),
            GroupAction::Leave(member) => group.leave(&member),
        };
        if changed { Rc::new(Self(group)) } else { self }
    }
}

/// Producer_05's first messages, each in the partition librdkafka's default partitioner
/// (`consistent_random`, CRC32 of the key) sends it to, with offsets counted per partition.
pub fn producer_05_logs() -> Vec<Vec<Cell>> {
    let mut logs = vec![Vec::new(); PARTITIONS as usize];
    for i in 0..MESSAGES {
        let key = i.to_string();
        let partition = partitioner::keyed_partition(
            Partitioner::ConsistentRandom,
            Some(key.as_bytes()),
            PARTITIONS,
        )
        .expect("a non-empty key is hashed");
        let log = &mut logs[partition as usize];
        log.push(Cell {
            offset: log.len() as i64,
            value: format!("msg_{key}"),
            key,
        });
    }
    logs
}

/// A member's label and colour follow its join slot (`consumer-3` is C3, colour 2, as the
/// lessons' third consumer), so they do not change when other members come and go.
fn label_and_colour(member: &str) -> (String, usize) {
    let slot: usize = member
        .rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let process = Process::Consumer(slot.saturating_sub(1));
    (process_label(process, 0), process_colour(process))
}

/// The view of `group` over the partition `logs`.
pub fn live_view(group: &Group, logs: &[Vec<Cell>]) -> LiveView {
    let assignment = group.assignment();
    let members: Vec<MemberRow> = group
        .members()
        .iter()
        .map(|id| {
            let (label, colour) = label_and_colour(id);
            let partitions = assignment
                .get(id)
                .map(|list| list.iter().map(|tp| tp.partition).collect())
                .unwrap_or_default();
            MemberRow {
                id: id.clone(),
                label,
                colour,
                partitions,
            }
        })
        .collect();
    let partitions = logs
        .iter()
        .enumerate()
        .map(|(p, cells)| {
            let partition = p as i32;
            let owner = members
                .iter()
                .find(|m| m.partitions.contains(&partition))
                .map(|m| Owner {
                    label: m.label.clone(),
                    colour: m.colour,
                });
            PartitionRow {
                partition,
                cells: cells.clone(),
                owner,
            }
        })
        .collect();
    LiveView {
        topic: group.topic.clone(),
        partitions,
        group_id: group.id.clone(),
        generation: group.generation(),
        members,
        can_add: group.members().len() < MAX_MEMBERS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owners(view: &LiveView) -> Vec<Option<String>> {
        view.partitions
            .iter()
            .map(|p| p.owner.as_ref().map(|o| o.label.clone()))
            .collect()
    }

    #[test]
    fn logs_hold_every_message_once_with_offsets_counted_per_partition() {
        let logs = producer_05_logs();
        assert_eq!(logs.len(), 4);
        assert_eq!(logs.iter().map(Vec::len).sum::<usize>(), MESSAGES);
        for log in &logs {
            assert!(log.iter().enumerate().all(|(i, c)| c.offset == i as i64));
        }
    }

    #[test]
    fn ownership_follows_the_slides_as_consumers_join_and_leave() {
        let logs = producer_05_logs();
        let mut group = new_group();
        let s = |v: &[&str]| v.iter().map(|l| Some(l.to_string())).collect::<Vec<_>>();
        assert_eq!(owners(&live_view(&group, &logs)), vec![None; 4]);
        group.join();
        assert_eq!(
            owners(&live_view(&group, &logs)),
            s(&["C1", "C1", "C1", "C1"])
        );
        group.join();
        assert_eq!(
            owners(&live_view(&group, &logs)),
            s(&["C1", "C1", "C2", "C2"])
        );
        group.join();
        group.join();
        assert_eq!(
            owners(&live_view(&group, &logs)),
            s(&["C1", "C2", "C3", "C4"])
        );
        group.join();
        let view = live_view(&group, &logs);
        assert_eq!(view.members[4].partitions, Vec::<i32>::new());
        group.leave("consumer-2");
        let view = live_view(&group, &logs);
        assert_eq!(owners(&view), s(&["C1", "C3", "C4", "C5"]));
        assert_eq!(view.generation, 6);
    }

    #[test]
    fn labels_and_colours_stay_with_the_member() {
        let logs = producer_05_logs();
        let mut group = new_group();
        for _ in 0..3 {
            group.join();
        }
        group.leave("consumer-1");
        let view = live_view(&group, &logs);
        let labels: Vec<_> = view
            .members
            .iter()
            .map(|m| (m.label.as_str(), m.colour))
            .collect();
        assert_eq!(labels, vec![("C2", 1), ("C3", 2)]);
    }

    #[test]
    fn a_no_op_action_keeps_the_same_state() {
        let state = Rc::new(GroupState::default());
        let same = state
            .clone()
            .reduce(GroupAction::Leave("consumer-7".into()));
        assert!(Rc::ptr_eq(&state, &same));
        let joined = state.clone().reduce(GroupAction::Join);
        assert_eq!(joined.0.members(), ["consumer-1"]);
    }

    #[test]
    fn the_group_stops_growing_at_its_cap() {
        let mut group = new_group();
        while group.join().is_some() {}
        let view = live_view(&group, &producer_05_logs());
        assert_eq!(view.members.len(), MAX_MEMBERS);
        assert!(!view.can_add);
    }
}
