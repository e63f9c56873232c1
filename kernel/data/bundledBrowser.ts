/**
 * Bundled data files fetched from the app's own public/data/ copy (served with the app,
 * cached by the service worker: no CDN, works offline).
 *
 * The app is built with a relative base ("./"), so the URL must be resolved against the
 * page, not against a worker script. On a page `readBundledBrowser` does that by itself;
 * inside a Worker pass the page's URL (e.g. `location.href` sent from the page) to
 * `bundledFetcher`.
 */
import type { ReadBundledFile } from "./bundled";

/** A reader of public/data/<file> relative to `pageUrl` (the app's page URL). */
export function bundledFetcher(pageUrl: string | URL): ReadBundledFile {
  return async (file) => {
    const url = new URL(`${import.meta.env.BASE_URL}data/${file}`, pageUrl);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url.pathname}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}

/** On a page: resolve against the document. In a worker, use `bundledFetcher(pageUrl)`. */
export const readBundledBrowser: ReadBundledFile = (file) => {
  const base = typeof document !== "undefined" ? document.baseURI : self.location.href;
  return bundledFetcher(base)(file);
};
