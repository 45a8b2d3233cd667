//! Every statement of the course's consumer programs points at the Python line that does it
//! (course/python/Consumer_*.py, read as text).

use kafka_sim::consumer::course::*;
use kafka_sim::consumer::{Program, Stmt};

/// What the line of a statement must contain.
fn token(stmt: &Stmt) -> (u32, &'static str) {
    match stmt {
        Stmt::PrintStart { line } => (*line, "Start listen incoming messages"),
        Stmt::Subscribe { line, .. } => (*line, "consumer.subscribe("),
        Stmt::Loop { line, .. } => (*line, "while True:"),
        Stmt::Consume { line, .. } => (*line, "consumer.consume(num_messages=500, timeout=1.0)"),
        Stmt::ForEachRecord { line, .. } => (*line, "for record in records:"),
        Stmt::RaiseIfError { line } => (*line, "if record.error():"),
        Stmt::PrintRecord { line } => (*line, "print('%s-%d-%d : (%s , %s)'"),
        Stmt::CommitRecord { line, .. } => (*line, "consumer.commit(record)"),
        Stmt::Remember { line } => (
            *line,
            "offsets_dict['{}-{}'.format(topic, partition)] = record",
        ),
        Stmt::CommitRemembered { line } => (*line, "consumer.commit(v)"),
        Stmt::Commit { line, .. } => (*line, "consumer.commit(asynchronous=False)"),
        Stmt::PrintSyncResult { line } => (*line, "print_sync_commit_result(offsets)"),
        Stmt::IfPulled { line, .. } => (*line, "if(records_pulled):"),
        Stmt::PrintPartitions { line } => (*line, "assigned partitions: ' + "),
        Stmt::Close { line } => (*line, "consumer.close()"),
        Stmt::Try { line, .. } => (*line, "try:"),
        other => panic!("not in the course programs: {other:?}"),
    }
}

fn check(source: &str, program: &Program) {
    let line = |n: u32| source.lines().nth(n as usize - 1).unwrap_or_default();
    let mut stack: Vec<&Stmt> = program.body.iter().collect();
    for callback in [&program.callbacks.on_assign, &program.callbacks.on_revoke] {
        stack.extend(callback.iter().flatten());
    }
    while let Some(stmt) = stack.pop() {
        let (n, expected) = token(stmt);
        assert!(
            line(n).contains(expected),
            "line {n} {:?}: {expected}",
            line(n)
        );
        match stmt {
            Stmt::Loop { body, .. }
            | Stmt::ForEachRecord { body, .. }
            | Stmt::IfPulled { body, .. } => stack.extend(body),
            Stmt::Try {
                body,
                interrupt_line,
                except_line,
                finally,
                ..
            } => {
                assert!(line(*interrupt_line).contains("Aborted by user"));
                assert!(line(*except_line).contains("print(e)"));
                stack.extend(body);
                stack.extend(finally);
            }
            _ => {}
        }
    }
    if let Some(n) = program.callbacks.on_commit {
        assert!(
            line(n).contains("# Committed offsets for:"),
            "on_commit line {n}"
        );
    }
    if let Some(n) = program.callbacks.error_cb {
        assert!(
            line(n).contains("print('Error: %s' % err)"),
            "error_cb line {n}"
        );
    }
}

macro_rules! source {
    ($file:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../course/python/",
            $file
        ))
    };
}

#[test]
fn the_programs_point_at_their_python_lines() {
    check(source!("Consumer_01_Cgroup.py"), &consumer_01());
    check(source!("Consumer_02_AutoCommit.py"), &consumer_02());
    check(source!("Consumer_03_CommitSync.py"), &consumer_03());
    check(source!("Consumer_06_CommitSpecified.py"), &consumer_06());
    check(source!("Consumer_07_RebalanceCallback.py"), &consumer_07());
    check(source!("Consumer_cooperative.py"), &consumer_cooperative());
    check(
        source!("Consumer_static_membership.py"),
        &consumer_static_membership(),
    );
}
