//! What the course's programs print, formatted exactly as Python formats it: the simulator's
//! console module ([`kafka_sim::console`]), where the model's prints and the trace's text are
//! formatted too, so that the lessons, the app and the trace show the same lines.

pub use kafka_sim::console::*;
