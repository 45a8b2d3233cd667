//! Random groups of the shape issue 12 names, from a seeded generator, and each as the
//! `kafka-sim assign` request line that describes it.

use kafka_sim::assignor::Strategy;
use serde_json::{Value, json};

/// SplitMix64 (Steele, Lea, Flood 2014): a named, seeded generator, so a seed always gives the
/// same groups.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` %.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// One group member as the leader sees it; topics are indexes into `Group::topics`.
#[derive(Clone, Debug)]
pub struct GroupMember {
    pub id: String,
    pub instance_id: Option<String>,
    pub topics: Vec<usize>,
    pub owned: Vec<(usize, i32)>,
    pub generation: i32,
}

/// A random group: the cluster's topics (name order, as the model holds them) and the members
/// in the order the leader lists them.
#[derive(Clone, Debug)]
pub struct Group {
    pub topics: Vec<(String, i32)>,
    /// The cluster has `topics[..cluster_topics]`; the others exist only in subscriptions and
    /// owned lists.
    pub cluster_topics: usize,
    pub members: Vec<GroupMember>,
}

impl Group {
    pub fn random(rng: &mut SplitMix64) -> Self {
        // Now and then the last topic is one the cluster no longer has (deleted), which members
        // may still subscribe to and own.
        let topic_cnt = 1 + rng.below(5);
        let cluster_topics = topic_cnt - usize::from(topic_cnt > 1 && rng.chance(15));
        let topics: Vec<(String, i32)> = (0..topic_cnt)
            .map(|t| (format!("ak03.t{t}"), 1 + rng.below(10) as i32))
            .collect();
        let same_subscription = rng.chance(30);
        let common: Vec<usize> = subset(rng, topics.len());
        let newest = 1 + rng.below(8) as i32;
        let mut members: Vec<GroupMember> = (0..1 + rng.below(8))
            .map(|i| {
                let generation = if rng.chance(25) {
                    -1
                } else {
                    newest - rng.below(3) as i32
                };
                GroupMember {
                    // Real ids (`<client.id>-<uuid>`) sort independently of the join order.
                    id: format!("rdkafka-{:04x}-c{i}", rng.below(0x1_0000)),
                    instance_id: rng.chance(35).then(|| format!("i{}", rng.below(10))),
                    topics: if same_subscription {
                        common.clone()
                    } else {
                        subset(rng, topics.len())
                    },
                    owned: Vec::new(),
                    generation,
                }
            })
            .collect();
        // Instance ids are unique in a group (the broker fences a duplicate).
        for i in 0..members.len() {
            if members[..i]
                .iter()
                .any(|m| m.instance_id.is_some() && m.instance_id == members[i].instance_id)
            {
                members[i].instance_id = None;
            }
        }
        // The previous assignment: most partitions owned by one member (mostly a subscriber,
        // sometimes one that left the topic), a few by two, and now and then a partition that
        // no longer exists.
        for (t, (_, count)) in topics.iter().enumerate() {
            let subscribers: Vec<usize> = (0..members.len())
                .filter(|&m| members[m].topics.contains(&t))
                .collect();
            for p in 0..*count + i32::from(rng.chance(10)) {
                let owners = match rng.below(100) {
                    0..25 => 0,
                    25..92 => 1,
                    _ => 2,
                };
                for _ in 0..owners {
                    let m = if !subscribers.is_empty() && rng.chance(75) {
                        subscribers[rng.below(subscribers.len())]
                    } else {
                        rng.below(members.len())
                    };
                    if !members[m].owned.contains(&(t, p)) {
                        members[m].owned.push((t, p));
                    }
                }
            }
        }
        for member in &mut members {
            rng.shuffle(&mut member.owned);
        }
        Self {
            topics,
            cluster_topics,
            members,
        }
    }

    /// The group as a `kafka-sim assign` request line.
    pub fn request(&self, strategy: Strategy) -> Value {
        let topics: serde_json::Map<String, Value> = self.topics[..self.cluster_topics]
            .iter()
            .map(|(name, count)| (name.clone(), json!(count)))
            .collect();
        let members: Vec<Value> = self
            .members
            .iter()
            .map(|m| {
                json!({
                    "id": m.id,
                    "instance_id": m.instance_id,
                    "topics": m.topics.iter().map(|&t| &self.topics[t].0).collect::<Vec<_>>(),
                    "owned": m.owned.iter().map(|&(t, p)| json!([self.topics[t].0, p])).collect::<Vec<_>>(),
                    "generation": (m.generation >= 0).then_some(m.generation),
                })
            })
            .collect();
        json!({"strategy": strategy.name(), "client": "librdkafka", "topics": topics, "members": members})
    }
}

/// A non-empty random subset of `0..n`, in random order (a subscription lists topics in the
/// order the program gave them).
fn subset(rng: &mut SplitMix64, n: usize) -> Vec<usize> {
    let mut topics: Vec<usize> = (0..n).filter(|_| rng.chance(55)).collect();
    if topics.is_empty() {
        topics.push(rng.below(n));
    }
    rng.shuffle(&mut topics);
    topics
}
