/**
 * npm run bench — the benchmark of issue 7, side by side with the bare database.
 *   npm run bench [-- --members 20000 --claims 1000000 --duration 10 --connections 20 --reuse --embedded]
 * 1. generates the data (generate.ts) into BENCH_DATABASE_URL or a fresh local database;
 * 2. starts the real server process (the same entry as `npm start`) on it;
 * 3. for each endpoint: warm-up, then autocannon with N connections; the same SQL through the driver
 *    with the same concurrency (the bare-database floor); /api/health as the HTTP floor;
 * 4. writes bench/results/<date>.md and the summary between the bench markers in README.md.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import * as schema from '../db/schema';
import type { Db } from '../db/client';
import { loadConfig } from '../server/config';
import { createResultsService } from '../server/modules/results/results.service';
import type { AuthUser } from '../server/lib/context';
import { expectAggregatesMatchLedger } from '../tests/helpers/recompute';
import { BENCH_PASSWORD, YEAR, generate, type Generated } from './generate';
import { DEFAULT_ADMIN_URL, freshDatabase, parseArgs, percentile, withDatabase } from './lib';

const ROOT = resolve(import.meta.dirname, '..');
const a = parseArgs(process.argv.slice(2));
const embedded = !!a.embedded;
const members = Number(a.members ?? (embedded ? 2000 : 20000));
const claimsN = Number(a.claims ?? (embedded ? 100000 : 1000000));
const duration = Number(a.duration ?? 10);
const connections = Number(a.connections ?? 20);
const UNITS = 40;
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Row {
  name: string;
  kind: 'read' | 'write' | 'floor' | 'login';
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  errors: number;
  non2xx: number;
  bare?: { p50: number; p95: number; p99: number; qps: number };
}

// ── data ─────────────────────────────────────────────────────────────────────────────
let gen: Generated | null = null;
let url: string | undefined;
let dataDir: string | undefined;
if (embedded) {
  const template = join(ROOT, 'bench/.work/embedded');
  dataDir = join(ROOT, 'bench/.work/embedded-run');
  if (!a.reuse || !existsSync(join(template, 'PG_VERSION'))) gen = await generate({ members, claims: claimsN, seed: 7, dataDir: template });
  rmSync(dataDir, { recursive: true, force: true });
  cpSync(template, join(dataDir, 'db'), { recursive: true });
} else {
  url = process.env.BENCH_DATABASE_URL || withDatabase(DEFAULT_ADMIN_URL, 'xj_bench');
  if (!a.reuse) {
    if (!process.env.BENCH_DATABASE_URL) url = await freshDatabase(DEFAULT_ADMIN_URL, 'xj_bench');
    gen = await generate({ members, claims: claimsN, seed: 7, url });
  }
}

// Users in the generated data: admin is 1; member i (0-based) has id i + 2 and unit i % 40;
// k = floor(i / 40): k 0–1 scorekeepers, 2–3 branch, 4 leader.
const memberId = (unit: number, k: number) => k * UNITS + unit + 2;
const branchOfUnit0 = 2; // org ids: root 1, then unit 0's branch
const scorekeeper = memberId(0, 0);
const leader = memberId(0, 4);
const cadres = Array.from({ length: 20 }, (_, j) => memberId(j % UNITS, 10 + j));

// A pool of submitted claims in unit 0 for the record scenario (each request records a different one).
const RECORD_POOL = 60000;
async function prepareRecordPool(q: (s: string) => Promise<unknown>) {
  await q(`insert into claims (user_id, branch_id, section_id, group_id, rule_item_id, block, year, month, occurred_on, quantity, description, status, unit_points, claimed_points, source)
    select u.id, u.branch_id, u.section_id, u.group_id, 1, 'base', ${YEAR}, 11, '${YEAR}-11-18', 1, '基准测试：待记录', 'submitted', 2, 2, 'self'
    from users u, generate_series(1, ${Math.ceil(RECORD_POOL / Math.max(1, Math.floor(members / UNITS) - 1))}) g
    where u.branch_id = ${branchOfUnit0} and u.id <> ${scorekeeper} limit ${RECORD_POOL}`);
}

// ── server ───────────────────────────────────────────────────────────────────────────
const port = 3400 + Math.floor(Math.random() * 400);
const base = `http://127.0.0.1:${port}`;
const env: NodeJS.ProcessEnv = {
  ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'warn', SEED_DEMO: '0',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789', ADMIN_PASSWORD: 'Bench-root-2026!', SESSION_IDLE_MINUTES: '120',
  ...(url ? { DATABASE_URL: url } : { DATA_DIR: dataDir, DATABASE_URL: '' }),
};
if (url) {
  const s = postgres(url, { max: 1, onnotice: () => {} });
  await prepareRecordPool((x) => s.unsafe(x));
  await s.end();
} else {
  const pg = new PGlite(join(dataDir!, 'db'));
  await prepareRecordPool((x) => pg.exec(x));
  await pg.close();
}
const server = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
let serverOut = '';
server.stdout.on('data', (d) => (serverOut += d));
server.stderr.on('data', (d) => (serverOut += d));
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {}
  if (i > 600) throw new Error(`server did not start:\n${serverOut}`);
  await new Promise((r) => setTimeout(r, 200));
}
let peakRss = 0;
const rssTimer = setInterval(() => {
  try {
    const st = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(st)?.[1] ?? 0) * 1024;
    peakRss = Math.max(peakRss, hwm);
  } catch {}
}, 500);

async function login(id: number) {
  const username = id === 1 ? 'admin' : `m${String(id - 1).padStart(6, '0')}`;
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}
const leaderToken = await login(leader);
const skToken = await login(scorekeeper);
const cadreTokens = await Promise.all(cadres.map(login));

// ── load ─────────────────────────────────────────────────────────────────────────────
function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((ok, fail) => autocannon(opts, (err, res) => (err ? fail(err) : ok(res))));
}

async function http(name: string, kind: Row['kind'], make: () => autocannon.Options): Promise<Row> {
  log(`▶ ${name}`);
  await cannon({ ...make(), duration: 2 }); // warm-up
  const r = await cannon({ ...make(), duration });
  return {
    name, kind, p50: r.latency.p50, p95: r.latency.p97_5 > 0 ? interp(r) : r.latency.p99, p99: r.latency.p99,
    rps: Math.round(r.requests.average), errors: r.errors + r.timeouts, non2xx: r.non2xx,
  };
}
/** autocannon reports p90 and p97.5; p95 lies between them. */
function interp(r: autocannon.Result) {
  const l = r.latency as unknown as Record<string, number>;
  return l.p95 ?? Math.round(((l.p90 + l.p97_5) / 2) * 100) / 100;
}

const get = (path: string, token: string) => () => ({ url: base + path, connections, headers: { authorization: `Bearer ${token}` } }) as autocannon.Options;

let archiveSeq = 0;
let claimSeq = 0;
let recordSeq = 0;
const submitBody = JSON.stringify({ ruleItemId: 5, occurredOn: `${YEAR}-11-19`, quantity: 1, description: '基准测试：个人自学' });

// ── bare queries: the same SQL through the driver, at the same concurrency ────────────
type Captured = { query: string; params: unknown[] }[];
async function capture(fn: (svc: ReturnType<typeof createResultsService>) => Promise<unknown>): Promise<Captured> {
  const out: Captured = [];
  const logger = { logQuery: (query: string, params: unknown[]) => out.push({ query, params }) };
  let db: Db;
  let close: () => Promise<void>;
  if (url) {
    const c = postgres(url, { max: 1, onnotice: () => {} });
    db = drizzlePg(c, { schema, casing: 'snake_case', logger }) as unknown as Db;
    close = () => c.end();
  } else {
    // The embedded database is held by the server process: capture against a copy.
    const copy = join(ROOT, 'bench/.work/capture');
    rmSync(copy, { recursive: true, force: true });
    cpSync(join(ROOT, 'bench/.work/embedded'), copy, { recursive: true });
    const pg = new PGlite(copy);
    db = drizzlePglite(pg, { schema, casing: 'snake_case', logger }) as unknown as Db;
    close = () => pg.close();
  }
  const svc = createResultsService({ db, dbKind: url ? 'postgres' : 'embedded', config: loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/xj-bench-cfg' }), clock: () => new Date() });
  await fn(svc);
  await close();
  return out;
}

async function bare(queries: Captured, rotate?: (params: unknown[], i: number) => unknown[]) {
  if (!url) return undefined; // the embedded database has one connection, held by the server
  const sqlc = postgres(url, { max: connections, onnotice: () => {}, prepare: true });
  const lat: number[] = [];
  let n = 0;
  const run = async (until: number) => {
    while (Date.now() < until) {
      const t = performance.now();
      const i = n++;
      for (const q of queries) await sqlc.unsafe(q.query, (rotate ? rotate(q.params, i) : q.params) as never[], { prepare: true });
      lat.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: connections }, () => run(Date.now() + 2000)));
  lat.length = 0;
  n = 0;
  const start = Date.now();
  await Promise.all(Array.from({ length: connections }, () => run(start + duration * 1000)));
  const secs = (Date.now() - start) / 1000;
  await sqlc.end();
  lat.sort((x, y) => x - y);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return { p50: r2(percentile(lat, 50)), p95: r2(percentile(lat, 95)), p99: r2(percentile(lat, 99)), qps: Math.round(lat.length / secs) };
}

const leaderAuth: AuthUser = { id: leader, username: '', name: '', roles: ['cadre', 'leader'], unitId: 1, branchId: branchOfUnit0, sectionId: null, groupId: null };
const rows: Row[] = [];
const reads: Array<{ name: string; path: string | (() => string); svc: (s: ReturnType<typeof createResultsService>) => Promise<unknown>; rotate?: (p: unknown[], i: number) => unknown[] }> = [
  { name: '年度排行（一个单位）', path: `/api/rankings?year=${YEAR}&branchId=${branchOfUnit0}`, svc: (s) => s.rankings({ year: YEAR, branchId: branchOfUnit0 }) },
  { name: '年度排行（全部单位）', path: `/api/rankings?year=${YEAR}`, svc: (s) => s.rankings({ year: YEAR }) },
  { name: '月度排行（一个单位）', path: `/api/rankings?year=${YEAR}&month=6&branchId=${branchOfUnit0}`, svc: (s) => s.rankings({ year: YEAR, month: 6, branchId: branchOfUnit0 }) },
  { name: '科室排行（全部单位）', path: `/api/rankings?year=${YEAR}&by=section`, svc: (s) => s.rankings({ year: YEAR, by: 'section' }) },
  { name: '年度结果（一个单位）', path: `/api/annual/${YEAR}?branchId=${branchOfUnit0}`, svc: (s) => s.annual(leaderAuth, YEAR, branchOfUnit0) },
  {
    name: '一人一档',
    path: () => `/api/people/${memberId(archiveSeq % UNITS, 5 + (Math.floor(archiveSeq++ / UNITS) % 50))}/archive?year=${YEAR}`,
    svc: (s) => s.archive(leaderAuth, memberId(0, 5), YEAR),
  },
];

try {
  rows.push(await http('/api/health（HTTP 下限）', 'floor', () => ({ url: `${base}/api/health`, connections })));
  for (const r of reads) {
    const row = await http(r.name, 'read', () =>
      typeof r.path === 'string'
        ? get(r.path, leaderToken)()
        : { url: base, connections, headers: { authorization: `Bearer ${leaderToken}` }, requests: [{ setupRequest: (req: any) => ({ ...req, path: (r.path as () => string)() }) }] } as unknown as autocannon.Options,
    );
    row.bare = await bare(await capture(r.svc));
    rows.push(row);
  }
  rows.push(await http('提交申报', 'write', () => ({
    url: base, connections, requests: [{
      method: 'POST',
      setupRequest: (req: any) => ({ ...req, path: '/api/claims', headers: { 'content-type': 'application/json', authorization: `Bearer ${cadreTokens[claimSeq++ % cadreTokens.length]}` }, body: submitBody }),
    }],
  }) as unknown as autocannon.Options));
  const pool = url
    ? (await (async () => { const s = postgres(url!, { max: 1 }); const r = await s`select id from claims where status = 'submitted' and description = '基准测试：待记录' order by id`; await s.end(); return r.map((x) => Number(x.id)); })())
    : [];
  if (!url) {
    // Embedded: the ids follow the generated claims.
    for (let i = 0; i < RECORD_POOL; i++) pool.push(claimsN + 1 + i);
  }
  rows.push(await http('记录申报（每次不同申报）', 'write', () => ({
    url: base, connections, requests: [{
      method: 'POST',
      setupRequest: (req: any) => ({ ...req, path: `/api/claims/${pool[recordSeq++ % pool.length]}/record`, headers: { 'content-type': 'application/json', authorization: `Bearer ${skToken}` }, body: '{}' }),
    }],
  }) as unknown as autocannon.Options));
  rows.push(await http('登录（argon2id，故意慢）', 'login', () => ({
    url: `${base}/api/auth/login`, connections: 4, method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: `m${String(cadres[0] - 1).padStart(6, '0')}`, password: BENCH_PASSWORD }),
  })));
} finally {
  clearInterval(rssTimer);
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
}

// ── correctness after the load: aggregates equal the ledger ──────────────────────────
let ledgerCheck = '';
let dbSize = 0;
if (url) {
  const c = postgres(url, { max: 2, onnotice: () => {} });
  const db = drizzlePg(c, { schema, casing: 'snake_case' }) as unknown as Db;
  const n = await expectAggregatesMatchLedger(db, YEAR).then((n) => `一致（${n.toLocaleString()} 人的年度合计与积分记录逐一核对）`, (e: Error) => `不一致：${e.message.slice(0, 300)}`);
  ledgerCheck = n;
  dbSize = Number((await c`select pg_database_size(current_database()) as s`)[0].s);
  await c.end();
} else {
  const pg = new PGlite(join(dataDir!, 'db'));
  const db = drizzlePglite(pg, { schema, casing: 'snake_case' }) as unknown as Db;
  ledgerCheck = await expectAggregatesMatchLedger(db, YEAR).then((n) => `一致（${n.toLocaleString()} 人）`, (e: Error) => `不一致：${e.message.slice(0, 300)}`);
  dbSize = Number(((await pg.query<{ s: string }>('select pg_database_size(current_database()) as s')).rows[0]).s);
  await pg.close();
}

// ── web: built sizes per route and time to a usable dashboard ───────────────────────
let webSection = '';
if (!a['no-web'] && existsSync('/usr/bin/chromium')) {
  log('▶ 前端：各页面体积与驾驶舱可用时间');
  const { measureWeb, webReport } = await import('./web');
  webSection = `\n## 前端\n\n${webReport(await measureWeb())}\n`;
}

// ── report ──────────────────────────────────────────────────────────────────────────
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} 核 ${cpus()[0]?.model ?? ''}，${(totalmem() / 2 ** 30).toFixed(0)} GB，Node ${process.version}`;
const health = rows.find((r) => r.kind === 'floor')!;
const table = [
  '| 接口 | p50 ms | p95 ms | p99 ms | 请求/秒 | 错误/非2xx | 裸查询 p50 / p95 ms | 裸查询次/秒 | 接口 p50 ÷ 裸查询 p50 |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.name} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.rps.toLocaleString()} | ${r.errors}/${r.non2xx} | ${r.bare ? `${r.bare.p50} / ${r.bare.p95}` : '—'} | ${r.bare ? r.bare.qps.toLocaleString() : '—'} | ${r.bare && r.bare.p50 > 0 ? (r.p50 / r.bare.p50).toFixed(2) : '—'} |`),
].join('\n');
const report = `# 基准测试 ${date}

- 机器：${machine}
- 数据库：${url ? 'PostgreSQL（本机）' : '内嵌 PGlite'}，数据库大小 ${mb(dbSize)}
- 规模：${members.toLocaleString()} 人，${claimsN.toLocaleString()} 条申报${gen ? `；生成用时 ${gen.seconds.toFixed(1)} 秒（${gen.rowsPerSecond.toLocaleString()} 行/秒）` : '（沿用已生成的数据）'}
- 负载：autocannon，${connections} 个连接，每项预热 2 秒后测 ${duration} 秒；登录 4 个连接
- 服务器峰值内存（RSS）：${mb(peakRss)}
- HTTP 下限（/api/health）p50 ${health.p50} ms
- 压测后核对：${ledgerCheck}

${table}
${webSection}`;
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const file = join(ROOT, 'bench/results', `${date}${url ? '' : '-embedded'}.md`);
writeFileSync(file, report);
const readme = join(ROOT, 'README.md');
const marker = url ? ['<!-- bench:start -->', '<!-- bench:end -->'] : ['<!-- bench-embedded:start -->', '<!-- bench-embedded:end -->'];
const text = readFileSync(readme, 'utf8');
if (text.includes(marker[0])) {
  const i = text.indexOf(marker[0]) + marker[0].length;
  const j = text.indexOf(marker[1]);
  writeFileSync(readme, `${text.slice(0, i)}\n${report.replace(/^# .*\n/, `Latest run (\`${file.replace(ROOT + '/', '')}\`):\n`)}\n${text.slice(j)}`);
}
console.log(report);
