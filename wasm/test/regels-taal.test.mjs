// The werkbank's highlighting (wasm/editor/regels-taal.mjs) over the VS Code
// extension's TextMate grammar: lines of real rule files tokenised as
// CodeMirror's stream parser would, with a minimal stand-in for its stream.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { streamParser, tagVan } from "../editor/regels-taal.mjs";

const grammatica = JSON.parse(readFileSync(new URL("../../editors/vscode/syntaxes/regels.tmLanguage.json", import.meta.url), "utf8"));

/** [text, tag] per token of each line, as CodeMirror's StreamLanguage calls the parser. */
function tokens(tekst) {
  const p = streamParser(grammatica);
  const state = p.startState();
  return tekst.split("\n").map((regel) => {
    if (regel === "") {
      p.blankLine(state);
      return [];
    }
    const stream = { string: regel, pos: 0, start: 0, eol() { return this.pos >= this.string.length; }, next() { return this.string[this.pos++]; } };
    const uit = [];
    while (!stream.eol()) {
      stream.start = stream.pos;
      const tag = p.token(stream, state);
      assert.ok(stream.pos > stream.start, `geen voortgang in ${regel} bij ${stream.start}`);
      if (tag) uit.push([regel.slice(stream.start, stream.pos), tag]);
    }
    return uit;
  });
}

test("trefwoorden, namen, bedragen, commentaar en teksten krijgen hun kleur", () => {
  const [regel, param, commentaar] = tokens([
    "regel nihilstellingsgrens: bedrag per jaar? = grens_nihilstelling(categorie)",
    "parameter vermogensdeel: percentage = 4% // van het vermogen",
    "// alleen commentaar",
  ].join("\n"));
  assert.deepEqual(regel.slice(0, 4), [
    ["regel", "definitionKeyword"],
    ["nihilstellingsgrens", "variableName.function.definition"],
    [":", "punctuation"],
    ["bedrag", "typeName"],
  ]);
  assert.ok(regel.some(([t, tag]) => t === "grens_nihilstelling" && tag === "variableName.function"), JSON.stringify(regel));
  assert.ok(param.some(([t, tag]) => t === "4%" && tag === "number"), JSON.stringify(param));
  assert.deepEqual(param.at(-1), ["// van het vermogen", "comment"]);
  assert.deepEqual(commentaar, [["// alleen commentaar", "comment"]]);
});

test("een artikeltekst over meer regels blijft tekst tot de drie aanhalingstekens", () => {
  const lijnen = tokens('artikel "7" "Titel"\n  """De bijdrage is\n     regel als tekst."""\nregel x: getal = 1');
  assert.equal(lijnen[1].map(([t]) => t).join(""), '"""De bijdrage is');
  assert.ok(lijnen[1].every(([, tag]) => tag === "string"), JSON.stringify(lijnen[1]));
  assert.ok(lijnen[2].every(([, tag]) => tag === "string"), JSON.stringify(lijnen[2]));
  assert.deepEqual(lijnen[3][0], ["regel", "definitionKeyword"]);
});

test("een tabelrij: pijpen, bereik en bedragen", () => {
  const [rij] = tokens("  | ongehuwd_aow         | € 23.000 |");
  assert.deepEqual(rij.filter(([t]) => t === "|").length, 3);
  assert.ok(rij.some(([t, tag]) => t === "€ 23.000" && tag === "number"), JSON.stringify(rij));
});

test("elk bestand in rules/ wordt zonder vastlopen gekleurd", () => {
  const bestanden = ["rules/heemskerk/minimaregelingen/2025.regels", "rules/landelijk/bijstandsnormen/2024.regels"];
  for (const f of bestanden) {
    const lijnen = tokens(readFileSync(new URL(`../../${f}`, import.meta.url), "utf8"));
    assert.ok(lijnen.flat().some(([, tag]) => tag === "definitionKeyword"), f);
  }
});

test("scopes van TextMate naar CodeMirror: het langste voorvoegsel wint", () => {
  assert.equal(tagVan("keyword.other.declaration.regels"), "definitionKeyword");
  assert.equal(tagVan("keyword.other.rounding.regels"), "keyword");
  assert.equal(tagVan("meta.table.row.regels"), null);
});
