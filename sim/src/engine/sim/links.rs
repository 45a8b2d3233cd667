//! The consumers' broker connections ([`crate::connection`], shared with the producers): a
//! crash closes them, `_ALL_BROKERS_DOWN` and each refused reconnect's `_TRANSPORT` go to the
//! consumer queue for `error_cb`, also for its "GroupCoordinator" handle while that points at
//! the dead broker ([`Handle::Coordinator`]). A consumer reconnects only while it needs the
//! broker, as its coordinator or the leader of a partition it holds (librdkafka's sparse
//! connections, `rd_kafka_broker_needs_connection` in src/rdkafka_broker.c), or until the
//! broker is back up.

use super::Action;
use super::Sim;
use super::consumers::ConsumerTimer;
use crate::connection::{Handle, Reaction};
use crate::consumer::{ClientError, ErrorKind};
use crate::engine::placement;
use crate::ids::Process;
use crate::node::{Node, Wake};
use crate::trace::{Cause, Event};

impl Sim {
    /// `broker` crashed: what the consumers had in flight to it fails, the broker's side of
    /// their connections closes, and each consumer's connections to it break.
    pub(super) fn consumer_connections_lost(&mut self, broker: i32, cause: Cause) {
        self.fail_requests_to(broker, cause);
        self.broker_connections_closed(broker);
        let (now, brokers) = (self.now, self.cluster.brokers().len());
        for consumer in 0..self.consumers.nodes.len() {
            if !self.running(consumer) {
                continue;
            }
            // The GroupCoordinator handle first: librdkafka reported its refused connect
            // before the broker's own on the mock cluster.
            for handle in [Handle::Coordinator, Handle::Broker(broker)] {
                let Some(links) = &mut self.consumers.nodes[consumer].links else {
                    continue;
                };
                if links.target(handle) != Some(broker) {
                    continue;
                }
                let reaction = links.closed_handle(handle, brokers, now);
                self.raise_connection_errors(consumer, reaction, cause);
            }
        }
    }

    /// The time for consumer `consumer` to connect `handle` again has come.
    pub(super) fn reconnect(&mut self, consumer: usize, handle: Handle, cause: Cause) {
        let Some(target) = self.consumers.nodes[consumer]
            .links
            .as_ref()
            .and_then(|links| links.target(handle))
        else {
            return;
        };
        let up = self.cluster.broker_is_up(target);
        // The GroupCoordinator handle tries until the coordinator moves (a new connection),
        // the bootstrap entry until a connect succeeds.
        let needed = match handle {
            Handle::Broker(broker) => self.needs(consumer, broker),
            Handle::Coordinator | Handle::Bootstrap => true,
        };
        if !self.running(consumer) || !(up || needed) {
            return;
        }
        let (now, brokers) = (self.now, self.cluster.brokers().len());
        let Some(links) = &mut self.consumers.nodes[consumer].links else {
            return;
        };
        let reaction = links.attempt_handle(handle, up, brokers, now);
        self.raise_connection_errors(consumer, reaction, cause);
    }

    /// Whether consumer `consumer` needs a connection to `broker`: its group's coordinator
    /// (the leader of the group's `__consumer_offsets` partition, even while crashed) or the
    /// leader of a partition it holds.
    fn needs(&self, consumer: usize, broker: i32) -> bool {
        let Some(process) = &self.consumers.nodes[consumer].process else {
            return false;
        };
        let group = self.consumers.spec(consumer).config.group_id.as_deref();
        group.and_then(|g| placement::offsets_leader(&self.cluster, g)) == Some(broker)
            || process
                .client
                .assignment()
                .iter()
                .any(|tp| self.cluster.leader(tp) == Some(broker))
    }

    /// Traces the connection errors and queues them for the program's `error_cb` (librdkafka
    /// `rd_kafka_q_op_err` on the main queue, which the consumer queue serves), and schedules
    /// the connects it asks for.
    fn raise_connection_errors(&mut self, consumer: usize, reaction: Reaction, mut cause: Cause) {
        let now = self.now;
        for e in reaction.errors {
            let event = Event::ClientError {
                process: Process::Consumer(consumer),
                error: e.error,
                reason: e.reason.clone(),
            };
            cause = Cause::After(self.record(&mut cause, event));
            if let Some(process) = &mut self.consumers.nodes[consumer].process {
                let kind = ErrorKind::Connection(e.error);
                process
                    .client
                    .queue_error_event(ClientError::with_message(kind, e.reason));
                Node::handle_timeout(process, now, Wake);
            }
        }
        self.collect(consumer, cause);
        for (handle, at) in reaction.connects {
            let action = Action::Consumer(consumer, ConsumerTimer::Reconnect(handle));
            self.schedule(at, action, cause);
        }
    }
}
