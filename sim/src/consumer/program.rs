//! Consumer programs as data: the course's Python poll loops as statements of client-API
//! calls, each tagged with its line in the Python source, compiled for the interpreter
//! ([`crate::program`]) with the consumer's table of calls.

use super::process::{Pending, Raised};
use crate::TopicPartition;
use crate::ids::Millis;
use crate::program::{Builder, Except, Instr, Lang};
use std::rc::Rc;

mod de;

/// A statement of a consumer program; a scenario file writes it `{"poll": {"line": 3,
/// "timeout_ms": 1000}}` (its reader is in [`de`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stmt {
    /// `print('Start listen incoming messages ...')`.
    PrintStart { line: u32 },
    /// `consumer.subscribe([topics], on_assign=..., on_revoke=..., on_lost=...)`; the
    /// callbacks are the program's [`Callbacks`].
    Subscribe { line: u32, topics: Vec<String> },
    /// `consumer.assign([TopicPartition(topic, partition, offset)])`.
    Assign {
        line: u32,
        partitions: Vec<(TopicPartition, i64)>,
    },
    /// `while True:` (`times: None`) or `for _ in range(times):`.
    Loop {
        line: u32,
        times: Option<u64>,
        body: Vec<Stmt>,
    },
    /// `while running:`: a loop that ends when a flag is cleared (by a signal handler or
    /// another thread; the `stop_consumer` command). Python tests the flag at the head
    /// only, so a `consume()`/`poll()` running when it is cleared returns as usual (at its
    /// timeout or with records), the batch is processed, and the loop ends at the next head.
    WhileRunning { line: u32, body: Vec<Stmt> },
    /// `records = consumer.consume(num_messages=..., timeout=...)`; also resets
    /// `records_pulled`.
    Consume {
        line: u32,
        num_messages: usize,
        timeout_ms: Millis,
    },
    /// `msg = consumer.poll(timeout)`: a batch of at most one.
    Poll { line: u32, timeout_ms: Millis },
    /// `for record in records:`.
    ForEachRecord { line: u32, body: Vec<Stmt> },
    /// `if record.error(): raise KafkaException(record.error())`.
    RaiseIfError { line: u32 },
    /// Business logic that takes `ms` per record.
    Work { line: u32, ms: Millis },
    /// `print('%s-%d-%d : (%s , %s)' % ...)`: the record is processed.
    PrintRecord { line: u32 },
    /// `consumer.commit(record)` / `commit(message=record, asynchronous=False)`.
    CommitRecord { line: u32, asynchronous: bool },
    /// `consumer.store_offsets(record)`.
    StoreRecord { line: u32 },
    /// `offsets_dict['topic-partition'] = record`.
    Remember { line: u32 },
    /// `for k, v in offsets_dict.items(): consumer.commit(v)` then `offsets_dict.clear()`.
    CommitRemembered { line: u32 },
    /// `consumer.commit(asynchronous=...)` of the stored offsets; a synchronous one raises
    /// on failure.
    Commit { line: u32, asynchronous: bool },
    /// `consumer.commit(offsets=[TopicPartition(topic, partition, offset), ...])`: verbatim.
    CommitOffsets {
        line: u32,
        offsets: Vec<(TopicPartition, i64)>,
        asynchronous: bool,
    },
    /// `print_sync_commit_result(offsets)` after a synchronous commit.
    PrintSyncResult { line: u32 },
    /// `if records_pulled:`.
    IfPulled { line: u32, body: Vec<Stmt> },
    /// `if(records):` right after `consume()`: the batch holds at least one item (Python's
    /// truthiness of a non-empty list).
    IfRecords { line: u32, body: Vec<Stmt> },
    /// `if record.error(): print('Error: %s' % record.error()); continue`: `print_line` is the
    /// `print` (`None`: a bare `continue`); the loop goes on with the next record, so what
    /// follows (`Work`, the record's print) does not run for an error item.
    SkipIfError { line: u32, print_line: Option<u32> },
    /// `if records_pulled and not rewound: print('Seeking to ...'); consumer.seek(...)`:
    /// `line` is the `seek()`, `print_line` the `print` before it.
    SeekOnce {
        line: u32,
        print_line: u32,
        tp: TopicPartition,
        offset: i64,
    },
    /// `committed = consumer.committed(partitions, timeout=10)` of every partition of
    /// `topic` (from `list_topics(topic)`); also `total_lag = 0`. Blocks until the
    /// coordinator's OffsetFetch answer, or raises `KafkaException` (`_TIMED_OUT`) when
    /// `timeout_ms` runs out first; `None` (no `timeout=`) waits forever
    /// (confluent-kafka-python `Consumer_committed`, librdkafka `rd_kafka_committed`).
    Committed {
        line: u32,
        topic: String,
        timeout_ms: Option<Millis>,
    },
    /// `for tp in committed:`.
    ForEachCommitted { line: u32, body: Vec<Stmt> },
    /// `low, high = consumer.get_watermark_offsets(tp, timeout=10)`: asks the partition's
    /// leader, blocking until it answers (`cached=False`: confluent-kafka-python
    /// `Consumer_get_watermark_offsets`, librdkafka `rd_kafka_query_watermark_offsets`), or
    /// raises `KafkaException` (`_TIMED_OUT`) when `timeout_ms` runs out first.
    GetWatermarks {
        line: u32,
        timeout_ms: Option<Millis>,
    },
    /// Consumer_lag's per-partition print: `lag = high - low` when nothing is committed
    /// (`OFFSET_INVALID`), else `high - tp.offset`; adds it to `total_lag`.
    PrintLag { line: u32 },
    /// `print('Total lag: %d' % total_lag)`.
    PrintTotalLag { line: u32 },
    /// In a rebalance callback: print the callback's partitions.
    PrintPartitions { line: u32 },
    /// `time.sleep(seconds)`.
    Sleep { line: u32, ms: Millis },
    /// `consumer.close()`.
    Close { line: u32 },
    /// kafka-python `for message in consumer:` (3.0.12 `KafkaConsumer.__next__`,
    /// `_message_generator_v2`): each round hands over the next record of the last poll's
    /// batch, its partition's position moved to offset + 1 before the body runs; when the
    /// batch is used up the iterator polls again, with no timeout (`consumer_timeout_ms`'s
    /// default is infinite) for at most `max_poll_records`.
    ForMessage { line: u32, body: Vec<Stmt> },
    /// kafka-python `records = consumer.poll(timeout_ms=..., max_records=...)`: a dict of
    /// TopicPartition -> records (3.0.12 `KafkaConsumer.poll`), the positions moved past every
    /// record it returns; `for tp, msgs in records.items(): for message in msgs:` is a
    /// [`Stmt::ForEachRecord`]. `max_records` defaults to `max_poll_records`.
    PollRecords {
        line: u32,
        timeout_ms: Millis,
        max_records: Option<usize>,
    },
    /// kafka-python `consumer.assign([TopicPartition(topic, partition), ...])` (3.0.12
    /// `KafkaConsumer.assign`): no group membership; each partition starts at its committed
    /// offset (with a `group_id`), else where `auto_offset_reset` says
    /// (`KafkaConsumer._refresh_committed_offsets`, `SubscriptionState.reset_missing_positions`).
    AssignPartitions {
        line: u32,
        partitions: Vec<TopicPartition>,
    },
    /// kafka-python `consumer.seek(TopicPartition(topic, partition), offset)` (3.0.12
    /// `KafkaConsumer.seek`): the position becomes `offset` (what the next fetch asks and
    /// the next commit sends); `ValueError` for a negative offset or an unassigned
    /// partition; inside `for message in consumer` the iterator's batch is dropped.
    Seek {
        line: u32,
        tp: TopicPartition,
        offset: i64,
    },
    /// kafka-python `consumer.commit_async(callback=on_commit)` of every consumed position
    /// (3.0.12 `KafkaConsumer.commit_async`, `ConsumerCoordinator.commit_offsets_async`):
    /// does not block; `callback` is the line of the callback's `print(offsets, response)`,
    /// which runs inside a later `poll()` or commit call (`None`: no callback).
    CommitAsync { line: u32, callback: Option<u32> },
    /// Seed 004's `print("receive, key: {}, value: {}".format(json.loads(message.key.decode()),
    /// json.loads(message.value.decode())))`.
    PrintReceive { line: u32 },
    /// `print(text)` of a fixed text.
    Print { line: u32, text: String },
    /// `partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]`
    /// (from the client's metadata; a set of small ints iterates in order).
    PartitionsForTopic { line: u32, topic: String },
    /// `toff = consumer.end_offsets(partitions)`: each partition's end offset from its leader
    /// (3.0.12 `KafkaConsumer.end_offsets`, `Fetcher.end_offsets`), blocking until all answered.
    EndOffsets { line: u32 },
    /// `print("total offset: {}".format(str(toff)))` after sorting by partition.
    PrintEndOffsets { line: u32 },
    /// `coff = [(x.partition, consumer.committed(x)) for x in partitions]`: one blocking
    /// OffsetFetch per partition, in turn (3.0.12 `KafkaConsumer.committed`); `None` where
    /// nothing is committed.
    CommittedEach { line: u32 },
    /// `print("current offset: {}".format(str(coff)))`.
    PrintCommittedEach { line: u32 },
    /// `print("kafka left: {}".format(left_sum))`: the end offsets' sum minus the committed
    /// offsets' sum (partitions without one count 0 in it).
    PrintLeft { line: u32 },
    /// `try: body except KeyboardInterrupt: ... except Exception as e: print(e) finally: ...`.
    Try {
        line: u32,
        body: Vec<Stmt>,
        /// The `sys.stderr.write('Aborted by user\n')` line.
        interrupt_line: u32,
        /// The `print(e)` line.
        except_line: u32,
        finally: Vec<Stmt>,
    },
    /// `try: body except KafkaException as e: print(e) finally: ...`: a Ctrl+C is not
    /// caught, so it runs `finally` and goes on unwinding (Python's `try` statement).
    TryKafka {
        line: u32,
        body: Vec<Stmt>,
        /// The `print(e)` line.
        except_line: u32,
        finally: Vec<Stmt>,
    },
}

/// The Python callbacks the program registers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Callbacks {
    pub on_assign: Option<Vec<Stmt>>,
    pub on_revoke: Option<Vec<Stmt>>,
    pub on_lost: Option<Vec<Stmt>>,
    /// `on_commit`: the line of its `print` (failed or committed).
    pub on_commit: Option<u32>,
    /// `error_cb`: the line of its `print`; it runs for broker connection failures
    /// (`_TRANSPORT`, `_ALL_BROKERS_DOWN`, [`crate::connection`]).
    pub error_cb: Option<u32>,
}

/// A consumer program; a scenario file writes it as an object of these fields, each optional
/// (its reader is in [`de`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Program {
    pub body: Vec<Stmt>,
    pub callbacks: Callbacks,
    /// The process dies (no `close()`) right after processing this many records.
    pub crash_after_records: Option<u64>,
}

impl Stmt {
    /// The Python source line the statement stands for.
    pub fn line(&self) -> u32 {
        match self {
            Stmt::PrintStart { line }
            | Stmt::Subscribe { line, .. }
            | Stmt::Assign { line, .. }
            | Stmt::Loop { line, .. }
            | Stmt::WhileRunning { line, .. }
            | Stmt::Consume { line, .. }
            | Stmt::Poll { line, .. }
            | Stmt::ForEachRecord { line, .. }
            | Stmt::RaiseIfError { line }
            | Stmt::Work { line, .. }
            | Stmt::PrintRecord { line }
            | Stmt::CommitRecord { line, .. }
            | Stmt::StoreRecord { line }
            | Stmt::Remember { line }
            | Stmt::CommitRemembered { line }
            | Stmt::Commit { line, .. }
            | Stmt::CommitOffsets { line, .. }
            | Stmt::PrintSyncResult { line }
            | Stmt::IfPulled { line, .. }
            | Stmt::IfRecords { line, .. }
            | Stmt::SkipIfError { line, .. }
            | Stmt::SeekOnce { line, .. }
            | Stmt::Committed { line, .. }
            | Stmt::ForEachCommitted { line, .. }
            | Stmt::GetWatermarks { line, .. }
            | Stmt::PrintLag { line }
            | Stmt::PrintTotalLag { line }
            | Stmt::PrintPartitions { line }
            | Stmt::Sleep { line, .. }
            | Stmt::Close { line }
            | Stmt::ForMessage { line, .. }
            | Stmt::PollRecords { line, .. }
            | Stmt::AssignPartitions { line, .. }
            | Stmt::Seek { line, .. }
            | Stmt::CommitAsync { line, .. }
            | Stmt::PrintReceive { line }
            | Stmt::Print { line, .. }
            | Stmt::PartitionsForTopic { line, .. }
            | Stmt::EndOffsets { line }
            | Stmt::PrintEndOffsets { line }
            | Stmt::CommittedEach { line }
            | Stmt::PrintCommittedEach { line }
            | Stmt::PrintLeft { line }
            | Stmt::Try { line, .. }
            | Stmt::TryKafka { line, .. } => *line,
        }
    }
}

/// The consumer's table of calls for the interpreter ([`crate::program`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Consumer;

impl Lang for Consumer {
    type Call = Call;
    type Over = Over;
    type Cond = Cond;
    type Exception = Raised;
    type Callback = Pending;

    fn line(call: &Call) -> Option<u32> {
        match call {
            Call::Do(stmt) => Some(stmt.line()),
            Call::Aborted { .. } | Call::PrintException { .. } | Call::NextMessage => None,
        }
    }

    fn catches(except: Except, raised: &Raised) -> bool {
        match raised {
            Raised::KeyboardInterrupt => except == Except::KeyboardInterrupt,
            Raised::Kafka(_) => matches!(except, Except::KafkaException | Except::Any),
            Raised::Python(_) => except == Except::Any,
        }
    }
}

/// What the process runs: a statement without a body, or one of the one-line `except`
/// handlers of the course's `try` statements, which print as part of the `raise` (no line
/// of their own in the trace).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Call {
    Do(Stmt),
    /// `except KeyboardInterrupt: sys.stderr.write('Aborted by user\n')`.
    Aborted {
        line: u32,
    },
    /// `except ... as e: print(e)`.
    PrintException {
        line: u32,
    },
    /// The head of `for message in consumer:` takes the next message (its line is the
    /// loop's, already traced).
    NextMessage,
}

/// What a `for` loop iterates over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Over {
    /// The records of the last `consume()`/`poll()`.
    Records,
    /// The partitions of the last `committed()`.
    Committed,
}

/// What an `if` tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Cond {
    /// `if records_pulled:`.
    Pulled,
    /// `if(records):`.
    Records,
}

/// Where the rebalance callbacks start in the compiled program (its body starts at 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Entries {
    pub on_assign: Option<usize>,
    pub on_revoke: Option<usize>,
    pub on_lost: Option<usize>,
}

pub(super) fn compile(program: &Program) -> (Rc<[Instr<Consumer>]>, Entries) {
    let mut b = Builder::default();
    b.entry(|b| emit(&program.body, b));
    let mut entry = |body: &Option<Vec<Stmt>>| body.as_ref().map(|body| b.entry(|b| emit(body, b)));
    let on_assign = entry(&program.callbacks.on_assign);
    let on_revoke = entry(&program.callbacks.on_revoke);
    let on_lost = entry(&program.callbacks.on_lost);
    let entries = Entries {
        on_assign,
        on_revoke,
        on_lost,
    };
    (b.finish(), entries)
}

fn emit(body: &[Stmt], b: &mut Builder<Consumer>) {
    for stmt in body {
        match stmt {
            Stmt::Loop { line, times, body } => b.repeat(*line, *times, false, |b| emit(body, b)),
            Stmt::WhileRunning { line, body } => b.repeat(*line, None, true, |b| emit(body, b)),
            Stmt::ForEachRecord { line, body } => {
                b.for_each(*line, Over::Records, |b| emit(body, b))
            }
            Stmt::ForEachCommitted { line, body } => {
                b.for_each(*line, Over::Committed, |b| emit(body, b))
            }
            Stmt::IfPulled { line, body } => b.when(*line, Cond::Pulled, |b| emit(body, b)),
            Stmt::IfRecords { line, body } => b.when(*line, Cond::Records, |b| emit(body, b)),
            Stmt::ForMessage { line, body } => b.repeat(*line, None, false, |b| {
                b.call(Call::NextMessage);
                emit(body, b)
            }),
            Stmt::Try {
                body,
                interrupt_line,
                except_line,
                finally,
                ..
            } => try_block(b, body, Some(*interrupt_line), *except_line, finally),
            Stmt::TryKafka {
                body,
                except_line,
                finally,
                ..
            } => try_block(b, body, None, *except_line, finally),
            other => b.call(Call::Do(other.clone())),
        }
    }
}

/// `try: body except KeyboardInterrupt: ... except Exception as e: print(e) finally: ...`,
/// or without the `KeyboardInterrupt` handler `except KafkaException as e:`.
fn try_block(
    b: &mut Builder<Consumer>,
    body: &[Stmt],
    interrupt_line: Option<u32>,
    except_line: u32,
    finally: &[Stmt],
) {
    let mut mark = b.begin_try();
    emit(body, b);
    let except = match interrupt_line {
        Some(line) => {
            b.except_(&mut mark, Except::KeyboardInterrupt);
            b.call(Call::Aborted { line });
            Except::Any
        }
        None => Except::KafkaException,
    };
    b.except_(&mut mark, except);
    b.call(Call::PrintException { line: except_line });
    b.finally(&mut mark);
    emit(finally, b);
    b.end_try(mark);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_compile_to_jumps_and_callbacks_follow_the_body() {
        let program = Program {
            body: vec![Stmt::Try {
                line: 1,
                body: vec![Stmt::Loop {
                    line: 2,
                    times: None,
                    body: vec![Stmt::Poll {
                        line: 3,
                        timeout_ms: 1000,
                    }],
                }],
                interrupt_line: 5,
                except_line: 6,
                finally: vec![Stmt::Close { line: 8 }],
            }],
            callbacks: Callbacks {
                on_revoke: Some(vec![Stmt::PrintPartitions { line: 10 }]),
                ..Callbacks::default()
            },
            crash_after_records: None,
        };
        let (code, entries) = compile(&program);
        let call = |call| Instr::Call(Rc::new(call));
        assert_eq!(
            code.to_vec(),
            vec![
                Instr::TryStart {
                    handlers: vec![(Except::KeyboardInterrupt, 5), (Except::Any, 7)],
                    finally: Some(9)
                },
                Instr::LoopStart {
                    line: 2,
                    times: None,
                    while_running: false,
                    end: 4
                },
                call(Call::Do(Stmt::Poll {
                    line: 3,
                    timeout_ms: 1000
                })),
                Instr::LoopNext { start: 1 },
                Instr::TryEnd { end: 9 },
                call(Call::Aborted { line: 5 }),
                Instr::TryEnd { end: 9 },
                call(Call::PrintException { line: 6 }),
                Instr::TryEnd { end: 9 },
                call(Call::Do(Stmt::Close { line: 8 })),
                Instr::FinallyEnd,
                Instr::Return,
                call(Call::Do(Stmt::PrintPartitions { line: 10 })),
                Instr::Return,
            ]
        );
        assert_eq!(entries.on_revoke, Some(12));
        assert_eq!(entries.on_assign, None);
    }
}
