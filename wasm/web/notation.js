// Dutch number and date notation for the toegang app.
//
// Amounts never become JS numbers: they are parsed and formatted as digit
// strings, so "1.234,56" becomes exactly "1234.56" (the engine's case
// encoding) and "1234.5" is shown as "€ 1.234,50".

const MAANDEN = [
  "januari", "februari", "maart", "april", "mei", "juni",
  "juli", "augustus", "september", "oktober", "november", "december",
];

/**
 * Parses a decimal as a person types it in the Netherlands.
 * - "1.234,56", "1234,56", "€ 1.234,5", "-12,50": comma is the decimal sign,
 *   dots group thousands (only in groups of three);
 * - without a comma, "1.234" and "12.345.678" are thousands (Dutch), while
 *   "1234.56" or "12.5" (one dot, one or two decimals, no grouping) is read
 *   as a decimal point, as it comes out of other systems.
 * @param {string} text
 * @param {{ maxDecimalen?: number, euro?: boolean }} [opties]
 * @returns {{ ok: true, teken: string, heel: string, frac: string } | { ok: false, melding: string }}
 */
export function parseDecimaal(text, opties = {}) {
  let s = String(text).replace(/[\s\u00a0\u202f]/g, "");
  if (s === "") return { ok: false, melding: "Vul een getal in." };
  if (opties.euro) s = s.replace(/^(-?)€/, "$1").replace(/^€(-)/, "$1");
  let teken = "";
  if (s.startsWith("-")) {
    teken = "-";
    s = s.slice(1);
  } else if (s.startsWith("+")) {
    s = s.slice(1);
  }
  let heel;
  let frac = "";
  if (s.includes(",")) {
    const delen = s.split(",");
    if (delen.length !== 2) return { ok: false, melding: "Gebruik één komma voor de decimalen, bijvoorbeeld 1.234,56." };
    [heel, frac] = delen;
    if (!/^\d+$/.test(frac)) return { ok: false, melding: "Na de komma mogen alleen cijfers staan." };
    if (heel === "") heel = "0";
    if (/^\d{1,3}(\.\d{3})+$/.test(heel)) heel = heel.replace(/\./g, "");
    else if (!/^\d+$/.test(heel)) return { ok: false, melding: "Punten groeperen duizendtallen per drie cijfers, bijvoorbeeld 12.345,67." };
  } else if (/^\d{1,3}(\.\d{3})+$/.test(s)) {
    heel = s.replace(/\./g, "");
  } else if (/^\d+\.\d{1,2}$/.test(s)) {
    [heel, frac] = s.split(".");
  } else if (/^\d+$/.test(s)) {
    heel = s;
  } else {
    return { ok: false, melding: "Dit is geen getal. Schrijf bijvoorbeeld 1.234,56." };
  }
  heel = heel.replace(/^0+(?=\d)/, "");
  const max = opties.maxDecimalen;
  if (max !== undefined && frac.length > max) {
    return { ok: false, melding: `Gebruik ten hoogste ${max} decimalen.` };
  }
  return { ok: true, teken: heel === "0" && /^0*$/.test(frac) ? "" : teken, heel, frac };
}

/**
 * A bedrag as the engine's case encoding: exactly two decimals ("1234.56").
 * @param {string} text
 * @returns {{ ok: true, waarde: string } | { ok: false, melding: string }}
 */
export function parseBedrag(text) {
  const d = parseDecimaal(text, { maxDecimalen: 2, euro: true });
  if (!d.ok) return d;
  return { ok: true, waarde: `${d.teken}${d.heel}.${d.frac.padEnd(2, "0")}` };
}

/** A getal as a decimal string ("0.5", "12"). */
export function parseGetal(text) {
  const d = parseDecimaal(text);
  if (!d.ok) return d;
  return { ok: true, waarde: d.frac ? `${d.teken}${d.heel}.${d.frac}` : `${d.teken}${d.heel}` };
}

/** A percentage ("12,5" or "12,5%") as the case encoding "12.5%". */
export function parsePercentage(text) {
  const d = parseDecimaal(String(text).replace(/%\s*$/, ""));
  if (!d.ok) return d;
  return { ok: true, waarde: `${d.frac ? `${d.teken}${d.heel}.${d.frac}` : `${d.teken}${d.heel}`}%` };
}

/** A geheel getal as a JSON integer (within the safe range). */
export function parseGeheelGetal(text) {
  const s = String(text).replace(/[\s\u00a0.]/g, "");
  if (!/^-?\d+$/.test(s)) return { ok: false, melding: "Vul een geheel getal in, zonder komma." };
  const n = Number(s);
  if (!Number.isSafeInteger(n)) return { ok: false, melding: "Dit getal is te groot." };
  return { ok: true, waarde: n };
}

/** Groups the digits of a whole number with dots: "1234567" → "1.234.567". */
function groepeer(heel) {
  return heel.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/**
 * A decimal string ("-1234.5") in Dutch notation ("-1.234,5"); `decimalen`
 * pads or keeps the fraction (no rounding: the engine already rounded).
 */
export function formatDecimaal(waarde, decimalen) {
  const s = String(waarde);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s;
  const [, teken, heel, frac = ""] = m;
  const f = decimalen === undefined ? frac : frac.padEnd(decimalen, "0");
  return `${teken}${groepeer(heel)}${f ? `,${f}` : ""}`;
}

/** "1234.5" + "maand" → "€ 1.234,50 per maand". */
export function formatBedrag(waarde, periode) {
  const s = String(waarde);
  const neg = s.startsWith("-");
  const bedrag = `€ ${formatDecimaal(neg ? s.slice(1) : s, 2)}`;
  return `${neg ? "-" : ""}${bedrag}${periode ? ` per ${periode}` : ""}`;
}

/** "2025-03-01" → "1 maart 2025". */
export function formatDatum(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
  if (!m) return String(iso);
  return `${Number(m[3])} ${MAANDEN[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** Abbreviations of the social domain that are written in capitals. */
const AFKORTINGEN = new Set(["aow", "iit", "czm", "wmo", "zvw", "wlz", "awb", "avg", "bsn", "pgb"]);

/** A name from the rules ("inkomen_per_maand") as a label ("Inkomen per maand"). */
export function mensNaam(naam) {
  const s = String(naam)
    .split("_")
    .map((w) => (AFKORTINGEN.has(w) ? w.toUpperCase() : w))
    .join(" ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A name as people read it: its label from the schema (capitalized), else as [mensNaam]. */
export function labelOf(naam, label) {
  return label ? label.charAt(0).toUpperCase() + label.slice(1) : mensNaam(naam);
}

/** A keuze value as text ("alleenstaande_ouder" → "alleenstaande ouder"). */
export function keuzeTekst(waarde) {
  return String(waarde).replace(/_/g, " ");
}

/** A duur object ({maanden, dagen, ...}) in words. */
export function formatDuur(d) {
  if (!d || typeof d !== "object") return String(d);
  const delen = [];
  const woord = (n, een, meer) => `${n} ${n === 1 ? een : meer}`;
  if (d.jaren) delen.push(woord(d.jaren, "jaar", "jaar"));
  if (d.maanden) delen.push(woord(d.maanden, "maand", "maanden"));
  if (d.weken) delen.push(woord(d.weken, "week", "weken"));
  if (d.dagen) delen.push(woord(d.dagen, "dag", "dagen"));
  return delen.length ? delen.join(" en ") : "0 dagen";
}

/**
 * Any value of the result JSON in Dutch, given its schema type
 * (`{ soort, periode, ... }`); without a type it guesses from the shape.
 * `eenheid` is the unit of a `bedrag per eenheid` (the result's
 * `eenheden[naam]`: "uur", "rit", or null), which the type cannot know.
 */
export function formatWaarde(waarde, type, eenheid) {
  if (waarde === null || waarde === undefined) return "leeg";
  const soort = type?.soort;
  if (Array.isArray(waarde)) {
    if (waarde.length === 0) return "geen";
    return waarde.map((w) => formatWaarde(w, type?.element)).join("; ");
  }
  if (typeof waarde === "boolean") return waarde ? "ja" : "nee";
  if (typeof waarde === "object") {
    if (soort === "duur" || ["maanden", "dagen", "jaren", "weken"].some((k) => k in waarde) && !soort) {
      return formatDuur(waarde);
    }
    const velden = type?.velden ?? [];
    return Object.entries(waarde)
      .map(([k, v]) => {
        const veld = velden.find((f) => f.naam === k);
        return `${veld?.label ?? keuzeTekst(k)}: ${formatWaarde(v, veld?.type)}`;
      })
      .join(", ");
  }
  switch (soort) {
    case "bedrag":
      return formatBedrag(waarde, type.per_eenheid ? eenheid : type.periode);
    case "getal":
      return formatDecimaal(waarde);
    case "percentage":
      return `${formatDecimaal(String(waarde).replace(/%$/, ""))}%`;
    case "datum":
      return formatDatum(waarde);
    case "keuze": {
      const i = (type.waarden ?? []).indexOf(waarde);
      return type.labels?.[i] ?? keuzeTekst(waarde);
    }
    default:
      return String(waarde);
  }
}
