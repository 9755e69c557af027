// The household mode of the toegang app: one household, several
// regelingen at once. Choose the regelingen (or every regeling of a
// gemeente) and the peildatum; one interview asks each household fact once,
// in the order the regelingen ask them, with their own question texts
// (`vraag`, `hulp`); the decisions show side by side as they become known,
// and one overview for the household — what it receives, what it pays, what
// it must still do — can be printed or downloaded as JSON with every
// regeling's receipt.
//
// The engine decides (`householdQuestions`, `decideHousehold`); this module
// only asks and shows. Loaded by app.js when the mode is first chosen.
// Nothing leaves the browser.

import { antwoorden, h, toonVragen, vraagItem } from "./form.js";
import { formatBedrag, formatDatum } from "./notation.js";
import { bewaarJson, toonFout, voortgangTekst } from "./weergave.js";

/**
 * Builds the household mode in `doel` on a running engine.
 * @param {HTMLElement} doel the (empty) container
 * @param {object} opties
 * @param {(methode: string, ...args: string[]) => object} opties.roep calls
 *   the engine and parses its answer (a trap becomes a `fout`)
 * @param {object[]} opties.regelingen the bundle's regelingen (`regelingen()`)
 * @param {string} opties.peildatum the peildatum to start with
 * @param {string} opties.versie the program's version, for the download
 */
export function startHuishouden(doel, { roep, regelingen, peildatum, versie }) {
  const staat = {
    /** fact name → { invoer, w, li }: every question asked so far */
    vragen: new Map(),
    zichtbaar: [],
    /** the facts the selected regelingen take (householdQuestions) */
    feiten: new Set(),
    /** the last answer of decideHousehold, and the household case it was for */
    besluit: null,
    casus: null,
    /** regeling id → { json, el }: a card is built anew only when its decision changed */
    kaarten: new Map(),
    /** what the overview on screen shows (JSON), to leave it alone when nothing changed */
    overzicht: null,
  };
  const gemeenten = [...new Set(regelingen.map((r) => r.id.split(".")[0]))].sort();
  const voorkeur = gemeenten.includes("heemskerk") ? "heemskerk" : gemeenten[0];

  // ----- the screen -----
  const peil = h("input", { id: "hh-peildatum", type: "date", required: true, value: peildatum });
  const gemeente = h("select", { id: "hh-gemeente" }, gemeenten.map((g) => h("option", { value: g, tekst: g })));
  gemeente.value = voorkeur;
  const keuzeAlles = h("input", { type: "radio", id: "hh-alles", name: "hh-keuze", value: "gemeente", checked: true });
  const keuzeZelf = h("input", { type: "radio", id: "hh-zelf", name: "hh-keuze", value: "regelingen" });
  const vinkjes = regelingen.map((r) => {
    const id = `hh-r-${r.id.replace(/[^a-z0-9]/gi, "-")}`;
    const input = h("input", { type: "checkbox", id, value: r.id, checked: r.id.startsWith(`${voorkeur}.`) });
    return { r, input, el: h("div", { klasse: "vinkje" }, input, h("label", { for: id, tekst: `${r.naam} (${r.id})` })) };
  });
  const zelfLijst = h("fieldset", { klasse: "hh-regelingen", id: "hh-regelingen", disabled: true },
    h("legend", { tekst: "Regelingen" }), vinkjes.map((v) => v.el));
  const keuzeFout = h("div", { klasse: "fout-blok", role: "alert", id: "hh-keuze-fout", hidden: true });
  const openen = h("input", { id: "hh-openen", type: "file", accept: "application/json,.json" });
  const ongebruikt = h("p", { klasse: "hint", id: "hh-ongebruikt", role: "status", hidden: true });
  const vragenlijst = h("ol", { klasse: "vragenlijst", id: "hh-vragenlijst" });
  const voortgang = h("p", { klasse: "voortgang", id: "hh-voortgang", role: "status" });
  const besluiten = h("div", { klasse: "hh-besluiten", id: "hh-besluiten" });
  const overzicht = h("div", { id: "hh-overzicht-inhoud" });
  const melding = h("p", { klasse: "sr-only", role: "status", "aria-live": "polite", id: "hh-melding" });
  const afdrukken = h("button", { type: "button", id: "hh-afdrukken", tekst: "Overzicht afdrukken" });
  const downloaden = h("button", { type: "button", klasse: "secundair", id: "hh-downloaden", tekst: "Huishouden en besluiten downloaden (JSON)" });
  const acties = h("div", { klasse: "export", hidden: true }, afdrukken, downloaden);

  doel.replaceChildren(
    h("div", { klasse: "indeling" },
      h("div", { klasse: "links" },
        h("section", { klasse: "kaart", "aria-labelledby": "hh-keuze-kop" },
          h("h2", { id: "hh-keuze-kop" }, h("span", { klasse: "stap", tekst: "1" }), " Huishouden: regelingen en peildatum"),
          h("div", { klasse: "veld" }, h("label", { for: "hh-peildatum", tekst: "Peildatum" }), peil),
          h("fieldset", { klasse: "keuzes" },
            h("legend", { tekst: "Welke regelingen?" }),
            h("div", { klasse: "radio" }, keuzeAlles, h("label", { for: "hh-alles", tekst: "Alles van deze gemeente" })),
            h("div", { klasse: "veld hh-gemeente" }, h("label", { for: "hh-gemeente", tekst: "Gemeente" }), gemeente),
            h("div", { klasse: "radio" }, keuzeZelf, h("label", { for: "hh-zelf", tekst: "Zelf kiezen" })),
            zelfLijst),
          h("div", { klasse: "veld bestand" }, h("label", { for: "hh-openen", tekst: "Huishouden openen (JSON)" }), openen),
          ongebruikt,
          keuzeFout),
        h("section", { klasse: "kaart", "aria-labelledby": "hh-vragen-kop" },
          h("h2", { id: "hh-vragen-kop", tabindex: "-1" }, h("span", { klasse: "stap", tekst: "2" }), " Vragen over het huishouden"),
          h("p", { klasse: "hint", tekst: "Elke vraag wordt één keer gesteld, ook als meer regelingen het antwoord gebruiken." }),
          voortgang,
          h("form", { novalidate: true, onsubmit: (e) => e.preventDefault() }, vragenlijst))),
      h("div", { klasse: "rechts" },
        h("section", { klasse: "kaart hh-overzicht", id: "hh-overzicht", "aria-labelledby": "hh-overzicht-kop" },
          h("h2", { id: "hh-overzicht-kop" }, h("span", { klasse: "stap", tekst: "3" }), " Overzicht voor het huishouden"),
          melding,
          overzicht,
          acties))),
    h("section", { klasse: "kaart", "aria-labelledby": "hh-besluiten-kop" },
      h("h2", { id: "hh-besluiten-kop" }, h("span", { klasse: "stap", tekst: "4" }), " Besluiten per regeling"),
      besluiten),
  );

  // ----- what is chosen -----

  function selectie() {
    if (keuzeAlles.checked) return { gemeente: gemeente.value };
    return { regelingen: vinkjes.filter((v) => v.input.checked).map((v) => v.r.id) };
  }

  /** The facts of the chosen regelingen on the peildatum, as questions (not yet shown). */
  function laadFeiten() {
    ongebruikt.hidden = true;
    zelfLijst.disabled = keuzeAlles.checked;
    gemeente.disabled = !keuzeAlles.checked;
    const keuze = selectie();
    const a = roep("householdQuestions", JSON.stringify(keuze.gemeente ?? keuze.regelingen), peil.value);
    toonFout(keuzeFout, a.ok ? null : a.fout);
    staat.feiten = new Set(a.ok ? a.vragen.map((v) => v.feit) : []);
    for (const v of a.ok ? a.vragen : []) {
      if (staat.vragen.has(v.feit)) continue;
      staat.vragen.set(v.feit, vraagItem({ naam: v.feit, type: v.type, optioneel: v.optioneel, vraag: v.vraag, hulp: v.hulp }, vernieuw));
    }
    vernieuw();
  }

  /** The household case: the peildatum, the selection and every answer the chosen regelingen take. */
  function huishoudCasus() {
    const gegeven = antwoorden(staat.vragen);
    const huishouden = Object.fromEntries(Object.entries(gegeven).filter(([feit]) => staat.feiten.has(feit)));
    return { peildatum: peil.value, ...selectie(), huishouden };
  }

  /**
   * After every answer: decide for the household (partially), show the
   * questions still needed, each regeling's decision and the overview.
   */
  function vernieuw() {
    const begin = performance.now();
    const casus = huishoudCasus();
    const a = roep("decideHousehold", JSON.stringify(casus), JSON.stringify({ gedeeltelijk: true }));
    performance.clearMeasures("rw:huishouden:rekenkern");
    performance.measure("rw:huishouden:rekenkern", { start: begin });
    if (!a.ok) {
      staat.besluit = null;
      doel.querySelector("#hh-overzicht").removeAttribute("data-compleet");
      toonFout(keuzeFout, a.fout);
      staat.zichtbaar = toonVragen(vragenlijst, staat.vragen, staat.zichtbaar, []);
      voortgang.textContent = "";
      besluiten.replaceChildren();
      staat.overzicht = null;
      overzicht.replaceChildren(h("p", { tekst: "Nog geen overzicht." }));
      acties.hidden = true;
      melding.textContent = "Er is nog geen overzicht.";
      return;
    }
    toonFout(keuzeFout, null);
    staat.besluit = a;
    staat.casus = casus;
    const nodig = a.vragen.map((v) => v.feit).filter((f) => staat.vragen.has(f));
    staat.zichtbaar = toonVragen(vragenlijst, staat.vragen, staat.zichtbaar, nodig);
    const fout = staat.zichtbaar.filter((f) => staat.vragen.get(f).w.lees().status === "fout").length;
    voortgang.textContent = voortgangTekst(nodig.length, fout);
    toonKaarten(besluiten, a.regelingen.map((r) => kaart(staat.kaarten, r)));
    // The overview anew only when what it shows changed.
    const inhoud = JSON.stringify([a.peildatum, a.totalen, a.vervolgstappen, nodig.length,
      a.regelingen.map((r) => [r.naam, r.ontvangt, r.betaalt])]);
    if (inhoud !== staat.overzicht) {
      staat.overzicht = inhoud;
      overzicht.replaceChildren(...overzichtBlokken(a, nodig.length));
    }
    acties.hidden = false;
    doel.querySelector("#hh-overzicht").toggleAttribute("data-compleet", nodig.length === 0);
    melding.textContent = nodig.length === 0 ? `Overzicht bijgewerkt: ${a.regelingen.length} regelingen beslist.` : "";
    // The last update's time only (nothing accumulates in a long session):
    // read by the e2e test, docs/prestaties.md.
    performance.clearMeasures("rw:huishouden:vernieuw");
    performance.measure("rw:huishouden:vernieuw", { start: begin });
  }

  /**
   * Opens a household file (`peildatum`, `gemeente` or `regelingen`,
   * `huishouden`) or a download of this mode (its `huishouden`): the
   * choice, the peildatum and every answer from it; facts none of the
   * chosen regelingen take are named, not dropped silently.
   */
  async function openHuishouden() {
    const bestand = openen.files?.[0];
    if (!bestand) return;
    let doc;
    try {
      doc = JSON.parse(await bestand.text());
    } catch {
      toonFout(keuzeFout, { melding: `${bestand.name} is geen geldig JSON-bestand.` });
      return;
    } finally {
      openen.value = "";
    }
    const casus = doc?.formaat === "regelwerk-huishouden/1" ? doc.huishouden : doc;
    if (!casus || typeof casus !== "object" || typeof casus.huishouden !== "object" || casus.huishouden === null) {
      toonFout(keuzeFout, { melding: `${bestand.name} is geen huishouden: het onderdeel \`huishouden\` met de feiten ontbreekt.` });
      return;
    }
    if (typeof casus.peildatum === "string") peil.value = casus.peildatum;
    const gekozen = Array.isArray(casus.regelingen) ? casus.regelingen : null;
    keuzeAlles.checked = !gekozen;
    keuzeZelf.checked = !!gekozen;
    if (!gekozen && gemeenten.includes(casus.gemeente)) gemeente.value = casus.gemeente;
    for (const v of vinkjes) v.input.checked = !!gekozen?.some((g) => g === v.r.id || g === v.r.map || String(g).endsWith(`/${v.r.map}`));
    laadFeiten();
    for (const [feit, waarde] of Object.entries(casus.huishouden)) staat.vragen.get(feit)?.w.zet(waarde);
    const niet = Object.keys(casus.huishouden).filter((f) => !staat.feiten.has(f));
    ongebruikt.hidden = niet.length === 0;
    ongebruikt.textContent = niet.length ? `Niet gebruikt door de gekozen regelingen: ${niet.join(", ")}.` : "";
    vernieuw();
  }

  openen.addEventListener("change", openHuishouden);
  peil.addEventListener("change", laadFeiten);
  gemeente.addEventListener("change", laadFeiten);
  keuzeAlles.addEventListener("change", laadFeiten);
  keuzeZelf.addEventListener("change", laadFeiten);
  for (const v of vinkjes) v.input.addEventListener("change", laadFeiten);
  afdrukken.addEventListener("click", () => window.print());
  downloaden.addEventListener("click", () => download(staat, versie));
  laadFeiten();
}

const STATUS = {
  besloten: "Beslist",
  gedeeltelijk: "Nog niet alle vragen beantwoord",
  niet_van_kracht: "Geldt niet op de peildatum",
  fout: "Kon niet worden beslist",
};

/**
 * The card of regeling decision `r`: the one on screen when the decision is
 * the same (so an opened motivering stays open and nothing is laid out
 * again), else a new one.
 */
function kaart(kaarten, r) {
  const json = JSON.stringify(r);
  const oud = kaarten.get(r.regeling);
  if (oud?.json === json) return oud.el;
  const el = regelingKaart(r);
  kaarten.set(r.regeling, { json, el });
  return el;
}

/** Puts `kaarten` in `doel` in this order, moving or replacing only what differs. */
function toonKaarten(doel, kaarten) {
  kaarten.forEach((el, i) => {
    const nu = doel.children[i];
    if (nu === el) return;
    if (nu && !kaarten.includes(nu)) nu.replaceWith(el);
    else if (nu) doel.insertBefore(el, nu);
    else doel.append(el);
  });
  while (doel.children.length > kaarten.length) doel.lastElementChild.remove();
}

/** One regeling's decision, as far as it is known. */
function regelingKaart(r) {
  const id = `hh-besluit-${r.regeling.replace(/[^a-z0-9]/gi, "-")}`;
  const bedragen = (titel, lijst) => (lijst.length
    ? h("div", {}, h("h4", { tekst: titel }), h("ul", { klasse: "hh-bedragen" }, lijst.map((b) => h("li", { tekst: `${b.label}: ${b.tekst}` }))))
    : null);
  return h("article", { klasse: `hh-regeling status-${r.status}`, "data-regeling": r.regeling, "data-status": r.status, "aria-labelledby": id },
    h("h3", { id, tekst: r.naam }),
    h("p", { klasse: "hh-status" }, h("strong", { tekst: STATUS[r.status] ?? r.status }), r.melding ? `: ${r.melding}` : ""),
    r.uitkomsten.length
      ? h("dl", { klasse: "uitkomsten-lijst" }, r.uitkomsten.map((u) => [
        h("dt", { tekst: u.label }),
        h("dd", { "data-uitkomst": u.uitvoer, tekst: u.route ?? "nog niet beslist" }),
      ]))
      : null,
    bedragen("Ontvangt", r.ontvangt),
    bedragen("Betaalt", r.betaalt),
    r.motivering_kort
      ? h("details", { klasse: "hh-motivering" }, h("summary", { tekst: "Motivering (kort)" }), h("div", { klasse: "kort-tekst", tekst: r.motivering_kort }))
      : null);
}

/** A total with what is listed beside it (amounts not added, and why). */
function totaalBlok(titel, regelingen, soort, totaal) {
  const rijen = regelingen.flatMap((r) => r[soort].map((b) => h("tr", { "data-regeling": r.regeling, "data-uitvoer": b.uitvoer },
    h("th", { scope: "row", tekst: `${b.label} (${r.naam})` }),
    h("td", { klasse: "bedrag", tekst: b.tekst }))));
  const apart = [...(totaal.alleen_in_jaartotaal ?? []), ...(totaal.niet_opgeteld ?? [])];
  return h("div", { klasse: `hh-${soort}` },
    h("h3", { tekst: titel }),
    rijen.length
      ? h("table", {},
        h("caption", { klasse: "sr-only", tekst: titel }),
        h("thead", {}, h("tr", {}, h("th", { scope: "col", tekst: "Wat" }), h("th", { scope: "col", tekst: "Bedrag" }))),
        h("tbody", {}, rijen),
        h("tfoot", {},
          h("tr", { klasse: "totaal" }, h("th", { scope: "row", tekst: "Totaal per maand" }), h("td", { klasse: "bedrag", "data-totaal": `${soort}-maand`, tekst: formatBedrag(totaal.per_maand, "maand") })),
          h("tr", { klasse: "totaal" }, h("th", { scope: "row", tekst: "Totaal per jaar" }), h("td", { klasse: "bedrag", "data-totaal": `${soort}-jaar`, tekst: formatBedrag(totaal.per_jaar, "jaar") }))))
      : h("p", { tekst: "Niets." }),
    apart.length ? h("ul", { klasse: "hint" }, apart.map((l) => h("li", { tekst: `${l.label}, ${l.tekst}: ${l.reden}` }))) : null);
}

/** The overview for the household: what it receives, pays and must still do. */
function overzichtBlokken(a, open) {
  const naam = new Map(a.regelingen.map((r) => [r.regeling, r.naam]));
  const stappen = a.vervolgstappen.map((s) => h("li", { tekst: `${naam.get(s.regeling) ?? s.regeling}: ${s.tekst}` }));
  if (open) stappen.push(h("li", { tekst: `Nog ${open} ${open === 1 ? "vraag" : "vragen"} beantwoorden; dan is het overzicht volledig.` }));
  return [
    h("p", { klasse: "besluit-kop", tekst: `Peildatum ${formatDatum(a.peildatum)}${open ? " — nog niet volledig" : ""}` }),
    totaalBlok("Wat krijgt u", a.regelingen, "ontvangt", a.totalen.ontvangt),
    totaalBlok("Wat betaalt u", a.regelingen, "betaalt", a.totalen.betaalt),
    h("div", { klasse: "hh-stappen" },
      h("h3", { tekst: "Wat moet u nog doen" }),
      stappen.length ? h("ul", {}, stappen) : h("p", { tekst: "Geen vervolgstappen." })),
  ];
}

/** The household case and the engine's whole answer (each regeling's result with its receipt), as JSON. */
function download(staat, versie) {
  if (!staat.besluit) return;
  const { ok: _, ...besluit } = staat.besluit;
  const doc = {
    formaat: "regelwerk-huishouden/1",
    huishouden: staat.casus,
    besluit,
    programma: `regelwerk ${versie} (wasm)`,
  };
  bewaarJson(`huishouden-${staat.casus.peildatum}.json`, doc);
}
