//! The cluster's handlers: produce requests on the leader, follower fetch loops, the high
//! watermark, ISR changes, crashes, restarts and leader elections.

use super::log::SequenceCheck;
use super::partition::{DelayedProduce, FollowerProgress, ParkedFetch, Partition};
use super::{Cluster, ClusterTimer};
use crate::TopicPartition;
use crate::config::Acks;
use crate::ids::MessageId;
use crate::ids::Millis;
use crate::ids::NodeId;
use crate::outbox::Outbox;
use crate::trace::Event;
use crate::wire::Record;
use crate::wire::{
    Bytes, FetchRequest, FetchResponse, KafkaError, Message, ProduceRequest, ProduceResponse,
};

type Out = Outbox<ClusterTimer>;

impl Cluster {
    /// Starts every follower's fetch loop and the periodic ISR check.
    pub fn start(&mut self, now: Millis, out: &mut Out) {
        let followers: Vec<(TopicPartition, i32)> = self
            .partitions
            .iter()
            .flat_map(|(tp, p)| p.followers.keys().map(move |&b| (tp.clone(), b)))
            .collect();
        for (tp, broker) in followers {
            self.start_fetcher(&tp, broker, now, out);
        }
        out.timer(
            now + self.spec.replica_lag_time_max_ms / 2,
            ClusterTimer::IsrCheck,
        );
    }

    /// CreatePartitions: grows `topic` to `count` partitions. The new replicas are placed as
    /// apache/kafka `AdminZkClient.addPartitions` places them: from the broker of partition
    /// 0's first replica (start index and shift both), numbering on from the existing count,
    /// with the topic's replication factor; each new follower starts its fetch loop. Refused
    /// with the controller's messages (apache/kafka `ReplicationControlManager.createPartitions`:
    /// `UnknownTopicOrPartitionException`, `InvalidPartitionsException`).
    pub fn add_partitions(
        &mut self,
        topic: &str,
        count: i32,
        now: Millis,
        out: &mut Out,
    ) -> Result<(), String> {
        let Some((name, existing)) = self.topic(topic) else {
            return Err("This server does not host this topic-partition.".into());
        };
        let first = TopicPartition::new(name.clone(), 0);
        let Some(p0) = self.partitions.get(&first) else {
            return Err("This server does not host this topic-partition.".into());
        };
        if count == existing {
            return Err(format!("Topic already has {existing} partition(s)."));
        }
        if count < existing {
            return Err(format!(
                "The topic {topic} currently has {existing} partition(s); {count} would not be an increase."
            ));
        }
        let ids: Vec<i32> = self.brokers.keys().copied().collect();
        let start = ids.iter().position(|&id| id >= p0.replicas[0]).unwrap_or(0);
        let (rf, min_isr) = (p0.replicas.len(), p0.min_insync_replicas);
        let placed = super::placement::place_replicas(
            &ids,
            start,
            start,
            existing as usize,
            (count - existing) as usize,
            rf,
        );
        for (replicas, p) in placed.into_iter().zip(existing..) {
            let tp = TopicPartition::new(first.topic.clone(), p);
            let followers = replicas[1..].to_vec();
            let created = self.partitions.len() + 1;
            let partition = Partition::new(replicas, min_isr, now, created);
            self.partitions.insert(tp.clone(), partition);
            for follower in followers {
                self.start_fetcher(&tp, follower, now, out);
            }
        }
        Ok(())
    }

    /// A message arriving at `broker` (dropped by the engine when the broker is down).
    pub fn on_message(&mut self, broker: i32, message: Message, now: Millis, out: &mut Out) {
        match message {
            Message::Produce(request) => self.handle_produce(broker, request, now, out),
            Message::Fetch(request) => self.handle_fetch(broker, request, now, out),
            Message::FetchResponse(response) => {
                self.handle_fetch_response(broker, response, now, out)
            }
            // Answers go to clients; the engine hands a consumer's requests to the broker's
            // read and coordinator services (`engine::sim::brokers`), and answers Metadata
            // from `Cluster::metadata`.
            Message::ProduceResponse(_)
            | Message::Metadata(_)
            | Message::MetadataResponse(_)
            | Message::ConnectionClosed { .. }
            | Message::ConsumerRequest { .. }
            | Message::ConsumerResponse { .. } => {}
        }
    }

    pub fn on_timer(&mut self, timer: ClusterTimer, now: Millis, out: &mut Out) {
        match timer {
            ClusterTimer::SendFetch {
                broker,
                tp,
                session,
            } => self.send_fetch(broker, &tp, session, now, out),
            ClusterTimer::FetchWaitExpired {
                leader,
                follower,
                tp,
                park,
            } => self.expire_parked_fetch(leader, follower, &tp, park, out),
            ClusterTimer::ProduceExpired {
                tp,
                client,
                request,
            } => self.expire_delayed_produce(&tp, client, request, out),
            ClusterTimer::Fence {
                broker,
                incarnation,
            } => {
                if self.brokers[&broker].incarnation == incarnation {
                    self.fence(broker, now, out);
                }
            }
            ClusterTimer::IsrCheck => {
                self.shrink_isr(now, out);
                out.timer(
                    now + self.spec.replica_lag_time_max_ms / 2,
                    ClusterTimer::IsrCheck,
                );
            }
        }
    }

    /// Appends a batch on the leader and answers as `acks` asks
    /// (apache/kafka `Partition.appendRecordsToLeader`, `ReplicaManager.appendRecords`).
    fn handle_produce(&mut self, broker: i32, request: ProduceRequest, now: Millis, out: &mut Out) {
        // One lookup for the producer's copy of the name; the shared key answers the rest.
        let tp = self
            .shared_partition(&request.tp)
            .unwrap_or(&request.tp)
            .clone();
        let reply = |out: &mut Out, result| {
            respond_produce(broker, request.client, request.id, &tp, result, out)
        };
        let Some(p) = self.partitions.get_mut(&tp) else {
            return reply(out, Err(KafkaError::NotLeaderForPartition));
        };
        if p.leader != Some(broker) {
            return reply(out, Err(KafkaError::NotLeaderForPartition));
        }
        // Brokers since 0.11 accept only -1, 0 and 1 (apache/kafka `ReplicaManager.appendRecords`,
        // `isValidRequiredAcks`); librdkafka lets 2..1000 through to them.
        if let Acks::Count(_) = request.acks {
            return reply(out, Err(KafkaError::InvalidRequiredAcks));
        }
        // Checked before the append: `Partition.appendRecordsToLeader` rejects acks=all when the
        // ISR is smaller than min.insync.replicas.
        if request.acks == Acks::All && p.isr.len() < p.min_insync_replicas {
            return reply(out, Err(KafkaError::NotEnoughReplicas));
        }
        let count = request.records.len();
        let log = p.logs.get_mut(&broker).expect("the leader has a log");
        let base_offset = match request.stamp.map(|s| log.check_sequence(s, count)) {
            Some(SequenceCheck::OutOfOrder) => {
                return reply(out, Err(KafkaError::OutOfOrderSequenceNumber));
            }
            Some(SequenceCheck::Duplicate { base_offset }) => {
                out.event(Event::DuplicateIgnored {
                    broker,
                    tp: tp.clone(),
                    base_offset,
                });
                base_offset
            }
            Some(SequenceCheck::InSequence) | None => {
                let base_offset = log.end_offset();
                // One event per record: room for them all at once (a burst's batch holds
                // thousands).
                out.reserve_events(count);
                // The request's payloads move into the log: a clone here and a drop with the
                // request touched every payload twice more.
                for (i, draft) in request.records.into_iter().enumerate() {
                    log.append(Record {
                        offset: 0,
                        leader_epoch: p.leader_epoch,
                        key: draft.key,
                        value: draft.value,
                        stamp: request.stamp,
                        sequence: request.stamp.map_or(0, |s| s.base_sequence + i as i32),
                        message: draft.message,
                    });
                    out.event(Event::RecordAppended {
                        broker,
                        tp: tp.clone(),
                        offset: base_offset + i as i64,
                        message: draft.message,
                    });
                }
                answer_parked_fetches(p, broker, &tp, out);
                base_offset
            }
        };
        match request.acks {
            // `Count` was refused before the append.
            Acks::Zero | Acks::Count(_) => {}
            Acks::One => reply(out, Ok(base_offset)),
            Acks::All => {
                p.delayed.push(DelayedProduce {
                    client: request.client,
                    request: request.id,
                    base_offset,
                    required_offset: base_offset + count as i64,
                });
                out.timer(
                    now + request.timeout_ms,
                    ClusterTimer::ProduceExpired {
                        tp: tp.clone(),
                        client: request.client,
                        request: request.id,
                    },
                );
                raise_high_watermark(p, &tp, out);
            }
        }
    }

    /// Appends one record on the partition's leader with no producer client in between (the
    /// consumer labs' stand-in for a producer), as `handle_produce` appends an acks=all batch;
    /// returns its offset, or `None` without a live leader.
    pub fn append_direct(
        &mut self,
        tp: &TopicPartition,
        key: Option<Bytes>,
        value: Option<Bytes>,
        message: MessageId,
        out: &mut Out,
    ) -> Option<i64> {
        // The callers' names are often their own copies: one lookup, then the shared key.
        let tp = &self.shared_partition(tp)?.clone();
        let p = self.partitions.get_mut(tp).expect("found above");
        let leader = p.leader.filter(|b| self.brokers[b].up)?;
        let log = p.logs.get_mut(&leader).expect("the leader has a log");
        let offset = log.end_offset();
        log.append(Record {
            offset,
            leader_epoch: p.leader_epoch,
            key,
            value,
            stamp: None,
            sequence: 0,
            message,
        });
        out.event(Event::RecordAppended {
            broker: leader,
            tp: tp.clone(),
            offset,
            message,
        });
        answer_parked_fetches(p, leader, tp, out);
        raise_high_watermark(p, tp, out);
        Some(offset)
    }

    /// Raises `tp`'s high watermark ([`raise_high_watermark`]).
    fn advance_high_watermark(&mut self, tp: &TopicPartition, out: &mut Out) {
        let p = self.partitions.get_mut(tp).expect("known partition");
        raise_high_watermark(p, tp, out);
    }

    fn expire_delayed_produce(
        &mut self,
        tp: &TopicPartition,
        client: usize,
        request: u64,
        out: &mut Out,
    ) {
        let p = self.partitions.get_mut(tp).expect("known partition");
        let Some(i) = p
            .delayed
            .iter()
            .position(|d| d.client == client && d.request == request)
        else {
            return;
        };
        p.delayed.remove(i);
        let leader = p.leader.expect("delayed produces live on a leader");
        respond_produce(
            leader,
            client,
            request,
            tp,
            Err(KafkaError::RequestTimedOut),
            out,
        );
    }

    /// Begins a new fetch loop for `follower` (a new session: answers to older loops are
    /// ignored).
    fn start_fetcher(&mut self, tp: &TopicPartition, follower: i32, at: Millis, out: &mut Out) {
        self.next_id += 1;
        let session = self.next_id;
        let p = self.partitions.get_mut(tp).expect("known partition");
        p.sessions.insert(follower, session);
        out.timer(
            at,
            ClusterTimer::SendFetch {
                broker: follower,
                tp: tp.clone(),
                session,
            },
        );
    }

    fn send_fetch(
        &mut self,
        follower: i32,
        tp: &TopicPartition,
        session: u64,
        now: Millis,
        out: &mut Out,
    ) {
        let up = |b: i32| self.brokers[&b].up;
        let p = &self.partitions[tp];
        if p.sessions.get(&follower) != Some(&session) || !up(follower) {
            return;
        }
        match p.leader {
            Some(leader) if leader != follower && up(leader) => {
                let request = FetchRequest {
                    session,
                    follower,
                    tp: tp.clone(),
                    fetch_offset: p.logs[&follower].end_offset(),
                    leader_epoch: p.leader_epoch,
                };
                out.send(
                    NodeId::Broker(follower),
                    NodeId::Broker(leader),
                    Message::Fetch(request),
                );
            }
            Some(leader) if leader == follower => {
                self.partitions
                    .get_mut(tp)
                    .expect("known")
                    .sessions
                    .remove(&follower);
            }
            _ => {
                let retry = now + self.spec.replica_fetch_backoff_ms;
                out.timer(
                    retry,
                    ClusterTimer::SendFetch {
                        broker: follower,
                        tp: tp.clone(),
                        session,
                    },
                );
            }
        }
    }

    /// The leader's side of a follower fetch: it learns the follower's log end, maybe takes it
    /// back into the ISR (`Partition.maybeExpandIsr`: caught up to the high watermark), maybe
    /// raises the high watermark, and answers now or parks the fetch until data arrives.
    fn handle_fetch(&mut self, leader: i32, request: FetchRequest, now: Millis, out: &mut Out) {
        let wait = self.spec.replica_fetch_wait_max_ms;
        let FetchRequest {
            session,
            follower,
            tp,
            fetch_offset,
            leader_epoch,
        } = request;
        let p = self.partitions.get_mut(&tp).expect("known partition");
        if p.leader != Some(leader) || p.leader_epoch != leader_epoch {
            let stale = FetchResponse {
                session,
                tp,
                leader_epoch: -1,
                records: Vec::new(),
                high_watermark: 0,
            };
            out.send(
                NodeId::Broker(leader),
                NodeId::Broker(follower),
                Message::FetchResponse(stale),
            );
            return;
        }
        let leader_end = p.logs[&leader].end_offset();
        let leader_hw = p.logs[&leader].high_watermark();
        p.followers
            .entry(follower)
            .or_insert_with(|| FollowerProgress::new(now))
            .on_fetch(fetch_offset, leader_end, now);
        if !p.isr.contains(&follower) && fetch_offset >= leader_hw {
            p.isr.insert(follower);
            out.event(Event::IsrExpanded {
                tp: tp.clone(),
                broker: follower,
            });
        }
        raise_high_watermark(p, &tp, out);
        if fetch_offset < p.logs[&leader].end_offset() {
            respond_fetch(p, leader, follower, &tp, session, fetch_offset, out);
        } else {
            self.next_id += 1;
            let park = self.next_id;
            let parked = ParkedFetch {
                park,
                session,
                fetch_offset,
            };
            p.parked.insert(follower, parked);
            let timer = ClusterTimer::FetchWaitExpired {
                leader,
                follower,
                tp,
                park,
            };
            out.timer(now + wait, timer);
        }
    }

    fn expire_parked_fetch(
        &mut self,
        leader: i32,
        follower: i32,
        tp: &TopicPartition,
        park: u64,
        out: &mut Out,
    ) {
        let p = self.partitions.get_mut(tp).expect("known partition");
        if p.leader != Some(leader) || p.parked.get(&follower).map(|f| f.park) != Some(park) {
            return;
        }
        let fetch = p.parked.remove(&follower).expect("checked");
        respond_fetch(
            p,
            leader,
            follower,
            tp,
            fetch.session,
            fetch.fetch_offset,
            out,
        );
    }

    /// The follower's side: append what came, take the leader's high watermark (bounded by its
    /// own log end), and fetch again after its fetch delay: at once without one, as a replica
    /// fetcher thread builds its next request as soon as it has handled an answer (apache/kafka
    /// `AbstractFetcherThread.doWork`; the model's delay is a slowed-down follower).
    fn handle_fetch_response(
        &mut self,
        follower: i32,
        response: FetchResponse,
        now: Millis,
        out: &mut Out,
    ) {
        let delay = self.brokers[&follower].fetch_delay_ms;
        let tp = response.tp.clone();
        let p = self.partitions.get_mut(&tp).expect("known partition");
        if p.sessions.get(&follower) != Some(&response.session) {
            return;
        }
        let session = response.session;
        if response.leader_epoch != p.leader_epoch {
            let retry = now + self.spec.replica_fetch_backoff_ms;
            out.timer(
                retry,
                ClusterTimer::SendFetch {
                    broker: follower,
                    tp,
                    session,
                },
            );
            return;
        }
        let log = p.logs.get_mut(&follower).expect("a replica has a log");
        let from = log.end_offset();
        let fresh = response.records.into_iter().filter(|r| r.offset >= from);
        let mut fresh = fresh.peekable();
        if fresh.peek().is_some_and(|r| r.offset == from) {
            fresh.for_each(|r| log.append_copy(r));
            let count = (log.end_offset() - from) as usize;
            out.event(Event::ReplicaFetched {
                broker: follower,
                tp: tp.clone(),
                from_offset: from,
                count,
            });
        }
        log.set_high_watermark(response.high_watermark);
        if delay == 0 {
            self.send_fetch(follower, &tp, session, now, out);
        } else {
            let timer = ClusterTimer::SendFetch {
                broker: follower,
                tp,
                session,
            };
            out.timer(now + delay, timer);
        }
    }

    /// Removes followers that have not caught up for `replica.lag.time.max.ms`
    /// (`Partition.maybeShrinkIsr`, run every half of it by ReplicaManager's isr-expiration).
    fn shrink_isr(&mut self, now: Millis, out: &mut Out) {
        let lag = self.spec.replica_lag_time_max_ms;
        let tps: Vec<TopicPartition> = self.partitions.keys().cloned().collect();
        for tp in tps {
            let p = self.partitions.get_mut(&tp).expect("known");
            let Some(leader) = p.leader.filter(|&l| self.brokers[&l].up) else {
                continue;
            };
            let lagging: Vec<i32> = p
                .isr
                .iter()
                .copied()
                .filter(|&b| {
                    b != leader
                        && p.followers
                            .get(&b)
                            .is_none_or(|f| now - f.last_caught_up_ms > lag)
                })
                .collect();
            for broker in &lagging {
                p.isr.remove(broker);
                out.event(Event::IsrShrunk {
                    tp: tp.clone(),
                    broker: *broker,
                });
            }
            if !lagging.is_empty() {
                self.advance_high_watermark(&tp, out);
            }
        }
    }

    /// A broker stops: nothing it holds in memory answers any more (parked fetches, acks=all
    /// requests); the controller fences it after `broker.session.timeout.ms`.
    pub fn crash(&mut self, broker: i32, now: Millis, out: &mut Out) {
        let Some(b) = self.brokers.get_mut(&broker).filter(|b| b.up) else {
            return;
        };
        b.up = false;
        b.incarnation += 1;
        let fence_at = now + self.spec.broker_session_timeout_ms;
        out.timer(
            fence_at,
            ClusterTimer::Fence {
                broker,
                incarnation: b.incarnation,
            },
        );
        out.event(Event::BrokerCrashed { broker });
        for p in self.partitions.values_mut() {
            p.sessions.remove(&broker);
            p.parked.remove(&broker);
            if p.leader == Some(broker) {
                p.parked.clear();
                p.delayed.clear();
            }
        }
    }

    /// The controller removes a dead broker from every ISR (never emptying one) and elects new
    /// leaders for the partitions it led.
    fn fence(&mut self, broker: i32, now: Millis, out: &mut Out) {
        let b = self.brokers.get_mut(&broker).expect("known broker");
        if b.up || b.fenced {
            return;
        }
        b.fenced = true;
        out.event(Event::BrokerFenced { broker });
        let tps: Vec<TopicPartition> = self.partitions.keys().cloned().collect();
        for tp in tps {
            let p = self.partitions.get_mut(&tp).expect("known");
            if !p.replicas.contains(&broker) {
                continue;
            }
            if p.leader == Some(broker) {
                let next = p.electable(broker, |c| self.brokers[&c].up);
                if p.isr.len() > 1 {
                    p.isr.remove(&broker);
                    out.event(Event::IsrShrunk {
                        tp: tp.clone(),
                        broker,
                    });
                }
                match next {
                    Some(leader) => self.elect(&tp, leader, now, out),
                    None => {
                        p.leader = None;
                        out.event(Event::PartitionOffline { tp: tp.clone() });
                    }
                }
            } else if p.isr.len() > 1 && p.isr.remove(&broker) {
                out.event(Event::IsrShrunk {
                    tp: tp.clone(),
                    broker,
                });
                self.advance_high_watermark(&tp, out);
            }
        }
    }

    /// Makes `leader` the leader of `tp` in a new epoch; the other live replicas become its
    /// followers, truncating whatever the new leader does not have.
    fn elect(&mut self, tp: &TopicPartition, leader: i32, now: Millis, out: &mut Out) {
        let p = self.partitions.get_mut(tp).expect("known");
        p.leader = Some(leader);
        p.leader_epoch += 1;
        p.parked.clear();
        p.delayed.clear();
        p.sessions.remove(&leader);
        p.followers = p
            .replicas
            .iter()
            .filter(|&&b| b != leader)
            .map(|&b| (b, FollowerProgress::new(now)))
            .collect();
        out.event(Event::LeaderElected {
            tp: tp.clone(),
            leader,
            epoch: p.leader_epoch,
        });
        let followers: Vec<i32> = p
            .followers
            .keys()
            .copied()
            .filter(|b| self.brokers[b].up)
            .collect();
        for follower in followers {
            self.become_follower(tp, follower, now, out);
        }
        self.advance_high_watermark(tp, out);
    }

    /// Truncates `follower`'s log to where it stops agreeing with the leader's and restarts
    /// its fetch loop.
    fn become_follower(&mut self, tp: &TopicPartition, follower: i32, now: Millis, out: &mut Out) {
        let p = self.partitions.get_mut(tp).expect("known");
        let Some(leader) = p.leader else { return };
        let at = p.logs[&follower].divergence_with(&p.logs[&leader]);
        truncate(p, tp, follower, at, out);
        self.start_fetcher(tp, follower, now, out);
    }

    /// A crashed broker comes back with its log: it leads the partitions that were left
    /// without a leader and that it was the last in-sync replica of, and follows the others.
    pub fn restart(&mut self, broker: i32, now: Millis, out: &mut Out) {
        if self.brokers.get(&broker).is_none_or(|b| b.up) {
            return;
        }
        self.fence(broker, now, out);
        let b = self.brokers.get_mut(&broker).expect("known");
        b.up = true;
        b.fenced = false;
        b.incarnation += 1;
        out.event(Event::BrokerRestarted { broker });
        let tps: Vec<TopicPartition> = self
            .partitions
            .iter()
            .filter(|(_, p)| p.replicas.contains(&broker))
            .map(|(tp, _)| tp.clone())
            .collect();
        for tp in tps {
            let p = &self.partitions[&tp];
            match p.leader {
                None if p.isr.contains(&broker) => self.elect(&tp, broker, now, out),
                Some(_) => self.become_follower(&tp, broker, now, out),
                None => {}
            }
        }
    }

    /// Makes `broker` wait `delay_ms` before each of its follower fetches (0 restores it).
    pub fn delay_follower(&mut self, broker: i32, delay_ms: Millis, out: &mut Out) {
        if let Some(b) = self.brokers.get_mut(&broker) {
            b.fetch_delay_ms = delay_ms;
            out.event(Event::FollowerDelayed { broker, delay_ms });
        }
    }
}

fn truncate(p: &mut Partition, tp: &TopicPartition, broker: i32, offset: i64, out: &mut Out) {
    let log = p.logs.get_mut(&broker).expect("a replica has a log");
    let removed = log.truncate_to(offset);
    if !removed.is_empty() {
        out.event(Event::LogTruncated {
            broker,
            tp: tp.clone(),
            offset,
            removed: removed.iter().map(|r| r.message).collect(),
        });
    }
}

/// Answers `follower`'s fetch of `p` (`tp`) from offset `from` with the leader's records from
/// there.
fn respond_fetch(
    p: &Partition,
    leader: i32,
    follower: i32,
    tp: &TopicPartition,
    session: u64,
    from: i64,
    out: &mut Out,
) {
    let log = &p.logs[&leader];
    let response = FetchResponse {
        session,
        tp: tp.clone(),
        leader_epoch: p.leader_epoch,
        records: log.read_from(from).to_vec(),
        high_watermark: log.high_watermark(),
    };
    out.send(
        NodeId::Broker(leader),
        NodeId::Broker(follower),
        Message::FetchResponse(response),
    );
}

/// New records complete the parked follower fetches of `p` (`tp`) (`DelayedFetch` with
/// fetch.min.bytes=1).
fn answer_parked_fetches(p: &mut Partition, leader: i32, tp: &TopicPartition, out: &mut Out) {
    for (&follower, fetch) in &p.parked {
        respond_fetch(
            p,
            leader,
            follower,
            tp,
            fetch.session,
            fetch.fetch_offset,
            out,
        );
    }
    p.parked.clear();
}

/// Sends a produce response (the engine's network may lose it: `DropNextResponse`).
fn respond_produce(
    broker: i32,
    client: usize,
    id: u64,
    tp: &TopicPartition,
    result: Result<i64, KafkaError>,
    out: &mut Out,
) {
    let response = ProduceResponse {
        id,
        tp: tp.clone(),
        result,
    };
    out.send(
        NodeId::Broker(broker),
        NodeId::Client(client),
        Message::ProduceResponse(response),
    );
}

/// Raises the leader's high watermark to the smallest log end over the ISR and completes
/// the acks=all requests it covers, in the order they came (`Partition.maybeIncrementLeaderHW`,
/// `checkEnoughReplicasReachOffset`: NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR has
/// meanwhile shrunk below min.insync.replicas).
fn raise_high_watermark(p: &mut Partition, tp: &TopicPartition, out: &mut Out) {
    let (Some(leader), Some(hw)) = (p.leader, p.isr_high_watermark()) else {
        return;
    };
    let log = p.logs.get_mut(&leader).expect("the leader has a log");
    if hw > log.high_watermark() {
        log.set_high_watermark(hw);
        out.event(Event::HighWatermarkAdvanced {
            tp: tp.clone(),
            high_watermark: hw,
        });
    }
    let hw = log.high_watermark();
    let enough = p.isr.len() >= p.min_insync_replicas;
    p.delayed.retain(|d| {
        if d.required_offset > hw {
            return true;
        }
        let result = if enough {
            Ok(d.base_offset)
        } else {
            Err(KafkaError::NotEnoughReplicasAfterAppend)
        };
        respond_produce(leader, d.client, d.request, tp, result, out);
        false
    });
}
