// The consulent's module (wasm/web/pkg, the bytes the browser gets) on the
// shipped rules bundle (wasm/web/pkg/regels.json): a bundle changed by hand
// is refused, never evaluated.
//
//   node --test wasm/test/bundle.test.mjs   (after scripts/build-wasm.sh)

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const hier = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(hier, "../..");
const PKG = join(ROOT, "wasm/web/pkg");
const ontbreekt = !existsSync(join(PKG, "regelwerk_wasm_bg.wasm")) && "wasm/web/pkg ontbreekt (scripts/build-wasm.sh)";

/** The module's JS glue, initialised from its wasm bytes. */
async function pakket() {
  const mod = await import(pathToFileURL(join(PKG, "regelwerk_wasm.js")));
  mod.initSync({ module: readFileSync(join(PKG, "regelwerk_wasm_bg.wasm")) });
  return mod;
}

const REGELING = "heemskerk.minimaregelingen";
/** Alleenstaande ouder in de bijstand, one child of 9: € 150 + € 300. */
const CASUS = JSON.parse(
  readFileSync(join(ROOT, "examples/heemskerk/minimaregelingen/alleenstaande-ouder-in-de-bijstand-2025.json"), "utf8"),
).case;

/** `meedoen_bedrag` as the module answers it, or its `fout`. */
function meedoenBedrag(rw) {
  const antwoord = JSON.parse(rw.evaluate(REGELING, JSON.stringify(CASUS), ""));
  return antwoord.ok ? antwoord.resultaat.outputs.meedoen_bedrag : antwoord.fout;
}

// The attack from issue 14: `meedoen_bedrag_aanvrager` raised from € 150 to
// € 1.500 in the program and that program's hash deleted made the module
// answer € 1.800 instead of € 450.
test("een verhoogd bedrag zonder hash wordt geweigerd", { skip: ontbreekt }, async () => {
  const m = await pakket();
  const tekst = readFileSync(join(PKG, "regels.json"), "utf8");
  assert.equal(meedoenBedrag(new m.Regelwerk(tekst)), "450.00");

  const bundel = JSON.parse(tekst);
  const programma = bundel.programmas.find((p) => p.regeling === REGELING && p.vanaf === "2025-01-01");
  const parameter = programma.programma.programma.params.find((p) => p.name === "meedoen_bedrag_aanvrager");
  assert.equal(parameter.timeline[0].value.Num, "150");
  parameter.timeline[0].value.Num = "1500";

  // With the old hash: refused when the program is read.
  const oudeHash = new m.Regelwerk(JSON.stringify(bundel));
  const fout = meedoenBedrag(oudeHash);
  assert.equal(fout.soort, "niet_geldig");
  assert.match(fout.melding, /komt niet overeen met zijn hash/);

  // Without a hash: the whole bundle is refused on load.
  delete programma.hash;
  const zonderHash = new m.Regelwerk(JSON.stringify(bundel));
  const status = JSON.parse(zonderHash.status());
  assert.equal(status.ok, false);
  assert.equal(status.fout.soort, "bundel");
  assert.match(status.fout.melding, /het programma voor `heemskerk\.minimaregelingen` vanaf 2025-01-01 in de regelbundel heeft geen hash/);
  assert.equal(meedoenBedrag(zonderHash).soort, "bundel");
});

test("een bestand zonder hash wordt geweigerd", { skip: ontbreekt }, async () => {
  const m = await pakket();
  const bundel = JSON.parse(readFileSync(join(PKG, "regels.json"), "utf8"));
  const pad = bundel.bestanden[0].pad;
  delete bundel.bestanden[0].hash;
  const status = JSON.parse(new m.Regelwerk(JSON.stringify(bundel)).status());
  assert.equal(status.ok, false);
  assert.equal(status.fout.soort, "bundel");
  assert.equal(status.fout.pad, pad);
  assert.match(status.fout.melding, /heeft geen hash in de regelbundel/);
});
