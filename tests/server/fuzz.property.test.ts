/**
 * Bad input, generated: for every write route in the live OpenAPI document, bodies, params and queries
 * from the schemas and beyond them (wrong types, huge strings, deep nesting, unicode, prototype-pollution
 * keys). Never a 5xx, always the API.md error body on a 4xx, and the database unchanged after any 4xx.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/client';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { pointsWorld, record, submit, type PointsWorld } from '../helpers/points';

type Schema = Record<string, any>;
let t: TestApp;
let w: PointsWorld;
let doc: any;
const stats = { requests: 0, routes: 0, fourxx: 0, twoxx: 0 };

beforeAll(async () => {
  t = await createTestApp();
  w = await pointsWorld(t);
  // Something to act on: claims in several states, a publication.
  t.clock.set('2026-03-02T02:00:00Z');
  await record(t, w.sk, await submit(t, w.cadre, w.items.theory, '2026-02-03'));
  await submit(t, w.cadre, w.items.reading, '2026-02-04');
  doc = (await t.app.inject({ url: '/api/docs/json' })).json();
}, 120_000);
afterAll(async () => {
  console.log(`坏输入测试：${stats.routes} 个写接口，${stats.requests} 次请求（4xx ${stats.fourxx}，2xx ${stats.twoxx}），没有 5xx`);
  await t.close();
});

function resolve(s: Schema | undefined): Schema | undefined {
  if (!s) return s;
  if (s.$ref) {
    const name = String(s.$ref).split('/').pop()!;
    return doc.components?.schemas?.[name];
  }
  return s;
}

const nasty = fc.constantFrom(
  '', ' ', '\u0000', '𠮷'.repeat(50), '../../etc/passwd', '<script>alert(1)</script>', "'; drop table claims; --", '%00', '\u202e', 'NaN', '-1', '1e309', 'true', 'null', '{}', '[]',
);
const wrongType = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }));

/** An arbitrary shaped by the schema, often valid, sometimes just outside it. */
function arb(s0: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(s0) ?? {};
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return fc.oneof(...variants.map((v: Schema) => arb(v, depth + 1)));
  if (s.allOf) return arb(Object.assign({}, ...s.allOf.map(resolve)), depth + 1);
  if ('const' in s) return fc.oneof(fc.constant(s.const), wrongType);
  if (s.enum) return fc.oneof(fc.constantFrom(...s.enum), nasty);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const props: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries<Schema>(s.properties ?? {})) props[k] = depth > 4 ? fc.constant(null) : arb(v, depth + 1);
      return fc.record(props, { requiredKeys: [] });
    }
    case 'array':
      return depth > 4 ? fc.constant([]) : fc.array(arb(s.items, depth + 1), { maxLength: 4 });
    case 'integer':
      return fc.oneof(fc.integer({ min: s.minimum ?? -5, max: Math.min(s.maximum ?? 100000, 100000) }), fc.constantFrom(0, -1, 2147483648, 1e15), wrongType);
    case 'number':
      return fc.oneof(fc.double({ noNaN: true }), wrongType);
    case 'boolean':
      return fc.oneof(fc.boolean(), wrongType);
    case 'string':
      if (s.format === 'date') return fc.oneof(fc.date({ min: new Date('2025-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.constantFrom('2026-02-30', '2026-13-01', '26-1-1', '2026-11-21T00:00:00Z'), nasty);
      if (s.format === 'date-time') return fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), nasty);
      return fc.oneof(fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 30) }), fc.string({ unit: 'grapheme', maxLength: 20 }), nasty, wrongType);
    default:
      return wrongType;
  }
}

function deep(n: number): unknown {
  let v: unknown = { x: 1 };
  for (let i = 0; i < n; i++) v = { a: v, b: [v] };
  return v;
}

/** Payloads beyond any schema. */
const beyond = fc.constantFrom<unknown>(
  'x'.repeat(200_000),
  deep(60),
  [1, 2, 3],
  42,
  null,
  JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}'),
  { prototype: { polluted: 'yes' } },
  Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])),
);

const params = fc.oneof(fc.constantFrom('1', '2', '3', '0', '-1', '2147483648', '99999999999', 'abc', '%2e%2e%2f', '1.5', '１', ' 1'), fc.integer({ min: 1, max: 50 }).map(String));

const SKIP_DB_CHECK = new Set(['/api/auth/login', '/api/auth/logout', '/api/auth/password']);
const EXCLUDED_TABLES = ['login_attempts', 'sessions'];

async function fingerprint(): Promise<string> {
  const tables = await rows<{ t: string }>(t.handle.db, sql`select tablename as t from pg_tables where schemaname = 'public' order by 1`);
  const parts: string[] = [];
  for (const { t: table } of tables) {
    if (EXCLUDED_TABLES.includes(table)) continue;
    const [r] = await rows<{ h: string }>(t.handle.db, sql.raw(`select count(*) || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from "${table}" x`));
    parts.push(`${table}=${r.h}`);
  }
  return parts.join(',');
}

describe('every write route, generated input', () => {
  it('never answers 5xx; 4xx carry the error body and leave the database as it was', async () => {
    const writes: Array<{ path: string; method: string; op: any }> = [];
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        if (['post', 'put', 'patch', 'delete'].includes(method)) writes.push({ path, method: method.toUpperCase(), op });
      }
    }
    stats.routes = writes.length;
    expect(writes.length).toBeGreaterThan(40);
    const who = [w.admin.h, w.cadre.h, w.sk.h, w.branch.h, w.leader.h];
    for (const route of writes) {
      const bodySchema = route.op.requestBody?.content?.['application/json']?.schema;
      const body = fc.oneof({ weight: 3, arbitrary: arb(bodySchema) }, { weight: 1, arbitrary: beyond });
      await fc.assert(
        fc.asyncProperty(body, params, fc.integer({ min: 0, max: who.length - 1 }), async (payload, p, k) => {
          const url = route.path.replace(/\{[^}]+\}/g, encodeURIComponent(p));
          const before = SKIP_DB_CHECK.has(route.path) ? '' : await fingerprint();
          const res = await t.app.inject({ method: route.method as any, url, headers: { ...who[k], 'content-type': 'application/json' }, payload: JSON.stringify(payload) ?? 'null' });
          stats.requests++;
          expect(res.statusCode, `${route.method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            stats.fourxx++;
            const b = res.json();
            expect(b, `${route.method} ${url}`).toMatchObject({ statusCode: res.statusCode, code: expect.any(String), error: expect.any(String), message: expect.any(String) });
            if (!SKIP_DB_CHECK.has(route.path)) expect(await fingerprint(), `${route.method} ${url} changed the database and answered ${res.statusCode}`).toBe(before);
          } else stats.twoxx++;
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        { numRuns: 12, seed: 20261121 },
      );
    }
  }, 600_000);
});
