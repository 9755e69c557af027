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

# What the steps below need, on a fresh machine too: rustfmt and clippy, and
# the wasm32 target (the engine's browser build; scripts/build-wasm.sh
# installs wasm-bindgen-cli and the npm packages itself).
step "toolchain"
if command -v rustup >/dev/null 2>&1; then
  rustup component add rustfmt clippy
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
  fi
else
  echo "!!! rustup niet gevonden: installeer Rust met rustup (https://rustup.rs)" >&2
  exit 1
fi

run cargo fmt --all --check
run cargo clippy --workspace --all-targets -- -D warnings
run cargo clippy -p engine --no-default-features --all-targets -- -D warnings
run cargo test --workspace --no-fail-fast
run cargo build -p engine --target wasm32-unknown-unknown
run cargo run -q -p cli -- controleer rules/

run cargo run -q -p cli -- opmaak --controleer rules/

# The browser side: wasm-bindgen build of wasm/ (the app's package and the
# rules bundle), the Node conformance runner (byte-equal to native), and the
# end-to-end tests of the toegang app in headless Chromium.
run cargo build -q -p cli
run bash scripts/test-browser.sh --build

# The fuzz targets' replay tests (every seed and regression input through
# each target's oracle, on stable): the fuzz crate is its own workspace, so
# this is what keeps it building against the engine (docs/fuzzing.md).
run bash -c 'cd fuzz && cargo test --quiet'

# The VS Code / VSCodium extension (editors/vscode): its TextMate grammar
# tested on lines of the rule library, and the .vsix packaged.
run bash editors/vscode/build.sh

# Last: prints the closing line `N passed, N failed`.
run cargo run -q -p cli -- test rules/ --casussen tests/conformance/cases

if ((${#failed[@]})); then
  printf '\n!!! %d step(s) FAILED:\n' "${#failed[@]}" >&2
  printf '!!!   %s\n' "${failed[@]}" >&2
  exit 1
fi
