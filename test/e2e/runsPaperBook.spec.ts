/**
 * A paper book that persists with the notebook: an orders.paper_book cell runs,
 * the studio keeps its book, "Use as the starting book" writes it into the
 * notebook, and the next run (and a reload) continues from it: the same orders
 * are not placed twice.
 */
import { test, expect, type Page } from "@playwright/test";

const cell = (page: Page, name: string) => page.locator(`.notebook .cell[data-cell-name="${name}"]`);

interface PaperOut { book: { cash: number; fills: unknown[] }; fills: unknown[]; skipped: { key: string }[] }

function paperValue(page: Page) {
  return page.evaluate(() => {
    const st = window.studio.session.getState();
    const c = window.studio.store.getState().cells.find((x) => x.name === "paper");
    const ev = c ? st.events[c.id] : undefined;
    const v = c ? (st.values[c.id]?.value as PaperOut | undefined) : undefined;
    if (!v || ev?.status !== "done" || ev.hash !== st.values[c!.id]?.hash) return null;
    return { fills: v.fills.length, skipped: v.skipped.length, bookFills: v.book.fills.length, cash: Math.round(v.book.cash * 100) / 100 };
  });
}

test("paper book: kept after a run, used as the starting book, the same orders are not placed twice, and it survives a reload", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/");
  await expect(page.locator(".app-header")).toBeVisible();
  await page.evaluate(() => {
    const nb = window.studio.store.getState();
    const problem = window.studio.store.dispatch({
      op: "replace",
      notebook: {
        ...nb,
        title: "Paper desk",
        datasets: [],
        graph: { positions: {} },
        cells: [
          { id: "m", name: "intro", kind: "markdown", source: "# Paper desk\n\nTwo orders into a paper book." },
          { id: "o", name: "orders", kind: "code", source: 'return [{ symbol: "AAA", side: "buy", shares: 10, key: "o-1" }, { symbol: "BBB", side: "buy", shares: 5 }];' },
          { id: "p", name: "px", kind: "code", source: "return { AAA: 100, BBB: 50 };" },
          { id: "b", name: "paper", kind: "block", block: "orders.paper_book", params: { initial_cash: 10000, slippage_bps: 10 }, inputs: { orders: "orders", prices: "px" } },
        ],
      },
    });
    if (problem) throw new Error(problem);
  });
  await page.getByRole("button", { name: "▶ Run all" }).click().catch(() => undefined);
  // Buys at 100 x 1.001 and 50 x 1.001: cash 10000 - 1001 - 250.25.
  await expect.poll(() => paperValue(page), { timeout: 60_000 }).toEqual({ fills: 2, skipped: 0, bookFills: 2, cash: 8748.75 });

  const button = cell(page, "paper").getByTestId("paper-book-button");
  await expect(button).toHaveText("book · 2 fills");
  await button.click();
  const menu = cell(page, "paper").getByTestId("paper-book-menu");
  await expect(menu.getByTestId("paper-book-kept")).toContainText("2 fills, 2 positions, cash 8,748.75");
  await page.screenshot({ path: "test-results/issue7-paper-book.png" });
  await menu.getByRole("menuitem", { name: "Use as the starting book" }).click();

  // The book is in the notebook now, and the cell's book input is bound to it.
  await expect(cell(page, "paper_start")).toBeVisible();
  expect(await page.evaluate(() => {
    const c = window.studio.store.getState().cells.find((x) => x.name === "paper");
    return c?.kind === "block" ? c.inputs.book : null;
  })).toBe("paper_start");
  await page.getByRole("button", { name: "▶ Run all" }).click().catch(() => undefined);
  // The same two orders again: both skipped, the book still has two fills and the same cash.
  await expect.poll(() => paperValue(page), { timeout: 60_000 }).toEqual({ fills: 0, skipped: 2, bookFills: 2, cash: 8748.75 });
  await expect(cell(page, "paper").locator(".cell-output")).toContainText("already in the book");

  // After a reload the notebook still starts from the kept book; a forced re-run places nothing.
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-save", "saved");
  await page.reload();
  await expect(page.getByLabel("notebook title")).toHaveValue("Paper desk");
  await expect(cell(page, "paper_start")).toBeAttached();
  await page.evaluate(() => window.studio.session.runCell("paper_start"));
  await expect.poll(() => paperValue(page), { timeout: 60_000 }).toEqual({ fills: 0, skipped: 2, bookFills: 2, cash: 8748.75 });
  await expect(cell(page, "paper").getByTestId("paper-book-button")).toHaveText("book · 2 fills");
  expect(errors).toEqual([]);
});
