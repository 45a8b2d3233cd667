//! The calls of kafka-python 3.0.12's `KafkaConsumer` that seed 004's programs make, on the
//! consumer process: `for message in consumer`, `poll()` as a dict, the lag script's
//! `partitions_for_topic`, `end_offsets` and `committed`, and their prints.

use super::{ConsumerProcess, Item, PollKind, Raised, Wait};
use crate::TopicPartition;
use crate::consumer::client::{Answer, Delivery};
use crate::consumer::program::Stmt;
use crate::ids::Millis;
use crate::trace::consumer::{Printed, ProcessState};

impl ConsumerProcess {
    /// Runs one of kafka-python's statements; whether the program moves past it now
    /// (`false`: it blocks, raised, or the process ended).
    pub(super) fn execute_kafka_python(&mut self, now: Millis, stmt: &Stmt) -> bool {
        match *stmt {
            Stmt::PrintReceive { line } => {
                if let Some(d) = self.current_delivery() {
                    let printed = json_loads(d.key.as_deref())
                        .and_then(|key| Ok((key, json_loads(d.value.as_deref())?)));
                    match printed {
                        Ok((key, value)) => self.print(line, Printed::Receive { key, value }),
                        Err(traceback) => {
                            self.raise(now, Raised::Python(traceback));
                            return false;
                        }
                    }
                    self.processed(&d);
                    return self.state == ProcessState::Running;
                }
            }
            Stmt::Print { line, ref text } => self.print(line, Printed::Text(text.clone())),
            Stmt::PollRecords {
                timeout_ms,
                max_records,
                ..
            } => {
                let max = max_records
                    .unwrap_or(self.client.config().max_poll_records.unwrap_or(500) as usize);
                let kind = PollKind::KafkaPython { iterate: false };
                self.start_poll(now, max, timeout_ms, kind);
                return false;
            }
            Stmt::PartitionsForTopic { ref topic, .. } => {
                self.vars.partitions = self.client.partitions_of(topic);
            }
            Stmt::EndOffsets { .. } => {
                self.vars.end_offsets.clear();
                let partitions = self.vars.partitions.clone();
                let pending = partitions
                    .iter()
                    .map(|tp| (tp.partition, self.client.get_watermark_offsets(tp)))
                    .collect();
                self.wait = Wait::EndOffsets(pending);
                return false;
            }
            Stmt::PrintEndOffsets { line } => {
                let offsets = self.vars.end_offsets.clone();
                let label = "total".to_owned();
                self.print(line, Printed::Offsets { label, offsets });
            }
            Stmt::CommittedEach { .. } => {
                self.vars.committed_each.clear();
                self.committed_from(0);
                return false;
            }
            Stmt::PrintCommittedEach { line } => {
                let mut offsets = self.vars.committed_each.clone();
                offsets.sort();
                let label = "current".to_owned();
                self.print(line, Printed::Offsets { label, offsets });
            }
            Stmt::PrintLeft { line } => {
                let sum = |offsets: &[(i32, Option<i64>)]| -> i64 {
                    offsets.iter().filter_map(|(_, offset)| *offset).sum()
                };
                let left = sum(&self.vars.end_offsets) - sum(&self.vars.committed_each);
                self.print(line, Printed::Left(left));
            }
            _ => unreachable!("only kafka-python's statements come here"),
        }
        true
    }

    /// A blocking kafka-python call waiting for its answers; whether the process moved on.
    pub(super) fn kafka_python_wait(&mut self, wait: Wait) -> bool {
        match wait {
            Wait::EndOffsets(mut pending) => {
                let before = pending.len();
                pending.retain(
                    |&(partition, ticket)| match self.client.take_answer(ticket) {
                        Some(Answer::Watermarks { high, .. }) => {
                            self.vars.end_offsets.push((partition, Some(high)));
                            false
                        }
                        _ => true,
                    },
                );
                if pending.is_empty() {
                    // `toff.sort()`: the tuples by partition.
                    self.vars.end_offsets.sort();
                    self.advance();
                    true
                } else {
                    let waiting = pending.len() == before;
                    self.wait = Wait::EndOffsets(pending);
                    !waiting
                }
            }
            Wait::CommittedEach { ticket, index } => match self.client.take_answer(ticket) {
                Some(Answer::Committed(fetched)) => {
                    let offset = fetched.first().and_then(|(_, offset)| *offset);
                    let partition = self.vars.partitions[index].partition;
                    self.vars.committed_each.push((partition, offset));
                    self.committed_from(index + 1);
                    true
                }
                _ => false,
            },
            _ => unreachable!("only kafka-python's waits come here"),
        }
    }

    /// The head of `for message in consumer:`: the batch's next message, its partition's
    /// position moved to offset + 1 before the body runs (3.0.12 `_message_generator_v2`,
    /// which also skips a partition no longer fetchable); a used-up batch polls again.
    pub(super) fn next_message(&mut self, now: Millis) {
        while let Some(item) = self.vars.batch.get(self.vars.cursor).cloned() {
            self.vars.cursor += 1;
            if let Item::Record(d) = &item
                && self.client.is_current(d)
            {
                self.set_position(d);
                self.vars.message = Some(item);
                return self.machine.advance();
            }
        }
        let max = self.client.config().max_poll_records.unwrap_or(500) as usize;
        self.start_poll(
            now,
            max,
            Millis::MAX,
            PollKind::KafkaPython { iterate: true },
        );
    }

    /// kafka-python's position (what its commits send): offset + 1 of the record handed over.
    pub(super) fn set_position(&mut self, d: &Delivery) {
        // The profile turns librdkafka's automatic store off, so storing cannot fail.
        let _ = self.client.store_offsets(&[(d.tp.clone(), d.offset + 1)]);
    }

    /// kafka-python's `committed(x)` of the partitions from `index` on, one at a time.
    fn committed_from(&mut self, index: usize) {
        match self.vars.partitions.get(index) {
            Some(tp) => {
                let ticket = self.client.committed(std::slice::from_ref(tp));
                self.wait = Wait::CommittedEach { ticket, index };
            }
            None => self.advance(),
        }
    }
}

/// kafka-python's `poll()` answer as the program sees it: a dict TopicPartition -> records
/// in the order partitions first came (Python dicts keep insertion order), each partition's
/// records in offset order. kafka-python raises fetch errors from `poll()` instead of
/// returning them as items; the model drops them here (not modelled).
pub(super) fn kafka_python_batch(batch: &mut Vec<Item>) {
    batch.retain(|item| matches!(item, Item::Record(_)));
    let mut order: Vec<TopicPartition> = Vec::new();
    for item in batch.iter() {
        if let Item::Record(d) = item
            && !order.contains(&d.tp)
        {
            order.push(d.tp.clone());
        }
    }
    batch.sort_by_key(|item| match item {
        Item::Record(d) => order.iter().position(|tp| *tp == d.tp),
        Item::Error(_) => None,
    });
}

/// `json.loads(data.decode())` as `str()` prints it, or the traceback's last line of what
/// Python raises: `AttributeError` for a missing key or value (`None.decode()`),
/// `UnicodeDecodeError`, `JSONDecodeError` (with the message Python gives a text that cannot
/// start a JSON value).
fn json_loads(data: Option<&[u8]>) -> Result<String, String> {
    let data =
        data.ok_or("AttributeError: 'NoneType' object has no attribute 'decode'".to_owned())?;
    let text = std::str::from_utf8(data).map_err(|e| {
        format!("UnicodeDecodeError: 'utf-8' codec can't decode bytes in position {}: invalid start byte", e.valid_up_to())
    })?;
    crate::console::kafka_python::json_str(text).ok_or_else(|| {
        "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)".to_owned()
    })
}
