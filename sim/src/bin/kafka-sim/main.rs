//! `kafka-sim`: the command-line runner over the model. Each subcommand reads JSON Lines on
//! stdin and writes one JSON line per request on stdout (see the README for the formats).

mod jsonl;

use std::process::ExitCode;

const USAGE: &str = "usage: kafka-sim <command>\n\ncommands:\n";

fn main() -> ExitCode {
    let command = std::env::args().nth(1);
    match command.as_deref() {
        _ => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
