//! How the page names and colours the run's client processes, everywhere it draws them (code
//! lines, consoles, the diagram, the lane, the group): defined once here.

use kafka_sim::engine::Process;

/// A process's colour slot: consumers C1..C9 use slots 0..8, as on the home page; producers
/// take vermillion and reddish purple, which no consumer of the course's five uses.
pub fn process_colour(process: Process) -> usize {
    match process {
        Process::Producer(i) => 5 + i % 2,
        Process::Consumer(i) => i % 9,
    }
}

/// A process's label: `P` (or `P1`, `P2`... when a run has several producers), `C1`, `C2`...
pub fn process_label(process: Process, producers: usize) -> String {
    match process {
        Process::Producer(_) if producers == 1 => "P".into(),
        Process::Producer(i) => format!("P{}", i + 1),
        Process::Consumer(i) => format!("C{}", i + 1),
    }
}

/// The member that owns a partition, as drawn on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    pub label: String,
    pub colour: usize,
}
