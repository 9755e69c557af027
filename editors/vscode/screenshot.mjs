// Renders lines of a rule file with the extension's TextMate grammar in VS
// Code's own "Light+" colours (as Shiki ships them) and photographs the page
// with headless Chromium: the picture of the highlighting in docs/editor.md.
// A manual tool, not part of the build:
//   npm i --no-save shiki && node screenshot.mjs OUT.png FILE FROM-TO [FILE FROM-TO …]
import { createHighlighter } from 'shiki';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [out, ...pieces] = process.argv.slice(2);
const grammar = JSON.parse(
  readFileSync(new URL('./syntaxes/regels.tmLanguage.json', import.meta.url), 'utf8'),
);
const highlighter = await createHighlighter({
  themes: ['light-plus'],
  langs: [{ ...grammar, name: 'regels' }],
});

const parts = [];
for (let i = 0; i < pieces.length; i += 2) {
  const [from, to] = pieces[i + 1].split('-').map(Number);
  const lines = readFileSync(pieces[i], 'utf8').split('\n').slice(from - 1, to);
  parts.push(highlighter.codeToHtml(lines.join('\n'), { lang: 'regels', theme: 'light-plus' }));
}
const page = `<!doctype html><meta charset="utf-8"><style>
  body { margin: 0; background: #fff; }
  pre { margin: 0; padding: 12px 16px; font: 14px/1.45 'DejaVu Sans Mono', monospace; }
  pre + pre { border-top: 1px dashed #ccc; }
</style>${parts.join('\n')}`;
const dir = mkdtempSync(join(tmpdir(), 'regels-shot-'));
writeFileSync(join(dir, 'page.html'), page);
const height = 24 + 21 * pieces.filter((_, i) => i % 2 === 1)
  .map((r) => r.split('-').map(Number)).reduce((n, [a, b]) => n + b - a + 1, 0) + 26 * (pieces.length / 2);
execFileSync(process.env.CHROMIUM || 'chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
  `--window-size=900,${Math.ceil(height)}`, `--screenshot=${resolve(out)}`,
  `file://${join(dir, 'page.html')}`,
], { stdio: 'inherit' });
