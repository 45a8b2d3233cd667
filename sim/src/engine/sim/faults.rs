//! The network's faults on the clients' traffic. Both act in the engine's one network path
//! ([`Sim::transmit`], [`Sim::deliver`]), so they apply to every kind of message alike, a
//! producer's or a consumer's:
//!
//! * **A lost response** (`DropNextResponse { broker }`): the broker processed the request,
//!   and the next answer it sends a client, of any kind, is lost. TCP does not lose one
//!   message and carry on, so the connection breaks instead: the broker closes it and the
//!   client, when the close reaches it, fails every request in flight on it with
//!   `_TRANSPORT` ("Disconnected", librdkafka src/rdkafka_broker.c
//!   `rd_kafka_broker_conn_closed` -> `rd_kafka_broker_fail`, which purges `rkb_waitresps`
//!   with the error) and retries each as its handler decides. (A response that never comes
//!   on a live connection would instead time out after `socket.timeout.ms`, 60 s, in
//!   `rd_kafka_broker_timeout_scan`, and with `socket.max.fails=1` close the connection all
//!   the same.) The trace says which answer was lost ([`Event::ResponseDropped`]).
//! * **A broken connection loses what is on it.** A request on the wire when its connection
//!   breaks, by the broker's crash (a TCP connection to a dead process is reset, and a
//!   restarted broker has new connections) or by a lost response, never reaches the broker,
//!   whichever client sent it. Each message to a broker carries the epoch of its connection
//!   when sent ([`Sim::connection_epoch`]) and is lost if the epoch moved on the way.

use super::Sim;
use crate::ids::NodeId;
use crate::trace::{Cause, DroppedResponse, Event};
use crate::wire::Message;

impl Sim {
    /// Arms `DropNextResponse`: `broker`'s next answer to a client is lost.
    pub(super) fn arm_drop(&mut self, broker: i32, mut cause: Cause) {
        if self.cluster.brokers().contains_key(&broker) {
            *self.armed_drops.entry(broker).or_insert(0) += 1;
            self.record(&mut cause, Event::ResponseDropArmed { broker });
        }
    }

    /// A crash forgets the drops armed on `broker` (they belonged to its connections).
    pub(super) fn disarm_drops(&mut self, broker: i32) {
        self.armed_drops.remove(&broker);
    }

    /// Whether `message` from `from` to `to` is a response a `DropNextResponse` eats: then
    /// the loss is traced (caused by `origin`, what made the broker answer), the broker's side
    /// of the connection closes, and the close travels to the client instead.
    pub(super) fn lose_response(
        &mut self,
        from: NodeId,
        to: NodeId,
        message: &Message,
        mut origin: Cause,
    ) -> bool {
        let NodeId::Broker(broker) = from else {
            return false;
        };
        let Some(api) = message.response_api() else {
            return false;
        };
        let Some(armed) = self.armed_drops.get_mut(&broker) else {
            return false;
        };
        *armed -= 1;
        if *armed == 0 {
            self.armed_drops.remove(&broker);
        }
        let response = match (to, message) {
            (NodeId::Client(client), Message::ProduceResponse(r)) => DroppedResponse::Produce {
                client,
                request: r.id,
            },
            (to, _) => DroppedResponse::Request {
                process: to.process().expect("a response goes to a client"),
                api,
            },
        };
        let seq = self.record(&mut origin, Event::ResponseDropped { broker, response });
        *self.connection_resets.entry((to, broker)).or_insert(0) += 1;
        if let NodeId::Consumer(consumer) = to {
            self.broker_closes_connection(consumer, broker);
        }
        let closed = Message::ConnectionClosed { broker };
        self.transmit(from, to, closed, Cause::After(seq));
        true
    }

    /// The epoch of the connection between client `client` and `broker`: it moves when the
    /// broker crashes or restarts and when the connection breaks.
    pub(super) fn connection_epoch(&self, client: NodeId, broker: i32) -> u32 {
        let incarnation = self
            .cluster
            .brokers()
            .get(&broker)
            .map_or(0, |b| b.incarnation);
        incarnation + self.connection_resets.get(&(client, broker)).unwrap_or(&0)
    }

    /// A producer's message reached a broker that is down: its connect is refused, which the
    /// producer takes as its connection to the broker going down (librdkafka
    /// `rd_kafka_broker_fail` after a failed connect; also when it never knew the broker up).
    pub(super) fn refuse_connect(&mut self, from: NodeId, to: NodeId, cause: Cause) {
        let (NodeId::Client(client), NodeId::Broker(broker)) = (from, to) else {
            return;
        };
        if !self.cluster.broker_is_up(broker) {
            let now = self.now;
            self.in_producer(client, cause, |process| {
                process.input(|process, out| process.on_broker_down(broker, now, out))
            });
        }
    }

    /// Whether a message from `from` to `to` sent in connection epoch `epoch` still has its
    /// connection: messages to a broker need it up and on the same connection.
    pub(super) fn on_open_connection(&self, from: NodeId, to: NodeId, epoch: u32) -> bool {
        match (from, to) {
            (NodeId::Broker(_), NodeId::Broker(to)) => self.cluster.broker_is_up(to),
            (client, NodeId::Broker(broker)) => {
                self.cluster.broker_is_up(broker) && self.connection_epoch(client, broker) == epoch
            }
            _ => true,
        }
    }
}
