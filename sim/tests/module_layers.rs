//! The top-level modules of `sim/src` form layers: a module uses only modules below it, so
//! there is no import cycle and each can be read knowing only what is under it (issue 13).
//! A dependency is any `crate::<module>` path in the code of a module's files. It also keeps
//! every source file short.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The modules from the bottom up: each may use only the ones before it.
const LAYERS: &[&str] = &[
    // Leaves: names, collections, randomness.
    "topic",
    "ids",
    "rng",
    "collect",
    // Rules that need no messages.
    "assignor",
    "partitioner",
    "config",
    // What travels, what is recorded, how a handler reports it.
    "wire",
    "console",
    "trace",
    "node",
    "outbox",
    "connection",
    // The interpreter of the programs the clients run.
    "program",
    // The nodes.
    "cluster",
    "coordinator",
    "producer",
    "consumer",
    // What the views read, folded from the trace.
    "projection",
    // What drives them, and what is checked of a run.
    "engine",
    "invariants",
    "scenario",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate's top-level modules each `crate::` path in `text`'s code names (a comment's
/// link is not a dependency).
fn uses(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        !code.contains("crate::{"),
        "write `use crate::a::..` per module, so that this test sees it"
    );
    code.match_indices("crate::")
        .map(|(i, m)| &code[i + m.len()..])
        .map(|rest| rest.split(|c: char| !(c.is_ascii_lowercase() || c == '_')))
        .filter_map(|mut words| words.next())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut broken = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let module = relative.split('/').next().unwrap().trim_end_matches(".rs");
        if module == "lib" || module == "bin" {
            continue;
        }
        let rank = LAYERS
            .iter()
            .position(|&m| m == module)
            .unwrap_or_else(|| panic!("{module} is not in LAYERS"));
        for used in uses(&fs::read_to_string(&file).unwrap()) {
            if used == module {
                continue;
            }
            let Some(used_rank) = LAYERS.iter().position(|m| *m == used) else {
                panic!("{relative} uses crate::{used}, which is not in LAYERS");
            };
            if used_rank < rank {
                continue;
            }
            broken.push(format!("{relative} ({module}) uses crate::{used}"));
        }
    }
    assert!(broken.is_empty(), "uses against the layers: {broken:#?}");
}

#[test]
fn a_use_counts_in_code_but_not_in_a_comment() {
    let found = uses(
        "use crate::wire::Bytes; // crate::engine\n/// [`crate::scenario`]\nlet x = crate::ids::Millis::MAX;",
    );
    assert_eq!(found, BTreeSet::from(["ids".to_owned(), "wire".to_owned()]));
}

/// No source file of the model (`sim/src`) or of the web app (`src`) is over 900 lines, so
/// that each can be read in one sitting (issue 13).
#[test]
fn no_source_file_is_over_900_lines() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    rust_files(&workspace.join("src"), &mut files);
    assert!(files.len() > 100, "both trees were read: {}", files.len());
    let long: Vec<String> = files
        .iter()
        .map(|file| (file, fs::read_to_string(file).unwrap().lines().count()))
        .filter(|(_, lines)| *lines > 900)
        .map(|(file, lines)| format!("{} ({lines} lines)", file.display()))
        .collect();
    assert!(long.is_empty(), "files over 900 lines: {long:#?}");
}
