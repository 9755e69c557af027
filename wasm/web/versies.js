// "Versies vergelijken": the structural diff between two versions of the
// chosen regeling, as the engine computes it (`Regelwerk.diff`, the same
// comparison as `regelwerk diff`). This module only renders the engine's
// answer: groups per kind of definition with the engine's Dutch headings,
// each change with its article, the changed aspects old → new, tests and
// layout-only changes apart.

import { h } from "./form.js";
import { formatDatum } from "./notation.js";

/** Below this length an old → new pair fits on one line. */
const KORT = 60;

/** "versie 2025 (geldig van 1 januari 2025 tot en met 31 december 2025)". */
export function versieTekst(v) {
  const geldig = v.tot_en_met
    ? `geldig van ${formatDatum(v.geldig_vanaf)} tot en met ${formatDatum(v.tot_en_met)}`
    : `geldig vanaf ${formatDatum(v.geldig_vanaf)}`;
  return `versie ${v.versie} (${geldig})`;
}

function aantal(n, een, meer) {
  return `${n} ${n === 1 ? een : meer}`;
}

/** "1 toegevoegd, 0 verwijderd, 8 gewijzigd". */
export function tellingTekst(t) {
  return `${t.toegevoegd} toegevoegd, ${t.verwijderd} verwijderd, ${t.gewijzigd} gewijzigd`;
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

function titel(c) {
  return c.soort === "uitvoer" ? "uitvoer" : `${c.soort} ${c.naam}`;
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

function wijzigingItem(c) {
  const kop = h("p", { klasse: "wijziging-kop" },
    actieLabel(c.actie), " ",
    h("code", { klasse: "naam", tekst: titel(c) }),
    c.artikel ? [" ", h("span", { klasse: "bron", tekst: `art. ${c.artikel}` })] : null);
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

/** Consecutive changes of one kind, in the engine's order. */
function groepen(wijzigingen) {
  const uit = [];
  for (const c of wijzigingen) {
    if (uit.at(-1)?.soort !== c.soort) uit.push({ soort: c.soort, wijzigingen: [] });
    uit.at(-1).wijzigingen.push(c);
  }
  return uit;
}

/** The test blocks: they change no outcome, so they are counted, names folded away. */
function testsBlok(tests, kop) {
  if (!tests.length) return null;
  const n = (a) => tests.filter((t) => t.actie === a).length;
  return h("section", { klasse: "diff-groep", "data-soort": "test" },
    h("h4", { tekst: kop }),
    h("p", { klasse: "tests-telling", tekst: `${aantal(n("toegevoegd"), "test", "tests")} toegevoegd, ${n("verwijderd")} verwijderd, ${n("gewijzigd")} gewijzigd (testgevallen in het regelbestand; zij veranderen geen uitkomst).` }),
    h("details", {},
      h("summary", { tekst: "Namen van de tests" }),
      h("ul", { klasse: "test-namen" }, tests.map((t) => h("li", {}, actieLabel(t.actie), " ", t.naam)))));
}

function opmaakBlok(opmaak) {
  const delen = [];
  const anders = opmaak?.anders_opgemaakt ?? [];
  if (anders.length) delen.push(`${aantal(anders.length, "definitie", "definities")} anders opgemaakt (${anders.join(", ")})`);
  if (opmaak?.commentaar_gewijzigd) delen.push("commentaar gewijzigd");
  if (!delen.length) return null;
  return h("p", { klasse: "opmaak", tekst: `Alleen opmaak (geen betekenis): ${delen.join("; ")}.` });
}

function versiePaar(v, koppen, telling) {
  if (!v.oud || !v.nieuw) {
    const info = v.nieuw ?? v.oud;
    return h("p", { klasse: v.nieuw ? "wijziging-toegevoegd" : "wijziging-verwijderd", tekst: `${v.nieuw ? "Nieuwe versie" : "Versie vervallen"}: ${info.pad} — ${versieTekst(info)}.` });
  }
  const inhoud = v.wijzigingen.filter((c) => c.soort !== "test");
  const tests = v.wijzigingen.filter((c) => c.soort === "test");
  return h("div", { klasse: "versie-paar" },
    h("p", { klasse: "diff-kop" },
      "Van ", h("strong", { tekst: versieTekst(v.oud) }), " naar ", h("strong", { tekst: versieTekst(v.nieuw) }), "."),
    v.wijzigingen.length
      ? h("p", { klasse: "diff-telling", tekst: `Samenvatting: ${tellingTekst(telling)}.` })
      : h("p", { klasse: "diff-telling", tekst: v.opmaak?.tekst_gewijzigd ? "Geen inhoudelijke wijzigingen (alleen opmaak of commentaar)." : "Geen wijzigingen: de bestanden zijn gelijk." }),
    groepen(inhoud).map((g) => h("section", { klasse: "diff-groep", "data-soort": g.soort },
      h("h4", { tekst: koppen[g.soort] ?? g.soort }),
      h("ul", { klasse: "wijzigingen" }, g.wijzigingen.map(wijzigingItem)))),
    testsBlok(tests, koppen.test ?? "Tests"),
    opmaakBlok(v.opmaak));
}

/**
 * The engine's answer of `diff` as a view: `{ diff, koppen, samenvatting }`.
 * @returns {HTMLElement}
 */
export function renderDiff(antwoord) {
  const versies = antwoord.diff?.versies ?? [];
  return h("div", { klasse: "diff" },
    versies.length
      ? versies.map((v, i) => versiePaar(v, antwoord.koppen ?? {}, antwoord.samenvatting?.[i] ?? { toegevoegd: 0, verwijderd: 0, gewijzigd: 0 }))
      : h("p", { tekst: "Geen regelbestanden gevonden om te vergelijken." }));
}
