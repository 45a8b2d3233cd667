//! The messages the producer holds until their delivery reports are created.

use crate::ids::{MessageId, Millis};
use crate::wire::Bytes;

/// A message held by the producer until its delivery report is created. A burst holds tens
/// of thousands, each moved from queue to queue (unassigned, its partition's, its request's),
/// so it holds only what it cannot derive (its size is its key's and value's, its timeout its
/// enqueue time's) and boxes the state only a retried or idempotent batch's message has
/// ([`Resend`]): 88 bytes instead of 136.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Pending {
    pub(super) id: MessageId,
    pub(super) key: Option<Bytes>,
    pub(super) value: Option<Bytes>,
    pub(super) callback: Option<usize>,
    /// Per-partition message id, from 1, in produce order (librdkafka `rkm_u.producer.msgid`).
    pub(super) msgid: u64,
    pub(super) enqueued_at: Millis,
    resend: Option<Box<Resend>>,
}

/// The size of a message with `key` and `value`, as the queue limits count it.
pub(super) fn size(key: Option<&[u8]>, value: Option<&[u8]>) -> usize {
    key.map_or(0, <[u8]>::len) + value.map_or(0, <[u8]>::len)
}

/// What a message sent before carries into its next batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Resend {
    retries: u32,
    backoff_until: Millis,
    /// For an idempotent retry: the batch must be rebuilt up to this msgid, so that the
    /// broker recognises it (librdkafka `rkm_u.producer.last_msgid`).
    batch_last_msgid: Option<u64>,
}

impl Pending {
    /// A message produced at `now`, not yet numbered in its partition.
    pub(super) fn new(
        id: MessageId,
        key: Option<Bytes>,
        value: Option<Bytes>,
        callback: Option<usize>,
        now: Millis,
    ) -> Self {
        Self {
            id,
            key,
            value,
            callback,
            msgid: 0,
            enqueued_at: now,
            resend: None,
        }
    }

    /// Its size as the queue limits and `batch.size` count it: key + value.
    pub(super) fn size(&self) -> usize {
        size(self.key.as_deref(), self.value.as_deref())
    }

    /// When it times out in the producer, with `message.timeout.ms` = `timeout_ms` (0: never):
    /// that long after it was produced (librdkafka `rd_kafka_msg_new0`: `rkm_ts_timeout` =
    /// `rkm_ts_enq` + `message.timeout.ms`).
    pub(super) fn timeout_at(&self, timeout_ms: Millis) -> Option<Millis> {
        (timeout_ms > 0).then(|| self.enqueued_at + timeout_ms)
    }

    /// How many times it has been retried, as counted against `retries` (librdkafka
    /// `rkm_u.producer.retries`).
    pub(super) fn retries(&self) -> u32 {
        self.resend.as_ref().map_or(0, |r| r.retries)
    }

    /// Until when its retry backs off, 0 if it does not (librdkafka `rkm_u.producer.ts_backoff`).
    pub(super) fn backoff_until(&self) -> Millis {
        self.resend.as_ref().map_or(0, |r| r.backoff_until)
    }

    /// The last msgid of the batch it must be sent again in, if it heads an idempotent one.
    pub(super) fn batch_last_msgid(&self) -> Option<u64> {
        self.resend.as_ref().and_then(|r| r.batch_last_msgid)
    }

    /// Its batch failed: `incr` more retries counted, and it waits until `backoff_until`.
    pub(super) fn retry(&mut self, incr: u32, backoff_until: Millis) {
        let resend = self.resend.get_or_insert_default();
        resend.retries += incr;
        resend.backoff_until = backoff_until;
    }

    /// It heads an idempotent batch that ends at msgid `last`.
    pub(super) fn fix_batch_end(&mut self, last: u64) {
        self.resend.get_or_insert_default().batch_last_msgid = Some(last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_message_stays_small() {
        assert!(std::mem::size_of::<Pending>() <= 88);
    }
}
