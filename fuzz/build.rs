//! Embeds the rule library (`../rules/**/*.regels`) in the fuzz targets, so
//! they do not depend on the working directory: writes
//! `$OUT_DIR/rules.rs` with `RULES: &[(path, text)]`, paths as the CLI
//! names them (`rules/...`), sorted.

use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest.join("..");
    let mut files = Vec::new();
    collect(&root.join("rules"), &mut files);
    files.sort();
    let mut out = String::from("pub const RULES: &[(&str, &str)] = &[\n");
    for path in &files {
        let relative = path.strip_prefix(&root).expect("under the root");
        let name: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let absolute = path.canonicalize().expect("a rule file that exists");
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            name.join("/"),
            absolute
        ));
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("rules.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed={}", root.join("rules").display());
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).expect("the rules folder is readable");
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "regels") {
            out.push(path);
        }
    }
}
