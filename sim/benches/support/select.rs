//! Which measurements a bench's command line selects.

/// Whether the command line selects the measurement `name`: every one, or those whose name
/// contains a word given (`cargo bench --bench producer_throughput -- Producer_05`), so that
/// one can be profiled alone (cargo adds `--bench`, which is ignored).
pub fn selected(name: &str) -> bool {
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    words.is_empty() || words.iter().any(|word| name.contains(word.as_str()))
}
