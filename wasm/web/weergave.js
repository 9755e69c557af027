// Small pieces of the screen both modes of the app (one regeling, the
// household) show the same way: an engine error, the interview's progress,
// a JSON download.

import { h } from "./form.js";

/** Shows the engine's `fout` (with its list of `fouten`) in `el`, or hides `el` when there is none. */
export function toonFout(el, fout) {
  el.replaceChildren();
  if (!fout) {
    el.hidden = true;
    return;
  }
  el.append(h("p", { tekst: fout.melding }));
  if (Array.isArray(fout.fouten) && fout.fouten.length) {
    el.append(h("ul", {}, fout.fouten.map((f) => h("li", { tekst: `${f.pad}: ${f.melding}` }))));
  }
  el.hidden = false;
}

/** "Nog 3 vragen te beantwoorden; 1 antwoord is ongeldig." — or that all are answered. */
export function voortgangTekst(open, ongeldig) {
  if (open === 0) return "Alle benodigde vragen zijn beantwoord.";
  const fout = ongeldig ? `; ${ongeldig} ${ongeldig === 1 ? "antwoord is" : "antwoorden zijn"} ongeldig` : "";
  return `Nog ${open} ${open === 1 ? "vraag" : "vragen"} te beantwoorden${fout}.`;
}

/** Saves `doc` as a JSON file through a local `blob:` address: nothing is sent. */
export function bewaarJson(bestandsnaam, doc) {
  const blob = new Blob([`${JSON.stringify(doc, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: bestandsnaam });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
