import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { resolve } from "node:path";

// The studio lives in studio/; bundled data and icons in public/; the build goes to dist/.
export default defineConfig({
  root: resolve(__dirname, "studio"),
  publicDir: resolve(__dirname, "public"),
  base: "./",
  plugins: [react()],
  worker: { format: "es" },
  build: {
    outDir: resolve(__dirname, "dist"),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      input: {
        main: resolve(__dirname, "studio/index.html"),
        harness: resolve(__dirname, "studio/harness.html"),
      },
    },
  },
  optimizeDeps: { exclude: ["@duckdb/duckdb-wasm", "parquet-wasm"] },
  server: { port: 5173 },
  preview: { port: 4173 },
});
