//! A listing of a program the templates did not write (an imported file's): each statement
//! on its own line number, written as the call it stands for with its fields, nested
//! statements indented, so the step-through can mark the line each process runs.

use serde_json::Value;
use std::collections::BTreeMap;

/// Lines past this are left out of a listing (a hostile file may number a line 4294967295).
const MAX_LINES: u64 = 2_000;

/// A producer program: statements without a line are on the line after the previous one.
pub fn producer(program: &Value) -> String {
    let mut listing = Listing::default();
    listing.statements(program, 0);
    listing.text()
}

/// A consumer program: its statements and its callbacks' (`on_assign`'s, `on_commit`'s
/// print).
pub fn consumer(program: &Value) -> String {
    let mut listing = Listing::default();
    listing.statements(&program["body"], 0);
    let callbacks = program["callbacks"].as_object().into_iter().flatten();
    for (name, callback) in callbacks {
        match callback {
            Value::Array(_) => listing.statements(callback, 1),
            line => listing.put(line.as_u64(), 1, format!("{name}: print(...)")),
        }
    }
    listing.text()
}

/// Statements by line; blocks without a line of their own (`except`, `finally`) show as
/// deeper indentation only.
#[derive(Default)]
struct Listing {
    lines: BTreeMap<u64, String>,
    last: u64,
}

impl Listing {
    /// Puts `text` on `line` (the line after the last statement's when `None`).
    fn put(&mut self, line: Option<u64>, indent: usize, text: String) {
        let line = line.unwrap_or(self.last + 1);
        self.last = line;
        if (1..=MAX_LINES).contains(&line) {
            let text = format!("{}{text}", "    ".repeat(indent));
            self.lines.entry(line).or_insert(text);
        }
    }

    fn statements(&mut self, body: &Value, indent: usize) {
        for statement in body.as_array().into_iter().flatten() {
            let Some((kind, fields)) = statement.as_object().and_then(|o| o.iter().next()) else {
                continue;
            };
            let mut arguments = Vec::new();
            let mut blocks = Vec::new();
            let mut marked = Vec::new();
            for (name, value) in fields.as_object().into_iter().flatten() {
                match (name.as_str(), value) {
                    ("line", _) => {}
                    ("body" | "finally", Value::Array(_)) => blocks.push(value),
                    ("except", Value::Array(handlers)) => {
                        blocks.extend(handlers.iter().map(|h| &h["body"]));
                    }
                    // kafka-python's `commit_async`'s `callback` is its print's line too.
                    (_, Value::Number(n)) if name.ends_with("_line") || name == "callback" => {
                        marked.push((n.as_u64(), name));
                    }
                    _ => arguments.push(format!("{name}={value}")),
                }
            }
            let colon = if blocks.is_empty() { "" } else { ":" };
            let line = fields.get("line").and_then(Value::as_u64);
            self.put(
                line,
                indent,
                format!("{kind}({}){colon}", arguments.join(", ")),
            );
            for block in blocks {
                self.statements(block, indent + 1);
            }
            for (line, name) in marked {
                self.put(line, indent + 1, format!("# {kind}: {name}"));
            }
        }
    }

    fn text(&self) -> String {
        let end = self.lines.keys().next_back().copied().unwrap_or(0);
        (1..=end)
            .map(|n| self.lines.get(&n).map_or("", String::as_str).to_owned() + "\n")
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statements_are_listed_on_their_lines() {
        let program = json!([
            { "print": { "text": "start" } },
            { "for": { "line": 4, "count": 2, "body": [{ "produce": { "topic": "t", "value": "v" } }] } },
            { "flush": { "timeout_ms": 5 } },
        ]);
        assert_eq!(
            producer(&program),
            "print(text=\"start\")\n\n\nfor(count=2):\n    produce(topic=\"t\", value=\"v\")\nflush(timeout_ms=5)\n"
        );
        let program =
            json!({ "body": [{ "close": { "line": 3 } }], "callbacks": { "error_cb": 1 } });
        assert_eq!(consumer(&program), "    error_cb: print(...)\n\nclose()\n");
        let program = json!({ "body": [{ "commit_async": { "line": 1, "callback": 3 } }] });
        assert_eq!(
            consumer(&program),
            "commit_async()\n\n    # commit_async: callback\n"
        );
        assert_eq!(
            producer(&json!([{ "sleep": { "line": 4_000_000_000u64, "ms": 1 } }])),
            ""
        );
    }
}
