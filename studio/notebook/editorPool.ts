/**
 * Monaco editors are kept for reuse. Making one (its ~50 contributions, its view) and disposing of
 * one were the costliest tasks left when an example opened (25-50 ms each under load, in idle
 * moments between the run's charts): a cell that leaves the page parks its editor instead, and the
 * next cell that needs one takes it with its own model (only the view is made again).
 */
import type * as Monaco from "monaco-editor";
import { tokens } from "../ui/tokens";
import { disposeLater } from "./editorQueue";

type Editor = Monaco.editor.IStandaloneCodeEditor;
export interface PooledEditor {
  editor: Editor;
  /** Monaco's container: moves from host to host with its editor. */
  box: HTMLDivElement;
}

/** The same for every cell's editor, so that any parked one fits any cell. */
const OPTIONS: Monaco.editor.IStandaloneEditorConstructionOptions = {
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  lineNumbers: "on",
  lineNumbersMinChars: 3,
  fontSize: 13,
  lineHeight: 19,
  fontFamily: tokens.font.mono, // as the stand-in textarea's, so the swap does not move the text
  automaticLayout: false, // laid out by followSize (the cell's CodeEditor)
  wordWrap: "on",
  renderLineHighlight: "none",
  overviewRulerLanes: 0,
  scrollbar: { alwaysConsumeMouseWheel: false, vertical: "auto" },
  fixedOverflowWidgets: true,
  tabSize: 2,
};

/** More than a notebook's view usually has at once; beyond it, editors are disposed. */
const MAX_PARKED = 6;
const parked: PooledEditor[] = [];

/** An editor in `host` showing `model`: a parked one if there is one, else a new one. */
export function takeEditor(monaco: typeof Monaco, host: HTMLElement, model: Monaco.editor.ITextModel): PooledEditor {
  const reused = parked.pop();
  if (!reused) {
    const box = newBox();
    host.append(box);
    return { editor: monaco.editor.create(box, { ...OPTIONS, model }), box };
  }
  host.append(reused.box);
  const { editor } = reused;
  if (editor.getModel()) editor.setModel(null); // parked a moment ago: its old view goes first
  // Sized before the model comes, so that its view is made once, at the right size.
  editor.layout({ width: host.clientWidth, height: host.clientHeight });
  editor.setModel(model);
  return reused;
}

/**
 * The cell no longer shows `pooled`: its box leaves the page now; its old model goes in an idle
 * moment (unless another cell has taken the editor since, which replaced it).
 */
export function parkEditor(pooled: PooledEditor, model: Monaco.editor.ITextModel): void {
  pooled.box.remove();
  const keep = parked.length < MAX_PARKED;
  if (keep) parked.push(pooled);
  disposeLater(() => {
    if (!keep) pooled.editor.dispose();
    else if (pooled.editor.getModel() === model) pooled.editor.setModel(null);
    if (!model.isDisposed()) model.dispose();
  });
}

function newBox(): HTMLDivElement {
  const box = document.createElement("div");
  box.className = "monaco-box";
  return box;
}
