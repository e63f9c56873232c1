/**
 * Issue 9 end to end: an agent's run becomes a report cell in the notebook, a
 * person's decision on its proposal becomes an agents.approve cell (APPROVED,
 * with the approver's name), and the ML example draws its confusion matrix and
 * ROC curve. Screenshots go to /tmp/shots-e (test-results/ is emptied by each run).
 */
import { test, expect, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";

const SHOTS = process.env.AGENT_SHOTS ?? "/tmp/shots-e";
mkdirSync(SHOTS, { recursive: true });

async function openExample(page: Page, key: string): Promise<string[]> {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/");
  await expect(page.locator(".app-header")).toBeVisible();
  await page.getByTestId("open-examples").click();
  await page.locator(`.examples-pop [data-example="${key}"]`).click();
  await expect(page.locator(`.notebook .cell[data-cell-name="intro"]`)).toBeVisible();
  return errors;
}

function cell(page: Page, name: string) {
  return page.locator(`.notebook .cell[data-cell-name="${name}"]`);
}

async function done(page: Page, name: string, timeout = 110_000) {
  await expect(cell(page, name)).toHaveAttribute("data-status", "done", { timeout });
}

test("desk_agents: Write report cell on the compliance officer, then Approve records an APPROVED agents.approve cell", async ({ page }) => {
  const errors = await openExample(page, "desk_agents");
  await done(page, "compliance");
  const out = cell(page, "compliance").locator(".cell-output");
  await expect(out.locator(".agent-report")).toBeVisible();
  await expect(out.locator(".badge-pending")).toHaveText("awaiting approval");
  await out.screenshot({ path: `${SHOTS}/compliance-output.png` });

  // The report cell: right after the agent cell, with the findings and the proposal.
  const findings = await page.evaluate(() => {
    const doc = window.studio.store.getState();
    const c = doc.cells.find((x) => x.name === "compliance")!;
    const v = window.studio.session.getState().values[c.id].value as { findings: string[] };
    return v.findings;
  });
  expect(findings.length).toBeGreaterThan(0);
  await out.getByRole("button", { name: "Write report cell" }).click();
  const report = cell(page, "compliance_report");
  await expect(report).toBeVisible();
  const order = await page.evaluate(() => window.studio.store.getState().cells.map((c) => c.name));
  expect(order[order.indexOf("compliance") + 1]).toBe("compliance_report");
  await expect(report.locator(".markdown h2")).toContainText("Compliance officer");
  await expect(report.locator(".markdown table.md-table tbody tr").first()).toContainText("compliance.check");
  await expect(report.locator(".markdown")).toContainText(findings[0].slice(0, 40));
  await expect(report.locator(".markdown")).toContainText("Requires approval");
  await report.screenshot({ path: `${SHOTS}/compliance-report-cell.png` });
  // Writing it again replaces it rather than adding another.
  await out.getByRole("button", { name: "Rewrite report cell" }).click();
  expect(await page.evaluate(() => window.studio.store.getState().cells.filter((c) => c.name.startsWith("compliance_report")).length)).toBe(1);

  // Approve: an inline form, not window.prompt.
  page.on("dialog", (d) => { throw new Error(`unexpected dialog: ${d.message()}`); });
  await out.getByRole("button", { name: "Approve…" }).click();
  const form = out.locator("form.decision-form");
  await expect(form).toBeVisible();
  await form.getByLabel("approver").fill("Jane Doe");
  await form.getByLabel("note").fill("Within the mandate; review on Friday.");
  await form.screenshot({ path: `${SHOTS}/approve-form.png` });
  await form.getByRole("button", { name: "Record approval" }).click();

  const approval = cell(page, "compliance_approval");
  await expect(approval).toBeVisible();
  const bound = await page.evaluate(() => window.studio.store.getState().cells.find((c) => c.name === "compliance_approval"));
  expect(bound).toMatchObject({ kind: "block", block: "agents.approve", inputs: { proposal: "compliance.proposal", decision: "compliance_decision" } });
  await done(page, "compliance_approval", 30_000);
  const rec = approval.locator('[data-testid="approval-record"]');
  await expect(rec.locator(".approval-stamp")).toHaveText("APPROVED");
  await expect(rec.locator(".approver")).toHaveText("Jane Doe");
  await expect(rec).toContainText("Within the mandate; review on Friday.");
  await expect(rec).toContainText("orders.generate");
  await approval.scrollIntoViewIfNeeded();
  await approval.screenshot({ path: `${SHOTS}/approval-cell.png` });
  await expect(out).toContainText("Decision recorded in");
  expect(errors).toEqual([]);
});

test("ml_signals: the walk-forward cell draws a confusion matrix and a ROC curve with its AUC in the title", async ({ page }) => {
  const errors = await openExample(page, "ml_signals");
  await done(page, "wf_logistic");
  const out = cell(page, "wf_logistic").locator(".cell-output");
  const cm = out.locator(".confusion-matrix");
  await expect(cm).toBeVisible();
  await expect(cm.locator("svg")).toHaveCount(1);
  await expect(cm).toContainText("TP");
  // Charts out of sight wait for the page's idle moments (many of them, under load): look at it, as a reader scrolls to it.
  await out.locator(".chart-roc").first().scrollIntoViewIfNeeded();
  const roc = out.locator(".chart-roc svg").first();
  await expect(roc).toBeVisible({ timeout: 15_000 });
  await expect(out.locator(".chart-roc h2").first()).toContainText(/AUC 0\.\d+/);
  // The notebook scrolls inside the app's main area: let the page grow so element pictures hold tall outputs.
  await page.addStyleTag({ content: "html, body, #root, .app { height: auto !important; } .app-main { overflow: visible !important; }" });
  await page.waitForTimeout(500);
  await out.screenshot({ path: `${SHOTS}/wf_logistic.png` });
  await done(page, "strategy");
  // Predictions over price: the close with the days predicted up marked on it.
  const overPrice = cell(page, "strategy").locator(".chart-predictions-price");
  await expect(overPrice.locator("svg").first()).toBeVisible({ timeout: 30_000 }); // charts are drawn one after another after the cell is done
  await expect(overPrice).toContainText("predictions over price");
  await overPrice.screenshot({ path: `${SHOTS}/predictions-over-price.png` });
  await cell(page, "strategy").locator(".cell-output").screenshot({ path: `${SHOTS}/strategy.png` });
  expect(errors).toEqual([]);
});

test("ml_signals: a running ml.walk_forward cell shows a moving progress bar", async ({ page }) => {
  const errors = await openExample(page, "ml_signals");
  await done(page, "strategy");
  await expect.poll(() => page.evaluate(() => window.studio.session.getState().running), { timeout: 60_000 }).toBe(false);
  // Re-run the gradient-boosted trees' validation (several seconds), reading its bar in the page at every session update
  // (Playwright's round trips are slow while the page renders; a DOM-wide observer would slow it down more).
  const gbt = cell(page, "wf_gbt");
  await gbt.scrollIntoViewIfNeeded();
  await page.evaluate(() => {
    const w = window as unknown as { __progress: number[] };
    w.__progress = [];
    window.studio.session.subscribe(() => requestAnimationFrame(() => {
      const bar = document.querySelector('.notebook .cell[data-cell-name="wf_gbt"][data-status="running"] .progress[role=progressbar]');
      const v = Number(bar?.getAttribute("aria-valuenow") ?? 0);
      if (v > 0 && v !== w.__progress[w.__progress.length - 1]) w.__progress.push(v);
    }));
  });
  await gbt.locator(".kind-badge").click();
  await page.waitForTimeout(600);
  await gbt.getByRole("button", { name: "run cell" }).click();
  await done(page, "wf_gbt", 60_000);
  const seen = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
  // Several distinct values, increasing: the bar moved while the model trained.
  expect(seen.length).toBeGreaterThan(3);
  expect(seen.slice().sort((a, b) => a - b)).toEqual(seen);
  expect(errors).toEqual([]);
});

// Stop during a long block: a block computes synchronously in the worker, so a cancel is heard
// between cells (the scheduler yields before each one, see test/unit/kernel/scheduler.test.ts);
// a cell that runs on past the grace period gets its worker restarted (test/e2e/studio.spec.ts).
