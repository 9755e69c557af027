// Interview widgets, generated from the input schema of a regeling.
//
// Every widget has the same small interface:
//   el        the DOM element (a labelled input or a fieldset)
//   lees()    { status, waarde } with status "leeg" | "compleet" |
//             "onvolledig" | "fout"; waarde is in case-JSON encoding
//   zet(w)    fills the widget from a case-JSON value (for "casus openen")
// A widget calls `wijzig()` after every committed change (change events, not
// every keystroke), so the app can ask the engine which questions remain.

import {
  keuzeTekst, labelOf, mensNaam, parseBedrag, parseGeheelGetal, parseGetal, parsePercentage,
  formatDecimaal,
} from "./notation.js";

let teller = 0;
const nieuwId = (basis) => `${basis.replace(/[^a-z0-9_-]/gi, "-")}-${++teller}`;

/** document.createElement with attributes and children. */
export function h(tag, attrs = {}, ...kinderen) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "tekst") el.textContent = v;
    else if (k === "klasse") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kinderen.flat(Infinity)) if (k !== null && k !== undefined) el.append(k);
  return el;
}

const PERIODE_HINT = (p) => (p ? ` per ${p}` : "");

/**
 * The Dutch message for a value outside the type's `minimum`/`maximum` (from the
 * schema, in the form's notation: euros, percent points), or null when it is within.
 * @param {object} type schema type ({ soort, minimum?, maximum? })
 * @param {string|number} waarde the value in case-JSON encoding
 */
export function grensMelding(type, waarde) {
  const { minimum, maximum } = type;
  if (minimum === undefined && maximum === undefined) return null;
  const n = Number(String(waarde).replace(/%$/, ""));
  if (Number.isNaN(n)) return null;
  if ((minimum === undefined || n >= minimum) && (maximum === undefined || n <= maximum)) return null;
  const toon = (x) => {
    const getal = formatDecimaal(String(x), type.soort === "bedrag" ? 2 : undefined);
    if (type.soort === "bedrag") return `€ ${getal}`;
    return type.soort === "percentage" ? `${getal}%` : getal;
  };
  const bereik =
    minimum !== undefined && maximum !== undefined
      ? `van ${toon(minimum)} tot en met ${toon(maximum)}`
      : minimum !== undefined ? `ten minste ${toon(minimum)}` : `ten hoogste ${toon(maximum)}`;
  return `Deze waarde is niet toegestaan: vul een waarde in ${bereik}.`;
}

/** Text input for bedrag, getal, percentage, geheel getal and tekst. */
function tekstWidget(type, label, wijzig) {
  const id = nieuwId("v");
  const soort = type.soort;
  const hints = {
    bedrag: `Bedrag in euro${PERIODE_HINT(type.periode)}, bijvoorbeeld 1.234,56`,
    getal: "Getal, bijvoorbeeld 0,5",
    percentage: "Percentage, bijvoorbeeld 12,5",
    geheel_getal: "Geheel getal, bijvoorbeeld 36",
    tekst: "",
  };
  const parsers = {
    bedrag: parseBedrag,
    getal: parseGetal,
    percentage: parsePercentage,
    geheel_getal: parseGeheelGetal,
    tekst: (s) => ({ ok: true, waarde: s }),
  };
  const parse = parsers[soort] ?? parsers.tekst;
  const hint = hints[soort] ?? "";
  const fout = h("p", { klasse: "foutmelding", id: `${id}-fout`, hidden: true });
  const hintEl = hint ? h("p", { klasse: "hint", id: `${id}-hint`, tekst: hint }) : null;
  const input = h("input", {
    id,
    type: "text",
    inputmode: soort === "tekst" ? undefined : soort === "geheel_getal" ? "numeric" : "decimal",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": [hintEl ? `${id}-hint` : "", `${id}-fout`].join(" ").trim(),
    klasse: soort === "tekst" ? "tekst" : "getal",
    min: type.minimum,
    max: type.maximum,
  });
  const el = h("div", { klasse: "veld" }, h("label", { for: id, tekst: label }), hintEl, input, fout);
  const lees = () => {
    const s = input.value.trim();
    if (s === "") return { status: "leeg" };
    const r = parse(s);
    if (!r.ok) return { status: "fout", melding: r.melding };
    const buiten = grensMelding(type, r.waarde);
    return buiten ? { status: "fout", melding: buiten } : { status: "compleet", waarde: r.waarde };
  };
  const toon = () => {
    const r = lees();
    const melding = r.status === "fout" ? r.melding : "";
    fout.textContent = melding;
    fout.hidden = !melding;
    if (melding) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  };
  input.addEventListener("change", () => {
    toon();
    wijzig();
  });
  return {
    el,
    lees,
    zet(w) {
      if (w === null || w === undefined) input.value = "";
      else if (soort === "bedrag" || soort === "getal") input.value = formatDecimaal(w, soort === "bedrag" ? 2 : undefined);
      else if (soort === "percentage") input.value = formatDecimaal(String(w).replace(/%$/, ""));
      else input.value = String(w);
      toon();
    },
    focus: () => input.focus(),
  };
}

function datumWidget(label, wijzig) {
  const id = nieuwId("v");
  const input = h("input", { id, type: "date", onchange: wijzig });
  return {
    el: h("div", { klasse: "veld" }, h("label", { for: id, tekst: label }), input),
    lees: () => (input.value ? { status: "compleet", waarde: input.value } : { status: "leeg" }),
    zet(w) {
      input.value = w ?? "";
    },
    focus: () => input.focus(),
  };
}

/** A group of radio buttons; `opties` are [value, label] pairs. */
function radioGroep(legend, opties, wijzig, klasse = "keuzes") {
  const naam = nieuwId("r");
  const inputs = [];
  const items = opties.map(([waarde, tekst]) => {
    const id = nieuwId(naam);
    const input = h("input", { type: "radio", id, name: naam, value: waarde, onchange: wijzig });
    inputs.push(input);
    return h("div", { klasse: "radio" }, input, h("label", { for: id, tekst }));
  });
  const el = h("fieldset", { klasse }, h("legend", { tekst: legend }), h("div", { klasse: "radios" }, items));
  return {
    el,
    gekozen: () => inputs.find((i) => i.checked)?.value,
    kies(waarde) {
      for (const i of inputs) i.checked = i.value === waarde;
    },
    focus: () => (inputs.find((i) => i.checked) ?? inputs[0])?.focus(),
  };
}

function jaNeeWidget(label, wijzig) {
  const g = radioGroep(label, [["ja", "Ja"], ["nee", "Nee"]], wijzig);
  return {
    el: g.el,
    lees: () => {
      const v = g.gekozen();
      return v === undefined ? { status: "leeg" } : { status: "compleet", waarde: v === "ja" };
    },
    zet: (w) => g.kies(w === true ? "ja" : w === false ? "nee" : undefined),
    focus: g.focus,
  };
}

/** Keuze value `i` as the rules label it (the schema's `labels`), else in words. */
function waardeLabel(type, i) {
  return type.labels?.[i] ?? keuzeTekst(type.waarden[i]);
}

function keuzeWidget(type, label, wijzig) {
  const waarden = type.waarden ?? [];
  if (waarden.length <= 6) {
    const g = radioGroep(label, waarden.map((w, i) => [w, waardeLabel(type, i)]), wijzig);
    return {
      el: g.el,
      lees: () => {
        const v = g.gekozen();
        return v === undefined ? { status: "leeg" } : { status: "compleet", waarde: v };
      },
      zet: (w) => g.kies(w),
      focus: g.focus,
    };
  }
  const id = nieuwId("v");
  const select = h(
    "select",
    { id, onchange: wijzig },
    h("option", { value: "", tekst: "— kies —" }),
    waarden.map((w, i) => h("option", { value: w, tekst: waardeLabel(type, i) })),
  );
  return {
    el: h("div", { klasse: "veld" }, h("label", { for: id, tekst: label }), select),
    lees: () => (select.value ? { status: "compleet", waarde: select.value } : { status: "leeg" }),
    zet(w) {
      select.value = w ?? "";
    },
    focus: () => select.focus(),
  };
}

function duurWidget(label, wijzig) {
  const delen = ["jaren", "maanden", "weken", "dagen"].map((eenheid) => {
    const w = tekstWidget({ soort: "geheel_getal" }, mensNaam(eenheid), wijzig);
    return { eenheid, w };
  });
  const el = h("fieldset", { klasse: "groep duur" }, h("legend", { tekst: label }), delen.map((d) => d.w.el));
  return {
    el,
    lees() {
      const waarde = {};
      let fout = false;
      for (const { eenheid, w } of delen) {
        const r = w.lees();
        if (r.status === "fout") fout = true;
        if (r.status === "compleet") waarde[eenheid] = r.waarde;
      }
      if (fout) return { status: "fout" };
      return Object.keys(waarde).length ? { status: "compleet", waarde } : { status: "leeg" };
    },
    zet(w) {
      for (const d of delen) d.w.zet(w?.[d.eenheid]);
    },
    focus: () => delen[0].w.focus(),
  };
}

/** Combines the statuses of parts: all empty, all complete, or in between. */
function samen(statussen) {
  if (statussen.includes("fout")) return "fout";
  if (statussen.every((s) => s === "leeg")) return "leeg";
  if (statussen.every((s) => s === "compleet")) return "compleet";
  return "onvolledig";
}

function gegevenWidget(type, label, wijzig, bekend) {
  const binnen = new Map(bekend).set(type.naam, type);
  const velden = (type.velden ?? []).map((v) => ({
    naam: v.naam,
    w: widget(v.type, labelOf(v.naam, v.label), v.optioneel, wijzig, binnen),
  }));
  for (const v of velden) v.w.el.dataset.veld = v.naam;
  const el = h("fieldset", { klasse: "groep" }, h("legend", { tekst: label }), velden.map((v) => v.w.el));
  return {
    el,
    lees() {
      const rs = velden.map((v) => v.w.lees());
      const status = velden.length ? samen(rs.map((r) => r.status)) : "compleet";
      if (status !== "compleet") return { status };
      return { status, waarde: Object.fromEntries(velden.map((v, i) => [v.naam, rs[i].waarde])) };
    },
    zet(w) {
      for (const v of velden) v.w.zet(w?.[v.naam]);
    },
    focus: () => velden[0]?.w.focus(),
  };
}

function lijstWidget(type, label, wijzig, bekend) {
  const elementType = type.element ?? { soort: "tekst" };
  const enkelvoud = elementType.naam ? keuzeTekst(elementType.naam).toLowerCase() : "item";
  const items = [];
  const lijst = h("ol", { klasse: "lijst-items" });
  const keuze = radioGroep(`Zijn er gegevens voor ‘${label.toLowerCase()}’?`, [["nee", "Nee, geen"], ["ja", "Ja"]], () => {
    if (keuze.gekozen() === "ja" && items.length === 0) voegToe();
    bij();
    wijzig();
  }, "keuzes binnen");
  const knop = h("button", { type: "button", klasse: "secundair", tekst: `+ ${enkelvoud} toevoegen` });
  const inhoud = h("div", { klasse: "lijst-inhoud", hidden: true }, lijst, knop);
  const el = h("fieldset", { klasse: "groep lijst" }, h("legend", { tekst: label }), keuze.el, inhoud);

  function nummer() {
    items.forEach((it, i) => {
      it.kop.textContent = `${mensNaam(enkelvoud)} ${i + 1}`;
      it.weg.setAttribute("aria-label", `${mensNaam(enkelvoud)} ${i + 1} verwijderen`);
    });
  }
  function voegToe(waarde) {
    const w = widget(elementType, "Gegevens", false, wijzig, bekend);
    const kop = h("h4", { klasse: "item-kop" });
    const weg = h("button", { type: "button", klasse: "secundair klein", tekst: "Verwijderen" });
    const li = h("li", { klasse: "lijst-item" }, h("div", { klasse: "item-balk" }, kop, weg), w.el);
    const item = { w, li, kop, weg };
    weg.addEventListener("click", () => {
      const i = items.indexOf(item);
      items.splice(i, 1);
      li.remove();
      nummer();
      // Keep the keyboard user in the list: focus the next sensible control.
      (items[i]?.weg ?? items[i - 1]?.weg ?? knop).focus();
      wijzig();
    });
    items.push(item);
    lijst.append(li);
    nummer();
    if (waarde !== undefined) w.zet(waarde);
    return item;
  }
  function bij() {
    inhoud.hidden = keuze.gekozen() !== "ja";
  }
  knop.addEventListener("click", () => {
    voegToe().w.focus();
    wijzig();
  });
  return {
    el,
    lees() {
      const k = keuze.gekozen();
      if (k === undefined) return { status: "leeg" };
      if (k === "nee") return { status: "compleet", waarde: [] };
      if (items.length === 0) return { status: "onvolledig" };
      const rs = items.map((it) => it.w.lees());
      const status = rs.some((r) => r.status === "fout")
        ? "fout"
        : rs.every((r) => r.status === "compleet") ? "compleet" : "onvolledig";
      return status === "compleet" ? { status, waarde: rs.map((r) => r.waarde) } : { status };
    },
    zet(w) {
      for (const it of items.splice(0)) it.li.remove();
      if (Array.isArray(w)) {
        keuze.kies(w.length ? "ja" : "nee");
        for (const x of w) voegToe(x);
      } else keuze.kies(undefined);
      bij();
    },
    focus: keuze.focus,
  };
}

/**
 * An optional: first "niet van toepassing" or "wel", then the value. The
 * value's widget is built when first needed, so that a gegeven containing
 * itself (`partner: Persoon?`) is asked one level at a time.
 */
function optioneelWidget(type, label, wijzig, bekend) {
  let binnen;
  const houder = h("div", { klasse: "optioneel-inhoud", hidden: true });
  function toon() {
    const wel = keuze.gekozen() === "wel";
    if (wel && !binnen) {
      binnen = widget(type, type.soort === "gegeven" ? "Gegevens" : label, false, wijzig, bekend);
      houder.append(binnen.el);
    }
    houder.hidden = !wel;
  }
  const keuze = radioGroep(label, [["nvt", "Niet van toepassing"], ["wel", "Wel van toepassing, invullen"]], () => {
    toon();
    wijzig();
  });
  keuze.el.append(houder);
  keuze.el.classList.add("optioneel");
  return {
    el: keuze.el,
    lees() {
      const k = keuze.gekozen();
      if (k === undefined) return { status: "leeg" };
      if (k === "nvt") return { status: "compleet", waarde: null };
      const r = binnen.lees();
      return r.status === "leeg" ? { status: "onvolledig" } : r;
    },
    zet(w) {
      if (w === undefined) keuze.kies(undefined);
      else keuze.kies(w === null ? "nvt" : "wel");
      toon();
      if (w !== null && w !== undefined) binnen.zet(w);
    },
    focus: keuze.focus,
  };
}

/**
 * A help text under the question of widget `w`, read out with it: the
 * fields (or the group) name it in `aria-describedby`.
 */
export function metHulp(w, hulp) {
  if (!hulp) return w;
  const id = nieuwId("hulp");
  const p = h("p", { klasse: "hint hulp", id, tekst: hulp });
  const kop = w.el.querySelector(":scope > label, :scope > legend");
  if (kop) kop.after(p);
  else w.el.prepend(p);
  const doelen = w.el.matches("fieldset") ? [w.el] : [...w.el.querySelectorAll("input, select")];
  for (const d of doelen) {
    d.setAttribute("aria-describedby", [id, d.getAttribute("aria-describedby") ?? ""].join(" ").trim());
  }
  return w;
}

/**
 * The widget for a value of schema type `type`.
 * @param {object} type schema type ({ soort, ... })
 * @param {string} label visible label (Dutch)
 * @param {boolean} optioneel whether `leeg` is a valid answer
 * @param {() => void} wijzig called after every committed change
 * @param {Map<string, object>} bekend the gegevens asked around this widget,
 *   by name: a gegeven inside itself comes as `{ soort: "gegeven", naam,
 *   herhaling: true }` without fields, and takes them from there
 */
export function widget(type, label, optioneel, wijzig, bekend = new Map()) {
  if (type?.herhaling) type = bekend.get(type.naam) ?? type;
  if (optioneel) return optioneelWidget(type, label, wijzig, bekend);
  switch (type?.soort) {
    case "ja_nee":
      return jaNeeWidget(label, wijzig);
    case "keuze":
      return keuzeWidget(type, label, wijzig);
    case "datum":
      return datumWidget(label, wijzig);
    case "duur":
      return duurWidget(label, wijzig);
    case "gegeven":
      return gegevenWidget(type, label, wijzig, bekend);
    case "lijst":
      return lijstWidget(type, label, wijzig, bekend);
    default:
      return tekstWidget(type ?? { soort: "tekst" }, label, wijzig);
  }
}

// ----- the interview as a list of questions (both modes) -----

/**
 * One question of an interview: the widget for schema input `invoer`
 * (`{ naam, type, optioneel, vraag?, hulp? }`) with the rules' question text
 * and help, in an `li` named by the input.
 * @returns {{ invoer: object, w: object, li: HTMLLIElement }}
 */
export function vraagItem(invoer, wijzig) {
  const w = metHulp(widget(invoer.type, invoer.vraag ?? mensNaam(invoer.naam), invoer.optioneel, wijzig), invoer.hulp);
  return { invoer, w, li: h("li", { klasse: "vraag", "data-vraag": invoer.naam }, w.el) };
}

/**
 * The questions of a regeling's `schema` (every input but the peildatum),
 * by name, each filled from `vorige` (case JSON) where its name still
 * exists there: so a new peildatum or a new build keeps the answers given.
 * @returns {Map<string, { invoer: object, w: object, li: HTMLLIElement }>}
 */
export function bouwVragen(schema, vorige, wijzig) {
  const vragen = new Map();
  for (const invoer of schema.invoer) {
    if (invoer.naam === "peildatum") continue;
    const vraag = vraagItem(invoer, wijzig);
    if (invoer.naam in vorige) vraag.w.zet(vorige[invoer.naam]);
    vragen.set(invoer.naam, vraag);
  }
  return vragen;
}

/**
 * The names of the questions still needed, from the engine's `nodig` list
 * (a path into a gegeven asks its top-level question).
 */
export function nodigeNamen(nodig, vragen) {
  return (nodig ?? [])
    .map((n) => (typeof n === "string" ? n : n.naam ?? n.invoer ?? n.pad ?? ""))
    .map((n) => String(n).replace(/^\$\./, "").split(/[.[]/)[0])
    .filter((n) => vragen.has(n));
}

/** The complete answers of `vragen` (name → { w }), in case-JSON encoding. */
export function antwoorden(vragen) {
  const uit = {};
  for (const [naam, v] of vragen) {
    const r = v.w.lees();
    if (r.status === "compleet") uit[naam] = r.waarde;
  }
  return uit;
}

/**
 * Shows the questions still `nodig` in `lijst`: answered ones stay where
 * they are, new ones are added at the end (in the order given), and an
 * unanswered one no longer needed goes; nothing else moves, so the
 * consulent never loses their place.
 * @param {HTMLElement} lijst the list element
 * @param {Map<string, { w: object, li: HTMLElement }>} vragen every question, by name
 * @param {string[]} zichtbaar the names on screen, in order
 * @param {string[]} nodig the names still needed
 * @returns {string[]} the names on screen now, in order
 */
export function toonVragen(lijst, vragen, zichtbaar, nodig) {
  const bewaar = zichtbaar.filter((n) => vragen.get(n).w.lees().status !== "leeg" || nodig.includes(n));
  for (const n of nodig) if (!bewaar.includes(n)) bewaar.push(n);
  for (const n of zichtbaar) if (!bewaar.includes(n)) vragen.get(n).li.remove();
  for (const n of bewaar) {
    const li = vragen.get(n).li;
    if (li.parentNode !== lijst) lijst.append(li);
  }
  return bewaar;
}
