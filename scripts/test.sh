#!/usr/bin/env bash
# The full test sequence of regelwerk: formatting, lints, all tests, the
# wasm build, and the rule library checked and tested with the CLI.
# Run from anywhere: ./scripts/test.sh   (CI runs it through .ci/run)
set -euo pipefail

cd "$(dirname "$0")/.."

step() {
  printf '\n==> %s\n' "$*"
}

# Every step runs even when an earlier one failed, so that one run shows
# all problems; the script fails at the end, loudly, naming each failed step.
failed=()
run() {
  step "$*"
  if ! "$@"; then
    printf '\n!!! FAILED: %s\n' "$*" >&2
    failed+=("$*")
  fi
}

run cargo fmt --all --check
run cargo clippy --workspace --all-targets -- -D warnings
run cargo test --workspace --no-fail-fast
run cargo build -p engine --target wasm32-unknown-unknown
run cargo run -q -p cli -- check rules/

# ---------------------------------------------------------------------------
# WASM / BROWSER STEPS: to be added here later (wasm-bindgen build of wasm/,
# the web app's tests under wasm/web/ with node). Keep them before the final
# `regelwerk test` line so that line stays the last thing printed.
# ---------------------------------------------------------------------------

# Last: prints the closing line `N passed, N failed`.
run cargo run -q -p cli -- test rules/ --cases tests/conformance/cases

if ((${#failed[@]})); then
  printf '\n!!! %d step(s) FAILED:\n' "${#failed[@]}" >&2
  printf '!!!   %s\n' "${failed[@]}" >&2
  exit 1
fi
