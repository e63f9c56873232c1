/**
 * A block cell's input ports, each bound by a select to a compatible upstream
 * cell (or one output of a block cell). Cells downstream of this one are left
 * out: binding to them would make a cycle.
 */
import { useDeferredValue, useMemo } from "react";
import type { BlockCell, Notebook } from "../../kernel/document/schema";
import type { AnyBlock } from "../../blocks/core/block";
import { bindingProblem, incompatibility, type GivenKind } from "./compat";
import { dependentsOf } from "../state/graph";
import { findBlock } from "../../blocks/catalog";

export interface BindingOption { value: string; label: string; problem: string | null }

/** Candidate bindings for one port of `cell`, compatible ones first. */
export function bindingOptions(nb: Notebook, cell: BlockCell, block: AnyBlock, portName: string, kinds: Record<string, GivenKind> = {}): BindingOption[] {
  const port = block.inputs[portName];
  const below = dependentsOf(nb, cell.name);
  const label = `${block.id}.${portName}`;
  const out: BindingOption[] = [];
  for (const c of nb.cells) {
    if (below.has(c.name) || c.kind === "markdown") continue;
    // What a code cell gives is known from its value only (by cell id: `kinds`).
    const problem = c.kind === "code" ? incompatibility(port.kind, kinds[c.id] ?? "unknown", label) : bindingProblem(c, undefined, { kind: port.kind, name: portName }, label);
    out.push({ value: c.name, label: c.name, problem });
    if (c.kind === "block") {
      const outs = Object.keys(findOutputs(c.block));
      if (outs.length > 1) for (const o of outs) {
        out.push({ value: `${c.name}.${o}`, label: `${c.name}.${o}`, problem: bindingProblem(c, o, { kind: port.kind, name: portName }, label) });
      }
    }
  }
  for (const d of nb.datasets) out.push({ value: d.name, label: `${d.name} (dataset)`, problem: port.kind === "table" || port.kind === "panel" || port.kind === "series" || port.kind === "json" ? null : `${label} takes a ${port.kind}, a table given` });
  return out;
}

function findOutputs(id: string): Record<string, unknown> {
  return findBlock(id)?.outputs ?? {};
}

export function InputBindings({ nb, cell, block, kinds, onBind }: {
  nb: Notebook; cell: BlockCell; block: AnyBlock; kinds: Record<string, GivenKind>; onBind(port: string, binding: string | null): void;
}) {
  const ports = Object.entries(block.inputs);
  // The options read the dependency graph, which parses code cells: the first parse of a page (sucrase
  // and acorn compiled) took 20-90 ms inside the render that mounts a notebook, at start-up or when one
  // opens. They come in a render of their own, which React runs once the cells are shown (a deferred
  // value that starts empty); meanwhile the select shows the current binding. Memoized per notebook.
  const graphNb = useDeferredValue<Notebook | null>(nb, null);
  const optionsOf = useMemo(() => {
    const c = graphNb?.cells.find((x) => x.id === cell.id);
    return graphNb && c?.kind === "block" ? Object.fromEntries(Object.keys(block.inputs).map((name) => [name, bindingOptions(graphNb, c, block, name, kinds)])) : null;
  }, [graphNb, cell.id, block, kinds]);
  if (ports.length === 0) return null;
  return (
    <div className="bindings">
      {ports.map(([name, port]) => {
        const current = cell.inputs[name] ?? "";
        const options = optionsOf?.[name] ?? null; // null until the deferred render
        const ok = options ? options.filter((o) => !o.problem) : [];
        const cur = options?.find((o) => o.value === current);
        const problem = current ? (options && (cur ? cur.problem : `"${current}" is not a cell before this one`)) : port.optional ? null : "required: choose a cell";
        return (
          <div key={name} className={`field binding${problem ? " invalid" : ""}`} data-port={name}>
            <span className="field-label" title={port.description}>
              {name}{!port.optional && <span className="req">*</span>} <span className={`kind kind-${port.kind}`}>{port.kind}</span>
            </span>
            <div className="field-control">
              <select name={`input-${name}`} value={current} onChange={(e) => onBind(name, e.target.value || null)}>
                <option value="">{port.optional ? "(none)" : "(choose a cell)"}</option>
                {current && !ok.some((o) => o.value === current) && <option value={current}>{current}</option>}
                {ok.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </select>
              {problem && <span className="field-error" role="alert">{problem}</span>}
            </div>
            <div className="field-help">{port.description}</div>
          </div>
        );
      })}
    </div>
  );
}
