//! A consumer that crashes: it joins the group of `kafka_lab_conformance::observe::
//! crash_settings`, processes `before` records, spends 2.5 auto-commit intervals on the last
//! one (the auto-commit timer runs in librdkafka's own thread, `rdkafka_cgrp.c`
//! `rd_kafka_cgrp_offset_commit_tmr_cb`, so it commits meanwhile), processes `after` more and
//! exits at once, without `close()`: no revoke, no final commit, no LeaveGroup, as a killed
//! Python process. It prints `processed <offset>` for every record.
//!
//! Usage: crashing-consumer <bootstrap> <topic> <before> <after>

use kafka_lab_conformance::client_config;
use kafka_lab_conformance::member::Member;
use kafka_lab_conformance::observe::{crash_settings, next_record};
use std::thread;
use std::time::Duration;

/// 2.5 × `auto.commit.interval.ms` of `crash_settings`.
const SLOW_RECORD: Duration = Duration::from_millis(2500);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [bootstrap, topic, before, after] = args.as_slice() else {
        panic!("usage: crashing-consumer <bootstrap> <topic> <before> <after>");
    };
    let config = client_config(bootstrap, "c0", &crash_settings());
    let member = Member::subscribe(&config, &[topic]);
    let process = |count: &str| {
        for _ in 0..count.parse::<usize>().expect("a count") {
            println!("processed {}", next_record(&member).offset);
        }
    };
    process(before);
    thread::sleep(SLOW_RECORD);
    process(after);
    std::process::exit(0);
}
