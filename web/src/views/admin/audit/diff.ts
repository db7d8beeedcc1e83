// What an audit row changed: before/after JSON flattened to dotted paths and compared leaf by leaf.

export type DiffKind = 'added' | 'removed' | 'changed';
export interface DiffRow {
  path: string;
  kind: DiffKind;
  before?: unknown;
  after?: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Leaves of nested objects by dotted path; arrays and primitives are leaves. */
export function flatten(v: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (isPlainObject(v) && (Object.keys(v).length > 0 || !prefix)) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, v);
  } else if (v !== null && v !== undefined) {
    out.set('', v);
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Differences between before and after, in the order the fields first appear; unchanged fields are left out. */
export function diffJson(before: unknown, after: unknown): DiffRow[] {
  const a = flatten(before ?? null);
  const b = flatten(after ?? null);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  const rows: DiffRow[] = [];
  for (const p of paths) {
    const inA = a.has(p);
    const inB = b.has(p);
    if (inA && inB) {
      if (!same(a.get(p), b.get(p))) rows.push({ path: p, kind: 'changed', before: a.get(p), after: b.get(p) });
    } else if (inB) {
      rows.push({ path: p, kind: 'added', after: b.get(p) });
    } else {
      rows.push({ path: p, kind: 'removed', before: a.get(p) });
    }
  }
  return rows;
}

/** A value for the diff table: strings as they are, everything else as compact JSON. */
export function show(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** An instant in China time (UTC+8, no daylight saving), e.g. 2026-03-05 14:07:09. */
export function chinaTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
