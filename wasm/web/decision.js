// The decision panel: outputs, the route through the afwegingskader, the
// amounts, overrides, the Dutch motivation and the derivation as a
// collapsible tree (<details>) with article references. Also what is
// printed (the decision summary for the beschikking).

import { h } from "./form.js";
import { formatDatum, formatDecimaal, formatWaarde, keuzeTekst, labelOf, mensNaam } from "./notation.js";

/** The outputs object of a result, whatever the engine calls it. */
export function uitkomsten(res) {
  return res?.outputs ?? res?.uitkomsten ?? {};
}

function uitvoerType(schema, naam) {
  return schema?.uitvoer?.find((u) => u.naam === naam)?.type;
}

function uitvoerLabel(schema, naam) {
  return schema?.uitvoer?.find((u) => u.naam === naam)?.label;
}

/** An output's name as people read it (its label in the schema), as a heading. */
function uitvoerNaam(schema, naam) {
  return labelOf(naam, uitvoerLabel(schema, naam));
}

/** The same within a sentence: the label as written (it keeps "Meedoenregeling"). */
function uitvoerNaamInZin(schema, naam) {
  return uitvoerLabel(schema, naam) ?? mensNaam(naam).toLowerCase();
}

/** A value without a known type, guessed from its encoding. */
function raadWaarde(w) {
  if (typeof w === "string") {
    if (/^\d{4}-\d{2}-\d{2}$/.test(w)) return formatDatum(w);
    if (/^-?\d+(\.\d+)?$/.test(w)) return formatDecimaal(w);
    if (/^-?\d+(\.\d+)?%$/.test(w)) return `${formatDecimaal(w.slice(0, -1))}%`;
    return keuzeTekst(w);
  }
  if (Array.isArray(w)) return w.length ? w.map(raadWaarde).join("; ") : "geen";
  if (w && typeof w === "object" && !["maanden", "dagen"].some((k) => k in w)) {
    return Object.entries(w).map(([k, v]) => `${keuzeTekst(k)}: ${raadWaarde(v)}`).join(", ");
  }
  return formatWaarde(w);
}

function waardeTekst(w, type, eenheid) {
  return type ? formatWaarde(w, type, eenheid) : raadWaarde(w);
}

/** Short text of the outputs, for the aria-live announcement. */
export function samenvattingTekst(res, schema) {
  return Object.entries(uitkomsten(res))
    .map(([k, v]) => `${uitvoerNaamInZin(schema, k)}: ${waardeTekst(v, uitvoerType(schema, k), res?.eenheden?.[k])}`)
    .join("; ");
}

/** While questions remain: what is decided already, and what is not. */
export function renderTussenstand(m, schema) {
  const beslist = Object.entries(m.resultaat?.outputs ?? {});
  const open = m.resultaat?.onbeslist ?? [];
  return h(
    "div",
    { klasse: "tussenstand" },
    h("p", { tekst: "Nog niet alle vragen zijn beantwoord." }),
    beslist.length
      ? h("div", {},
        h("h3", { tekst: "Al beslist" }),
        h("dl", { klasse: "uitkomsten-lijst" }, beslist.map(([k, v]) => [
          h("dt", { tekst: uitvoerNaam(schema, k) }),
          h("dd", { tekst: waardeTekst(v, uitvoerType(schema, k), m.resultaat?.eenheden?.[k]) }),
        ])))
      : null,
    open.length ? h("p", { klasse: "hint", tekst: `Nog open: ${open.map((o) => uitvoerNaamInZin(schema, o)).join(", ")}.` }) : null,
  );
}

function bronLabel(bron) {
  return bron ? h("span", { klasse: "bron", tekst: bron }) : null;
}

/** The rule traces by id, and the deciding ladder steps. */
function traceIndex(trace) {
  const perId = new Map();
  for (const r of trace?.regels ?? []) perId.set(r.regel, r);
  return perId;
}

function afwijkingenVan(res, trace) {
  const lijst = res?.afwijkingen ?? res?.overrides;
  if (Array.isArray(lijst) && lijst.length) return lijst;
  return (trace?.regels ?? [])
    .filter((r) => r.beslist?.soort === "afwijking")
    .map((r) => ({ regel: r.naam, waarde: r.waarde, oorspronkelijk: r.beslist.oorspronkelijk, reden: r.beslist.reden, door: r.beslist.door }));
}

function routeBlok(trace) {
  const stappen = (trace?.regels ?? []).filter((r) => r.beslist?.soort === "stap" || r.beslist?.soort === "anders");
  if (!stappen.length) return null;
  return h("div", { klasse: "route" },
    h("h3", { tekst: "Route door het afwegingskader" }),
    stappen.map((r) => {
      const b = r.beslist;
      const positie = b.soort === "stap" ? `stap ${b.stap + 1}` : "laatste stap (anders)";
      return h("div", { klasse: "route-stap" },
        h("p", {},
          h("strong", { tekst: `${mensNaam(r.naam)}: ${keuzeTekst(b.naam)}` }),
          ` — ${positie}${b.soort === "stap" && b.stap > 0 ? "; de eerdere stappen waren niet van toepassing" : ""}. `,
          bronLabel(b.bron || r.bron)),
        b.motivering ? h("p", { klasse: "motivering-stap", tekst: b.motivering }) : null);
    }));
}

function bedragenBlok(res, schema) {
  const bedragen = Object.entries(uitkomsten(res)).filter(([k]) => uitvoerType(schema, k)?.soort === "bedrag");
  if (!bedragen.length) return null;
  return h("div", { klasse: "bedragen" },
    h("h3", { tekst: "Bedragen" }),
    h("dl", {}, bedragen.map(([k, v]) => h("div", { klasse: "bedrag-rij" },
      h("dt", { tekst: uitvoerNaam(schema, k) }),
      h("dd", { tekst: formatWaarde(v, uitvoerType(schema, k), res?.eenheden?.[k]) })))));
}

function afwijkingenBlok(lijst, schema) {
  if (!lijst.length) return null;
  const type = (regel) => schema?.afwijkbaar?.find((a) => a.regel === regel)?.type;
  return h("div", { klasse: "afwijkingen" },
    h("h3", { tekst: "Afwijkingen" }),
    h("table", {},
      h("thead", {}, h("tr", {}, ["Regel", "Oorspronkelijk", "Nieuw", "Reden", "Door"].map((t) => h("th", { scope: "col", tekst: t })))),
      h("tbody", {}, lijst.map((a) => {
        const naam = typeof a.regel === "string" ? a.regel : a.naam;
        return h("tr", {},
          h("th", { scope: "row", tekst: mensNaam(naam) }),
          h("td", { tekst: a.oorspronkelijk === null || a.oorspronkelijk === undefined ? "niet te berekenen" : waardeTekst(a.oorspronkelijk, type(naam)) }),
          h("td", { tekst: waardeTekst(a.waarde, type(naam)) }),
          h("td", { tekst: a.reden ?? "" }),
          h("td", { tekst: a.door ?? "" }));
      }))));
}

function beslistTekst(b) {
  switch (b?.soort) {
    case "uitzondering":
      return `Uitzondering: ${(b.keten ?? []).map((e) => `${e.label}${e.bron ? ` (${e.bron})` : ""}`).join(" → ")}`;
    case "stap":
      return `Stap ${b.stap + 1} van het afwegingskader: ${keuzeTekst(b.naam)}${b.motivering ? `. ${b.motivering}` : ""}`;
    case "anders":
      return `Laatste stap van het afwegingskader: ${keuzeTekst(b.naam)}${b.motivering ? `. ${b.motivering}` : ""}`;
    case "afwijking":
      return `Afgeweken: ${b.reden}${b.door ? ` (${b.door})` : ""}; berekend was ${raadWaarde(b.oorspronkelijk)}`;
    case "onbeslist":
      return "Nog niet beslist.";
    default:
      return null;
  }
}

/** One dependency in the tree. */
function depItem(dep, perId, pad, diepte, ctx) {
  switch (dep.soort) {
    case "invoer":
      return h("li", { klasse: "dep invoer" }, h("span", { klasse: "soort", tekst: "gegeven" }), ` ${mensNaam(dep.naam)} = ${raadWaarde(dep.waarde)}`);
    case "parameter":
      return h("li", { klasse: "dep parameter" },
        h("span", { klasse: "soort", tekst: "parameter" }),
        ` ${mensNaam(dep.naam)} = ${raadWaarde(dep.waarde)}`,
        dep.vanaf ? ` (geldig vanaf ${formatDatum(dep.vanaf)}${dep.tot_en_met ? ` tot en met ${formatDatum(dep.tot_en_met)}` : ""})` : "",
        " ", bronLabel(dep.bron));
    case "regel": {
      const r = perId.get(dep.regel);
      if (!r) return h("li", { klasse: "dep", tekst: mensNaam(dep.naam) });
      return h("li", { klasse: "dep regel" }, regelNode(r, perId, pad, diepte + 1, ctx));
    }
    case "tabel":
      return h("li", { klasse: "dep tabel" },
        h("span", { klasse: "soort", tekst: "tabel" }),
        ` ${mensNaam(dep.naam)}(${(dep.argumenten ?? []).map(raadWaarde).join("; ")}) → ${raadWaarde(dep.waarde)}`,
        dep.rijen?.length ? ` (rij ${dep.rijen.join(", ")})` : "");
    case "functie":
      return h("li", { klasse: "dep functie" },
        h("details", {},
          h("summary", {}, h("span", { klasse: "soort", tekst: "functie" }),
            ` ${dep.naam}(${(dep.argumenten ?? []).map(raadWaarde).join("; ")}) = ${raadWaarde(dep.waarde)}`),
          dep.gebruikt?.length ? h("ul", {}, dep.gebruikt.map((d) => depItem(d, perId, pad, diepte + 1, ctx))) : null));
    case "over":
      // `x over 12 maanden`: the engine writes the sentence ("€ 50,00 per maand over 12 maanden: € 600,00").
      return h("li", { klasse: "dep over" }, h("span", { klasse: "soort", tekst: "berekening" }), ` ${dep.tekst}`);
    default:
      return h("li", { tekst: JSON.stringify(dep) });
  }
}

function regelNode(r, perId, pad = new Set(), diepte = 0, ctx = {}) {
  const b = beslistTekst(r.beslist);
  const type = diepte === 0 ? ctx.typen?.get(r.naam) : undefined;
  const samenvatting = h("summary", {},
    h("span", { klasse: "regelnaam", tekst: mensNaam(r.naam) }),
    h("span", { klasse: "is", tekst: " = " }),
    h("span", { klasse: "waarde", tekst: r.beslist?.soort === "onbeslist" ? "nog niet beslist" : waardeTekst(r.waarde, type) }),
    " ", bronLabel(r.bron),
    r.laag && r.laag !== ctx.regeling ? h("span", { klasse: "laag", tekst: `(${r.laag})` }) : null);
  // A rule that uses itself cannot occur (the checker refuses cycles), but
  // the depth is capped anyway so a damaged trace cannot hang the page.
  const terug = pad.has(r.regel) || diepte > 24;
  const binnen = new Set(pad).add(r.regel);
  return h("details", { klasse: "knoop" },
    samenvatting,
    b ? h("p", { klasse: "beslist", tekst: b }) : null,
    !terug && r.gebruikt?.length ? h("ul", { klasse: "deps" }, r.gebruikt.map((d) => depItem(d, perId, binnen, diepte, ctx))) : null);
}

/** The derivation as nested <details>, one root per output. */
export function uitlegBoom(trace, schema) {
  const perId = traceIndex(trace);
  const ctx = {
    regeling: schema?.regeling,
    typen: new Map((schema?.uitvoer ?? []).map((u) => [u.naam, u.type])),
  };
  const wortels = (trace?.uitkomsten ?? []).map((id) => perId.get(id)).filter(Boolean);
  if (!wortels.length) return h("p", { klasse: "hint", tekst: "Geen afleiding beschikbaar." });
  return h("ul", { klasse: "boom" }, wortels.map((r) => h("li", {}, regelNode(r, perId, new Set(), 0, ctx))));
}

function gegevensBlok(casus, schema) {
  const type = (naam) => schema?.invoer?.find((i) => i.naam === naam)?.type;
  return h("details", { klasse: "gegevens" },
    h("summary", { tekst: "Ingevulde gegevens" }),
    h("dl", {}, Object.entries(casus).map(([k, v]) => h("div", { klasse: "gegeven-rij" },
      h("dt", { tekst: mensNaam(k) }),
      h("dd", { tekst: formatWaarde(v, k === "peildatum" ? { soort: "datum" } : type(k)) })))));
}

function ontvangstBlok(res, schema) {
  const delen = res?.ontvangstbewijs?.versies ?? res?.receipt?.versies ?? res?.versies ?? res?.bronnen;
  return h("details", { klasse: "ontvangst" },
    h("summary", { tekst: "Gebruikte regels (versies en hashes)" }),
    Array.isArray(delen) && delen.length
      ? h("ul", {}, delen.map((d) => h("li", {},
        `${d.regeling ?? schema.regeling} versie ${d.versie ?? d.version ?? ""}`,
        d.pad || d.path ? ` — ${d.pad ?? d.path}` : "",
        d.hash ? h("code", { tekst: ` ${d.hash}` }) : null)))
      : h("p", { tekst: `${schema.regeling} versie ${schema.versie}` }));
}

/** The short motivering for the citizen (`explainShort`), always open. */
export function kortBlok(kort) {
  if (!kort) return null;
  return h("div", { klasse: "motivering-kort" },
    h("h3", { tekst: "Motivering voor de inwoner (kort)" }),
    h("div", { klasse: "kort-tekst", tekst: kort }));
}

/**
 * The decision: headline, outputs, route, amounts, overrides, the short
 * motivering, the full motivation, derivation tree, case data and the
 * versions used.
 */
export function renderBeslissing({ schema, casus, uitleg, kort, afwijkingen }) {
  const res = uitleg.resultaat ?? {};
  const trace = res.trace;
  const perId = traceIndex(trace);
  const afgeweken = new Set(afwijkingenVan(res, trace).map((a) => a.regel));
  const uit = Object.entries(uitkomsten(res));
  const motiveringId = "motivering-tekst";
  const kopieer = h("button", { type: "button", klasse: "secundair klein kopieer", tekst: "Motivering kopiëren" });
  kopieer.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(uitleg.tekst ?? "");
      kopieer.textContent = "Gekopieerd";
    } catch {
      kopieer.textContent = "Kopiëren niet toegestaan; selecteer de tekst";
    }
  });
  return h("div", { klasse: "besluit" },
    h("p", { klasse: "besluit-kop" },
      h("strong", { tekst: schema.naam }),
      ` — versie ${schema.versie}, peildatum ${formatDatum(casus.peildatum)}`),
    h("table", { klasse: "uitkomsten" },
      h("caption", { tekst: "Uitkomsten" }),
      h("thead", {}, h("tr", {}, h("th", { scope: "col", tekst: "Uitkomst en grondslag" }), h("th", { scope: "col", tekst: "Waarde" }))),
      h("tbody", {}, uit.map(([k, v]) => {
        const u = schema.uitvoer?.find((x) => x.naam === k);
        const rt = [...perId.values()].find((r) => r.naam === k);
        const bron = rt?.bron ?? u?.bron;
        return h("tr", { klasse: afgeweken.has(k) ? "afgeweken" : null, "data-uitkomst": k },
          h("th", { scope: "row" }, h("span", { klasse: "uitkomst-naam", tekst: uitvoerNaam(schema, k) }),
            bron ? h("span", { klasse: "bron", tekst: bron }) : null),
          h("td", { klasse: u?.type?.soort === "bedrag" ? "bedrag" : null },
            waardeTekst(v, u?.type, res?.eenheden?.[k]), afgeweken.has(k) ? h("span", { klasse: "label-afwijking", tekst: " (afgeweken)" }) : null));
      }))),
    routeBlok(trace),
    bedragenBlok(res, schema),
    afwijkingenBlok(afwijkingenVan(res, trace).length ? afwijkingenVan(res, trace) : afwijkingen.map((a) => ({ ...a, oorspronkelijk: null })), schema),
    kortBlok(kort),
    h("details", { klasse: "motivering" },
      h("summary", { id: `${motiveringId}-kop` }, "Motivering voor de beschikking (tekst)"),
      h("div", { klasse: "motivering-balk" }, kopieer),
      h("div", { klasse: "motivering-tekst", id: motiveringId, tekst: uitleg.tekst || "(geen uitleg)" })),
    h("div", { klasse: "afleiding" },
      h("h3", { tekst: "Afleiding" }),
      h("p", { klasse: "hint", tekst: "Open een regel om te zien waarop de waarde berust: gegevens, parameters met hun geldigheid, tabellen en artikelen." }),
      uitlegBoom(trace, schema)),
    gegevensBlok(casus, schema),
    ontvangstBlok(res, schema));
}
