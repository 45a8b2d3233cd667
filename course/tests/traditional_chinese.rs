//! The Chinese the course shows is Traditional (zh-TW): no Simplified-only character appears in
//! the programs, the exercises, the outline or the quiz.

use course::quiz::questions;
use course::{Part, Text, exercises};

mod lesson_texts;

/// Characters that exist only in Simplified Chinese, each the counterpart of one the course uses
/// (发/發, 这/這, 个/個, 讯/訊, 读/讀, ...).
const SIMPLIFIED_ONLY: &str = "发这个么时处过执认讯读写从对会为务组区间线设让连获订阅则结闭应费复传递请种录记单机协议态员换储属导丢两与开关网络节点选项题测验释说问达数据启动该还没经实现确错误调试满";

fn simplified_in(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| SIMPLIFIED_ONLY.contains(*c))
        .collect()
}

fn all_zh_tw() -> Vec<(String, &'static str)> {
    let mut texts: Vec<(String, &'static str)> = Vec::new();
    let mut add = |name: String, text: Text| texts.push((name, text.zh_tw));
    for part in Part::ALL {
        add(format!("{part:?}"), part.title());
    }
    for exercise in exercises() {
        add(exercise.id.to_owned(), exercise.title);
        add(exercise.id.to_owned(), exercise.teaches);
    }
    for q in questions() {
        add(q.id.to_owned(), q.prompt);
        add(q.id.to_owned(), q.explanation);
        for choice in q.choices {
            add(q.id.to_owned(), choice.text);
        }
    }
    for lesson in lesson_texts::all() {
        add(lesson.0, lesson.1);
    }
    for source in exercises().iter().flat_map(|e| e.sources) {
        texts.push((source.file.to_owned(), source.text));
    }
    texts
}

#[test]
fn no_simplified_characters() {
    for (name, text) in all_zh_tw() {
        assert_eq!(simplified_in(text), Vec::<char>::new(), "{name}");
    }
}

#[test]
fn the_check_catches_simplified_text() {
    assert_eq!(simplified_in("消费者读取讯息"), ['费', '读', '讯']);
    assert!(simplified_in("消費者讀取訊息").is_empty());
}
