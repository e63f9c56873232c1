/**
 * The graph view: the same cells as nodes (@xyflow/react). Block cells have one
 * typed handle per input port and one per output; edges are the bindings of block
 * cells and the references of code and SQL cells (from the dependency graph).
 * Blocks are dragged from the catalog onto the canvas; a connection of the wrong
 * kind is refused with the reason; positions are saved in the document.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  ReactFlow, ReactFlowProvider, Background, Controls, MiniMap, Handle, Position, applyNodeChanges, useReactFlow,
  type Connection, type Edge, type Node, type NodeChange, type EdgeChange, type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import type { Cell, Notebook } from "../../kernel/document/schema";
import type { CellEvent } from "../../kernel/scheduler/scheduler";
import { bindingCell } from "../../kernel/scheduler/references";
import { findBlock } from "../../blocks/catalog";
import { isPanel, isSeries, isTable, panelColumn } from "../../blocks/core/values";
import { useNotebook } from "../state";
import { newCell } from "../state/cells";
import { dependentsOf, graphInfoOf } from "../state/graph";
import { bindingProblem } from "../forms/compat";
import { useSession, type CellValue } from "../kernel/session";
import { useStudio } from "../ui/context";
import { BlockCatalog, BLOCK_MIME } from "../ui/BlockCatalog";
import { ProgressBar, StatusChip } from "../ui/Status";
import { tokens } from "../ui/tokens";
import { Sparkline } from "../outputs/charts";
import { describeValue, formatNumber, isFlatNumbers } from "../outputs/detect";
import { CellError, CellResult, NameField, SourceEditor } from "../notebook/CellParts";
import { NODE_W, depthLayout, estimateHeight, placeNewNode, resolvePositions } from "./layout";


interface CellNodeData extends Record<string, unknown> {
  cell: Cell;
  event?: CellEvent;
  value?: CellValue;
}
type CellNode = Node<CellNodeData, "cell">;

const PORT_COLORS: Record<string, string> = {
  series: "#2563eb", panel: "#7b4fc9", matrix: "#d62728", weights: "#1b9e77", groups: "#8c564b",
  number: "#e07a1f", table: "#17becf", panels: "#e377c2", json: "#5d6778", object: "#5d6778", list: "#5d6778", text: "#9aa3b2", unknown: "#9aa3b2",
};

/** Columns by dependency depth, rows by document order: positions for a document that has none. */
export function defaultPositions(nb: Notebook): Record<string, { x: number; y: number }> {
  return depthLayout(nb);
}

function Preview({ value }: { value: unknown }) {
  if (value === undefined) return null;
  let v = value;
  if (v && typeof v === "object" && !Array.isArray(v) && !("kind" in (v as object))) {
    const rec = v as Record<string, unknown>;
    const first = rec.equity ?? Object.values(rec).find((x) => isSeries(x) || isPanel(x));
    if (first !== undefined) v = first;
    else if (isFlatNumbers(rec)) {
      return <div className="node-kpis">{Object.entries(rec).slice(0, 3).map(([k, x]) => <div key={k}><span>{k}</span> <strong>{formatNumber(x as number)}</strong></div>)}</div>;
    }
  }
  if (isSeries(v)) return <Sparkline values={v.values} width={NODE_W - 24} />;
  if (isPanel(v) && v.columns.length) return <><Sparkline values={panelColumn(v, 0)} width={NODE_W - 24} /><div className="muted tiny">{describeValue(v)}</div></>;
  if (isTable(v)) {
    const close = v.columns.close ?? v.columns.value;
    return <>{close instanceof Float64Array && <Sparkline values={close} width={NODE_W - 24} />}<div className="muted tiny">{describeValue(v)}</div></>;
  }
  return <div className="muted tiny">{describeValue(v)}</div>;
}

function CellNodeView({ data, selected }: NodeProps<CellNode>) {
  const { cell, event, value } = data;
  const block = cell.kind === "block" ? findBlock(cell.block) : undefined;
  const inputs = block ? Object.entries(block.inputs) : [];
  const outputs = block ? Object.entries(block.outputs) : [];
  const status = event?.status ?? "idle";
  return (
    <div className={`gnode gnode-${cell.kind}${selected ? " selected" : ""}`} data-node-name={cell.name} data-status={status} style={{ width: NODE_W, borderTopColor: tokens.status[status] }}>
      <div className="gnode-head">
        <strong className="gnode-name">{cell.name}</strong>
        <span className={`kind-badge kind-${cell.kind}`}>{cell.kind === "block" ? cell.block : cell.kind}</span>
      </div>
      <div className="gnode-status"><StatusChip event={event} /></div>
      <ProgressBar event={event} />
      {inputs.length > 0 && (
        <div className="gnode-ports">
          {inputs.map(([name, p]) => (
            <div key={name} className="gnode-port in" title={`${block!.id}.${name}: ${p.description}`}>
              <Handle type="target" position={Position.Left} id={name} className="port-handle" style={{ background: PORT_COLORS[p.kind] }} />
              <span>{name}</span> <span className="kind small" style={{ color: PORT_COLORS[p.kind] }}>{p.kind}{p.optional ? "?" : ""}</span>
            </div>
          ))}
        </div>
      )}
      {(cell.kind === "code" || cell.kind === "sql") && <Handle type="target" position={Position.Left} id="refs" isConnectable={false} className="port-handle refs" />}
      {outputs.length > 1 && (
        <div className="gnode-ports out">
          {outputs.map(([name, o]) => (
            <div key={name} className="gnode-port out" title={`${name}: ${o.description}`}>
              <span className="kind small" style={{ color: PORT_COLORS[o.kind] }}>{o.kind}</span> <span>{name}</span>
              <Handle type="source" position={Position.Right} id={name} className="port-handle" style={{ background: PORT_COLORS[o.kind] ?? PORT_COLORS.unknown }} />
            </div>
          ))}
        </div>
      )}
      {cell.kind !== "markdown" && (
        <Handle type="source" position={Position.Right} id="out" className="port-handle out-main" title="whole cell"
          style={{ top: 22, background: PORT_COLORS[outputs.length === 1 ? outputs[0][1].kind : cell.kind === "sql" ? "table" : "unknown"] }} />
      )}
      <div className="gnode-preview">
        {status === "error" ? <div className="gnode-error">{event?.error?.message}</div> : <Preview value={value?.value} />}
      </div>
    </div>
  );
}

const nodeTypes = { cell: CellNodeView };

function buildEdges(nb: Notebook): Edge[] {
  const info = graphInfoOf(nb);
  const byName = new Map(nb.cells.map((c) => [c.name, c]));
  const edges: Edge[] = [];
  for (const c of nb.cells) {
    if (c.kind === "block") {
      const block = findBlock(c.block);
      for (const [port, binding] of Object.entries(c.inputs)) {
        const srcName = bindingCell(binding);
        const src = byName.get(srcName);
        if (!src) continue;
        const output = binding.length > srcName.length ? binding.slice(srcName.length + 1) : "out";
        const kind = block?.inputs[port]?.kind ?? "unknown";
        edges.push({ id: `b:${c.id}:${port}`, source: src.id, sourceHandle: output, target: c.id, targetHandle: port, style: { stroke: PORT_COLORS[kind], strokeWidth: 2 }, data: { port } });
      }
    } else {
      const uses = info.cells.find((x) => x.id === c.id)?.uses ?? [];
      for (const u of uses) {
        const src = byName.get(u);
        if (src) edges.push({ id: `r:${src.id}:${c.id}`, source: src.id, sourceHandle: "out", target: c.id, targetHandle: "refs", deletable: false, style: { strokeDasharray: "5 4", stroke: tokens.color.muted }, label: "ref", labelStyle: { fontSize: 10, fill: tokens.color.muted } });
      }
    }
  }
  return edges;
}

function Canvas() {
  const { store, session, edit, select, selected, toast } = useStudio();
  const nb = useNotebook(store);
  const st = useSession(session);
  const flow = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);
  const dragging = useRef(new Set<string>());
  const defaults = useMemo(() => resolvePositions(nb), [nb]);
  const derive = (prev: CellNode[]): CellNode[] => {
    const old = new Map(prev.map((n) => [n.id, n]));
    return nb.cells.map((cell): CellNode => {
      const o = old.get(cell.id);
      const pos = dragging.current.has(cell.id) && o ? o.position : defaults[cell.id] ?? { x: 0, y: 0 };
      return { ...(o ?? {}), id: cell.id, type: "cell", position: pos, selected: selected === cell.id, data: { cell, event: st.events[cell.id], value: st.values[cell.id] } };
    });
  };
  const [nodes, setNodes] = useState<CellNode[]>(() => derive([]));
  useEffect(() => {
    setNodes(derive);
  }, [nb, st.events, st.values, selected, defaults]);

  const edges = useMemo(() => buildEdges(nb), [nb]);

  const onNodesChange = useCallback((changes: NodeChange<CellNode>[]) => {
    setNodes((ns) => applyNodeChanges(changes, ns));
    for (const ch of changes) {
      if (ch.type === "position") {
        if (ch.dragging) dragging.current.add(ch.id);
        else if (dragging.current.has(ch.id)) {
          dragging.current.delete(ch.id);
          const n = flow.getNode(ch.id);
          const p = ch.position ?? n?.position;
          if (p) edit({ op: "moveNode", id: ch.id, position: p });
        }
      } else if (ch.type === "select" && ch.selected) select(ch.id);
      else if (ch.type === "remove") edit({ op: "removeCell", id: ch.id });
    }
  }, [edit, select, flow]);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    for (const ch of changes) {
      if (ch.type === "remove" && ch.id.startsWith("b:")) {
        const [, cellId, port] = ch.id.split(":");
        edit({ op: "bindInput", id: cellId, port, binding: null });
      }
    }
  }, [edit]);

  /** Why a connection is refused, or null. */
  const refusal = useCallback((conn: Connection): string | null => {
    const doc = store.getState();
    const src = doc.cells.find((c) => c.id === conn.source);
    const dst = doc.cells.find((c) => c.id === conn.target);
    if (!src || !dst) return "unknown cell";
    if (src.id === dst.id) return "a cell cannot feed itself";
    if (dst.kind !== "block" || conn.targetHandle === "refs") return `${dst.name} is a ${dst.kind} cell: it refers to other cells by name in its source`;
    const block = findBlock(dst.block);
    const port = conn.targetHandle ? block?.inputs[conn.targetHandle] : undefined;
    if (!block || !port || !conn.targetHandle) return "connect to one of the block's input ports";
    if (dependentsOf(doc, dst.name).has(src.name)) return `${src.name} depends on ${dst.name}: this connection would make a cycle`;
    const output = conn.sourceHandle && conn.sourceHandle !== "out" ? conn.sourceHandle : undefined;
    return bindingProblem(src, output, { kind: port.kind, name: conn.targetHandle }, `${block.id}.${conn.targetHandle}`, st.values[src.id]?.value);
  }, [store, st.values]);

  const onConnect = useCallback((conn: Connection) => {
    const why = refusal(conn);
    if (why) { toast(`Connection refused: ${why}`, "error"); return; }
    const doc = store.getState();
    const src = doc.cells.find((c) => c.id === conn.source)!;
    const output = conn.sourceHandle && conn.sourceHandle !== "out" ? conn.sourceHandle : undefined;
    edit({ op: "bindInput", id: conn.target, port: conn.targetHandle!, binding: output ? `${src.name}.${output}` : src.name });
  }, [refusal, toast, store, edit]);

  const addBlockAt = useCallback((blockId: string, position: { x: number; y: number }) => {
    const cell = newCell(store.getState(), "block", { block: blockId });
    if (edit({ op: "addCell", cell, position }) === null) select(cell.id);
  }, [store, edit, select]);

  /** A block clicked in the catalog: beside the selected node or in the middle of the view, then panned into view. */
  const addBlockNear = useCallback((blockId: string) => {
    const doc = store.getState();
    const cell = newCell(doc, "block", { block: blockId });
    const r = wrapper.current!.getBoundingClientRect();
    const catalogW = wrapper.current!.querySelector(".graph-catalog")?.getBoundingClientRect().width ?? 0;
    const center = flow.screenToFlowPosition({ x: r.left + catalogW + (r.width - catalogW) / 2, y: r.top + r.height / 2 });
    const h = estimateHeight(cell);
    const position = placeNewNode(doc, resolvePositions(doc), selected, center, h);
    if (edit({ op: "addCell", cell, position }) !== null) return;
    select(cell.id);
    // Keep the new node on screen: pan to it when it landed outside the view.
    const tl = flow.flowToScreenPosition(position);
    const br = flow.flowToScreenPosition({ x: position.x + NODE_W, y: position.y + h });
    if (tl.x < r.left + catalogW || tl.y < r.top || br.x > r.right || br.y > r.bottom) {
      void flow.setCenter(position.x + NODE_W / 2, position.y + h / 2, { zoom: flow.getZoom(), duration: 250 });
    }
  }, [store, edit, select, selected, flow]);

  return (
    <div className="graph-canvas" ref={wrapper} data-testid="graph-canvas"
      onDragOver={(e) => { if (e.dataTransfer.types.includes(BLOCK_MIME)) { e.preventDefault(); e.dataTransfer.dropEffect = "copy"; } }}
      onDrop={(e) => {
        const id = e.dataTransfer.getData(BLOCK_MIME);
        if (!id) return;
        e.preventDefault();
        const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
        addBlockAt(id, { x: p.x - NODE_W / 2, y: p.y - 20 });
      }}>
      <div className="graph-catalog">
        <BlockCatalog compact onPick={addBlockNear} />
        <p className="muted tiny">Drag a block onto the canvas, or click it.</p>
      </div>
      <ReactFlow<CellNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onPaneClick={() => select(null)}
        deleteKeyCode={["Delete"]}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <Controls />
        <MiniMap pannable zoomable nodeColor={(n) => tokens.status[((n.data as CellNodeData).event?.status) ?? "idle"]} />
      </ReactFlow>
    </div>
  );
}

function SidePanel() {
  const { store, selected } = useStudio();
  const nb = useNotebook(store);
  const cell = nb.cells.find((c) => c.id === selected);
  if (!cell) return <aside className="graph-side empty"><p className="muted">Select a node to edit it. Drag from an output handle to an input port to connect.</p></aside>;
  return (
    <aside className="graph-side" data-testid="side-panel" key={cell.id}>
      <div className="side-head"><NameField cell={cell} /><span className={`kind-badge kind-${cell.kind}`}>{cell.kind === "block" ? cell.block : cell.kind}</span></div>
      <SourceEditor cell={cell} compact />
      <CellError cell={cell} />
      <CellResult cell={cell} />
    </aside>
  );
}

export function GraphView() {
  return (
    <div className="graph-view" data-testid="graph-view">
      <ReactFlowProvider>
        <Canvas />
      </ReactFlowProvider>
      <SidePanel />
    </div>
  );
}
