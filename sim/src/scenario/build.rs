//! From the file's shape to the engine's [`Scenario`]: defaults filled in, references
//! (brokers, producers, consumers, callbacks) checked, client configurations validated as
//! `Producer(props)` and `Consumer(props)` validate them.

use super::file::{
    CommandEntry, ConsumerEntry, Endpoint, File, NetworkSection, ProducerEntry, ProfileSpec,
    TimelineEntry, When,
};
use super::limits::{self, MAX_BROKERS, MAX_PARTITIONS};
use super::{ScenarioError, error, producer_program};
use crate::cluster::TopicSpec;
use crate::config::{ConfigError, ConsumerConfig, ProducerConfig, Profile, Raised};
use crate::console;
use crate::engine::{Command, ConsumerSpec, NetworkSpec, ProducerSpec, Scenario, Trigger};
use crate::ids::{Millis, NodeId};
use crate::producer::ProducerSettings;
use crate::program::de::{self, FromValuesError};
use crate::wire::client_error::{ClientError, ErrorKind};

pub fn scenario(file: &File) -> Result<Scenario, ScenarioError> {
    let known = Known {
        brokers: file.cluster.brokers,
        producers: file.producers.len(),
        consumers: file.consumers.len(),
        topics: file.topics.iter().map(|t| t.name.clone()).collect(),
    };
    if known.brokers < 1 {
        return Err(error(
            "cluster.brokers",
            "a cluster needs at least one broker",
        ));
    }
    limits::at_most(known.brokers, MAX_BROKERS, "cluster.brokers", "brokers")?;
    let delay = "cluster.follower_fetch_delay_ms";
    limits::time(file.cluster.follower_fetch_delay_ms, delay)?;
    let mut faults = Vec::new();
    if file.cluster.follower_fetch_delay_ms > 0 {
        let delay_ms = file.cluster.follower_fetch_delay_ms;
        for broker in 1..=known.brokers {
            faults.push((0, Command::DelayFollower { broker, delay_ms }));
        }
    }
    for (i, entry) in file.timeline.iter().enumerate() {
        faults.push(known.timeline_entry(entry, &format!("timeline[{i}]"))?);
    }
    Ok(Scenario {
        seed: file.seed,
        cluster: file.cluster.spec(),
        topics: topics(file)?,
        network: known.network(&file.network)?,
        producers: enumerate(&file.producers, "producers", producer)?,
        consumers: enumerate(&file.consumers, "consumers", consumer)?,
        coordinator: file.cluster.coordinator(),
        faults,
        epoch_ms: file.epoch_ms,
    })
}

/// Builds each entry with its JSON path.
fn enumerate<E, S>(
    entries: &[E],
    name: &str,
    build: impl Fn(&E, &str) -> Result<S, ScenarioError>,
) -> Result<Vec<S>, ScenarioError> {
    entries
        .iter()
        .enumerate()
        .map(|(i, entry)| build(entry, &format!("{name}[{i}]")))
        .collect()
}

/// How many brokers, producers and consumers there are and the topics' names, to check
/// references to them.
struct Known {
    brokers: i32,
    producers: usize,
    consumers: usize,
    topics: Vec<String>,
}

impl Known {
    fn broker(&self, broker: i32, path: String) -> Result<i32, ScenarioError> {
        if (1..=self.brokers).contains(&broker) {
            Ok(broker)
        } else {
            let brokers = self.brokers;
            Err(error(
                path,
                format!("no broker {broker} (the brokers are 1 to {brokers})"),
            ))
        }
    }

    fn client(&self, kind: &str, index: usize, path: String) -> Result<usize, ScenarioError> {
        let count = match kind {
            "producer" => self.producers,
            _ => self.consumers,
        };
        if index < count {
            Ok(index)
        } else {
            Err(error(
                path,
                format!("no {kind} {index} (there are {count}, numbered from 0)"),
            ))
        }
    }

    fn network(&self, network: &NetworkSection) -> Result<NetworkSpec, ScenarioError> {
        let mut links = Vec::new();
        for (i, link) in network.links.iter().enumerate() {
            let node = |j: usize| {
                let path = format!("network.links[{i}].between[{j}]");
                Ok(match link.between[j] {
                    Endpoint::Broker(b) => {
                        NodeId::Broker(self.broker(b, format!("{path}.broker"))?)
                    }
                    Endpoint::Producer(p) => {
                        NodeId::Client(self.client("producer", p, format!("{path}.producer"))?)
                    }
                    Endpoint::Consumer(c) => {
                        NodeId::Consumer(self.client("consumer", c, format!("{path}.consumer"))?)
                    }
                })
            };
            let latency = limits::time(link.latency_ms, format!("network.links[{i}].latency_ms"))?;
            links.push((node(0)?, node(1)?, latency));
        }
        Ok(NetworkSpec {
            latency_ms: limits::time(network.latency_ms, "network.latency_ms")?,
            jitter_ms: limits::time(network.jitter_ms, "network.jitter_ms")?,
            links,
        })
    }

    /// A timeline entry: its time (or its trigger) and its command.
    fn timeline_entry(
        &self,
        entry: &TimelineEntry,
        path: &str,
    ) -> Result<(Millis, Command), ScenarioError> {
        let (when, what): (TimelineEntry, TimelineEntry) = entry
            .clone()
            .into_iter()
            .partition(|(key, _)| When::FIELDS.contains(&key.as_str()));
        let when: When = de::read(serde_json::Value::Object(when), path)
            .map_err(|(path, e)| error(path, e.to_string()))?;
        let what = CommandEntry::of(what).map_err(|e| match e {
            FromValuesError::Name(e) => error(format!("{path}.command"), e.to_string()),
            FromValuesError::Fields(e) => {
                let mut message = e.to_string();
                if message.starts_with("unknown field") {
                    message += ", or one of `at_ms`, `after`, `wait_ms`";
                }
                error(path, message)
            }
        })?;
        let command = self.command(&what, path)?;
        if let Some(at_ms) = when.at_ms {
            limits::time(at_ms, format!("{path}.at_ms"))?;
        }
        if let Some(wait_ms) = when.wait_ms {
            limits::time(wait_ms, format!("{path}.wait_ms"))?;
        }
        match (when.at_ms, when.after) {
            (Some(at_ms), None) if when.wait_ms.is_none() => Ok((at_ms, command)),
            (Some(_), None) => Err(error(
                format!("{path}.wait_ms"),
                "wait_ms goes with after (the wait after the event), not with at_ms",
            )),
            (None, Some(trigger)) => {
                let trigger = self.trigger(trigger, &format!("{path}.after"))?;
                let after = Command::After {
                    trigger,
                    wait_ms: when.wait_ms.unwrap_or(0),
                    command: Box::new(command),
                };
                Ok((0, after))
            }
            (Some(_), Some(_)) => Err(error(
                format!("{path}.after"),
                "give either at_ms or after, not both",
            )),
            (None, None) => Err(error(
                format!("{path}.at_ms"),
                "missing: a command needs at_ms (a time) or after (an event)",
            )),
        }
    }

    /// A trigger whose consumer or producer exists.
    fn trigger(&self, trigger: Trigger, path: &str) -> Result<Trigger, ScenarioError> {
        match trigger {
            Trigger::ConsumerAssigned(c) => {
                self.client("consumer", c, format!("{path}.consumer_assigned"))?;
            }
            Trigger::ConsumerClosed(c) => {
                self.client("consumer", c, format!("{path}.consumer_closed"))?;
            }
            Trigger::ProducerFinished(p) => {
                self.client("producer", p, format!("{path}.producer_finished"))?;
            }
        }
        Ok(trigger)
    }

    fn command(&self, entry: &CommandEntry, path: &str) -> Result<Command, ScenarioError> {
        let broker = |b| self.broker(b, format!("{path}.broker"));
        let producer = |p| self.client("producer", p, format!("{path}.producer"));
        let consumer = |c| self.client("consumer", c, format!("{path}.consumer"));
        Ok(match *entry {
            CommandEntry::CrashBroker { broker: b } => Command::CrashBroker { broker: broker(b)? },
            CommandEntry::RestartBroker { broker: b } => {
                Command::RestartBroker { broker: broker(b)? }
            }
            CommandEntry::DropNextResponse { broker: b } => {
                Command::DropNextResponse { broker: broker(b)? }
            }
            CommandEntry::DelayFollower {
                broker: b,
                delay_ms,
            } => Command::DelayFollower {
                broker: broker(b)?,
                delay_ms: limits::time(delay_ms, format!("{path}.delay_ms"))?,
            },
            CommandEntry::AddPartitions { ref topic, count } => {
                if !self.topics.contains(topic) {
                    return Err(error(
                        format!("{path}.topic"),
                        format!("no topic '{topic}' in topics"),
                    ));
                }
                let topic = topic.clone();
                let count =
                    limits::at_most(count, MAX_PARTITIONS, format!("{path}.count"), "partitions")?;
                Command::AddPartitions { topic, count }
            }
            CommandEntry::StartProducer { producer: p } => Command::StartProducer {
                client: producer(p)?,
            },
            CommandEntry::StartConsumer { consumer: c } => Command::StartConsumer {
                consumer: consumer(c)?,
            },
            CommandEntry::InterruptConsumer { consumer: c } => Command::InterruptConsumer {
                consumer: consumer(c)?,
            },
            CommandEntry::StopConsumer { consumer: c } => Command::StopConsumer {
                consumer: consumer(c)?,
            },
            CommandEntry::KillConsumer { consumer: c } => Command::KillConsumer {
                consumer: consumer(c)?,
            },
        })
    }
}

/// The topics with the cluster's defaults filled in (also for `-1`, as CreateTopics takes it,
/// KIP-464), refused as a KRaft controller refuses them, with its messages (apache/kafka
/// `ReplicationControlManager.validateCreateTopic` and `createTopic`,
/// `StripedReplicaPlacer.throwInvalidReplicationFactorIfTooFewBrokers`).
fn topics(file: &File) -> Result<Vec<TopicSpec>, ScenarioError> {
    let mut topics: Vec<TopicSpec> = Vec::new();
    for (i, entry) in file.topics.iter().enumerate() {
        let path = format!("topics[{i}]");
        if topics.iter().any(|t| t.name == entry.name) {
            return Err(error(
                format!("{path}.name"),
                format!("Topic '{}' already exists.", entry.name),
            ));
        }
        let rf = match entry.replication_factor {
            None | Some(-1) => file.cluster.default_replication_factor,
            Some(rf) => rf,
        };
        if rf < 1 {
            return Err(error(
                format!("{path}.replication_factor"),
                "Replication factor must be larger than 0, or -1 to use the default value.",
            ));
        }
        let partitions = match entry.partitions {
            -1 => 1,
            n => n,
        };
        if partitions < 1 {
            return Err(error(
                format!("{path}.partitions"),
                "Number of partitions was set to an invalid non-positive value.",
            ));
        }
        limits::at_most(
            partitions,
            MAX_PARTITIONS,
            format!("{path}.partitions"),
            "partitions",
        )?;
        let brokers = file.cluster.brokers;
        if rf > brokers {
            return Err(error(
                format!("{path}.replication_factor"),
                format!(
                    "Unable to replicate the partition {rf} time(s): The target replication factor of {rf} cannot be reached because only {brokers} broker(s) are registered."
                ),
            ));
        }
        topics.push(TopicSpec {
            min_insync_replicas: entry
                .min_insync_replicas
                .unwrap_or(file.cluster.min_insync_replicas),
            ..TopicSpec::new(&entry.name, partitions, rf)
        });
    }
    Ok(topics)
}

fn profile(spec: ProfileSpec) -> Profile {
    match spec {
        ProfileSpec::Librdkafka => Profile::Librdkafka,
        ProfileSpec::Java => Profile::Java,
        ProfileSpec::KafkaPython => Profile::KafkaPython,
    }
}

fn producer(entry: &ProducerEntry, path: &str) -> Result<ProducerSpec, ScenarioError> {
    let profile = profile(entry.profile);
    let config = ProducerConfig::from_pairs(profile, &entry.config.pairs())
        .map_err(|e| config_error(path, &e))?;
    let mut program = producer_program::build(&entry.program, &entry.callbacks, profile, path)?;
    if profile == Profile::KafkaPython && entry.error_cb.is_some() {
        return Err(error(
            format!("{path}.error_cb"),
            "kafka-python's KafkaProducer has no error_cb (it logs connection errors)",
        ));
    }
    program.error_cb = entry.error_cb;
    Ok(ProducerSpec {
        settings: ProducerSettings::from(&config),
        program,
        start_at: start_at(entry.start_at_ms, path)?,
    })
}

fn consumer(entry: &ConsumerEntry, path: &str) -> Result<ConsumerSpec, ScenarioError> {
    let config = ConsumerConfig::from_pairs(profile(entry.profile), &entry.config.pairs())
        .map_err(|e| config_error(path, &e))?;
    let mut program = entry.program.clone();
    if let Some(line) = entry.error_cb {
        if program.callbacks.error_cb.is_some_and(|l| l != line) {
            return Err(error(
                format!("{path}.error_cb"),
                "error_cb is given twice, with different lines (here and in program.callbacks)"
                    .to_string(),
            ));
        }
        program.callbacks.error_cb = Some(line);
    }
    Ok(ConsumerSpec {
        config,
        program,
        start_at: start_at(entry.start_at_ms, path)?,
    })
}

fn start_at(at: Option<Millis>, path: &str) -> Result<Option<Millis>, ScenarioError> {
    at.map(|at| limits::time(at, format!("{path}.start_at_ms")))
        .transpose()
}

/// A configuration the client refuses, as the last line of the program's traceback.
/// confluent-kafka-python raises librdkafka's refusals as `KafkaException(KafkaError(
/// _INVALID_ARG, errstr))`: `rd_kafka_conf_set`'s in `common_conf_setup`, `rd_kafka_new`'s
/// ("Failed to create producer: ...", its last error `_INVALID_ARG`) through
/// `cfl_PyErr_Format`; the Python layer's checks raise the named Python exception.
fn config_error(path: &str, e: &ConfigError) -> ScenarioError {
    let raised = e.raised.python_name();
    let text = match e.raised {
        Raised::KafkaException => {
            ClientError::with_message(ErrorKind::InvalidArg, e.message.clone()).to_string()
        }
        _ => e.message.clone(),
    };
    let line = format!("{}: {text}", console::traceback_class(raised));
    error(format!("{path}.config"), line)
}
