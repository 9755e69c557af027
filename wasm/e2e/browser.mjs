// The harness the end-to-end tests of the toegang app share: Debian's
// headless Chromium (driven by playwright-core; no browser download) on a
// tiny server for wasm/web on 127.0.0.1, a watch on every request and on
// console errors, and helpers that answer an interview as a consulent would
// (Dutch notation, radios, lists, optionals).
//
// A test file calls `gebruikBrowser()` once at its top level; `openApp()`
// then gives a fresh context and page per test, and `extern` / `paginaFouten`
// hold what that test's pages did wrong.

import { after, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "./server.mjs";

const hier = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(hier, "../..");
export const WEB = join(ROOT, "wasm/web");
export const CASES = join(ROOT, "tests/conformance/cases");
const SHOTS = join(ROOT, "artifacts/screenshots");
/** Images for the docs; written only when REGELWERK_DOCS_IMG=1 (they are in git). */
const DOC_IMG = join(ROOT, "docs/img");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  // Dutch browser UI (date inputs as dd-mm-jjjj, file picker text), as at the toegang.
  "--lang=nl-NL",
];

/**
 * The day the app's clock says it is, unless a test says otherwise: the
 * app's default peildatum is today, so no test may depend on the calendar.
 */
export const VANDAAG = "2026-02-01";

/** Requests to anything but 127.0.0.1, from any page or worker (of the current test). */
export const extern = [];
/** Console errors, CSP violations and uncaught exceptions (of the current test). */
export const paginaFouten = [];

let server;
let browser;

/** Debian's headless Chromium as every e2e test drives it (Dutch UI, no network extras). */
export function startChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: FLAGS,
    headless: true,
    env: { ...process.env, LANG: "nl_NL.UTF-8", LANGUAGE: "nl" },
  });
}

/** Registers the hooks that start and stop the server and Chromium, and reset the watch per test. */
export function gebruikBrowser() {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    assert.ok(existsSync(join(WEB, "pkg/regelwerk_wasm_bg.wasm")), "wasm/web/pkg ontbreekt: draai scripts/build-wasm.sh");
    server = await startServer(WEB);
    browser = await startChromium();
  });
  // Each test sees only its own requests and errors.
  beforeEach(() => {
    extern.length = 0;
    paginaFouten.length = 0;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}

/** The engine's Node build (scripts/build-wasm.sh) on the shipped bundle, to compare the app with. */
export function nodeRegelwerk() {
  const { Regelwerk } = createRequire(import.meta.url)(join(ROOT, "wasm/pkg-node/regelwerk_wasm.js"));
  return new Regelwerk(readFileSync(join(WEB, "pkg/regels.json"), "utf8"));
}

export function leesCase(map, bestand) {
  return JSON.parse(readFileSync(join(CASES, map, bestand), "utf8"));
}

/**
 * A fresh context and page on the app, with the network and error watch,
 * on a fixed day (`vandaag`, JJJJ-MM-DD). `voor(page)` runs before the
 * page is opened (to hold back a request, say); `wacht` is what shows when
 * the app is ready.
 */
export async function openApp({
  serviceWorkers = "block", viewport = { width: 1280, height: 900 }, printStub = true, vandaag = VANDAAG,
  voor = async () => {}, wacht = "#app",
} = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: "nl-NL", serviceWorkers });
  // Only `Date` is moved (to 10:00 on that day, running on from there):
  // Playwright's clock would fake `performance` too, and the timing tests
  // read the app's performance marks.
  await context.addInitScript((begin) => {
    const Echt = Date;
    const verschil = begin - Echt.now();
    class VasteDag extends Echt {
      constructor(...args) {
        super(...(args.length ? args : [Echt.now() + verschil]));
      }
      static now() {
        return Echt.now() + verschil;
      }
    }
    globalThis.Date = VasteDag;
  }, new Date(`${vandaag}T10:00:00`).getTime());
  context.on("request", (r) => {
    const u = new URL(r.url());
    if (!["blob:", "data:"].includes(u.protocol) && u.hostname !== "127.0.0.1") extern.push(r.url());
  });
  if (printStub) {
    await context.addInitScript(() => {
      window.__afgedrukt = 0;
      window.print = () => {
        window.__afgedrukt++;
      };
    });
  }
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || /Content.Security.Policy|Refused to/i.test(m.text())) paginaFouten.push(m.text());
  });
  page.on("pageerror", (e) => paginaFouten.push(e.message));
  await voor(page);
  await page.goto(server.url);
  await page.locator(wacht).waitFor({ state: "visible" });
  return { context, page };
}

/** Closes a test's context; nothing may have left 127.0.0.1 and no page error have occurred. */
export async function sluit(context) {
  await context.close();
  assert.deepEqual(extern, []);
  assert.deepEqual(paginaFouten, []);
}

/** A screenshot of the test run, in artifacts/screenshots/. */
export function schot(page, naam, opties = {}) {
  return page.screenshot({ path: join(SHOTS, `${naam}.png`), fullPage: true, ...opties });
}

/**
 * A screenshot for the docs (docs/img/<naam>.png) of a page or one element
 * (a locator; with `maxHoogte`, only its top that many px high), taken only
 * with REGELWERK_DOCS_IMG=1 so an ordinary test run leaves the tracked
 * images alone: `REGELWERK_DOCS_IMG=1 node --test wasm/e2e/` renews them.
 */
export async function docSchot(doel, naam, { maxHoogte, ...opties } = {}) {
  if (process.env.REGELWERK_DOCS_IMG !== "1") return;
  mkdirSync(DOC_IMG, { recursive: true });
  const path = join(DOC_IMG, `${naam}.png`);
  if (!maxHoogte) {
    await doel.screenshot({ path, ...opties });
    return;
  }
  // The top of a long element only: its box on the whole page, cut off.
  const vak = await doel.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
  });
  await doel.page().screenshot({ path, fullPage: true, clip: { ...vak, height: Math.min(vak.height, maxHoogte) }, ...opties });
}

/** "1597.81" → "1.597,81": how a consulent types an amount. */
export function nederlands(bedrag) {
  const [heel, frac] = bedrag.split(".");
  return `${heel.replace(/\B(?=(\d{3})+(?!\d))/g, ".")}${frac && frac !== "00" ? `,${frac}` : ""}`;
}

/**
 * Fills one widget (the element a question or field renders) with a
 * case-JSON value, through the UI only.
 */
export async function vul(loc, waarde) {
  const info = await loc.evaluate((el) => ({
    tag: el.tagName.toLowerCase(),
    klasse: el.className,
    radios: el.querySelectorAll(":scope > .radios input[type=radio]").length,
    select: !!el.querySelector(":scope > select"),
    datum: !!el.querySelector(":scope > input[type=date]"),
  }));
  if (info.klasse.includes("optioneel")) {
    if (waarde === null) {
      await loc.locator(":scope > .radios").getByLabel("Niet van toepassing", { exact: true }).check();
      return;
    }
    await loc.locator(":scope > .radios").getByLabel("Wel van toepassing, invullen").check();
    await vul(loc.locator(":scope > .optioneel-inhoud > *").first(), waarde);
    return;
  }
  if (info.klasse.includes("lijst")) {
    const keuze = loc.locator(":scope > fieldset.keuzes");
    if (waarde.length === 0) {
      await keuze.getByLabel("Nee, geen", { exact: true }).check();
      return;
    }
    await keuze.getByLabel("Ja", { exact: true }).check();
    for (let i = 0; i < waarde.length; i++) {
      if (i > 0) await loc.locator(":scope > .lijst-inhoud > button").click();
      await vul(loc.locator(".lijst-item").nth(i).locator(":scope > :last-child"), waarde[i]);
    }
    return;
  }
  if (info.klasse.includes("groep") && waarde && typeof waarde === "object") {
    for (const [k, v] of Object.entries(waarde)) await vul(loc.locator(`:scope > [data-veld="${k}"]`), v);
    // An optional field the case leaves out: "niet van toepassing", as a consulent answers it.
    const weg = await loc.locator(":scope > fieldset.optioneel[data-veld]").evaluateAll(
      (els, gegeven) => els.map((el) => el.dataset.veld).filter((k) => !gegeven.includes(k)),
      Object.keys(waarde),
    );
    for (const k of weg) await vul(loc.locator(`:scope > [data-veld="${k}"]`), null);
    return;
  }
  if (typeof waarde === "boolean") {
    await loc.locator(":scope > .radios").getByLabel(waarde ? "Ja" : "Nee", { exact: true }).check();
    return;
  }
  if (info.radios) {
    // By value: the visible text is the value's label from the rules.
    await loc.locator(`:scope > .radios input[value="${waarde}"]`).check();
    return;
  }
  if (info.select) {
    await loc.locator("select").selectOption(String(waarde));
    return;
  }
  if (info.datum) {
    await loc.locator("input").fill(String(waarde));
    return;
  }
  const input = loc.locator("input");
  const tekst = typeof waarde === "string" && /^-?\d+\.\d{2}$/.test(waarde) ? nederlands(waarde) : String(waarde);
  await input.fill(tekst);
  await input.press("Tab");
}

/**
 * Answers an interview from a case: always the first question on screen
 * that is not answered yet, until `klaar` is on the page. Returns the
 * questions in the order they were answered. `lijst` is the list of
 * questions (`li[data-vraag]`), the single mode's by default; `naElk` is
 * awaited after each answer.
 */
export async function beantwoord(page, casus, { lijst = "#vragenlijst", klaar = "#beslissing .besluit", naElk = async () => {} } = {}) {
  const gevraagd = [];
  for (let ronde = 0; ronde < 60; ronde++) {
    if (await page.locator(klaar).count()) return gevraagd;
    const namen = await page.locator(`${lijst} > li`).evaluateAll((lis) => lis.map((li) => li.dataset.vraag));
    const volgende = namen.find((n) => !gevraagd.includes(n));
    assert.ok(volgende, `geen vraag meer, maar ook geen beslissing (gevraagd: ${gevraagd.join(", ")})`);
    assert.ok(volgende in casus, `de app vraagt ${volgende}, dat niet in de casus staat`);
    await vul(page.locator(`${lijst} > li[data-vraag="${volgende}"] > *`).first(), casus[volgende]);
    gevraagd.push(volgende);
    await naElk(volgende);
  }
  assert.fail("te veel vragen");
}

/**
 * Opens a file (`doc` as JSON, or a text as is) with a file field: by
 * default the single mode's "Casus openen".
 */
export function openCasus(page, doc, naam = "casus.json", veld = "#casus-openen") {
  const tekst = typeof doc === "string" ? doc : JSON.stringify(doc);
  return page.setInputFiles(veld, { name: naam, mimeType: "application/json", buffer: Buffer.from(tekst) });
}

export async function kies(page, regelingId, peildatum) {
  const waarde = await page.locator("#regeling option").evaluateAll(
    (opts, id) => opts.find((o) => o.textContent.includes(`(${id})`))?.value,
    regelingId,
  );
  assert.ok(waarde, `regeling ${regelingId} staat niet in de keuzelijst`);
  await page.selectOption("#regeling", waarde);
  // Without a peildatum: the app's default stays.
  if (peildatum !== undefined) await page.fill("#peildatum", peildatum);
}

export function uitkomst(page, naam) {
  return page.locator(`#beslissing tr[data-uitkomst="${naam}"] td`).first();
}
