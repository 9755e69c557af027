#!/usr/bin/env bash
# Coverage-guided fuzzing of regelwerk (docs/fuzzing.md): builds the fuzz
# targets in fuzz/ and runs each for the given number of seconds.
#
#   scripts/fuzz.sh <seconds> [target...]     (default: every target)
#
# Prints one summary line per target (executions, new corpus units,
# coverage, crashes) and exits non-zero when a target crashed, hung or
# ran out of memory; the failing input is then in fuzz/artifacts/<target>/.
# The corpus grows in fuzz/work/<target>/ (not committed); the seeds in
# fuzz/corpus/<target>/ are read, never written.
#
# Environment:
#   FUZZ_SANITIZER  address, … or none (the default: grammar and engine
#                   hold no `unsafe`, so a sanitizer would only slow the
#                   search; a panic is found either way)
#   FUZZ_TIMEOUT    seconds one input may take before it counts as a hang
#                   (default 10)
set -euo pipefail

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 <seconds per target> [target...]" >&2
  exit 2
fi
seconds=$1
shift

cd "$(dirname "$0")/../fuzz"

# The fuzz build has its own target directory (fuzz/target): one built for
# the workspace would be rebuilt with other flags.
unset CARGO_TARGET_DIR

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> cargo-fuzz is missing: installing it"
  cargo install cargo-fuzz --locked
fi

sanitizer=${FUZZ_SANITIZER:-none}
toolchain=()
if cargo +nightly --version >/dev/null 2>&1; then
  toolchain=(+nightly)
else
  # libFuzzer's instrumentation needs unstable compiler flags; stable
  # accepts them with RUSTC_BOOTSTRAP, but has no sanitizers.
  echo "==> no nightly toolchain: building on stable with RUSTC_BOOTSTRAP=1 and --sanitizer none"
  export RUSTC_BOOTSTRAP=1
  sanitizer=none
fi

if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo "${toolchain[@]}" fuzz list)
fi

echo "==> building the fuzz targets (sanitizer: $sanitizer)"
cargo "${toolchain[@]}" fuzz build --sanitizer "$sanitizer" --debug-assertions
host=$(rustc "${toolchain[@]}" -vV | sed -n 's/^host: //p')
bin=target/$host/release

# The value of a libFuzzer final statistic (`stat::name: value`) in a log.
stat() {
  sed -n "s/^stat::$1: *//p" "$2" | tail -n 1
}

# The parse and check targets get the grammar's literal words and symbols
# as a dictionary (libFuzzer inserts them whole): read from the grammar,
# so it follows every change of the language.
mkdir -p work
# libFuzzer takes ASCII entries only, anything else as \x escapes (the €).
{
  grep -o '"[^" \\]\+"' ../grammar/src/regels.pest | LC_ALL=C grep -v '[^ -~]' | sort -u
  echo '"\xe2\x82\xac"'
} >work/regels.dict
dictionary() {
  case $1 in
    parse | check) echo "-dict=work/regels.dict" ;;
  esac
}

failed=()
printf '\n%-8s %8s %12s %8s %8s %8s\n' target seconds executions "new" coverage crashes
for target in "${targets[@]}"; do
  mkdir -p "work/$target" "artifacts/$target"
  log="work/$target.log"
  before=$(find "artifacts/$target" -type f | wc -l)
  status=0
  "$bin/$target" "work/$target" "corpus/$target" \
    -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="artifacts/$target/" $(dictionary "$target") >"$log" 2>&1 || status=$?
  after=$(find "artifacts/$target" -type f | wc -l)
  coverage=$({ grep -o "cov: [0-9]*" "$log" || true; } | tail -n 1 | cut -d" " -f2)
  printf '%-8s %8s %12s %8s %8s %8s\n' "$target" "$seconds" \
    "$(stat number_of_executed_units "$log")" "$(stat new_units_added "$log")" \
    "${coverage:-?}" "$((after - before))"
  if [[ $status -ne 0 ]]; then
    failed+=("$target")
    echo "!!! $target failed (exit $status); the log's end ($log):" >&2
    tail -n 30 "$log" >&2
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "!!! findings in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
