// Dutch number notation of the app: what a consulent types becomes exactly
// the engine's case encoding, and results print the Dutch way.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  formatBedrag, formatDatum, formatDecimaal, formatWaarde, labelOf, parseBedrag, parseGeheelGetal, parseGetal, parsePercentage,
} from "../web/notation.js";

test("bedragen in Nederlandse notatie worden exacte strings", () => {
  const gevallen = {
    "1.234,56": "1234.56",
    "1234,56": "1234.56",
    "€ 1.234,5": "1234.50",
    "€1.400": "1400.00",
    "1.400": "1400.00",
    "12.345.678,90": "12345678.90",
    "0,05": "0.05",
    ",5": "0.50",
    "1400": "1400.00",
    "1400.5": "1400.50",
    "1234.56": "1234.56",
    " 1 234,56 ": "1234.56",
    "-12,50": "-12.50",
    "-€ 3": "-3.00",
    "007": "7.00",
    "-0,00": "0.00",
  };
  for (const [invoer, verwacht] of Object.entries(gevallen)) {
    assert.deepEqual(parseBedrag(invoer), { ok: true, waarde: verwacht }, invoer);
  }
});

test("onzin en te veel decimalen worden geweigerd met een Nederlandse melding", () => {
  for (const invoer of ["", "abc", "1,2,3", "12.34.5", "1,234", "1.23.456", "12,3a", "1.2345", "€"]) {
    const r = parseBedrag(invoer);
    assert.equal(r.ok, false, invoer);
    assert.match(r.melding, /[a-z]/, invoer);
  }
  assert.match(parseBedrag("1,234").melding, /2 decimalen/);
});

test("getal, percentage en geheel getal", () => {
  assert.deepEqual(parseGetal("0,5"), { ok: true, waarde: "0.5" });
  assert.deepEqual(parseGetal("1.000"), { ok: true, waarde: "1000" });
  assert.deepEqual(parseGetal("3,14159"), { ok: true, waarde: "3.14159" });
  assert.deepEqual(parsePercentage("12,5"), { ok: true, waarde: "12.5%" });
  assert.deepEqual(parsePercentage("110%"), { ok: true, waarde: "110%" });
  assert.deepEqual(parseGeheelGetal("36"), { ok: true, waarde: 36 });
  assert.deepEqual(parseGeheelGetal("1.000"), { ok: true, waarde: 1000 });
  assert.equal(parseGeheelGetal("3,5").ok, false);
  assert.equal(parseGeheelGetal("99999999999999999999").ok, false);
});

test("uitvoer in Nederlandse notatie", () => {
  assert.equal(formatBedrag("1234.5", "maand"), "€ 1.234,50 per maand");
  assert.equal(formatBedrag("-23.00"), "-€ 23,00");
  assert.equal(formatBedrag("0.00", "jaar"), "€ 0,00 per jaar");
  assert.equal(formatDecimaal("1234567.125"), "1.234.567,125");
  assert.equal(formatDatum("2025-03-01"), "1 maart 2025");
  assert.equal(formatWaarde("12.5%", { soort: "percentage" }), "12,5%");
  assert.equal(formatWaarde("alleenstaande_ouder", { soort: "keuze" }), "alleenstaande ouder");
  assert.equal(formatWaarde(true, { soort: "ja_nee" }), "ja");
  assert.equal(formatWaarde(null, { soort: "bedrag" }), "leeg");
  assert.equal(formatWaarde({ maanden: 3, dagen: 1 }, { soort: "duur" }), "3 maanden en 1 dag");
  assert.equal(formatWaarde([], { soort: "lijst" }), "geen");
});

test("een bedrag per eenheid toont de eenheid uit het resultaat", () => {
  const tarief = { soort: "bedrag", periode: null, per_eenheid: true };
  assert.equal(formatWaarde("9.50", tarief, "week"), "€ 9,50 per week");
  assert.equal(formatWaarde("1.25", tarief, "rit"), "€ 1,25 per rit");
  assert.equal(formatWaarde("0.00", tarief, null), "€ 0,00");
  // A fixed period comes from the type, whatever is passed beside it.
  assert.equal(formatWaarde("5", { soort: "bedrag", periode: "maand" }, "uur"), "€ 5,00 per maand");
});

test("labels uit de regels: keuzewaarden en namen", () => {
  const toekenning = { soort: "keuze", waarden: ["ambtshalve", "op_aanvraag"], labels: ["ambtshalve", "op aanvraag (na een aanvraag)"] };
  assert.equal(formatWaarde("op_aanvraag", toekenning), "op aanvraag (na een aanvraag)");
  // A schema without labels (an older engine) still reads.
  assert.equal(formatWaarde("op_aanvraag", { soort: "keuze", waarden: ["op_aanvraag"] }), "op aanvraag");
  assert.equal(labelOf("iit_toekenning", "toekenning individuele inkomenstoeslag"), "Toekenning individuele inkomenstoeslag");
  assert.equal(labelOf("iit_toekenning", undefined), "IIT toekenning");
});
