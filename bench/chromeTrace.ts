/**
 * Reading a Chromium performance trace (the JSON Playwright's tracing writes): the V8 sampling
 * profiler's samples with their stacks, and the functions that take most of a span of them.
 * Used by bench/studioProfile.ts and bench/studioWarm.ts.
 */
export interface TraceEvent { name: string; cat: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { data?: Record<string, unknown>; name?: string } }

export interface Sample { tid: number; ts: number; dt: number; stack: string[] }

/** The V8 sampling profiler's samples in the trace (ProfileChunk events), each with its stack (innermost first). */
export function profileSamples(events: TraceEvent[]): Sample[] {
  const out: Sample[] = [];
  const byProfile = new Map<string, { tid: number; t: number; nodes: Map<number, { name: string; parent?: number }> }>();
  for (const e of events) {
    const d = e.args?.data as { startTime?: number; cpuProfile?: { nodes?: { id: number; parent?: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[] }; timeDeltas?: number[] } | undefined;
    const id = (e as unknown as { id?: string }).id ?? "";
    if (e.name === "Profile") byProfile.set(`${e.pid}:${id}`, { tid: e.tid, t: d?.startTime ?? e.ts, nodes: new Map() });
    if (e.name !== "ProfileChunk") continue;
    const p = byProfile.get(`${e.pid}:${id}`);
    if (!p || !d?.cpuProfile) continue;
    for (const n of d.cpuProfile.nodes ?? []) p.nodes.set(n.id, { name: `${n.callFrame.functionName || "(anon)"}@${(n.callFrame.url ?? "").split("/").pop()}:${(n.callFrame.lineNumber ?? -1) + 1}`, parent: n.parent });
    const ss = d.cpuProfile.samples ?? [], dts = d.timeDeltas ?? [];
    for (let i = 0; i < ss.length; i++) {
      p.t += dts[i] ?? 0;
      const stack: string[] = [];
      for (let n: number | undefined = ss[i]; n !== undefined; n = p.nodes.get(n)?.parent) { const node = p.nodes.get(n); if (!node) break; stack.push(node.name); }
      out.push({ tid: p.tid, ts: p.t, dt: dts[i + 1] ?? 0, stack });
    }
  }
  return out;
}

/** The functions with most inclusive samples among the app's own (not the profiler's roots). */
export function topFunctions(ss: Sample[], k: number): string {
  if (!ss.length) return "";
  const incl = new Map<string, number>();
  for (const s of ss) for (const f of new Set(s.stack)) if (!/^\((root|program|anon)\)@|^\(garbage|^\(idle/.test(f)) incl.set(f, (incl.get(f) ?? 0) + 1);
  const self = new Map<string, number>();
  for (const s of ss) self.set(s.stack[0] ?? "?", (self.get(s.stack[0] ?? "?") ?? 0) + 1);
  const fmt = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([f, n]) => `${f} ${(100 * n / ss.length).toFixed(0)}%`).join(", ");
  return `incl: ${fmt(incl)} | self: ${fmt(self)}`;
}
