//! Every text a lesson shows is written in both languages: Chinese in the zh-TW half (the
//! Traditional-only check is course/tests/traditional_chinese.rs), none in the English half.

mod lesson_texts;

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_lesson_text_has_both_languages() {
    let texts = lesson_texts::all();
    assert!(texts.len() > 150, "{} texts", texts.len());
    for (lesson, text) in texts {
        assert!(
            !text.en.is_empty() && !text.zh_tw.is_empty(),
            "{lesson}: {text:?}"
        );
        assert!(!has_chinese(text.en), "{lesson}: {:?}", text.en);
        assert!(has_chinese(text.zh_tw), "{lesson}: {:?}", text.zh_tw);
    }
}

#[test]
fn the_check_catches_a_missing_translation() {
    assert!(has_chinese("同步commit"));
    assert!(!has_chinese("synchronous commit"));
}
