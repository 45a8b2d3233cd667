//! Properties of every assignor over random groups. Owned partitions come from a previous
//! assignment of the group (one claimant each, owners still subscribed): librdkafka's sticky
//! assignor is only reliable on such input (kafka-semantics.md §6), and the model follows it.

use kafka_sim::TopicPartition;
use kafka_sim::assignor::{Assignment, Client, Member, Strategy as AssignorStrategy, assign};
use kafka_sim::collect::{VecMap, VecSet};
use proptest::prelude::*;

const TOPICS: [&str; 4] = ["a", "b", "c", "missing"];

/// (client, strategy) pairs that exist.
const RUNS: [(Client, AssignorStrategy); 7] = [
    (Client::Librdkafka, AssignorStrategy::Range),
    (Client::Librdkafka, AssignorStrategy::RoundRobin),
    (Client::Librdkafka, AssignorStrategy::CooperativeSticky),
    (Client::Java, AssignorStrategy::Range),
    (Client::Java, AssignorStrategy::RoundRobin),
    (Client::Java, AssignorStrategy::Sticky),
    (Client::Java, AssignorStrategy::CooperativeSticky),
];

#[derive(Clone, Debug)]
struct Group {
    topics: VecMap<String, i32>,
    members: Vec<Member>,
}

/// Topics a, b, c exist (1..8 partitions); "missing" can be subscribed but does not exist.
/// Members subscribe to a non-empty subset; some are static.
fn group(equal_subscriptions: bool) -> impl Strategy<Value = Group> {
    let topics = proptest::collection::vec(1..8i32, 3);
    let subscription = proptest::sample::subsequence(TOPICS.to_vec(), 1..=4);
    let members = proptest::collection::vec((subscription, any::<bool>(), 0..100u32), 1..7);
    (topics, members).prop_map(move |(counts, raw)| {
        let topics = TOPICS
            .iter()
            .zip(counts)
            .map(|(t, n)| (t.to_string(), n))
            .collect();
        let first = raw[0].0.clone();
        let members = raw
            .into_iter()
            .enumerate()
            .map(|(i, (subscription, is_static, tag))| Member {
                id: format!("m{tag:02}-{i}"),
                instance_id: is_static.then(|| format!("i{}", 99 - tag)),
                topics: if equal_subscriptions {
                    first.clone()
                } else {
                    subscription
                }
                .iter()
                .map(|t| t.to_string())
                .collect(),
                ..Member::default()
            })
            .collect();
        Group { topics, members }
    })
}

/// The group after a rebalance of `previous`: members keep what they were given, the first
/// `leaving` members leave and `joining` fresh ones (same subscription as the first) join.
fn next_generation(group: &Group, previous: &Assignment, leaving: usize, joining: usize) -> Group {
    let subscription = group.members[0].topics.clone();
    let mut members: Vec<Member> = group
        .members
        .iter()
        .skip(leaving.min(group.members.len() - 1))
        .map(|m| Member {
            owned: previous[&m.id].clone(),
            generation: Some(7),
            ..m.clone()
        })
        .collect();
    members.extend((0..joining).map(|i| Member {
        id: format!("new-{i}"),
        topics: subscription.clone(),
        ..Member::default()
    }));
    Group {
        topics: group.topics.clone(),
        members,
    }
}

fn subscribed_partitions(group: &Group) -> VecSet<TopicPartition> {
    group
        .topics
        .iter()
        .filter(|(t, _)| group.members.iter().any(|m| m.topics.contains(t)))
        .flat_map(|(t, n)| (0..*n).map(move |p| TopicPartition::new(t.as_str(), p)))
        .collect()
}

fn check_complete(group: &Group, assignment: &Assignment) -> Result<(), TestCaseError> {
    let ids: VecSet<&String> = group.members.iter().map(|m| &m.id).collect();
    prop_assert_eq!(assignment.keys().collect::<VecSet<_>>(), ids);
    let mut seen = VecSet::new();
    for member in &group.members {
        for tp in &assignment[&member.id] {
            prop_assert!(seen.insert(tp.clone()), "{} assigned twice", tp);
            prop_assert!(
                member.topics.iter().any(|t| *t == tp.topic),
                "{} to non-subscriber",
                tp
            );
        }
    }
    prop_assert_eq!(seen, subscribed_partitions(group));
    Ok(())
}

fn loads(assignment: &Assignment) -> (usize, usize) {
    let sizes = assignment.values().map(Vec::len);
    (sizes.clone().min().unwrap(), sizes.max().unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_partition_goes_once_to_a_subscriber(
        g in group(false), leaving in 0..3usize, joining in 0..3usize
    ) {
        for (client, strategy) in RUNS {
            let first = assign(client, strategy, &g.topics, &g.members).unwrap();
            check_complete(&g, &first)?;
            let next = next_generation(&g, &first, leaving, joining);
            check_complete(&next, &assign(client, strategy, &next.topics, &next.members).unwrap())?;
        }
    }

    #[test]
    fn assignments_are_deterministic(g in group(false), leaving in 0..3usize) {
        for (client, strategy) in RUNS {
            let first = assign(client, strategy, &g.topics, &g.members).unwrap();
            let next = next_generation(&g, &first, leaving, 1);
            prop_assert_eq!(
                assign(client, strategy, &next.topics, &next.members).unwrap(),
                assign(client, strategy, &next.topics, &next.members).unwrap()
            );
        }
    }

    /// Range: per topic, subscribers in sort order get `n / k` or one more, the extra ones first.
    #[test]
    fn range_splits_each_topic_evenly(g in group(false)) {
        for client in [Client::Librdkafka, Client::Java] {
            let assignment = assign(client, AssignorStrategy::Range, &g.topics, &g.members).unwrap();
            for (topic, n) in &g.topics {
                let shares: Vec<usize> = g.members.iter()
                    .filter(|m| m.topics.contains(topic))
                    .map(|m| assignment[&m.id].iter().filter(|tp| tp.topic == *topic).count())
                    .collect();
                if let (Some(min), Some(max)) = (shares.iter().min(), shares.iter().max()) {
                    prop_assert!(max - min <= 1);
                    prop_assert_eq!(shares.iter().sum::<usize>(), *n as usize);
                }
            }
        }
    }

    /// Round-robin and both sticky assignors balance a group with equal subscriptions to within
    /// one partition, also after members leave and join.
    #[test]
    fn equal_subscriptions_are_balanced(
        g in group(true), leaving in 0..3usize, joining in 0..3usize
    ) {
        for (client, strategy) in RUNS.into_iter().filter(|(_, s)| *s != AssignorStrategy::Range) {
            let first = assign(client, strategy, &g.topics, &g.members).unwrap();
            let (min, max) = loads(&first);
            prop_assert!(max - min <= 1, "{:?} {:?}: {:?}", client, strategy, first);
            let next = next_generation(&g, &first, leaving, joining);
            let second = assign(client, strategy, &next.topics, &next.members).unwrap();
            let (min, max) = loads(&second);
            prop_assert!(max - min <= 1, "{:?} {:?}: {:?}", client, strategy, second);
        }
    }

    /// Sticky: a member that stays keeps at least min(owned, quota) of its partitions, where
    /// quota = floor(partitions / members).
    #[test]
    fn sticky_members_keep_their_partitions(
        g in group(true), leaving in 0..3usize, joining in 0..3usize
    ) {
        for (client, strategy) in RUNS.into_iter().filter(|(_, s)| matches!(s, AssignorStrategy::Sticky | AssignorStrategy::CooperativeSticky)) {
            let first = assign(client, strategy, &g.topics, &g.members).unwrap();
            let next = next_generation(&g, &first, leaving, joining);
            let second = assign(client, strategy, &next.topics, &next.members).unwrap();
            let quota = subscribed_partitions(&next).len() / next.members.len();
            for m in &next.members {
                let kept = m.owned.iter().filter(|tp| second[&m.id].contains(tp)).count();
                prop_assert!(kept >= m.owned.len().min(quota), "{:?} {}: kept {} of {:?}", client, m.id, kept, m.owned);
            }
        }
    }
}
