// The wasm `diff` (what the app's "Versies vergelijken" shows) against the
// native `regelwerk diff --format json` on the version pairs of the rule
// library: the shipped on-demand build (wasm/web/pkg/vergelijken, the bytes
// the browser gets) on the shipped rules bundle must give the same JSON as
// the CLI's `regels`. Skipped when no native binary is at hand
// (REGELWERK_BIN, else the newest of target/{release,debug}/regelwerk under
// CARGO_TARGET_DIR or ./target). Also: the consulent's module (wasm/web/pkg)
// has no diff, no checker and no parser (it evaluates the bundle's compiled
// programs) and stays within the size target.
//
//   node --test wasm/e2e/diff.test.mjs   (after scripts/build-wasm.sh)

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { nativeBinary } from "../native-binary.mjs";

const hier = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(hier, "../..");
const PKG = join(ROOT, "wasm/web/pkg");
const DIFF_PKG = join(PKG, "vergelijken");
/**
 * The target for the module every consulent loads: 400 KB gzip, read
 * strictly as 400,000 bytes (gzip -9, as docs/browser.md measures).
 */
const MAX_GZIP = 400_000;

/** A package's JS glue, initialised from its wasm bytes. */
async function pakket(dir) {
  const mod = await import(pathToFileURL(join(dir, "regelwerk_wasm.js")));
  mod.initSync({ module: readFileSync(join(dir, "regelwerk_wasm_bg.wasm")) });
  return mod;
}

/** The engine with the diff, on the shipped bundle. */
async function regelwerk() {
  const mod = await pakket(DIFF_PKG);
  return new mod.Regelwerk(readFileSync(join(PKG, "regels.json"), "utf8"));
}

/** Names of a wasm module's exports that belong to `diff`. */
function diffExports(dir) {
  const module = new WebAssembly.Module(readFileSync(join(dir, "regelwerk_wasm_bg.wasm")));
  return WebAssembly.Module.exports(module).map((e) => e.name).filter((n) => /diff/i.test(n));
}

test("de hoofdmodule heeft geen diff en geen controle; de vergelijkmodule wel", async () => {
  const hoofd = await pakket(PKG);
  for (const methode of ["diff", "check", "checkAll"]) {
    assert.equal(typeof hoofd.Regelwerk.prototype[methode], "undefined", methode);
  }
  assert.deepEqual(diffExports(PKG), []);
  assert.equal(typeof hoofd.Regelwerk.prototype.evaluate, "function");
  const vergelijk = await pakket(DIFF_PKG);
  for (const methode of ["diff", "check", "checkAll"]) {
    assert.equal(typeof vergelijk.Regelwerk.prototype[methode], "function", methode);
  }
  assert.deepEqual(diffExports(DIFF_PKG), ["regelwerk_diff"]);
});

test("de hoofdmodule rekent met de vertaalde programma's van de bundel, zonder parser", async () => {
  const hoofd = await pakket(PKG);
  const tekst = readFileSync(join(PKG, "regels.json"), "utf8");
  const bundel = JSON.parse(tekst);
  assert.ok(bundel.programmas.length > 0);
  const schema = (rw) => JSON.parse(rw.schema("heemskerk.wmo_toegang", "2026-02-01"));
  assert.equal(schema(new hoofd.Regelwerk(tekst)).ok, true);
  // Without the compiled programs it cannot evaluate, and says why.
  const zonder = schema(new hoofd.Regelwerk(JSON.stringify({ ...bundel, programmas: [] })));
  assert.equal(zonder.ok, false);
  assert.match(zonder.fout.melding, /bevat geen vertaald programma voor `heemskerk\.wmo_toegang` vanaf 2026-01-01; maak de bundel opnieuw met `regelwerk bundel`/);
  // A program changed after bundling (here its name) is refused by its hash.
  const veranderd = structuredClone(bundel);
  const wmo = veranderd.programmas.find((p) => p.regeling === "heemskerk.wmo_toegang" && p.vanaf === "2026-01-01");
  wmo.programma.programma.info.name = "Een andere naam";
  const geweigerd = schema(new hoofd.Regelwerk(JSON.stringify(veranderd)));
  assert.equal(geweigerd.ok, false);
  assert.match(geweigerd.fout.melding, /komt niet overeen met zijn hash/);
  // A file without its head (kop) cannot be read without a parser.
  const zonderKop = { bestanden: bundel.bestanden.map(({ kop, ...rest }) => rest) };
  const status = JSON.parse(new hoofd.Regelwerk(JSON.stringify(zonderKop)).status());
  assert.equal(status.ok, false);
  assert.equal(status.fout.soort, "bundel");
  assert.match(status.fout.melding, /heeft geen kop in de regelbundel/);
  // The engine with the checker compiles from the sources instead.
  const vergelijk = await pakket(DIFF_PKG);
  assert.equal(schema(new vergelijk.Regelwerk(JSON.stringify({ ...bundel, programmas: [] }))).ok, true);
});

test(`de hoofdmodule blijft onder ${MAX_GZIP} bytes gzip -9`, () => {
  // gzip(1), as the size table in docs/browser.md is measured (Node's zlib
  // compresses this file ~1 % worse).
  const gz = execFileSync("gzip", ["-9", "-c", join(PKG, "regelwerk_wasm_bg.wasm")], { maxBuffer: 1 << 26 }).length;
  assert.ok(gz <= MAX_GZIP, `regelwerk_wasm_bg.wasm is ${gz} bytes gzip -9`);
});

const PAREN = [
  ["rules/heemskerk/minimaregelingen", "2024", "2025"],
  ["rules/heemskerk/wmo-toegang", "2025", "2026"],
  ["rules/landelijk/wmo-eigen-bijdrage", "2018", "2019"],
  ["rules/landelijk/wmo-eigen-bijdrage", "2019", "2020"],
];

const BIN = nativeBinary(ROOT);

test("diff in wasm = regelwerk diff --format json", { skip: BIN ? false : "geen native regelwerk-binary gevonden" }, async () => {
  const rw = await regelwerk();
  for (const [map, van, naar] of PAREN) {
    const antwoord = JSON.parse(rw.diff(map, van, naar));
    assert.equal(antwoord.ok, true, JSON.stringify(antwoord));
    const native = JSON.parse(execFileSync(BIN, ["vergelijk", "--format", "json", `${map}/${van}.regels`, `${map}/${naar}.regels`], { cwd: ROOT, encoding: "utf8" }));
    assert.deepEqual(antwoord.diff, native.regels, `${map} ${van} → ${naar}`);
    assert.ok(antwoord.diff.versies[0].wijzigingen.length > 0, `${map} ${van} → ${naar}: geen wijzigingen`);
  }
});

test("diff: fouten als antwoord, nooit een exceptie", async () => {
  const rw = await regelwerk();
  const onbekend = JSON.parse(rw.diff("nergens", "2025", "2026"));
  assert.equal(onbekend.fout.soort, "regeling");
  const versie = JSON.parse(rw.diff("heemskerk.wmo_toegang", "2025", "1999"));
  assert.equal(versie.fout.soort, "versie");
  assert.match(versie.fout.melding, /geen versie `1999` \(wel: 2025, 2026\)/);
});
