/**
 * A Monaco editor for one SQL or TypeScript cell. Monaco loads lazily (a plain
 * textarea shows meanwhile); the editor grows with its content up to a limit;
 * an error line is highlighted with a decoration and a marker.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type * as Monaco from "monaco-editor";
import type { Cell } from "../../kernel/document/schema";
import { cellDeclarations } from "./stdTypes";
import { markStartup } from "../perf";

type MonacoModule = typeof import("./monaco");
let loading: Promise<MonacoModule> | null = null;
export function loadMonaco(): Promise<MonacoModule> {
  if (!loading) loading = import("./monaco");
  return loading;
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
  const latest = useRef(props);
  latest.current = props;
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let editor: Monaco.editor.IStandaloneCodeEditor | null = null;
    let model: Monaco.editor.ITextModel | null = null;
    void loadMonaco().then((m) => {
      if (disposed || !host.current) return;
      monacoRef.current = m;
      const { monaco } = m;
      const ext = props.language === "sql" ? "sql" : "ts";
      const uri = monaco.Uri.parse(`file:///cells/${props.modelId}.${ext}`);
      monaco.editor.getModel(uri)?.dispose();
      model = monaco.editor.createModel(latest.current.value, props.language, uri);
      editor = monaco.editor.create(host.current, {
        model,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        lineNumbers: "on",
        lineNumbersMinChars: 3,
        fontSize: 13,
        automaticLayout: true,
        wordWrap: "on",
        renderLineHighlight: "none",
        overviewRulerLanes: 0,
        scrollbar: { alwaysConsumeMouseWheel: false, vertical: "auto" },
        fixedOverflowWidgets: true,
        tabSize: 2,
      });
      editorRef.current = editor;
      decorations.current = editor.createDecorationsCollection();
      const fit = () => {
        if (!editor || !host.current) return;
        const h = Math.min(latest.current.maxHeight ?? 420, Math.max(38, editor.getContentHeight()));
        host.current.style.height = `${h}px`;
      };
      editor.onDidContentSizeChange(fit);
      fit();
      editor.onDidChangeModelContent(() => {
        const v = editor!.getValue();
        if (v !== latest.current.value) latest.current.onChange(v);
      });
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onRun?.());
      setReady(true);
      markStartup("studio:editor"); // for the benchmark (bench/studio.ts)
    });
    return () => {
      disposed = true;
      editor?.dispose();
      model?.dispose();
      editorRef.current = null;
    };
  }, [props.modelId, props.language]);

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
      <div ref={host} className="monaco-host" style={{ height: Math.min(props.maxHeight ?? 420, 19 * (props.value.split("\n").length + 1)) }} />
      {!ready && <pre className="code-fallback">{props.value}</pre>}
    </div>
  );
}

/** Keep Monaco's declarations of the cells (names and value types) in step with the document. */
export function useCellDeclarations(cells: Cell[], values: Record<string, { value: unknown }>): void {
  const dts = useMemo(() => cellDeclarations(cells, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.value]))), [cells, values]);
  useEffect(() => {
    if (!cells.some((c) => c.kind === "code")) return;
    void loadMonaco().then((m) => m.setCellDeclarations(dts));
  }, [dts, cells]);
}
