//! The JSON shape of partitions in the runner's requests and the reference vectors: a
//! `["topic", partition]` pair rather than an object.

use crate::TopicPartition;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `#[serde(with = "wire::partitions")]` for a `Vec<TopicPartition>` written as pairs.
pub mod partitions {
    use super::*;

    pub fn serialize<S: Serializer>(list: &[TopicPartition], s: S) -> Result<S::Ok, S::Error> {
        list.iter()
            .map(|tp| (tp.topic.as_str(), tp.partition))
            .collect::<Vec<_>>()
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<TopicPartition>, D::Error> {
        let pairs = Vec::<(String, i32)>::deserialize(d)?;
        Ok(pairs
            .into_iter()
            .map(|(topic, partition)| TopicPartition::new(topic, partition))
            .collect())
    }
}

/// An assignment with its lists written as pairs.
pub fn assignment_json(assignment: &super::Assignment) -> serde_json::Value {
    assignment
        .iter()
        .map(|(member, list)| {
            let pairs = list
                .iter()
                .map(|tp| serde_json::json!([tp.topic, tp.partition]))
                .collect();
            (member.clone(), serde_json::Value::Array(pairs))
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::super::Member;

    #[test]
    fn owned_partitions_read_and_write_as_pairs() {
        let member: Member =
            serde_json::from_str(r#"{"id": "c1", "topics": ["t"], "owned": [["t", 2]]}"#).unwrap();
        assert_eq!(member.owned, [crate::TopicPartition::new("t", 2)]);
        assert_eq!(member.generation, None);
        let json = serde_json::to_value(&member).unwrap();
        assert_eq!(json["owned"], serde_json::json!([["t", 2]]));
    }
}
