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

/// Words of mainland usage and the Taiwan words the app uses instead (issue 10): the app's
/// own Chinese is zh-TW, not Simplified text converted character by character. The course's
/// verbatim Python programs (course/python/) keep their authors' words.
const MAINLAND_WORDS: &[(&str, &str)] = &[
    ("重覆", "重複"),
    ("集群", "叢集"),
    ("打印", "印出"),
    ("異步", "非同步"),
    ("運行", "執行"),
    ("默認", "預設"),
    ("設置", "設定"),
    ("消息", "訊息"),
    ("信息", "訊息"),
    ("服務器", "伺服器"),
    ("數據", "資料"),
    ("緩存", "快取"),
    ("線程", "執行緒"),
    ("隊列", "佇列"),
    ("字符串", "字串"),
    ("創建", "建立"),
    ("支持", "支援"),
    ("網絡", "網路"),
    ("鏈接", "連結"),
    ("回調", "callback"),
    ("變量", "變數"),
    ("對象", "物件"),
    ("端口", "埠"),
];

fn mainland_words_in(text: &str) -> Vec<String> {
    MAINLAND_WORDS
        .iter()
        .filter(|(mainland, _)| text.contains(mainland))
        .map(|(mainland, taiwan)| format!("{mainland} (say {taiwan})"))
        .collect()
}

/// Every Rust source of the app and the course crate, and the page itself: the words are
/// checked in the files, so a string added anywhere (lesson, quiz, component) is covered.
fn app_sources() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = vec![root.join("index.html"), root.join("README.md")];
    let mut dirs = vec![root.join("src"), root.join("course").join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("a source folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_app_uses_taiwan_words() {
    for file in app_sources() {
        let text = std::fs::read_to_string(&file).expect("a readable source");
        for (number, line) in text.lines().enumerate() {
            assert_eq!(
                mainland_words_in(line),
                Vec::<String>::new(),
                "{}:{}",
                file.display(),
                number + 1
            );
        }
    }
}

#[test]
fn the_word_check_catches_mainland_usage() {
    assert_eq!(
        mainland_words_in("訊息被重覆處理, 集群運行中"),
        ["重覆 (say 重複)", "集群 (say 叢集)", "運行 (say 執行)"]
    );
    assert!(mainland_words_in("訊息被重複處理, 叢集執行中").is_empty());
}
