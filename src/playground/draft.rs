//! The scenario being edited, in the scenario file's own shape: what the editor changes is
//! typed (the brokers, the topics, the configuration dicts, the timeline), the rest is kept
//! as the file had it, so an imported file runs as it is. Configuration dicts keep the order
//! they were written in: `Producer(props)` raises on the first bad pair.

use super::kafka_python;
use super::profile::{ClientProfile, Kept, Role, set_profile, switched_config};
use super::templates::{CommitStyle, ConsumerTemplate, Placement, ProducerTemplate};
use kafka_sim::scenario::{self, ScenarioError};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::fmt;

/// A scenario file as the playground holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub seed: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch_ms: Option<u64>,
    #[serde(default)]
    pub cluster: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<Value>,
    #[serde(default)]
    pub topics: Vec<TopicDraft>,
    #[serde(default)]
    pub producers: Vec<ClientDraft>,
    #[serde(default)]
    pub consumers: Vec<ClientDraft>,
    #[serde(default)]
    pub timeline: Vec<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_until_ms: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicDraft {
    pub name: String,
    #[serde(default = "one")]
    pub partitions: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication_factor: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_insync_replicas: Option<usize>,
}

fn one() -> i32 {
    1
}

/// A producer or a consumer: its configuration dict, its program, and the rest of its entry
/// (callbacks, `start_at_ms`, `profile`, `error_cb`) as written; and what it held under the
/// other client's names before the student switched its profile (not in the file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientDraft {
    #[serde(default)]
    pub config: Dict,
    #[serde(default)]
    pub program: Value,
    #[serde(flatten)]
    pub rest: Map<String, Value>,
    #[serde(skip)]
    pub kept: Option<Box<Kept>>,
}

/// A configuration dict: its pairs in the order written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dict(pub Vec<(String, Value)>);

impl Dict {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key`, in its place if the dict has it, else last.
    pub fn set(&mut self, key: &str, value: Value) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(pair) => pair.1 = value,
            None => self.0.push((key.to_owned(), value)),
        }
    }

    pub fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }
}

impl Serialize for Dict {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Dict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pairs;

        impl<'de> Visitor<'de> for Pairs {
            type Value = Dict;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of configuration properties")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dict, A::Error> {
                let mut dict = Dict::default();
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    dict.set(&key, value);
                }
                Ok(dict)
            }
        }

        deserializer.deserialize_map(Pairs)
    }
}

/// The commands a timeline entry may give, with the field naming their target (the scenario
/// file's `CommandEntry`).
pub const COMMANDS: [(&str, &str); 10] = [
    ("crash_broker", "broker"),
    ("restart_broker", "broker"),
    ("drop_next_response", "broker"),
    ("delay_follower", "broker"),
    ("add_partitions", "topic"),
    ("start_producer", "producer"),
    ("start_consumer", "consumer"),
    ("interrupt_consumer", "consumer"),
    ("stop_consumer", "consumer"),
    ("kill_consumer", "consumer"),
];

impl Draft {
    /// Opens a scenario file: checked first as `kafka-sim run` checks it (the same message,
    /// with the path of the error), so a file opens exactly when it runs.
    pub fn import(json: &str) -> Result<Draft, ScenarioError> {
        scenario::parse(json)?;
        serde_json::from_str(json).map_err(|e| ScenarioError {
            path: String::new(),
            message: e.to_string(),
        })
    }

    /// The scenario file, pretty-printed as the goldens are.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a draft serializes")
    }

    /// The cluster's brokers (the file's default when it does not say).
    pub fn cluster_brokers(&self) -> i64 {
        self.cluster
            .get("brokers")
            .and_then(Value::as_i64)
            .unwrap_or(1)
    }

    /// A producer made from the templates, writing to the first topic.
    pub fn new_producer(&self) -> ClientDraft {
        let mut client = ClientDraft {
            config: Dict(vec![
                ("bootstrap.servers".into(), json!("localhost:9092")),
                ("acks".into(), json!("all")),
            ]),
            program: Value::Null,
            rest: Map::new(),
            kept: None,
        };
        self.producer_template().apply(&mut client);
        client
    }

    /// The loop a new producer runs.
    fn producer_template(&self) -> ProducerTemplate {
        ProducerTemplate {
            topic: self.first_topic(),
            count: 10,
            key: "{i}".into(),
            value: "msg_{i}".into(),
            sleep_ms: 100,
            poll: Placement::EachMessage,
            flush: Placement::AtEnd,
            callback: true,
        }
    }

    /// A consumer in the first consumer's group (or `tdea`), made from the templates.
    pub fn new_consumer(&self) -> ClientDraft {
        let group = self
            .consumers
            .first()
            .and_then(|c| {
                c.config
                    .get("group.id")
                    .or(c.config.get("group_id"))
                    .cloned()
            })
            .unwrap_or_else(|| json!("tdea"));
        let mut client = ClientDraft {
            config: Dict(vec![
                ("bootstrap.servers".into(), json!("localhost:9092")),
                ("group.id".into(), group),
                ("auto.offset.reset".into(), json!("earliest")),
            ]),
            program: Value::Null,
            rest: Map::new(),
            kept: None,
        };
        self.consumer_template().apply(&mut client);
        client
    }

    /// The poll loop a new consumer runs.
    fn consumer_template(&self) -> ConsumerTemplate {
        ConsumerTemplate {
            topic: self.first_topic(),
            commit: CommitStyle::Auto,
            work_ms: 0,
        }
    }

    /// Gives producer `i` a new producer's program, in its profile's calls, keeping its dict.
    pub fn fresh_producer_program(&mut self, i: usize) {
        let template = self.producer_template();
        if let Some(client) = self.producers.get_mut(i) {
            template.apply(client);
        }
    }

    /// Gives consumer `i` a new consumer's program, in its profile's calls, keeping its dict.
    pub fn fresh_consumer_program(&mut self, i: usize) {
        let template = self.consumer_template();
        if let Some(client) = self.consumers.get_mut(i) {
            template.apply(client);
        }
    }

    /// Moves producer `i` to `profile`: see [`Draft::switch`].
    pub fn switch_producer(&mut self, i: usize, profile: ClientProfile) {
        let Some(mut client) = self.producers.get(i).cloned() else {
            return;
        };
        let template = ProducerTemplate::recognize(&client);
        let fresh = self.producer_template();
        let base = kafka_python::producer_base();
        self.switch(&mut client, Role::Producer, profile, base, |client| {
            template.unwrap_or(fresh).apply(client);
        });
        self.producers[i] = client;
    }

    /// Moves consumer `i` to `profile`: see [`Draft::switch`].
    pub fn switch_consumer(&mut self, i: usize, profile: ClientProfile) {
        let Some(mut client) = self.consumers.get(i).cloned() else {
            return;
        };
        let template = ConsumerTemplate::recognize(&client);
        let fresh = self.consumer_template();
        // Every pair of a new consumer's dict has a twin: nothing more to add.
        self.switch(
            &mut client,
            Role::Consumer,
            profile,
            Dict::default(),
            |client| {
                template.unwrap_or(fresh).apply(client);
            },
        );
        self.consumers[i] = client;
    }

    /// Moves `client` to `profile`. Between librdkafka and the Java client only the profile
    /// changes (the same names, the same calls). To or from kafka-python, the dict and the
    /// program change dialect: what the client held there before comes back (else `base`,
    /// for kafka-python), every pair with a twin carried across, and a template's program
    /// written again in the other calls (`write_template`) with the same choices; a program
    /// no template wrote comes back as it was there, if it was there.
    fn switch(
        &self,
        client: &mut ClientDraft,
        role: Role,
        profile: ClientProfile,
        base: Dict,
        write_template: impl FnOnce(&mut ClientDraft),
    ) {
        let from = ClientProfile::of(client);
        let recognised = match role {
            Role::Producer => ProducerTemplate::recognize(client).is_some(),
            Role::Consumer => ConsumerTemplate::recognize(client).is_some(),
        };
        set_profile(client, profile);
        if from.kafka_python() == profile.kafka_python() {
            return;
        }
        let kept = client.kept.take();
        let left = Kept {
            config: client.config.clone(),
            program: client.program.clone(),
            callbacks: client.rest.get("callbacks").cloned(),
        };
        let base = match profile.kafka_python() {
            true => base,
            false => Dict::default(),
        };
        let kept_config = kept.as_ref().map(|k| &k.config);
        client.config = switched_config(
            role,
            &left.config,
            kept_config,
            base,
            profile.kafka_python(),
        );
        match kept.filter(|_| !recognised) {
            Some(kept) => {
                client.program = kept.program;
                match kept.callbacks {
                    Some(callbacks) => client.rest.insert("callbacks".into(), callbacks),
                    None => client.rest.remove("callbacks"),
                };
            }
            None => write_template(client),
        }
        client.kept = Some(Box::new(left));
    }

    fn first_topic(&self) -> String {
        self.topics
            .first()
            .map_or_else(|| "ak03.playground".into(), |t| t.name.clone())
    }
}

impl Default for Draft {
    /// Three brokers, a replicated topic, a producer and a group of two consumers, and a
    /// broker that crashes and comes back.
    fn default() -> Self {
        let mut draft = Draft {
            description: None,
            seed: 1,
            epoch_ms: None,
            cluster: Map::from_iter([("brokers".into(), json!(3))]),
            network: None,
            topics: vec![TopicDraft {
                name: "ak03.playground".into(),
                partitions: 3,
                replication_factor: Some(3),
                min_insync_replicas: Some(2),
            }],
            producers: Vec::new(),
            consumers: Vec::new(),
            timeline: vec![
                timeline_entry(2_000, "crash_broker", json!(1)),
                timeline_entry(12_000, "restart_broker", json!(1)),
            ],
            run_until_ms: Some(20_000),
        };
        draft.producers.push(draft.new_producer());
        draft.consumers.push(draft.new_consumer());
        draft.consumers.push(draft.new_consumer());
        draft
    }
}

impl Draft {
    /// The scale preset (issue 16, item 7): five brokers, a topic of ten partitions
    /// replicated three times, a producer sending 10,000 messages as fast as it can, and a
    /// group of ten consumers, for 30 s of virtual time.
    pub fn scale() -> Draft {
        let mut draft = Draft {
            cluster: Map::from_iter([("brokers".into(), json!(5))]),
            topics: vec![TopicDraft {
                name: "ak03.scale".into(),
                partitions: 10,
                replication_factor: Some(3),
                min_insync_replicas: Some(2),
            }],
            timeline: Vec::new(),
            run_until_ms: Some(30_000),
            ..Draft::default()
        };
        draft.producers = vec![draft.new_producer()];
        ProducerTemplate {
            topic: draft.first_topic(),
            count: 10_000,
            key: "{i}".into(),
            value: "msg_{i}".into(),
            sleep_ms: 0,
            poll: Placement::EachMessage,
            flush: Placement::AtEnd,
            callback: false,
        }
        .apply(&mut draft.producers[0]);
        draft.consumers = Vec::new();
        for _ in 0..10 {
            let consumer = draft.new_consumer();
            draft.consumers.push(consumer);
        }
        draft
    }
}

/// A timeline entry: `command` at `at_ms` on `target` (in the field the command names).
pub fn timeline_entry(at_ms: u64, command: &str, target: Value) -> Map<String, Value> {
    let mut entry = Map::from_iter([
        ("at_ms".to_owned(), json!(at_ms)),
        ("command".to_owned(), json!(command)),
    ]);
    if let Some((_, field)) = COMMANDS.iter().find(|(name, _)| *name == command) {
        entry.insert((*field).to_owned(), target);
    }
    if command == "delay_follower" {
        entry.insert("delay_ms".into(), json!(500));
    }
    if command == "add_partitions" {
        entry.insert("count".into(), json!(4));
    }
    entry
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dicts_keep_their_order_through_json() {
        let json = r#"{"config": {"z": 1, "a": "x", "m": true}, "program": []}"#;
        let client: ClientDraft = serde_json::from_str(json).unwrap();
        let keys: Vec<&str> = client.config.0.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["z", "a", "m"]);
        let back = serde_json::to_string(&client).unwrap();
        assert_eq!(back, r#"{"config":{"z":1,"a":"x","m":true},"program":[]}"#);
    }

    /// The entry as the file holds it (what a switch back must give again).
    fn entry(client: &ClientDraft) -> (Dict, Value, Map<String, Value>) {
        (
            client.config.clone(),
            client.program.clone(),
            client.rest.clone(),
        )
    }

    #[test]
    fn switching_to_kafka_python_and_back_loses_nothing() {
        let mut draft = Draft::default();
        draft.producers[0]
            .config
            .set("queue.buffering.max.messages", json!(50));
        draft.producers[0].config.set("linger.ms", json!("20"));
        let before = entry(&draft.producers[0]);
        draft.switch_producer(0, ClientProfile::KafkaPython);
        let client = &draft.producers[0];
        assert_eq!(client.rest["profile"], "kafka-python");
        assert_eq!(client.config.get("linger_ms"), Some(&json!(20)));
        assert_eq!(client.config.get("queue.buffering.max.messages"), None);
        assert!(client.config.get("value_serializer").is_some());
        let template = ProducerTemplate::recognize(client).unwrap();
        assert_eq!((template.count, template.key.as_str()), (10, "{i}"));
        // A change made under kafka-python comes back in its twin.
        draft.producers[0].config.set("linger_ms", json!(7));
        draft.switch_producer(0, ClientProfile::Librdkafka);
        let mut expected = before;
        expected.0.set("linger.ms", json!(7));
        assert_eq!(entry(&draft.producers[0]), expected);
    }

    #[test]
    fn librdkafka_and_java_share_names_and_programs() {
        let mut draft = Draft::default();
        let before = entry(&draft.consumers[1]);
        draft.switch_consumer(1, ClientProfile::Java);
        let (config, program, rest) = entry(&draft.consumers[1]);
        assert_eq!((&config, &program), (&before.0, &before.1));
        assert_eq!(rest["profile"], "java");
        draft.switch_consumer(1, ClientProfile::Librdkafka);
        assert_eq!(entry(&draft.consumers[1]), before);
    }

    /// Every template choice runs under kafka-python, with kafka-python's console lines.
    #[test]
    fn kafka_python_templates_run() {
        use super::super::play;
        for commit in CommitStyle::ALL {
            let mut draft = Draft::default();
            draft.timeline.clear();
            draft.switch_producer(0, ClientProfile::KafkaPython);
            for i in 0..2 {
                draft.switch_consumer(i, ClientProfile::KafkaPython);
                let mut template = ConsumerTemplate::recognize(&draft.consumers[i]).unwrap();
                template.commit = commit;
                template.apply(&mut draft.consumers[i]);
                let auto = commit == CommitStyle::Auto;
                draft.consumers[i]
                    .config
                    .set("enable_auto_commit", json!(auto));
                assert_eq!(
                    ConsumerTemplate::recognize(&draft.consumers[i]),
                    Some(template)
                );
            }
            let played = play(&draft).unwrap_or_else(|e| panic!("{commit:?}: {e}"));
            let summary = played.outcome.summary();
            assert_eq!(summary["producers"]["acknowledged"], 10, "{commit:?}");
            let duplicates = &summary["consumers"]["duplicates"];
            assert_eq!(duplicates, &json!([]), "{commit:?}");
            let lines: Vec<String> = played.outcome.lines();
            assert!(
                lines
                    .iter()
                    .any(|l| l.contains("sent to ak03.playground ["))
            );
            assert!(
                lines.iter().any(|l| l.contains("ak03.playground-")),
                "{commit:?}"
            );
            assert!(played.run.processes[0].source.contains("producer.send("));
        }
    }

    #[test]
    fn a_file_that_does_not_run_does_not_open() {
        let error = Draft::import(r#"{"cluster": {"brokers": 0}}"#).unwrap_err();
        assert_eq!(error.path, "cluster.brokers");
        let error = Draft::import(r#"{"topics": [{"name": "t", "colour": 1}]}"#).unwrap_err();
        assert_eq!(error.path, "topics[0].colour");
        assert!(error.message.starts_with("unknown field `colour`"));
        assert!(Draft::import("not json").is_err());
    }
}
