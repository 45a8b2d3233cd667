use super::*;
use crate::playground::play;
use serde_json::json;
use yew::Reducible;

/// The default scenario with its producer's `acks` set to `acks`.
fn with_acks(acks: &str) -> Draft {
    let mut draft = Draft::default();
    draft.producers[0].config.set("acks", json!(acks));
    draft
}

#[test]
fn a_changed_config_value_is_one_change_at_its_path() {
    let found = changes(&Draft::default(), &with_acks("0"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "producers[0].config.acks");
    assert_eq!(found[0].after, Some(json!("0")));
    assert!(changes(&Draft::default(), &Draft::default()).is_empty());
}

#[test]
fn a_removed_fault_and_an_added_one_are_changes_of_the_timeline() {
    let base = Draft::default();
    let mut fork = base.clone();
    fork.timeline.remove(0);
    fork.topics[0].partitions = 4;
    let paths: Vec<String> = changes(&base, &fork).into_iter().map(|c| c.path).collect();
    assert_eq!(
        paths,
        [
            "timeline[0].at_ms",
            "timeline[0].command",
            "timeline[1]",
            "topics[0].partitions"
        ]
    );
    let back = changes(&fork, &base);
    let added = back.iter().find(|c| c.path == "timeline[1]").unwrap();
    assert_eq!(added.before, None);
    assert_eq!(added.after.as_ref().unwrap()["command"], "restart_broker");
}

#[test]
fn a_fork_round_trips_through_its_link_parameters() {
    let fork = Fork {
        base: Rc::new(with_acks("1")),
        at: 2_345,
    };
    let query = format!("s=abc{}&lang=en", fork.params());
    assert_eq!(Fork::open(&query), Ok(Some((fork.clone(), None))));
    assert_eq!(Fork::open("s=abc"), Ok(None), "no base=: no fork");
    let at_start = query.replace("&at=2345", "&at=soon");
    let (opened, unreadable) = Fork::open(&at_start).unwrap().unwrap();
    assert_eq!(opened.at, 0, "an unreadable at= opens at the start");
    assert_eq!(unreadable, Some(Ignored::Malformed("at", "soon".into())));
    let no_at = query.replace("&at=2345", "");
    assert_eq!(
        Fork::open(&no_at).unwrap().unwrap().1,
        None,
        "no at=: the start, nothing to say"
    );
    let damaged = Fork::open("s=abc&base=AAAA").unwrap_err();
    assert!(
        damaged.starts_with("base=: the link's s= is not raw DEFLATE"),
        "{damaged}"
    );
    let old = link::encode(r#"{"cluster": {"brokers": 2, "racks": 1}}"#);
    let refused = Fork::open(&format!("base={old}")).unwrap_err();
    assert!(
        refused.starts_with("base=: cluster.racks: unknown field"),
        "{refused}"
    );
}

#[test]
fn summaries_compare_figure_by_figure_and_mark_what_differs() {
    let original = json!({
        "time": 900, "finished": true,
        "producers": {"queued": 10, "lost": 0},
        "consumers": {"duplicates": [], "groups": {"g": {"committed": {"t-0": 5}, "lag": {"t-0": 0}, "losses": []}}}
    });
    let fork = json!({
        "time": 950, "finished": true,
        "producers": {"queued": 10, "lost": 2},
        "consumers": {"duplicates": [], "groups": {"h": {"committed": {}, "lag": {}, "losses": []}}}
    });
    let compared = compare(&original, &fork, &["queued", "acknowledged"]);
    let names: Vec<String> = compared.iter().map(|c| c.figure.name()).collect();
    assert_eq!(
        names,
        [
            "time",
            "finished",
            "queued",
            "lost",
            "duplicates",
            "g.committed",
            "g.lag",
            "g.losses",
            "h.committed",
            "h.lag",
            "h.losses"
        ]
    );
    let differing: Vec<String> = compared
        .iter()
        .filter(|c| c.differs())
        .map(|c| c.figure.name())
        .collect();
    assert_eq!(
        differing,
        [
            "time",
            "lost",
            "g.committed",
            "g.lag",
            "g.losses",
            "h.committed",
            "h.lag",
            "h.losses"
        ]
    );
    assert_eq!(compared[7].fork, Value::Null, "the fork has no group g");
}

/// The default scenario against itself and against acks=0: the same run compares equal in
/// every figure and console; acks=0 changes the producer's reports (no broker answers) and
/// what its delivery callback prints.
#[test]
fn two_runs_of_the_playground_compare_by_summary_and_console() {
    let original = play(&Draft::default()).unwrap();
    let same = play(&Draft::default()).unwrap();
    let fork = play(&with_acks("0")).unwrap();
    let (a, b) = (original.outcome.summary(), fork.outcome.summary());
    assert!(
        compare(&a, &same.outcome.summary(), &[])
            .iter()
            .all(|c| !c.differs())
    );
    let differing: Vec<String> = compare(&a, &b, &[])
        .iter()
        .filter(|c| c.differs())
        .map(|c| c.figure.name())
        .collect();
    println!("acks=0 differs in {differing:?}");
    assert!(!differing.is_empty());

    let consoles_a = consoles(&original.run);
    assert_eq!(consoles_a.len(), 3);
    assert!(!consoles_a[0].lines.is_empty(), "the producer prints");
    let itself = first_differences(&consoles_a, &consoles(&same.run));
    assert!(itself.iter().all(|(_, difference)| difference.is_none()));
    let forked = first_differences(&consoles_a, &consoles(&fork.run));
    let labels: Vec<&str> = forked.iter().map(|(label, _)| label.as_str()).collect();
    assert_eq!(labels, ["P", "C1", "C2"]);
    println!("{forked:#?}");
}

#[test]
fn consoles_are_matched_by_label_and_a_missing_line_is_none() {
    let printed = |texts: &[&str]| -> Vec<Printed> {
        let lines = texts.iter().enumerate();
        lines
            .map(|(i, text)| Printed {
                time: 10 * i as Millis,
                text: text.to_string(),
            })
            .collect()
    };
    let console = |label: &str, texts: &[&str]| FullConsole {
        label: label.into(),
        lines: printed(texts),
    };
    let original = [console("P", &["a", "b"]), console("C1", &["x"])];
    let fork = [console("P", &["a", "b", "c"]), console("C2", &["y"])];
    let found = first_differences(&original, &fork);
    let labels: Vec<&str> = found.iter().map(|(label, _)| label.as_str()).collect();
    assert_eq!(labels, ["P", "C1", "C2"]);
    let p = found[0].1.clone().unwrap();
    assert_eq!((p.line, p.original.clone(), p.time()), (3, None, 20));
    assert_eq!(p.fork.unwrap().text, "c");
    let c2 = found[2].1.clone().unwrap();
    assert_eq!(
        (c2.line, c2.original, c2.fork.unwrap().text),
        (1, None, "y".into())
    );
}

/// The two runs play on one clock: every virtual time either run traces a line at is a stop,
/// the playback ends with the later run and opens at the fork's time.
#[test]
fn the_two_runs_step_together_from_time_to_time() {
    use crate::state::playback::PlaybackAction::*;
    let original = play(&Draft::default()).unwrap().run;
    let shorter = Draft {
        run_until_ms: Some(5_000),
        ..Draft::default()
    };
    let fork = play(&shorter).unwrap().run;
    let both = Rc::new(playback(&original, &fork, 0, 2_000));
    assert_eq!(both.end, original.end.max(fork.end));
    let times = |run: &Run| run.stops.iter().map(|s| s.time).collect::<Vec<_>>();
    let mut expected = [times(&original), times(&fork)].concat();
    expected.sort_unstable();
    expected.dedup();
    let shown: Vec<Millis> = both.stops.iter().map(|s| s.time).collect();
    assert_eq!(shown, expected);
    let stepped = both.clone().reduce(StepForward).reduce(StepForward);
    assert_eq!(stepped.time, expected[1]);
    assert_eq!(stepped.clone().reduce(StepBack).time, expected[0]);
    let opened = playback(&original, &fork, 3_000, 2_000);
    assert_eq!((opened.time, opened.cursor), (3_000, None));
}
