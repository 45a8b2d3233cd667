//! Shared by the `run_*` tests: where the golden traces are, and how an output is compared
//! with its golden.

use std::path::{Path, PathBuf};

/// `sim/tests/scenarios/NAME`.
pub fn scenario_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(name)
}

/// Panics at the first line where `actual` differs from the golden text `expected`, showing
/// both lines.
pub fn assert_same_lines(name: &str, expected: &str, actual: &[&str]) {
    let expected: Vec<&str> = expected.lines().collect();
    let first_difference =
        (0..expected.len().max(actual.len())).find(|&i| expected.get(i) != actual.get(i));
    if let Some(i) = first_difference {
        panic!(
            "{name}: line {} differs ({} lines expected, {} produced)\nexpected: {}\nactual:   {}\n(BLESS=1 cargo test -p kafka-sim --test run_goldens rewrites the goldens)",
            i + 1,
            expected.len(),
            actual.len(),
            expected.get(i).unwrap_or(&"<end of file>"),
            actual.get(i).unwrap_or(&"<end of output>"),
        );
    }
}
