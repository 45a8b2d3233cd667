use super::*;

/// kafka-python's `commit_async` callback is a commit callout, failed when its
/// `response` is an exception.
#[test]
fn a_kafka_python_commit_callback_is_a_commit_callout() {
    let event = |response: &str| Event::ConsumerProgram {
        consumer: 0,
        event: ProgramEvent::Printed {
            line: 9,
            printed: Box::new(Printed::CommitAsyncCallback {
                offsets: Vec::new(),
                response: response.to_owned(),
            }),
        },
    };
    let kind = |response| callback(&event(response)).map(|(_, kind)| kind);
    assert_eq!(kind("None"), Some(CalloutKind::OnCommit { ok: true }));
    let failed = "CommitFailedError: [Error 25] UnknownMemberIdError";
    assert_eq!(kind(failed), Some(CalloutKind::OnCommit { ok: false }));
}

/// The heartbeat lane rows of `events` (consumer index, event), one every 3 s, shown at
/// 24 s: (seq, from, to, detail, sent at the shown millisecond).
fn heartbeat_lane(events: Vec<(usize, ClientEvent)>) -> Vec<(u64, String, String, Detail, bool)> {
    use kafka_sim::engine::Cause;
    let trace: Vec<TraceEntry> = events
        .into_iter()
        .enumerate()
        .map(|(seq, (consumer, event))| TraceEntry {
            time: 3_000 * seq as u64,
            seq: seq as u64,
            cause: Cause::Start,
            event: Event::Consumer { consumer, event },
        })
        .collect();
    let consumers = Consumers {
        members: Vec::new(),
    };
    let lane = Lane::of(&trace).protocol(&trace, 1, &consumers, Some(1), Some(24_000));
    assert!(lane.iter().all(|m| m.kind == ProtocolKind::Heartbeat));
    lane.into_iter()
        .map(|m| (m.seq, name(&m.from), name(&m.to), m.detail, m.now))
        .collect()
}

fn rebalancing() -> Detail {
    Detail::HeartbeatError(ErrorCode::RebalanceInProgress)
}

fn name(endpoint: &Endpoint) -> String {
    endpoint.label().unwrap_or_default()
}

fn row(
    seq: u64,
    from: &str,
    to: &str,
    detail: Detail,
    now: bool,
) -> (u64, String, String, Detail, bool) {
    (seq, from.into(), to.into(), detail, now)
}

fn beats(sent: u32, answered: bool) -> Detail {
    Detail::Heartbeats {
        sent,
        generation: Some(1),
        answered,
    }
}

/// Ordinary heartbeats fold into one row per member, moved to the newest; an answer with
/// an error is its own row and ends the fold.
#[test]
fn ordinary_heartbeats_fold_into_one_row_per_member() {
    let sent = || ClientEvent::HeartbeatSent { generation: 1 };
    let answered = |error| ClientEvent::HeartbeatAnswered { error };
    let lane = heartbeat_lane(vec![
        (0, sent()),
        (1, sent()),
        (0, answered(None)),
        (1, answered(None)),
        (0, sent()),
        (0, answered(None)),
        (1, sent()),
        (1, answered(Some(ErrorCode::RebalanceInProgress))),
        (1, sent()),
    ]);
    assert_eq!(
        lane,
        vec![
            row(5, "C1", "B1", beats(2, true), false),
            row(6, "C2", "B1", beats(2, false), false),
            row(7, "B1", "C2", rebalancing(), false),
            row(8, "C2", "B1", beats(1, false), true),
        ]
    );
}

/// The lane keeps only the rows it may still show: the last `LANE`, and a member's
/// heartbeat row further back while only heartbeat rows follow it, since its next
/// heartbeat moves it to the end (ten members: C1's row is the tenth from the end).
#[test]
fn a_heartbeat_row_behind_the_last_lane_rows_still_folds() {
    let sent = || ClientEvent::HeartbeatSent { generation: 1 };
    let mut events: Vec<(usize, ClientEvent)> = (0..10).map(|member| (member, sent())).collect();
    events.push((0, sent()));
    let lane = heartbeat_lane(events);
    assert_eq!(lane.len(), LANE);
    assert_eq!(
        lane.last(),
        Some(&row(10, "C1", "B1", beats(2, false), false))
    );
    assert_eq!(
        lane.first(),
        Some(&row(3, "C4", "B1", beats(1, false), false))
    );
}

/// An answer whose request's row lies behind another message is drawn as an answer, from
/// the coordinator, not as a second request of the member.
#[test]
fn an_answer_behind_another_message_is_its_own_answer_row() {
    let lane = heartbeat_lane(vec![
        (0, ClientEvent::HeartbeatSent { generation: 1 }),
        (
            1,
            ClientEvent::HeartbeatAnswered {
                error: Some(ErrorCode::RebalanceInProgress),
            },
        ),
        (0, ClientEvent::HeartbeatAnswered { error: None }),
    ]);
    assert_eq!(
        lane,
        vec![
            row(0, "C1", "B1", beats(1, false), false),
            row(1, "B1", "C2", rebalancing(), false),
            row(2, "B1", "C1", Detail::Answered, false),
        ]
    );
}

/// A consumer's Metadata request and its answer are rows of the lane (issue 12 point 7).
#[test]
fn metadata_requests_show_in_the_lane() {
    use kafka_sim::engine::Cause;
    let process = Process::Consumer(0);
    let reason = MetadataReason::Periodic;
    let events = [
        Event::MetadataRequested {
            process,
            broker: 1,
            reason,
        },
        Event::MetadataAnswered {
            process,
            broker: 1,
            reason,
        },
    ];
    let trace: Vec<TraceEntry> = events
        .into_iter()
        .enumerate()
        .map(|(seq, event)| TraceEntry {
            time: 300_000 + 2 * seq as u64,
            seq: seq as u64,
            cause: Cause::Start,
            event,
        })
        .collect();
    let consumers = Consumers {
        members: Vec::new(),
    };
    let lane = Lane::of(&trace).protocol(&trace, 0, &consumers, Some(1), Some(300_002));
    let rows: Vec<(String, String, ProtocolKind, Detail)> = lane
        .iter()
        .map(|m| (name(&m.from), name(&m.to), m.kind, m.detail.clone()))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "C1".to_string(),
                "B1".to_string(),
                ProtocolKind::Metadata,
                Detail::Metadata(MetadataReason::Periodic)
            ),
            (
                "B1".into(),
                "C1".into(),
                ProtocolKind::MetadataResponse,
                Detail::Nothing
            ),
        ]
    );
}
