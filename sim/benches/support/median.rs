//! How a bench measures a case: a single run of 13-52 ms moved its figure by several per cent
//! from one run to the next (and the first case of a process paid the process's warm-up), so
//! each case runs several times and the median run is reported.

use std::time::Instant;

/// Runs per case.
pub const RUNS: usize = 5;

/// Runs a case [`RUNS`] times, each on a fresh input from `setup` (untimed), and returns the
/// median run by wall time: its seconds and what `run` returned, for printing. Every run's
/// result is kept until the last one has run, so that no run reuses memory an earlier one
/// freed: each touches fresh memory, as a single run does.
pub fn median_run<I, T>(mut setup: impl FnMut() -> I, mut run: impl FnMut(I) -> T) -> (f64, T) {
    let mut runs: Vec<(f64, T)> = (0..RUNS)
        .map(|_| {
            let input = setup();
            let started = Instant::now();
            let result = run(input);
            (started.elapsed().as_secs_f64(), result)
        })
        .collect();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    runs.swap_remove(RUNS / 2)
}
