#!/usr/bin/env bash
# The browser side of regelwerk, tested:
#   1. node wasm/conformance.mjs tests/conformance/cases — every case file
#      through the wasm build (the exact bytes the app ships); with a native
#      `regelwerk` binary present, also byte-equality of the full result JSON
#      with `regelwerk bereken --format json` and of the explanation with
#      `regelwerk uitleg`, for every case with expected outputs (a case the
#      native binary cannot evaluate fails the run);
#   2. node --test wasm/test/ wasm/e2e/ — unit tests of the app's Dutch
#      notation, and end-to-end tests in headless Chromium (Debian package)
#      that fail on any request leaving 127.0.0.1, with axe-core (WCAG 2.1
#      A and AA) on every screen. Screenshots and timings go to artifacts/;
#      REGELWERK_DOCS_IMG=1 also renews the screenshots in docs/img/.
# Installs what it needs when missing: chromium (apt-get, as root, no stdin)
# and wasm/node_modules (npm). Builds wasm/web/pkg (and pkg/vergelijken/)
# first when it is missing (or with --build).
#
# Usage: scripts/test-browser.sh [--build]
# Env:   REGELWERK_BIN=path/to/regelwerk for the native comparison (default:
#        the newer of target/release/regelwerk and target/debug/regelwerk)
#        WASM_PROFILE=dev (passed on to scripts/build-wasm.sh): a quicker,
#        unoptimised build
# Exit:  0 when both parts pass, 1 otherwise.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
step() { printf '\n==> %s\n' "$*"; }

# Also when the on-demand diff module or the werkbank's editor bundle is
# missing (a build from before them).
if [ "${1:-}" = "--build" ] || [ ! -f wasm/web/pkg/regelwerk_wasm_bg.wasm ] || [ ! -f wasm/web/pkg/regels.json ] \
   || [ ! -f wasm/web/pkg/vergelijken/regelwerk_wasm_bg.wasm ] || [ ! -f wasm/web/pkg/editor.js ]; then
  step "scripts/build-wasm.sh"
  bash scripts/build-wasm.sh || exit 1
fi

if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
  step "chromium installeren (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq chromium; } </dev/null || exit 1
fi

if [ ! -d wasm/node_modules/playwright-core ] || [ ! -d wasm/node_modules/@axe-core/playwright ]; then
  step "npm (wasm/)"
  (cd wasm && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; }) </dev/null || exit 1
fi

failed=()

# Saved native results, when a native binary is at hand.
NATIVE_ARGS=()
BIN=${REGELWERK_BIN:-}
if [ -z "$BIN" ]; then
  # The most recently built one (a stale binary would not be the same engine).
  BIN=$(ls -t "${CARGO_TARGET_DIR:-target}/release/regelwerk" "${CARGO_TARGET_DIR:-target}/debug/regelwerk" 2>/dev/null | head -n 1)
fi
if [ -n "$BIN" ]; then
  step "native resultaten ($BIN eval --format json, $BIN explain)"
  NATIVE=artifacts/native
  rm -rf "$NATIVE" && mkdir -p "$NATIVE"
  # Every case with expected outputs must evaluate natively: one that does
  # not is counted and fails the run (conformance.mjs then also misses its
  # native files and says so).
  cases=0
  native_failed=0
  while IFS=$'\t' read -r file regeling; do
    cases=$((cases + 1))
    base="$NATIVE/$(basename "$file" .json)"
    "$BIN" bereken --format json "$regeling" "$file" >"$base.json" 2>"$base.fout" \
      && "$BIN" uitleg "$regeling" "$file" >"$base.uitleg.txt" 2>>"$base.fout" \
      || { native_failed=$((native_failed + 1)); echo "native mislukt: $file: $(cat "$base.fout")"; }
  done < <(node -e '
    const fs = require("fs"), path = require("path");
    const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith(".json") ? [path.join(d, e.name)] : []);
    for (const f of walk(process.argv[1])) {
      const doc = JSON.parse(fs.readFileSync(f, "utf8"));
      if (doc.expected) console.log(`${f}\t${doc.regeling}`);
    }' tests/conformance/cases)
  echo "$((cases - native_failed)) van $cases casussen native beoordeeld en uitgelegd in $NATIVE"
  [ "$cases" -gt 0 ] || { echo "geen casussen met verwachte uitkomsten gevonden"; native_failed=1; }
  [ "$native_failed" -eq 0 ] || failed+=("native")
  NATIVE_ARGS=(--native "$NATIVE")
fi

step "conformance: wasm tegen de casusbestanden"
node wasm/conformance.mjs tests/conformance/cases "${NATIVE_ARGS[@]}" || failed+=("conformance")

step "node --test wasm/test/ wasm/e2e/ (Chromium)"
node --test wasm/test/ wasm/e2e/ || failed+=("browser")

if [ ${#failed[@]} -gt 0 ]; then
  echo "mislukt: ${failed[*]}"
  exit 1
fi
