#!/usr/bin/env bash
# Builds regelwerk for the browser:
#   - the wasm engine (crate wasm/, profile wasm-release) through wasm-bindgen
#     into wasm/web/pkg/ (--target web, for the app and the Node conformance
#     runner) and wasm/pkg-node/ (--target nodejs);
#   - the same engine with the cargo feature `vergelijken` (the version diff)
#     into wasm/web/pkg/vergelijken/ (--target web): the app loads it only
#     when "Vergelijken" is pressed, so the consulent's module stays small;
#   - wasm-opt when it is installed (Debian package binaryen; optional);
#   - the rules bundle of rules/ into wasm/web/pkg/regels.json (`regelwerk
#     bundle`, which refuses rules with check errors);
#   - the werkbank's code editor (CodeMirror 6 from wasm/node_modules, with
#     the .regels highlighting of wasm/editor/) into wasm/web/pkg/editor.js
#     (esbuild); only werkbank.html loads it.
# Installs what it needs when missing: the wasm32 target, wasm-bindgen-cli at
# exactly the version in Cargo.lock, and wasm/node_modules (npm).
#
# Usage: scripts/build-wasm.sh            (from anywhere; no arguments)
# Env:   WASM_PROFILE=dev for a quick unoptimised build (default wasm-release)
#        SKIP_NPM=1 to leave wasm/node_modules alone
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
TARGET=wasm32-unknown-unknown
PROFILE=${WASM_PROFILE:-wasm-release}
WEB_PKG=wasm/web/pkg
NODE_PKG=wasm/pkg-node
DIFF_PKG=$WEB_PKG/vergelijken
step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
if ! rustup target list --installed 2>/dev/null | grep -qx "$TARGET"; then
  rustup target add "$TARGET"
fi
# The CLI must match the wasm-bindgen crate exactly (the schema is versioned).
[ -f Cargo.lock ] || cargo metadata --format-version 1 >/dev/null
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$WB_VERSION" ]; then
  echo "wasm-bindgen staat niet in Cargo.lock" >&2
  exit 1
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$WB_VERSION" ]; then
  echo "wasm-bindgen-cli $WB_VERSION installeren (gevonden: ${have:-geen})"
  # --locked first, as asked; a registry that lacks one of the CLI's locked
  # dependencies makes that fail, and then the unlocked resolution is used.
  cargo install --locked wasm-bindgen-cli --version "$WB_VERSION" \
    || cargo install --force wasm-bindgen-cli --version "$WB_VERSION"
fi
echo "wasm-bindgen $(wasm-bindgen --version | awk '{print $2}'), profiel $PROFILE"

if [ -z "${SKIP_NPM:-}" ] && { [ ! -d wasm/node_modules/playwright-core ] || [ ! -d wasm/node_modules/binaryen ] || [ ! -d wasm/node_modules/esbuild ] || [ ! -d wasm/node_modules/@codemirror/view ]; }; then
  step "npm (wasm/)"
  (cd wasm && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; })
fi

case "$PROFILE" in
  dev) OUT_DIR=debug ;;
  *) OUT_DIR=$PROFILE ;;
esac
RAW="${CARGO_TARGET_DIR:-target}/$TARGET/$OUT_DIR/regelwerk_wasm.wasm"
# Both builds write $RAW; each is run through wasm-bindgen before the next.
# The feature changes no dependency's features, so the second build
# recompiles only the wasm crate (and links again).
build() {
  step "cargo build -p wasm --target $TARGET --profile $PROFILE $*"
  cargo build -p wasm --lib --target "$TARGET" --profile "$PROFILE" "$@"
}

rm -rf "$WEB_PKG" "$NODE_PKG"
build
step "wasm-bindgen"
wasm-bindgen "$RAW" --target web --out-dir "$WEB_PKG"
wasm-bindgen "$RAW" --target nodejs --out-dir "$NODE_PKG"
# Strings into wasm with encodeInto instead of a per-character JS loop.
node wasm/pass-string.mjs "$WEB_PKG/regelwerk_wasm.js" "$NODE_PKG/regelwerk_wasm.js"
# wasm/package.json says "type": "module"; the nodejs output is CommonJS.
printf '{ "type": "commonjs" }\n' > "$NODE_PKG/package.json"

build --features vergelijken
step "wasm-bindgen (vergelijken)"
wasm-bindgen "$RAW" --target web --out-dir "$DIFF_PKG"
node wasm/pass-string.mjs "$DIFF_PKG/regelwerk_wasm.js"

# wasm-opt: the npm package binaryen (a devDependency in wasm/package.json,
# current) before the system one (Debian's binaryen may be too old for
# wasm-bindgen's externref table). Every optimised file is smoke-tested in
# Node; a broken one is thrown away and the unoptimised file kept.
WASM_OPT=${WASM_OPT:-}
if [ -z "$WASM_OPT" ]; then
  if [ -x wasm/node_modules/.bin/wasm-opt ]; then WASM_OPT=wasm/node_modules/.bin/wasm-opt
  elif command -v wasm-opt >/dev/null 2>&1; then WASM_OPT=$(command -v wasm-opt)
  fi
fi
# smoke PKG_DIR: the package loads in Node, and has `diff` exactly when it
# is the vergelijken package (so the split cannot silently undo itself).
smoke() {
  local want_diff=0
  [ "$1" = "$DIFF_PKG" ] && want_diff=1
  node --input-type=module -e '
    import { readFileSync } from "node:fs";
    import { pathToFileURL } from "node:url";
    const [dir, wantDiff] = process.argv.slice(1);
    const m = await import(pathToFileURL(`${dir}/regelwerk_wasm.js`));
    m.initSync({ module: readFileSync(`${dir}/regelwerk_wasm_bg.wasm`) });
    const rw = new m.Regelwerk(JSON.stringify({ bestanden: [] }));
    if (!JSON.parse(rw.status()).ok) process.exit(1);
    const hasDiff = typeof rw.diff === "function";
    if (hasDiff !== (wantDiff === "1")) {
      console.error(`${dir}: diff ${hasDiff ? "aanwezig" : "ontbreekt"}`);
      process.exit(1);
    }
    if (hasDiff && JSON.parse(rw.diff("x", "1", "2")).fout?.soort !== "regeling") process.exit(1);
  ' "$1" "$want_diff"
}
optimise() {
  local file="$1/regelwerk_wasm_bg.wasm"
  if "$WASM_OPT" -Os "${FEATURES[@]}" "$file" -o "$file.opt" 2>/tmp/wasm-opt.log \
     && cp "$file" "$file.raw" && cp "$file.opt" "$file" && smoke "$1"; then
    rm -f "$file.opt" "$file.raw"
  else
    [ -f "$file.raw" ] && mv "$file.raw" "$file"
    rm -f "$file.opt"
    echo "wasm-opt gaf geen bruikbaar resultaat voor $file (zie /tmp/wasm-opt.log); het bestand blijft zoals wasm-bindgen het maakte"
  fi
}
if [ -n "$WASM_OPT" ] && [ "$PROFILE" != dev ]; then
  step "wasm-opt ($("$WASM_OPT" --version 2>/dev/null | head -1))"
  # The features rustc enables by default for wasm32 (Rust >= 1.82).
  FEATURES=(--enable-bulk-memory --enable-sign-ext --enable-mutable-globals
            --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue)
  optimise "$WEB_PKG"
  optimise "$DIFF_PKG"
  # wasm-bindgen writes the same module for both targets.
  cp "$WEB_PKG/regelwerk_wasm_bg.wasm" "$NODE_PKG/regelwerk_wasm_bg.wasm"
else
  echo "(geen wasm-opt of dev-profiel: overgeslagen; npm install in wasm/ of apt-get install binaryen)"
fi
for pkg in "$WEB_PKG" "$DIFF_PKG"; do
  smoke "$pkg" || { echo "de wasm-module in $pkg laadt niet in Node" >&2; exit 1; }
done

step "regelbundel (regelwerk bundel)"
BUNDLE="$WEB_PKG/regels.json"
# The CLI checks every file first and refuses to bundle rules with errors.
cargo run --quiet -p cli --bin regelwerk -- bundel rules -o "$BUNDLE"

step "editor van de werkbank (esbuild)"
EDITOR="$WEB_PKG/editor.js"
wasm/node_modules/.bin/esbuild wasm/editor/editor.mjs --bundle --format=esm --minify \
  --target=es2022 --legal-comments=eof --outfile="$EDITOR" --log-level=warning

step "resultaat"
size() { wc -c <"$1" | tr -d ' '; }
gz() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
WASM="$WEB_PKG/regelwerk_wasm_bg.wasm"
printf '%-48s %10s %10s\n' "bestand" "bytes" "gzip -9"
for f in "$WASM" "$WEB_PKG/regelwerk_wasm.js" "$BUNDLE" "$DIFF_PKG/regelwerk_wasm_bg.wasm" "$DIFF_PKG/regelwerk_wasm.js" "$EDITOR"; do
  printf '%-48s %10s %10s\n' "$f" "$(size "$f")" "$(gz "$f")"
done
cat <<EOF

De app staat in wasm/web/. Starten (alleen op deze computer bereikbaar):
  python3 -m http.server -d wasm/web 8080 --bind 127.0.0.1
en open http://127.0.0.1:8080/ (de werkbank: http://127.0.0.1:8080/werkbank.html)
EOF
