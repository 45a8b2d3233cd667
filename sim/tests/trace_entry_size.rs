//! The trace holds hundreds of thousands of entries in a long run, and every event is moved
//! from a handler's outbox into it: the entry's size is much of what recording an event costs
//! (issue 13's benchmarks). Every entry is as large as the largest event, so the bulky, rare
//! payloads (the coordinator's events, a consumer program's prints) are boxed: 144 bytes
//! before, 120 now; the consumer client's events (64 bytes) are the largest left.

use kafka_sim::trace::TraceEntry;
use std::mem::size_of;

#[test]
fn a_trace_entry_stays_small() {
    assert!(
        size_of::<TraceEntry>() <= 120,
        "{}",
        size_of::<TraceEntry>()
    );
}
