//! `kafka-sim`: the command-line runner over the model. `assign` and `partition` read JSON
//! Lines on stdin and write one JSON line per request on stdout; `run` runs a scenario file
//! (see the README for the formats).

mod assign;
mod jsonl;
mod partition;
mod run;

use std::io;
use std::process::ExitCode;

const USAGE: &str = "usage: kafka-sim <command>

commands:
  assign      JSON Lines of assignor requests -> the assignment each member gets
  partition   JSON Lines of partitioner requests -> the partition each message lands on
  run FILE    a scenario file (- for stdin) -> its trace as JSON Lines and a summary line
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let handler: fn(serde_json::Value) -> Result<serde_json::Value, String> =
        match args.get(1).map(String::as_str) {
            Some("run") => return run::main(args.get(2).map(String::as_str)),
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
