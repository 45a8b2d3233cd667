//! The consumer-group partition assignors of the classic protocol, as the group leader runs them
//! (client-side assignment): `range`, `roundrobin`, `sticky` and `cooperative-sticky`, for three
//! client profiles. The librdkafka profile (the course's confluent-kafka-python) reproduces
//! librdkafka down to the order of each member's list; the Java profile follows apache/kafka's
//! `clients` assignors; the kafka-python profile follows kafka-python 3.0.12's pure-Python
//! assignors (module `kafka_python`), quirks and exceptions included.
//!
//! Inputs follow the JoinGroup metadata the leader receives (KIP-429 protocol v1+): each member's
//! id, optional `group.instance.id`, subscribed topics, owned partitions and generation.

mod constrained;
mod cooperative;
mod general;
pub(crate) mod java_hash;
mod java_owned;
mod kafka_python;
mod movements;
mod order;
mod range;
mod roundrobin;
pub mod wire;

pub use cooperative::{Increment, cooperative_adjust, increment};

use crate::TopicPartition;
use crate::collect::{VecMap, VecSet};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Which client library runs the assignor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Client {
    /// librdkafka, and so confluent-kafka-python: the course's client.
    #[default]
    Librdkafka,
    /// The Apache Kafka Java client.
    Java,
    /// kafka-python 3.0.12, the pure-Python client (`pip install kafka-python`).
    #[serde(rename = "kafka-python")]
    KafkaPython,
}

impl FromStr for Client {
    type Err = AssignError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "librdkafka" => Ok(Self::Librdkafka),
            "java" => Ok(Self::Java),
            "kafka-python" => Ok(Self::KafkaPython),
            _ => Err(AssignError::UnknownClient(name.to_owned())),
        }
    }
}

/// A `partition.assignment.strategy` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    Range,
    #[serde(rename = "roundrobin")]
    RoundRobin,
    /// Java's eager `StickyAssignor`; librdkafka has none.
    Sticky,
    CooperativeSticky,
}

impl Strategy {
    /// Whether the strategy follows the incremental protocol of KIP-429 (two rebalances, revoke
    /// only what moves) rather than the eager one (revoke everything first).
    pub fn is_cooperative(self) -> bool {
        self == Self::CooperativeSticky
    }

    /// The name both clients use in `partition.assignment.strategy` (CONFIGURATION.md), and
    /// the protocol name in JoinGroup; librdkafka compares it exactly (`rd_kafka_assignor_find`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Range => "range",
            Self::RoundRobin => "roundrobin",
            Self::Sticky => "sticky",
            Self::CooperativeSticky => "cooperative-sticky",
        }
    }
}

impl FromStr for Strategy {
    type Err = AssignError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        [
            Self::Range,
            Self::RoundRobin,
            Self::Sticky,
            Self::CooperativeSticky,
        ]
        .into_iter()
        .find(|strategy| strategy.name() == name)
        .ok_or_else(|| AssignError::UnknownStrategy(name.to_owned()))
    }
}

/// One member of the group as the leader sees it in the JoinGroup response.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    /// `group.instance.id` of a static member (KIP-345).
    #[serde(default)]
    pub instance_id: Option<String>,
    pub topics: Vec<String>,
    /// Partitions the member owns (ConsumerProtocol subscription v1+).
    #[serde(default, with = "wire::partitions")]
    pub owned: Vec<TopicPartition>,
    /// Generation of the owned partitions (subscription v2+); `None` for a member that never
    /// joined, which both clients treat as generation -1.
    #[serde(default)]
    pub generation: Option<i32>,
}

impl Member {
    fn subscribes(&self, topic: &str) -> bool {
        self.topics.iter().any(|t| t == topic)
    }

    /// The generation both clients use for a member without one (`DEFAULT_GENERATION`).
    fn generation_or_default(&self) -> i32 {
        self.generation.unwrap_or(-1)
    }
}

/// Member id -> its partitions, each list in the exact order the client produces it.
pub type Assignment = VecMap<String, Vec<TopicPartition>>;

/// Where librdkafka's `cooperative-sticky` code (src/rdkafka_sticky_assignor.c) leaves defined
/// behaviour for a group: a failed `rd_assert` (an abort), or a read through a NULL or freed
/// pointer. The real leader crashes there; the differential test against librdkafka's own code
/// (conformance/tests/assignor_differential.rs) found it crashing on exactly these groups, about
/// one in a hundred of its random ones. The model still returns the assignment it reached by
/// skipping the step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undefined {
    /// `performReassignments`: `rd_assert(consumer)` on a partition without a current consumer.
    NoCurrentConsumer,
    /// `RD_MAP_GET(currentAssignment, member)->cnt` for a member taken out of
    /// `currentAssignment` (one whose assignment cannot change): a NULL dereference.
    MissingAssignment,
    /// `PartitionMovements_*`: a partition's movement record disagrees with its owner (a failed
    /// `rd_assert`) or points at a list already removed.
    StaleMovementRecord,
    /// `getTheActualPartitionToBeMoved` returns a pointer into a movement list that
    /// `movePartition` then empties and frees; librdkafka reads the partition through it.
    FreedMovementList,
}

impl fmt::Display for Undefined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoCurrentConsumer => "rd_assert(consumer) fails in performReassignments",
            Self::MissingAssignment => {
                "performReassignments reads the assignment of a member it set aside (NULL)"
            }
            Self::StaleMovementRecord => "a PartitionMovements record is stale (rd_assert)",
            Self::FreedMovementList => {
                "processPartitionMovement reads a partition from a freed movement list"
            }
        })
    }
}

/// Where kafka-python's sticky code takes "any" element of a Python `set` of partitions
/// (`set.pop()`, `next(iter(s))`). Which one it gets follows the set's hash order, and Python
/// seeds its string hash at random in each process (`PYTHONHASHSEED`): the same group can be
/// assigned differently by two runs of the same leader. The model takes the smallest partition
/// (topic, then number) and says that it chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arbitrary {
    /// `StickyAssignmentExecutor._populate_sorted_partitions`: `previous_partitions.pop()`, one
    /// of two or more partitions of a member that had another owner a generation before.
    PreviousPartition,
    /// `PartitionMovements.get_partition_to_be_moved`: `next(iter(...))`, one of two or more
    /// partitions that moved the other way along the same pair of members.
    MovedPartition,
}

impl fmt::Display for Arbitrary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::PreviousPartition => {
                "_populate_sorted_partitions pops one of several previously owned partitions \
                 from a Python set (hash order)"
            }
            Self::MovedPartition => {
                "get_partition_to_be_moved takes the first of several moved partitions \
                 from a Python set (hash order)"
            }
        })
    }
}

/// An assignor run: the assignment, for librdkafka's `cooperative-sticky` where its code would
/// have left defined behaviour on the way, and for kafka-python's sticky assignors where its
/// code chose by hash order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub assignment: Assignment,
    pub undefined: Option<Undefined>,
    pub arbitrary: Option<Arbitrary>,
}

/// Why the leader cannot run an assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AssignError {
    UnknownClient(String),
    UnknownStrategy(String),
    /// librdkafka registers only range, roundrobin and cooperative-sticky
    /// (`rd_kafka_assignors_init`, src/rdkafka_assignor.c).
    Unsupported {
        client: Client,
        strategy: Strategy,
    },
    DuplicateMember(String),
    NegativePartitionCount {
        topic: String,
        count: i32,
    },
    /// kafka-python's assignor raises this exception (its type and message, as the last line
    /// of Python's traceback prints them).
    Raised(String),
}

impl fmt::Display for AssignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownClient(name) => {
                write!(
                    f,
                    "unknown client \"{name}\" (expected librdkafka, java or kafka-python)"
                )
            }
            Self::UnknownStrategy(name) => write!(
                f,
                "unknown strategy \"{name}\" (expected range, roundrobin, sticky or cooperative-sticky)"
            ),
            // librdkafka's own wording (rd_kafka_assignors_init).
            Self::Unsupported { strategy, .. } => write!(
                f,
                "Unsupported partition.assignment.strategy: {} \
                 (librdkafka has no eager sticky assignor; use cooperative-sticky)",
                strategy.name()
            ),
            Self::DuplicateMember(id) => write!(f, "member id \"{id}\" appears twice"),
            Self::NegativePartitionCount { topic, count } => {
                write!(
                    f,
                    "topic \"{topic}\" has a negative partition count ({count})"
                )
            }
            Self::Raised(exception) => f.write_str(exception),
        }
    }
}

impl std::error::Error for AssignError {}

/// Runs `strategy` as `client`'s group leader would, for the cluster's `topics` (name ->
/// partition count) and the group's `members`. Every member appears in the result.
///
/// Only topics that exist and that some member subscribes to are assigned; a subscribed topic
/// missing from `topics` is ignored (KJ `AbstractPartitionAssignor.assign`, RD
/// `rd_kafka_member_subscriptions_map`).
pub fn assign(
    client: Client,
    strategy: Strategy,
    topics: &VecMap<String, i32>,
    members: &[Member],
) -> Result<Assignment, AssignError> {
    run(client, strategy, topics, members).map(|outcome| outcome.assignment)
}

/// [`assign`], also saying where librdkafka's code would leave defined behaviour ([`Undefined`]).
pub fn run(
    client: Client,
    strategy: Strategy,
    topics: &VecMap<String, i32>,
    members: &[Member],
) -> Result<Outcome, AssignError> {
    if (client, strategy) == (Client::Librdkafka, Strategy::Sticky) {
        return Err(AssignError::Unsupported { client, strategy });
    }
    if let Some((topic, &count)) = topics.iter().find(|(_, count)| **count < 0) {
        return Err(AssignError::NegativePartitionCount {
            topic: topic.clone(),
            count,
        });
    }
    let mut seen = VecSet::new();
    if let Some(member) = members.iter().find(|m| !seen.insert(m.id.as_str())) {
        return Err(AssignError::DuplicateMember(member.id.clone()));
    }
    if client == Client::KafkaPython {
        return kafka_python::run(strategy, topics, members);
    }
    if members.is_empty() {
        return Ok(Outcome {
            assignment: Assignment::new(),
            undefined: None,
            arbitrary: None,
        });
    }
    let eligible = eligible_topics(topics, members);
    let defined = |assignment| (assignment, None);
    let (assignment, undefined) = match (client, strategy) {
        (_, Strategy::Range) => defined(range::assign(client, &eligible, members)),
        (_, Strategy::RoundRobin) => defined(roundrobin::assign(client, &eligible, members)?),
        (Client::Java, _) => defined(java_sticky(&eligible, members)?),
        _ => {
            let general = general::assign(client, &eligible, members)?;
            (general.assignment, general.undefined)
        }
    };
    Ok(Outcome {
        assignment,
        undefined,
        arbitrary: None,
    })
}

/// Java's `AbstractStickyAssignor.assignPartitions`: the constrained builder when every member
/// subscribes to the same topics, the general one otherwise.
fn java_sticky(eligible: &[(String, i32)], members: &[Member]) -> Result<Assignment, AssignError> {
    let claims = java_owned::JavaClaims::resolve(eligible, members);
    if claims.all_subscriptions_equal {
        Ok(constrained::assign(eligible, members, &claims))
    } else {
        Ok(general::assign(Client::Java, eligible, members)?.assignment)
    }
}

/// Topics that exist and have at least one subscriber, sorted by name, with their partition
/// counts. (The metadata's topic order is the name order; both clients sort where it matters.)
fn eligible_topics(topics: &VecMap<String, i32>, members: &[Member]) -> Vec<(String, i32)> {
    topics
        .iter()
        .filter(|(topic, _)| members.iter().any(|m| m.subscribes(topic)))
        .map(|(topic, &count)| (topic.clone(), count))
        .collect()
}

/// An assignment with every member present and no partition yet.
fn empty_assignment(members: &[Member]) -> Assignment {
    members.iter().map(|m| (m.id.clone(), Vec::new())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_as_the_clients_spell_them() {
        assert_eq!(
            "cooperative-sticky".parse(),
            Ok(Strategy::CooperativeSticky)
        );
        assert_eq!("roundrobin".parse(), Ok(Strategy::RoundRobin));
        assert_eq!("java".parse(), Ok(Client::Java));
        assert_eq!(
            "round-robin".parse::<Strategy>(),
            Err(AssignError::UnknownStrategy("round-robin".into()))
        );
        assert!(Strategy::CooperativeSticky.is_cooperative());
        assert!(!Strategy::Sticky.is_cooperative());
    }

    #[test]
    fn bad_groups_are_refused() {
        let member = Member {
            id: "c1".into(),
            ..Member::default()
        };
        let topics = VecMap::from([("t".to_owned(), -1)]);
        assert_eq!(
            assign(
                Client::Java,
                Strategy::Range,
                &topics,
                std::slice::from_ref(&member)
            ),
            Err(AssignError::NegativePartitionCount {
                topic: "t".into(),
                count: -1
            })
        );
        assert_eq!(
            assign(
                Client::Java,
                Strategy::Range,
                &VecMap::new(),
                &[member.clone(), member]
            ),
            Err(AssignError::DuplicateMember("c1".into()))
        );
    }
}
