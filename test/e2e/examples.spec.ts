/**
 * The example notebooks end to end: each opens from the header's Examples menu,
 * runs in the worker with no cell in error, and draws its charts (the portfolio
 * example its efficient frontier). A full-page screenshot of each is kept in
 * test-results/example-<name>.png to look at.
 */
import { test, expect, type Page } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

interface NbFile { title: string; cells: { name: string; kind: string }[] }
const dir = resolve(process.cwd(), "notebooks");
const examples = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => ({ key: f.replace(/\.json$/, ""), nb: JSON.parse(readFileSync(resolve(dir, f), "utf8")) as NbFile }));

async function openStudio(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/");
  await expect(page.locator(".app-header")).toBeVisible();
  return errors;
}

async function openExample(page: Page, key: string, title: string) {
  await page.getByTestId("open-examples").click();
  await page.locator(`.examples-pop [data-example="${key}"]`).click();
  await expect(page.getByLabel("notebook title")).toHaveValue(title);
}

/** Wait until every cell that computes has settled (done or error); returns the cells in error. */
async function settle(page: Page, nb: NbFile, timeout = 110_000): Promise<string[]> {
  const names = nb.cells.filter((c) => c.kind !== "markdown").map((c) => c.name);
  await expect.poll(async () => page.evaluate((ns) => {
    const st = window.studio.session.getState();
    const doc = window.studio.store.getState();
    return ns.filter((n) => {
      const c = doc.cells.find((x) => x.name === n);
      const s = c ? st.events[c.id]?.status : undefined;
      return s !== "done" && s !== "error";
    }).length;
  }, names), { timeout, intervals: [250, 500, 1000] }).toBe(0);
  return page.evaluate(() => {
    const st = window.studio.session.getState();
    return window.studio.store.getState().cells.filter((c) => st.events[c.id]?.status === "error").map((c) => `${c.name}: ${st.events[c.id]?.error?.message}`);
  });
}

for (const { key, nb } of examples) {
  test(`example ${key} opens from the Examples menu and runs with no cell in error`, async ({ page }) => {
    const errors = await openStudio(page);
    await openExample(page, key, nb.title);
    expect(await settle(page, nb)).toEqual([]);
    const computing = nb.cells.filter((c) => c.kind !== "markdown").map((c) => c.name);
    for (const name of computing) await expect(page.locator(`.notebook .cell[data-cell-name="${name}"]`)).toHaveAttribute("data-status", "done");
    // Let charts mount, then keep a picture of the whole notebook.
    await page.waitForTimeout(800);
    expect(await page.locator(".cell-output svg").count()).toBeGreaterThan(0);
    await expect(page.locator(".cell-output .field-error")).toHaveCount(0);
    // The notebook scrolls inside the app's main area: let the page grow so a full-page picture holds it all.
    await page.addStyleTag({ content: "html, body, #root, .app { height: auto !important; } .app-main { overflow: visible !important; }" });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `test-results/example-${key}.png`, fullPage: true });
    // EXAMPLE_SHOTS=<dir> keeps a copy and one picture per cell output (test-results/ is emptied by every Playwright run).
    const keep = process.env.EXAMPLE_SHOTS;
    if (keep) {
      await page.screenshot({ path: `${keep}/example-${key}.png`, fullPage: true });
      for (const name of computing) {
        const out = page.locator(`.notebook .cell[data-cell-name="${name}"] .cell-output`);
        if (await out.count()) await out.screenshot({ path: `${keep}/${key}/${name}.png` });
      }
    }
    expect(errors).toEqual([]);
  });
}
