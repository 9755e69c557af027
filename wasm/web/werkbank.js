// The werkbank: a policy writer's editor for .regels files, in the browser.
// Everything is answered by the engine in the on-demand module
// (pkg/vergelijken/, the one with the checker; the consulent's page never
// loads it): diagnostics as you type, hover and completion (the language
// server's answers, engine::names), formatting, the file's own tests and
// the policy writer's case files (casusbestand.js), a
// preview that is the consulent's interview of the edited rules (form.js)
// with the decision view of the consulent's app (decision.js), and the
// diff with the file as opened. The editor is CodeMirror 6, bundled into
// pkg/editor.js by scripts/build-wasm.sh. Nothing is sent anywhere.

import init, { Werkbank, Regelwerk } from "./pkg/vergelijken/regelwerk_wasm.js";
import { maakEditor } from "./pkg/editor.js";
import { antwoorden, bouwVragen, h, nodigeNamen, toonVragen } from "./form.js";
import { renderBeslissing, renderTussenstand } from "./decision.js";
import { renderDiff } from "./versies.js";
import { controleerCasusbestand } from "./casusbestand.js";

/** Milliseconds of quiet after a keystroke before the file is checked. */
const WACHT = 50;

const $ = (id) => document.getElementById(id);

const staat = {
  wb: null,
  editor: null,
  /** The text the engine last checked (hover and completion need it current). */
  gecontroleerd: null,
  /** Pending check, and when the first unchecked keystroke happened. */
  timer: null,
  sinds: null,
  bestanden: [],
  /** The path and name of the open file (for "Opslaan"). */
  pad: null,
  /** The preview's interview: its schema, questions by name, those on screen, pending refresh. */
  voorbeeld: { schema: null, vragen: new Map(), zichtbaar: [], timer: null },
  /** The policy writer's own case files, `{ naam, tekst }`, run with the tests. */
  casusbestanden: [],
};

/** Calls the engine; a trap becomes a Dutch `fout` instead of an exception. */
function roep(methode, ...args) {
  try {
    return JSON.parse(staat.wb[methode](...args));
  } catch (e) {
    console.error(e);
    return { ok: false, fout: { soort: "intern", melding: `Interne fout in de rekenkern (${methode}). Laad de pagina opnieuw.` } };
  }
}

function toonFout(el, fout) {
  el.replaceChildren();
  el.hidden = !fout;
  if (!fout) return;
  el.append(h("p", { tekst: fout.melding }));
  if (Array.isArray(fout.fouten) && fout.fouten.length) {
    el.append(h("ul", {}, fout.fouten.map((f) => h("li", { tekst: `${f.pad}: ${f.melding}` }))));
  }
}

// ----- checking as you type -----

function gewijzigd() {
  staat.sinds ??= performance.now();
  clearTimeout(staat.timer);
  staat.timer = setTimeout(controleer, WACHT);
}

/** Checks the editor's text now (unless it was checked already). */
function controleer() {
  clearTimeout(staat.timer);
  const tekst = staat.editor.tekst();
  if (tekst === staat.gecontroleerd) return;
  const begin = performance.now();
  const a = roep("edit", tekst);
  performance.measure("wb:controle", { start: begin });
  staat.gecontroleerd = tekst;
  toonMeldingen(a);
  if (staat.sinds !== null) {
    performance.measure("wb:toets-tot-melding", { start: staat.sinds });
    staat.sinds = null;
  }
  volgBouw();
}

function plaatsTekst(d) {
  return `regel ${d.line}, kolom ${d.column}`;
}

function toonMeldingen(a) {
  const lijst = $("meldingen");
  if (!a.ok) {
    lijst.replaceChildren(h("li", { klasse: "error", tekst: a.fout.melding }));
    $("meldingen-telling").textContent = "Het bestand kon niet worden gecontroleerd.";
    return;
  }
  staat.editor.toonDiagnostieken(a.diagnostieken);
  $("meldingen-telling").textContent = a.fouten === 0 && a.waarschuwingen === 0
    ? "Geen fouten of waarschuwingen."
    : `${a.fouten} ${a.fouten === 1 ? "fout" : "fouten"}, ${a.waarschuwingen} ${a.waarschuwingen === 1 ? "waarschuwing" : "waarschuwingen"}.`;
  lijst.replaceChildren(...a.diagnostieken.map((d) => h("li", { klasse: d.severity, "data-code": d.code, "data-regel": d.line },
    h("button", { type: "button", klasse: "link", onclick: () => staat.editor.ga(d.line, d.column), tekst: plaatsTekst(d) }),
    " ",
    h("span", { klasse: "wb-melding-code", tekst: d.code }),
    ": ",
    h("span", { klasse: "wb-melding-tekst", tekst: d.message }),
    d.help ? h("p", { klasse: "hint", tekst: d.help }) : null,
    d.suggestion
      ? h("button", {
        type: "button",
        klasse: "secundair klein snelle-oplossing",
        onclick: () => {
          const s = d.suggestion;
          staat.editor.vervang(s.line, s.column, s.end_line, s.end_column, s.replacement);
        },
        tekst: `Vervang door ${d.suggestion.replacement}`,
      })
      : null)));
}

// ----- hover and completion (from the last check, made current first) -----

function uitleg(lijn, kolom) {
  controleer();
  const a = roep("hover", lijn, kolom);
  return a.ok ? a.tekst : null;
}

function aanvullen(lijn, kolom) {
  controleer();
  const a = roep("complete", lijn, kolom);
  return a.ok ? a.items : [];
}

// ----- opening and saving -----

function open(pad, tekst) {
  const a = roep("open", pad, tekst);
  if (!a.ok) {
    $("bestand-info").textContent = a.fout.melding;
    return;
  }
  staat.pad = pad;
  const inhoud = roep("text").tekst ?? "";
  // The engine has just checked this text: show its answer, no second check.
  staat.gecontroleerd = inhoud;
  staat.editor.zetTekst(inhoud);
  clearTimeout(staat.timer);
  staat.sinds = null;
  toonMeldingen(a);
  const b = staat.bestanden.find((x) => x.pad === pad);
  $("bestand-info").textContent = b ? `Geopend: ${b.naam}, versie ${b.versie} (${pad}).` : `Geopend: ${pad}.`;
  const peildatum = b?.geldig_vanaf ?? vandaag();
  $("casus").value = `${JSON.stringify({ peildatum }, null, 2)}\n`;
  $("wb-peildatum").value = peildatum;
  clearTimeout(staat.voorbeeld.timer);
  // A new file: a new interview, no answers carried over.
  laadGesprek({});
  $("verschil").replaceChildren();
  $("tests").replaceChildren();
  $("tests-telling").textContent = "";
  $("casussen").replaceChildren();
  $("casussen-telling").textContent = "";
}

function vandaag() {
  return new Date().toISOString().slice(0, 10);
}

async function openLokaal(e) {
  const bestand = e.target.files?.[0];
  if (!bestand) return;
  open(bestand.name, await bestand.text());
}

async function opslaan() {
  const tekst = staat.editor.tekst();
  const naam = (staat.pad ?? "regels.regels").split("/").pop();
  // The File System Access API where the browser has it; a download elsewhere.
  if (typeof window.showSaveFilePicker === "function") {
    try {
      const handvat = await window.showSaveFilePicker({
        suggestedName: naam,
        types: [{ description: "Regelbestand", accept: { "text/plain": [".regels"] } }],
      });
      const schrijver = await handvat.createWritable();
      await schrijver.write(tekst);
      await schrijver.close();
      $("opslaan-melding").textContent = `Opgeslagen als ${handvat.name}.`;
      return;
    } catch (fout) {
      if (fout?.name === "AbortError") return;
      // Not allowed here (a locked-down browser): fall back to a download.
    }
  }
  const url = URL.createObjectURL(new Blob([tekst], { type: "text/plain;charset=utf-8" }));
  const a = h("a", { href: url, download: naam });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  $("opslaan-melding").textContent = `${naam} is gedownload.`;
}

function opmaken() {
  controleer();
  const a = roep("format");
  if (!a.ok) {
    $("opslaan-melding").textContent = a.fout.melding;
    return;
  }
  if (a.tekst !== staat.editor.tekst()) staat.editor.zetTekst(a.tekst);
  $("opslaan-melding").textContent = "Opgemaakt.";
}

// ----- tests, preview, diff -----

/** The file's own tests and the case files chosen, against the edited build. */
function testen() {
  controleer();
  testBlokken();
  testCasusbestanden();
}

function testBlokken() {
  const a = roep("runTests");
  const lijst = $("tests");
  if (!a.ok) {
    $("tests-telling").textContent = a.fout.melding;
    lijst.replaceChildren();
    return;
  }
  const totaal = a.geslaagd + a.mislukt;
  $("tests-telling").textContent = totaal === 0
    ? "Dit bestand heeft geen tests."
    : `${a.geslaagd} van ${totaal} ${totaal === 1 ? "test" : "tests"} geslaagd.`;
  lijst.replaceChildren(...a.tests.map((t) => uitslagItem(t.naam, t.plaats, t.verschillen)));
}

/** One test's or case file's line: passed, or failed with its differences. */
function uitslagItem(naam, plaats, verschillen) {
  const geslaagd = verschillen.length === 0;
  return h("li", { klasse: geslaagd ? "geslaagd" : "mislukt" },
    h("strong", { tekst: naam }),
    ` — ${geslaagd ? "geslaagd" : "mislukt"}${plaats ? ` (${plaats})` : ""}`,
    geslaagd ? null : h("ul", { klasse: "wb-verschillen" }, verschillen.map((v) => h("li", { tekst: v }))));
}

async function kiesCasusbestanden(e) {
  staat.casusbestanden = await Promise.all([...(e.target.files ?? [])].map(async (f) => ({ naam: f.name, tekst: await f.text() })));
  controleer();
  testCasusbestanden();
}

/** The chosen case files, each judged as `regelwerk test --casussen` does, with the edited rules. */
function testCasusbestanden() {
  const uitslagen = staat.casusbestanden.map(({ naam, tekst }) => ({ naam, fouten: casusbestandFouten(tekst) }));
  const geslaagd = uitslagen.filter((u) => u.fouten.length === 0).length;
  $("casussen-telling").textContent = uitslagen.length === 0
    ? ""
    : `${geslaagd} van ${uitslagen.length} ${uitslagen.length === 1 ? "casusbestand" : "casusbestanden"} geslaagd.`;
  $("casussen").replaceChildren(...uitslagen.map((u) => uitslagItem(u.naam, null, u.fouten)));
}

function casusbestandFouten(tekst) {
  let doc;
  try {
    doc = JSON.parse(tekst);
  } catch (e) {
    return [`geen geldig JSON: ${e.message}`];
  }
  const anders = andereRegeling(doc?.regeling);
  if (anders) return [anders];
  return controleerCasusbestand(doc, (caseJson) => roep("explain", caseJson, "")).fouten;
}

/**
 * Why a case file's `regeling` (an id, a map or the end of a map) is not
 * the open file's, or null when it is (or cannot be told): the werkbank
 * evaluates every case with the open regeling.
 */
function andereRegeling(regeling) {
  const b = staat.bestanden.find((x) => x.pad === staat.pad);
  if (typeof regeling !== "string" || !b) return null;
  const map = b.pad.slice(0, b.pad.lastIndexOf("/"));
  if (regeling === b.regeling || map === regeling || map.endsWith(`/${regeling}`)) return null;
  return `het casusbestand is voor regeling ${regeling}, maar geopend is ${b.regeling} (${map})`;
}

// The preview is the consulent's interview of the edited build: form.js's
// questions, only those the engine says are needed, re-evaluated on every
// answer, the decision shown with decision.js as in the app. The JSON
// textarea is the other way in; both go through `toonVoorbeeld`.

/** Milliseconds of quiet after an edit before the preview follows the new build. */
const WACHT_VOORBEELD = 300;

/** The answers given in the interview so far, in case-JSON encoding. */
function gesprekCasus() {
  return { peildatum: $("wb-peildatum").value, ...antwoorden(staat.voorbeeld.vragen) };
}

/**
 * The questions of the edited build on the chosen peildatum, filled with
 * `vorige` (by default the answers so far: a question whose name still
 * exists keeps its answer), then evaluated.
 */
function laadGesprek(vorige = antwoorden(staat.voorbeeld.vragen)) {
  const v = staat.voorbeeld;
  v.vragen = new Map();
  v.zichtbaar = [];
  v.schema = null;
  $("wb-vragenlijst").replaceChildren();
  $("wb-voortgang").textContent = "";
  $("voorbeeld").replaceChildren();
  const peildatum = $("wb-peildatum").value;
  if (!peildatum) return toonFout($("voorbeeld-fout"), { melding: "Vul een peildatum in." });
  const s = roep("schema", peildatum);
  if (!s.ok) return toonFout($("voorbeeld-fout"), s.fout);
  v.schema = s.schema;
  v.vragen = bouwVragen(s.schema, vorige, () => toonVoorbeeld(gesprekCasus()));
  // The questions answered before the new build stay on screen.
  v.zichtbaar = [...v.vragen.keys()].filter((n) => n in vorige);
  toonVoorbeeld(gesprekCasus());
}

/**
 * Evaluates `casus` with the edited build: the questions still needed in
 * the interview and the interim state, or the decision with its
 * explanation when nothing is needed any more.
 */
function toonVoorbeeld(casus) {
  const v = staat.voorbeeld;
  const doel = $("voorbeeld");
  toonFout($("voorbeeld-fout"), null);
  doel.replaceChildren();
  if (!v.schema) return;
  const tekst = JSON.stringify(casus);
  const m = roep("missing", tekst);
  if (!m.ok) return toonFout($("voorbeeld-fout"), m.fout);
  const nodig = nodigeNamen(m.nodig, v.vragen);
  v.zichtbaar = toonVragen($("wb-vragenlijst"), v.vragen, v.zichtbaar, nodig);
  $("wb-voortgang").textContent = m.compleet
    ? "Alle vragen zijn beantwoord."
    : `Nog ${nodig.length} ${nodig.length === 1 ? "vraag" : "vragen"} te beantwoorden.`;
  if (!m.compleet) {
    const namen = m.nodig.map((n) => n.naam);
    doel.append(renderTussenstand(m, v.schema),
      namen.length ? h("p", { klasse: "wb-nodig", tekst: `Nog in te vullen: ${namen.join(", ")}.` }) : null);
    return;
  }
  // Only what is needed is asked, so a decided case may lack the rest.
  const u = roep("explain", tekst, JSON.stringify({ gedeeltelijk: true }));
  if (!u.ok) return toonFout($("voorbeeld-fout"), u.fout);
  doel.append(renderBeslissing({ schema: v.schema, casus, uitleg: u, afwijkingen: [] }));
}

/** The case from the JSON textarea: fills the interview with it and evaluates it. */
function berekenen() {
  controleer();
  let casus;
  try {
    casus = JSON.parse($("casus").value);
  } catch (e) {
    toonFout($("voorbeeld-fout"), { melding: `De casus is geen geldige JSON: ${e.message}` });
    return;
  }
  // This case, not a refresh after the edit just checked, is what shows.
  clearTimeout(staat.voorbeeld.timer);
  if (typeof casus?.peildatum === "string") $("wb-peildatum").value = casus.peildatum;
  laadGesprek(typeof casus === "object" && casus !== null ? casus : {});
  toonVoorbeeld(casus);
}

/** After an edit: the preview follows the new build, soon (not per keystroke). */
function volgBouw() {
  clearTimeout(staat.voorbeeld.timer);
  staat.voorbeeld.timer = setTimeout(() => laadGesprek(), WACHT_VOORBEELD);
}

function vergelijken() {
  controleer();
  const a = roep("wijzigingen");
  toonFout($("verschil-fout"), a.ok ? null : a.fout);
  $("verschil").replaceChildren(a.ok ? renderDiff(a) : "");
}

// ----- start -----

async function start() {
  const bundel = fetch(new URL("./pkg/regels.json", import.meta.url)).then((a) => {
    if (!a.ok) throw new Error(`regelbundel niet gevonden (${a.status})`);
    return a.text();
  });
  await init({ module_or_path: new URL("./pkg/vergelijken/regelwerk_wasm_bg.wasm", import.meta.url) });
  staat.wb = new Werkbank(await bundel);
  $("app-versie").textContent = Regelwerk.versie();
  const lijst = roep("files");
  if (!lijst.ok) throw Object.assign(new Error(lijst.fout.melding), { melding: lijst.fout.melding });
  staat.bestanden = lijst.bestanden;
  const keuze = $("bestand-keuze");
  const perRegeling = Map.groupBy(lijst.bestanden, (b) => b.naam);
  keuze.replaceChildren(...[...perRegeling].map(([naam, versies]) => h("optgroup", { label: naam },
    versies.map((b) => h("option", { value: b.pad, tekst: `${b.naam} — versie ${b.versie}` })))));
  staat.editor = maakEditor($("editor"), "", { bijWijziging: gewijzigd, uitleg, aanvullen, label: "Regelbestand" });
  $("openen").addEventListener("click", () => open(keuze.value));
  $("lokaal-openen").addEventListener("change", openLokaal);
  $("opslaan").addEventListener("click", opslaan);
  $("opmaken").addEventListener("click", opmaken);
  $("testen").addEventListener("click", testen);
  $("casusbestanden").addEventListener("change", kiesCasusbestanden);
  $("berekenen").addEventListener("click", berekenen);
  $("wb-peildatum").addEventListener("change", () => laadGesprek());
  $("vergelijken").addEventListener("click", vergelijken);
  $("laden").hidden = true;
  $("wb").hidden = false;
  if (keuze.value) open(keuze.value);
}

// Offline: the app's service worker keeps the werkbank's files too.
if ("serviceWorker" in navigator && location.protocol !== "file:") {
  navigator.serviceWorker.register("./sw.js").catch(() => {});
}

start().catch((fout) => {
  console.error(fout);
  $("laden").hidden = true;
  toonFout($("fatale-fout"), { melding: fout.melding ?? `De werkbank kon niet worden geladen: ${fout.message}` });
});
