import type * as Monaco from "monaco-editor";

/**
 * Lay `editor` out whenever its host's box changes, as Monaco's automaticLayout does, except to an
 * empty box: a host that left the page (its cell removed, another notebook opened) is observed at
 * 0 x 0 before the editor's disposal, and Monaco then recomputed its options and redrew every view
 * part for nothing (55-100 ms per task when an example opened, under load).
 */
export function followSize(host: HTMLElement, editor: Pick<Monaco.editor.IStandaloneCodeEditor, "layout">): ResizeObserver | null {
  if (typeof ResizeObserver !== "function") return null;
  const observer = new ResizeObserver((entries) => {
    const box = entries[entries.length - 1].contentRect;
    if (box.width > 0 && box.height > 0 && host.isConnected) editor.layout({ width: box.width, height: box.height });
  });
  observer.observe(host);
  return observer;
}
