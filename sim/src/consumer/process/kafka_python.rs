//! The calls of kafka-python 3.0.12's `KafkaConsumer` on the consumer process: `for message
//! in consumer`, `poll()` as a dict and its rounds, `assign`/`seek`, `commit_async` with its
//! callback, the lag script's `partitions_for_topic`, `end_offsets` and `committed`, and
//! their prints.
//!
//! Simplified: the model's records carry no leader epoch, so a position from a record shows
//! `leader_epoch=0` (a partition whose leader never changed) in a commit callback's print;
//! only `auto_offset_reset='none'`'s errors are raised from `poll()` (the group's errors are
//! not); an offset reset waits librdkafka's 100 ms backoff; when the heartbeat thread has left the
//! group, the assignment is dropped as librdkafka drops a lost one (with its commit on
//! removal), where kafka-python keeps handing over the iterator's batch until the next
//! `poll()` and commits nothing for lost partitions (`_on_join_prepare_async`).

use super::{ConsumerProcess, Consuming, Item, PollKind, Raised, Wait};
use crate::TopicPartition;
use crate::collect::sort;
use crate::config::Profile;
use crate::console::kafka_python::KafkaPythonError;
use crate::console::python::{PYTHON_NONE, utf8_decode_error};
use crate::consumer::client::{Answer, CommitResult, CommitWhat, Delivery};
use crate::consumer::program::Stmt;
use crate::ids::Millis;
use crate::trace::consumer::{Printed, ProcessState};
use crate::wire::client_error::{ClientError, ErrorKind};

/// What a kafka-python program's consumer keeps besides the shared variables.
#[derive(Clone, Debug, Default)]
pub(super) struct Vars {
    /// `commit_async` calls in order: the commit's ticket and its callback's print line.
    commit_callbacks: Vec<(u64, Option<u32>)>,
    /// A fetch error met after records: the next `poll()` raises it (3.0.12
    /// `Fetcher.fetch_records`: `_next_in_line_exception_metadata`), as its traceback line.
    next_in_line: Option<String>,
    /// Partitions whose position `seek()` set: `OffsetAndMetadata(offset, '', -1)`.
    seeked: Vec<TopicPartition>,
}

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
                    self.processed(d.tp, d.offset);
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
                self.kafka_python_poll(now, max, timeout_ms, kind);
                return false;
            }
            Stmt::AssignPartitions { ref partitions, .. } => {
                let partitions: Vec<_> = partitions.iter().map(|tp| (tp.clone(), None)).collect();
                self.client.assign(now, &partitions);
            }
            Stmt::Seek { ref tp, offset, .. } => {
                if let Err(traceback) = self.seek(now, tp, offset) {
                    self.raise(now, Raised::Python(traceback));
                    return false;
                }
            }
            Stmt::CommitAsync { callback, .. } => {
                if self.client.config().group_id.is_none() {
                    let error = KafkaPythonError::new("IllegalStateError", "Requires group_id");
                    self.raise(now, Raised::Python(error.traceback()));
                    return false;
                }
                self.invoke_commit_callbacks();
                // Not waited for: the answer is taken by the callback's turn.
                if let Some(ticket) = self.client.commit(now, CommitWhat::Stored, false) {
                    self.vars
                        .kafka_python
                        .commit_callbacks
                        .push((ticket, callback));
                }
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
                sort::sort(&mut offsets);
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
                    sort::sort(&mut self.vars.end_offsets);
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
        let kind = PollKind::KafkaPython { iterate: true };
        self.kafka_python_poll(now, max, Millis::MAX, kind);
    }

    /// kafka-python's position (what its commits send): offset + 1 of the record handed over.
    pub(super) fn set_position(&mut self, d: &Delivery) {
        // The profile turns librdkafka's automatic store off, so storing cannot fail.
        let _ = self.client.store_offsets(&[(d.tp.clone(), d.offset + 1)]);
        self.vars.kafka_python.seeked.retain(|tp| *tp != d.tp);
    }

    pub(super) fn kafka_python(&self) -> bool {
        self.client.config().profile == Profile::KafkaPython
    }

    /// `KafkaConsumer.poll()` begins: its first round's coordinator `poll()` runs the
    /// completed commits' callbacks (`ConsumerCoordinator.poll`,
    /// `_invoke_completed_offset_commit_callbacks`), then a fetch error kept from the last
    /// poll is raised before anything is returned.
    fn kafka_python_poll(&mut self, now: Millis, max: usize, timeout_ms: Millis, kind: PollKind) {
        self.invoke_commit_callbacks();
        match self.vars.kafka_python.next_in_line.take() {
            Some(traceback) => self.raise(now, Raised::Python(traceback)),
            None => self.start_poll(now, max, timeout_ms, kind),
        }
    }

    /// A fetch or an offset reset was answered: kafka-python's `Fetcher.fetch_records` wakes
    /// from its wait, so the round of `poll()` ends, with records or without.
    pub(super) fn fetch_answered(&mut self, now: Millis) {
        if let Wait::Consume(c) = &mut self.wait
            && matches!(c.kind, PollKind::KafkaPython { .. })
        {
            c.chunk_end = c.chunk_end.min(now);
        }
    }

    /// A round of `poll()` ended with nothing: the next one begins, and runs the callbacks
    /// first. Simplified: a round ends only when a fetch is answered (at most
    /// `fetch_max_wait_ms` apart while a partition is assigned); kafka-python also ends one
    /// at `ConsumerCoordinator.time_to_next_poll` (the next heartbeat or auto-commit) and,
    /// with nothing to fetch, after `retry_backoff_ms` (`KafkaConsumer._poll_once`).
    pub(super) fn next_round(&mut self, c: &mut Consuming) {
        self.invoke_commit_callbacks();
        c.chunk_end = c.deadline;
    }

    /// What a returning `poll()` raises (`raised`: a fetch error's traceback line): at once
    /// when no record came before it, else at the next poll (`Fetcher.fetch_records`:
    /// "To be thrown in the next call of this method"). Whether it raised now.
    pub(super) fn raised_from_poll(&mut self, now: Millis, raised: Option<String>) -> bool {
        let Some(traceback) = raised else {
            return false;
        };
        if self.vars.batch.is_empty() {
            self.raise(now, Raised::Python(traceback));
            return true;
        }
        self.vars.kafka_python.next_in_line = Some(traceback);
        false
    }

    /// The callbacks of the `commit_async` calls answered by now, newest first: each
    /// completion is `appendleft`ed to `completed_offset_commits` and `popleft`ed
    /// (`ConsumerCoordinator._do_commit_offsets_async`,
    /// `_invoke_completed_offset_commit_callbacks`).
    pub(super) fn invoke_commit_callbacks(&mut self) {
        let mut done = Vec::new();
        let client = &mut self.client;
        self.vars
            .kafka_python
            .commit_callbacks
            .retain(|&(ticket, line)| match client.take_answer(ticket) {
                Some(Answer::Commit(result)) => {
                    done.push((line, result));
                    false
                }
                _ => true,
            });
        for (line, result) in done.into_iter().rev() {
            if let Some(line) = line {
                let printed = self.commit_callback(&result);
                self.print(line, printed);
            }
        }
    }

    /// `callback(offsets, response)`: the dict sent, and `None` (`_send_offset_commit_request`
    /// returns nothing on success; "No offsets to commit" too) or the exception.
    fn commit_callback(&self, result: &CommitResult) -> Printed {
        let seeked = &self.vars.kafka_python.seeked;
        let offsets = result
            .partitions
            .iter()
            .filter(|p| p.offset >= 0)
            .map(|p| {
                let epoch = if seeked.contains(&p.tp) { -1 } else { 0 };
                (p.tp.clone(), p.offset, epoch)
            })
            .collect();
        let response = match commit_error(result) {
            Some(error) => KafkaPythonError::of_commit(&error).text,
            None => PYTHON_NONE.to_owned(),
        };
        Printed::CommitAsyncCallback { offsets, response }
    }

    /// `commit()` returned: nothing to commit is no error in kafka-python
    /// (`_commit_offsets_sync_async` returns at once); a failure raises its exception.
    pub(super) fn kafka_python_commit_done(&mut self, now: Millis, result: CommitResult) {
        match commit_error(&result) {
            Some(error) => {
                let traceback = KafkaPythonError::of_commit(&error).traceback();
                self.raise(now, Raised::Python(traceback));
            }
            None => {
                self.vars.sync_result = result.partitions;
                self.machine.advance();
            }
        }
    }

    /// `seek(tp, offset)`: the position moves (and is what a commit sends); the traceback of
    /// the `ValueError` kafka-python raises otherwise. `self._iterator = None` drops the
    /// iterator's batch: its records not yet handed over are fetched again from their
    /// partitions' positions (`_parse_fetched_data` discards what no longer matches one).
    fn seek(&mut self, now: Millis, tp: &TopicPartition, offset: i64) -> Result<(), String> {
        if offset < 0 {
            return Err("ValueError: Offset must be int >= 0".to_owned());
        }
        self.client
            .seek(now, tp, offset)
            .map_err(|_| "ValueError: Unassigned partition".to_owned())?;
        let _ = self.client.store_offsets(&[(tp.clone(), offset)]);
        if !self.vars.kafka_python.seeked.contains(tp) {
            self.vars.kafka_python.seeked.push(tp.clone());
        }
        if self.vars.message.is_some() {
            let rest = self
                .vars
                .batch
                .split_off(self.vars.cursor.min(self.vars.batch.len()));
            self.vars.batch.clear();
            self.vars.cursor = 0;
            let mut refetch: Vec<(TopicPartition, i64)> = Vec::new();
            for item in rest {
                if let Item::Record(d) = item
                    && d.tp != *tp
                    && self.client.is_current(&d)
                    && !refetch.iter().any(|(t, _)| *t == d.tp)
                {
                    refetch.push((d.tp, d.offset));
                }
            }
            for (tp, offset) in refetch {
                // Assigned, since the record is current.
                let _ = self.client.seek(now, &tp, offset);
            }
        }
        Ok(())
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

/// Whether kafka-python's `poll()` raises `error` (and so ends at it).
pub(super) fn raises(kind: PollKind, error: &ClientError) -> bool {
    matches!(kind, PollKind::KafkaPython { .. }) && error.kind == ErrorKind::AutoOffsetReset
}

/// A commit's failure as kafka-python sees it: none for nothing to commit.
fn commit_error(result: &CommitResult) -> Option<ClientError> {
    let error = result
        .error
        .clone()
        .or_else(|| result.partitions.iter().find_map(|p| p.error.clone()))?;
    (error.kind != ErrorKind::NoOffset).then_some(error)
}

/// kafka-python's `poll()` answer as the program sees it: a dict TopicPartition -> records
/// in the order partitions first came (Python dicts keep insertion order), each partition's
/// records in offset order; and the traceback line of the fetch error it raises
/// ([`raises`]). Other error items are dropped (the group's errors are not modelled as
/// kafka-python raises them).
pub(super) fn kafka_python_batch(batch: &mut Vec<Item>) -> Option<String> {
    let raised = batch.iter().find_map(|item| match item {
        Item::Error(e) if e.kind == ErrorKind::AutoOffsetReset => Some(e.message.clone()),
        _ => None,
    });
    batch.retain(|item| matches!(item, Item::Record(_)));
    let mut order: Vec<TopicPartition> = Vec::new();
    for item in batch.iter() {
        if let Item::Record(d) = item
            && !order.contains(&d.tp)
        {
            order.push(d.tp.clone());
        }
    }
    sort::sort_by_key(batch, |item| match item {
        Item::Record(d) => order.iter().position(|tp| *tp == d.tp),
        Item::Error(_) => None,
    });
    raised
}

/// `json.loads(data.decode())` as `str()` prints it, or the traceback's last line of what
/// Python raises: `AttributeError` for a missing key or value (`None.decode()`),
/// `UnicodeDecodeError`, `JSONDecodeError` (with the message Python gives a text that cannot
/// start a JSON value).
fn json_loads(data: Option<&[u8]>) -> Result<String, String> {
    let data =
        data.ok_or("AttributeError: 'NoneType' object has no attribute 'decode'".to_owned())?;
    let text = std::str::from_utf8(data)
        .map_err(|e| format!("UnicodeDecodeError: {}", utf8_decode_error(data, e)))?;
    crate::console::kafka_python::json_str(text).ok_or_else(|| {
        "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)".to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_groups_records_by_partition_and_names_the_error_poll_raises() {
        let record = |partition, offset| {
            Item::Record(Delivery {
                tp: TopicPartition::new("t", partition),
                offset,
                key: None,
                value: None,
                version: 0,
            })
        };
        let error = ClientError::with_message(ErrorKind::AutoOffsetReset, "kafka.errors.E: E: x");
        let mut batch = vec![record(1, 0), record(0, 5), record(1, 1), Item::Error(error)];
        assert_eq!(
            kafka_python_batch(&mut batch).as_deref(),
            Some("kafka.errors.E: E: x")
        );
        assert_eq!(batch, [record(1, 0), record(1, 1), record(0, 5)]);
    }
}
