/**
 * The searchable block catalog. Items can be dragged (onto the graph canvas) or
 * picked with a click.
 */
import { useMemo, useState } from "react";
import { allBlocks } from "../../blocks/catalog";
import type { AnyBlock } from "../../blocks/core/block";

export const BLOCK_MIME = "application/x-studio-block";

export function searchBlocks(query: string, blocks: AnyBlock[] = allBlocks): AnyBlock[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return blocks;
  return blocks.filter((b) => {
    const hay = `${b.id} ${b.title} ${b.category} ${b.description}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export function BlockCatalog({ onPick, autoFocus, compact }: { onPick(id: string): void; autoFocus?: boolean; compact?: boolean }) {
  const [q, setQ] = useState("");
  const found = useMemo(() => searchBlocks(q), [q]);
  const byCat = useMemo(() => {
    const m = new Map<string, AnyBlock[]>();
    for (const b of found) { const l = m.get(b.category) ?? []; l.push(b); m.set(b.category, l); }
    return [...m.entries()];
  }, [found]);
  return (
    <div className={`catalog${compact ? " compact" : ""}`}>
      <input className="catalog-search" type="search" placeholder={`Search ${allBlocks.length} blocks…`} value={q} autoFocus={autoFocus}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => { if (e.key === "Enter" && found[0]) onPick(found[0].id); }} aria-label="search blocks" />
      <div className="catalog-list">
        {byCat.map(([cat, blocks]) => (
          <div key={cat} className="catalog-group">
            <div className="catalog-cat">{cat}</div>
            {blocks.map((b) => (
              <div key={b.id} className="catalog-item" data-block-id={b.id} draggable title={b.description}
                onDragStart={(e) => { e.dataTransfer.setData(BLOCK_MIME, b.id); e.dataTransfer.setData("text/plain", b.id); e.dataTransfer.effectAllowed = "copy"; }}
                onClick={() => onPick(b.id)}>
                <span className="catalog-id">{b.id}</span>
                <span className="catalog-title">{b.title}</span>
              </div>
            ))}
          </div>
        ))}
        {found.length === 0 && <p className="muted small">No block matches “{q}”.</p>}
      </div>
    </div>
  );
}
