import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";
import type { Plugin } from "vite";
import { libraryDeclarations } from "./scripts/libraryTypes";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));

/** `virtual:library-types`: the library's .d.ts text, for Monaco's completion in code cells. */
function libraryTypes(): Plugin {
  const id = "virtual:library-types";
  let cached: string | null = null;
  return {
    name: "library-types",
    resolveId: (source) => (source === id ? "\0" + id : null),
    load(loaded) {
      if (loaded !== "\0" + id) return null;
      cached ??= libraryDeclarations(root);
      return `export default ${JSON.stringify(cached)};`;
    },
  };
}

/**
 * Monaco's full entry (`monaco-editor`, or its editor.main) registers ~80 languages, the CSS, HTML
 * and JSON language services (each with a worker) and an LSP client. Code cells are TypeScript and
 * SQL cells SQL; the others are left out of the build, and so out of the offline precache that a
 * first visit installs. (The dev server's pre-bundled Monaco still has them all.)
 */
function monacoLanguages(keep: string[]): Plugin {
  const empty = "\0monaco-language-left-out";
  return {
    name: "monaco-languages",
    enforce: "pre",
    resolveId(source, importer) {
      if (!importer || !/monaco-editor[\\/]esm[\\/]vs[\\/](index|editor[\\/]editor\.main)\.js$/.test(importer)) return null;
      const language = /\/languages\/(?:definitions|features)\/([^/]+)\/register\.js$/.exec(source)?.[1];
      if (language !== undefined) return keep.includes(language) ? null : empty;
      return source.includes("/monaco-lsp-client/") ? empty : null;
    },
    load: (id) => (id === empty ? "export {};" : null),
  };
}

// The studio lives in studio/; bundled data and icons in public/; the build goes to dist/.
export default defineConfig({
  root: resolve(root, "studio"),
  publicDir: resolve(root, "public"),
  base: "./",
  plugins: [
    react(),
    libraryTypes(),
    monacoLanguages(["typescript", "javascript", "sql"]),
    // Offline: a service worker precaches the whole build, DuckDB's wasm (34 MB) included.
    // The manifest is public/manifest.webmanifest. Query strings (?view=graph, ?notebook=) hit the same cache entry.
    VitePWA({
      registerType: "autoUpdate",
      // The studio registers the worker itself once start-up has settled (studio/persistence/serviceWorker.ts).
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ["**/*.{js,css,html,wasm,svg,png,csv,json,webmanifest,ttf,woff,woff2}"],
        maximumFileSizeToCacheInBytes: 60 * 1024 * 1024,
        ignoreURLParametersMatching: [/.*/],
        navigateFallback: null,
        cleanupOutdatedCaches: true,
        // Static routes: hashed assets straight from the cache, not through the worker's thread (public/sw-routes.js).
        importScripts: ["sw-routes.js"],
      },
    }),
  ],
  worker: { format: "es" },
  build: {
    outDir: resolve(root, "dist"),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      input: {
        main: resolve(root, "studio/index.html"),
        harness: resolve(root, "studio/harness.html"),
        bench: resolve(root, "studio/bench.html"),
      },
    },
  },
  optimizeDeps: { exclude: ["@duckdb/duckdb-wasm", "parquet-wasm"] },
  server: { port: 5173 },
  preview: { port: 4173 },
});
