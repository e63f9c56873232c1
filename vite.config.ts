import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));

// The studio lives in studio/; bundled data and icons in public/; the build goes to dist/.
export default defineConfig({
  root: resolve(root, "studio"),
  publicDir: resolve(root, "public"),
  base: "./",
  plugins: [
    react(),
    // Offline: a service worker precaches the whole build, DuckDB's wasm (34 MB) included.
    // The manifest is public/manifest.webmanifest. Query strings (?view=graph, ?notebook=) hit the same cache entry.
    VitePWA({
      registerType: "autoUpdate",
      injectRegister: "script",
      manifest: false,
      workbox: {
        globPatterns: ["**/*.{js,css,html,wasm,svg,png,csv,json,webmanifest}"],
        maximumFileSizeToCacheInBytes: 60 * 1024 * 1024,
        ignoreURLParametersMatching: [/.*/],
        navigateFallback: null,
        cleanupOutdatedCaches: true,
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
