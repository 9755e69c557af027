// Offline support: keeps a copy of the app's static files (page, scripts,
// styles, both wasm engines and the rules bundle) so the app starts without a
// network once it has been opened. Network first, so a new rules bundle is
// picked up as soon as it is served; the cache only answers when offline.
// Only this origin's GET requests are handled; nothing is ever sent.

const CACHE = "regelwerk-v8";
const BESTANDEN = [
  "./",
  "./index.html",
  "./favicon.svg",
  "./style.css",
  "./laden.js",
  "./peildatum.js",
  "./app.js",
  "./form.js",
  "./notation.js",
  "./decision.js",
  "./versies.js",
  "./weergave.js",
  "./huishouden.js",
  "./pkg/regelwerk_wasm.js",
  "./pkg/regelwerk_wasm_bg.wasm",
  "./pkg/regels.json",
  // The engine with the version diff, loaded on demand by the app: cached
  // now so "Vergelijken" works offline too.
  "./pkg/vergelijken/regelwerk_wasm.js",
  "./pkg/vergelijken/regelwerk_wasm_bg.wasm",
  // The werkbank (policy writers' editor), offline too.
  "./werkbank.html",
  "./werkbank.css",
  "./werkbank.js",
  "./casusbestand.js",
  "./pkg/editor.js",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((c) => c.addAll(BESTANDEN)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((namen) => Promise.all(namen.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(
    fetch(event.request)
      .then((antwoord) => {
        if (antwoord.ok) {
          const kopie = antwoord.clone();
          caches.open(CACHE).then((c) => c.put(event.request, kopie));
        }
        return antwoord;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true }).then((r) => r ?? Response.error())),
  );
});
