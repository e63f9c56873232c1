/**
 * Local persistence end to end: what is typed survives a reload, results come
 * back from the cache without re-running, and two tabs on one notebook do not
 * overwrite each other silently.
 */
import { test, expect, type Page } from "@playwright/test";

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/persistence-${name}.png` });
const cell = (page: Page, name: string) => page.locator(`.notebook .cell[data-cell-name="${name}"]`);

async function open(page: Page, url = "/") {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(url);
  await expect(page.locator(".app-header")).toBeVisible();
}

async function runCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const e of window.studio.session.log) if (e.status === "running" && e.progress === undefined) out[e.name] = (out[e.name] ?? 0) + 1;
    return out;
  });
}

test("typing in a cell and the title: a reload has the text (autosave)", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await open(page);
  await cell(page, "intro").getByRole("button", { name: "edit" }).click();
  const md = cell(page, "intro").locator("textarea");
  await md.press("ControlOrMeta+End");
  await md.pressSequentially("\n\nTyped before the reload.", { delay: 5 });
  await page.getByLabel("notebook title").fill("My persisted notebook");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-save", "saved");
  await page.reload();
  await expect(page.getByLabel("notebook title")).toHaveValue("My persisted notebook");
  await expect(cell(page, "intro")).toContainText("Typed before the reload.");
  // and right away, without waiting for the debounce (pagehide saves)
  await page.getByLabel("notebook title").fill("Renamed just before closing");
  await page.reload();
  await expect(page.getByLabel("notebook title")).toHaveValue("Renamed just before closing");
  await shot(page, "after-reload");
  expect(errors).toEqual([]);
});

test("reopening shows the last results from the cache at once; the worker does not recompute them", async ({ page }) => {
  await open(page);
  await expect(cell(page, "summary")).toHaveAttribute("data-status", "done", { timeout: 90_000 });
  await expect(cell(page, "rsi").locator(".cell-output svg").first()).toBeVisible();
  await page.waitForTimeout(500); // the values reach IndexedDB
  await page.reload();
  // Shown from IndexedDB before the worker has opened DuckDB.
  await expect(cell(page, "rsi").locator(".cell-output svg").first()).toBeVisible({ timeout: 5_000 });
  await expect(cell(page, "summary")).toHaveAttribute("data-status", "done");
  await page.waitForFunction(() => window.studio.session.getState().lastRun !== null, undefined, { timeout: 90_000 });
  const counts = await runCounts(page);
  expect(counts.rsi ?? 0).toBe(0);
  expect(counts.summary ?? 0).toBe(0);
  await shot(page, "cached-results");
});

test("two tabs on one notebook: the later save is refused with a banner; overwrite resolves it", async ({ context }) => {
  const a = await context.newPage();
  await open(a);
  await expect(a.getByTestId("save-status")).toHaveAttribute("data-save", "saved");
  const b = await context.newPage();
  await open(b);
  await expect(b.getByLabel("notebook title")).toHaveValue(await a.getByLabel("notebook title").inputValue());
  await a.getByLabel("notebook title").fill("Edited in tab A");
  await expect(a.getByTestId("save-status")).toHaveAttribute("data-save", "saved");
  await b.getByLabel("notebook title").fill("Edited in tab B");
  const banner = b.getByTestId("conflict-banner");
  await expect(banner).toBeVisible();
  await expect(banner).toContainText("another tab");
  await b.setViewportSize({ width: 1400, height: 900 });
  await shot(b, "conflict");
  await b.screenshot({ path: "test-results/issue7-two-tabs-banner.png" });
  await banner.getByRole("button", { name: /Overwrite/ }).click();
  await expect(b.getByTestId("save-status")).toHaveAttribute("data-save", "saved");
  await a.reload();
  await expect(a.getByLabel("notebook title")).toHaveValue("Edited in tab B");
});
