use super::*;

fn member(id: &str, topics: &[&str]) -> Member {
    Member {
        id: id.into(),
        topics: topics.iter().map(|t| (*t).into()).collect(),
        ..Member::default()
    }
}

fn topics(list: &[(&str, i32)]) -> VecMap<String, i32> {
    list.iter().map(|(t, n)| ((*t).to_owned(), *n)).collect()
}

fn tp(topic: &str, partition: i32) -> TopicPartition {
    TopicPartition::new(topic, partition)
}

fn run_ok(strategy: Strategy, topics: &VecMap<String, i32>, members: &[Member]) -> Outcome {
    run(strategy, topics, members).unwrap()
}

#[test]
fn py_repr_quotes_as_python_does() {
    assert_eq!(py_repr("c1"), "'c1'");
    assert_eq!(py_repr("it's"), "\"it's\"");
    assert_eq!(py_repr("a'b\"c"), "'a\\'b\"c'");
    assert_eq!(py_repr("x\\y\n\u{1}"), "'x\\\\y\\n\\x01'");
}

#[test]
fn range_counts_a_twice_listed_topic_twice_and_keeps_the_later_range() {
    // kafka-python 3.0.12 by hand: consumers_per_topic["t"] = [(None, "a"), (None, "a"),
    // (None, "b")]; 4 partitions over 3: a [0, 1], then a [2] (replacing), b [3].
    let members = [member("a", &["t", "t"]), member("b", &["t"])];
    let outcome = run_ok(Strategy::Range, &topics(&[("t", 4)]), &members);
    assert_eq!(outcome.assignment["a"], [tp("t", 2)]);
    assert_eq!(outcome.assignment["b"], [tp("t", 3)]);
}

#[test]
fn roundrobin_raises_when_a_turn_falls_on_a_non_subscriber() {
    // kafka-python 3.0.12 by hand: [s1 (static, "x"), d1 ("y"), s2 (static, "y")]: groupby
    // keeps [s2] and [d1], dropping s1. x-0 falls to s2, which does not subscribe to "x"; the
    // loop rebinds member_id to the next pair, (None, 'd1'), and member_topics has no such key.
    let mut s1 = member("s1", &["x"]);
    s1.instance_id = Some("i1".into());
    let mut s2 = member("s2", &["y"]);
    s2.instance_id = Some("i2".into());
    let members = [s1, member("d1", &["y"]), s2];
    let error = run(
        Strategy::RoundRobin,
        &topics(&[("x", 1), ("y", 2)]),
        &members,
    )
    .unwrap_err();
    assert_eq!(error, AssignError::Raised("KeyError: (None, 'd1')".into()));
    // range deals per topic: s1 is dropped only from its own topic's list, and is its only
    // subscriber, so it keeps "x".
    let outcome = run_ok(Strategy::Range, &topics(&[("x", 1), ("y", 2)]), &members);
    assert_eq!(outcome.assignment["s1"], [tp("x", 0)]);
    // Static members first: s2 (i2) and then d1 deal "y" alternately.
    let members = [member("d1", &["y"]), members[2].clone()];
    let outcome = run_ok(Strategy::RoundRobin, &topics(&[("y", 3)]), &members);
    assert_eq!(outcome.assignment["s2"], [tp("y", 0), tp("y", 2)]);
    assert_eq!(outcome.assignment["d1"], [tp("y", 1)]);
}

#[test]
fn claims_of_generation_zero_go_to_the_later_member() {
    let mut a = member("a", &["t"]);
    a.owned = vec![tp("t", 0)];
    a.generation = Some(0);
    let mut b = a.clone();
    b.id = "b".into();
    let members = [a.clone(), b.clone()];
    assert_eq!(claims(&members).lists, [("b", vec![tp("t", 0)])]);
    a.generation = Some(3);
    b.generation = Some(3);
    let members = [a, b];
    let claims = claims(&members);
    assert_eq!(claims.lists, [("a", vec![tp("t", 0)])]);
    assert!(claims.previous.is_empty() && !claims.fresh);
}

#[test]
fn sticky_moves_partitions_only_to_balance() {
    // kafka-python 3.0.12 by hand (StickyPartitionAssignor.assign): a owned all four at
    // generation 1, b joins: b gets t-2 and t-3 (from the back of a's list), a keeps 0 and 1.
    let mut a = member("a", &["t"]);
    a.owned = (0..4).map(|p| tp("t", p)).collect();
    a.generation = Some(1);
    let members = [a, member("b", &["t"])];
    let outcome = run_ok(Strategy::Sticky, &topics(&[("t", 4)]), &members);
    assert_eq!(outcome.assignment["a"], [tp("t", 0), tp("t", 1)]);
    assert_eq!(outcome.assignment["b"], [tp("t", 2), tp("t", 3)]);
    assert_eq!(outcome.arbitrary, None);
}

#[test]
fn sticky_without_members_raises_as_kafka_python_does() {
    assert_eq!(
        run(Strategy::Sticky, &topics(&[("t", 1)]), &[]).unwrap_err(),
        AssignError::Raised("TypeError: 'NoneType' object is not subscriptable".into())
    );
    assert!(
        run_ok(Strategy::Range, &topics(&[("t", 1)]), &[])
            .assignment
            .is_empty()
    );
}

#[test]
fn giving_back_to_a_member_set_aside_raises_key_error() {
    // "f" subscribes to "x" alone and holds all of it, so it is set aside; it also claims
    // y-0 at an older generation, so is y-0's previous owner. "a" holds y-0..y-2 and "b"
    // nothing: a has 3 > 0 + 1, so kafka-python gives y-0 back to "f" and raises.
    let mut f = member("f", &["x"]);
    f.owned = vec![tp("x", 0), tp("y", 0)];
    f.generation = Some(1);
    let mut a = member("a", &["y"]);
    a.owned = (0..3).map(|p| tp("y", p)).collect();
    a.generation = Some(2);
    let members = [f, a, member("b", &["y"])];
    assert_eq!(
        run(Strategy::Sticky, &topics(&[("x", 1), ("y", 3)]), &members).unwrap_err(),
        AssignError::Raised("KeyError: ('f', ())".into())
    );
}
