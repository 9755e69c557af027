// Starts the engine as early as the page allows. index.html runs this module
// on its own (async), so the engine (wasm) compiles, the rules bundle is
// read and the regeling of the first screen is compiled while the rest of
// the app's scripts are still arriving; app.js imports the same module
// instance and awaits `rekenkern`.

import init, { Regelwerk } from "./pkg/regelwerk_wasm.js";
import { standaardPeildatum } from "./peildatum.js";

let meten = true;

/**
 * Timing hook for the cold start (docs/browser.md, "Time to first
 * decision"): until the first decision (`stopMeten`) every engine call is a
 * performance measure `rw:rekenkern:<methode>` from `begin` to now, so the
 * engine's share of each phase can be told from the page's own work. Later
 * calls are not recorded (nothing accumulates in a long session).
 */
export function meetRekenkern(methode, begin) {
  if (meten) performance.measure(`rw:rekenkern:${methode}`, { start: begin });
}

export function stopMeten() {
  meten = false;
}

/**
 * The engine on the rules bundle, and the bundle's text (the engine with the
 * version diff is later started on the same text). Rejects when the engine
 * or the bundle cannot be fetched; `new Regelwerk` itself never throws.
 * @type {Promise<{ rw: Regelwerk, bundelTekst: string }>}
 */
export const rekenkern = (async () => {
  // The rules bundle downloads while the engine compiles.
  const bundel = fetch(new URL("./pkg/regels.json", import.meta.url)).then((a) => {
    if (!a.ok) throw new Error(`regelbundel niet gevonden (${a.status})`);
    return a.text();
  });
  await init({ module_or_path: new URL("./pkg/regelwerk_wasm_bg.wasm", import.meta.url) });
  performance.mark("rw:wasm-geladen");
  const bundelTekst = await bundel;
  const begin = performance.now();
  const rw = new Regelwerk(bundelTekst);
  meetRekenkern("new", begin);
  performance.mark("rw:regels-geladen");
  compileerVoorkeur(rw);
  return { rw, bundelTekst };
})();

/** Today as the date input holds it (JJJJ-MM-DD, local time): the default peildatum. */
export function vandaag() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The regeling the app opens with: minimaregelingen when the bundle has it. */
export function voorkeur(regelingen) {
  return regelingen.find((r) => r.id.includes("minimaregelingen")) ?? regelingen[0];
}

/**
 * The first screen asks the questions of the preferred regeling on its
 * default peildatum (today, when it is in force today):
 * its files are parsed, checked and compiled on first use, which is done
 * here, while app.js may still be on its way, instead of after it. The
 * engine keeps the program; the app asks for the schema itself (and shows
 * any error then), so the answer is not needed here.
 */
function compileerVoorkeur(rw) {
  try {
    const lijst = JSON.parse(rw.regelingen());
    const r = lijst.ok ? voorkeur(lijst.regelingen) : undefined;
    if (!r) return;
    const begin = performance.now();
    standaardPeildatum(vandaag(), lijst.regelingen, (d) => JSON.parse(rw.schema(r.map || r.id, d)).ok);
    meetRekenkern("schema", begin);
  } catch (e) {
    // A trap: app.js meets it again on its own call and reports it.
    console.warn(e);
  }
}

// app.js reports a failure (in Dutch); until it awaits, it is not unhandled.
rekenkern.catch(() => {});
