// The werkbank's code editor: CodeMirror 6 set up for .regels, bundled by
// scripts/build-wasm.sh (esbuild) into wasm/web/pkg/editor.js. The engine
// is not in here: werkbank.js passes the functions that ask it (diagnostics,
// hover, completion), so this module only knows CodeMirror.

import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, hoverTooltip,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  StreamLanguage, syntaxHighlighting, HighlightStyle, bracketMatching, indentUnit,
} from "@codemirror/language";
import { tags as t } from "@lezer/highlight";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { autocompletion, completionKeymap } from "@codemirror/autocomplete";
import grammatica from "../../editors/vscode/syntaxes/regels.tmLanguage.json";
import { streamParser } from "./regels-taal.mjs";

export const regelsTaal = StreamLanguage.define(streamParser(grammatica));

// Colours with at least 4.5:1 contrast on white (WCAG AA).
const stijl = HighlightStyle.define([
  { tag: t.comment, color: "#5c5c5c", fontStyle: "italic" },
  { tag: [t.string, t.escape], color: "#0a6b2d" },
  { tag: t.number, color: "#7a3e00" },
  { tag: t.bool, color: "#8a1f11" },
  { tag: [t.keyword, t.controlKeyword, t.unit], color: "#6f2da8" },
  { tag: t.definitionKeyword, color: "#6f2da8", fontWeight: "bold" },
  { tag: t.operator, color: "#3d3d3d" },
  { tag: t.typeName, color: "#005f87" },
  { tag: [t.function(t.variableName), t.standard(t.variableName)], color: "#0b4f9c" },
  { tag: t.definition(t.function(t.variableName)), color: "#0b4f9c", fontWeight: "bold" },
]);

// The page's style sheet does not reach into the shadow root: the editor's
// own look, in the page's colours (AA contrast).
const thema = EditorView.theme({
  "&": { height: "36rem", fontSize: "0.9rem", color: "#1b1b1b", backgroundColor: "#fff" },
  "&.cm-focused": { outline: "3px solid #1b1b1b", outlineOffset: "2px" },
  ".cm-scroller": { fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace' },
  ".cm-gutters": { color: "#4b4b4b", backgroundColor: "#f3f5f7", borderRight: "1px solid #6f6f6f" },
  // @codemirror/lint draws its underlines and gutter marks as data: images,
  // which the CSP (`img-src 'self'`) blocks: plain CSS instead.
  ".cm-lintRange": { backgroundImage: "none", textDecorationSkipInk: "none", textUnderlineOffset: "3px" },
  ".cm-lintRange-error": { textDecoration: "underline wavy #a4001d" },
  ".cm-lintRange-warning": { textDecoration: "underline wavy #7a4100" },
  ".cm-lint-marker": { content: "none", borderRadius: "50%", transform: "scale(0.6)" },
  ".cm-lint-marker-error": { backgroundColor: "#a4001d" },
  ".cm-lint-marker-warning": { backgroundColor: "#7a4100" },
  ".wb-uitleg": { whiteSpace: "pre-wrap", maxWidth: "36rem", padding: "0.5rem 0.75rem", fontFamily: "system-ui, sans-serif" },
});

/** The text of the editor whose DOM holds `dom` (for the end-to-end tests), or undefined. */
export function tekstVan(dom) {
  return EditorView.findFromDOM(dom)?.state.doc.toString();
}

/**
 * An editor in `ouder` (in a shadow root of it) with `tekst`. `opties`:
 * - `bijWijziging(tekst)`: after every change of the text;
 * - `uitleg(lijn, kolom)`: hover text (Markdown) of the name there, or null;
 * - `aanvullen(lijn, kolom)`: completions `[{ label, soort, detail }]`;
 * - `label`: the accessible name of the text area.
 * Lines and columns count from 1, columns in UTF-16 units (as the engine's).
 */
export function maakEditor(ouder, tekst, opties) {
  const plaats = (doc, pos) => {
    const lijn = doc.lineAt(pos);
    return [lijn.number, pos - lijn.from + 1];
  };
  const hover = hoverTooltip((view, pos) => {
    const uitleg = opties.uitleg(...plaats(view.state.doc, pos));
    if (!uitleg) return null;
    return {
      pos,
      create() {
        const dom = document.createElement("div");
        dom.className = "wb-uitleg";
        dom.textContent = uitleg;
        return { dom };
      },
    };
  });
  const bron = (context) => {
    const woord = context.matchBefore(/[\p{L}\p{N}_]*/u);
    if (!context.explicit && (!woord || woord.from === woord.to)) return null;
    const items = opties.aanvullen(...plaats(context.state.doc, context.pos));
    return {
      from: woord ? woord.from : context.pos,
      options: items.map((i) => ({ label: i.label, detail: i.detail ?? i.soort, type: soortType(i.soort) })),
      validFor: /^[\p{L}\p{N}_]*$/u,
    };
  };
  // In a shadow root: CodeMirror's styles then go into a constructed style
  // sheet (adoptedStyleSheets), which the page's CSP (`style-src 'self'`)
  // allows; in the document itself they would be an inline <style>.
  const schaduw = ouder.attachShadow({ mode: "open" });
  const view = new EditorView({
    parent: schaduw,
    root: schaduw,
    state: EditorState.create({
      doc: tekst,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        drawSelection(),
        history(),
        bracketMatching(),
        indentUnit.of("  "),
        regelsTaal,
        syntaxHighlighting(stijl),
        thema,
        lintGutter(),
        hover,
        autocompletion({ override: [bron] }),
        keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
        // An explicit tab stop: axe (scrollable-region-focusable) does not count
        // a contenteditable as keyboard access to the scroller around it.
        EditorView.contentAttributes.of({ "aria-label": opties.label ?? "Regelbestand", tabindex: "0" }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) opties.bijWijziging(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    tekst: () => view.state.doc.toString(),
    /** Replaces the whole text (a file opened, the text formatted). */
    zetTekst(nieuw) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: nieuw } });
    },
    /** The engine's diagnostics, underlined. */
    toonDiagnostieken(lijst) {
      const doc = view.state.doc;
      const pos = (lijn, kolom) => {
        const l = doc.line(Math.min(Math.max(lijn, 1), doc.lines));
        return Math.min(l.from + Math.max(kolom - 1, 0), l.to);
      };
      const diagnostieken = lijst.map((d) => {
        const from = pos(d.line, d.column);
        return {
          from,
          to: Math.max(from, pos(d.end_line, d.end_column)),
          severity: d.severity === "error" ? "error" : "warning",
          source: d.code,
          message: d.help ? `${d.message}\n${d.help}` : d.message,
          // The replacement's own place, which may be narrower than the
          // diagnostic's (`and` inside a longer underline).
          actions: d.suggestion
            ? [{
              name: `Vervang door ${d.suggestion.replacement}`,
              apply: (v) => {
                const s = d.suggestion;
                v.dispatch({ changes: { from: pos(s.line, s.column), to: pos(s.end_line, s.end_column), insert: s.replacement } });
              },
            }]
            : [],
        };
      });
      view.dispatch(setDiagnostics(view.state, diagnostieken));
    },
    /** Replaces lijn:kolom..eindLijn:eindKolom (a quick fix). */
    vervang(lijn, kolom, eindLijn, eindKolom, tekst) {
      const doc = view.state.doc;
      const from = doc.line(lijn).from + kolom - 1;
      const to = doc.line(eindLijn).from + eindKolom - 1;
      view.dispatch({ changes: { from, to, insert: tekst }, selection: { anchor: from + tekst.length } });
      view.focus();
    },
    /** Puts the cursor on lijn:kolom. */
    ga(lijn, kolom) {
      const l = view.state.doc.line(lijn);
      const pos = Math.min(l.from + kolom - 1, l.to);
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      view.focus();
    },
  };
}

/** CodeMirror's completion icon type of the engine's `soort`. */
function soortType(soort) {
  switch (soort) {
    case "trefwoord": return "keyword";
    case "regeling": case "gebruik": return "namespace";
    case "keuze": case "gegeven": return "type";
    case "keuzewaarde": return "enum";
    case "functie": case "tabel": return "function";
    case "parameter": return "constant";
    case "invoer": case "veld": return "property";
    default: return "variable";
  }
}
