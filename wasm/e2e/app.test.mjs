// End-to-end tests of the toegang app in real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core; no browser download).
//
// A tiny node server serves wasm/web on 127.0.0.1; every request any page
// makes is checked, and a request to any other host fails the run. The
// tests answer interviews as a consulent would (Dutch notation, radios,
// lists, optionals), check decisions and cited articles, record an
// override with its reason, print and download, compare two versions of a
// regeling, go offline, and use the keyboard only. Screenshots go to
// artifacts/screenshots/.
//
//   node --test wasm/e2e/        (after scripts/build-wasm.sh)

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  ROOT, beantwoord, extern, gebruikBrowser, kies, leesCase, openApp, paginaFouten, schot, uitkomst, vul,
} from "./browser.mjs";

gebruikBrowser();

const metingen = {};

after(() => {
  if (Object.keys(metingen).length) {
    mkdirSync(join(ROOT, "artifacts"), { recursive: true });
    writeFileSync(join(ROOT, "artifacts/browser-metingen.json"), `${JSON.stringify(metingen, null, 2)}\n`);
  }
});

test("de app laadt zonder fouten en zonder verkeer buiten 127.0.0.1", async () => {
  const { context, page } = await openApp();
  await assert.doesNotReject(page.locator("#regeling option").first().waitFor({ state: "attached" }));
  const marks = await page.evaluate(() => Object.fromEntries(
    performance.getEntriesByType("mark").filter((m) => m.name.startsWith("rw:")).map((m) => [m.name, Math.round(m.startTime)]),
  ));
  metingen.opstarten_ms = marks;
  assert.ok(marks["rw:klaar"] > 0, JSON.stringify(marks));
  assert.equal(await page.locator("html").getAttribute("lang"), "nl");
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /connect-src 'self'/);
  await schot(page, "01-start");
  await context.close();
  assert.deepEqual(extern, []);
  assert.deepEqual(paginaFouten, []);
});

test("minimaregelingen: interview in Nederlandse notatie tot besluit, afdrukken en downloaden", async () => {
  const { context, page } = await openApp();
  const doc = leesCase("heemskerk__minimaregelingen", "heemskerk__minimaregelingen-1-008.json");
  await kies(page, "heemskerk.minimaregelingen", doc.case.peildatum);
  await assert.doesNotReject(page.locator("#vragenlijst > li").first().waitFor());
  await schot(page, "02-minima-eerste-vragen");
  // A wrongly typed amount is refused with a Dutch message, then corrected.
  const gevraagd = await beantwoord(page, doc.case);
  assert.ok(gevraagd.includes("inkomen_per_maand"));

  // The decision: every output as in the conformance case, Dutch notation.
  assert.match(await uitkomst(page, "leefvorm").innerText(), /^gehuwd/);
  assert.match(await uitkomst(page, "inkomensnorm").innerText(), /€ 2\.151,38 per maand/);
  assert.match(await uitkomst(page, "meedoen_toekenning").innerText(), /ambtshalve/);
  assert.match(await uitkomst(page, "iit_toekenning").innerText(), /op aanvraag/);
  assert.match(await uitkomst(page, "meedoen_bedrag").innerText(), /€ 600,00 per jaar/);
  assert.match(await uitkomst(page, "iit_bedrag").innerText(), /€ 530,00 per jaar/);
  // Outputs by their labels in the rules ("toekenning Meedoenregeling", not "meedoen toekenning").
  assert.match(await page.locator("#beslissing-melding").textContent(), /^Beslissing: .*toekenning Meedoenregeling: ambtshalve/);
  // Articles are cited next to the outputs and in the derivation tree.
  const bronnen = await page.locator("#beslissing table.uitkomsten .bron").allInnerTexts();
  assert.ok(bronnen.some((b) => /artikel|art\./i.test(b)), bronnen.join(" | "));
  await page.locator("#beslissing .boom > li > details > summary").first().click();
  await schot(page, "03-minima-besluit");

  // Print: the button prints; with print media only the summary shows.
  await page.click("#afdrukken");
  assert.equal(await page.evaluate(() => window.__afgedrukt), 1);
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".links").isVisible(), false);
  assert.equal(await page.locator("#samenvatting").isVisible(), true);
  assert.equal(await page.locator("#samenvatting details:not([open])").count(), 0);
  assert.match(await page.locator(".motivering-tekst").innerText(), /\S/);
  await schot(page, "04-minima-afdruk");
  await page.emulateMedia({ media: "screen" });

  // Download: the case and the result with regeling, version and hashes.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#downloaden")]);
  const bestand = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.equal(bestand.regeling, "heemskerk.minimaregelingen");
  assert.equal(bestand.versie, "2025");
  assert.deepEqual(bestand.casus, doc.case);
  assert.deepEqual(bestand.resultaat.outputs, doc.expected);
  assert.ok(bestand.bronnen.length >= 1);
  for (const b of bestand.bronnen) assert.match(b.hash, /^sha256:[0-9a-f]{64}$/);
  assert.match(bestand.uitleg, /\S/);
  await context.close();
  assert.deepEqual(extern, []);
  assert.deepEqual(paginaFouten, []);
});

test("minimaregelingen: een ongeldig bedrag krijgt een Nederlandse foutmelding", async () => {
  const { context, page } = await openApp();
  await kies(page, "heemskerk.minimaregelingen", "2025-03-01");
  const doc = leesCase("heemskerk__minimaregelingen", "heemskerk__minimaregelingen-1-008.json");
  // Answer until the income question shows, then type nonsense.
  for (let i = 0; i < 20 && !(await page.locator('li[data-vraag="inkomen_per_maand"]').count()); i++) {
    const namen = await page.locator("#vragenlijst > li").evaluateAll((lis) => lis.map((li) => li.dataset.vraag));
    const open = [];
    for (const n of namen) {
      const leeg = await page.locator(`li[data-vraag="${n}"]`).evaluate((li) => !li.querySelector("input:checked") && ![...li.querySelectorAll("input[type=text],input[type=date]")].some((x) => x.value));
      if (leeg) open.push(n);
    }
    await vul(page.locator(`#vragenlijst > li[data-vraag="${open[0]}"] > *`).first(), doc.case[open[0]]);
  }
  const input = page.locator('li[data-vraag="inkomen_per_maand"] input');
  await input.fill("1.23.4");
  await input.press("Tab");
  assert.equal(await input.getAttribute("aria-invalid"), "true");
  assert.match(await page.locator('li[data-vraag="inkomen_per_maand"] .foutmelding').innerText(), /duizendtallen|geen getal/);
  await schot(page, "05-minima-foutmelding");
  await input.fill("1.597,81");
  await input.press("Tab");
  assert.equal(await input.getAttribute("aria-invalid"), null);
  await context.close();
  assert.deepEqual(extern, []);
});

test("grenzen: een aantal kamers onder 0 krijgt een Nederlandse melding met het bereik", async () => {
  const { context, page } = await openApp();
  // HBEL: `invoer kamers_extra_in_gebruik: geheel getal minimaal 0`.
  await kies(page, "hbel.huishoudelijke_ondersteuning", "2024-05-01");
  const vraag = page.locator('li[data-vraag="kamers_extra_in_gebruik"]');
  const input = vraag.locator("input");
  await input.waitFor({ state: "visible" });
  assert.equal(await input.getAttribute("min"), "0");
  await input.fill("-1");
  await input.press("Tab");
  assert.equal(await input.getAttribute("aria-invalid"), "true");
  assert.equal(
    await vraag.locator(".foutmelding").innerText(),
    "Deze waarde is niet toegestaan: vul een waarde in ten minste 0.",
  );
  await input.fill("0");
  await input.press("Tab");
  assert.equal(await input.getAttribute("aria-invalid"), null);
  await context.close();
  assert.deepEqual(extern, []);
});

test("wmo-toegang: alleen de nodige vragen; eigen kracht beslist meteen", async () => {
  const { context, page } = await openApp();
  await kies(page, "heemskerk.wmo_toegang", "2026-02-01");
  const casus = { peildatum: "2026-02-01", eigen_kracht_toereikend: true };
  const gevraagd = await beantwoord(page, casus);
  assert.deepEqual(gevraagd, ["eigen_kracht_toereikend"]);
  assert.deepEqual(
    await page.locator("#vragenlijst > li").evaluateAll((lis) => lis.map((li) => li.dataset.vraag)),
    ["eigen_kracht_toereikend"],
  );
  assert.match(await uitkomst(page, "route").innerText(), /eigen kracht/);
  assert.match(await uitkomst(page, "document").innerText(), /geen/);
  const route = await page.locator("#beslissing .route").innerText();
  assert.match(route, /stap 1/);
  assert.match(route, /stap 1\.\s+art\. 4 Verordening/);
  await schot(page, "06-wmo-eigen-kracht");
  await context.close();
  assert.deepEqual(extern, []);
  assert.deepEqual(paginaFouten, []);
});

test("peildatum buiten elke versie: een duidelijke Nederlandse melding, geen consolefout", async () => {
  const { context, page } = await openApp();
  await kies(page, "heemskerk.wmo_toegang", "2019-01-01");
  const fout = page.locator("#schema-fout");
  await fout.waitFor({ state: "visible" });
  assert.equal(await fout.innerText(), "geen versie van de regeling `heemskerk.wmo_toegang` geldig op 2019-01-01");
  assert.equal(await page.locator("#vragenlijst > li").count(), 0);
  assert.equal(await page.locator("#peildatum-keuze").isVisible(), false);
  // A valid date again: the questions return and the message goes.
  await page.fill("#peildatum", "2026-02-01");
  await page.locator("#vragenlijst > li").first().waitFor();
  assert.equal(await fout.isVisible(), false);
  await context.close();
  assert.deepEqual(extern, []);
  assert.deepEqual(paginaFouten, []);
});

test("standaardpeildatum: vandaag als de regeling dan geldt, anders de dichtstbijzijnde geldige dag, met een melding", async () => {
  // 1 March 2027: the landelijke Wmo eigen bijdrage ends on 31 December 2026.
  const { context, page } = await openApp({ vandaag: "2027-03-01" });
  const noot = page.locator("#peildatum-keuze");
  // The first regeling (minimaregelingen) is in force: today, no note.
  assert.equal(await page.inputValue("#peildatum"), "2027-03-01");
  assert.equal(await noot.isVisible(), false);
  assert.equal(await page.locator("#schema-fout").isVisible(), false);
  // Heemskerk's own regeling has no end, but the landelijke it builds on does.
  await kies(page, "heemskerk.wmo_eigen_bijdrage");
  assert.equal(await page.inputValue("#peildatum"), "2026-12-31");
  assert.equal(await noot.innerText(),
    "Peildatum 31 december 2026 gekozen: op vandaag (1 maart 2027) geldt geen versie van deze regeling of van een regeling die zij gebruikt. U kunt een andere datum kiezen.");
  assert.equal(await page.locator("#schema-fout").isVisible(), false);
  await page.locator("#vragenlijst > li").first().waitFor();
  await schot(page, "13-standaardpeildatum");
  // Back to a regeling in force today: today again.
  await kies(page, "heemskerk.minimaregelingen");
  assert.equal(await page.inputValue("#peildatum"), "2027-03-01");
  assert.equal(await noot.isVisible(), false);
  // A date the consulent typed stays, whichever regeling follows.
  await page.fill("#peildatum", "2025-06-01");
  await kies(page, "heemskerk.wmo_eigen_bijdrage");
  assert.equal(await page.inputValue("#peildatum"), "2025-06-01");
  assert.equal(await noot.isVisible(), false);
  await context.close();
  assert.deepEqual(extern, []);
  assert.deepEqual(paginaFouten, []);
});

test("wmo-toegang: Powerful Ageing, met de afleiding en artikel 4 lid 3", async () => {
  const { context, page } = await openApp();
  const casus = {
    peildatum: "2026-02-01",
    client: { geboortedatum: "1948-03-01" },
    hulpvraag: "huishouden",
    eigen_kracht_toereikend: false,
    huisgenoot_kan_gebruikelijke_hulp: false,
    netwerk_kan_helpen: false,
    voorliggende_voorziening: false,
    complexe_problematiek: false,
    powerful_ageing_gevolgd: false,
  };
  await kies(page, "heemskerk.wmo_toegang", casus.peildatum);
  await beantwoord(page, casus);
  // The keuze value by its label in the rules.
  assert.match(await uitkomst(page, "route").innerText(), /Powerful Ageing/);
  assert.match(await uitkomst(page, "voorziening").innerText(), /geen/);
  assert.match(await uitkomst(page, "tarief").innerText(), /€ 0,00/);
  const route = await page.locator("#beslissing .route").innerText();
  assert.match(route, /stap 5/);
  assert.match(route, /art\. 4\b.*lid 3/s);
  assert.match(route, /Powerful Ageing/);
  // The tree: open the route and find the client's age input used.
  const boom = page.locator("#beslissing .boom");
  const routeKnoop = boom.locator(":scope > li > details").first();
  await routeKnoop.locator(":scope > summary").click();
  assert.equal(await routeKnoop.getAttribute("open"), "");
  await routeKnoop.evaluate((d) => {
    for (const x of d.querySelectorAll("details")) x.open = true;
  });
  const afleiding = await routeKnoop.innerText();
  assert.match(afleiding, /Stap 5 van het afwegingskader: powerful ageing/);
  assert.match(afleiding, /Client = geboortedatum: 1 maart 1948|Client = .*1948/);
  assert.match(afleiding, /Powerful ageing minimumleeftijd = 65/);
  await schot(page, "07-wmo-powerful-ageing");
  await context.close();
  assert.deepEqual(extern, []);
  assert.deepEqual(paginaFouten, []);
});

test("afwijken: maatwerk op de uren van het normenkader, met verplichte reden en naam, in besluit en download", async () => {
  const { context, page } = await openApp();
  // HBEL: `uren_per_jaar` is afwijkbaar (maatwerk, Wmo 2015 art. 2.3.5 lid 3).
  const casus = {
    peildatum: "2024-05-01",
    client: { geboortedatum: "1950-02-01" },
    eigen_mogelijkheden: false,
    beperkingen: "geen",
    samenstelling_huishouden_extra: false,
    kamers_extra_in_gebruik: 0,
    kamers_extra_niet_in_gebruik: 0,
    bestaande_indicatie_uren_per_jaar: null,
  };
  await kies(page, "hbel.huishoudelijke_ondersteuning", casus.peildatum);
  await beantwoord(page, casus);
  // The questions as the rules ask them (`vraag`), keuze values by their `label`, and the
  // `hulp` text as the accessible description of the group or field.
  const beperkingen = page.locator('#vragenlijst > li[data-vraag="beperkingen"] > fieldset');
  assert.equal(await beperkingen.locator(":scope > legend").innerText(), "Vragen de beperkingen van de cliënt extra tijd?");
  assert.equal(await beperkingen.getByLabel("enige extra tijd", { exact: true }).count(), 1);
  const hulpId = (await beperkingen.getAttribute("aria-describedby")).split(" ")[0];
  assert.match(await page.locator(`#${hulpId}`).innerText(), /52 uur per jaar/);
  const kamers = page.locator('#vragenlijst > li[data-vraag="kamers_extra_in_gebruik"] input');
  const kamersHulp = (await kamers.getAttribute("aria-describedby")).split(" ")[0];
  assert.match(await page.locator(`#${kamersHulp}`).innerText(), /16 uur per jaar/);
  assert.match(await uitkomst(page, "uren_per_jaar").innerText(), /^108\b/);
  assert.match(await uitkomst(page, "minuten_per_week").innerText(), /^125\b/);
  await assert.doesNotReject(page.locator("#afwijken").waitFor({ state: "visible" }));
  assert.deepEqual(await page.locator("#afwijk-regel option").evaluateAll((o) => o.map((x) => x.value)), ["uren_per_jaar"]);
  assert.match(await page.locator("#afwijk-bron").innerText(), /Wmo 2015 art\. 2\.3\.5 lid 3/);
  await page.locator("#afwijk-waarde input").fill("170");
  // Without a reason and a name nothing is recorded.
  await page.click("#afwijk-knop");
  assert.equal(await page.locator("#afwijk-reden").getAttribute("aria-invalid"), "true");
  assert.equal(await page.locator("#afwijk-door").getAttribute("aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "afwijk-reden");
  assert.match(await uitkomst(page, "uren_per_jaar").innerText(), /^108\b/);
  await page.fill("#afwijk-reden", "Maatwerk: mantelzorger valt weg tot 1 juli, tijdelijk meer uren");
  await page.fill("#afwijk-door", "J. de Vries");
  await page.click("#afwijk-knop");
  // The deviation, and what follows from it: 170 × 60 / 52 = 196,15 → 197 minutes.
  assert.match(await uitkomst(page, "uren_per_jaar").innerText(), /^170\b.*afgeweken/s);
  assert.match(await uitkomst(page, "minuten_per_week").innerText(), /^197\b/);
  assert.match(await uitkomst(page, "frequentie").innerText(), /wekelijks/);
  const tabel = await page.locator("#beslissing .afwijkingen").innerText();
  assert.match(tabel, /\b108\b/);
  assert.match(tabel, /\b170\b/);
  assert.match(tabel, /mantelzorger valt weg/);
  assert.match(tabel, /J\. de Vries/);
  await schot(page, "08-afwijking");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#downloaden")]);
  const bestand = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.deepEqual(bestand.afwijkingen, [{ regel: "uren_per_jaar", waarde: 170, reden: "Maatwerk: mantelzorger valt weg tot 1 juli, tijdelijk meer uren", door: "J. de Vries" }]);
  assert.equal(bestand.resultaat.outputs.uren_per_jaar, 170);
  assert.equal(bestand.resultaat.outputs.minuten_per_week, 197);
  // Withdrawing the override restores the computed value.
  await page.getByRole("button", { name: "Afwijking op Uren per jaar intrekken" }).click();
  assert.match(await uitkomst(page, "uren_per_jaar").innerText(), /^108\b/);
  await context.close();
  assert.deepEqual(extern, []);
  assert.deepEqual(paginaFouten, []);
});

/** Paths the page requested from the on-demand diff module (pkg/vergelijken/). */
function volgVergelijkModule(page) {
  const paden = [];
  page.on("request", (r) => {
    const pad = new URL(r.url()).pathname;
    if (pad.includes("/pkg/vergelijken/")) paden.push(pad);
  });
  return paden;
}

test("versies vergelijken: wmo-toegang 2025 → 2026, gegroepeerd, met artikelen", async () => {
  const { context, page } = await openApp();
  const vergelijkModule = volgVergelijkModule(page);
  // The consulent's engine has no diff: it comes in a second module.
  assert.equal(await page.evaluate(async () => typeof (await import("./pkg/regelwerk_wasm.js")).Regelwerk.prototype.diff), "undefined");
  // One version only: nothing to compare, and no form.
  await kies(page, "hbel.huishoudelijke_ondersteuning", "2024-05-01");
  assert.equal(await page.locator("#versies-een").isVisible(), true);
  assert.equal(await page.locator("#versies-form").isVisible(), false);

  await kies(page, "heemskerk.wmo_toegang", "2026-02-01");
  assert.equal(await page.locator("#versies-form").isVisible(), true);
  assert.deepEqual(await page.locator("#diff-van option").evaluateAll((o) => o.map((x) => x.value)), ["2025", "2026"]);
  assert.equal(await page.inputValue("#diff-van"), "2025");
  assert.equal(await page.inputValue("#diff-naar"), "2026");
  // Nothing of the diff module is fetched before "Vergelijken" is pressed.
  assert.deepEqual(vergelijkModule, []);
  await page.click("#diff-knop");
  const res = page.locator("#diff-resultaat");
  await res.locator(".diff").waitFor();
  assert.deepEqual(vergelijkModule.toSorted(), ["/pkg/vergelijken/regelwerk_wasm.js", "/pkg/vergelijken/regelwerk_wasm_bg.wasm"]);
  assert.equal(await page.locator("#diff-laden").isVisible(), false);
  // Checked against `regelwerk diff rules/heemskerk/wmo-toegang/2025.regels rules/heemskerk/wmo-toegang/2026.regels`
  // (9 changed since the household overview's `vervolg powerful_ageing`, new in 2026, is in `uitvoer`).
  assert.match(await res.locator(".diff-kop").innerText(),
    /versie 2025 \(geldig van 2025-01-01 tot en met 2025-12-31\).*versie 2026 \(geldig vanaf 2026-01-01\)/s);
  assert.equal(await res.locator(".diff-telling").innerText(), "Samenvatting: 1 toegevoegd, 0 verwijderd, 9 gewijzigd.");
  assert.match(await page.locator("#diff-melding").textContent(), /^Versie 2025 vergeleken met versie 2026: 1 toegevoegd, 0 verwijderd, 9 gewijzigd\.$/);
  assert.deepEqual(await res.locator(".diff-groep > h4").allInnerTexts(),
    ["Regeling", "Keuzes", "Invoer", "Uitvoer", "Parameters", "Artikelen", "Tabellen", "Afwegingen", "Tests"]);

  // The tariff table of article 5: changed tariffs, a new row.
  const tabel = res.locator('li.wijziging[data-soort="tabel"][data-naam="algemene_voorzieningen"]');
  assert.match(await tabel.locator(".wijziging-kop").innerText(), /gewijzigd\s+tabel algemene_voorzieningen\s+art\. 5/i);
  const huishouden = tabel.locator("li.detail", { hasText: "rij huishouden, tarief" });
  assert.equal(await huishouden.locator("del").innerText(), "€ 16,50 per uur");
  assert.equal(await huishouden.locator("ins").innerText(), "€ 17,25 per uur");
  const vervoer = tabel.locator("li.detail", { hasText: "rij vervoer, tarief" });
  assert.equal(await vervoer.locator("del").innerText(), "€ 1,10 per rit");
  assert.equal(await vervoer.locator("ins").innerText(), "€ 1,25 per rit");
  assert.match(await tabel.locator("li.detail-toegevoegd", { hasText: "rij wassen" }).locator("ins").innerText(),
    /\| wassen \| wasservice \| € 9,50 per week \| € 14 per week \|/);
  assert.match(await tabel.locator("li.detail-verwijderd").innerText(), /rij wassen, mobiliteit, rolstoel, begeleiding/);

  // A new parameter under article 4, with its value.
  const param = res.locator('li.wijziging-toegevoegd[data-soort="parameter"][data-naam="powerful_ageing_minimumleeftijd"]');
  assert.match(await param.locator(".wijziging-kop").innerText(), /art\. 4/);
  assert.match(await param.locator("ins").innerText(), /parameter powerful_ageing_minimumleeftijd: geheel getal = 65/);
  // A new ladder step in the afwegingskader (article 4 lid 3).
  const route = res.locator('li.wijziging[data-soort="afweging"][data-naam="route"]');
  assert.match(await route.locator(".wijziging-kop").innerText(), /art\. 4/);
  assert.match(await route.locator("li.detail-toegevoegd ins").innerText(), /^stap powerful_ageing als hulpvraag = huishouden/);
  // New keuze values, and the rewritten article text: the changed words
  // marked (the engine's word runs, as `regelwerk diff` marks them), old and
  // new in full under a toggle.
  assert.deepEqual(await res.locator('li[data-soort="keuze"][data-naam="Voorziening"] li.detail-toegevoegd ins').allInnerTexts(),
    ["wasservice", "scootmobielpool"]);
  const artikel = res.locator('li.wijziging[data-soort="artikel"][data-naam="4"] li.detail', { hasText: "tekst" });
  // (textContent: the screen-reader prefixes are positioned out of view.)
  const toegevoegd = await artikel.locator(".woorden ins").allTextContents();
  assert.ok(toegevoegd.some((t) => /^toegevoegd: door deelname aan Powerful Ageing \(lid 3\);$/.test(t)), JSON.stringify(toegevoegd));
  // Lid 3 is a part of its own in 2026 (`lid "3"`): the text loses no
  // words, and the part shows as added.
  assert.deepEqual(await artikel.locator(".woorden del").allTextContents(), []);
  const delen = res.locator('li.wijziging[data-soort="artikel"][data-naam="4"] li.detail', { hasText: "delen" });
  assert.match(await delen.textContent(), /lid 3: """een cliënt van 65 jaar of ouder/);
  assert.match(await artikel.locator(".woorden").textContent(), /^"""Het college stelt bij een melding vast/);
  // The whole texts sit in a closed <details> (not rendered, so textContent).
  assert.doesNotMatch(await artikel.locator(".geheel-tekst del").textContent(), /Powerful Ageing/);
  assert.match(await artikel.locator(".geheel-tekst ins").textContent(), /door deelname aan Powerful Ageing \(lid 3\)/);
  // Tests are counted apart; layout-only changes are named apart.
  assert.match(await res.locator('.diff-groep[data-soort="test"] .tests-telling').innerText(), /^19 tests toegevoegd, 24 verwijderd, 0 gewijzigd/);
  assert.equal(await res.locator(".opmaak").innerText(), "Alleen opmaak (geen betekenis): commentaar gewijzigd.");
  // Every control of the view has a name.
  const naamloos = await page.evaluate(() => [...document.querySelectorAll("#versies input, #versies select, #versies button")]
    .filter((el) => !(el.labels?.length || el.getAttribute("aria-label") || (el.tagName === "BUTTON" && el.textContent.trim())))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(naamloos, []);
  await page.locator("#versies").scrollIntoViewIfNeeded();
  await schot(page, "11-versies-vergelijken");

  // Another regeling clears the view and offers its own versions.
  await kies(page, "landelijk.wmo_eigen_bijdrage", "2020-03-01");
  assert.equal(await res.innerText(), "");
  await page.selectOption("#diff-van", "2018");
  await page.selectOption("#diff-naar", "2019");
  await page.click("#diff-knop");
  await res.locator(".diff").waitFor();
  assert.match(await res.locator(".diff-kop").innerText(), /versie 2018 .*versie 2019/s);
  assert.ok(await res.locator(".wijziging").count() > 0);
  // The module was loaded once.
  assert.equal(vergelijkModule.length, 2);
  await context.close();
  assert.deepEqual(extern, []);
  assert.deepEqual(paginaFouten, []);
});

test("versies vergelijken: laden mislukt → Nederlandse melding, opnieuw proberen lukt", async () => {
  const { context, page } = await openApp();
  const fouten = paginaFouten.length;
  // The module's code cannot be fetched (as on a broken connection).
  let tegengehouden = 0;
  await page.route("**/pkg/vergelijken/regelwerk_wasm.js*", (route) => {
    tegengehouden++;
    return route.abort("internetdisconnected");
  });
  await kies(page, "heemskerk.wmo_toegang", "2026-02-01");
  await page.click("#diff-knop");
  const fout = page.locator("#diff-fout");
  await fout.waitFor({ state: "visible" });
  assert.equal(await fout.innerText(), "De vergelijkfunctie kon niet worden geladen. Controleer de verbinding en druk opnieuw op Vergelijken.");
  assert.equal(await page.locator("#diff-laden").isVisible(), false);
  assert.equal(await page.locator("#diff-resultaat").innerText(), "");
  assert.equal(tegengehouden, 1);
  await schot(page, "12-vergelijken-laden-mislukt");

  // The connection is back: the same button now loads it (the loading
  // message shows while the module is held back) and compares.
  await page.unroute("**/pkg/vergelijken/regelwerk_wasm.js*");
  let laat;
  const vrij = new Promise((ok) => { laat = ok; });
  await page.route("**/pkg/vergelijken/regelwerk_wasm_bg.wasm", async (route) => {
    await vrij;
    await route.continue();
  });
  await page.click("#diff-knop");
  const laden = page.locator("#diff-laden");
  await laden.waitFor({ state: "visible" });
  assert.equal(await laden.innerText(), "De vergelijkfunctie wordt geladen…");
  assert.equal(await laden.getAttribute("role"), "status");
  laat();
  await page.locator("#diff-resultaat .diff").waitFor();
  assert.equal(await laden.isVisible(), false);
  assert.equal(await fout.isVisible(), false);
  assert.equal(await page.locator("#diff-resultaat .diff-telling").innerText(), "Samenvatting: 1 toegevoegd, 0 verwijderd, 9 gewijzigd.");
  await context.close();
  // The failed fetch is reported in the console (by Chromium and the app); nothing else.
  const nieuw = paginaFouten.splice(fouten);
  assert.ok(nieuw.length > 0);
  for (const f of nieuw) assert.match(f, /ERR_INTERNET_DISCONNECTED|Failed to fetch dynamically imported module|regelwerk_wasm\.js/);
  assert.deepEqual(extern, []);
  assert.deepEqual(paginaFouten, []);
});

/**
 * Waits until the page is idle (the browser's own idle callback, not a
 * fixed time), so a reload measures a visit, not the end of the last one.
 */
function rustig(page) {
  return page.evaluate(() => new Promise((klaar) => requestIdleCallback(() => klaar(), { timeout: 2000 })));
}

/** Opens a case file in the app and returns the startup and decision times (ms). */
async function meetEersteBeslissing(page, doc) {
  await page.setInputFiles("#casus-openen", {
    name: "casus.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(doc)),
  });
  await page.locator("#beslissing .besluit").waitFor();
  return page.evaluate(() => {
    const m = (n) => performance.getEntriesByName(n).map((e) => e.startTime);
    const open = m("rw:casus-openen").at(-1);
    const besluit = m("rw:beslissing").find((x) => x >= open);
    const nav = performance.getEntriesByType("navigation")[0];
    const r = (x) => Math.round(x * 10) / 10;
    // The engine's share (the app's timing hook, every call until the
    // first decision): per phase the time spent in wasm calls.
    const rekenkern = (van, tot) => r(performance.getEntriesByType("measure")
      .filter((e) => e.name.startsWith("rw:rekenkern:") && e.startTime >= van && e.startTime < tot)
      .reduce((som, e) => som + e.duration, 0));
    const klaar = m("rw:klaar")[0];
    return {
      html_geladen: r(nav.responseEnd),
      load_event: r(nav.loadEventEnd),
      start_app: r(m("rw:start")[0]),
      wasm_geladen: r(m("rw:wasm-geladen")[0]),
      regels_geladen: r(m("rw:regels-geladen")[0]),
      formulier: r(m("rw:formulier")[0]),
      klaar: r(klaar),
      rekenkern_tot_klaar: rekenkern(0, klaar),
      beslissen: r(besluit - open),
      rekenkern_beslissen: rekenkern(open, besluit),
      totaal: r(klaar + besluit - open),
    };
  });
}

test("eerste beslissing: tijd van laden tot beslissing, eerste en volgend bezoek", async () => {
  const { context, page } = await openApp();
  const doc = leesCase("heemskerk__wmo-toegang", "heemskerk__wmo-toegang-1-001.json");
  const eerste = await meetEersteBeslissing(page, doc);
  assert.match(await uitkomst(page, "route").innerText(), /maatwerkvoorziening/);
  // A consulent opens the app every day: the second visit revalidates the
  // files (304) and Chromium reuses the optimised wasm code it cached.
  const volgende = [];
  for (let i = 0; i < 3; i++) {
    await rustig(page);
    await page.reload();
    await page.locator("#app").waitFor({ state: "visible" });
    volgende.push(await meetEersteBeslissing(page, doc));
  }
  const besteVolgende = volgende.reduce((a, b) => (b.totaal < a.totaal ? b : a));
  await context.close();
  // The first visit above starts while Chromium, launched just before, is
  // still starting itself (hundreds of ms of processor time on this 2-core
  // machine). Once more, cold again (a new context has its own caches and
  // renderer process), with the browser already running, as a consulent's is
  // (and done closing the first context).
  const tweede = await openApp();
  const eersteGestart = await meetEersteBeslissing(tweede.page, doc);
  assert.match(await uitkomst(tweede.page, "route").innerText(), /maatwerkvoorziening/);
  await tweede.context.close();
  metingen.eerste_beslissing_ms = {
    eerste_bezoek: eerste,
    eerste_bezoek_browser_al_gestart: eersteGestart,
    volgend_bezoek: besteVolgende,
    alle_volgende: volgende.map((v) => v.totaal),
  };
  // Measured, never asserted: time depends on the machine and its load. The
  // numbers go to artifacts/browser-metingen.json and docs/browser.md
  // (target 300 ms); the test checks that every phase was recorded.
  console.log(`eerste beslissing: eerste bezoek ${eerste.totaal} ms (browser al gestart: ${eersteGestart.totaal} ms), volgend bezoek ${besteVolgende.totaal} ms (doel 300 ms)`);
  for (const m of [eerste, eersteGestart, ...volgende]) {
    for (const [fase, ms] of Object.entries(m)) assert.ok(Number.isFinite(ms) && ms >= 0, `${fase}: ${ms}`);
  }
  assert.deepEqual(extern, []);
});

test("offline: na het eerste bezoek start de app zonder netwerk", async () => {
  const { context, page } = await openApp({ serviceWorkers: "allow" });
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Reload once so the page is controlled, then cut the network.
  await page.reload();
  await page.locator("#app").waitFor({ state: "visible" });
  await context.setOffline(true);
  await page.reload();
  await page.locator("#app").waitFor({ state: "visible" });
  assert.ok(await page.locator("#regeling option").count() >= 2);
  assert.match(await page.locator("#offline-status").innerText(), /offline/);
  await kies(page, "heemskerk.wmo_toegang", "2026-02-01");
  await beantwoord(page, { peildatum: "2026-02-01", eigen_kracht_toereikend: true });
  assert.match(await uitkomst(page, "route").innerText(), /eigen kracht/);
  await schot(page, "09-offline");
  // The diff module was never used online, yet the worker cached it.
  await page.click("#diff-knop");
  await page.locator("#diff-resultaat .diff").waitFor();
  assert.equal(await page.locator("#diff-resultaat .diff-telling").innerText(), "Samenvatting: 1 toegevoegd, 0 verwijderd, 9 gewijzigd.");
  await context.close();
  assert.deepEqual(extern, []);
});

test("toegankelijk: labels, toetsenbord en zichtbare focus", async () => {
  const { context, page } = await openApp({ viewport: { width: 390, height: 844 } });
  await kies(page, "heemskerk.minimaregelingen", "2025-03-01");
  // Every visible form control has an accessible name.
  const naamloos = await page.evaluate(() => [...document.querySelectorAll("input, select, textarea, button")]
    .filter((el) => el.offsetParent !== null)
    .filter((el) => !(el.labels?.length || el.getAttribute("aria-label") || (el.tagName === "BUTTON" && el.textContent.trim())))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(naamloos, []);
  // Keyboard only: tab to the first question and answer it with the keys.
  await page.focus("#peildatum");
  let gevonden = false;
  for (let i = 0; i < 12 && !gevonden; i++) {
    await page.keyboard.press("Tab");
    gevonden = await page.evaluate(() => !!document.activeElement?.closest("#vragenlijst"));
  }
  assert.ok(gevonden, "de eerste vraag is met Tab bereikbaar");
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { outline: s.outlineStyle, breedte: s.outlineWidth, schaduw: s.boxShadow };
  });
  assert.notEqual(ring.outline, "none", JSON.stringify(ring));
  await schot(page, "10-smal-focus", { fullPage: false });
  await page.keyboard.press("Space");
  const antwoord = await page.evaluate(() => document.activeElement?.checked ?? null);
  assert.equal(antwoord, true);
  await context.close();
  assert.deepEqual(extern, []);
});
