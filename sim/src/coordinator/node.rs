//! The coordinator as a [`Node`]: requests arrive on the connections the driver numbers, and
//! it keeps one deadline ([`Coordinator::poll_timeout`]).

use super::{ConnectionId, Coordinator, Output, Request};
use crate::ids::Millis;
use crate::node::{Node, Wake};

impl Node for Coordinator {
    type Route = ConnectionId;
    type Message = Request;
    type Timer = Wake;
    type Output = Output;

    fn handle_message(&mut self, now: Millis, from: ConnectionId, request: Request) {
        let outputs = self.handle_request(now, from, request);
        self.outputs.extend(outputs);
    }

    fn handle_timeout(&mut self, now: Millis, Wake: Wake) {
        let outputs = Coordinator::handle_timeout(self, now);
        self.outputs.extend(outputs);
    }

    fn poll_timeout(&mut self) -> Option<(Millis, Wake)> {
        Some((Coordinator::poll_timeout(self), Wake))
    }

    fn poll_output(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }
}
