// EXPLAIN (ANALYZE, BUFFERS) of the queries behind an endpoint on the bench database: npx tsx bench/explain.ts rank|annual|archive > bench/plans/<name>.txt
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from '../db/schema';
import { createResultsService } from '../server/modules/results/results.service';
import { loadConfig } from '../server/config';
const url = 'postgres://postgres@127.0.0.1:5432/xj_bench';
const out: { query: string; params: unknown[] }[] = [];
const c = postgres(url, { max: 1 });
const db = drizzle(c, { schema, casing: 'snake_case', logger: { logQuery: (query, params) => out.push({ query, params }) } }) as any;
const svc = createResultsService({ db, dbKind: 'postgres', config: loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/xjx' }), clock: () => new Date() });
const which = process.argv[2];
const leader = { id: 162, username: '', name: '', roles: ['cadre', 'leader'], unitId: 1, branchId: 2, sectionId: null, groupId: null } as any;
if (which === 'archive') await svc.archive(leader, 207, 2026);
if (which === 'annual') await svc.annual(leader, 2026, 2);
if (which === 'rank') await svc.rankings({ year: 2026 });
const ex = postgres(url, { max: 1 });
for (const q of out) {
  const t = performance.now();
  const plan = await ex.unsafe(`explain (analyze, buffers) ${q.query}`, q.params as any);
  const ms = performance.now() - t;
  console.log(`--- ${ms.toFixed(1)} ms: ${q.query.slice(0, 160).replace(/\s+/g, ' ')}`);
  console.log(plan.map((r: any) => r['QUERY PLAN']).join('\n'));
}
await c.end(); await ex.end();
