//! A producer process as a [`Node`]: the answers its client gets from the brokers, its
//! client's and its program's timers. Its other inputs (the program's start, a broker going
//! down, the network's answer to a reconnect, serving the queues after every input) go
//! through [`ProducerProcess::input`], whose effects the driver takes the same way.

use super::client::ClientTimer;
use super::process::ProducerProcess;
use crate::ids::Millis;
use crate::node::{Link, Node, Output};
use crate::outbox::Outbox;
use crate::wire::Message;

impl ProducerProcess {
    /// Runs one of the process's handlers; what it asks for waits for the driver's
    /// [`Node::poll_output`] and [`Node::poll_timeout`]. A program that has ended destroyed
    /// its producer, which handles nothing more (its timers and the answers to its requests
    /// find no client).
    pub fn input(&mut self, handle: impl FnOnce(&mut Self, &mut Outbox<ClientTimer>)) {
        if self.has_ended() {
            return;
        }
        let mut out = std::mem::take(&mut self.out);
        handle(self, &mut out);
        self.out = out;
    }
}

impl Node for ProducerProcess {
    type Route = Link;
    type Message = Message;
    type Timer = ClientTimer;
    type Output = Output;

    fn handle_message(&mut self, now: Millis, _route: Link, message: Message) {
        self.input(|process, out| match message {
            Message::ProduceResponse(response) => process.client.on_response(response, now, out),
            Message::MetadataResponse(answer) => process.client.on_metadata(answer, now, out),
            Message::ConnectionClosed { broker } => {
                process.client.connection_lost(broker, now, out)
            }
            // Requests go to brokers, a consumer's answers to consumers.
            _ => {}
        });
    }

    /// A reconnect's outcome is the network's answer, which the driver gives with
    /// [`ProducerProcess::on_reconnect`]; handed here without it, the connect is refused.
    fn handle_timeout(&mut self, now: Millis, timer: ClientTimer) {
        self.input(|process, out| match timer {
            ClientTimer::Resume(token) => process.on_resume(token, now, out),
            ClientTimer::Reconnect(handle) => process.on_reconnect(handle, false, now, out),
            timer => process.client.on_timer(timer, now, out),
        });
    }

    fn poll_timeout(&mut self) -> Option<(Millis, ClientTimer)> {
        self.out.poll_timer()
    }

    fn poll_output(&mut self) -> Option<Output> {
        self.out.poll_output()
    }
}
