//! Prints how fast the model runs natively: produced-and-acknowledged messages per second of
//! wall time, and the cost of simulating the course's Producer_05 (10,000 keyed messages, one
//! every 3 s into ak03.fourpartition, poll(0) after each). Each case runs 5 times, each on a
//! fresh `Sim`, and the line shows the median run (`support/median.rs`).

#[path = "support/median.rs"]
mod median;
#[path = "support/select.rs"]
mod select;
#[path = "support/send_loop.rs"]
mod send_loop;

use kafka_sim::engine::{Scenario, Sim};
use send_loop::{scenario, send_loop};

fn measure(name: &str, scenario: Scenario, deadline: u64) {
    if !select::selected(name) {
        return;
    }
    let (wall, sim) = median::median_run(
        || scenario.clone(),
        |scenario| {
            let mut sim = Sim::new(scenario).expect("valid scenario");
            assert!(sim.run_until_done(deadline), "{name} did not finish");
            sim
        },
    );
    let tally = sim.tally();
    println!(
        "{name}: {} acknowledged of {} in {:.3} s wall ({:.0} msg/s), virtual {:.1} s, {} trace events",
        tally.acknowledged,
        tally.queued,
        wall,
        tally.acknowledged as f64 / wall,
        sim.now() as f64 / 1000.0,
        sim.trace().len()
    );
}

fn main() {
    measure(
        "burst 50000, acks=all, 3 brokers, RF 3",
        scenario(send_loop(50_000, 0), 3, 3),
        600_000,
    );
    measure(
        "burst 50000, acks=all, 1 broker",
        scenario(send_loop(50_000, 0), 1, 1),
        600_000,
    );
    measure(
        "Producer_05 (10000 messages, 3 s apart), 1 broker",
        scenario(send_loop(10_000, 3_000), 1, 1),
        40_000_000,
    );
    measure(
        "Producer_05 (10000 messages, 3 s apart), 3 brokers, RF 3",
        scenario(send_loop(10_000, 3_000), 3, 3),
        40_000_000,
    );
}
