// The progress line both modes of the app show above their questions.

import { test } from "node:test";
import assert from "node:assert/strict";
import { voortgangTekst } from "../web/weergave.js";

test("voortgang: hoeveel vragen er nog open zijn, en hoeveel antwoorden ongeldig", () => {
  assert.equal(voortgangTekst(0, 0), "Alle benodigde vragen zijn beantwoord.");
  assert.equal(voortgangTekst(1, 0), "Nog 1 vraag te beantwoorden.");
  assert.equal(voortgangTekst(3, 0), "Nog 3 vragen te beantwoorden.");
  assert.equal(voortgangTekst(3, 1), "Nog 3 vragen te beantwoorden; 1 antwoord is ongeldig.");
  assert.equal(voortgangTekst(2, 2), "Nog 2 vragen te beantwoorden; 2 antwoorden zijn ongeldig.");
});
