//! A small Python highlighter for the exercise code: enough of Python's lexical rules to colour
//! keywords, built-ins, strings (also triple-quoted, across lines), comments, numbers and the
//! names of defined functions. It returns lines of spans, so the view can number and mark lines.

/// What a span of source text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Plain,
    Keyword,
    Builtin,
    Str,
    Comment,
    Number,
    Definition,
}

impl Kind {
    /// The CSS class the code view gives the span.
    pub fn class(self) -> &'static str {
        match self {
            Kind::Plain => "tok",
            Kind::Keyword => "tok-kw",
            Kind::Builtin => "tok-bi",
            Kind::Str => "tok-str",
            Kind::Comment => "tok-com",
            Kind::Number => "tok-num",
            Kind::Definition => "tok-def",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub kind: Kind,
    pub text: String,
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

const BUILTINS: &[&str] = &[
    "print",
    "len",
    "range",
    "str",
    "int",
    "float",
    "bool",
    "dict",
    "list",
    "set",
    "tuple",
    "isinstance",
    "sum",
    "sorted",
    "Exception",
    "BufferError",
    "KeyboardInterrupt",
    "self",
];

/// Splits `source` into lines of coloured spans (line `n` of the file is `result[n - 1]`).
pub fn highlight(source: &str) -> Vec<Vec<Span>> {
    let mut lines = Vec::new();
    // The quote of a triple-quoted string still open at the end of the previous line.
    let mut open_triple: Option<&'static str> = None;
    for line in source.lines() {
        let mut spans: Vec<Span> = Vec::new();
        let mut rest = line;
        if let Some(quote) = open_triple {
            let (text, closed) = match rest.find(quote) {
                Some(end) => (&rest[..end + 3], true),
                None => (rest, false),
            };
            push(&mut spans, Kind::Str, text);
            rest = &rest[text.len()..];
            if closed {
                open_triple = None;
            }
        }
        let mut after_def = false;
        while !rest.is_empty() {
            let (kind, len, opens) = next_token(rest, after_def);
            let text = &rest[..len];
            if !text.trim().is_empty() {
                after_def = kind == Kind::Keyword && (text == "def" || text == "class");
            }
            push(&mut spans, kind, text);
            rest = &rest[len..];
            if opens.is_some() {
                open_triple = opens;
            }
        }
        lines.push(spans);
    }
    lines
}

/// Appends, merging with the previous span of the same kind.
fn push(spans: &mut Vec<Span>, kind: Kind, text: &str) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => spans.push(Span {
            kind,
            text: text.to_string(),
        }),
    }
}

/// The token at the start of `rest`: its kind, its length in bytes, and the quote of a
/// triple-quoted string it leaves open.
fn next_token(rest: &str, after_def: bool) -> (Kind, usize, Option<&'static str>) {
    let first = rest.chars().next().expect("rest is not empty");
    if first == '#' {
        return (Kind::Comment, rest.len(), None);
    }
    if let Some((len, opens)) = string_literal(rest) {
        return (Kind::Str, len, opens);
    }
    if first.is_ascii_digit() {
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
            .unwrap_or(rest.len());
        return (Kind::Number, len, None);
    }
    if first.is_alphabetic() || first == '_' {
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let word = &rest[..len];
        let kind = if after_def {
            Kind::Definition
        } else if KEYWORDS.contains(&word) {
            Kind::Keyword
        } else if BUILTINS.contains(&word) {
            Kind::Builtin
        } else {
            Kind::Plain
        };
        return (kind, len, None);
    }
    (Kind::Plain, first.len_utf8(), None)
}

/// A string literal (with an optional `r`/`b`/`f`/`u` prefix) at the start of `rest`: its
/// length on this line, and its quote if it is a triple-quoted string that continues.
fn string_literal(rest: &str) -> Option<(usize, Option<&'static str>)> {
    let prefix = rest
        .find(|c: char| !matches!(c, 'r' | 'b' | 'f' | 'u' | 'R' | 'B' | 'F' | 'U'))
        .unwrap_or(rest.len());
    if prefix > 2 {
        return None;
    }
    let body = &rest[prefix..];
    for quote in ["\"\"\"", "'''"] {
        if let Some(inner) = body.strip_prefix(quote) {
            return Some(match inner.find(quote) {
                Some(end) => (prefix + 3 + end + 3, None),
                None => (rest.len(), Some(quote)),
            });
        }
    }
    let quote = body.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let mut escaped = false;
    for (i, c) in body.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == quote => return Some((prefix + i + 1, None)),
            _ => {}
        }
    }
    Some((rest.len(), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &[Span]) -> Vec<(Kind, &str)> {
        line.iter().map(|s| (s.kind, s.text.as_str())).collect()
    }

    #[test]
    fn a_produce_line_with_a_comment() {
        let lines = highlight("    producer.poll(0) # <-- (重要) 呼叫poll");
        assert_eq!(
            kinds(&lines[0]),
            [
                (Kind::Plain, "    producer.poll("),
                (Kind::Number, "0"),
                (Kind::Plain, ") "),
                (Kind::Comment, "# <-- (重要) 呼叫poll"),
            ]
        );
    }

    #[test]
    fn keywords_builtins_strings_and_definitions() {
        let lines = highlight("def error_cb(err):\n    print('Error: %s' % err)");
        assert_eq!(
            kinds(&lines[0]),
            [
                (Kind::Keyword, "def"),
                (Kind::Plain, " "),
                (Kind::Definition, "error_cb"),
                (Kind::Plain, "(err):"),
            ]
        );
        assert_eq!(
            kinds(&lines[1]),
            [
                (Kind::Plain, "    "),
                (Kind::Builtin, "print"),
                (Kind::Plain, "("),
                (Kind::Str, "'Error: %s'"),
                (Kind::Plain, " % err)"),
            ]
        );
    }

    #[test]
    fn escapes_and_a_hash_inside_a_string_stay_in_the_string() {
        let lines = highlight(r"x = 'it\'s # not a comment' # but this is");
        let spans = kinds(&lines[0]);
        assert_eq!(spans[1], (Kind::Str, r"'it\'s # not a comment'"));
        assert_eq!(spans[3], (Kind::Comment, "# but this is"));
    }

    #[test]
    fn triple_quoted_strings_continue_across_lines() {
        let lines = highlight("s = \"\"\"one\ntwo # still text\nthree\"\"\" + x\ny = 1");
        assert_eq!(kinds(&lines[1]), [(Kind::Str, "two # still text")]);
        assert_eq!(kinds(&lines[2])[0], (Kind::Str, "three\"\"\""));
        assert_eq!(
            kinds(&lines[3]),
            [(Kind::Plain, "y = "), (Kind::Number, "1")]
        );
    }

    #[test]
    fn every_line_keeps_its_text() {
        let source = "import sys\n\nif __name__ == '__main__':\n    f'{x}'\n";
        let lines = highlight(source);
        let rebuilt: Vec<String> = lines
            .iter()
            .map(|l| l.iter().map(|s| s.text.as_str()).collect())
            .collect();
        assert_eq!(rebuilt, source.lines().collect::<Vec<_>>());
    }
}
