//! Kafka Lab's simulator: a deterministic, sans-IO model of a Kafka cluster and of the
//! librdkafka clients that the ak03 course (confluent-kafka-python) uses.
//!
//! The model never reads a clock and never draws from global randomness: time is virtual
//! (milliseconds advanced by the caller) and every random choice comes from a seeded generator,
//! so the same seed and the same commands always give the same trace. It has no web dependency
//! and builds and tests natively; the web app and the `kafka-sim` command-line runner drive it.

pub mod assignor;
pub mod cluster;
pub mod collect;
pub mod config;
pub mod connection;
pub mod consumer;
pub mod coordinator;
pub mod engine;
pub mod invariants;
pub mod partitioner;
pub mod producer;
pub mod projection;
pub mod rng;
pub mod scenario;
pub mod topic;

pub use topic::TopicPartition;
