// Tokenizes every file of the rule library (rules/**/*.regels) with the
// TextMate grammar, the way VS Code does, and fails when the grammar loses
// its way on real text: a text (`"…"`) not closed on its line, an article
// text (`"""…"""`) still open at the end of the file, or a reserved word of
// the language (a `kw_` token of grammar/src/regels.pest) left uncoloured
// outside texts and comments. The assertion files in tests/*.regels check
// scopes in detail; this checks that nothing in the real files escapes them.
'use strict';

const fs = require('fs');
const path = require('path');
const textmate = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const root = path.resolve(__dirname, '..', '..', '..');
// Contextual words: names where they are not keywords (as `na` in `na + 1`,
// or `geen` as a keuze value: `keuze Voorziening: geen | …`).
const CONTEXTUAL = new Set(['na', 'rij', 'toelichting', 'geen']);

function reservedWords() {
  const pest = fs.readFileSync(path.join(root, 'grammar/src/regels.pest'), 'utf8');
  const words = new Set();
  for (const line of pest.split('\n')) {
    if (!line.startsWith('kw_')) continue;
    const body = line.slice(line.indexOf('{') + 1);
    for (const [, word] of body.matchAll(/"([^"]*)"/g)) {
      if (!CONTEXTUAL.has(word)) words.add(word);
    }
  }
  if (!words.has('regeling') || !words.has("euro's")) {
    throw new Error('grammar/src/regels.pest: no kw_ tokens read');
  }
  return words;
}

function ruleFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ruleFiles(full);
    return entry.name.endsWith('.regels') ? [full] : [];
  });
}

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async () => {
      const file = path.join(__dirname, '..', 'syntaxes', 'regels.tmLanguage.json');
      return textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  return registry.loadGrammar('source.regels');
}

/** The problems of one file, as `path:line:column: what`. */
function check(grammar, file, reserved) {
  const problems = [];
  const where = (n, column) => `${path.relative(root, file)}:${n + 1}:${column + 1}`;
  let stack = textmate.INITIAL;
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((line, n) => {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, stack);
    stack = ruleStack;
    tokens.forEach((token, i) => {
      const text = line.slice(token.startIndex, token.endIndex);
      const scopes = token.scopes.join(' ');
      const last = i === tokens.length - 1;
      if (last && scopes.includes('string.quoted.double') && !scopes.includes('punctuation.definition.string.end')) {
        problems.push(`${where(n, token.startIndex)}: text not closed on its line`);
      }
      // Uncoloured code: nothing more specific than the file or a table row.
      if (token.scopes.every((s) => s === 'source.regels' || s === 'meta.table.row.regels')) {
        for (const match of text.matchAll(/[a-z][a-z']*/g)) {
          const at = token.startIndex + match.index;
          const before = line[at - 1] || ' ';
          const after = line[at + match[0].length] || ' ';
          const wholeWord = !/[A-Za-z0-9_.]/.test(before) && !/[A-Za-z0-9_]/.test(after);
          if (wholeWord && reserved.has(match[0])) {
            problems.push(`${where(n, at)}: keyword "${match[0]}" left uncoloured`);
          }
        }
      }
    });
  });
  if (stack.depth > 1) {
    problems.push(`${where(lines.length - 1, 0)}: the file ends inside a text`);
  }
  return problems;
}

async function main() {
  const grammar = await loadGrammar();
  const reserved = reservedWords();
  // The rule library, or the files and folders given (to try the check).
  const given = process.argv.slice(2);
  const files = (given.length > 0 ? given : [path.join(root, 'rules')]).flatMap((p) =>
    fs.statSync(p).isDirectory() ? ruleFiles(p) : [path.resolve(p)],
  );
  if (files.length === 0) throw new Error('no rule files found');
  const problems = files.flatMap((file) => check(grammar, file, reserved));
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(`✖ ${problems.length} problem(s) in ${files.length} rule files`);
    process.exit(1);
  }
  console.log(`✓ ${files.length} rule files tokenized without a problem`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
