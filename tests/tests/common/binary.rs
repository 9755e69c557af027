//! Running the `regelwerk` binary from the end-to-end tests (`cli.rs`,
//! `audit_cli.rs`): built once per test run so it is never stale, run from
//! the workspace root without colour at a terminal width of 100.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The `regelwerk` binary (or `REGELWERK_BIN`). Cargo builds binaries only
/// for their own package's tests, so this builds it next to the test.
pub fn binary() -> &'static PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(path) = std::env::var_os("REGELWERK_BIN") {
            return PathBuf::from(path);
        }
        // The test runs as <target>/<profile>/deps/<test>-<hash>.
        let exe = std::env::current_exe().expect("current test executable");
        let profile_dir = exe
            .parent()
            .and_then(|deps| deps.parent())
            .expect("test executable lies in <target>/<profile>/deps")
            .to_path_buf();
        let target_dir = profile_dir
            .parent()
            .expect("profile dir lies in the target dir")
            .to_path_buf();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = Command::new(cargo);
        build
            .current_dir(super::root())
            .args([
                "build",
                "--quiet",
                "--package",
                "cli",
                "--bin",
                "regelwerk",
                "--target-dir",
            ])
            .arg(&target_dir);
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("cargo can be started");
        assert!(status.success(), "building the regelwerk binary failed");
        let bin = profile_dir.join(format!("regelwerk{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "{} was not built", bin.display());
        bin
    })
}

/// Runs `regelwerk` with the arguments from the workspace root.
pub fn regelwerk(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .current_dir(super::root())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("regelwerk can be started")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Fails with everything the command printed.
pub fn assert_exit(o: &Output, expected: i32, what: &str) {
    assert_eq!(
        code(o),
        expected,
        "{what}: exit code {} (expected {expected})\n--- stdout ---\n{}\n--- stderr ---\n{}",
        code(o),
        stdout(o),
        stderr(o)
    );
}

/// A scratch directory of its own for one test (emptied first).
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regelwerk-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}
