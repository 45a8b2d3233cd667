//! What a handler asks the engine to do: record events, send messages, set timers. Handlers
//! of the cluster and of the clients are pure functions of their state and an `Outbox`; it
//! sits below the nodes so that none of them depends on the engine that drives it.

use crate::ids::{Millis, NodeId};
use crate::node::{Link, Output};
use crate::trace::Event;
use crate::wire::Message;
use std::collections::VecDeque;

/// The effects of handling one input, until its driver takes them ([`Outbox::poll_output`],
/// [`Outbox::poll_timer`]); `T` is the handler's own timer type.
#[derive(Clone, Debug)]
pub struct Outbox<T> {
    events: VecDeque<Event>,
    sends: VecDeque<(NodeId, NodeId, Message)>,
    timers: VecDeque<(Millis, T)>,
}

impl<T> Default for Outbox<T> {
    fn default() -> Self {
        Self {
            events: VecDeque::new(),
            sends: VecDeque::new(),
            timers: VecDeque::new(),
        }
    }
}

impl<T> Outbox<T> {
    pub fn event(&mut self, event: Event) {
        self.events.push_back(event);
    }

    /// Makes room for `additional` more events at once, for a step that traces one per
    /// message of a whole queue (growing the queue per event was a burst's fresh memory).
    pub fn reserve_events(&mut self, additional: usize) {
        self.events.reserve(additional);
    }

    pub fn send(&mut self, from: NodeId, to: NodeId, message: Message) {
        self.sends.push_back((from, to, message));
    }

    pub fn timer(&mut self, at: Millis, timer: T) {
        self.timers.push_back((at, timer));
    }

    /// How many events wait to be taken.
    pub fn events(&self) -> usize {
        self.events.len()
    }

    /// The next effect: the events first, then the messages (which follow from them).
    pub fn poll_output(&mut self) -> Option<Output> {
        if let Some(event) = self.events.pop_front() {
            return Some(Output::Event(event));
        }
        let (from, to, message) = self.sends.pop_front()?;
        let link = Link { from, to };
        Some(Output::Send { link, message })
    }

    /// The next timer set.
    pub fn poll_timer(&mut self) -> Option<(Millis, T)> {
        self.timers.pop_front()
    }
}
