//! A small driver for the coordinator tests: a clock, librdkafka-shaped requests, and lookups
//! into the outputs. Each test file uses part of it.
#![allow(dead_code)]

use kafka_sim::TopicPartition;
use kafka_sim::coordinator::*;
use kafka_sim::rng::SimRng;

pub const GROUP: &str = "tdea";
pub const TOPIC: &str = "ak03.fourpartition";
/// librdkafka's `session.timeout.ms` and `max.poll.interval.ms` defaults.
pub const SESSION_MS: Millis = 45_000;
pub const MAX_POLL_MS: Millis = 300_000;

/// The coordinator under test and the virtual clock the test moves.
pub struct Broker {
    pub coordinator: Coordinator,
    pub now: Millis,
}

impl Broker {
    pub fn new() -> Self {
        Self::with_config(CoordinatorConfig::default())
    }

    pub fn with_config(config: CoordinatorConfig) -> Self {
        Self {
            coordinator: Coordinator::new(config, SimRng::stream(42, "coordinator"), 0),
            now: 0,
        }
    }

    /// Sends a request from connection `from` at the current time.
    pub fn send(&mut self, from: u32, request: Request) -> Vec<Output> {
        self.coordinator
            .handle_request(self.now, ConnectionId(from), request)
    }

    /// Moves the clock to `t`, firing every timer on the way at its own deadline.
    pub fn advance_to(&mut self, t: Millis) -> Vec<Output> {
        let mut out = Vec::new();
        while self.coordinator.poll_timeout() <= t {
            let deadline = self.coordinator.poll_timeout();
            out.extend(self.coordinator.handle_timeout(deadline));
        }
        out.extend(self.coordinator.handle_timeout(t));
        self.now = t;
        out
    }

    pub fn group(&self) -> &Group {
        self.coordinator.group(GROUP).expect("the group exists")
    }

    /// librdkafka's first join: JoinGroup without a member id, MEMBER_ID_REQUIRED, JoinGroup
    /// with the id it got (now parked). Returns the member id.
    pub fn join_dynamic(&mut self, from: u32) -> String {
        self.join_dynamic_with(from, range())
    }

    /// [`Broker::join_dynamic`] offering `protocols`.
    pub fn join_dynamic_with(&mut self, from: u32, protocols: Vec<Protocol>) -> String {
        let out = self.send(from, join(UNKNOWN_MEMBER_ID, None, protocols.clone()));
        let response = join_response(&out, from).expect("answered at once");
        assert_eq!(response.error, Some(ErrorCode::MemberIdRequired));
        let id = response.member_id.clone();
        let out = self.send(from, join(&id, None, protocols));
        assert_eq!(join_response(&out, from), None, "parked");
        id
    }

    /// A member's SyncGroup; the leader sends `assignments`.
    pub fn sync(
        &mut self,
        from: u32,
        member_id: &str,
        generation: i32,
        assignments: Vec<MemberAssignment>,
    ) -> Vec<Output> {
        self.send(
            from,
            Request::SyncGroup(SyncGroup {
                group_id: GROUP.into(),
                generation,
                member_id: member_id.into(),
                group_instance_id: None,
                protocol_type: None,
                protocol_name: None,
                assignments,
            }),
        )
    }

    pub fn heartbeat(&mut self, from: u32, member_id: &str, generation: i32) -> Option<ErrorCode> {
        let out = self.send(
            from,
            Request::Heartbeat(Heartbeat {
                group_id: GROUP.into(),
                generation,
                member_id: member_id.into(),
                group_instance_id: None,
            }),
        );
        match response_to(&out, from) {
            Some(Response::Heartbeat(h)) => h.error,
            other => panic!("no heartbeat response: {other:?}"),
        }
    }

    /// One dynamic member forms the group and syncs with every partition of [`TOPIC`]:
    /// generation 1, Stable. Returns its member id.
    pub fn stable_group_of_one(&mut self, from: u32) -> String {
        let id = self.join_dynamic(from);
        self.advance_to(self.now + 3_000);
        self.sync(from, &id, 1, vec![assign(&id, &[0, 1, 2, 3])]);
        assert_eq!(self.group().state(), GroupState::Stable);
        id
    }
}

/// Two static members `con1` (leader) and `con2` in a Stable generation 1, `[0, 1]` and `[2, 3]`.
pub fn stable_static_pair(broker: &mut Broker) -> (String, String) {
    let out = broker.send(1, join(UNKNOWN_MEMBER_ID, Some("con1"), range()));
    assert_eq!(
        join_response(&out, 1),
        None,
        "a static member is added at once"
    );
    broker.send(2, join(UNKNOWN_MEMBER_ID, Some("con2"), range()));
    let out = broker.advance_to(6_000);
    let first = join_response(&out, 1).unwrap().member_id.clone();
    let second = join_response(&out, 2).unwrap().member_id.clone();
    assert!(first.starts_with("con1-") && second.starts_with("con2-"));
    assert_eq!(broker.group().leader(), Some(first.as_str()));
    broker.sync(2, &second, 1, vec![]);
    broker.sync(
        1,
        &first,
        1,
        vec![assign(&first, &[0, 1]), assign(&second, &[2, 3])],
    );
    (first, second)
}

/// The member id that currently holds `instance`.
pub fn member_id_of(broker: &Broker, instance: &str) -> String {
    let member = broker
        .group()
        .members()
        .find(|m| m.group_instance_id() == Some(instance));
    member.unwrap().id().to_string()
}

pub fn rejoin_static(
    broker: &mut Broker,
    from: u32,
    instance: &str,
    api_version: i16,
) -> Vec<Output> {
    let mut request = join(UNKNOWN_MEMBER_ID, Some(instance), range());
    if let Request::JoinGroup(j) = &mut request {
        j.api_version = api_version;
    }
    broker.send(from, request)
}

pub fn static_heartbeat(broker: &mut Broker, member_id: &str, instance: &str) -> Option<ErrorCode> {
    let out = broker.send(
        9,
        Request::Heartbeat(Heartbeat {
            group_id: GROUP.into(),
            generation: 1,
            member_id: member_id.into(),
            group_instance_id: Some(instance.into()),
        }),
    );
    match response_to(&out, 9) {
        Some(Response::Heartbeat(h)) => h.error,
        other => panic!("{other:?}"),
    }
}

/// `[range]` subscribed to [`TOPIC`].
pub fn range() -> Vec<Protocol> {
    protocols(&["range"])
}

/// Protocols in preference order, each subscribed to [`TOPIC`].
pub fn protocols(names: &[&str]) -> Vec<Protocol> {
    names
        .iter()
        .map(|name| Protocol {
            name: name.to_string(),
            metadata: Subscription {
                topics: vec![TOPIC.into()],
                owned_partitions: Vec::new(),
                generation: -1,
            },
        })
        .collect()
}

/// A JoinGroup as librdkafka sends it with its defaults.
pub fn join(member_id: &str, instance: Option<&str>, protocols: Vec<Protocol>) -> Request {
    Request::JoinGroup(JoinGroup {
        group_id: GROUP.into(),
        api_version: LIBRDKAFKA_JOIN_GROUP_VERSION,
        member_id: member_id.into(),
        group_instance_id: instance.map(str::to_string),
        client_id: "rdkafka".into(),
        protocol_type: CONSUMER_PROTOCOL_TYPE.into(),
        protocols,
        session_timeout_ms: SESSION_MS,
        rebalance_timeout_ms: MAX_POLL_MS,
    })
}

pub fn assign(member_id: &str, partitions: &[i32]) -> MemberAssignment {
    MemberAssignment {
        member_id: member_id.into(),
        partitions: tps(partitions),
    }
}

pub fn tps(partitions: &[i32]) -> Vec<TopicPartition> {
    partitions
        .iter()
        .map(|&p| TopicPartition::new(TOPIC, p))
        .collect()
}

pub fn response_to(out: &[Output], to: u32) -> Option<&Response> {
    let mut found = out.iter().filter_map(|o| match o {
        Output::Response { to: c, response } if *c == ConnectionId(to) => Some(response),
        _ => None,
    });
    let first = found.next();
    assert!(found.next().is_none(), "one response per connection");
    first
}

pub fn join_response(out: &[Output], to: u32) -> Option<&JoinGroupResponse> {
    match response_to(out, to)? {
        Response::JoinGroup(r) => Some(r),
        other => panic!("not a JoinGroup response: {other:?}"),
    }
}

pub fn sync_response(out: &[Output], to: u32) -> Option<&SyncGroupResponse> {
    match response_to(out, to)? {
        Response::SyncGroup(r) => Some(r),
        other => panic!("not a SyncGroup response: {other:?}"),
    }
}

pub fn events(out: &[Output]) -> Vec<&Event> {
    out.iter()
        .filter_map(|o| match o {
            Output::Event(e) => Some(e),
            Output::Response { .. } => None,
        })
        .collect()
}

pub fn state_changes(out: &[Output]) -> Vec<(GroupState, GroupState)> {
    events(out)
        .into_iter()
        .filter_map(|e| match e {
            Event::StateChanged { from, to, .. } => Some((*from, *to)),
            _ => None,
        })
        .collect()
}
