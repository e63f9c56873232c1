/**
 * The studio's document state: one store for the open notebook. Other modules
 * (persistence, import, sharing) use `documentStore` and the ops in ./ops.
 */
import { createDocumentStore } from "./store";
import { starterNotebook } from "./starter";

export { applyOp, nameProblem, freshName, newCellId, affectsKernel, type EditOp, type Position } from "./ops";
export { createDocumentStore, useNotebook, type DocumentStore, type DocumentListener } from "./store";
export { starterNotebook } from "./starter";

/** The page's document store, opened on the starter notebook until something else is loaded. */
export const documentStore = createDocumentStore(starterNotebook(), { trusted: true });
