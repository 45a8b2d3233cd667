//! The names of things every part of the model shares: virtual time, the network's nodes, the
//! client processes, and the numbers of produced messages and produce requests. A leaf: it uses
//! nothing else of the crate.

use serde::{Deserialize, Serialize};

/// Virtual time in milliseconds since the start of the run.
pub type Millis = u64;

/// A participant: a broker (by broker id), a producer process (`Client`) or a consumer
/// process, each by its index in the scenario's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NodeId {
    Broker(i32),
    Client(usize),
    Consumer(usize),
}

impl NodeId {
    /// The client process this node is, if it is one.
    pub fn process(self) -> Option<Process> {
        match self {
            Self::Broker(_) => None,
            Self::Client(client) => Some(Process::Producer(client)),
            Self::Consumer(consumer) => Some(Process::Consumer(consumer)),
        }
    }
}

/// A client process of the scenario: producers and consumers are numbered separately, each
/// by its index in the scenario's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Process {
    Producer(usize),
    Consumer(usize),
}

/// One `produce()` call: the producer's index in the scenario and the call's number (from 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MessageId {
    pub client: usize,
    pub number: u64,
}

/// A ProduceRequest, numbered per producer.
pub type RequestId = u64;
