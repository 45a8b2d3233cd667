//! A quiz's result as files (JSON and CSV, offered as `data:` URLs) and as the message posted
//! to a course page that embeds the app. The formats are written in README.md ("Quiz results").

use crate::quiz_link::Answer;
use crate::quiz_progress::QuizResult;
use course::quiz::part_slug;
use std::fmt::Write;

/// The `type` of the result message and of the JSON file.
pub const MESSAGE_TYPE: &str = "kafka-lab:quiz-result";

/// The CSV's header line.
pub const CSV_COLUMNS: &str = "quiz_part,quiz_seed,question,kind,part,picked,correct";

impl QuizResult {
    /// The JSON document: the file and the message to the parent page are the same object.
    pub fn to_json(&self) -> String {
        let score = self.score();
        let parts: Vec<String> = self
            .part_scores()
            .into_iter()
            .map(|(part, s)| {
                format!(
                    r#"{{"part":{},"score":{},"answered":{},"total":{}}}"#,
                    json_string(part_slug(part)),
                    s.correct,
                    s.answered,
                    s.total
                )
            })
            .collect();
        let answers: Vec<String> = self
            .rows
            .iter()
            .map(|row| {
                format!(
                    r#"{{"question":{},"kind":{},"part":{},"picked":[{}],"correct":{}}}"#,
                    json_string(row.item.id()),
                    json_string(row.item.kind()),
                    json_string(part_slug(row.item.part())),
                    picked_list(row.answer.as_ref(), ","),
                    row.correct
                )
            })
            .collect();
        format!(
            r#"{{"type":{},"quiz":{{"part":{},"seed":{}}},"link":{},"score":{},"answered":{},"total":{},"parts":[{}],"answers":[{}]}}"#,
            json_string(MESSAGE_TYPE),
            json_string(self.link.part_slug()),
            self.link.seed,
            json_string(&self.link.href()),
            score.correct,
            score.answered,
            score.total,
            parts.join(","),
            answers.join(",")
        )
    }

    /// One line per question, in the quiz's order, after [`CSV_COLUMNS`]. Every field is a
    /// slug, a number or a boolean, so no field needs quoting.
    pub fn to_csv(&self) -> String {
        let mut csv = String::from(CSV_COLUMNS);
        for row in &self.rows {
            // Writing to a String cannot fail.
            let _ = write!(
                csv,
                "\n{},{},{},{},{},{},{}",
                self.link.part_slug(),
                self.link.seed,
                row.item.id(),
                row.item.kind(),
                part_slug(row.item.part()),
                picked_list(row.answer.as_ref(), ";"),
                row.correct
            );
        }
        csv.push('\n');
        csv
    }

    /// A download's file name: `kafka-lab-quiz-commits-7.json`.
    pub fn file_name(&self, extension: &str) -> String {
        format!(
            "kafka-lab-quiz-{}-{}.{extension}",
            self.link.part_slug(),
            self.link.seed
        )
    }
}

/// A `data:` URL holding `body`, for an `<a download>`: no Blob, no object URL to revoke.
pub fn data_url(mime: &str, body: &str) -> String {
    format!("data:{mime};charset=utf-8,{}", percent_encode(body))
}

/// The picked choices' indexes (from 0), joined by `separator`; empty when unanswered and
/// for the kinds that pick no choice.
fn picked_list(answer: Option<&Answer>, separator: &str) -> String {
    let picked = match answer {
        Some(Answer::Picked(picked)) => picked.as_slice(),
        _ => &[],
    };
    picked
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

/// A JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz_link::{Item, QuizLink};
    use crate::quiz_progress::Progress;
    use course::Part;

    /// The JSON part's quiz with its first concept question answered (choice 0).
    fn answered_quiz() -> (QuizResult, &'static str) {
        let link = QuizLink {
            part: Some(Part::ProducerJson),
            seed: 5,
        };
        let item = link
            .items()
            .into_iter()
            .find(|item| matches!(item, Item::Concept(_)))
            .expect("a concept question on JSON");
        let mut progress = Progress::default();
        progress.record(link, &item, Answer::Picked(vec![0]));
        (progress.result(link), item.id())
    }

    #[test]
    fn the_csv_has_a_header_and_a_line_per_question() {
        let (result, answered) = answered_quiz();
        let csv = result.to_csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], CSV_COLUMNS);
        assert_eq!(lines.len(), 1 + result.rows.len());
        for line in &lines[1..] {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), CSV_COLUMNS.split(',').count(), "{line}");
            assert_eq!(&fields[..2], ["producer-json", "5"]);
            if fields[2] == answered {
                assert_eq!(fields[5], "0");
            } else {
                assert_eq!(&fields[5..], ["", "false"], "unanswered: {line}");
            }
        }
    }

    #[test]
    fn the_json_names_the_quiz_and_every_answer() {
        let (result, answered) = answered_quiz();
        let json = result.to_json();
        assert!(json.starts_with(
            r##"{"type":"kafka-lab:quiz-result","quiz":{"part":"producer-json","seed":5},"link":"#/quiz?part=producer-json&seed=5","##
        ));
        assert!(json.contains(&format!(
            r#""question":"{answered}","kind":"concept","part":"producer-json","picked":[0]"#
        )));
        assert_eq!(
            json.matches(r#""picked":[],"correct":false"#).count(),
            result.rows.len() - 1
        );
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\nd"), r#""a\"b\\c\u000ad""#);
        assert_eq!(percent_encode("a b,#é"), "a%20b%2C%23%C3%A9");
        assert_eq!(
            data_url("text/csv", "x,y"),
            "data:text/csv;charset=utf-8,x%2Cy"
        );
    }

    #[test]
    fn file_names_say_which_quiz() {
        let (result, _) = answered_quiz();
        assert_eq!(
            result.file_name("csv"),
            "kafka-lab-quiz-producer-json-5.csv"
        );
    }
}
