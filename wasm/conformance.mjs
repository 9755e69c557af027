#!/usr/bin/env node
// Conformance of the wasm build with the native engine.
//
//   node wasm/conformance.mjs <cases-dir>... [--bundle FILE] [--pkg web|node|DIR]
//                             [--native DIR] [--bench N] [--json FILE]
//
// Loads the wasm engine exactly as the browser gets it (wasm/web/pkg, the
// `--target web` output, initialised from the bytes; `--pkg node` uses the
// `--target nodejs` output in wasm/pkg-node instead, `--pkg DIR` a web build
// elsewhere) and the rules bundle,
// and runs every case file (`regeling`, `case`, `expected` | `expect_error`)
// the way the native runner does (engine/src/testing.rs run_case_file):
// the outputs must equal `expected` as JSON values; an expected error passes
// when evaluation fails with a message containing every text of
// `expect_error_contains`. Prints `N passed, N failed` alone on the last line
// and exits 1 when anything failed.
//
// --native DIR  for every case file X.json with expected outputs, DIR/X.json
//               (saved `regelwerk bereken --format json` output) and
//               DIR/X.uitleg.txt (saved `regelwerk uitleg` output) must
//               exist; the full result must be byte-identical after compact
//               re-serialisation (key order kept), and wasm's explanation
//               text byte-identical to the saved one (which the CLI ends
//               with a newline): the same engine, natively and in wasm.
// --bench N     evaluates every passing case N times and prints the mean
//               time per case (for docs/browser.md; compare with
//               `cargo run -p wasm --example bench_native --release`).
// --json FILE   writes the numbers as JSON (for scripts).

import { readFileSync, readdirSync, statSync, existsSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { controleerCasusbestand } from "./web/casusbestand.js";

const hier = dirname(fileURLToPath(import.meta.url));

function args(argv) {
  const opts = { dirs: [], bundle: join(hier, "web/pkg/regels.json"), pkg: "web", native: null, bench: 0, json: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const waarde = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} verwacht een waarde`);
      return argv[++i];
    };
    if (a === "--bundle") opts.bundle = waarde();
    else if (a === "--pkg") opts.pkg = waarde();
    else if (a === "--native") opts.native = waarde();
    else if (a === "--bench") opts.bench = Number(waarde());
    else if (a === "--json") opts.json = waarde();
    else if (a === "-h" || a === "--help") opts.help = true;
    else if (a.startsWith("--")) throw new Error(`onbekende optie ${a}`);
    else opts.dirs.push(a);
  }
  return opts;
}

/** The wasm API, from the web build (same bytes as the browser) or the nodejs build. */
async function laadWasm(pkg) {
  if (pkg === "node") {
    const require = createRequire(import.meta.url);
    return require(join(hier, "pkg-node/regelwerk_wasm.js"));
  }
  // Any other value is a directory holding a `--target web` build (to
  // compare builds: docs/browser.md, "Measurements").
  const dir = pkg === "web" ? join(hier, "web/pkg") : resolve(pkg);
  const mod = await import(pathToFileURL(join(dir, "regelwerk_wasm.js")));
  mod.initSync({ module: readFileSync(join(dir, "regelwerk_wasm_bg.wasm")) });
  return mod;
}

function* caseFiles(pad) {
  const st = statSync(pad);
  if (st.isFile()) {
    if (pad.endsWith(".json")) yield pad;
    return;
  }
  for (const naam of readdirSync(pad).sort()) yield* caseFiles(join(pad, naam));
}

/** Runs one case file; returns the failures (empty: passed). */
function runCase(rw, bestand) {
  let doc;
  try {
    doc = JSON.parse(readFileSync(bestand, "utf8"));
  } catch (e) {
    return { fouten: [`geen geldig JSON: ${e.message}`] };
  }
  const r = controleerCasusbestand(doc, (caseJson) => JSON.parse(rw.evaluate(doc.regeling, caseJson, "")));
  // The file's shape is valid once it has a case: then its document goes along.
  return r.caseJson === undefined ? r : { ...r, doc };
}

/**
 * A case against its saved native outputs (`base`.json: the result JSON,
 * `base`.uitleg.txt: the explanation): the differences, empty when both are
 * byte-identical. A missing native file is a difference too.
 */
function vergelijkNative(rw, r, base) {
  const lees = (bestand) => (existsSync(bestand) ? readFileSync(bestand, "utf8") : null);
  const verschil = [];
  const resultaatBestand = `${base}.json`;
  const nativeResultaat = lees(resultaatBestand);
  if (nativeResultaat === null) verschil.push(`geen native resultaat (${resultaatBestand})`);
  else {
    let native;
    try {
      native = JSON.stringify(JSON.parse(nativeResultaat));
    } catch {
      native = nativeResultaat.trim();
    }
    if (native !== JSON.stringify(r.resultaat)) verschil.push(`resultaat wijkt af van native (${resultaatBestand})`);
  }
  const uitlegBestand = `${base}.uitleg.txt`;
  const nativeUitleg = lees(uitlegBestand);
  const uitleg = JSON.parse(rw.explain(r.doc.regeling, r.caseJson, ""));
  if (nativeUitleg === null) verschil.push(`geen native uitleg (${uitlegBestand})`);
  else if (!uitleg.ok) verschil.push(`uitleg mislukt in wasm: ${uitleg.fout.melding}`);
  else {
    const tekst = uitleg.tekst.endsWith("\n") ? uitleg.tekst : `${uitleg.tekst}\n`;
    if (tekst !== nativeUitleg) {
      const regels = tekst.split("\n");
      const nativeRegels = nativeUitleg.split("\n");
      const lang = regels.length >= nativeRegels.length ? regels : nativeRegels;
      const i = lang.findIndex((_, n) => regels[n] !== nativeRegels[n]);
      verschil.push(`uitleg wijkt af van native (${uitlegBestand}), regel ${i + 1}: wasm ${JSON.stringify(regels[i])}, native ${JSON.stringify(nativeRegels[i])}`);
    }
  }
  return verschil;
}

async function main() {
  const opts = args(process.argv.slice(2));
  if (opts.help || opts.dirs.length === 0) {
    console.log("gebruik: node wasm/conformance.mjs <casusmap>... [--bundle BESTAND] [--pkg web|node|DIR] [--native MAP] [--bench N] [--json BESTAND]");
    process.exit(opts.help ? 0 : 2);
  }
  if (!existsSync(opts.bundle)) {
    console.error(`regelbundel ${opts.bundle} ontbreekt: draai eerst scripts/build-wasm.sh`);
    process.exit(2);
  }
  const wasm = await laadWasm(opts.pkg);
  const t0 = performance.now();
  const rw = new wasm.Regelwerk(readFileSync(opts.bundle, "utf8"));
  const laadtijd = performance.now() - t0;
  const status = JSON.parse(rw.status());
  if (!status.ok) {
    console.error(`regelbundel niet te laden: ${status.fout.melding}`);
    process.exit(2);
  }

  let passed = 0;
  let failed = 0;
  let nativeGelijk = 0;
  let nativeAnders = 0;
  const geslaagd = [];
  for (const dir of opts.dirs) {
    for (const bestand of caseFiles(dir)) {
      const naam = relative(process.cwd(), bestand);
      const r = runCase(rw, bestand);
      if (opts.native && r.resultaat) {
        const verschil = vergelijkNative(rw, r, join(opts.native, basename(bestand, ".json")));
        if (verschil.length) {
          nativeAnders++;
          r.fouten.push(...verschil);
        } else nativeGelijk++;
      }
      if (r.fouten.length === 0) {
        passed++;
        geslaagd.push(r);
      } else {
        failed++;
        console.log(`FAIL ${naam}`);
        for (const f of r.fouten) console.log(`  ${f}`);
      }
    }
  }

  const cijfers = { passed, failed, laadtijd_ms: laadtijd };
  if (opts.native) {
    console.log(`native: ${nativeGelijk} resultaten en uitleggen byte-gelijk, ${nativeAnders} verschillend`);
    cijfers.native_gelijk = nativeGelijk;
    cijfers.native_anders = nativeAnders;
  }
  const meetbaar = geslaagd.filter((r) => r.resultaat);
  if (opts.bench > 0 && meetbaar.length) {
    // Warm up, then time N rounds over every case with expected outputs
    // (the set bench_native times). The fastest round is the least
    // disturbed by other load on the machine; the median is given too.
    for (let i = 0; i < 20; i++) for (const r of meetbaar) rw.evaluate(r.doc.regeling, r.caseJson, "");
    const rondes = [];
    for (let i = 0; i < opts.bench; i++) {
      const start = performance.now();
      for (const r of meetbaar) rw.evaluate(r.doc.regeling, r.caseJson, "");
      rondes.push(((performance.now() - start) * 1000) / meetbaar.length);
    }
    rondes.sort((a, b) => a - b);
    const snelst = rondes[0];
    const mediaan = rondes[Math.floor(rondes.length / 2)];
    console.log(`bench: ${meetbaar.length} casussen x ${opts.bench} rondes: snelste ronde ${snelst.toFixed(1)} µs per casus, mediaan ${mediaan.toFixed(1)} µs (wasm in Node ${process.version}); regelbundel laden ${laadtijd.toFixed(1)} ms`);
    cijfers.us_per_casus = { snelst, mediaan };
  }
  if (opts.json) writeFileSync(opts.json, `${JSON.stringify(cijfers, null, 2)}\n`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e?.stack ?? String(e));
  console.log("0 passed, 1 failed");
  process.exit(1);
});
