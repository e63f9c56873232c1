/**
 * Code cells complete the library's typed functions: Monaco knows std.lib's real
 * signatures (generated from blocks/ at build time).
 */
import { test, expect } from "@playwright/test";

test("a code cell completes std.lib.ta. with the indicator functions", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/");
  const summary = page.locator('.notebook .cell[data-cell-name="summary"]');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  const editor = summary.locator(".monaco-editor").first();
  await expect(editor).toBeVisible({ timeout: 60_000 });
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("std.lib.ta.", { delay: 30 });
  const suggest = page.locator(".suggest-widget .monaco-list-row");
  // The TypeScript worker may need a moment after the model is created.
  await expect(async () => {
    if ((await suggest.count()) === 0) await page.keyboard.press("Control+Space");
    await expect(page.locator(".suggest-widget")).toContainText("rsi", { timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.locator(".suggest-widget")).toContainText("bbands");
  await page.screenshot({ path: "test-results/completion-std-lib.png" });
});
