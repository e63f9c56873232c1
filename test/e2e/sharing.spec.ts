/**
 * Sharing end to end: a notebook file opens untrusted (its code cell waits, its
 * SQL runs) until the user trusts it; a bad file is refused with the JSON path
 * and changes nothing; a link carries a notebook in its fragment.
 */
import { test, expect, type Page } from "@playwright/test";

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/sharing-${name}.png` });
const cell = (page: Page, name: string) => page.locator(`.notebook .cell[data-cell-name="${name}"]`);

const shared = {
  format: "strategy-studio-notebook",
  version: 2,
  id: "nb-shared-e2e",
  title: "A shared notebook",
  cells: [
    { id: "m1", name: "readme", kind: "markdown", source: "# From a colleague\n\nIt has a code cell." },
    { id: "q1", name: "q", kind: "sql", source: "select 40 as x" },
    { id: "c1", name: "answer", kind: "code", source: "return q.columns.x[0] + 2;" },
  ],
  graph: { positions: {} },
  datasets: [],
};

async function open(page: Page, url = "/") {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(url);
  await expect(page.locator(".app-header")).toBeVisible();
}

test("import a file -> untrusted banner -> code cell not run -> trust -> it runs", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await open(page);
  await page.getByTestId("open-share").click();
  await page.getByTestId("import-file").setInputFiles({ name: "shared.ssnb.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(shared)) });
  await expect(page.getByLabel("notebook title")).toHaveValue("A shared notebook");
  const banner = page.getByTestId("untrusted-banner");
  await expect(banner).toBeVisible();
  await expect(cell(page, "q")).toHaveAttribute("data-status", "done", { timeout: 90_000 });
  await expect(cell(page, "answer")).toHaveAttribute("data-status", "error");
  await expect(cell(page, "answer")).toContainText("not trusted");
  await shot(page, "untrusted");
  await page.screenshot({ path: "test-results/issue7-trust-banner.png" });
  await banner.getByRole("button", { name: "Trust this notebook" }).click();
  await expect(cell(page, "answer")).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  await expect(cell(page, "answer").locator(".cell-output")).toContainText("42");
  await expect(banner).toBeHidden();
  // trusted state is kept: a reload runs the code cell without asking
  await page.reload();
  await expect(page.getByTestId("untrusted-banner")).toBeHidden();
  await expect(cell(page, "answer")).toHaveAttribute("data-status", "done", { timeout: 90_000 });
  await shot(page, "trusted");
  expect(errors).toEqual([]);
});

test("a bad or newer file is refused with the reason (JSON path) and nothing changes", async ({ page }) => {
  await open(page);
  const title = await page.getByLabel("notebook title").inputValue();
  await page.getByTestId("open-share").click();
  const bad = { ...shared, cells: [{ ...shared.cells[0], name: "9lives" }] };
  await page.getByTestId("import-file").setInputFiles({ name: "bad.ssnb.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(page.getByTestId("import-error")).toContainText("cells[0].name");
  await page.getByTestId("import-file").setInputFiles({ name: "newer.ssnb.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ ...shared, version: 99 })) });
  await expect(page.getByTestId("import-error")).toContainText("newer Strategy Studio");
  await expect(page.getByLabel("notebook title")).toHaveValue(title);
  await expect(page.getByTestId("untrusted-banner")).toBeHidden();
  await shot(page, "refused");
});

test("a link with #nb= opens the notebook it carries, untrusted", async ({ page }) => {
  const frag = Buffer.from(JSON.stringify({ ...shared, id: "nb-linked", title: "Linked notebook" })).toString("base64url");
  await open(page, `/#nb=${frag}`);
  await expect(page.getByLabel("notebook title")).toHaveValue("Linked notebook");
  await expect(page.getByTestId("untrusted-banner")).toContainText("link");
  expect(new URL(page.url()).hash).toBe("");
  // the studio's own links are compressed (deflate-raw) and open the same way
  await page.getByLabel("notebook title").fill("Relinked");
  await page.getByTestId("open-share").click();
  await page.getByRole("button", { name: "Copy link" }).click();
  const link = await page.getByLabel("share link").inputValue();
  expect(link).toMatch(/#nb=[A-Za-z0-9_-]+$/);
  const other = await page.context().newPage();
  await open(other, link.slice(link.indexOf("/#")));
  await expect(other.getByLabel("notebook title")).toHaveValue("Relinked");
  await expect(other.getByTestId("untrusted-banner")).toBeVisible();
});
