//! One line about what each modelled property means, for the UI. It is kept apart from the
//! property table so that a build which never shows these lines (the page today) links none
//! of their text: the table is one constant, and every field of it is linked with it.

/// What the modelled property `name` (its own name, not an alias) means.
pub(super) fn doc(name: &str) -> Option<&'static str> {
    Some(match name {
        "metadata.broker.list" => "Initial list of brokers, host:port, comma-separated.",
        "client.id" => "Client identifier.",
        "message.max.bytes" => {
            "Maximum protocol request size; the consumer's fetch.max.bytes is at least this."
        }
        "max.in.flight.requests.per.connection" => {
            "Maximum in-flight requests per broker connection (at most 5 when idempotent)."
        }
        "socket.timeout.ms" => "Default timeout for network requests.",
        "topic.metadata.refresh.interval.ms" => {
            "How often metadata is refreshed to discover new partitions (-1 disables it)."
        }
        "group.id" => "Consumer group id.",
        "group.instance.id" => "Static group membership id (KIP-345).",
        "partition.assignment.strategy" => {
            "Assignors by preference; eager and cooperative ones must not be mixed (librdkafka)."
        }
        "session.timeout.ms" => "No heartbeat for this long and the broker removes the member.",
        "heartbeat.interval.ms" => "Heartbeat interval.",
        "group.protocol" => "Group protocol: classic, or consumer (KIP-848).",
        "max.poll.interval.ms" => {
            "Maximum time between polls before the consumer leaves the group."
        }
        "enable.auto.commit" => "Commit offsets in the background every auto.commit.interval.ms.",
        "auto.commit.interval.ms" => "Auto-commit interval (0 disables it).",
        "enable.auto.offset.store" => {
            "Store the offset of each message handed to the application (librdkafka only)."
        }
        "queued.max.messages.kbytes" => "Maximum prefetched kilobytes in the consumer queue.",
        "fetch.wait.max.ms" => {
            "How long the broker may wait to fill fetch.min.bytes (Java: fetch.max.wait.ms)."
        }
        "fetch.message.max.bytes" => "Initial maximum bytes per partition in a fetch.",
        "fetch.max.bytes" => "Maximum bytes in one fetch response.",
        "fetch.min.bytes" => {
            "Minimum bytes the broker answers a fetch with (1..100000000 for a consumer)."
        }
        "isolation.level" => "Whether aborted transactional messages are returned.",
        "enable.partition.eof" => "Emit an event when the consumer reaches the end of a partition.",
        "max.poll.records" => {
            "Records per poll: Java's consumer, librdkafka's share consumer only."
        }
        "transactional.id" => "Enables the transactional producer (implies idempotence).",
        "transaction.timeout.ms" => "Transaction timeout.",
        "enable.idempotence" => "Exactly-once, in-order delivery per partition.",
        "queue.buffering.max.messages" => "Maximum messages in the producer queue (0: no limit).",
        "queue.buffering.max.kbytes" => {
            "Maximum kilobytes in the producer queue (Java: buffer.memory = 32 MiB)."
        }
        "queue.buffering.max.ms" => "How long to wait for more messages before sending a batch.",
        "message.send.max.retries" => "How many times to retry a failing message.",
        "retry.backoff.ms" => "First backoff before a retry, doubled up to retry.backoff.max.ms.",
        "retry.backoff.max.ms" => "Maximum retry backoff.",
        "compression.codec" => "Compression codec of message sets.",
        "batch.num.messages" => "Maximum messages in one batch (librdkafka only).",
        "batch.size" => {
            "Maximum bytes in one batch; Java also switches its sticky partition after it."
        }
        "delivery.report.only.error" => "Report only failed deliveries.",
        "sticky.partitioning.linger.ms" => {
            "How long keyless messages stick to one partition (default 2 × linger.ms; 0: off)."
        }
        "request.required.acks" => "Acknowledgements the leader waits for: 0, 1, or all (-1).",
        "request.timeout.ms" => "Produce request timeout, enforced by the broker.",
        "message.timeout.ms" => {
            "How long a message may wait for delivery, retries included (0: forever)."
        }
        "partitioner" => "Which partitioner places keyed and keyless messages.",
        "auto.offset.reset" => "Where to start without a committed offset.",
        _ => return None,
    })
}
