//! The JSON Lines loop shared by the runner's subcommands: one request per input line, one
//! answer per output line, and a bad line answered with `{"error": "..."}` without stopping.

use serde_json::{Value, json};
use std::io::{self, BufRead, Write};

/// Answers every non-blank line of `input` with `handle`, writing one JSON line each to `output`.
pub fn serve(
    input: impl BufRead,
    mut output: impl Write,
    handle: impl Fn(Value) -> Result<Value, String>,
) -> io::Result<()> {
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let answer = serde_json::from_str::<Value>(&line)
            .map_err(|e| format!("invalid JSON: {e}"))
            .and_then(&handle)
            .unwrap_or_else(|error| json!({ "error": error }));
        writeln!(output, "{answer}")?;
    }
    output.flush()
}
