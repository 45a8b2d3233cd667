//! The end of a producer: the Python program's exit destroys it (confluent-kafka-python
//! `Producer_dealloc` calls `rd_kafka_destroy`), and librdkafka does not flush on destroy.
//! `rd_kafka_destroy_app` logs a TERMINATE warning when messages are still counted
//! (`rd_kafka_curr_msgs_get`: not yet reported, or reported and not yet served), then
//! `rd_kafka_destroy_internal` removes the topics (their queued messages are purged) and
//! disables and purges the reply queue, so no delivery report is served any more. Requests
//! already written to a socket still reach their broker; their answers find no client.

use super::{Out, ProducerClient, Reply};
use crate::trace::Event;
use crate::wire::Bytes;

impl ProducerClient {
    /// `rd_kafka_destroy`: drops every message and report the producer holds; records
    /// [`Event::ProducerTerminated`] when there were any (librdkafka's TERMINATE warning).
    pub fn destroy(&mut self, out: &mut Out) {
        let messages = self.curr_msgs;
        if messages == 0 {
            return;
        }
        let value_len = |value: &Option<Bytes>| value.as_ref().map_or(0, |v| v.len());
        let queued = self.partitions.values().flat_map(|p| &p.queue);
        let waiting = self.unassigned.values().flatten().map(|u| &u.message);
        let sent = self.in_flight.values().flat_map(|r| &r.messages);
        let held: usize = queued
            .chain(waiting)
            .chain(sent)
            .map(|m| value_len(&m.value))
            .sum();
        let reported: usize = self
            .replies
            .iter()
            .flat_map(|reply| match reply {
                Reply::Delivery(reports) => reports.as_slice(),
                Reply::Error(_) => &[],
            })
            .map(|r| value_len(&r.value))
            .sum();
        for partition in self.partitions.values_mut() {
            partition.queue.clear();
        }
        self.unassigned.clear();
        self.in_flight.clear();
        self.replies.clear();
        self.curr_msgs = 0;
        self.curr_bytes = 0;
        out.event(Event::ProducerTerminated {
            client: self.index,
            messages,
            bytes: held + reported,
        });
    }
}
