// One case file (`regeling`, `case`, `expected` | `expect_error`), checked
// the way the native runner does (engine/src/testing.rs run_case_file): the
// outputs must equal `expected` as JSON values; an expected error passes
// when evaluation fails with a message containing every text of
// `expect_error_contains`. Shared by the wasm conformance runner (Node,
// wasm/conformance.mjs) and the werkbank's case files (browser), so both
// judge a case file alike.

/** JSON value equality: objects regardless of key order, arrays in order. */
function gelijk(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => gelijk(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && gelijk(a[k], b[k]));
}

/** The differences, one line per output, as the native runner reports them. */
function verschillen(want, got) {
  if (!want || !got || typeof want !== "object" || typeof got !== "object") {
    return [`verwacht ${JSON.stringify(want)}, kreeg ${JSON.stringify(got)}`];
  }
  const uit = [];
  for (const [k, v] of Object.entries(want)) {
    if (!Object.hasOwn(got, k)) uit.push(`\`${k}\`: verwacht ${JSON.stringify(v)}, maar deze uitkomst ontbreekt`);
    else if (!gelijk(v, got[k])) uit.push(`\`${k}\`: verwacht ${JSON.stringify(v)}, kreeg ${JSON.stringify(got[k])}`);
  }
  for (const k of Object.keys(got)) {
    if (!Object.hasOwn(want, k)) uit.push(`\`${k}\`: onverwachte uitkomst ${JSON.stringify(got[k])}`);
  }
  return uit;
}

/**
 * The texts an expected error's message must contain (`expect_error_contains`:
 * a text or a list of texts), or a string saying what is wrong with the case
 * file. As engine/src/testing.rs run_case_file, with the same messages.
 */
function verwachteFoutteksten(doc, verwachtFout) {
  const teksten = doc.expect_error_contains;
  if (!verwachtFout) return teksten === undefined ? [] : '`expect_error_contains` zonder `"expect_error": true`';
  if (teksten === undefined) {
    return "het casusbestand verwacht een fout maar zegt niet welke: geef `expect_error_contains` met de tekst(en) die in de foutmelding moeten staan";
  }
  const lijst = typeof teksten === "string" ? [teksten] : teksten;
  const geldig = Array.isArray(lijst) && lijst.length > 0 && lijst.every((t) => typeof t === "string" && t.trim() !== "");
  return geldig ? lijst : "`expect_error_contains` moet een niet-lege tekst of lijst van niet-lege teksten zijn";
}

/**
 * Checks the parsed case file `doc` with `evalueer(caseJson)`, the engine's
 * answer (`{ ok, resultaat }` or `{ ok: false, fout }`) for its case.
 * @returns {{ fouten: string[], caseJson?: string, melding?: string, resultaat?: object }}
 *   the failures (empty: passed); `caseJson` once the file's shape is valid
 */
export function controleerCasusbestand(doc, evalueer) {
  if (typeof doc?.regeling !== "string") return { fouten: ["het casusbestand noemt geen `regeling`"] };
  if (!("case" in doc)) return { fouten: ["het casusbestand heeft geen `case`"] };
  const verwachtFout = doc.expect_error === true;
  const foutTeksten = verwachteFoutteksten(doc, verwachtFout);
  if (typeof foutTeksten === "string") return { fouten: [foutTeksten] };
  const caseJson = JSON.stringify(doc.case);
  const antwoord = evalueer(caseJson);
  if (!antwoord.ok) {
    const melding = antwoord.fout.melding;
    const fouten = verwachtFout
      ? foutTeksten.filter((t) => !melding.includes(t)).map((t) => `verwachtte een fout met "${t}", maar kreeg: ${melding}`)
      : [`onverwachte fout: ${melding}`];
    return { fouten, caseJson, melding };
  }
  if (verwachtFout) return { fouten: [`verwachtte een fout, maar kreeg: ${JSON.stringify(antwoord.resultaat.outputs)}`], caseJson };
  if (!("expected" in doc)) return { fouten: ["het casusbestand heeft geen `expected` of `expect_error`"] };
  return { fouten: verschillen(doc.expected, antwoord.resultaat?.outputs), caseJson, resultaat: antwoord.resultaat };
}
