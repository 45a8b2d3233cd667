//! The node contract: how the engine drives the brokers, the group coordinator, the producer
//! processes and the consumer processes (the crate docs describe it; [`crate`]).

use crate::ids::{Millis, NodeId};
use crate::trace::Event;
use crate::wire::Message;

/// A sans-IO state machine of a run, as quinn-proto's `Connection` is one: it never reads a
/// clock and never sends; its driver hands it messages and timeouts and carries out what it
/// asks for, draining [`Node::poll_output`] and [`Node::poll_timeout`] after every call.
pub trait Node {
    /// Where a message comes from (and goes to), as the node tells its peers apart.
    type Route;
    /// What arrives at the node.
    type Message;
    /// What a timeout wakes the node for.
    type Timer;
    /// What the node asks its driver to do.
    type Output;

    /// `message` arrived at `now` on `route`.
    fn handle_message(&mut self, now: Millis, route: Self::Route, message: Self::Message);

    /// Virtual time reached `timer`'s deadline.
    fn handle_timeout(&mut self, now: Millis, timer: Self::Timer);

    /// The next timer to arm. A node with named timers hands over each one it set since the
    /// last call (the driver keeps them in its agenda, so that what is due at the same
    /// millisecond keeps the order it was scheduled in); a node with one deadline answers it
    /// as quinn-proto does, and the driver arms it when it moved.
    fn poll_timeout(&mut self) -> Option<(Millis, Self::Timer)>;

    /// The next thing to do, in the order the node asked for it.
    fn poll_output(&mut self) -> Option<Self::Output>;
}

/// Who sent a message on the network, and to whom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    pub from: NodeId,
    pub to: NodeId,
}

/// What a broker or a producer asks for: an event for the trace, or a message to send. The
/// events of one input come before its messages, which follow the last of them.
#[derive(Clone, Debug)]
pub enum Output {
    Event(Event),
    Send { link: Link, message: Message },
}

/// The timer of a node that keeps one deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wake;
