// "Versies vergelijken": the structural diff between two versions of the
// chosen regeling, as the engine computes it (`Regelwerk.diff`, the same
// comparison as `regelwerk vergelijk`). This module only renders the engine's
// answer: groups per kind of definition with the engine's Dutch headings,
// each change with its article, the changed aspects old → new, tests and
// layout-only changes apart. Every sentence of the report comes from the
// engine (`teksten`), in the words `regelwerk diff` prints; only the
// view's own controls ("Was", "Wordt", the toggles) are named here.

import { h } from "./form.js";

/** Below this length an old → new pair fits on one line. */
const KORT = 60;

/** The report's inline content (the JSON of the engine's report document) as nodes. */
function inhoud(delen) {
  return (delen ?? []).map((d) => {
    if (d.soort === "code") return h("code", { tekst: d.inhoud });
    if (d.soort === "styled") {
      const [stijl, binnen] = d.inhoud;
      return stijl === "strong" ? h("strong", {}, inhoud(binnen)) : h("span", {}, inhoud(binnen));
    }
    return d.inhoud;
  });
}

function actieLabel(actie) {
  return h("span", { klasse: `actie actie-${actie}`, tekst: actie });
}

/** A definition or value in the rules' own syntax; long or multi-line as a block. */
function code(tekst, soort) {
  const s = String(tekst ?? "");
  const el = s.includes("\n") || s.length > KORT ? h("pre", { klasse: "code" }, h("code", { tekst: s })) : h("code", { tekst: s });
  if (soort === "oud") return h("del", {}, el);
  if (soort === "nieuw") return h("ins", {}, el);
  return el;
}

function detailItem(d) {
  const kop = h("span", { klasse: "aspect", tekst: d.aspect });
  const li = (...inhoud) => h("li", { klasse: `detail detail-${d.actie}` }, inhoud);
  if (d.actie === "toegevoegd") return li(actieLabel(d.actie), " ", kop, ": ", code(d.nieuw, "nieuw"));
  if (d.actie === "verwijderd") return li(actieLabel(d.actie), " ", kop, ": ", code(d.oud, "oud"));
  if (d.oud === undefined || d.nieuw === undefined) return li(actieLabel(d.actie), " ", kop);
  const kort = (s) => !s.includes("\n") && s.length <= KORT;
  if (d.woorden) {
    return li(actieLabel(d.actie), " ", kop, ":", woorden(d.woorden),
      h("details", { klasse: "geheel-tekst" },
        h("summary", { tekst: "Oud en nieuw in zijn geheel" }),
        oudNieuw(d.oud, d.nieuw)));
  }
  if (kort(d.oud) && kort(d.nieuw)) {
    return li(actieLabel(d.actie), " ", kop, ": ", code(d.oud, "oud"), h("span", { klasse: "pijl", tekst: " → " }), code(d.nieuw, "nieuw"));
  }
  return li(actieLabel(d.actie), " ", kop, ":", oudNieuw(d.oud, d.nieuw));
}

/**
 * A long text of which most words stayed, as the engine's word runs
 * (`woorden`): kept words plain, removed ones struck through, added ones
 * underlined; a screen reader hears "verwijderd:" and "toegevoegd:".
 */
function woorden(runs) {
  const delen = [];
  for (const [i, r] of runs.entries()) {
    if (i > 0) delen.push(" ");
    if (r.soort === "weg") delen.push(h("del", {}, h("span", { klasse: "sr-only", tekst: "verwijderd: " }), r.tekst));
    else if (r.soort === "bij") delen.push(h("ins", {}, h("span", { klasse: "sr-only", tekst: "toegevoegd: " }), r.tekst));
    else delen.push(r.tekst);
  }
  return h("p", { klasse: "woorden" }, delen);
}

/** Old and new next to each other (one under the other on a small screen). */
function oudNieuw(oud, nieuw) {
  return h("div", { klasse: "oud-nieuw" },
    h("div", {}, h("p", { klasse: "was", tekst: "Was" }), code(oud, "oud")),
    h("div", {}, h("p", { klasse: "wordt", tekst: "Wordt" }), code(nieuw, "nieuw")));
}

/** A change with its title and article as the engine names them (`teksten.wijzigingen`). */
function wijzigingItem(c, naam) {
  const kop = h("p", { klasse: "wijziging-kop" },
    actieLabel(c.actie), " ",
    h("code", { klasse: "naam", tekst: naam.titel }),
    naam.artikel ? [" ", h("span", { klasse: "bron", tekst: naam.artikel })] : null);
  const li = h("li", { klasse: `wijziging wijziging-${c.actie}`, "data-soort": c.soort, "data-naam": c.naam }, kop);
  if (c.actie === "toegevoegd") li.append(code(c.nieuw ?? "", "nieuw"));
  else if (c.actie === "verwijderd") li.append(code(c.oud ?? "", "oud"));
  else {
    li.append(h("ul", { klasse: "details" }, (c.details ?? []).map(detailItem)));
    if (c.oud !== undefined && c.nieuw !== undefined) {
      li.append(h("details", { klasse: "geheel" },
        h("summary", { tekst: "Hele definitie, oud en nieuw" }),
        oudNieuw(c.oud, c.nieuw)));
    }
  }
  return li;
}

/** Consecutive changes of one kind, in the engine's order, each with its names. */
function groepen(wijzigingen) {
  const uit = [];
  for (const w of wijzigingen) {
    if (uit.at(-1)?.soort !== w.c.soort) uit.push({ soort: w.c.soort, wijzigingen: [] });
    uit.at(-1).wijzigingen.push(w);
  }
  return uit;
}

/** The test blocks: they change no outcome, so they are counted, names folded away. */
function testsBlok(tests, kop, telling) {
  if (!tests.length) return null;
  return h("section", { klasse: "diff-groep", "data-soort": "test" },
    h("h4", { tekst: kop }),
    h("p", { klasse: "tests-telling", tekst: telling }),
    h("details", {},
      h("summary", { tekst: "Namen van de tests" }),
      h("ul", { klasse: "test-namen" }, tests.map(({ c }) => h("li", {}, actieLabel(c.actie), " ", c.naam)))));
}

function versiePaar(v, koppen, teksten) {
  if (!v.oud || !v.nieuw) {
    return h("p", { klasse: v.nieuw ? "wijziging-toegevoegd" : "wijziging-verwijderd", tekst: teksten.enkel });
  }
  const namen = teksten.wijzigingen ?? [];
  const alle = v.wijzigingen.map((c, i) => ({ c, naam: namen[i] ?? { titel: c.naam, artikel: null } }));
  const inhoudelijk = alle.filter(({ c }) => c.soort !== "test");
  const tests = alle.filter(({ c }) => c.soort === "test");
  return h("div", { klasse: "versie-paar" },
    h("p", { klasse: "diff-kop" }, inhoud(teksten.kop)),
    h("p", { klasse: "diff-telling", tekst: teksten.samenvatting ?? teksten.leeg }),
    groepen(inhoudelijk).map((g) => h("section", { klasse: "diff-groep", "data-soort": g.soort },
      h("h4", { tekst: koppen[g.soort] ?? g.soort }),
      h("ul", { klasse: "wijzigingen" }, g.wijzigingen.map(({ c, naam }) => wijzigingItem(c, naam))))),
    testsBlok(tests, koppen.test ?? "Tests", teksten.tests),
    teksten.opmaak ? h("p", { klasse: "opmaak", tekst: teksten.opmaak }) : null);
}

/**
 * The engine's answer of `diff` as a view: `{ diff, koppen, teksten, leeg }`.
 * @returns {HTMLElement}
 */
export function renderDiff(antwoord) {
  const versies = antwoord.diff?.versies ?? [];
  return h("div", { klasse: "diff" },
    versies.length
      ? versies.map((v, i) => versiePaar(v, antwoord.koppen ?? {}, antwoord.teksten?.[i] ?? {}))
      : h("p", { tekst: antwoord.leeg }));
}

/** "1 toegevoegd, 0 verwijderd, 8 gewijzigd" of the first version pair, as the engine counts it. */
export function tellingTekst(antwoord) {
  return antwoord.teksten?.[0]?.telling;
}
