//! `kafka-sim run FILE`: runs a scenario file (`-` reads it from stdin) and writes its trace
//! as JSON Lines, then a summary line (the format is [`kafka_sim::scenario`]'s, documented in
//! the README). A file that cannot be read or parsed is reported on stderr with exit code 2.

use kafka_sim::scenario;
use std::io::{self, Read, Write};
use std::process::ExitCode;

pub fn main(file: Option<&str>) -> ExitCode {
    let Some(file) = file else {
        eprintln!("usage: kafka-sim run FILE   (FILE may be - for stdin)");
        return ExitCode::from(2);
    };
    let text = if file == "-" {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(file)
    };
    let outcome = text
        .map_err(|e| e.to_string())
        .and_then(|text| scenario::parse(&text).map_err(|e| e.to_string()))
        .and_then(|parsed| parsed.run().map_err(|e| e.to_string()));
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("kafka-sim run: {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = outcome
        .lines()
        .iter()
        .try_for_each(|line| writeln!(out, "{line}"))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kafka-sim run: {e}");
            ExitCode::FAILURE
        }
    }
}
