//! Helpers shared by the grammar's unit tests.

/// The rule library has 12 files; fewer means the walk found less than the
/// tests over it claim to check.
const MINIMUM_RULE_FILES: usize = 12;

/// (path, text) of every `.regels` file of the project's rule library
/// (`../rules`), sorted by path; panics when fewer than
/// [`MINIMUM_RULE_FILES`] are found.
pub(crate) fn rule_library() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let mut stack = vec![root.clone()];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "regels") {
                let text =
                    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                files.push((p.display().to_string(), text));
            }
        }
    }
    files.sort();
    assert!(
        files.len() >= MINIMUM_RULE_FILES,
        "only {} rule files under {} (expected at least {MINIMUM_RULE_FILES})",
        files.len(),
        root.display()
    );
    files
}
