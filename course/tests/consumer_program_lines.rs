//! Every consumer program of the course builds from its Python source, and every statement
//! carries the line of the source that does it: the line of its anchor where it has one, and
//! a line holding the statement's text otherwise. No line number is written down here.

use course::programs::consumer_program;
use course::{Anchor, Source, exercises};
use kafka_sim::consumer::{Program, Stmt};

/// The anchor a statement's line must equal, if any, and the text its line must hold.
fn expected(stmt: &Stmt) -> (&'static [Anchor], &'static str) {
    match stmt {
        Stmt::PrintStart { .. } => (&[Anchor::PrintStart], "print('Start listen"),
        Stmt::Subscribe { .. } => (&[Anchor::Subscribe], "consumer.subscribe("),
        Stmt::Assign { .. } => (&[Anchor::Assign], "consumer.assign("),
        Stmt::Loop { .. } => (&[], "while True:"),
        Stmt::Consume { .. } => (
            &[Anchor::Consume],
            "consumer.consume(num_messages=500, timeout=1.0)",
        ),
        Stmt::ForEachRecord { .. } => (&[], "for record in records:"),
        Stmt::RaiseIfError { .. } => (&[], "if record.error():"),
        Stmt::PrintRecord { .. } => (&[Anchor::PrintRecord], "print('%s-%d-%d : (%s , %s)'"),
        Stmt::CommitRecord { .. } => (&[Anchor::Commit], "consumer.commit(record)"),
        Stmt::Remember { .. } => (&[Anchor::Remember], "offsets_dict["),
        Stmt::CommitRemembered { .. } => (&[Anchor::CommitOnRevoke], "consumer.commit(v)"),
        Stmt::Commit { .. } => (&[Anchor::Commit, Anchor::CommitOnClose], "consumer.commit("),
        Stmt::PrintSyncResult { .. } => (&[], "print_sync_commit_result(offsets)"),
        Stmt::IfPulled { .. } => (&[Anchor::IfPulled], "_pulled):"),
        Stmt::IfRecords { .. } => (&[Anchor::IfRecords], "if(records):"),
        Stmt::SkipIfError { .. } => (&[Anchor::SkipError], "if record.error():"),
        Stmt::Work { .. } => (&[Anchor::Work], "time.sleep("),
        Stmt::SeekOnce { .. } => (&[Anchor::Seek], "consumer.seek(TopicPartition("),
        Stmt::Committed { .. } => (&[Anchor::Committed], "consumer.committed(partitions"),
        Stmt::ForEachCommitted { .. } => (&[], "for tp in committed:"),
        Stmt::GetWatermarks { .. } => (&[Anchor::Watermarks], "get_watermark_offsets(tp"),
        Stmt::PrintLag { .. } => (&[], "print('%s-%d : committed=%s, end=%d, lag=%d'"),
        Stmt::PrintTotalLag { .. } => (&[], "print('Total lag: %d' % total_lag)"),
        Stmt::PrintPartitions { .. } => (&[], " assigned partitions: ' + "),
        Stmt::Sleep { .. } => (&[Anchor::Sleep], "time.sleep("),
        Stmt::Close { .. } => (&[Anchor::Close], "consumer.close()"),
        Stmt::Try { .. } | Stmt::TryKafka { .. } => (&[], "try:"),
        other => panic!("not in the course programs: {other:?}"),
    }
}

/// Checks every statement of `program` against `source`; returns how many it checked.
fn check(source: &Source, program: &Program) -> usize {
    let text: Vec<&str> = source.text.lines().collect();
    let holds = |n: u32, needle: &str| {
        let line = text[n as usize - 1];
        assert!(
            line.contains(needle),
            "{} line {n} {line:?}: {needle}",
            source.file
        );
    };
    let mut stack: Vec<&Stmt> = program.body.iter().collect();
    for callback in [
        &program.callbacks.on_assign,
        &program.callbacks.on_revoke,
        &program.callbacks.on_lost,
    ] {
        stack.extend(callback.iter().flatten());
    }
    let mut checked = 0;
    while let Some(stmt) = stack.pop() {
        checked += 1;
        let (anchors, needle) = expected(stmt);
        let line = stmt.line();
        holds(line, needle);
        if !anchors.is_empty() {
            let anchored: Vec<Option<u32>> = anchors.iter().map(|&a| source.line(a)).collect();
            assert!(
                anchored.contains(&Some(line)),
                "{}: {stmt:?} is not at {anchors:?} ({anchored:?})",
                source.file
            );
        }
        match stmt {
            Stmt::Loop { body, .. }
            | Stmt::ForEachRecord { body, .. }
            | Stmt::ForEachCommitted { body, .. }
            | Stmt::IfPulled { body, .. }
            | Stmt::IfRecords { body, .. } => stack.extend(body),
            Stmt::SkipIfError { print_line, .. } => {
                let print_line = print_line.expect("the course's programs print the error");
                holds(print_line, "print('Error: %s' % record.error())");
                holds(print_line + 1, "continue");
            }
            Stmt::SeekOnce { print_line, .. } => holds(*print_line, "print('Seeking to"),
            Stmt::Try {
                body,
                interrupt_line,
                except_line,
                finally,
                ..
            } => {
                assert_eq!(Some(*interrupt_line), source.line(Anchor::Aborted));
                assert_eq!(text[*except_line as usize - 1].trim(), "print(e)");
                stack.extend(body);
                stack.extend(finally);
            }
            Stmt::TryKafka {
                body,
                except_line,
                finally,
                ..
            } => {
                assert_eq!(text[*except_line as usize - 1].trim(), "print(e)");
                holds(*except_line - 1, "except KafkaException as e:");
                stack.extend(body);
                stack.extend(finally);
            }
            _ => {}
        }
    }
    if let Some(n) = program.callbacks.on_commit {
        holds(n, "print('# Committed offsets for:");
        assert!(n > source.line(Anchor::OnCommit).unwrap());
    }
    if let Some(n) = program.callbacks.error_cb {
        holds(n, "print('Error: %s' % err)");
    }
    checked
}

#[test]
fn every_consumer_program_points_at_its_python_lines() {
    let mut files = Vec::new();
    for exercise in exercises() {
        for source in exercise.sources {
            if !source.file.starts_with("Consumer_") || files.contains(&source.file) {
                continue;
            }
            let built =
                consumer_program(source).unwrap_or_else(|e| panic!("{}: {e:?}", source.file));
            assert!(check(source, &built.program) > 5, "{}", source.file);
            files.push(source.file);
        }
    }
    files.sort_unstable();
    assert_eq!(
        files,
        [
            "Consumer_01_Cgroup.py",
            "Consumer_02_AutoCommit.py",
            "Consumer_03_CommitSync.py",
            "Consumer_04_CommitAsync.py",
            "Consumer_05_CommitSyncAsync.py",
            "Consumer_06_CommitSpecified.py",
            "Consumer_07_RebalanceCallback.py",
            "Consumer_assign_seek.py",
            "Consumer_at_most_once.py",
            "Consumer_cooperative.py",
            "Consumer_lag.py",
            "Consumer_max_poll.py",
            "Consumer_static_membership.py",
        ]
    );
}

#[test]
fn topics_and_settings_come_from_the_source() {
    let built = |id: &str| {
        let exercise = course::exercise(id).expect("exercise");
        consumer_program(&exercise.sources[0]).expect("program")
    };
    let cgroup = built("consumer-01-cgroup");
    assert_eq!(cgroup.topics, ["ak03.fourpartition"]);
    assert_eq!(cgroup.config.session_timeout_ms, 6000);
    assert!(cgroup.config.error_cb);
    let auto = built("consumer-02-auto-commit");
    assert_eq!(auto.topics, ["ak03.test"]);
    assert!(auto.config.enable_auto_commit && auto.config.on_commit);
    assert_eq!(auto.config.auto_commit_interval_ms, 5000);
    let sync = built("consumer-03-commit-sync");
    assert!(!sync.config.enable_auto_commit && !sync.config.on_commit);
    let cooperative = built("consumer-cooperative");
    assert_eq!(
        cooperative.config.partition_assignment_strategy,
        [kafka_sim::assignor::Strategy::CooperativeSticky]
    );
    let lag = built("consumer-lag");
    assert_eq!(lag.topics, ["ak03.fourpartition"]);
    assert_eq!(lag.config.group_id.as_deref(), Some("tdea"));
}
