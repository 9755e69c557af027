// The form's bounds: a value outside the schema's minimum/maximum gets a clear
// Dutch message before the case reaches the engine (which refuses it as well).

import { test } from "node:test";
import assert from "node:assert/strict";
import { grensMelding } from "../web/form.js";

test("een waarde buiten minimum of maximum krijgt een Nederlandse melding", () => {
  const kamers = { soort: "geheel_getal", minimum: 0 };
  assert.equal(grensMelding(kamers, -1), "Deze waarde is niet toegestaan: vul een waarde in ten minste 0.");
  assert.equal(grensMelding(kamers, 0), null);
  const pct = { soort: "percentage", minimum: 5, maximum: 100 };
  assert.equal(
    grensMelding(pct, "120%"),
    "Deze waarde is niet toegestaan: vul een waarde in van 5% tot en met 100%.",
  );
  assert.equal(grensMelding(pct, "100%"), null);
  assert.equal(grensMelding(pct, "4.5%"), "Deze waarde is niet toegestaan: vul een waarde in van 5% tot en met 100%.");
  const bedrag = { soort: "bedrag", periode: "maand", maximum: 1500.5 };
  assert.equal(
    grensMelding(bedrag, "1500.51"),
    "Deze waarde is niet toegestaan: vul een waarde in ten hoogste € 1.500,50.",
  );
  assert.equal(grensMelding({ soort: "getal" }, "-3"), null);
});
