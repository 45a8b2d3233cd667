//! Which partition a produced message lands on, as librdkafka decides at `produce()` time.
//!
//! librdkafka names seven partitioners (topic property `partitioner`, default
//! `consistent_random`). A message produced with an explicit partition skips them; a keyed
//! message is hashed; a keyless one goes to the topic's *sticky* partition when sticky
//! partitioning applies (KIP-480, `sticky.partitioning.linger.ms`), else to a random one.
//! [`java`] holds the Java client's rule beside it (murmur2 for keys, KIP-794 stickiness), and
//! [`kafka_python`] kafka-python's (murmur2 for keys, a random partition for keyless messages).
//!
//! Randomness comes only from the [`SimRng`] passed in, time only from `now_ms`.

pub mod hash;
pub mod java;
pub mod kafka_python;
mod sticky;

pub use sticky::StickyState;

use crate::rng::SimRng;
use std::fmt;
use std::str::FromStr;

/// librdkafka's partitioners, by their `partitioner` property names.
/// Source: librdkafka `src/rdkafka_topic.c` (`rd_kafka_topic_new0`, `part_map`), CONFIGURATION.md.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Partitioner {
    /// `random`: a random partition per message.
    Random,
    /// `consistent`: CRC32 of the key; empty and NULL keys hash like the empty key (partition 0).
    Consistent,
    /// `consistent_random` (librdkafka's default): CRC32 of the key; empty and NULL keys random.
    #[default]
    ConsistentRandom,
    /// `murmur2`: Java-compatible murmur2 of the key; a NULL key hashes like the empty key.
    Murmur2,
    /// `murmur2_random`: murmur2 of the key (the empty key too); NULL keys random.
    Murmur2Random,
    /// `fnv1a`: FNV-1a of the key; a NULL key hashes like the empty key.
    Fnv1a,
    /// `fnv1a_random`: FNV-1a of the key (the empty key too); NULL keys random.
    Fnv1aRandom,
}

impl Partitioner {
    /// Every partitioner, in the order librdkafka's documentation lists them.
    pub const ALL: [Partitioner; 7] = [
        Partitioner::Random,
        Partitioner::Consistent,
        Partitioner::ConsistentRandom,
        Partitioner::Murmur2,
        Partitioner::Murmur2Random,
        Partitioner::Fnv1a,
        Partitioner::Fnv1aRandom,
    ];

    /// The `partitioner` property value that selects this partitioner.
    pub fn name(self) -> &'static str {
        match self {
            Partitioner::Random => "random",
            Partitioner::Consistent => "consistent",
            Partitioner::ConsistentRandom => "consistent_random",
            Partitioner::Murmur2 => "murmur2",
            Partitioner::Murmur2Random => "murmur2_random",
            Partitioner::Fnv1a => "fnv1a",
            Partitioner::Fnv1aRandom => "fnv1a_random",
        }
    }

    /// Whether keyless messages may stick: every partitioner but the three purely hashing ones.
    /// Source: librdkafka `src/rdkafka_topic.c` `rd_kafka_topic_new0` (`random_partitioner` flag).
    fn may_stick(self) -> bool {
        !matches!(
            self,
            Partitioner::Consistent | Partitioner::Murmur2 | Partitioner::Fnv1a
        )
    }
}

impl fmt::Display for Partitioner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of librdkafka's partitioners.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownPartitioner(pub String);

impl fmt::Display for UnknownPartitioner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Partitioner::ALL.iter().map(|p| p.name()).collect();
        write!(
            f,
            "unknown partitioner \"{}\" (expected one of: {})",
            self.0,
            names.join(", ")
        )
    }
}

/// Names match exactly, as librdkafka's `strcmp` does (`rd_kafka_conf_validate_partitioner`).
impl FromStr for Partitioner {
    type Err = UnknownPartitioner;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Partitioner::ALL
            .into_iter()
            .find(|p| p.name() == name)
            .ok_or_else(|| UnknownPartitioner(name.to_owned()))
    }
}

/// What the key alone decides: `Some(partition)` for a hashed choice, `None` when the
/// partitioner picks at random. `key` is `None` for a NULL key, `Some(b"")` for an empty one.
/// Source: librdkafka `src/rdkafka_msg.c` `rd_kafka_msg_partitioner_{consistent,
/// consistent_random,murmur2,murmur2_random,fnv1a,fnv1a_random,random}`: CRC32 and FNV-1a are
/// taken modulo the count as unsigned values, murmur2 after `toPositive`; `consistent_random`
/// tests the key *length* (empty is random), the other `*_random` test for a NULL key.
///
/// # Panics
/// If `partition_count` is not positive (librdkafka never runs a partitioner then).
pub fn keyed_partition(p: Partitioner, key: Option<&[u8]>, partition_count: i32) -> Option<i32> {
    assert!(partition_count > 0, "a topic has at least one partition");
    let n = partition_count as u32;
    let bytes = key.unwrap_or_default();
    let hashed = match p {
        Partitioner::Random => return None,
        Partitioner::ConsistentRandom if bytes.is_empty() => return None,
        Partitioner::Murmur2Random | Partitioner::Fnv1aRandom if key.is_none() => return None,
        Partitioner::Consistent | Partitioner::ConsistentRandom => hash::crc32(bytes),
        Partitioner::Murmur2 | Partitioner::Murmur2Random => {
            hash::to_positive(hash::murmur2(bytes))
        }
        Partitioner::Fnv1a | Partitioner::Fnv1aRandom => hash::fnv1a(bytes),
    };
    Some((hashed % n) as i32)
}

/// The full choice for one message, as librdkafka makes it at `produce()` time, when every
/// partition of the topic has a leader. See [`choose_with_leaders`].
pub fn choose(
    p: Partitioner,
    key: Option<&[u8]>,
    partition_count: i32,
    sticky: &mut StickyState,
    sticky_linger_ms: u64,
    now_ms: u64,
    rng: &mut SimRng,
) -> i32 {
    let all_led = vec![true; usize::try_from(partition_count).unwrap_or(0)];
    choose_with_leaders(p, key, &all_led, sticky, sticky_linger_ms, now_ms, rng)
}

/// The full choice for one message; `has_leader[i]` says whether partition `i` is available
/// (its length is the topic's partition count). A keyless message goes to the topic's sticky
/// partition when `sticky_linger_ms > 0`, the partitioner may stick and the key is NULL (or
/// empty, for `consistent_random`); every other message goes through the partitioner.
/// Source: librdkafka `src/rdkafka_msg.c` `rd_kafka_msg_partitioner` (the sticky branch) and
/// `src/rdkafka_topic.c` `rd_kafka_topic_new0` (sticky only when the linger is > 0).
pub fn choose_with_leaders(
    p: Partitioner,
    key: Option<&[u8]>,
    has_leader: &[bool],
    sticky: &mut StickyState,
    sticky_linger_ms: u64,
    now_ms: u64,
    rng: &mut SimRng,
) -> i32 {
    assert!(!has_leader.is_empty(), "a topic has at least one partition");
    let keyless = match key {
        None => true,
        Some(bytes) => bytes.is_empty() && p == Partitioner::ConsistentRandom,
    };
    if sticky_linger_ms > 0 && p.may_stick() && keyless {
        return sticky.partition(has_leader, sticky_linger_ms, now_ms, rng);
    }
    let count = i32::try_from(has_leader.len()).expect("partition count fits an i32");
    keyed_partition(p, key, count).unwrap_or_else(|| random_partition(has_leader, rng))
}

/// A uniformly random partition, drawn a second time (and then kept) if the first draw has
/// no leader. Source: librdkafka `src/rdkafka_msg.c` `rd_kafka_msg_partitioner_random`
/// (`rd_jitter(0, partition_cnt - 1)`).
fn random_partition(has_leader: &[bool], rng: &mut SimRng) -> i32 {
    let last = has_leader.len() as u64 - 1;
    let first = rng.between(0, last) as usize;
    let chosen = if has_leader[first] {
        first
    } else {
        rng.between(0, last) as usize
    };
    chosen as i32
}

/// `RD_KAFKA_PARTITION_UA`: "let the partitioner choose", the default of Python's
/// `produce(..., partition=-1)`. Source: librdkafka `src/rdkafka.h`.
pub const PARTITION_UA: i32 = -1;

/// An explicit partition the topic does not have: librdkafka fails `produce()` with
/// `RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION`, which Python raises as a `KafkaException`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownPartition(pub i32);

/// The message confluent-kafka-python raises (`Producer.c` `Producer_produce`, with
/// librdkafka's `rd_kafka_err2str`).
impl fmt::Display for UnknownPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unable to produce message: Local: Unknown partition")
    }
}

/// The partition a `produce()` call targets: an explicit partition wins as given (the
/// partitioner, and so the sticky state, is not touched) but must exist; with
/// [`PARTITION_UA`] the `partitioner` closure chooses.
/// Source: librdkafka `src/rdkafka_msg.c` `rd_kafka_msg_partitioner` (partition check and
/// `rd_kafka_toppar_get`).
pub fn target_partition(
    partition: i32,
    partition_count: i32,
    partitioner: impl FnOnce() -> i32,
) -> Result<i32, UnknownPartition> {
    if partition == PARTITION_UA {
        return Ok(partitioner());
    }
    if (0..partition_count).contains(&partition) {
        Ok(partition)
    } else {
        Err(UnknownPartition(partition))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_default_is_consistent_random() {
        for p in Partitioner::ALL {
            assert_eq!(p.to_string().parse::<Partitioner>(), Ok(p));
        }
        assert_eq!(Partitioner::default(), Partitioner::ConsistentRandom);
        assert_eq!(
            "Murmur2".parse::<Partitioner>(),
            Err(UnknownPartitioner("Murmur2".into()))
        );
    }

    #[test]
    fn hashing_partitioners_never_stick() {
        let sticking: Vec<_> = Partitioner::ALL
            .into_iter()
            .filter(|p| p.may_stick())
            .collect();
        assert_eq!(
            sticking,
            [
                Partitioner::Random,
                Partitioner::ConsistentRandom,
                Partitioner::Murmur2Random,
                Partitioner::Fnv1aRandom
            ]
        );
    }

    #[test]
    fn empty_and_null_keys_per_partitioner() {
        use Partitioner::*;
        let empty: Option<&[u8]> = Some(b"");
        // 0x106e08d9 % 7 == 2 (murmur2 of nothing); 0x7ee3623b % 7 == 2 (fnv1a of nothing).
        let cases = [
            (Random, None, None),
            (Random, empty, None),
            (Consistent, None, Some(0)),
            (Consistent, empty, Some(0)),
            (ConsistentRandom, None, None),
            (ConsistentRandom, empty, None),
            (Murmur2, None, Some(2)),
            (Murmur2, empty, Some(2)),
            (Murmur2Random, None, None),
            (Murmur2Random, empty, Some(2)),
            (Fnv1a, None, Some(2)),
            (Fnv1a, empty, Some(2)),
            (Fnv1aRandom, None, None),
            (Fnv1aRandom, empty, Some(2)),
        ];
        for (p, key, want) in cases {
            assert_eq!(keyed_partition(p, key, 7), want, "{p} {key:?}");
        }
    }

    #[test]
    fn random_keyed_messages_do_not_stick_but_keyless_ones_do() {
        // `random` with a key (even an empty one) draws per message; with a NULL key it sticks.
        let mut rng = SimRng::stream(1, "partitioner");
        let mut sticky = StickyState::default();
        let keyless: Vec<i32> = (0..20)
            .map(|_| choose(Partitioner::Random, None, 50, &mut sticky, 10, 0, &mut rng))
            .collect();
        assert!(keyless.iter().all(|&p| p == keyless[0]));
        let keyed: Vec<i32> = (0..20)
            .map(|_| {
                choose(
                    Partitioner::Random,
                    Some(b""),
                    50,
                    &mut sticky,
                    10,
                    0,
                    &mut rng,
                )
            })
            .collect();
        assert!(keyed.iter().any(|&p| p != keyed[0]));
    }

    #[test]
    fn a_random_draw_without_leader_is_drawn_again_once() {
        // Only partition 3 of 4 has a leader: the redraw may still land on a leaderless one,
        // but a first draw of 3 is always kept.
        let has_leader = [false, false, false, true];
        let mut rng = SimRng::stream(5, "partitioner");
        let mut mirror = rng.clone();
        for _ in 0..50 {
            let got = random_partition(&has_leader, &mut rng);
            let first = mirror.between(0, 3) as i32;
            let want = if first == 3 {
                3
            } else {
                mirror.between(0, 3) as i32
            };
            assert_eq!(got, want);
        }
    }

    #[test]
    fn an_explicit_partition_wins_and_is_checked() {
        let never = || panic!("the partitioner must not run");
        assert_eq!(target_partition(2, 3, never), Ok(2));
        assert_eq!(target_partition(3, 3, never), Err(UnknownPartition(3)));
        assert_eq!(target_partition(-2, 3, never), Err(UnknownPartition(-2)));
        assert_eq!(target_partition(PARTITION_UA, 3, || 1), Ok(1));
        assert_eq!(
            UnknownPartition(3).to_string(),
            "Unable to produce message: Local: Unknown partition"
        );
    }
}
