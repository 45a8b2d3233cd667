//! A consumer process as a [`Node`]: the brokers' answers to its requests, and one deadline
//! (its program's and its client's timers, [`ConsumerProcess::poll_timeout`]). Its driver
//! does its transport (where a request goes, retries, connections: `engine::sim::requests`)
//! and hands it only the answers it waits for.

use super::client::Output;
use super::process::ConsumerProcess;
use crate::ids::{Millis, NodeId};
use crate::node::{Node, Wake};
use crate::wire::ConsumerResponse;

impl Node for ConsumerProcess {
    /// The broker that answered.
    type Route = NodeId;
    type Message = ConsumerResponse;
    type Timer = Wake;
    type Output = Output;

    /// A Metadata answer updates the group's view of its topics: the driver hands over only
    /// the periodic refresh's (`cgrp_update`, src/rdkafka_metadata.c; a leader query moves the
    /// fetchers, which the driver routes to the current leader anyway).
    fn handle_message(&mut self, now: Millis, _from: NodeId, response: ConsumerResponse) {
        match response {
            ConsumerResponse::Group(response) => self.handle_coordinator(now, response),
            ConsumerResponse::Log(response) => self.handle_log(now, response),
            ConsumerResponse::Metadata(metadata) => {
                self.client
                    .refresh_metadata(now, metadata.partition_counts());
            }
        }
    }

    fn handle_timeout(&mut self, now: Millis, Wake: Wake) {
        ConsumerProcess::handle_timeout(self, now);
    }

    fn poll_timeout(&mut self) -> Option<(Millis, Wake)> {
        ConsumerProcess::poll_timeout(self).map(|at| (at, Wake))
    }

    fn poll_output(&mut self) -> Option<Output> {
        self.client.poll_output()
    }
}
