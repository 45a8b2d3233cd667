//! The producers' side of the diagram: each producer's queue, its requests in flight and the
//! delivery reports waiting for `poll()`, as the model's projection holds them.

use crate::view::process::{process_colour, process_label};
use kafka_sim::engine::Process;
use kafka_sim::projection::Projection;

/// A producer with its local queue and its produce requests in flight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerBox {
    pub label: String,
    pub colour: usize,
    /// Messages in the partition queues, not yet in a request, in produce order.
    pub queued: Vec<MessageChip>,
    pub in_flight: Vec<BatchChip>,
    /// Delivery reports waiting for `poll()`/`flush()`: confluent-kafka-python asks for one per
    /// message even without a callback (Producer.c sets librdkafka's `dr_msg_cb` for every
    /// producer), and the message counts in `len(producer)` until its report is served.
    pub reports: Vec<ReportChip>,
    /// kafka-python's: its sender thread completes each message's future itself, so there is
    /// no report queue waiting for `poll()` to draw (kafka/producer/record_accumulator.py).
    pub futures: bool,
}

/// A delivery report in the producer's queue: the message it reports on, and whether the
/// message failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportChip {
    pub number: u64,
    pub failed: bool,
}

/// One `produce()` call: its number (from 0) and its partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageChip {
    pub number: u64,
    pub partition: i32,
}

/// A produce request on its way to, or at, a broker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchChip {
    pub request: u64,
    pub broker: i32,
    pub partition: i32,
    pub messages: Vec<u64>,
}

/// Each producer's queue, batches in flight and reports waiting, from the projection at the
/// cursor; `futures` says which producers are kafka-python's.
pub fn producer_boxes(projection: &Projection, futures: &[bool]) -> Vec<ProducerBox> {
    let count = futures.len();
    (0..count)
        .map(|i| {
            let queue = projection.producers().client(i);
            ProducerBox {
                label: process_label(Process::Producer(i), count),
                colour: process_colour(Process::Producer(i)),
                queued: queue.map_or_else(Vec::new, |q| {
                    q.queued()
                        .into_iter()
                        .map(|(number, partition)| MessageChip { number, partition })
                        .collect()
                }),
                in_flight: queue
                    .into_iter()
                    .flat_map(|q| q.in_flight())
                    .map(|batch| BatchChip {
                        request: batch.request,
                        broker: batch.broker,
                        partition: batch.tp.partition,
                        messages: batch.messages.clone(),
                    })
                    .collect(),
                reports: queue
                    .into_iter()
                    .flat_map(|q| q.reports())
                    .map(|(number, failed)| ReportChip { number, failed })
                    .collect(),
                futures: futures[i],
            }
        })
        .collect()
}
