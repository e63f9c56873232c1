/*
 * Imported by the service worker (vite.config.ts, workbox.importScripts). The build's hashed files
 * (assets/, precached by Workbox under their plain URLs) are served by the browser straight from
 * Cache Storage (the Static Routing API), without a task on the service worker's thread for each:
 * a warm start requests ~25 of them at once (the app's chunks, the kernel worker's, DuckDB's), and
 * each waited for a 10-15 ms fetch-handler task on that one thread. Browsers without the API keep
 * the fetch handler, as before.
 *
 * A cached response with a Vary header would not match a module script's request (it carries an
 * Origin header, Workbox's precache request did not; `vite preview` sends `Vary: Origin`), and a
 * miss goes to the network, which offline fails: so once Workbox has precached the build, the
 * assets' copies are stored again without Vary, before this worker activates and its routes apply.
 * Only those whose Vary names Origin (or is *): a Vary on Accept-Encoding, as many hosts send, is on
 * a header that neither request has at the Cache API's level, and storing ~55 MB again for it
 * doubled a first visit's writes.
 */
const assetsPath = new URL("assets/", self.registration.scope).pathname;

/** Whether a cached copy with this Vary header would miss a page's request for the same URL. */
function varyKeepsFromMatching(vary) {
  return vary !== null && vary.split(",").some((h) => ["origin", "*"].includes(h.trim().toLowerCase()));
}

self.addEventListener("install", (event) => {
  if (typeof event.addRoutes !== "function" || typeof URLPattern !== "function") return;
  event.waitUntil(event.addRoutes({ condition: { urlPattern: new URLPattern({ pathname: `${assetsPath}*` }) }, source: "cache" }).catch(() => undefined));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (!name.includes("precache")) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if (!new URL(request.url).pathname.startsWith(assetsPath)) continue;
        const response = await cache.match(request);
        if (!response || !varyKeepsFromMatching(response.headers.get("vary"))) continue;
        const headers = new Headers(response.headers);
        headers.delete("vary");
        await cache.put(request, new Response(response.body, { status: response.status, statusText: response.statusText, headers }));
      }
    }
  })().catch(() => undefined));
});
