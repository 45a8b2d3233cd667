//! `kafka-sim`: the command-line runner over the model. Each subcommand reads JSON Lines on
//! stdin and writes one JSON line per request on stdout (see the README for the formats).

mod assign;
mod jsonl;
mod partition;

use std::io;
use std::process::ExitCode;

const USAGE: &str = "usage: kafka-sim <command>

commands:
  assign      JSON Lines of assignor requests -> the assignment each member gets
  partition   JSON Lines of partitioner requests -> the partition each message lands on
";

fn main() -> ExitCode {
    let handler: fn(serde_json::Value) -> Result<serde_json::Value, String> =
        match std::env::args().nth(1).as_deref() {
            Some("assign") => assign::handle,
            Some("partition") => partition::handle,
            _ => {
                eprint!("{USAGE}");
                return ExitCode::from(2);
            }
        };
    match jsonl::serve(io::stdin().lock(), io::stdout().lock(), handler) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kafka-sim: {e}");
            ExitCode::FAILURE
        }
    }
}
