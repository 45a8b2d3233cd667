//! How a batch is cut from the front of a partition's queue.

use super::Pending;
use crate::ids::Millis;
use crate::producer::settings::ProducerSettings;
use std::collections::VecDeque;

/// Takes the next batch from the front of a partition queue: at most `batch.num.messages`
/// messages and `batch.size` bytes (at least one message), stopping at a message still in
/// backoff; an idempotent retry is rebuilt exactly as first sent.
pub(super) fn take_batch(
    queue: &mut VecDeque<Pending>,
    s: &ProducerSettings,
    now: Millis,
) -> Vec<Pending> {
    let fixed_end = queue.front().and_then(Pending::batch_last_msgid);
    let mut batch: Vec<Pending> = Vec::with_capacity(queue.len().min(s.batch_num_messages));
    let mut bytes = 0;
    while let Some(next) = queue.front() {
        let fits = match fixed_end {
            Some(last) => next.msgid <= last,
            None => {
                batch.is_empty()
                    || (batch.len() < s.batch_num_messages
                        && bytes + next.size() <= s.batch_size
                        && next.backoff_until() <= now
                        && next.batch_last_msgid().is_none())
            }
        };
        if !fits {
            break;
        }
        bytes += next.size();
        batch.extend(queue.pop_front());
    }
    batch
}
