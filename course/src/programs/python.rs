//! Reading a course program's Python source: the main block's `name = value` assignments, the
//! `props = {...}` dict, call arguments, and the few expressions the programs use, evaluated as
//! Python would with the program's command-line arguments.

use crate::exercise::{Anchor, Source};
use kafka_sim::config::ConfigValue;

/// A program as run with `sys.argv[1:] == args`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Main<'a> {
    pub source: Source,
    args: &'a [&'a str],
}

impl<'a> Main<'a> {
    pub fn new(source: Source, args: &'a [&'a str]) -> Self {
        Main { source, args }
    }

    /// The 1-based line of `anchor`'s statement.
    pub fn line(&self, anchor: Anchor) -> Option<u32> {
        self.source.line(anchor)
    }

    /// Whether the program declares `anchor`.
    pub fn has(&self, anchor: Anchor) -> bool {
        self.source.marker(anchor).is_some()
    }

    /// The text of line `n` (1-based).
    pub fn text_of(&self, n: u32) -> &'static str {
        let text: &'static str = self.source.text;
        text.lines().nth(n as usize - 1).unwrap_or_default()
    }

    /// The first line from `anchor`'s on holding `needle`: a statement found from an anchored
    /// one, for the text a program repeats (`print(e)` in two `except`s, two `try:`s).
    pub fn after(&self, anchor: Anchor, needle: &str) -> Option<u32> {
        let from = self.line(anchor)?;
        (from..=self.line_count()).find(|&n| self.text_of(n).contains(needle))
    }

    /// The nearest line up to `anchor`'s holding `needle`.
    pub fn before(&self, anchor: Anchor, needle: &str) -> Option<u32> {
        let to = self.line(anchor)?;
        (1..=to).rev().find(|&n| self.text_of(n).contains(needle))
    }

    fn line_count(&self) -> u32 {
        u32::try_from(self.source.text.lines().count()).unwrap_or(u32::MAX)
    }

    /// The right-hand side of the first `name = value` (comment stripped).
    pub fn assigned(&self, name: &str) -> Option<&'static str> {
        let text: &'static str = self.source.text;
        text.lines().find_map(|line| {
            let (left, right) = line.split_once(" = ")?;
            (left.trim() == name).then(|| without_comment(right))
        })
    }

    /// A variable holding a string, such as `topicName`.
    pub fn text(&self, name: &str) -> Option<String> {
        match self.value(self.assigned(name)?)? {
            ConfigValue::Str(text) => Some(text),
            _ => None,
        }
    }

    /// The entries of the `props = { ... }` dict that are not commented out, evaluated;
    /// `None` if one cannot be.
    pub fn props(&self) -> Option<Vec<(&'static str, ConfigValue)>> {
        let text: &'static str = self.source.text;
        text.lines()
            .skip_while(|line| !line.trim_start().starts_with("props = {"))
            .skip(1)
            .take_while(|line| line.trim() != "}")
            .filter_map(|line| {
                let entry = without_comment(line).trim_end_matches(',');
                let (name, value) = entry.split_once(':')?;
                Some((name.trim().trim_matches('\''), value))
            })
            .map(|(name, value)| Some((name, self.value(value)?)))
            .collect()
    }

    /// The value of an expression of the course's programs: `'text'`, `True`/`False`, an
    /// integer, `int(expression)` (`None` where Python raises `ValueError`), `sys.argv[n]`, `a if len(sys.argv) > n else b`, a variable the program
    /// assigns, or else a function by name (a callable such as `error_cb`). `None` for
    /// `sys.argv[n]` beyond the arguments (Python raises `IndexError`).
    pub fn value(&self, expr: &str) -> Option<ConfigValue> {
        let expr = expr.trim();
        if let Some((then, rest)) = expr.split_once(" if ") {
            let (condition, otherwise) = rest.split_once(" else ")?;
            let chosen = if self.holds(condition)? {
                then
            } else {
                otherwise
            };
            return self.value(chosen);
        }
        if let Some(inner) = expr.strip_prefix("int(").and_then(|e| e.strip_suffix(')')) {
            return match self.value(inner)? {
                ConfigValue::Str(text) => text.trim().parse().ok().map(ConfigValue::Int),
                ConfigValue::Int(n) => Some(ConfigValue::Int(n)),
                _ => None,
            };
        }
        if let Some(index) = argv_index(expr) {
            let arg = self.argv().get(index).map(|arg| (*arg).to_owned());
            return arg.map(ConfigValue::Str);
        }
        match literal(expr) {
            ConfigValue::Callable(name) => match self.assigned(&name) {
                Some(assigned) => self.value(assigned),
                None => Some(ConfigValue::Callable(name)),
            },
            value => Some(value),
        }
    }

    /// `sys.argv`: the script's name, then the arguments.
    fn argv(&self) -> Vec<&str> {
        std::iter::once(self.source.file)
            .chain(self.args.iter().copied())
            .collect()
    }

    /// `len(sys.argv) > n`, the one condition the programs test.
    fn holds(&self, condition: &str) -> Option<bool> {
        let bound = condition.trim().strip_prefix("len(sys.argv) > ")?;
        Some(self.argv().len() > bound.trim().parse().ok()?)
    }
}

/// A Python literal: `'text'`, `True`/`False` or an integer; any other text is a name,
/// taken for a callable (`error_cb`).
pub(super) fn literal(text: &str) -> ConfigValue {
    match text.trim() {
        "True" => ConfigValue::Bool(true),
        "False" => ConfigValue::Bool(false),
        quoted if quoted.starts_with('\'') => ConfigValue::Str(quoted.trim_matches('\'').into()),
        other => other
            .parse()
            .map_or_else(|_| ConfigValue::Callable(other.into()), ConfigValue::Int),
    }
}

/// `n` of `sys.argv[n]`.
fn argv_index(expr: &str) -> Option<usize> {
    expr.strip_prefix("sys.argv[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// The arguments of the first `call(...)` on `line`, split at the top-level commas.
pub(super) fn arguments<'l>(line: &'l str, call: &str) -> Option<Vec<&'l str>> {
    let start = line.find(call)? + call.len();
    let rest = line[start..].strip_prefix('(')?;
    let mut depth = 0;
    let mut args = Vec::new();
    let mut from = 0;
    for (i, c) in rest.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' if depth > 0 => depth -= 1,
            ',' if depth == 0 => {
                args.push(rest[from..i].trim());
                from = i + 1;
            }
            ')' => {
                args.push(rest[from..i].trim());
                return Some(args.into_iter().filter(|a| !a.is_empty()).collect());
            }
            _ => {}
        }
    }
    None
}

/// The value of `name=value` among a call's arguments.
pub(super) fn keyword<'l>(args: &[&'l str], name: &str) -> Option<&'l str> {
    args.iter()
        .find_map(|arg| arg.strip_prefix(name)?.strip_prefix('='))
}

/// Python seconds (`1.0`, `5`) as milliseconds.
pub(super) fn seconds_ms(text: &str) -> Option<u64> {
    let seconds: f64 = text.trim().parse().ok()?;
    (seconds >= 0.0).then(|| (seconds * 1000.0).round() as u64)
}

/// A line without its `# comment` (the course's values hold no `#`), trimmed.
fn without_comment(line: &str) -> &str {
    line.split('#').next().unwrap_or_default().trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::exercise;

    fn main(id: &str, file: &str, args: &'static [&'static str]) -> Main<'static> {
        let source = *exercise(id).and_then(|e| e.source(file)).expect("source");
        Main::new(source, args)
    }

    #[test]
    fn props_are_read_without_their_comments() {
        let acks = main("producer-acks", "Producer_acks.py", &[]);
        assert_eq!(
            acks.props(),
            Some(vec![
                (
                    "bootstrap.servers",
                    ConfigValue::Str("10.34.4.109:9092".into())
                ),
                ("acks", ConfigValue::Int(0)),
                ("error_cb", ConfigValue::Callable("error_cb".into())),
            ])
        );
    }

    #[test]
    fn the_instance_id_comes_from_the_command_line_or_its_default() {
        let file = "Consumer_static_membership.py";
        let id = "consumer-static-membership";
        assert_eq!(main(id, file, &[]).text("instanceId"), Some("c1".into()));
        assert_eq!(
            main(id, file, &["c2"]).text("instanceId"),
            Some("c2".into())
        );
    }

    #[test]
    fn call_arguments_split_at_top_level_commas() {
        let line = "consumer.assign([TopicPartition(topicName, 0, 0)])";
        assert_eq!(
            arguments(line, "TopicPartition"),
            Some(vec!["topicName", "0", "0"])
        );
        let consume = "records = consumer.consume(num_messages=500, timeout=1.0) # 批次讀取";
        let args = arguments(consume, "consumer.consume").expect("arguments");
        assert_eq!(keyword(&args, "timeout").and_then(seconds_ms), Some(1000));
        assert_eq!(keyword(&args, "num_messages"), Some("500"));
    }
}
