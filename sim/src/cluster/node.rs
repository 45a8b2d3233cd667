//! The brokers as one [`Node`]: a message is handled by the broker it is addressed to, and
//! the cluster's own inputs (a crash, a restart, a direct append...) go through
//! [`Cluster::input`], whose effects the driver takes the same way.

use super::{Cluster, ClusterTimer};
use crate::ids::{Millis, NodeId};
use crate::node::{Link, Node, Output};
use crate::outbox::Outbox;
use crate::wire::Message;

impl Cluster {
    /// Runs one of the cluster's handlers; what it asks for waits for the driver's
    /// [`Node::poll_output`] and [`Node::poll_timeout`].
    pub fn input<R>(
        &mut self,
        handle: impl FnOnce(&mut Self, &mut Outbox<ClusterTimer>) -> R,
    ) -> R {
        let mut out = std::mem::take(&mut self.out);
        let result = handle(self, &mut out);
        self.out = out;
        result
    }
}

impl Node for Cluster {
    type Route = Link;
    type Message = Message;
    type Timer = ClusterTimer;
    type Output = Output;

    /// A message reaches the broker `route.to` (a message for another node is none of the
    /// brokers' business).
    fn handle_message(&mut self, now: Millis, route: Link, message: Message) {
        if let NodeId::Broker(broker) = route.to {
            self.input(|cluster, out| cluster.on_message(broker, message, now, out));
        }
    }

    fn handle_timeout(&mut self, now: Millis, timer: ClusterTimer) {
        self.input(|cluster, out| cluster.on_timer(timer, now, out));
    }

    fn poll_timeout(&mut self) -> Option<(Millis, ClusterTimer)> {
        self.out.poll_timer()
    }

    fn poll_output(&mut self) -> Option<Output> {
        self.out.poll_output()
    }
}
