//! The page's view models: what the step-through and the playground draw at one moment of a
//! run, as small comparable structs computed from the simulation and the model's projection.
//! Pure (no Yew, no browser), so they are tested natively; the components only render them
//! and translate their typed words.

pub mod cluster;
pub mod group;
pub mod lane;
pub mod moment;
pub mod process;
pub mod producer;
pub mod programs;

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    /// The view models stay free of the web framework and of the components: a view that
    /// needed one would no longer be testable natively.
    #[test]
    fn view_modules_import_no_yew_and_no_component() {
        let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src/view")];
        let mut files = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in fs::read_dir(&dir).expect("src/view") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        let mut checked = 0;
        for path in files {
            let text = fs::read_to_string(&path).expect("a source file");
            // The code before the tests (this test names what it looks for).
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for forbidden in [
                "yew",
                "web_sys",
                "gloo",
                "crate::components",
                "crate::hooks",
            ] {
                assert!(
                    !code.contains(forbidden),
                    "{} uses {forbidden}",
                    path.display()
                );
            }
            checked += 1;
        }
        assert!(checked >= 8, "every view module was read: {checked}");
    }
}
