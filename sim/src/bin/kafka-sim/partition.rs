//! `kafka-sim partition`: the partition one produced message lands on, as librdkafka (or
//! kafka-python) chooses it.
//!
//! One JSON object per input line:
//!
//! ```json
//! {"partitioner": "consistent_random", "partitions": 7, "key": "hejsan"}
//! {"partitioner": "murmur2", "partitions": 12, "key_hex": "00ff"}
//! {"partitioner": "random", "partitions": 3, "key": null, "seed": 42}
//! {"partitions": 3, "key": "k", "partition": 1}
//! {"client": "kafka-python", "partitions": 2, "key": "\"count_num\""}
//! {"client": "kafka-python", "partitions": 4, "key": null, "available": [1, 3]}
//! ```
//!
//! - `client`: `librdkafka` (default, the course's confluent-kafka-python) or `kafka-python`
//!   (kafka-python 3.0.12's `DefaultPartitioner`; `key` is then the serialized key).
//! - `partitioner`: librdkafka only, a librdkafka `partitioner` name (`random`, `consistent`,
//!   `consistent_random`, `murmur2`, `murmur2_random`, `fnv1a`, `fnv1a_random`); default
//!   `consistent_random`, librdkafka's default.
//! - `partitions` (required): the topic's partition count, 1 or more.
//! - `key`: the key as UTF-8 text, or `null` for a NULL key; or `key_hex`: the key's bytes in
//!   hex (`""` is the empty key). Neither given means a NULL key.
//! - `seed` (u64, default 0): seeds the random choice of keyless or random messages; the same
//!   seed gives the same answer. The message is the topic's first, so a sticky partition is
//!   drawn for it just as for any other random choice.
//! - `partition`: an explicit partition. librdkafka: `-1` lets the partitioner choose, as in
//!   Python's `produce(partition=-1)`; it must exist. kafka-python: `null` lets it choose; a
//!   negative or missing one is answered with the `ValueError` `send()` raises.
//! - `available`: the partitions that have a leader (default: all); keyless messages avoid the
//!   others.
//! - `topic`: the topic's name, for kafka-python's error message (default `"topic"`).
//!
//! Answer: `{"partition": 3}`; for a kafka-python keyless message, which is random, also
//! `"random_among"`: the partitions it is drawn from. Bad input is answered with
//! `{"error": "..."}`.

use kafka_sim::partitioner::{self, PARTITION_UA, Partitioner, StickyState, kafka_python};
use kafka_sim::rng::SimRng;
use serde_json::{Map, Value, json};

const FIELDS: [&str; 9] = [
    "client",
    "partitioner",
    "partitions",
    "key",
    "key_hex",
    "seed",
    "partition",
    "available",
    "topic",
];

pub fn handle(request: Value) -> Result<Value, String> {
    let Value::Object(fields) = request else {
        return Err("expected a JSON object".into());
    };
    if let Some(unknown) = fields.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(format!(
            "unknown field \"{unknown}\" (expected: {})",
            FIELDS.join(", ")
        ));
    }
    let kafka_python = match fields.get("client") {
        None => false,
        Some(Value::String(name)) if name == "librdkafka" => false,
        Some(Value::String(name)) if name == "kafka-python" => true,
        Some(other) => {
            return Err(format!(
                "unknown client {other} (expected \"librdkafka\" or \"kafka-python\")"
            ));
        }
    };
    let partitions = fields
        .get("partitions")
        .ok_or("\"partitions\" is required")?
        .as_i64()
        .and_then(|n| i32::try_from(n).ok())
        .filter(|&n| n >= 1)
        .ok_or("\"partitions\" must be an integer from 1 to 2147483647")?;
    let key = key(&fields)?;
    let seed = match fields.get("seed") {
        None => 0,
        Some(v) => v.as_u64().ok_or("\"seed\" must be an unsigned integer")?,
    };
    let explicit = match fields.get("partition") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .ok_or("\"partition\" must be an integer")?,
        ),
    };
    let has_leader = available(&fields, partitions)?;
    let mut rng = SimRng::stream(seed, "partitioner");
    if kafka_python {
        if fields.contains_key("partitioner") {
            return Err(
                "\"partitioner\" names a librdkafka partitioner; kafka-python uses \
                        its DefaultPartitioner"
                    .into(),
            );
        }
        let topic = match fields.get("topic") {
            None => "topic",
            Some(Value::String(name)) => name,
            Some(_) => return Err("\"topic\" must be a string".into()),
        };
        if let Some(partition) = explicit {
            let partition =
                kafka_python::explicit(partition, partitions, topic).map_err(|e| e.to_string())?;
            return Ok(json!({ "partition": partition }));
        }
        let partition = kafka_python::choose(key.as_deref(), &has_leader, &mut rng);
        return Ok(match key {
            Some(_) => json!({ "partition": partition }),
            None => json!({
                "partition": partition,
                "random_among": kafka_python::keyless_pool(&has_leader),
            }),
        });
    }
    if fields.contains_key("topic") {
        return Err("\"topic\" is read for kafka-python only".into());
    }
    let p = match fields.get("partitioner") {
        None => Partitioner::default(),
        Some(Value::String(name)) => name.parse().map_err(|e| format!("{e}"))?,
        Some(_) => return Err("\"partitioner\" must be a string".into()),
    };
    let mut sticky = StickyState::default();
    // librdkafka's default sticky.partitioning.linger.ms (2 × linger.ms); the first keyless
    // message of a topic draws its sticky partition whatever the linger.
    let partition =
        partitioner::target_partition(explicit.unwrap_or(PARTITION_UA), partitions, || {
            partitioner::choose_with_leaders(
                p,
                key.as_deref(),
                &has_leader,
                &mut sticky,
                10,
                0,
                &mut rng,
            )
        })
        .map_err(|e| format!("partition {}: {e}", e.0))?;
    Ok(json!({ "partition": partition }))
}

/// `available`: the partitions with a leader, as a flag per partition (default: all).
fn available(fields: &Map<String, Value>, partitions: i32) -> Result<Vec<bool>, String> {
    let mut has_leader = vec![true; partitions as usize];
    let Some(list) = fields.get("available") else {
        return Ok(has_leader);
    };
    let bad = || {
        format!(
            "\"available\" must be a list of partitions from 0 to {}",
            partitions - 1
        )
    };
    let list = list.as_array().ok_or_else(bad)?;
    has_leader.fill(false);
    for p in list {
        let p = p
            .as_u64()
            .and_then(|p| usize::try_from(p).ok())
            .filter(|&p| p < has_leader.len())
            .ok_or_else(bad)?;
        has_leader[p] = true;
    }
    Ok(has_leader)
}

/// The message key: `key` as text or null, or `key_hex` as bytes; `None` is a NULL key.
fn key(fields: &Map<String, Value>) -> Result<Option<Vec<u8>>, String> {
    match (fields.get("key"), fields.get("key_hex")) {
        (Some(_), Some(_)) => Err("give \"key\" or \"key_hex\", not both".into()),
        (Some(Value::String(text)), None) => Ok(Some(text.as_bytes().to_vec())),
        (Some(Value::Null), None) | (None, None) => Ok(None),
        (Some(_), None) => Err("\"key\" must be a string or null".into()),
        (None, Some(Value::String(hex))) => decode_hex(hex).map(Some),
        (None, Some(_)) => Err("\"key_hex\" must be a string of hex digits".into()),
    }
}

fn decode_hex(hex: &str) -> Result<Vec<u8>, String> {
    let bad = || format!("\"key_hex\" is not an even number of hex digits: \"{hex}\"");
    if !hex.len().is_multiple_of(2) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad()))
        .collect()
}
