// The engine's safety limits in the browser's modules (wasm/web/pkg and
// its vergelijken/ module, the bytes the browser gets): a rule that would
// loop for minutes is stopped by the step budget with the message that
// names it, and a case past the size limits is refused with its path — the
// same messages as the CLI (engine/src/limits.rs).
//
//   node --test wasm/test/limits.test.mjs   (after scripts/build-wasm.sh)

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { nativeBinary } from "../native-binary.mjs";

const hier = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(hier, "../..");
const PKG = join(ROOT, "wasm/web/pkg");
const DIFF_PKG = join(PKG, "vergelijken");
const ontbreekt = !existsSync(join(DIFF_PKG, "regelwerk_wasm_bg.wasm")) && "wasm/web/pkg ontbreekt (scripts/build-wasm.sh)";
/** Two nested ranges of 100,000 numbers: 10¹⁰ steps without the budget. */
const LUS = join(ROOT, "tests/invalid/R0602-te-veel-rekenstappen.regels");
const GESTOPT = /^de berekening is gestopt bij regel `eerste_paar`: die kost meer dan 1\.000\.000 rekenstappen/;

/** A package's JS glue, initialised from its wasm bytes. */
async function pakket(dir) {
  const mod = await import(pathToFileURL(join(dir, "regelwerk_wasm.js")));
  mod.initSync({ module: readFileSync(join(dir, "regelwerk_wasm_bg.wasm")) });
  return mod;
}

/** `evaluate` of the looping rule with `grens`, timed. */
function bereken(rw, grens) {
  const begin = performance.now();
  const antwoord = JSON.parse(rw.evaluate("ongeldig.r0602", JSON.stringify({ peildatum: "2026-03-01", grens }), ""));
  return { antwoord, ms: performance.now() - begin };
}

function isGestopt({ antwoord, ms }) {
  assert.equal(antwoord.ok, false);
  assert.equal(antwoord.fout.soort, "evaluatie");
  assert.equal(antwoord.fout.code, "limit");
  assert.match(antwoord.fout.melding, GESTOPT);
  // Without the budget this takes minutes; with it well under a second.
  assert.ok(ms < 20_000, `${ms} ms`);
}

test("een regel die eindeloos zou rekenen stopt met zijn naam (vergelijkmodule, uit de bron)", { skip: ontbreekt }, async () => {
  const m = await pakket(DIFF_PKG);
  const tekst = readFileSync(LUS, "utf8");
  const hash = "sha256:" + createHash("sha256").update(tekst, "utf8").digest("hex");
  const rw = new m.Regelwerk(JSON.stringify({ bestanden: [{ pad: "lus/2026.regels", tekst, hash }] }));
  assert.equal(JSON.parse(rw.status()).ok, true);
  isGestopt(bereken(rw, 0));
  // A case that finds its answer at once is evaluated as usual.
  const snel = bereken(rw, 5).antwoord;
  assert.equal(snel.ok, true, JSON.stringify(snel));
  assert.equal(snel.resultaat.outputs.eerste_paar, 1);
});

const binary = nativeBinary(ROOT);
test("een regel die eindeloos zou rekenen stopt met zijn naam (hoofdmodule, uit de bundel)", { skip: ontbreekt || (!binary && "geen native regelwerk voor `regelwerk bundel`") }, async () => {
  const map = mkdtempSync(join(tmpdir(), "regelwerk-lus-"));
  mkdirSync(join(map, "lus"));
  copyFileSync(LUS, join(map, "lus/2026.regels"));
  const bundel = execFileSync(binary, ["bundel", "lus"], { cwd: map, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const m = await pakket(PKG);
  const rw = new m.Regelwerk(bundel);
  assert.equal(JSON.parse(rw.status()).ok, true);
  isGestopt(bereken(rw, 0));
  assert.equal(bereken(rw, 5).antwoord.resultaat.outputs.eerste_paar, 1);
});

test("een casus boven de grenzen wordt geweigerd met het pad", { skip: ontbreekt }, async () => {
  const m = await pakket(PKG);
  const rw = new m.Regelwerk(readFileSync(join(PKG, "regels.json"), "utf8"));
  const casus = JSON.parse(
    readFileSync(join(ROOT, "examples/heemskerk/minimaregelingen/alleenstaande-ouder-in-de-bijstand-2025.json"), "utf8"),
  ).case;
  const kind = casus.kinderen[0];
  casus.kinderen = Array.from({ length: 1000 }, () => kind);
  assert.equal(JSON.parse(rw.evaluate("heemskerk.minimaregelingen", JSON.stringify(casus), "")).ok, true);
  casus.kinderen.push(kind);
  const antwoord = JSON.parse(rw.evaluate("heemskerk.minimaregelingen", JSON.stringify(casus), ""));
  assert.equal(antwoord.ok, false);
  assert.equal(antwoord.fout.soort, "casus");
  assert.deepEqual(antwoord.fout.fouten, [
    { pad: "$.kinderen", melding: "de lijst heeft 1.001 elementen; een casus mag ten hoogste 1.000 elementen per lijst hebben" },
  ]);
});
