// Highlighting for .regels in CodeMirror, read from the one grammar the
// project has for it: the TextMate grammar of the VS Code extension
// (editors/vscode/syntaxes/regels.tmLanguage.json). No second keyword list:
// this module interprets the grammar's `match` and `begin`/`end` rules
// (the subset that grammar uses) as a CodeMirror stream parser.

/** TextMate scope → CodeMirror highlighting tag name (longest prefix wins). */
const TAGS = [
  ["comment", "comment"],
  ["constant.character.escape", "escape"],
  ["string", "string"],
  ["constant.numeric", "number"],
  ["constant.language", "bool"],
  ["keyword.operator", "operator"],
  ["keyword.control", "controlKeyword"],
  ["keyword.other.declaration", "definitionKeyword"],
  ["keyword.other.unit", "unit"],
  ["keyword", "keyword"],
  ["storage.type", "typeName"],
  ["entity.name.function.call", "variableName.function"],
  ["entity.name.function", "variableName.function.definition"],
  ["entity.name.type", "typeName"],
  ["support.function", "variableName.standard"],
  ["punctuation", "punctuation"],
];

/** The CodeMirror tag name of a TextMate scope (null: not highlighted). */
export function tagVan(scope) {
  if (!scope) return null;
  let best = null;
  for (const [prefix, tag] of TAGS) {
    if ((scope === prefix || scope.startsWith(`${prefix}.`)) && (!best || prefix.length > best[0].length)) {
      best = [prefix, tag];
    }
  }
  return best ? best[1] : null;
}

// `d`: match indices for captures; `y`: match exactly at the position.
const regex = (bron) => new RegExp(bron, "dy");

/**
 * The grammar's rules, includes resolved: a list of
 * `{ match, tag, captures }` and `{ begin, end, tag, inner }` in the
 * grammar's order.
 */
export function regelsVan(grammatica) {
  const repo = grammatica.repository ?? {};
  const cache = new Map();
  const lijst = (patronen, bezig = new Set()) =>
    (patronen ?? []).flatMap((p) => {
      if (p.include) {
        const naam = p.include.slice(1);
        if (bezig.has(naam) || !repo[naam]) return [];
        return lijst([repo[naam]], new Set([...bezig, naam]));
      }
      if (p.match) {
        const captures = p.captures
          ? Object.fromEntries(Object.entries(p.captures).map(([i, c]) => [i, tagVan(c.name)]))
          : null;
        return [{ match: regex(p.match), tag: tagVan(p.name), captures }];
      }
      if (p.begin) {
        if (!cache.has(p)) {
          const regel = { begin: regex(p.begin), end: regex(p.end), tag: tagVan(p.name), inner: [] };
          cache.set(p, regel);
          regel.inner = lijst(p.patterns, bezig);
        }
        return [cache.get(p)];
      }
      return lijst(p.patterns, bezig);
    });
  return lijst(grammatica.patterns);
}

/** The match of `re` at `pos` in `tekst`, or null. */
function bij(re, tekst, pos) {
  re.lastIndex = pos;
  return re.exec(tekst);
}

/**
 * A CodeMirror stream parser spec (for `StreamLanguage.define`) over the
 * rules of a TextMate grammar.
 */
export function streamParser(grammatica) {
  const regels = regelsVan(grammatica);
  // Captured parts still to hand out: [{ eind, tag }] in text order.
  const geefUit = (stream, state) => {
    const deel = state.delen.shift();
    stream.pos = deel.eind;
    return deel.tag;
  };
  // One rule from `lijst` at the stream's position; null when none matches.
  const probeer = (stream, state, lijst) => {
    for (const r of lijst) {
      const m = bij(r.match ?? r.begin, stream.string, stream.pos);
      if (!m) continue;
      if (r.begin) {
        state.binnen.push(r);
        stream.pos += m[0].length;
        return { tag: r.tag, leeg: m[0].length === 0 };
      }
      if (m[0].length === 0) continue;
      if (r.captures && m.indices) {
        const delen = [];
        let pos = stream.pos;
        for (let i = 1; i < m.indices.length; i++) {
          const plek = m.indices[i];
          if (!plek) continue;
          if (plek[0] > pos) delen.push({ eind: plek[0], tag: r.tag });
          delen.push({ eind: plek[1], tag: r.captures[i] ?? r.tag });
          pos = plek[1];
        }
        const einde = stream.pos + m[0].length;
        if (pos < einde) delen.push({ eind: einde, tag: r.tag });
        state.delen = delen.filter((d, i) => d.eind > (i ? delen[i - 1].eind : stream.pos));
        return { tag: geefUit(stream, state), leeg: false };
      }
      stream.pos += m[0].length;
      return { tag: r.tag, leeg: false };
    }
    return null;
  };
  // A rule whose end is the line's end (`$`) closes there.
  const sluitAanEinde = (stream, state) => {
    const r = state.binnen.at(-1);
    if (r && stream.eol()) {
      const m = bij(r.end, stream.string, stream.pos);
      if (m && m[0].length === 0) state.binnen.pop();
    }
  };
  return {
    name: "regels",
    startState: () => ({ binnen: [], delen: [] }),
    copyState: (s) => ({ binnen: [...s.binnen], delen: s.delen.map((d) => ({ ...d })) }),
    token(stream, state) {
      if (state.delen.length) {
        const tag = geefUit(stream, state);
        sluitAanEinde(stream, state);
        return tag;
      }
      for (let ronde = 0; ronde < 4; ronde++) {
        const r = state.binnen.at(-1);
        if (r) {
          const eind = bij(r.end, stream.string, stream.pos);
          if (eind && eind[0].length > 0) {
            stream.pos += eind[0].length;
            state.binnen.pop();
            return r.tag;
          }
        }
        const gevonden = probeer(stream, state, r ? r.inner : regels);
        if (gevonden && !gevonden.leeg) {
          sluitAanEinde(stream, state);
          return gevonden.tag;
        }
        if (!gevonden) break;
        // A zero-length begin (a table row's lookahead): go on inside it.
      }
      const r = state.binnen.at(-1);
      stream.next();
      sluitAanEinde(stream, state);
      return r ? r.tag : null;
    },
    blankLine(state) {
      const r = state.binnen.at(-1);
      if (r && bij(r.end, "", 0)) state.binnen.pop();
    },
  };
}
