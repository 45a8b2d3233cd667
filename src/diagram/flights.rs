//! The messages on the wire at the cursor, as the diagram draws them: each is a chip on the
//! link between its two nodes, at the share of its trip that virtual time has covered. The
//! model schedules every message with its arrival (`Sim::on_the_wire`); it left its sender one
//! link latency earlier. A response of any kind that a broker drops (`DropNextResponse`, traced
//! as `ResponseDropped`) never reaches the wire: it is drawn as a lost chip that vanishes
//! half-way, as is a message the model will lose on the way (a request to a broker that is
//! down, or on a connection that broke since it left: the broker never reads it).

use crate::diagram::lens::beat;
use crate::state::playback::Millis;
use crate::view::lane::{self, ProtocolKind};
use crate::view::process::process_colour;
use kafka_sim::engine::{Api, DroppedResponse, Event, NodeId, Process, Sim, TraceEntry};
use kafka_sim::wire::group::{Request, Response};
use kafka_sim::wire::{
    ConsumerRequest, ConsumerResponse, LogEnd, LogRequest, LogResponse, Message,
};

/// A node of the diagram: a message's sender or receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    Producer(usize),
    Broker(i32),
    Consumer(usize),
}

impl Node {
    pub fn of(id: NodeId) -> Node {
        match id {
            NodeId::Broker(b) => Node::Broker(b),
            NodeId::Client(p) => Node::Producer(p),
            NodeId::Consumer(c) => Node::Consumer(c),
        }
    }

    /// `p0`, `b1`, `c2`: the node's part of a flight id and of a link's key.
    pub fn key(self) -> String {
        match self {
            Node::Producer(p) => format!("p{p}"),
            Node::Broker(b) => format!("b{b}"),
            Node::Consumer(c) => format!("c{c}"),
        }
    }

    /// The client process at this node, if it is one.
    pub fn process(self) -> Option<Process> {
        match self {
            Node::Producer(p) => Some(Process::Producer(p)),
            Node::Consumer(c) => Some(Process::Consumer(c)),
            Node::Broker(_) => None,
        }
    }
}

/// The key of the link between two nodes, the same both ways (`b1-c0`): the lane's rows and
/// the diagram's chips highlight each other by it.
pub fn link_key(a: Node, b: Node) -> String {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    format!("{}-{}", a.key(), b.key())
}

/// A message travelling, as the diagram draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flight {
    /// Stable: `<from>-<to>-<arrival ms>-<n>` (`c0-b1-6007-0`), `n` counting the messages of
    /// that link arriving in that millisecond (a link delivers in order); a dropped response
    /// is `<from>-<to>-<drop ms>-lost<request>`. The same message has the same id on every
    /// frame and every run of the same scenario.
    pub id: String,
    pub from: Node,
    pub to: Node,
    pub sent: Millis,
    pub arrives: Millis,
    pub kind: ProtocolKind,
    /// An answer, not a request.
    pub answer: bool,
    /// What it carries, in the protocol's own notation (`ak03.test-0 @ 12`).
    pub detail: String,
    /// The generation a group request or answer carries.
    pub generation: Option<i32>,
    /// Never arrives: it vanishes half-way.
    pub lost: bool,
    /// Only keeps a cadence (`lens::beat`): while playing it is drawn as its link's
    /// cadence, not as a chip.
    pub periodic: bool,
    /// The palette slot of the client at either end (grey between brokers).
    pub colour: usize,
}

/// The share of its trip where a lost message vanishes.
pub const VANISH: f64 = 0.5;

impl Flight {
    /// How far along its link the message is at virtual instant `t` (0 at the sender, 1 at the
    /// receiver).
    pub fn progress(&self, t: f64) -> f64 {
        if self.arrives <= self.sent {
            return 1.0;
        }
        ((t - self.sent as f64) / (self.arrives - self.sent) as f64).clamp(0.0, 1.0)
    }

    /// Whether it is drawn at `t`: a lost message is gone after [`VANISH`].
    pub fn shown(&self, t: f64) -> bool {
        !self.lost || self.progress(t) < VANISH
    }

    pub fn link(&self) -> String {
        link_key(self.from, self.to)
    }
}

/// How far back the trace is read for dropped responses still "travelling".
const LOOKBACK: Millis = 1_000;

/// The messages on the wire in `sim` (the run at the cursor; `shown` its trace up to the
/// cursor), in the order they arrive, and the produce responses dropped whose trip is not over.
pub fn flights(sim: &Sim, shown: &[TraceEntry]) -> Vec<Flight> {
    let now = sim.now();
    let latency = |from, to| sim.latency(from, to).unwrap_or(1);
    let mut flights: Vec<Flight> = Vec::new();
    for (arrives, from, to, message, lost) in sim.on_the_wire() {
        let (kind, answer, detail, generation) = describe(message);
        let (from_node, to_node) = (Node::of(from), Node::of(to));
        let n = flights
            .iter()
            .rev()
            .take_while(|f| f.arrives == arrives)
            .filter(|f| (f.from, f.to) == (from_node, to_node))
            .count();
        flights.push(Flight {
            id: format!("{}-{}-{arrives}-{n}", from_node.key(), to_node.key()),
            from: from_node,
            to: to_node,
            sent: arrives.saturating_sub(latency(from, to)).min(now),
            arrives,
            kind,
            answer,
            detail,
            generation,
            lost,
            periodic: beat(sim, from, to, message).is_some(),
            colour: node_colour(from_node, to_node),
        });
    }
    let recent = shown
        .iter()
        .rev()
        .take_while(|entry| entry.time + LOOKBACK > now);
    for entry in recent {
        if let Event::ResponseDropped { broker, response } = &entry.event {
            let (to, kind, lost_id) = match *response {
                DroppedResponse::Produce { client, request } => (
                    NodeId::Client(client),
                    ProtocolKind::ProduceResponse,
                    format!("lost{request}"),
                ),
                DroppedResponse::Request { process, api } => {
                    let to = match process {
                        Process::Producer(p) => NodeId::Client(p),
                        Process::Consumer(c) => NodeId::Consumer(c),
                    };
                    (to, answer_kind(api), format!("lost-{}", entry.seq))
                }
            };
            let from = NodeId::Broker(*broker);
            let arrives = entry.time + latency(from, to);
            if arrives > now {
                let (from, to) = (Node::of(from), Node::of(to));
                flights.push(Flight {
                    id: format!("{}-{}-{}-{lost_id}", from.key(), to.key(), entry.time),
                    from,
                    to,
                    sent: entry.time,
                    arrives,
                    kind,
                    answer: true,
                    detail: String::new(),
                    generation: None,
                    lost: true,
                    periodic: false,
                    colour: node_colour(from, to),
                });
            }
        }
    }
    flights
}

/// The chip of a lost answer to a request of kind `api`.
fn answer_kind(api: Api) -> ProtocolKind {
    use ProtocolKind as K;
    match api {
        Api::Produce => K::ProduceResponse,
        Api::Fetch => K::Fetch,
        Api::ListOffsets => K::ListOffsets,
        Api::Metadata => K::MetadataResponse,
        Api::JoinGroup => K::JoinGroup,
        Api::SyncGroup => K::SyncGroup,
        Api::Heartbeat => K::Heartbeat,
        Api::LeaveGroup => K::LeaveGroup,
        Api::OffsetCommit => K::OffsetCommit,
        Api::OffsetFetch => K::OffsetFetch,
    }
}

/// The palette slot of a message between two nodes: the client's at either end (grey
/// between brokers).
pub fn node_colour(from: Node, to: Node) -> usize {
    from.process().or(to.process()).map_or(7, process_colour)
}

/// A message's kind, whether it answers, what it carries and its generation.
fn describe(message: &Message) -> (ProtocolKind, bool, String, Option<i32>) {
    use ProtocolKind as K;
    let count = |n: usize| format!("×{n}");
    match message {
        Message::Produce(request) => (
            K::Produce,
            false,
            format!("{} {}", request.tp, count(request.records.len())),
            None,
        ),
        Message::ProduceResponse(response) => match &response.result {
            Ok(base) => (
                K::ProduceResponse,
                true,
                format!("{} @ {base}", response.tp),
                None,
            ),
            Err(error) => (
                K::ProduceError,
                true,
                format!("{} {}", response.tp, error.name()),
                None,
            ),
        },
        Message::Fetch(fetch) => (
            K::Fetch,
            false,
            format!(
                "{} @ {} (B{})",
                fetch.tp, fetch.fetch_offset, fetch.follower
            ),
            None,
        ),
        Message::FetchResponse(fetch) => (
            K::Fetch,
            true,
            format!(
                "{} {} HW {}",
                fetch.tp,
                count(fetch.records.len()),
                fetch.high_watermark
            ),
            None,
        ),
        Message::ConsumerRequest { request, .. } => match &**request {
            ConsumerRequest::Group(request) => group_request(request),
            ConsumerRequest::Log(LogRequest::Fetch { tp, offset, .. }) => {
                (K::Fetch, false, format!("{tp} @ {offset}"), None)
            }
            ConsumerRequest::Log(LogRequest::ListOffset { tp, end, .. }) => {
                let end = match end {
                    LogEnd::Start => "earliest",
                    LogEnd::End => "latest",
                };
                (K::ListOffsets, false, format!("{tp} {end}"), None)
            }
            ConsumerRequest::Log(LogRequest::Watermarks { tp, .. }) => {
                (K::ListOffsets, false, tp.to_string(), None)
            }
            ConsumerRequest::Metadata(_) => (K::Metadata, false, String::new(), None),
        },
        Message::ConsumerResponse { response, .. } => match &**response {
            ConsumerResponse::Group(response) => group_response(response),
            ConsumerResponse::Log(LogResponse::Fetched {
                tp,
                records,
                high_watermark,
                ..
            }) => (
                K::Fetch,
                true,
                format!("{tp} {} HW {high_watermark}", count(records.len())),
                None,
            ),
            ConsumerResponse::Log(LogResponse::OffsetOutOfRange { tp, .. }) => {
                (K::Fetch, true, format!("{tp} OFFSET_OUT_OF_RANGE"), None)
            }
            ConsumerResponse::Log(LogResponse::ListedOffset { tp, offset, .. }) => {
                (K::ListOffsets, true, format!("{tp} @ {offset}"), None)
            }
            ConsumerResponse::Log(LogResponse::Watermarks { tp, low, high, .. }) => {
                (K::ListOffsets, true, format!("{tp} {low}..{high}"), None)
            }
            ConsumerResponse::Metadata(_) => (K::MetadataResponse, true, String::new(), None),
        },
        Message::Metadata(request) => (
            K::Metadata,
            false,
            lane::metadata_reason(request.reason).to_owned(),
            None,
        ),
        Message::MetadataResponse(_) => (K::MetadataResponse, true, String::new(), None),
        Message::ConnectionClosed { broker } => (K::Closed, true, format!("B{broker}"), None),
    }
}

fn group_request(request: &Request) -> (ProtocolKind, bool, String, Option<i32>) {
    use ProtocolKind as K;
    match request {
        Request::JoinGroup(join) => (K::JoinGroup, false, join.group_id.clone(), None),
        Request::SyncGroup(sync) => {
            let given = match sync.assignments.len() {
                0 => String::new(),
                n => format!(" ×{n}"),
            };
            let detail = format!("{}{given}", sync.group_id);
            (K::SyncGroup, false, detail, Some(sync.generation))
        }
        Request::Heartbeat(beat) => (
            K::Heartbeat,
            false,
            beat.group_id.clone(),
            Some(beat.generation),
        ),
        Request::LeaveGroup(leave) => (K::LeaveGroup, false, leave.group_id.clone(), None),
        Request::OffsetCommit(commit) => {
            let offsets: Vec<String> = commit
                .offsets
                .iter()
                .map(|o| format!("{} @ {}", o.partition, o.offset))
                .collect();
            (
                K::OffsetCommit,
                false,
                offsets.join(", "),
                Some(commit.generation),
            )
        }
        Request::OffsetFetch(fetch) => {
            let partitions: Vec<String> =
                fetch.partitions.iter().map(|tp| tp.to_string()).collect();
            (K::OffsetFetch, false, partitions.join(", "), None)
        }
    }
}

fn group_response(response: &Response) -> (ProtocolKind, bool, String, Option<i32>) {
    use ProtocolKind as K;
    let error = |error: &Option<kafka_sim::wire::group::ErrorCode>| {
        error.map_or_else(|| "✓".to_string(), |e| e.to_string())
    };
    match response {
        Response::JoinGroup(join) => {
            let generation = (join.generation >= 0).then_some(join.generation);
            (K::JoinGroup, true, error(&join.error), generation)
        }
        Response::SyncGroup(sync) => {
            let partitions: Vec<String> = sync.assignment.iter().map(|tp| tp.to_string()).collect();
            let detail = match sync.error {
                Some(e) => e.to_string(),
                None => format!("[{}]", partitions.join(", ")),
            };
            (K::SyncGroup, true, detail, None)
        }
        Response::Heartbeat(beat) => (K::Heartbeat, true, error(&beat.error), None),
        Response::LeaveGroup(leave) => (K::LeaveGroup, true, error(&leave.error), None),
        Response::OffsetCommit(commit) => {
            let results: Vec<String> = commit
                .partitions
                .iter()
                .map(|r| format!("{} {}", r.partition, error(&r.error)))
                .collect();
            (K::OffsetCommit, true, results.join(", "), None)
        }
        Response::OffsetFetch(fetch) => {
            let offsets: Vec<String> = fetch
                .partitions
                .iter()
                .map(|o| format!("{} @ {}", o.partition, o.offset))
                .collect();
            (K::OffsetFetch, true, offsets.join(", "), None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise_run::Run;
    use course::lesson::Changes;

    fn run(id: &str) -> Run {
        let lesson = course::lesson(id).expect("the lesson exists");
        Run::of_lesson(&lesson, &Changes::none()).expect("it runs")
    }

    fn flights_at(run: &Run, time: Millis) -> Vec<Flight> {
        run.with_view(time, None, |frame| flights(frame.sim, frame.shown))
    }

    /// Producer_03 sends its batch and the broker answers it: a Produce chip travels from P to
    /// B1, then an answer back, each for one millisecond, with the same id on every frame.
    #[test]
    fn a_produce_request_travels_to_its_broker_and_its_answer_back() {
        let run = run("producer-03-async");
        let sent = (0..run.end)
            .find(|&t| {
                flights_at(&run, t)
                    .iter()
                    .any(|f| f.kind == ProtocolKind::Produce)
            })
            .expect("a produce request is on the wire");
        let request = flights_at(&run, sent)
            .into_iter()
            .find(|f| f.kind == ProtocolKind::Produce)
            .expect("found above");
        assert_eq!(
            (request.from, request.to),
            (Node::Producer(0), Node::Broker(1))
        );
        assert_eq!((request.sent, request.arrives), (sent, sent + 1));
        assert_eq!(request.id, format!("p0-b1-{}-0", sent + 1));
        assert_eq!(request.progress(sent as f64 + 0.25), 0.25);
        assert_eq!(request.colour, 5);
        assert!(!request.lost);
        // Another run of the same scenario names it alike.
        let again = flights_at(&super::tests::run("producer-03-async"), sent);
        assert!(again.iter().any(|f| f.id == request.id));
        let answer = flights_at(&run, sent + 1);
        assert!(
            answer
                .iter()
                .any(|f| f.kind == ProtocolKind::ProduceResponse
                    && f.answer
                    && (f.from, f.to) == (Node::Broker(1), Node::Producer(0))),
            "{answer:?}"
        );
    }

    /// A producer learns its leaders by Metadata requests: the first message it sends is one,
    /// labelled with why it asks, and the answer travels back.
    #[test]
    fn the_producer_asks_for_metadata_first() {
        let run = run("producer-03-async");
        let (t, first) = (0..run.end)
            .find_map(|t| flights_at(&run, t).into_iter().next().map(|f| (t, f)))
            .expect("something is on the wire");
        assert_eq!(first.kind, ProtocolKind::Metadata);
        assert_eq!((first.from, first.to), (Node::Producer(0), Node::Broker(1)));
        assert!(!first.detail.is_empty() && !first.answer);
        let answered = (t..run.end).any(|t| {
            flights_at(&run, t)
                .iter()
                .any(|f| f.kind == ProtocolKind::MetadataResponse && f.to == Node::Producer(0))
        });
        assert!(answered);
    }

    /// The idempotence lesson drops the leader's first produce response: it is drawn lost,
    /// gone after half its trip.
    #[test]
    fn a_dropped_response_vanishes_half_way() {
        let run = run("producer-idempotence");
        let lost = (0..run.end)
            .find_map(|t| flights_at(&run, t).into_iter().find(|f| f.lost))
            .expect("a response is dropped");
        assert_eq!(lost.kind, ProtocolKind::ProduceResponse);
        assert!(lost.id.contains("-lost"), "{}", lost.id);
        let t = lost.sent as f64;
        assert!(lost.shown(t + 0.25) && !lost.shown(t + 0.75));
    }

    /// Consumer_01's group: heartbeats carry the member's generation and are periodic (the
    /// lens does not slow for them), joins are not, and the ids of one frame are unique.
    #[test]
    fn group_requests_carry_their_generation_and_ids_are_unique() {
        let run = run("consumer-01-cgroup");
        let (mut beats, mut joins) = (0, 0);
        for t in (0..run.end).step_by(7) {
            let flights = flights_at(&run, t);
            let mut ids: Vec<&str> = flights.iter().map(|f| f.id.as_str()).collect();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), flights.len(), "at {t}: {flights:?}");
            for f in flights
                .iter()
                .filter(|f| f.kind == ProtocolKind::Heartbeat && !f.answer)
            {
                assert!(f.generation.is_some_and(|g| g > 0), "{f:?}");
                assert!(f.periodic, "{f:?}");
                beats += 1;
            }
            for f in flights.iter().filter(|f| f.kind == ProtocolKind::JoinGroup) {
                assert!(!f.periodic, "{f:?}");
                joins += 1;
            }
        }
        assert!(beats > 0 && joins > 0, "heartbeats and joins were seen");
    }
}
