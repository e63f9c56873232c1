/**
 * Monaco, bundled (no CDN), loaded on first use. Workers come from the package's
 * own entry points; code cells get the std declarations and the cells' names as
 * extra libraries. Diagnostics that a notebook cell's shape makes wrong (a
 * top-level `return` or `await`, the same local name in two cells) are off.
 */
import * as monaco from "monaco-editor";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import TsWorker from "monaco-editor/languages/features/typescript/ts.worker?worker";
import { stdDeclarations } from "./stdTypes";
import libraryTypes from "virtual:library-types";

declare global {
  interface Window { MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker } }
}

self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === "typescript" || label === "javascript" ? new TsWorker() : new EditorWorker();
  },
};

const ts = monaco.typescript;
ts.typescriptDefaults.setCompilerOptions({
  target: ts.ScriptTarget.ES2020,
  lib: ["es2022"],
  allowNonTsExtensions: true,
  strict: false,
  noImplicitAny: false,
  moduleDetection: 3, // "force": every cell is its own module, so names do not collide between cells
} as Parameters<typeof ts.typescriptDefaults.setCompilerOptions>[0]);
ts.typescriptDefaults.setDiagnosticsOptions({
  noSemanticValidation: false,
  noSyntaxValidation: false,
  // 1108 return outside a function; 1375/1378 top-level await; 2451/2300 redeclared names across cells.
  diagnosticCodesToIgnore: [1108, 1375, 1378, 2451, 2300, 2393, 1208],
});
ts.typescriptDefaults.addExtraLib(libraryTypes, "file:///studio/library.d.ts");
ts.typescriptDefaults.addExtraLib(stdDeclarations(), "file:///studio/std.d.ts");
let cellsLib: monaco.IDisposable | null = null;
let lastCells = "";

/** Replace the declarations of the notebook's cells. */
export function setCellDeclarations(dts: string): void {
  if (dts === lastCells) return;
  lastCells = dts;
  cellsLib?.dispose();
  cellsLib = ts.typescriptDefaults.addExtraLib(dts, "file:///studio/cells.d.ts");
}

/**
 * Ctrl/Cmd+Enter runs the cell whose editor has the focus: one keybinding for every editor. An
 * editor's own `addCommand` rebuilt the page's whole keybinding table when each editor was made
 * (~10 ms of its 25-50) and left its binding behind when it was disposed.
 */
const runners = new WeakMap<monaco.editor.ICodeEditor, () => void>();
monaco.editor.registerCommand("studio.runCell", () => {
  const focused = monaco.editor.getEditors().find((e) => e.hasTextFocus());
  if (focused) runners.get(focused)?.();
});
monaco.editor.addKeybindingRule({ keybinding: monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, command: "studio.runCell", when: "editorTextFocus" });

/** What Ctrl/Cmd+Enter does in `editor`. */
export function onRunKey(editor: monaco.editor.ICodeEditor, run: () => void): void {
  runners.set(editor, run);
}

export { monaco };
