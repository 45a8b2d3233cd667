//! An exercise: its place in the outline, what it teaches, and the Python programs it shows, with
//! named anchors on the statements that the step-through highlights.

use crate::part::Part;
use crate::text::Text;

/// A statement (or callback) of a course program that the simulator highlights while it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Anchor {
    /// The setting the exercise is about (`'acks': 0`, `'enable.auto.commit': False`, ...).
    Setting,
    /// `try:` around a producer's send loop.
    Try,
    /// `print('Start sending messages ...')`, or a consumer's `print('Start listen incoming
    /// messages ...')`.
    PrintStart,
    /// `for i in range(0, msgCount):`, a producer's send loop.
    SendLoop,
    /// `producer.produce(...)`: the message enters the client's buffer.
    Produce,
    /// `producer.poll(0)`: serves delivery reports (runs `delivery_callback`).
    Poll,
    /// `producer.flush()` inside the send loop of the "synchronous" producer.
    SyncFlush,
    /// The final `producer.flush(10)`.
    Flush,
    /// `json.dumps(...)`: the object becomes the message's value.
    Serialize,
    /// `print('key={}, value={}'...)` of Producer_05.
    PrintProduced,
    /// `time.sleep(...)`.
    Sleep,
    /// `print('Send ' + str(msgCount) + ' messages to Kafka')` after the send loop.
    PrintSent,
    /// `sys.stderr.write('%% Local producer queue is full ...')` in `except BufferError`.
    QueueFull,
    /// `print(e)` in `except Exception`.
    PrintException,
    /// `print('Message sending completed!')` after the final flush.
    PrintCompleted,
    /// `def delivery_callback`: a delivery report is served.
    DeliveryCallback,
    /// `def error_cb`: an error event is served.
    ErrorCallback,
    /// `consumer.subscribe(...)`.
    Subscribe,
    /// `consumer.assign(...)`.
    Assign,
    /// `consumer.seek(...)`.
    Seek,
    /// `consumer.consume(num_messages=500, timeout=1.0)`.
    Consume,
    /// `print('%s-%d-%d : (%s , %s)' ...)`: one record processed.
    PrintRecord,
    /// The commit call of the poll loop.
    Commit,
    /// `if(records_pulled):` before the commit of a batch.
    IfPulled,
    /// `if(records):` right after `consume()`: a commit before the batch is processed
    /// (Consumer_at_most_once).
    IfRecords,
    /// `if record.error():` of a program that prints the error and goes on (`continue`)
    /// instead of raising (Consumer_max_poll).
    SkipError,
    /// `time.sleep(...)` inside the record loop: processing that takes time.
    Work,
    /// `offsets_dict['{}-{}'.format(topic, partition)] = record` (Consumer_07).
    Remember,
    /// The synchronous commit before `close()` (Consumer_05).
    CommitOnClose,
    /// The commit inside `commit_on_revoke` (Consumer_07).
    CommitOnRevoke,
    /// `def print_commit_result`: the `on_commit` callback.
    OnCommit,
    /// The `on_assign` callback.
    OnAssign,
    /// The `on_revoke` callback.
    OnRevoke,
    /// The `on_lost` callback.
    OnLost,
    /// `consumer.committed(...)`.
    Committed,
    /// `consumer.get_watermark_offsets(...)`.
    Watermarks,
    // kafka-python's consumer (seed 004, issue 17).
    /// `for message in consumer:`: the iterator hands over the next message and polls again
    /// when its batch is used up.
    ForMessage,
    /// `consumer.partitions_for_topic(topic)`.
    PartitionsForTopic,
    /// `consumer.end_offsets(partitions)`: each partition's end offset.
    EndOffsets,
    /// `print("kafka left: {}".format(left_sum))`: the lag script's answer.
    PrintLeft,
    /// `sys.stderr.write('Aborted by user\n')` in a consumer's `except KeyboardInterrupt`.
    Aborted,
    /// `consumer.close()`.
    Close,
    /// kafka-python's `future.get(timeout=...)`: waits for the last `send()`'s result.
    Get,
}

impl Anchor {
    /// The anchor's name as the UI and the runner spell it.
    pub fn name(self) -> &'static str {
        match self {
            Anchor::Setting => "setting",
            Anchor::Try => "try",
            Anchor::PrintStart => "print_start",
            Anchor::SendLoop => "send_loop",
            Anchor::Produce => "produce",
            Anchor::Poll => "poll",
            Anchor::SyncFlush => "sync_flush",
            Anchor::Flush => "flush",
            Anchor::Serialize => "serialize",
            Anchor::PrintProduced => "print_produced",
            Anchor::Sleep => "sleep",
            Anchor::PrintSent => "print_sent",
            Anchor::QueueFull => "queue_full",
            Anchor::PrintException => "print_exception",
            Anchor::PrintCompleted => "print_completed",
            Anchor::DeliveryCallback => "delivery_callback",
            Anchor::ErrorCallback => "error_callback",
            Anchor::Subscribe => "subscribe",
            Anchor::Assign => "assign",
            Anchor::Seek => "seek",
            Anchor::Consume => "consume",
            Anchor::PrintRecord => "print_record",
            Anchor::Commit => "commit",
            Anchor::IfPulled => "if_pulled",
            Anchor::IfRecords => "if_records",
            Anchor::SkipError => "skip_error",
            Anchor::Work => "work",
            Anchor::Remember => "remember",
            Anchor::CommitOnClose => "commit_on_close",
            Anchor::CommitOnRevoke => "commit_on_revoke",
            Anchor::OnCommit => "on_commit",
            Anchor::OnAssign => "on_assign",
            Anchor::OnRevoke => "on_revoke",
            Anchor::OnLost => "on_lost",
            Anchor::Committed => "committed",
            Anchor::Watermarks => "watermarks",
            Anchor::ForMessage => "for_message",
            Anchor::PartitionsForTopic => "partitions_for_topic",
            Anchor::EndOffsets => "end_offsets",
            Anchor::Get => "get",
            Anchor::PrintLeft => "print_left",
            Anchor::Aborted => "aborted",
            Anchor::Close => "close",
        }
    }
}

/// One Python program of the course's ak03-python project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    /// The file name, e.g. `Consumer_02_AutoCommit.py`.
    pub file: &'static str,
    /// The whole program.
    pub text: &'static str,
    /// Each anchor with its marker: a piece of text found exactly once in `text`, on the line
    /// the anchor stands for. Line numbers are found, never written down.
    pub anchors: &'static [(Anchor, &'static str)],
}

impl Source {
    /// The marker of `anchor` in this program, if the program has that anchor.
    pub fn marker(&self, anchor: Anchor) -> Option<&'static str> {
        self.anchors
            .iter()
            .find(|(a, _)| *a == anchor)
            .map(|&(_, marker)| marker)
    }

    /// The 1-based line number of `anchor`'s statement, if the program has that anchor.
    pub fn line(&self, anchor: Anchor) -> Option<u32> {
        let at = self.text.find(self.marker(anchor)?)?;
        let line = self.text[..at].matches('\n').count() + 1;
        u32::try_from(line).ok()
    }
}

/// An exercise of the course: one route of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exercise {
    /// The route slug, e.g. `consumer-02-auto-commit`.
    pub id: &'static str,
    pub part: Part,
    pub title: Text,
    /// What the student learns, in a sentence or two.
    pub teaches: Text,
    /// The programs the exercise shows, the one it is about first.
    pub sources: &'static [Source],
}

impl Exercise {
    /// The program named `file`.
    pub fn source(&self, file: &str) -> Option<&Source> {
        self.sources.iter().find(|source| source.file == file)
    }

    /// The 1-based line of `anchor` in `file`.
    ///
    /// # Panics
    /// If the exercise has no such file or the file no such anchor: a mistake in the caller,
    /// since the course's tests check that every declared anchor is found exactly once.
    pub fn line(&self, file: &str, anchor: Anchor) -> u32 {
        self.source(file)
            .and_then(|source| source.line(anchor))
            .unwrap_or_else(|| {
                panic!(
                    "exercise {} has no anchor {} in {file}",
                    self.id,
                    anchor.name()
                )
            })
    }
}
