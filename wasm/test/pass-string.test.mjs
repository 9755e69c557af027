// The patched string passing of the glue (wasm/pass-string.mjs): the patch
// itself, and strings of every shape through the built package.
//
//   node --test wasm/test/        (the package part after scripts/build-wasm.sh)

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PATCHED, patch } from "../pass-string.mjs";

const hier = dirname(fileURLToPath(import.meta.url));
const PKG = join(hier, "../web/pkg");

// The function as wasm-bindgen 0.2.130 generates it.
const ORIGINAL = `function passStringToWasm0(arg, malloc, realloc) {
    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }

    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;

    const mem = getUint8ArrayMemory0();

    let offset = 0;

    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
    if (offset !== len) {
        if (offset !== 0) {
            arg = arg.slice(offset);
        }
        ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
        const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
        const ret = cachedTextEncoder.encodeInto(arg, view);

        offset += ret.written;
        ptr = realloc(ptr, len, offset, 1) >>> 0;
    }

    WASM_VECTOR_LEN = offset;
    return ptr;
}
`;
const GLUE = `let WASM_VECTOR_LEN = 0;
function getUint8ArrayMemory0() { return memory; }
${ORIGINAL}
const cachedTextEncoder = new TextEncoder();
export function after() {}
`;

test("patch vervangt precies de functie en laat de rest staan", () => {
  const uit = patch(GLUE);
  assert.ok(uit.includes(PATCHED));
  assert.ok(!uit.includes("charCodeAt"));
  assert.ok(uit.startsWith("let WASM_VECTOR_LEN = 0;\nfunction getUint8ArrayMemory0() { return memory; }\n"));
  assert.ok(uit.endsWith("const cachedTextEncoder = new TextEncoder();\nexport function after() {}\n"));
  // Patching twice changes nothing.
  assert.equal(patch(uit), uit);
});

test("patch weigert glue die anders is dan verwacht", () => {
  assert.throws(() => patch("function iets() {}\n"), /niet precies één keer/);
  assert.throws(() => patch(GLUE + ORIGINAL), /niet precies één keer/);
  assert.throws(() => patch(GLUE.replace("charCodeAt", "codePointAt")), /ziet er anders uit/);
  assert.throws(() => patch(GLUE.replace("const cachedTextEncoder", "const encoder")), /`const cachedTextEncoder =` ontbreekt/);
});

/** The patched function run against a fake wasm memory with malloc/realloc that record what they are asked. */
function draai(tekst) {
  const geheugen = new Uint8Array(1 << 16);
  const blokken = new Map();
  let vrij = 8;
  const malloc = (n) => {
    const p = vrij;
    vrij += n + 8;
    blokken.set(p, n);
    return p;
  };
  const realloc = (p, oud, nieuw) => {
    assert.equal(blokken.get(p), oud, "realloc met de grootte van het blok");
    const q = malloc(nieuw);
    geheugen.copyWithin(q, p, p + Math.min(oud, nieuw));
    blokken.delete(p);
    return q;
  };
  const maak = new Function("getUint8ArrayMemory0", "cachedTextEncoder", `let WASM_VECTOR_LEN = 0;\n${PATCHED}\nreturn (a, m, r) => [passStringToWasm0(a, m, r), WASM_VECTOR_LEN];`);
  const [ptr, len] = maak(() => geheugen, new TextEncoder())(tekst, malloc, realloc);
  assert.equal(blokken.get(ptr), len, "het blok is precies zo groot als de tekst");
  return geheugen.slice(ptr, ptr + len);
}

test("de vervanging schrijft precies de UTF-8 van elke tekst", () => {
  const teksten = ["", "abc", "aé", "é", "ëa", "😀", "a😀b", "x\uD800y", "\uDC00", "ü".repeat(300) + "z", "{\"a\":\"b\"}".repeat(100)];
  for (const t of teksten) {
    assert.deepEqual([...draai(t)], [...new TextEncoder().encode(t)], JSON.stringify(t));
  }
});

test("strings van elke vorm komen heel aan in de gebouwde module", { skip: !existsSync(join(PKG, "regelwerk_wasm_bg.wasm")) && "wasm/web/pkg ontbreekt" }, async () => {
  const glue = readFileSync(join(PKG, "regelwerk_wasm.js"), "utf8");
  assert.ok(glue.includes(PATCHED), "de gebouwde glue is gepatcht");
  const m = await import(pathToFileURL(join(PKG, "regelwerk_wasm.js")));
  m.initSync({ module: readFileSync(join(PKG, "regelwerk_wasm_bg.wasm")) });
  const rw = new m.Regelwerk(JSON.stringify({ bestanden: [] }));
  // An unknown regeling is echoed back in the error: what wasm received.
  for (const t of ["abc", "aé", "😀", "x\uD800y", "", "ü".repeat(300) + "z"]) {
    const fout = JSON.parse(rw.schema(t, "2026-01-01")).fout;
    assert.equal(fout.soort, "regeling");
    assert.equal(fout.regeling, t.replace("\uD800", "\uFFFD"), JSON.stringify(t));
  }
});
