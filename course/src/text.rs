//! Text shown to students, always in both of the course's languages.

/// A user-facing string in Traditional Chinese (the course's language) and English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub zh_tw: &'static str,
    pub en: &'static str,
}

/// Builds a [`Text`]; short enough to keep the data tables readable.
pub(crate) const fn text(zh_tw: &'static str, en: &'static str) -> Text {
    Text { zh_tw, en }
}
