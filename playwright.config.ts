import { defineConfig } from "@playwright/test";

// PW_PORT and PW_DIST let a second build be tested beside the default one.
const port = Number(process.env.PW_PORT ?? 4173);
const dist = process.env.PW_DIST ? ` --outDir ${process.env.PW_DIST}` : "";

export default defineConfig({
  testDir: "test/e2e",
  timeout: 120_000,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json"]],
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
    screenshot: "only-on-failure",
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort${dist}`,
    url: `http://localhost:${port}`,
    reuseExistingServer: true,
    timeout: 60_000,
  },
});
