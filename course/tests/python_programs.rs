//! Every program in course/python/ is valid Python 3 and belongs to an exercise.

use kafka_sim::collect::VecSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use course::exercises;

fn python_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("python")
}

fn program_files() -> VecSet<String> {
    std::fs::read_dir(python_dir())
        .expect("course/python")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .into_string()
                .expect("utf-8")
        })
        .filter(|name| name.ends_with(".py"))
        .collect()
}

#[test]
fn every_program_belongs_to_an_exercise_and_every_source_is_a_program() {
    let used: VecSet<String> = exercises()
        .iter()
        .flat_map(|e| e.sources)
        .map(|s| s.file.to_owned())
        .collect();
    assert_eq!(used, program_files());
    assert_eq!(used.len(), 26);
}

#[test]
fn every_program_compiles_with_py_compile() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: python3 is not installed, the programs were not compiled");
        return;
    }
    // Bytecode goes to a scratch prefix, never into the source tree.
    let cache =
        std::env::temp_dir().join(format!("kafka-lab-course-pycache-{}", std::process::id()));
    let output = Command::new("python3")
        .args(["-m", "py_compile"])
        .args(program_files().iter().map(|file| python_dir().join(file)))
        .env("PYTHONPYCACHEPREFIX", &cache)
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "a program does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Best effort: the scratch directory is only a cache.
    let _ = std::fs::remove_dir_all(cache);
}

#[test]
fn the_included_text_is_the_file_on_disk() {
    for exercise in exercises() {
        for source in exercise.sources {
            let on_disk = std::fs::read_to_string(python_dir().join(source.file)).expect("read");
            assert_eq!(source.text, on_disk, "{}", source.file);
        }
    }
}
