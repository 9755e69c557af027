// WCAG 2.1 AA on every screen of the toegang app (single-regeling mode), in
// headless Chromium with axe-core: the start, the form with validation
// errors and a half-answered interview, the decision with every part of its
// derivation and both motiveringen (the short one for the citizen, the full
// one) open, the printed summary, the afwijken form with its errors and a
// recorded deviation, the peildatum note, the version diff with its whole
// definitions open, and the error screens (no version on the peildatum, a
// case file that is no JSON, the diff module that cannot be loaded, the
// engine that cannot be loaded). Any violation at level A or AA fails the
// test and is printed (wasm/e2e/axe.mjs). Screenshots for docs/img/ with
// REGELWERK_DOCS_IMG=1.
//
//   node --test wasm/e2e/toegankelijkheid.test.mjs   (after scripts/build-wasm.sh)

import { test } from "node:test";
import assert from "node:assert/strict";
import { controleerToegankelijk } from "./axe.mjs";
import {
  beantwoord, docSchot, extern, gebruikBrowser, kies, leesCase, nodeRegelwerk, openApp, openCasus, paginaFouten, sluit, uitkomst,
} from "./browser.mjs";

gebruikBrowser();

/** Opens every <details> on the page, so axe sees what they hold. */
function openAlleDetails(page) {
  return page.evaluate(() => {
    for (const d of document.querySelectorAll("details")) d.open = true;
  });
}

test("axe vindt een overtreding en zegt welke", async () => {
  const { context, page } = await openApp();
  // A page without a language and with an unlabelled field: two violations.
  await page.setContent("<!doctype html><html><head><title>proef</title></head><body><main><input type=\"text\"></main></body></html>");
  await assert.rejects(controleerToegankelijk(page, "proefpagina"), (e) => {
    assert.match(e.message, /^proefpagina: 2 WCAG 2\.1 AA-overtreding\(en\)/);
    assert.match(e.message, /html-has-lang \(serious\)/);
    assert.match(e.message, /label \(critical\): Form elements must have labels\n.*\n {4}input/);
    return true;
  });
  await context.close();
});

test("toegankelijk (axe): start, ook op een smal scherm", async () => {
  const breed = await openApp();
  await controleerToegankelijk(breed.page, "start");
  await docSchot(breed.page, "toegang-start", { fullPage: false });
  await breed.context.close();
  const smal = await openApp({ viewport: { width: 390, height: 844 } });
  await controleerToegankelijk(smal.page, "start, 390 px");
  await smal.context.close();
  assert.deepEqual(extern, []);
  assert.deepEqual(paginaFouten, []);
});

test("toegankelijk (axe): vragen met foutmeldingen, lijsten en een tussenstand", async () => {
  const { context, page } = await openApp();
  const doc = leesCase("heemskerk__minimaregelingen", "heemskerk__minimaregelingen-1-008.json");
  await kies(page, "heemskerk.minimaregelingen", doc.case.peildatum);
  await page.locator("#vragenlijst > li").first().waitFor();
  await controleerToegankelijk(page, "eerste vragen");
  // Everything answered as in the case, then the income typed wrongly: the
  // decision gives way to what is decided so far, and the lists (children)
  // and the optional (partner) stay open with their fields.
  await beantwoord(page, doc.case);
  const inkomen = page.locator('li[data-vraag="inkomen_per_maand"] input');
  await inkomen.fill("1.23.4");
  await inkomen.press("Tab");
  assert.equal(await inkomen.getAttribute("aria-invalid"), "true");
  assert.ok(await page.locator("#beslissing .tussenstand").count(), "tussenstand");
  assert.ok(await page.locator("#vragenlijst .lijst-item").count() >= 1, "een kind als lijstitem");
  await controleerToegankelijk(page, "vragen met een ongeldig bedrag");
  await docSchot(page.locator('li[data-vraag="inkomen_per_maand"]'), "toegang-foutmelding");
  await sluit(context);
});

test("toegankelijk (axe): besluit met afleiding en motivering open, en de afdruk", async () => {
  const { context, page } = await openApp();
  const doc = leesCase("heemskerk__minimaregelingen", "heemskerk__minimaregelingen-1-008.json");
  await kies(page, "heemskerk.minimaregelingen", doc.case.peildatum);
  await beantwoord(page, doc.case);
  assert.match(await uitkomst(page, "meedoen_bedrag").innerText(), /€ 600,00 per jaar/);
  // The short motivering beside the full one: the engine's own text
  // (`explainShort`, asked here of the Node build on the shipped bundle).
  const kort = JSON.parse(nodeRegelwerk().explainShort("heemskerk.minimaregelingen", JSON.stringify(doc.case), JSON.stringify({ gedeeltelijk: true })));
  assert.ok(kort.ok, JSON.stringify(kort));
  assert.match(kort.tekst, /Bedrag Meedoenregeling: € 600,00 per jaar\./);
  assert.equal(await page.locator("#beslissing .motivering-kort .kort-tekst").textContent(), kort.tekst);
  await controleerToegankelijk(page, "besluit");
  await docSchot(page.locator("#samenvatting"), "toegang-besluit", { maxHoogte: 1100 });
  await openAlleDetails(page);
  assert.equal(await page.locator("#beslissing details:not([open])").count(), 0);
  await controleerToegankelijk(page, "besluit, alles open");
  await page.emulateMedia({ media: "print" });
  await controleerToegankelijk(page, "afdruk");
  await page.emulateMedia({ media: "screen" });
  await sluit(context);
});

test("toegankelijk (axe): route door het afwegingskader (wmo-toegang)", async () => {
  const { context, page } = await openApp();
  const doc = leesCase("heemskerk__wmo-toegang", "heemskerk__wmo-toegang-1-001.json");
  await openCasus(page, doc);
  await page.locator("#beslissing .route").waitFor();
  await openAlleDetails(page);
  await controleerToegankelijk(page, "wmo-toegang, route");
  await sluit(context);
});

test("toegankelijk (axe): afwijken met foutmeldingen en een vastgelegde afwijking", async () => {
  const { context, page } = await openApp();
  // HBEL: `uren_per_jaar` is afwijkbaar (maatwerk).
  await openCasus(page, leesCase("hbel__huishoudelijke-ondersteuning", "hbel__huishoudelijke-ondersteuning-1-001.json"));
  await page.locator("#beslissing .besluit").waitFor();
  await page.locator("#afwijken").waitFor({ state: "visible" });
  await controleerToegankelijk(page, "afwijken, leeg");
  await page.locator("#afwijk-waarde input").fill("170");
  await page.click("#afwijk-knop");
  assert.equal(await page.locator("#afwijk-reden").getAttribute("aria-invalid"), "true");
  await controleerToegankelijk(page, "afwijken, reden en naam ontbreken");
  await page.locator("#afwijk-waarde input").fill("");
  await page.click("#afwijk-knop");
  assert.equal(await page.locator("#afwijk-fout").isVisible(), true);
  await controleerToegankelijk(page, "afwijken, geen geldige waarde");
  await page.locator("#afwijk-waarde input").fill("170");
  await page.fill("#afwijk-reden", "Maatwerk: mantelzorger valt weg tot 1 juli");
  await page.fill("#afwijk-door", "J. de Vries");
  await page.click("#afwijk-knop");
  assert.match(await uitkomst(page, "uren_per_jaar").innerText(), /^170\b.*afgeweken/s);
  await docSchot(page.locator("#afwijken"), "toegang-afwijken");
  await openAlleDetails(page);
  await controleerToegankelijk(page, "besluit met afwijking");
  await sluit(context);
});

test("toegankelijk (axe): peildatum gekozen door de app, en geen versie op de peildatum", async () => {
  const { context, page } = await openApp({ vandaag: "2027-03-01" });
  await kies(page, "heemskerk.wmo_eigen_bijdrage");
  await page.locator("#peildatum-keuze").waitFor({ state: "visible" });
  await controleerToegankelijk(page, "peildatum gekozen door de app");
  await kies(page, "heemskerk.wmo_toegang", "2019-01-01");
  await page.locator("#schema-fout").waitFor({ state: "visible" });
  await controleerToegankelijk(page, "geen versie op de peildatum");
  await sluit(context);
});

test("toegankelijk (axe): een casusbestand dat geen JSON is", async () => {
  const { context, page } = await openApp();
  await openCasus(page, "{ geen json", "kapot.json");
  await page.locator("#schema-fout").waitFor({ state: "visible" });
  assert.match(await page.locator("#schema-fout").innerText(), /kapot\.json is geen geldig JSON-bestand/);
  await controleerToegankelijk(page, "casusbestand geen JSON");
  await sluit(context);
});

test("toegankelijk (axe): versies vergelijken, één versie, en laden mislukt", async () => {
  const { context, page } = await openApp();
  await kies(page, "hbel.huishoudelijke_ondersteuning", "2024-05-01");
  assert.equal(await page.locator("#versies-een").isVisible(), true);
  await controleerToegankelijk(page, "versies, maar één versie");
  // The diff module cannot be fetched: the Dutch error.
  await page.route("**/pkg/vergelijken/regelwerk_wasm.js*", (route) => route.abort("internetdisconnected"));
  await kies(page, "heemskerk.wmo_toegang", "2026-02-01");
  await page.click("#diff-knop");
  await page.locator("#diff-fout").waitFor({ state: "visible" });
  await controleerToegankelijk(page, "vergelijkfunctie laden mislukt");
  await page.unroute("**/pkg/vergelijken/regelwerk_wasm.js*");
  await page.click("#diff-knop");
  await page.locator("#diff-resultaat .diff").waitFor();
  await controleerToegankelijk(page, "versies vergeleken");
  await docSchot(page.locator("#versies"), "toegang-versies", { maxHoogte: 900 });
  await openAlleDetails(page);
  await controleerToegankelijk(page, "versies vergeleken, hele definities open");
  await context.close();
  assert.deepEqual(extern, []);
  // The aborted fetch is in the console (Chromium's and the app's own report).
  for (const f of paginaFouten) assert.match(f, /ERR_INTERNET_DISCONNECTED|Failed to fetch dynamically imported module|regelwerk_wasm\.js/);
});

test("toegankelijk (axe): de rekenkern kan niet worden geladen", async () => {
  const { context, page } = await openApp({
    voor: (p) => p.route("**/pkg/regels.json", (route) => route.fulfill({ status: 404, body: "niet gevonden" })),
    wacht: "#fatale-fout",
  });
  assert.match(await page.locator("#fatale-fout").innerText(), /De rekenkern kon niet worden geladen: regelbundel niet gevonden \(404\)/);
  await controleerToegankelijk(page, "rekenkern niet geladen");
  await context.close();
  assert.deepEqual(extern, []);
});
