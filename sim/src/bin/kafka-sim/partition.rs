//! `kafka-sim partition`: the partition one produced message lands on, as librdkafka chooses it.
//!
//! One JSON object per input line:
//!
//! ```json
//! {"partitioner": "consistent_random", "partitions": 7, "key": "hejsan"}
//! {"partitioner": "murmur2", "partitions": 12, "key_hex": "00ff"}
//! {"partitioner": "random", "partitions": 3, "key": null, "seed": 42}
//! {"partitions": 3, "key": "k", "partition": 1}
//! ```
//!
//! - `partitioner`: a librdkafka `partitioner` name (`random`, `consistent`,
//!   `consistent_random`, `murmur2`, `murmur2_random`, `fnv1a`, `fnv1a_random`); default
//!   `consistent_random`, librdkafka's default.
//! - `partitions` (required): the topic's partition count, 1 or more.
//! - `key`: the key as UTF-8 text, or `null` for a NULL key; or `key_hex`: the key's bytes in
//!   hex (`""` is the empty key). Neither given means a NULL key.
//! - `seed` (u64, default 0): seeds the random choice of keyless or random messages; the same
//!   seed gives the same answer. The message is the topic's first, so a sticky partition is
//!   drawn for it just as for any other random choice.
//! - `partition`: an explicit partition (`-1` lets the partitioner choose, as in Python's
//!   `produce(partition=-1)`); it must exist.
//!
//! Answer: `{"partition": 3}`. Bad input is answered with `{"error": "..."}`.

use kafka_sim::partitioner::{self, PARTITION_UA, Partitioner, StickyState};
use kafka_sim::rng::SimRng;
use serde_json::{Map, Value, json};

const FIELDS: [&str; 6] = [
    "partitioner",
    "partitions",
    "key",
    "key_hex",
    "seed",
    "partition",
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
    let p = match fields.get("partitioner") {
        None => Partitioner::default(),
        Some(Value::String(name)) => name.parse().map_err(|e| format!("{e}"))?,
        Some(_) => return Err("\"partitioner\" must be a string".into()),
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
        None => PARTITION_UA,
        Some(v) => v
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .ok_or("\"partition\" must be an integer")?,
    };
    let mut rng = SimRng::stream(seed, "partitioner");
    let mut sticky = StickyState::default();
    // librdkafka's default sticky.partitioning.linger.ms (2 × linger.ms); the first keyless
    // message of a topic draws its sticky partition whatever the linger.
    let partition = partitioner::target_partition(explicit, partitions, || {
        partitioner::choose(p, key.as_deref(), partitions, &mut sticky, 10, 0, &mut rng)
    })
    .map_err(|e| format!("partition {}: {e}", e.0))?;
    Ok(json!({ "partition": partition }))
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
