//! What a handler asks the engine to do: record events, send messages, set timers. Handlers
//! of the cluster and of the clients are pure functions of their state and an `Outbox`; it
//! sits below the nodes so that none of them depends on the engine that drives it.

use crate::ids::{Millis, NodeId};
use crate::trace::Event;
use crate::wire::Message;

/// The effects of handling one input; `T` is the handler's own timer type.
#[derive(Clone, Debug)]
pub struct Outbox<T> {
    pub events: Vec<Event>,
    pub sends: Vec<(NodeId, NodeId, Message)>,
    pub timers: Vec<(Millis, T)>,
}

impl<T> Default for Outbox<T> {
    fn default() -> Self {
        Self {
            events: Vec::new(),
            sends: Vec::new(),
            timers: Vec::new(),
        }
    }
}

impl<T> Outbox<T> {
    pub fn event(&mut self, event: Event) {
        self.events.push(event);
    }

    pub fn send(&mut self, from: NodeId, to: NodeId, message: Message) {
        self.sends.push((from, to, message));
    }

    pub fn timer(&mut self, at: Millis, timer: T) {
        self.timers.push((at, timer));
    }
}
