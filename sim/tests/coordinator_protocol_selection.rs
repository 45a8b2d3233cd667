//! Protocol (assignor) selection (apache/kafka `ClassicGroup.selectProtocol`): among the
//! protocols every member supports, each member votes for its most preferred one and the most
//! votes win; a tie goes to the first in the broker's `HashMap` order, which puts `range`
//! before `roundrobin`. A member that shares no protocol with the group is refused.

mod coordinator_common;

use coordinator_common::*;
use kafka_sim::coordinator::*;

fn selected(member_protocols: &[&[&str]]) -> String {
    let mut broker = Broker::new();
    for (i, names) in member_protocols.iter().enumerate() {
        broker.join_dynamic_with(i as u32 + 1, protocols(names));
    }
    let out = broker.advance_to(6_000);
    let response = join_response(&out, 1).unwrap();
    assert_eq!(response.generation, 1);
    response.protocol_name.clone().unwrap()
}

#[test]
fn the_most_voted_common_protocol_wins() {
    let rr_first: &[&str] = &["roundrobin", "range"];
    assert_eq!(
        selected(&[rr_first, rr_first, &["range", "roundrobin"]]),
        "roundrobin"
    );
}

#[test]
fn only_protocols_every_member_supports_are_candidates() {
    assert_eq!(
        selected(&[&["cooperative-sticky", "range"], &["range"]]),
        "range"
    );
}

#[test]
fn a_tie_goes_to_the_first_protocol_in_java_order_map_order() {
    assert_eq!(
        selected(&[&["roundrobin", "range"], &["range", "roundrobin"]]),
        "range"
    );
    assert_eq!(
        selected(&[&["range", "roundrobin"], &["roundrobin", "range"]]),
        "range"
    );
}

#[test]
fn a_member_without_a_common_protocol_is_refused() {
    let mut broker = Broker::new();
    broker.stable_group_of_one(1);
    let out = broker.send(2, join(UNKNOWN_MEMBER_ID, None, protocols(&["roundrobin"])));
    let response = join_response(&out, 2).unwrap();
    assert_eq!(response.error, Some(ErrorCode::InconsistentGroupProtocol));
    assert_eq!(response.member_id, UNKNOWN_MEMBER_ID);

    let mut other_type = join(UNKNOWN_MEMBER_ID, None, range());
    if let Request::JoinGroup(j) = &mut other_type {
        j.protocol_type = "connect".into();
    }
    let out = broker.send(2, other_type);
    assert_eq!(
        join_response(&out, 2).unwrap().error,
        Some(ErrorCode::InconsistentGroupProtocol)
    );
    assert_eq!(broker.group().state(), GroupState::Stable);
}
