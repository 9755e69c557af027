// The interview form on a gegeven that contains itself, in real headless
// Chromium: `gegeven Persoon` with `partner: Persoon?`, as the engine's
// input schema describes it (the inner Persoon a reference, see
// engine::schema::type_json). The form asks one level at a time, only when
// the user says a partner applies, and reads back a case two partners deep.
//
//   node --test wasm/e2e/        (after scripts/build-wasm.sh)

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "./server.mjs";

const WEB = join(resolve(dirname(fileURLToPath(import.meta.url)), "../.."), "wasm/web");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** The schema type of `invoer aanvrager: Persoon`, as `regelwerk` writes it. */
const PERSOON = {
  soort: "gegeven",
  naam: "Persoon",
  velden: [
    { naam: "naam", type: { soort: "tekst" }, optioneel: false },
    { naam: "partner", type: { soort: "gegeven", naam: "Persoon", herhaling: true }, optioneel: true },
  ],
};

let server;
let browser;

before(async () => {
  server = await startServer(WEB);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("een gegeven dat zichzelf bevat wordt laag voor laag gevraagd", async () => {
  const page = await browser.newPage();
  const fouten = [];
  page.on("pageerror", (e) => fouten.push(e.message));
  await page.goto(server.url);
  await page.evaluate(async (persoon) => {
    const { widget } = await import("/form.js");
    const proef = document.createElement("div");
    proef.id = "proef";
    document.body.prepend(proef);
    window.__aanvrager = widget(persoon, "Aanvrager", false, () => {});
    proef.append(window.__aanvrager.el);
  }, PERSOON);
  const proef = page.locator("#proef");
  const namen = proef.locator("input[type=text]");
  const wel = proef.getByLabel("Wel van toepassing, invullen");
  const nvt = proef.getByLabel("Niet van toepassing");
  const lees = () => page.evaluate(() => window.__aanvrager.lees());

  // Only the first level exists until a partner is said to apply.
  assert.equal(await namen.count(), 1);
  await namen.nth(0).fill("A");
  await namen.nth(0).blur();
  assert.deepEqual(await lees(), { status: "onvolledig" });

  await wel.nth(0).check();
  assert.equal(await namen.count(), 2, "the partner's fields appear on demand");
  await namen.nth(1).fill("B");
  await namen.nth(1).blur();
  await wel.nth(1).check();
  await namen.nth(2).fill("C");
  await namen.nth(2).blur();
  await nvt.nth(2).check();
  assert.equal(await namen.count(), 3);
  assert.deepEqual(await lees(), {
    status: "compleet",
    waarde: { naam: "A", partner: { naam: "B", partner: { naam: "C", partner: null } } },
  });

  // Opening a case builds as many levels as it has.
  const casus = { naam: "X", partner: { naam: "Y", partner: { naam: "Z", partner: { naam: "W", partner: null } } } };
  await page.evaluate((c) => window.__aanvrager.zet(c), casus);
  assert.equal(await namen.count(), 4);
  assert.deepEqual(await lees(), { status: "compleet", waarde: casus });
  assert.deepEqual(fouten, []);
  await page.close();
});
