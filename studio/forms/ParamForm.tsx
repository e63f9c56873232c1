/**
 * A block's parameter form, generated from its zod schema (via JSON Schema):
 * numbers with their ranges, enums as selects, booleans, lists, nested objects,
 * records, nullable fields, unions, and a symbol picker for lists of symbols.
 * Each field shows the block's own validation message beside it.
 */
import { useMemo, useState } from "react";
import type { AnyBlock } from "../../blocks/core/block";
import { emptyValue, fieldShape, matchesSchema, paramIssues, paramsSchema, type JsonSchema } from "./schema";

export interface ParamFormProps {
  block: AnyBlock;
  params: Record<string, unknown>;
  onChange(params: Record<string, unknown>): void;
  /** Known symbols for symbol pickers (e.g. columns of upstream panels). */
  symbols?: string[];
}

export function ParamForm({ block, params, onChange, symbols = [] }: ParamFormProps) {
  const schema = paramsSchema(block);
  const issues = useMemo(() => paramIssues(block, params), [block, params]);
  const props = schema.properties ?? {};
  const keys = Object.keys(props);
  const known = new Set(keys);
  const orphan = [...issues.entries()].filter(([k]) => !known.has(k.split(".")[0]));
  if (keys.length === 0) return <p className="muted small">This block has no parameters.</p>;
  return (
    <div className="param-form" data-block={block.id}>
      {keys.map((k) => (
        <Field
          key={k}
          name={k}
          path={k}
          schema={props[k]}
          required={schema.required?.includes(k) ?? false}
          value={params[k]}
          issues={issues}
          symbols={symbols}
          onChange={(v) => {
            const next = { ...params };
            if (v === undefined) delete next[k]; else next[k] = v;
            onChange(next);
          }}
        />
      ))}
      {orphan.map(([k, m]) => <p key={k} className="field-error">{k ? `${k}: ` : ""}{m}</p>)}
    </div>
  );
}

interface FieldProps {
  name: string;
  path: string;
  schema: JsonSchema;
  required: boolean;
  value: unknown;
  issues: Map<string, string>;
  symbols: string[];
  onChange(v: unknown): void;
  compact?: boolean;
}

function issueFor(issues: Map<string, string>, path: string): string | undefined {
  return issues.get(path);
}

function Field(p: FieldProps) {
  const f = fieldShape(p.schema, p.name);
  const msg = issueFor(p.issues, p.path);
  const effective = p.value === undefined ? p.schema.default : p.value;
  const isDefault = p.value === undefined && p.schema.default !== undefined;
  const label = (
    <span className="field-label" title={p.schema.description}>
      {p.name}{p.required && <span className="req">*</span>}
    </span>
  );
  const reset = p.value !== undefined && p.schema.default !== undefined
    ? <button type="button" className="link small" title="back to the default" onClick={() => p.onChange(undefined)}>reset</button>
    : null;
  let control: React.ReactNode;
  switch (f.shape) {
    case "number":
      control = <NumberInput value={effective} shape={f} onChange={p.onChange} name={p.path} placeholderDefault={isDefault} />;
      break;
    case "enum":
      control = (
        <select value={JSON.stringify(effective ?? null)} onChange={(e) => p.onChange(JSON.parse(e.target.value))} name={p.path}>
          {effective === undefined && <option value="null">(choose)</option>}
          {f.options.map((o) => <option key={JSON.stringify(o)} value={JSON.stringify(o)}>{String(o)}</option>)}
        </select>
      );
      break;
    case "boolean":
      control = <input type="checkbox" name={p.path} checked={Boolean(effective)} onChange={(e) => p.onChange(e.target.checked)} />;
      break;
    case "string":
      control = <input type={f.format === "date" ? "date" : "text"} name={p.path} value={typeof effective === "string" ? effective : ""} onChange={(e) => p.onChange(e.target.value)} />;
      break;
    case "symbols":
      control = <SymbolPicker value={Array.isArray(effective) ? (effective as string[]) : []} symbols={p.symbols} onChange={p.onChange} />;
      break;
    case "nullable": {
      const isNull = effective === null || effective === undefined;
      control = (
        <span className="nullable">
          <label className="small"><input type="checkbox" checked={!isNull} onChange={(e) => p.onChange(e.target.checked ? emptyValue({ ...f.inner, default: undefined }) : null)} /> set</label>
          {!isNull && <Field {...p} schema={f.inner} value={effective} compact />}
        </span>
      );
      break;
    }
    case "union": {
      const idx = Math.max(0, f.options.findIndex((o) => matchesSchema(effective, o)));
      control = (
        <span className="union">
          <select value={idx} onChange={(e) => p.onChange(emptyValue(f.options[Number(e.target.value)]))}>
            {f.options.map((o, i) => <option key={i} value={i}>{unionLabel(o)}</option>)}
          </select>
          <Field {...p} schema={f.options[idx]} value={effective} compact />
        </span>
      );
      break;
    }
    case "tuple": {
      const arr = Array.isArray(effective) ? effective : f.items.map(emptyValue);
      control = (
        <span className="tuple">
          {f.items.map((it, i) => (
            <Field key={i} name={String(i)} path={`${p.path}.${i}`} schema={it} required value={arr[i]} issues={p.issues} symbols={p.symbols} compact
              onChange={(v) => { const next = arr.slice(); next[i] = v; p.onChange(next); }} />
          ))}
        </span>
      );
      break;
    }
    case "list": {
      const arr = Array.isArray(effective) ? effective : [];
      control = (
        <div className="list-field">
          {arr.map((item, i) => (
            <div key={i} className="list-row">
              <Field name={`${p.name}[${i}]`} path={`${p.path}.${i}`} schema={f.item} required value={item} issues={p.issues} symbols={p.symbols} compact
                onChange={(v) => { const next = arr.slice(); next[i] = v; p.onChange(next); }} />
              <button type="button" className="icon" title="remove" onClick={() => p.onChange(arr.filter((_, j) => j !== i))}>×</button>
            </div>
          ))}
          <button type="button" className="small" onClick={() => p.onChange([...arr, emptyValue(f.item)])}>+ add</button>
        </div>
      );
      break;
    }
    case "object": {
      const obj = (typeof effective === "object" && effective !== null ? effective : {}) as Record<string, unknown>;
      control = (
        <fieldset className="object-field">
          {Object.entries(f.properties).map(([k, s]) => (
            <Field key={k} name={k} path={`${p.path}.${k}`} schema={s} required={f.required.includes(k)} value={obj[k]} issues={p.issues} symbols={p.symbols}
              onChange={(v) => { const next = { ...obj }; if (v === undefined) delete next[k]; else next[k] = v; p.onChange(next); }} />
          ))}
        </fieldset>
      );
      break;
    }
    case "record": {
      const obj = (typeof effective === "object" && effective !== null ? effective : {}) as Record<string, unknown>;
      control = <RecordEditor value={obj} valueSchema={f.value} path={p.path} issues={p.issues} symbols={p.symbols} onChange={p.onChange} />;
      break;
    }
    case "json":
      control = <JsonInput value={effective} onChange={p.onChange} />;
      break;
  }
  return (
    <div className={`field${p.compact ? " compact" : ""}${msg ? " invalid" : ""}`} data-field={p.path}>
      {!p.compact && label}
      <div className="field-control">
        {control}
        {!p.compact && reset}
        {msg && <span className="field-error" role="alert">{msg}</span>}
      </div>
      {!p.compact && p.schema.description && <div className="field-help">{p.schema.description}</div>}
    </div>
  );
}

function unionLabel(s: JsonSchema): string {
  if (s.enum) return s.enum.map(String).join(" | ");
  if (s.type === "array") return "list";
  return String(s.type ?? "value");
}

function rangeText(f: { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean; integer: boolean }): string {
  const parts: string[] = [];
  if (f.min !== undefined) parts.push(`${f.exclusiveMin ? ">" : "≥"} ${f.min}`);
  if (f.max !== undefined) parts.push(`${f.exclusiveMax ? "<" : "≤"} ${f.max}`);
  return `${f.integer ? "integer" : "number"}${parts.length ? " " + parts.join(", ") : ""}`;
}

function NumberInput({ value, shape, onChange, name, placeholderDefault }: {
  value: unknown; shape: { integer: boolean; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean };
  onChange(v: unknown): void; name: string; placeholderDefault: boolean;
}) {
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (typeof value === "number" ? String(value) : value === null || value === undefined ? "" : String(value));
  return (
    <span className="number-input">
      <input
        type="number"
        name={name}
        className={placeholderDefault ? "is-default" : undefined}
        step={shape.integer ? 1 : "any"}
        min={shape.min}
        max={shape.max}
        value={shown}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          if (t.trim() === "") { onChange(undefined); return; }
          const x = Number(t);
          onChange(Number.isNaN(x) ? t : x);
        }}
        onBlur={() => setText(null)}
      />
      <span className="range small muted">{rangeText(shape)}</span>
    </span>
  );
}

function SymbolPicker({ value, symbols, onChange }: { value: string[]; symbols: string[]; onChange(v: string[]): void }) {
  const [text, setText] = useState("");
  const listId = useMemo(() => `symbols-${Math.random().toString(36).slice(2)}`, []);
  const add = (s: string) => {
    const items = s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean).filter((x) => !value.includes(x));
    if (items.length) onChange([...value, ...items]);
    setText("");
  };
  return (
    <div className="symbol-picker">
      {value.map((s) => (
        <span key={s} className="chip">{s}<button type="button" className="icon" title={`remove ${s}`} onClick={() => onChange(value.filter((x) => x !== s))}>×</button></span>
      ))}
      <input
        list={listId}
        value={text}
        placeholder={symbols.length ? "add symbol…" : "AAPL, MSFT…"}
        onChange={(e) => {
          const t = e.target.value;
          if (symbols.includes(t)) add(t); else setText(t);
        }}
        onKeyDown={(e) => { if (e.key === "Enter" || e.key === ",") { e.preventDefault(); add(text); } }}
        onBlur={() => text && add(text)}
      />
      <datalist id={listId}>{symbols.filter((s) => !value.includes(s)).slice(0, 500).map((s) => <option key={s} value={s} />)}</datalist>
    </div>
  );
}

function RecordEditor({ value, valueSchema, path, issues, symbols, onChange }: {
  value: Record<string, unknown>; valueSchema: JsonSchema; path: string; issues: Map<string, string>; symbols: string[]; onChange(v: unknown): void;
}) {
  const [newKey, setNewKey] = useState("");
  return (
    <div className="record-field">
      {Object.entries(value).map(([k, v]) => (
        <div key={k} className="list-row">
          <span className="record-key">{k}</span>
          <Field name={k} path={`${path}.${k}`} schema={valueSchema} required value={v} issues={issues} symbols={symbols} compact
            onChange={(x) => onChange({ ...value, [k]: x })} />
          <button type="button" className="icon" title="remove" onClick={() => { const { [k]: _gone, ...rest } = value; onChange(rest); }}>×</button>
        </div>
      ))}
      <div className="list-row">
        <input placeholder="key" value={newKey} list={symbols.length ? "all-symbols" : undefined} onChange={(e) => setNewKey(e.target.value)} />
        <button type="button" className="small" disabled={!newKey || newKey in value} onClick={() => { onChange({ ...value, [newKey]: emptyValue(valueSchema) }); setNewKey(""); }}>+ add</button>
      </div>
    </div>
  );
}

function JsonInput({ value, onChange }: { value: unknown; onChange(v: unknown): void }) {
  const [text, setText] = useState<string | null>(null);
  const [bad, setBad] = useState<string | null>(null);
  return (
    <span className="json-input">
      <textarea
        rows={3}
        value={text ?? (value === undefined ? "" : JSON.stringify(value, null, 1))}
        onChange={(e) => {
          setText(e.target.value);
          try { onChange(e.target.value.trim() ? JSON.parse(e.target.value) : undefined); setBad(null); } catch (err) { setBad((err as Error).message); }
        }}
        onBlur={() => { if (!bad) setText(null); }}
      />
      {bad && <span className="field-error">JSON: {bad}</span>}
    </span>
  );
}
