//! The trace holds hundreds of thousands of entries in a long run, and every event is moved
//! from a handler's outbox into it: the entry's size is much of what recording an event costs
//! (issue 13's benchmarks). Every entry is as large as the largest event, so the bulky, rare
//! payloads (the coordinator's events, the programs' prints, the assignor's result, a
//! commit's outcome) are boxed, message lists are boxed slices, a cause names its process
//! with a 32-bit index and a topic name is a thin pointer: 144 bytes, then 120, then 96, now
//! 88 (event 56, cause 16).

use kafka_sim::trace::consumer::ClientEvent;
use kafka_sim::trace::{Cause, Event, TraceEntry};
use std::mem::size_of;

#[test]
fn a_trace_entry_stays_small() {
    let sizes = [
        size_of::<TraceEntry>(),
        size_of::<Event>(),
        size_of::<Cause>(),
        size_of::<ClientEvent>(),
    ];
    assert!(
        sizes[0] <= 88 && sizes[1] <= 56 && sizes[2] <= 16 && sizes[3] <= 32,
        "entry, event, cause, client event: {sizes:?}"
    );
}
