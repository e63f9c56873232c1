/**
 * A Monaco editor for one SQL or TypeScript cell. Monaco loads lazily (~2.7 MB):
 * meanwhile an editable textarea stands in, so the cell can be edited and run
 * (Ctrl/Cmd+Enter) at once; Monaco then takes over with the current text, caret
 * and focus. An editor is created only for a cell near the viewport (or hovered, or focused),
 * one at a time (editorQueue.ts), so opening a notebook does not take the page's thread for
 * every cell at once; editors of cells that left the page are reused (editorPool.ts). The editor
 * grows with its content up to a limit; an error line is highlighted with a decoration and a marker.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type Ref } from "react";
import type * as Monaco from "monaco-editor";
import type { Cell } from "../../kernel/document/schema";
import { cellDeclarations } from "./stdTypes";
import { codeCellValues } from "./editorSnapshots";
import type { CellValue } from "../kernel/session";
import { markStartup } from "../perf";
import { enqueueEditor } from "./editorQueue";
import { parkEditor, takeEditor, type PooledEditor } from "./editorPool";
import { followSize } from "./followSize";

type MonacoModule = typeof import("./monaco");
let loading: Promise<MonacoModule> | null = null;
let gate: Promise<unknown> = Promise.resolve();
export function loadMonaco(): Promise<MonacoModule> {
  if (!loading) loading = gate.then(() => import("./monaco"));
  return loading;
}

/**
 * Load Monaco only once `first` settles (or after `atMostMs`): evaluating its 2.7 MB takes the
 * page's thread for a few hundred ms, which would hold back start-up's own messages (the kernel's
 * answer to open). The textarea stands in meanwhile. boot.tsx calls this before the first render.
 */
export function holdMonacoUntil(first: Promise<unknown>, atMostMs = 2000): void {
  gate = Promise.race([first.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, atMostMs))]);
}

export interface CodeEditorProps {
  value: string;
  language: "sql" | "typescript";
  /** A stable id used for the model's file name. */
  modelId: string;
  onChange(value: string): void;
  /** Ctrl/Cmd+Enter. */
  onRun?(): void;
  errorLine?: number;
  errorMessage?: string;
  maxHeight?: number;
}

export function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const monacoRef = useRef<MonacoModule | null>(null);
  const decorations = useRef<Monaco.editor.IEditorDecorationsCollection | null>(null);
  const fallback = useRef<HTMLTextAreaElement>(null);
  const latest = useRef(props);
  latest.current = props;
  const [ready, setReady] = useState(false);
  // Monaco is wanted once the cell comes near the viewport; "urgent" once the user hovers or focuses it.
  const [wanted, setWanted] = useState<"no" | "near" | "urgent">("no");
  const want = (w: "near" | "urgent") => setWanted((cur) => (cur === "urgent" ? cur : w));
  const wantsMonaco = wanted !== "no";
  const urgent = useRef(false);
  urgent.current = wanted === "urgent";
  const promote = useRef<() => void>(() => {});

  // The stand-in textarea accepts input from its first render (for the benchmark: bench/studio.ts).
  useEffect(() => { markStartup("studio:editor"); }, []);

  useEffect(() => {
    const el = host.current?.parentElement;
    if (!el || typeof IntersectionObserver !== "function") { want("near"); return; }
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) { want("near"); io.disconnect(); }
    }, { rootMargin: "300px 0px" });
    io.observe(el);
    return () => io.disconnect();
  }, []);

  useEffect(() => {
    if (!wantsMonaco) return;
    let disposed = false;
    let dropJob = () => {};
    let editor: Monaco.editor.IStandaloneCodeEditor | null = null;
    let model: Monaco.editor.ITextModel | null = null;
    let pooled: PooledEditor | null = null;
    let sizes: ResizeObserver | null = null;
    const subscriptions: Monaco.IDisposable[] = [];
    void loadMonaco().then((m) => {
      if (disposed) return;
      const job = enqueueEditor(() => { if (!disposed) create(m); }, urgent.current);
      dropJob = job.drop;
      promote.current = job.promote;
    });
    const create = (m: MonacoModule) => {
      if (!host.current) return;
      monacoRef.current = m;
      const { monaco } = m;
      const ext = props.language === "sql" ? "sql" : "ts";
      const uri = monaco.Uri.parse(`file:///cells/${props.modelId}.${ext}`);
      monaco.editor.getModel(uri)?.dispose();
      // Take over from the textarea: its text (the latest keystroke may not have re-rendered yet), caret and focus.
      const area = fallback.current;
      const text = area?.value ?? latest.current.value;
      if (text !== latest.current.value) latest.current.onChange(text);
      model = monaco.editor.createModel(text, props.language, uri);
      pooled = takeEditor(monaco, host.current, model);
      editor = pooled.editor;
      editorRef.current = editor;
      sizes = followSize(host.current, editor);
      decorations.current = editor.createDecorationsCollection();
      const fit = () => {
        if (!editor || !host.current) return;
        host.current.style.height = `${editorHeight(editor.getContentHeight(), latest.current.maxHeight)}px`;
      };
      subscriptions.push(editor.onDidContentSizeChange(fit));
      fit();
      subscriptions.push(editor.onDidChangeModelContent(() => {
        const v = editor!.getValue();
        if (v !== latest.current.value) latest.current.onChange(v);
      }));
      m.onRunKey(editor, () => latest.current.onRun?.());
      if (area) {
        const from = model.getPositionAt(area.selectionStart), to = model.getPositionAt(area.selectionEnd);
        editor.setSelection(new monaco.Selection(from.lineNumber, from.column, to.lineNumber, to.column));
        if (document.activeElement === area) editor.focus();
      }
      setReady(true);
      markStartup("studio:monaco"); // for the benchmark (bench/studio.ts)
    };
    return () => {
      disposed = true;
      dropJob();
      sizes?.disconnect(); // now: the host leaves the page at once
      for (const s of subscriptions.splice(0)) s.dispose();
      decorations.current?.clear();
      if (pooled && model) parkEditor(pooled, model); // for the next cell that needs an editor
      editorRef.current = null;
      setReady(false);
    };
  }, [props.modelId, props.language, wantsMonaco]);

  // Hovered or focused while waiting in the queue: created next.
  useEffect(() => { if (wanted === "urgent") promote.current(); }, [wanted]);

  // Outside edits (undo, the other view) flow into the editor.
  useEffect(() => {
    const ed = editorRef.current;
    if (ed && ed.getValue() !== props.value) {
      const model = ed.getModel();
      if (model) ed.executeEdits("outside", [{ range: model.getFullModelRange(), text: props.value }]);
    }
  }, [props.value, ready]);

  // The error line: a red band and a marker with the message.
  useEffect(() => {
    const ed = editorRef.current, m = monacoRef.current;
    if (!ed || !m) return;
    const model = ed.getModel();
    if (!model) return;
    const line = props.errorLine;
    if (line && line >= 1 && line <= model.getLineCount()) {
      decorations.current?.set([{ range: new m.monaco.Range(line, 1, line, 1), options: { isWholeLine: true, className: "error-line", glyphMarginClassName: "error-glyph", linesDecorationsClassName: "error-line-gutter" } }]);
      m.monaco.editor.setModelMarkers(model, "kernel", [{ severity: m.monaco.MarkerSeverity.Error, message: props.errorMessage ?? "error", startLineNumber: line, startColumn: 1, endLineNumber: line, endColumn: model.getLineMaxColumn(line) }]);
    } else {
      decorations.current?.clear();
      m.monaco.editor.setModelMarkers(model, "kernel", []);
    }
  }, [props.errorLine, props.errorMessage, ready]);

  return (
    <div className="code-editor" data-language={props.language}>
      <div ref={host} className="monaco-host" style={{ height: editorHeight(19 * props.value.split("\n").length, props.maxHeight) }} />
      {!ready && <FallbackEditor ref={fallback} {...props} onWant={() => want("urgent")} />}
    </div>
  );
}

/**
 * The editor's box for `content` px of text (19 px a line): the stand-in's box is the one Monaco's
 * content will ask for, so that Monaco, sized by it, is not resized (and laid out again, 20-40 ms
 * under load, moving every cell below) as soon as it is made. Only wrapped lines change it.
 */
export function editorHeight(content: number, maxHeight = 420): number {
  return Math.min(maxHeight, Math.max(38, content));
}

/** Tab inserts two spaces (Monaco's tabSize) instead of leaving the field. */
const INDENT = "  ";

/**
 * A plain textarea in Monaco's place until Monaco arrives: same font, size and box; edits go
 * through onChange as Monaco's do; Ctrl/Cmd+Enter runs the cell.
 */
function FallbackEditor({ ref, value, language, onChange, onRun, onWant }: CodeEditorProps & { ref: Ref<HTMLTextAreaElement>; onWant(): void }) {
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") { e.preventDefault(); onRun?.(); return; }
    if (e.key === "Tab" && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      const t = e.currentTarget;
      t.setRangeText(INDENT, t.selectionStart, t.selectionEnd, "end");
      onChange(t.value);
    }
  };
  return (
    <textarea ref={ref} className="code-fallback" aria-label={`${language === "sql" ? "SQL" : "TypeScript"} source`} value={value}
      spellCheck={false} autoCapitalize="off" autoComplete="off" autoCorrect="off" wrap="soft"
      onChange={(e) => onChange(e.target.value)} onKeyDown={onKeyDown} onFocus={onWant} onPointerEnter={onWant} />
  );
}

/** Keep Monaco's declarations of the cells (names and value types) in step with the document. */
export function useCellDeclarations(cells: Cell[], values: Record<string, CellValue>): void {
  const codeValues = codeCellValues(cells, values); // the same object while the code cells' values are
  const dts = useMemo(() => cellDeclarations(cells, codeValues), [cells, codeValues]);
  useEffect(() => {
    if (!cells.some((c) => c.kind === "code")) return;
    void loadMonaco().then((m) => m.setCellDeclarations(dts));
  }, [dts, cells]);
}
