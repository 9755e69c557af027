// A tiny static file server for the end-to-end tests: serves wasm/web on
// 127.0.0.1 (a free port), with the right MIME types (application/wasm for
// instantiateStreaming), and logs every request it answers. Like `python3 -m http.server`
// it sends Last-Modified and answers If-Modified-Since with 304, so a
// second visit revalidates and Chromium can reuse its compiled wasm code.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/**
 * @param {string} root directory to serve
 * @returns {Promise<{ url: string, log: string[], close: () => Promise<void> }>}
 */
export async function startServer(root) {
  const basis = resolve(root);
  const log = [];
  const kop = (pad, gewijzigd) => ({
    "content-type": TYPES[extname(pad)] ?? "application/octet-stream",
    "last-modified": gewijzigd,
    "cache-control": "no-cache",
  });
  const server = createServer(async (req, res) => {
    const pad = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    log.push(`${req.method} ${pad}`);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405).end();
      return;
    }
    const bestand = normalize(join(basis, pad.endsWith("/") ? `${pad}index.html` : pad));
    if (bestand !== basis && !bestand.startsWith(basis + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const gewijzigd = (await stat(bestand)).mtime.toUTCString();
      if (req.headers["if-modified-since"] === gewijzigd) {
        res.writeHead(304).end();
        return;
      }
      const inhoud = await readFile(bestand);
      res.writeHead(200, kop(bestand, gewijzigd));
      res.end(req.method === "HEAD" ? undefined : inhoud);
    } catch {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("niet gevonden");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    log,
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(() => ok());
    }),
  };
}
