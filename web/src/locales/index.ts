import base from './zh-CN.json';
import admin from './zh-CN/admin.json';
import bulletin from './zh-CN/bulletin.json';
import points from './zh-CN/points.json';
import weekly from './zh-CN/weekly.json';

/**
 * Each feature module keeps its strings in its own file under zh-CN/ and adds one line here
 * (`import x from './zh-CN/x.json'` and `x,` below), so modules never edit the same file.
 */
const messages = {
  ...base,
  admin,
  bulletin,
  points,
  weekly,
};

type Messages = typeof messages;
// Dotted paths to string leaves, so a typo in a key is a type error.
type Leaves<T> = {
  [K in keyof T & string]: T[K] extends string ? K : T[K] extends readonly unknown[] ? never : `${K}.${Leaves<T[K]>}`;
}[keyof T & string];
export type MessageKey = Leaves<Messages>;

function lookup(key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages);
}

/** Chinese UI text by key; `{name}` placeholders are filled from params. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = lookup(key);
  if (typeof text !== 'string') return key;
  return params ? text.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m)) : text;
}

/** Non-string entries (lists) by key. */
export function tList(key: string): string[] {
  const v = lookup(key);
  return Array.isArray(v) ? (v as string[]) : [];
}

export { messages };
