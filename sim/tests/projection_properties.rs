//! The views' projection (`Sim::projection`, folded event by event) equals a recomputation
//! from the trace and the state after every step of random runs: the scenario files with a
//! random seed, random acks, and random crashes, restarts, lost responses and stopped
//! consumers. The recomputation replays the trace as the views once did.

use kafka_sim::TopicPartition;
use kafka_sim::collect::{VecMap, VecSet};
use kafka_sim::config::Acks;
use kafka_sim::consumer::accounting::Accounting;
use kafka_sim::consumer::{ClientEvent, ProgramEvent};
use kafka_sim::coordinator::Event as CoordinatorEvent;
use kafka_sim::engine::{Command, Event, Scenario, Sim, TraceEntry};
use kafka_sim::ids::RequestId;
use kafka_sim::producer::{Tally, accounting};
use kafka_sim::projection::Projection;
use kafka_sim::scenario;
use proptest::prelude::*;

const FILES: [&str; 8] = [
    "consumer_auto_commit_crash",
    "consumer_coordinator_failover",
    "consumer_group_join_leave",
    "consumer_while_running_stop",
    "producer_acks_one_loss",
    "producer_broker_down",
    "producer_dropped_response_idempotent",
    "producer_keyed",
];

fn scenario_of(file: usize) -> Scenario {
    let name = FILES[file % FILES.len()];
    let path = format!("{}/tests/scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    scenario::parse(&text).unwrap().scenario
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        (1..=3i32).prop_map(|broker| Command::CrashBroker { broker }),
        (1..=3i32).prop_map(|broker| Command::RestartBroker { broker }),
        (1..=3i32).prop_map(|broker| Command::DropNextResponse { broker }),
        (0..3usize).prop_map(|consumer| Command::KillConsumer { consumer }),
        (0..3usize).prop_map(|consumer| Command::InterruptConsumer { consumer }),
    ]
}

/// One producer's queue (number, partition), batches in flight (request, broker, partition,
/// numbers) and reports waiting (number, failed).
type Queue = (
    Vec<(u64, i32)>,
    Vec<(RequestId, i32, i32, Vec<u64>)>,
    Vec<(u64, bool)>,
);

/// A batch in flight: broker, partition, message numbers.
type Chip = (i32, i32, Vec<u64>);

/// The producers' queues replayed from the trace.
fn queues(trace: &[TraceEntry], count: usize) -> Vec<Queue> {
    let mut queued: Vec<VecMap<u64, i32>> = vec![VecMap::new(); count];
    let mut in_flight: Vec<VecMap<RequestId, Chip>> = vec![VecMap::new(); count];
    let mut reports: Vec<VecMap<u64, bool>> = vec![VecMap::new(); count];
    for entry in trace {
        match &entry.event {
            Event::MessageQueued { message, tp, .. }
            | Event::MessagePartitioned { message, tp } => {
                queued[message.client].insert(message.number, tp.partition);
            }
            Event::BatchSent {
                client,
                request,
                broker,
                tp,
                messages,
            } => {
                for m in messages {
                    queued[*client].remove(&m.number);
                }
                let numbers = messages.iter().map(|m| m.number).collect();
                in_flight[*client].insert(*request, (*broker, tp.partition, numbers));
            }
            Event::BatchAcknowledged {
                client, request, ..
            } => {
                if let Some((_, _, numbers)) = in_flight[*client].remove(request) {
                    for number in numbers {
                        reports[*client].insert(number, false);
                    }
                }
            }
            Event::BatchFailed {
                client, request, ..
            } => {
                in_flight[*client].remove(request);
            }
            Event::MessagesRetried {
                client,
                tp,
                messages,
            } => {
                for m in messages {
                    queued[*client].insert(m.number, tp.partition);
                }
            }
            Event::DeliveryReportServed { message, .. } => {
                reports[message.client].remove(&message.number);
            }
            // The program's exit destroyed the producer: it holds nothing any more.
            Event::ProducerTerminated { client, .. } => {
                queued[*client] = VecMap::new();
                in_flight[*client] = VecMap::new();
                reports[*client] = VecMap::new();
            }
            Event::DeliveryReportQueued { message, error } => {
                reports[message.client].insert(message.number, error.is_some());
                queued[message.client].remove(&message.number);
                in_flight[message.client].retain(|_, (_, _, numbers)| {
                    numbers.retain(|&m| m != message.number);
                    !numbers.is_empty()
                });
            }
            _ => {}
        }
    }
    (0..count)
        .map(|i| {
            (
                queued[i].iter().map(|(&n, &p)| (n, p)).collect(),
                in_flight[i]
                    .iter()
                    .map(|(&r, (b, p, n))| (r, *b, *p, n.clone()))
                    .collect(),
                reports[i].iter().map(|(&n, &f)| (n, f)).collect(),
            )
        })
        .collect()
}

fn projected_queues(projection: &Projection, count: usize) -> Vec<Queue> {
    (0..count)
        .map(|i| match projection.producers().client(i) {
            None => Default::default(),
            Some(p) => (
                p.queued(),
                p.in_flight()
                    .map(|b| (b.request, b.broker, b.tp.partition, b.messages.clone()))
                    .collect(),
                p.reports().collect(),
            ),
        })
        .collect()
}

/// Requests sent and not answered; acks=0 requests are never waiting for an answer.
fn requests_in_flight(sim: &Sim) -> usize {
    let answered = |client: usize| sim.producers()[client].client.settings().acks != Acks::Zero;
    let mut in_flight = VecSet::new();
    for entry in sim.trace() {
        match &entry.event {
            Event::BatchSent {
                client, request, ..
            } if answered(*client) => {
                in_flight.insert((*client, *request));
            }
            Event::BatchAcknowledged {
                client, request, ..
            }
            | Event::BatchFailed {
                client, request, ..
            } => {
                in_flight.remove(&(*client, *request));
            }
            _ => {}
        }
    }
    in_flight.len()
}

/// Messages in the requests the broker answered with success.
fn acknowledged(trace: &[TraceEntry]) -> usize {
    let mut sent = VecMap::new();
    let mut acknowledged: VecSet<kafka_sim::engine::MessageId> = VecSet::new();
    for entry in trace {
        match &entry.event {
            Event::BatchSent {
                client,
                request,
                messages,
                ..
            } => {
                sent.insert((*client, *request), messages.clone());
            }
            Event::BatchAcknowledged {
                client, request, ..
            } => acknowledged.extend(sent.get(&(*client, *request)).into_iter().flatten()),
            _ => {}
        }
    }
    acknowledged.len()
}

fn committed(group: &str, trace: &[TraceEntry]) -> VecMap<TopicPartition, i64> {
    let mut committed = VecMap::new();
    for entry in trace {
        match entry.event.coordinator() {
            Some(CoordinatorEvent::OffsetsCommitted {
                group: g, offsets, ..
            }) if g == group => committed.extend(offsets.iter().cloned()),
            Some(CoordinatorEvent::OffsetsExpired {
                group: g,
                partitions,
            }) if g == group => partitions.iter().for_each(|tp| {
                committed.remove(tp);
            }),
            _ => {}
        }
    }
    committed
}

/// Checks every answer of the projection against its recomputation.
fn check(sim: &Sim) -> Result<(), TestCaseError> {
    let trace = sim.trace();
    let projection = sim.projection();
    prop_assert_eq!(projection.folded(), trace.len() as u64);
    let count = sim.producers().len();
    prop_assert_eq!(projected_queues(projection, count), queues(trace, count));
    let producers = projection.producers();
    prop_assert_eq!(producers.requests_in_flight(), requests_in_flight(sim));
    prop_assert_eq!(producers.acknowledged() as usize, acknowledged(trace));
    let fates = sim.accounting();
    let tally = Tally::of(&fates);
    let waiting = fates.iter().filter(|f| f.report_seen.is_none()).count();
    prop_assert_eq!(producers.waiting() as usize, waiting);
    prop_assert_eq!(producers.served() as usize, tally.reports_seen);
    let count_of = |f: fn(&Event) -> bool| trace.iter().filter(|e| f(&e.event)).count() as u64;
    prop_assert_eq!(
        producers.failed(),
        count_of(|e| matches!(e, Event::DeliveryReportServed { error: Some(_), .. }))
    );
    prop_assert_eq!(
        producers.refused(),
        count_of(|e| matches!(e, Event::ProduceRaised { .. }))
    );
    prop_assert_eq!(
        projection.client_errors(),
        count_of(|e| matches!(e, Event::ClientError { .. }))
    );
    let appended: VecSet<_> = trace
        .iter()
        .filter_map(|entry| match &entry.event {
            Event::RecordAppended { message, .. } => Some(*message),
            _ => None,
        })
        .collect();
    let lost = accounting::fates(trace, sim.cluster(), sim.producers())
        .iter()
        .filter(|fate| {
            matches!(fate.report_seen, Some(Ok(_)))
                && fate.copies_in_log == 0
                && appended.contains(&fate.message)
                && sim.cluster().leader(&fate.tp).is_some()
        })
        .count();
    let logs = projection.log_counts(sim.cluster());
    prop_assert_eq!(
        (logs.in_log, logs.duplicated, logs.lost),
        (tally.in_log as u64, tally.duplicated as u64, lost as u64)
    );
    let mut processed = Accounting::default();
    let mut left_as = VecMap::new();
    for entry in trace {
        match &entry.event {
            Event::ConsumerProgram {
                consumer,
                event: ProgramEvent::Processed { tp, offset },
            } => processed.record(*consumer, tp, *offset),
            Event::Consumer {
                consumer,
                event: ClientEvent::LeaveSent { member_id },
            } => {
                left_as.insert(*consumer, member_id.clone());
            }
            _ => {}
        }
    }
    let groups = projection.groups();
    prop_assert_eq!(
        groups.processed(),
        count_of(|e| matches!(
            e,
            Event::ConsumerProgram {
                event: ProgramEvent::Processed { .. },
                ..
            }
        ))
    );
    prop_assert_eq!(groups.duplicates() as usize, processed.duplicates().len());
    for group in sim.coordinator().groups() {
        let committed = committed(group.id(), trace);
        prop_assert_eq!(
            groups.committed(group.id()).cloned().unwrap_or_default(),
            committed.clone()
        );
        prop_assert_eq!(
            groups.unprocessed(group.id()) as usize,
            processed.losses(&committed).len()
        );
    }
    for consumer in 0..sim.consumer_count() {
        prop_assert_eq!(
            groups.left_as(consumer),
            left_as.get(&consumer).map(String::as_str)
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_projection_equals_its_recomputation_after_every_step(
        file in 0..FILES.len(),
        seed in any::<u64>(),
        acks in prop::sample::select(vec![None, Some(Acks::Zero), Some(Acks::Count(1))]),
        faults in prop::collection::vec((0u64..30_000, command()), 0..6),
    ) {
        let mut scenario = scenario_of(file);
        scenario.seed = seed;
        for producer in &mut scenario.producers {
            if let Some(acks) = acks {
                producer.settings.acks = acks;
            }
        }
        scenario.faults.extend(faults);
        scenario.faults.sort_by_key(|(at, _)| *at);
        let mut sim = Sim::new(scenario).unwrap();
        check(&sim)?;
        let mut steps = 0;
        while steps < 20_000 && sim.next_time().is_some_and(|at| at <= 90_000) {
            sim.step();
            check(&sim)?;
            steps += 1;
        }
    }
}
