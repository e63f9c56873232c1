/**
 * Pieces of a cell shared by the notebook and the graph's side panel: the name
 * field (validated: an identifier, unique), the block editor (input bindings and
 * parameter form), the source editor for each kind, and the cell's result.
 */
import { memo, useDeferredValue, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { BlockCell, Cell } from "../../kernel/document/schema";
import { findBlock } from "../../blocks/catalog";
import { ParamForm } from "../forms/ParamForm";
import { InputBindings } from "../forms/InputBindings";
import { nameProblem } from "../state";
import { useSessionPart } from "../kernel/session";
import { useStudio } from "../ui/context";
import { renderMarkdown } from "../outputs/markdown";
import { CodeEditor } from "./CodeEditor";
import { AgentCellOutput } from "./AgentActions";
import { agentReportOf, isAgentBlock } from "../outputs/agents";
import { bindingNotebook, codeValueKinds, knownSymbols } from "./editorSnapshots";
import { ChartPriority } from "../outputs/chartPriority";

export function NameField({ cell }: { cell: Cell }) {
  const { store, edit } = useStudio();
  const [text, setText] = useState(cell.name);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => { setText(cell.name); setProblem(null); }, [cell.name]);
  const commit = () => {
    if (text === cell.name) return;
    const p = nameProblem(store.getState(), cell.id, text);
    if (p) { setProblem(p); return; }
    edit({ op: "renameCell", id: cell.id, name: text });
  };
  return (
    <span className={`name-field${problem ? " invalid" : ""}`}>
      <input
        aria-label="cell name"
        className="cell-name"
        value={text}
        spellCheck={false}
        size={Math.max(4, text.length + 1)}
        onChange={(e) => { setText(e.target.value); setProblem(nameProblem(store.getState(), cell.id, e.target.value)); }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") { e.preventDefault(); commit(); (e.target as HTMLInputElement).blur(); }
          if (e.key === "Escape") { setText(cell.name); setProblem(null); }
        }}
        onClick={(e) => e.stopPropagation()}
      />
      {problem && <span className="field-error name-error" role="alert">{problem}</span>}
    </span>
  );
}

/** Symbols seen in the values of the notebook (columns of panels and matrices), for symbol pickers. */
export function useKnownSymbols(): string[] {
  const { session } = useStudio();
  return useSessionPart(session, (s) => knownSymbols(s.values));
}

// Memoized, and reading snapshots that change only with what it shows (editorSnapshots.ts): a
// parameter edit or a run's results re-render the editors they concern, not every one.
export const BlockEditor = memo(function BlockEditor({ cell }: { cell: BlockCell }) {
  const { store, session, edit } = useStudio();
  const nb = useSyncExternalStore(store.subscribe, () => bindingNotebook(store.getState()));
  const kinds = useSessionPart(session, (s) => codeValueKinds(nb, s.values));
  const symbols = useKnownSymbols();
  const block = findBlock(cell.block);
  if (!block) return <p className="field-error">There is no block “{cell.block}” in the catalog.</p>;
  return (
    <div className="block-editor">
      <p className="block-desc"><strong>{block.title}</strong> — {block.description}</p>
      <div className="block-columns">
        <div className="block-inputs">
          <h4>Inputs</h4>
          {Object.keys(block.inputs).length === 0 ? <p className="muted small">No inputs.</p>
            : <InputBindings nb={nb} cell={cell} block={block} kinds={kinds} onBind={(port, binding) => edit({ op: "bindInput", id: cell.id, port, binding })} />}
        </div>
        <div className="block-params">
          <h4>Parameters</h4>
          <ParamForm block={block} params={cell.params} symbols={symbols} onChange={(params) => edit({ op: "setParams", id: cell.id, params })} />
        </div>
      </div>
    </div>
  );
});

export function SourceEditor({ cell, compact }: { cell: Cell; compact?: boolean }) {
  const { session, edit } = useStudio();
  const ev = useSessionPart(session, (s) => s.events[cell.id]);
  const [editingMd, setEditingMd] = useState(false);
  if (cell.kind === "block") return <BlockEditor cell={cell} />;
  if (cell.kind === "markdown") {
    return editingMd || cell.source.trim() === "" ? (
      <div className="md-edit">
        <textarea aria-label="markdown source" value={cell.source} rows={Math.min(20, cell.source.split("\n").length + 2)} autoFocus
          onChange={(e) => edit({ op: "setSource", id: cell.id, source: e.target.value })} onBlur={() => setEditingMd(false)} />
      </div>
    ) : (
      <div className="md-view" onDoubleClick={() => setEditingMd(true)} title="double-click to edit">
        <Markdown source={cell.source} />
        <button type="button" className="link small md-edit-btn" onClick={() => setEditingMd(true)}>edit</button>
      </div>
    );
  }
  return (
    <CodeEditor
      modelId={`${cell.id}${compact ? "-side" : ""}`}
      language={cell.kind === "sql" ? "sql" : "typescript"}
      value={cell.source}
      maxHeight={compact ? 260 : 420}
      onChange={(source) => edit({ op: "setSource", id: cell.id, source })}
      onRun={() => void session.runCell(cell.name)}
      errorLine={ev?.status === "error" && cell.kind === "code" ? ev.error?.line : undefined}
      errorMessage={ev?.error?.message}
    />
  );
}

export function CellError({ cell }: { cell: Cell }) {
  const { session } = useStudio();
  const ev = useSessionPart(session, (s) => s.events[cell.id]);
  if (ev?.status !== "error" || !ev.error) return null;
  return (
    <div className="cell-error" role="alert">
      <strong>Error{ev.error.line ? ` at line ${ev.error.line}` : ""}{ev.error.path ? ` in ${ev.error.path}` : ""}:</strong> {ev.error.message}
    </div>
  );
}

// Output renderers (Plot and the charts, ~250 kB minified) load apart from the first render: a cold
// start has no result to show for seconds. Not React.lazy: a Suspense boundary's reveal is throttled
// (~300 ms), which would hold back a warm start's cached results.
type OutputsModule = typeof import("../outputs/OutputView");
type DetectContext = Parameters<OutputsModule["OutputView"]>[0]["ctx"];
let outputs: OutputsModule | null = null;
let outputsLoading: Promise<OutputsModule> | null = null;
/** Start loading the output renderers (boot.tsx calls it early, so they are there when a first value is). */
export function preloadOutputs(): Promise<OutputsModule> {
  outputsLoading ??= import("../outputs/OutputView").then((m) => (outputs = m));
  return outputsLoading;
}
function useOutputs(): OutputsModule | null {
  const [m, setM] = useState(outputs);
  useEffect(() => { if (!m) void preloadOutputs().then(setM); }, [m]);
  return m;
}

function Markdown({ source }: { source: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function CellResult({ cell }: { cell: Cell }) {
  const { session } = useStudio();
  const latest = useSessionPart(session, (s) => s.values[cell.id]);
  // A new value is drawn by a background (transition) render, which React cuts into ~5 ms slices: a
  // run's results (tables, cards, the charts' wrappers) rendered in the event batch's own commit made
  // page tasks of 50-170 ms under load. The old output stays (dimmed if stale) until then. Not the
  // cell whose parameter was just edited: its result is rendered at once and its charts drawn first.
  const focused = useSessionPart(session, (s) => s.focus === cell.id);
  const deferred = useDeferredValue(latest);
  const v = focused ? latest : deferred;
  const stale = useSessionPart(session, (s) => s.events[cell.id]?.status === "stale");
  const out = useOutputs();
  const block = cell.kind === "block" ? cell.block : null;
  const ctx = useMemo((): DetectContext => {
    const specs = block ? findBlock(block)?.outputs ?? {} : {};
    const outs = Object.values(specs);
    const single = outs.length === 1 ? outs[0] : undefined;
    const descriptions = Object.fromEntries(Object.entries(specs).map(([k, o]) => [k, o.description]));
    return { name: cell.name, cellKind: cell.kind, outputKind: single?.kind, description: single?.description, descriptions };
  }, [block, cell.name, cell.kind]);
  // The same element while the value is the same: the urgent render of a new value (before the deferred one) skips the output.
  const view = useMemo(() => (out && v ? <out.OutputView value={v.value} ctx={ctx} /> : null), [out, v, ctx]);
  if (cell.kind === "markdown" || !v) return null;
  const report = cell.kind === "block" && isAgentBlock(cell.block) ? agentReportOf(v.value) : null;
  if (report && cell.kind === "block") return <div className={`cell-output${stale ? " is-stale" : ""}`}><AgentCellOutput cell={cell} report={report} /></div>;
  return <div className={`cell-output${stale ? " is-stale" : ""}`}><ChartPriority.Provider value={focused}>{view}</ChartPriority.Provider></div>;
}
