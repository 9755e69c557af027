// The toegang app: choose a regeling and peildatum, answer only the questions
// the engine still needs, see the decision with its explanation, deviate
// (afwijken) with a reason, print or download the result; compare two
// versions of the regeling (what changed in the rules).
//
// Everything runs in this page: the rules bundle and the engine (wasm) are
// static files of this origin, and no case data is ever sent anywhere. The
// version diff is a second, larger engine module (pkg/vergelijken/), fetched
// only when "Vergelijken" is first pressed, together with its view
// (versies.js).

import { Regelwerk } from "./pkg/regelwerk_wasm.js";
import { meetRekenkern, rekenkern, stopMeten, vandaag, voorkeur as kiesVoorkeur } from "./laden.js";
import { antwoorden, bouwVragen, h, nodigeNamen, toonVragen, widget } from "./form.js";
import { formatDatum, formatWaarde, labelOf, mensNaam } from "./notation.js";
import { renderBeslissing, renderTussenstand, samenvattingTekst } from "./decision.js";
import { standaardPeildatum } from "./peildatum.js";
import { bewaarJson, toonFout, voortgangTekst } from "./weergave.js";

performance.mark("rw:start");

const $ = (id) => document.getElementById(id);

const staat = {
  /** @type {Regelwerk | null} */
  rw: null,
  /** the rules bundle as loaded, for the engine with the version diff */
  bundelTekst: "",
  /** Promise of { rw, weergave }: the engine with the version diff and its view (versies.js), once asked for */
  vergelijker: null,
  /** failed loads of that engine (a failed module import is not retried under the same URL) */
  vergelijkerPogingen: 0,
  /** counts diff requests; a new regeling makes a pending answer stale */
  diffVraag: 0,
  regelingen: [],
  regeling: "",
  peildatum: "",
  /** the consulent set the peildatum (typed it, or opened a case): no default replaces it */
  eigenPeildatum: false,
  schema: null,
  /** name → { invoer, w, li } */
  vragen: new Map(),
  /** names of the questions on screen, in the order they were first asked */
  zichtbaar: [],
  afwijkingen: [],
  /** Promise: the household mode, once chosen (huishouden.js) */
  huishouden: null,
  /** the last complete decision: { casus, uitleg, kort } */
  besluit: null,
  eersteBeslissing: false,
};

/** Calls the engine and parses its JSON answer; a trap becomes a `fout`. */
function roep(methode, ...args) {
  return roepOp(staat.rw, methode, ...args);
}

/** `roep` on a given engine instance (the main one or the one with the diff). */
function roepOp(rw, methode, ...args) {
  try {
    const begin = performance.now();
    const uit = JSON.parse(rw[methode](...args));
    meetRekenkern(methode, begin);
    return uit;
  } catch (e) {
    console.error(e);
    return { ok: false, fout: { soort: "intern", melding: `Interne fout in de rekenkern (${methode}). Laad de pagina opnieuw.` } };
  }
}

// ----- start -----

async function start() {
  try {
    // Started by laden.js, as soon as the engine's files arrived.
    ({ rw: staat.rw, bundelTekst: staat.bundelTekst } = await rekenkern);
  } catch (e) {
    console.error(e);
    $("laden").hidden = true;
    toonFout($("fatale-fout"), { melding: `De rekenkern kon niet worden geladen: ${e.message ?? e}` });
    $("fatale-fout").hidden = false;
    return;
  }
  const status = roep("status");
  if (!status.ok) {
    $("laden").hidden = true;
    toonFout($("fatale-fout"), status.fout);
    return;
  }
  $("app-versie").textContent = Regelwerk.versie();
  $("bundel-info").textContent = `${status.bestanden} bestanden, ${status.regelingen} regelingen${status.fouten ? `, ${status.fouten} fouten` : ""}`;
  const lijst = roep("regelingen");
  staat.regelingen = lijst.ok ? lijst.regelingen : [];
  const select = $("regeling");
  select.replaceChildren(
    ...staat.regelingen.map((r) => h("option", { value: r.map || r.id, tekst: `${r.naam} (${r.id})` })),
  );
  const voorkeur = kiesVoorkeur(staat.regelingen);
  if (voorkeur) select.value = voorkeur.map || voorkeur.id;
  zetStandaardPeildatum();
  select.addEventListener("change", () => {
    if (!staat.eigenPeildatum) zetStandaardPeildatum();
    laadSchema();
  });
  select.addEventListener("change", bouwVersieKeuze);
  $("versies-form").addEventListener("submit", vergelijkVersies);
  $("peildatum").addEventListener("change", () => {
    zetEigenPeildatum();
    laadSchema();
  });
  $("opnieuw").addEventListener("click", nieuweCasus);
  // Enter in a text field commits the answer; it must never submit the page.
  $("vragen").addEventListener("submit", (e) => e.preventDefault());
  $("casus-openen").addEventListener("change", openCasus);
  $("afwijk-form").addEventListener("submit", legAfwijkingVast);
  $("afwijk-regel").addEventListener("change", toonAfwijkWaarde);
  $("afdrukken").addEventListener("click", () => {
    openAlles();
    window.print();
  });
  $("downloaden").addEventListener("click", download);
  window.addEventListener("beforeprint", openAlles);
  $("laden").hidden = true;
  $("modus").hidden = false;
  // The form of the preferred regeling (compiled by laden.js already).
  performance.mark("rw:formulier");
  laadSchema();
  bouwVersieKeuze();
  window.addEventListener("hashchange", kiesModus);
  kiesModus();
  performance.mark("rw:klaar");
}

/**
 * One regeling (the default) or the household (`#huishouden`); other
 * anchors (the skip link) leave the mode as it is. The household mode
 * (huishouden.js) is fetched when first chosen.
 */
function kiesModus() {
  const hash = location.hash || "#regeling";
  if (hash !== "#regeling" && hash !== "#huishouden") return;
  const huishouden = hash === "#huishouden";
  $("app").hidden = huishouden;
  $("versies").hidden = huishouden;
  $("huishouden").hidden = !huishouden;
  document.body.classList.toggle("modus-huishouden", huishouden);
  for (const [id, aan] of [["modus-regeling", !huishouden], ["modus-huishouden", huishouden]]) {
    if (aan) $(id).setAttribute("aria-current", "page");
    else $(id).removeAttribute("aria-current");
  }
  document.querySelector(".skip").setAttribute("href", huishouden ? "#hh-vragen-kop" : "#vragen-kop");
  if (huishouden && !staat.huishouden) {
    // The cold-start timing is the single mode's; the household's engine calls are not recorded.
    stopMeten();
    staat.huishouden = import("./huishouden.js")
      .then((m) => m.startHuishouden($("huishouden"), {
        roep, regelingen: staat.regelingen, peildatum: $("peildatum").value || vandaag(), versie: Regelwerk.versie(),
      }))
      .catch((e) => {
        console.error(e);
        staat.huishouden = null;
        toonFout($("fatale-fout"), { melding: "De huishoudmodus kon niet worden geladen. Controleer de verbinding en kies opnieuw Huishouden." });
      });
  }
}

/**
 * The peildatum field's default for the chosen regeling: today, or, when no
 * version is in force today, the nearest date on which one is, with a note
 * saying so (peildatum.js).
 */
function zetStandaardPeildatum() {
  const regeling = $("regeling").value;
  const dag = vandaag();
  const keuze = standaardPeildatum(dag, staat.regelingen, (d) => roep("schema", regeling, d).ok);
  $("peildatum").value = keuze?.datum ?? dag;
  const noot = $("peildatum-keuze");
  noot.hidden = !keuze || keuze.vandaag;
  noot.textContent = noot.hidden
    ? ""
    : `Peildatum ${formatDatum(keuze.datum)} gekozen: op vandaag (${formatDatum(dag)}) geldt geen versie van deze regeling of van een regeling die zij gebruikt. U kunt een andere datum kiezen.`;
}

/** The consulent chose the peildatum: it stays, and the default's note goes. */
function zetEigenPeildatum() {
  staat.eigenPeildatum = true;
  $("peildatum-keuze").hidden = true;
}

/** Before printing: every part of the derivation expanded. */
function openAlles() {
  for (const d of document.querySelectorAll("#samenvatting details")) d.open = true;
}

// ----- regeling, peildatum and the questions -----

function huidigeAntwoorden() {
  return antwoorden(staat.vragen);
}

/**
 * The questions of the chosen regeling and peildatum, filled with `vorige`
 * (case JSON; by default the answers given so far, so a new peildatum keeps
 * them), then asks the engine which are needed.
 */
function laadSchema(vorige = huidigeAntwoorden()) {
  staat.regeling = $("regeling").value;
  staat.peildatum = $("peildatum").value;
  staat.vragen.clear();
  staat.zichtbaar = [];
  $("vragenlijst").replaceChildren();
  staat.besluit = null;
  if (!staat.peildatum) {
    staat.schema = null;
    toonFout($("schema-fout"), { melding: "Vul een peildatum in." });
    werkBeslissingBij(null, null);
    return;
  }
  const s = roep("schema", staat.regeling, staat.peildatum);
  if (!s.ok) {
    staat.schema = null;
    $("versie-info").textContent = "";
    toonFout($("schema-fout"), s.fout);
    $("afwijken").hidden = true;
    $("voortgang").textContent = "";
    werkBeslissingBij(null, s.fout);
    return;
  }
  toonFout($("schema-fout"), null);
  staat.schema = s.schema;
  const r = staat.regelingen.find((x) => x.id === s.schema.regeling);
  const v = r?.versies.find((x) => x.versie === s.schema.versie);
  $("versie-info").textContent = `Versie ${s.schema.versie}${v ? `, geldig vanaf ${formatDatum(v.geldig_vanaf)}${v.tot_en_met ? ` tot en met ${formatDatum(v.tot_en_met)}` : ""}` : ""}.`;
  staat.vragen = bouwVragen(s.schema, vorige, vernieuw);
  // Overrides only of rules this version allows.
  const afwijkbaar = new Set(s.schema.afwijkbaar.map((a) => a.regel));
  staat.afwijkingen = staat.afwijkingen.filter((a) => afwijkbaar.has(a.regel));
  bouwAfwijkForm();
  vernieuw();
}

/** The case as the engine reads it: peildatum plus every complete answer. */
function casus() {
  return { peildatum: staat.peildatum, ...huidigeAntwoorden() };
}

/**
 * Options for the engine. `gedeeltelijk`: the interview asks only what is
 * needed, so a decided case may lack inputs that did not matter.
 */
function opties() {
  return JSON.stringify({ gedeeltelijk: true, afwijkingen: staat.afwijkingen });
}

/**
 * After every answer: ask the engine what is decided and which inputs are
 * still needed; show those questions (answered ones stay where they are,
 * new ones are added at the end, in the engine's order); when nothing is
 * needed any more, explain the decision.
 */
function vernieuw() {
  if (!staat.schema) return;
  const c = casus();
  const m = roep("missing", staat.regeling, JSON.stringify(c), opties());
  if (!m.ok) {
    $("voortgang").textContent = "";
    werkBeslissingBij(null, m.fout);
    return;
  }
  const nodig = nodigeNamen(m.nodig, staat.vragen);
  staat.zichtbaar = toonVragen($("vragenlijst"), staat.vragen, staat.zichtbaar, nodig);
  const fout = [...staat.vragen.values()].filter((v) => v.li.isConnected && v.w.lees().status === "fout").length;
  $("voortgang").textContent = voortgangTekst(m.compleet ? 0 : nodig.length, fout);
  if (!m.compleet) {
    staat.besluit = null;
    werkBeslissingBij(m, null);
    return;
  }
  const uitleg = roep("explain", staat.regeling, JSON.stringify(c), opties());
  if (!uitleg.ok) {
    staat.besluit = null;
    werkBeslissingBij(null, uitleg.fout);
    return;
  }
  // The short motivering for the citizen beside the full one; without it
  // (an engine error) the decision still shows, with the full text only.
  const kort = roep("explainShort", staat.regeling, JSON.stringify(c), opties());
  staat.besluit = { casus: c, uitleg, kort: kort.ok ? kort.tekst : null };
  werkBeslissingBij(null, null);
}

function werkBeslissingBij(tussenstand, fout) {
  const doel = $("beslissing");
  const melding = $("beslissing-melding");
  $("export").hidden = true;
  if (fout) {
    doel.replaceChildren(h("div", { klasse: "fout-blok", role: "alert" }, h("p", { tekst: fout.melding }),
      Array.isArray(fout.fouten) ? h("ul", {}, fout.fouten.map((f) => h("li", { tekst: `${f.pad}: ${f.melding}` }))) : null));
    melding.textContent = "Er is nog geen beslissing.";
    return;
  }
  if (!staat.besluit) {
    doel.replaceChildren(tussenstand ? renderTussenstand(tussenstand, staat.schema) : h("p", { tekst: "Nog geen beslissing." }));
    melding.textContent = "";
    return;
  }
  doel.replaceChildren(renderBeslissing({
    schema: staat.schema,
    casus: staat.besluit.casus,
    uitleg: staat.besluit.uitleg,
    kort: staat.besluit.kort,
    afwijkingen: staat.afwijkingen,
  }));
  melding.textContent = `Beslissing: ${samenvattingTekst(staat.besluit.uitleg.resultaat, staat.schema)}`;
  $("export").hidden = false;
  performance.mark("rw:beslissing");
  if (!staat.eersteBeslissing) {
    staat.eersteBeslissing = true;
    performance.mark("rw:eerste-beslissing");
    stopMeten();
  }
}

function nieuweCasus() {
  for (const v of staat.vragen.values()) v.w.zet(undefined);
  staat.afwijkingen = [];
  laadSchema();
  $("vragen-kop").focus();
}

// ----- afwijken -----

let afwijkWidget = null;

function bouwAfwijkForm() {
  const lijst = staat.schema?.afwijkbaar ?? [];
  $("afwijken").hidden = lijst.length === 0;
  const select = $("afwijk-regel");
  const gekozen = select.value;
  select.replaceChildren(...lijst.map((a) => h("option", { value: a.regel, tekst: labelOf(a.regel, a.label) })));
  if (lijst.some((a) => a.regel === gekozen)) select.value = gekozen;
  toonAfwijkWaarde();
  toonAfwijkingen();
}

function toonAfwijkWaarde() {
  const a = staat.schema?.afwijkbaar.find((x) => x.regel === $("afwijk-regel").value);
  $("afwijk-bron").textContent = a?.bron ? `Bron: ${a.bron}` : "";
  afwijkWidget = a ? widget(a.type, "Nieuwe waarde", false, () => {}) : null;
  $("afwijk-waarde").replaceChildren(afwijkWidget ? afwijkWidget.el : "");
}

function veldFout(id, melding) {
  const el = $(`${id}-fout`);
  el.textContent = melding ?? "";
  el.hidden = !melding;
  const input = $(id);
  if (melding) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

function legAfwijkingVast(e) {
  e.preventDefault();
  const regel = $("afwijk-regel").value;
  const reden = $("afwijk-reden").value.trim();
  const door = $("afwijk-door").value.trim();
  const waarde = afwijkWidget?.lees();
  veldFout("afwijk-reden", reden ? null : "Geef de reden van de afwijking.");
  veldFout("afwijk-door", door ? null : "Vul uw naam in.");
  const algemeen = $("afwijk-fout");
  algemeen.hidden = true;
  if (!waarde || waarde.status !== "compleet") {
    algemeen.textContent = "Vul een geldige nieuwe waarde in.";
    algemeen.hidden = false;
  }
  if (!reden || !door || !waarde || waarde.status !== "compleet") {
    (!waarde || waarde.status !== "compleet" ? afwijkWidget : !reden ? { focus: () => $("afwijk-reden").focus() } : { focus: () => $("afwijk-door").focus() })?.focus();
    return;
  }
  const nieuw = { regel, waarde: waarde.waarde, reden, door };
  // Check with the engine before recording (the value must fit the rule).
  const proef = roep("evaluate", staat.regeling, JSON.stringify(casus()),
    JSON.stringify({ gedeeltelijk: true, afwijkingen: [...staat.afwijkingen.filter((a) => a.regel !== regel), nieuw] }));
  if (!proef.ok && proef.fout.soort === "afwijken") {
    algemeen.textContent = proef.fout.melding;
    algemeen.hidden = false;
    return;
  }
  staat.afwijkingen = [...staat.afwijkingen.filter((a) => a.regel !== regel), nieuw];
  $("afwijk-reden").value = "";
  toonAfwijkingen();
  vernieuw();
}

function toonAfwijkingen() {
  const lijst = $("afwijk-lijst");
  lijst.replaceChildren(...staat.afwijkingen.map((a) => {
    const type = staat.schema?.afwijkbaar.find((x) => x.regel === a.regel)?.type;
    const weg = h("button", { type: "button", klasse: "secundair klein", tekst: "Intrekken", "aria-label": `Afwijking op ${mensNaam(a.regel)} intrekken` });
    weg.addEventListener("click", () => {
      staat.afwijkingen = staat.afwijkingen.filter((x) => x !== a);
      toonAfwijkingen();
      vernieuw();
      $("afwijk-regel").focus();
    });
    return h("li", {}, h("span", { tekst: `${mensNaam(a.regel)} = ${formatWaarde(a.waarde, type)} — ${a.reden} (${a.door})` }), weg);
  }));
}

// ----- versies vergelijken -----

/** The chosen regeling's versions in the two selects: by default the last two. */
function bouwVersieKeuze() {
  const waarde = $("regeling").value;
  const r = staat.regelingen.find((x) => (x.map || x.id) === waarde);
  const versies = r?.versies ?? [];
  const genoeg = versies.length >= 2;
  $("versies-een").hidden = genoeg;
  $("versies-form").hidden = !genoeg;
  staat.diffVraag++;
  $("diff-resultaat").replaceChildren();
  $("diff-melding").textContent = "";
  toonFout($("diff-fout"), null);
  for (const [id, standaard] of [["diff-van", versies.at(-2)], ["diff-naar", versies.at(-1)]]) {
    $(id).replaceChildren(...versies.map((v) => h("option", { value: v.versie, tekst: `versie ${v.versie} (vanaf ${formatDatum(v.geldig_vanaf)})` })));
    if (standaard) $(id).value = standaard.versie;
  }
}

/**
 * The engine with the version diff: a second wasm module, fetched and
 * started on the same bundle text the first time it is needed, so the
 * consulent's module stays small; with it the view of a diff (versies.js),
 * which the first screen does not need either. A failed load is tried
 * again next time.
 * @returns {Promise<{ rw: object, weergave: object }>} its `Regelwerk` and versies.js
 */
function laadVergelijker() {
  staat.vergelijker ??= (async () => {
    // The browser remembers a failed import per URL; a retry asks anew (the
    // service worker ignores the query when offline).
    const n = staat.vergelijkerPogingen;
    const poging = n ? `?poging=${n}` : "";
    const [mod, weergave] = await Promise.all([
      import(`./pkg/vergelijken/regelwerk_wasm.js${poging}`),
      import(`./versies.js${poging}`),
    ]);
    await mod.default({ module_or_path: new URL("./pkg/vergelijken/regelwerk_wasm_bg.wasm", import.meta.url) });
    const rw = new mod.Regelwerk(staat.bundelTekst);
    const status = roepOp(rw, "status");
    // The engine's own (Dutch) reason, shown as is.
    if (!status.ok) throw Object.assign(new Error(status.fout.melding), { melding: status.fout.melding });
    return { rw, weergave };
  })().catch((fout) => {
    staat.vergelijker = null;
    staat.vergelijkerPogingen++;
    throw fout;
  });
  return staat.vergelijker;
}

async function vergelijkVersies(e) {
  e.preventDefault();
  const regeling = $("regeling").value;
  const van = $("diff-van").value;
  const naar = $("diff-naar").value;
  const vraag = ++staat.diffVraag;
  toonFout($("diff-fout"), null);
  $("diff-laden").hidden = false;
  let rw, weergave;
  try {
    ({ rw, weergave } = await laadVergelijker());
  } catch (fout) {
    console.error(fout);
    $("diff-resultaat").replaceChildren();
    $("diff-melding").textContent = "";
    // The browser's own message is English and technical: it goes to the console only.
    const reden = fout.melding ? `: ${fout.melding.replace(/\.$/, "")}` : ". Controleer de verbinding en druk opnieuw op Vergelijken";
    toonFout($("diff-fout"), { melding: `De vergelijkfunctie kon niet worden geladen${reden}.` });
    return;
  } finally {
    $("diff-laden").hidden = true;
  }
  // Another regeling was chosen while the module loaded: its view is empty.
  if (vraag !== staat.diffVraag) return;
  const a = roepOp(rw, "diff", regeling, van, naar);
  if (!a.ok) {
    $("diff-resultaat").replaceChildren();
    $("diff-melding").textContent = "";
    toonFout($("diff-fout"), a.fout);
    return;
  }
  toonFout($("diff-fout"), null);
  $("diff-resultaat").replaceChildren(weergave.renderDiff(a));
  const telling = weergave.tellingTekst(a);
  $("diff-melding").textContent = `Versie ${van} vergeleken met versie ${naar}${telling ? `: ${telling}` : ""}.`;
}

// ----- export -----

function download() {
  if (!staat.besluit) return;
  const res = staat.besluit.uitleg.resultaat;
  const r = staat.regelingen.find((x) => x.id === staat.schema.regeling);
  const doc = {
    formaat: "regelwerk-besluit/1",
    regeling: staat.schema.regeling,
    map: r?.map,
    naam: staat.schema.naam,
    versie: staat.schema.versie,
    // Every file that decided (the regeling, its base layers and imports).
    bronnen: Array.isArray(res.bronnen)
      ? res.bronnen
      : (r?.versies ?? []).filter((v) => v.versie === staat.schema.versie).map((v) => ({ pad: v.pad, hash: v.hash })),
    peildatum: staat.peildatum,
    casus: staat.besluit.casus,
    afwijkingen: staat.afwijkingen,
    resultaat: res,
    uitleg: staat.besluit.uitleg.tekst,
    uitleg_kort: staat.besluit.kort,
    programma: `regelwerk ${Regelwerk.versie()} (wasm)`,
  };
  bewaarJson(`besluit-${staat.schema.regeling}-${staat.peildatum}.json`, doc);
}

/** Opens a saved decision (our download) or a case file (`regeling`, `case`). */
async function openCasus(e) {
  const bestand = e.target.files?.[0];
  if (!bestand) return;
  performance.mark("rw:casus-openen");
  let doc;
  try {
    doc = JSON.parse(await bestand.text());
  } catch {
    toonFout($("schema-fout"), { melding: `${bestand.name} is geen geldig JSON-bestand.` });
    return;
  }
  const c = doc.casus ?? doc.case ?? doc;
  const regeling = doc.map ?? doc.regeling;
  if (regeling) {
    const r = staat.regelingen.find((x) => x.id === regeling || x.map === regeling || regeling.endsWith(`/${x.map}`));
    if (r) $("regeling").value = r.map || r.id;
  }
  if (typeof c.peildatum === "string") {
    $("peildatum").value = c.peildatum;
    zetEigenPeildatum();
  } else if (!staat.eigenPeildatum) {
    zetStandaardPeildatum();
  }
  staat.afwijkingen = Array.isArray(doc.afwijkingen) ? doc.afwijkingen : [];
  // The questions filled with this case's answers only (not those of the
  // case on screen), and one question to the engine.
  laadSchema(c !== null && typeof c === "object" ? c : {});
  e.target.value = "";
}

// ----- offline -----

/**
 * Registers the service worker. Only after the start: on a first visit its
 * install downloads every file again (both engines among them), which
 * must not compete with the start for the network and the processor.
 */
function registreerServiceWorker() {
  if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
  navigator.serviceWorker.register("./sw.js").catch(() => {});
  // Only once the worker is active is the app really available offline.
  navigator.serviceWorker.ready.then(() => {
    $("offline-status").textContent = "Werkt ook offline.";
  });
}

start().finally(registreerServiceWorker);
