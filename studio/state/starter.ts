/**
 * The notebook opened when nothing else is: prose, SQL over the bundled S&P 500,
 * an RSI block bound to it and a code cell that reads the RSI.
 */
import { NOTEBOOK_FORMAT, NOTEBOOK_VERSION, type Notebook } from "../../kernel/document/schema";

export function starterNotebook(): Notebook {
  return {
    format: NOTEBOOK_FORMAT,
    version: NOTEBOOK_VERSION,
    id: `nb-${Date.now().toString(36)}`,
    title: "S&P 500 momentum check",
    cells: [
      {
        id: "intro", name: "intro", kind: "markdown",
        source: "# S&P 500 momentum check\n\nDaily closes of the **S&P 500** come from the bundled `sp500` dataset. " +
          "The SQL cell selects them, the `ta.rsi` block computes a 14-day *Wilder RSI*, and the code cell summarises it.\n\n" +
          "- Edit the RSI period: only the RSI and the summary run again.\n- Switch to the **Graph** view to see the same cells as nodes.",
      },
      { id: "prices_cell", name: "prices", kind: "sql", source: "select date, close from sp500 order by date" },
      { id: "rsi_cell", name: "rsi", kind: "block", block: "ta.rsi", params: { period: 14 }, inputs: { series: "prices" } },
      {
        id: "summary_cell", name: "summary", kind: "code",
        source: [
          "// The RSI block's output is { values: Series }.",
          "const v = rsi.values.values;",
          "let last = NaN;",
          "for (let i = v.length - 1; i >= 0; i--) if (!Number.isNaN(v[i])) { last = v[i]; break; }",
          "const defined = v.filter((x) => !Number.isNaN(x));",
          "return {",
          "  last_rsi: last,",
          "  overbought_share: defined.filter((x) => x > 70).length / defined.length,",
          "  oversold_share: defined.filter((x) => x < 30).length / defined.length,",
          "  days: defined.length,",
          "};",
        ].join("\n"),
      },
    ],
    graph: { positions: { intro: { x: 0, y: 0 }, prices_cell: { x: 0, y: 180 }, rsi_cell: { x: 320, y: 180 }, summary_cell: { x: 640, y: 180 } } },
    datasets: [{ name: "sp500", source: { kind: "bundled", id: "sp500" } }],
  };
}
