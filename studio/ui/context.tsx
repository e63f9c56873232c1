/**
 * What every studio component reaches: the document store, the kernel session,
 * the selection shared by both views, and a place to say why an edit was refused.
 */
import { createContext, useContext } from "react";
import type { DocumentStore, EditOp } from "../state";
import type { KernelSession } from "../kernel/session";

export interface Studio {
  store: DocumentStore;
  session: KernelSession;
  selected: string | null;
  select(id: string | null): void;
  /** Apply an edit; a refused edit is shown to the user and its reason returned. */
  edit(op: EditOp): string | null;
  toast(text: string, tone?: "info" | "warn" | "error"): void;
}

export const StudioContext = createContext<Studio | null>(null);

export function useStudio(): Studio {
  const s = useContext(StudioContext);
  if (!s) throw new Error("useStudio outside the studio");
  return s;
}
