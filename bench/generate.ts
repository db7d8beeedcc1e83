/**
 * Loads a realistic year into a fresh database for the benchmark (deterministic: same seed, same data).
 *   npx tsx bench/generate.ts [--members 20000] [--claims 1000000] [--seed 7] [--embedded] [--db name]
 * PostgreSQL: BENCH_DATABASE_URL, or a fresh database `xj_bench` on the local server.
 * Embedded: a PGlite directory under bench/.work/ (default 2,000 × 100,000).
 * Bulk loading uses COPY; aggregates are computed with the same caps function the server uses.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { createDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { DEMO_BLOCKS, DEMO_RULE_ITEMS } from '../db/seed/points';
import { applyCaps } from '../server/modules/claims/ledger';
import { hashPassword } from '../server/lib/passwords';
import { DEFAULT_ADMIN_URL, freshDatabase, parseArgs, progress, rng } from './lib';

export const BENCH_PASSWORD = 'Bench@2026!x';
export const YEAR = 2026;
const UNITS = 40;
const SECTIONS_PER_UNIT = 6;
const GROUPS_PER_UNIT = 10;

/** The real item mix: most claims are study sessions, few are publications. */
const MIX: Record<string, number> = {
  theory: 38, reading: 12, lecture_hall: 9, visit: 3, self_study: 8, reflection: 10, training: 5, micro_lecture: 3, party_day: 3, info_adopted: 5.5, frontline: 3, publication: 0.5,
};
const TOPICS = ['集中学习党的二十届四中全会精神', '参加读书会交流学习体会', '学习习近平经济思想学习纲要', '参加专题培训班', '撰写学习心得体会', '赴先发地区实践锻炼'];

export interface Generated {
  url?: string;
  dataDir?: string;
  members: number;
  claims: number;
  seconds: number;
  rowsPerSecond: number;
  counts: Record<string, number>;
}

interface Sink {
  copy(table: string, cols: string[], rows: () => Generator<string>, total: number, label: string): Promise<number>;
  exec(sql: string): Promise<void>;
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Secondary indexes are dropped during a bulk load and built once afterwards: much faster than row-by-row maintenance. */
async function withoutIndexes(sink: Sink, table: string, load: () => Promise<number>): Promise<number> {
  const defs = (await sink.query(`select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = '${table}'
    and indexname not in (select conname from pg_constraint where contype in ('p', 'u'))`)) as { indexname: string; indexdef: string }[];
  for (const d of defs) await sink.exec(`drop index "${d.indexname}"`);
  const n = await load();
  for (const d of defs) await sink.exec(d.indexdef);
  return n;
}

function pgSink(url: string): Sink {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  return {
    async copy(table, cols, rows, total, label) {
      const bar = progress(label.padEnd(10), total);
      let n = 0;
      async function* chunks() {
        let buf: string[] = [];
        for (const line of rows()) {
          buf.push(line);
          if (buf.length >= 5000) {
            n += buf.length;
            bar.tick(n);
            yield buf.join('');
            buf = [];
          }
        }
        n += buf.length;
        if (buf.length) yield buf.join('');
      }
      const w = await sql.unsafe(`copy ${table} (${cols.join(', ')}) from stdin`).writable();
      await pipeline(Readable.from(chunks()), w);
      bar.done(n);
      return n;
    },
    async exec(q) {
      await sql.unsafe(q);
    },
    query: (q) => sql.unsafe(q) as never,
    close: () => sql.end(),
  };
}

function pgliteSink(pg: PGlite): Sink {
  return {
    async copy(table, cols, rows, total, label) {
      const bar = progress(label.padEnd(10), total);
      let n = 0;
      let parts: string[] = [];
      let lines = 0;
      const flush = async () => {
        if (!parts.length) return;
        await pg.query(`copy ${table} (${cols.join(', ')}) from '/dev/blob'`, [], { blob: new Blob(parts) });
        parts = [];
        lines = 0;
      };
      let buf: string[] = [];
      for (const line of rows()) {
        buf.push(line);
        if (buf.length >= 5000) {
          parts.push(buf.join(''));
          lines += buf.length;
          n += buf.length;
          buf = [];
          bar.tick(n);
          if (lines >= 100_000) await flush();
        }
      }
      if (buf.length) {
        parts.push(buf.join(''));
        n += buf.length;
      }
      await flush();
      bar.done(n);
      return n;
    },
    async exec(q) {
      await pg.exec(q);
    },
    query: async (q) => (await pg.query(q)).rows as Record<string, unknown>[],
    close: () => pg.close(),
  };
}

const iso = (d: Date) => d.toISOString();
const dayToDate = (doy: number) => new Date(Date.UTC(YEAR, 0, 1 + doy));

export async function generate(opts: { members: number; claims: number; seed: number; url?: string; dataDir?: string; log?: (s: string) => void }): Promise<Generated> {
  const log = opts.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const t0 = Date.now();
  const r = rng(opts.seed);
  // Schema: the project's own migrations.
  let sink: Sink;
  if (opts.url) {
    const h = await createDb({ url: opts.url, max: 1 });
    await runMigrations(h);
    await h.close();
    sink = pgSink(opts.url);
  } else {
    rmSync(opts.dataDir!, { recursive: true, force: true });
    mkdirSync(opts.dataDir!, { recursive: true });
    const pg = new PGlite(opts.dataDir!);
    const h = await createDb({ pglite: pg });
    await runMigrations(h);
    sink = pgliteSink(pg);
  }
  const counts: Record<string, number> = {};
  // Skip foreign-key checks during the load where we may (superuser); the generator keeps references valid itself.
  await sink.exec('set session_replication_role = replica').catch(() => log('（非超级用户：保留外键检查）'));

  // Org: one root, UNITS branches ("units" of a province's system) × 6 sections, 10 study groups each.
  const orgRows: string[] = [];
  let orgId = 1;
  orgRows.push(`${orgId}\tunit\t省委组织部系统（基准测试）\t\\N\t0\n`);
  const rootId = orgId++;
  const branchIds: number[] = [];
  const sectionIds: number[][] = [];
  const groupIds: number[][] = [];
  for (let u = 0; u < UNITS; u++) {
    const b = orgId++;
    branchIds.push(b);
    orgRows.push(`${b}\tbranch\t第${u + 1}单位党支部\t${rootId}\t${u}\n`);
    sectionIds.push([]);
    for (let s = 0; s < SECTIONS_PER_UNIT; s++) {
      const id = orgId++;
      sectionIds[u].push(id);
      orgRows.push(`${id}\tsection\t第${u + 1}单位第${s + 1}科室\t${b}\t${s}\n`);
    }
    groupIds.push([]);
    for (let g = 0; g < GROUPS_PER_UNIT; g++) {
      const id = orgId++;
      groupIds[u].push(id);
      orgRows.push(`${id}\tgroup\t第${u + 1}单位第${g + 1}学习小组\t${rootId}\t${g}\n`);
    }
  }
  counts.org_units = await sink.copy('org_units', ['id', 'kind', 'name', 'parent_id', 'sort_order'], function* () { yield* orgRows; }, orgRows.length, '组织');

  // People: admin first, then members spread over units; per unit 2 scorekeepers, 2 branch members, and a leader.
  const hash = await hashPassword(BENCH_PASSWORD);
  const N = opts.members;
  const memberUnit = new Int32Array(N + 2);
  const memberSection = new Int32Array(N + 2);
  const memberGroup = new Int32Array(N + 2);
  const now = new Date(Date.UTC(YEAR, 10, 21, 2));
  const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
  const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国志红文斌宇浩凯健俊帆琳晨欣悦博';
  function* userRows() {
    yield `1\tadmin\t系统管理员\t${hash}\t{admin}\t${rootId}\t\\N\t\\N\t\\N\tt\t${iso(now)}\t${iso(now)}\n`;
    for (let i = 0; i < N; i++) {
      const id = i + 2;
      const u = i % UNITS;
      const k = Math.floor(i / UNITS);
      const s = sectionIds[u][k % SECTIONS_PER_UNIT];
      const g = groupIds[u][(k * 7) % GROUPS_PER_UNIT];
      memberUnit[id] = u;
      memberSection[id] = s;
      memberGroup[id] = g;
      const roles = k === 0 || k === 1 ? '{cadre,scorekeeper}' : k === 2 || k === 3 ? '{cadre,branch}' : k === 4 ? '{cadre,leader}' : '{cadre}';
      const name = SURNAMES[(i * 31) % SURNAMES.length] + GIVEN[(i * 17) % GIVEN.length] + (i % 3 ? GIVEN[(i * 7) % GIVEN.length] : '');
      yield `${id}\tm${String(i + 1).padStart(6, '0')}\t${name}\t${hash}\t${roles}\t${rootId}\t${branchIds[u]}\t${s}\t${g}\tt\t${iso(now)}\t${iso(now)}\n`;
    }
  }
  counts.users = await sink.copy('users', ['id', 'username', 'name', 'password_hash', 'roles', 'unit_id', 'branch_id', 'section_id', 'group_id', 'active', 'created_at', 'updated_at'], userRows, N + 1, '人员');
  /** Scorekeepers of unit u: members k = 0 and 1 of that unit. */
  const keeperOf = (u: number, not: number) => (u + 2 === not ? u + UNITS + 2 : u + 2);

  // Rules of the year.
  await sink.exec(`insert into rule_sets (id, year, threshold) values (1, ${YEAR}, 60)`);
  await sink.exec(`insert into rule_blocks (rule_set_id, code, name, cap) values ${DEMO_BLOCKS.map((b) => `(1, '${b.code}', '${b.name}', ${b.cap})`).join(', ')}`);
  const items = DEMO_RULE_ITEMS.map((it, i) => ({ ...it, id: i + 1, yearlyCap: 'yearlyCap' in it ? (it.yearlyCap as number) : null }));
  await sink.exec(`insert into rule_items (id, rule_set_id, year, code, name, block, points, yearly_cap, evidence_required, reward_candidate, sort_order) values ${items
    .map((it) => `(${it.id}, 1, ${YEAR}, '${it.code}', '${it.name}', '${it.block}', ${it.points}, ${it.yearlyCap ?? 'null'}, ${'evidenceRequired' in it}, ${'rewardCandidate' in it}, ${it.id})`)
    .join(', ')}`);
  const caps = { blockCaps: { base: 50, task: 30, reward: 20 }, itemCaps: new Map(items.map((i) => [i.id, i.yearlyCap])) };
  const cum: number[] = [];
  let acc = 0;
  for (const it of items) cum.push((acc += MIX[it.code]));

  // Claims: generated into typed arrays, then written as claims, ledger entries and publication lines.
  const C = opts.claims;
  const cUser = new Int32Array(C);
  const cItem = new Uint8Array(C);
  const cDay = new Int16Array(C);
  const cQty = new Uint8Array(C);
  const cStatus = new Uint8Array(C); // 0 submitted 1 returned 2 rejected 3 withdrawn 4 recorded 5 approved
  const STATUS = ['submitted', 'returned', 'rejected', 'withdrawn', 'recorded', 'approved'];
  const lastDay = Math.floor((now.getTime() - Date.UTC(YEAR, 0, 1)) / 86400_000) - 1; // up to yesterday
  for (let i = 0; i < C; i++) {
    // A skewed pick: diligent people claim more.
    const x = r();
    cUser[i] = 2 + Math.floor(N * x * (0.6 + 0.4 * x));
    const pick = r() * acc;
    let k = 0;
    while (cum[k] < pick) k++;
    cItem[i] = k;
    cDay[i] = Math.floor(r() * (lastDay + 1));
    cQty[i] = k === 0 ? 1 + Math.floor(r() * 3) : 1;
    const m = dayToDate(cDay[i]).getUTCMonth() + 1;
    const s = r();
    cStatus[i] = m <= 9 ? (s < 0.93 ? 5 : s < 0.96 ? 2 : s < 0.98 ? 3 : 1) : m === 10 ? (s < 0.94 ? 4 : s < 0.97 ? 2 : 3) : s < 0.35 ? 0 : s < 0.85 ? 4 : s < 0.9 ? 1 : s < 0.95 ? 2 : 3;
  }
  const monthOf = (i: number) => dayToDate(cDay[i]).getUTCMonth() + 1;
  const counted = (i: number) => cStatus[i] >= 4;
  function* claimRows() {
    for (let i = 0; i < C; i++) {
      const it = items[cItem[i]];
      const u = cUser[i];
      const d = dayToDate(cDay[i]);
      const on = d.toISOString().slice(0, 10);
      const at = iso(new Date(d.getTime() + 86400_000 + 3600_000));
      const pts = it.points * cQty[i];
      const st = STATUS[cStatus[i]];
      const rec = counted(i);
      const keeper = keeperOf(memberUnit[u], u);
      const decided = cStatus[i] > 0;
      yield `${i + 1}\t${u}\t${branchIds[memberUnit[u]]}\t${memberSection[u]}\t${memberGroup[u]}\t${it.id}\t${it.block}\t${YEAR}\t${d.getUTCMonth() + 1}\t${on}\t${cQty[i]}\t${TOPICS[i % TOPICS.length]}\t${st}\t${it.points}\t${pts}\t${rec ? pts : '\\N'}\t${rec ? pts : 0}\t${rec ? keeper : '\\N'}\t${rec ? at : '\\N'}\t${cStatus[i] === 1 || cStatus[i] === 2 ? '请补充材料' : '\\N'}\t${decided ? (cStatus[i] === 3 ? u : keeper) : '\\N'}\t${decided ? at : '\\N'}\tself\t${at}\t${at}\t${at}\n`;
    }
  }
  counts.claims = await withoutIndexes(sink, 'claims', () => sink.copy('claims', ['id', 'user_id', 'branch_id', 'section_id', 'group_id', 'rule_item_id', 'block', 'year', 'month', 'occurred_on', 'quantity', 'description', 'status', 'unit_points', 'claimed_points', 'recorded_points', 'net_points', 'recorded_by', 'recorded_at', 'reason', 'decided_by', 'decided_at', 'source', 'submitted_at', 'created_at', 'updated_at'], claimRows, C, '申报'));
  let ledgerN = 0;
  for (let i = 0; i < C; i++) if (counted(i)) ledgerN++;
  function* ledgerRows() {
    let id = 0;
    for (let i = 0; i < C; i++) {
      if (!counted(i)) continue;
      const it = items[cItem[i]];
      const u = cUser[i];
      const d = dayToDate(cDay[i]);
      yield `${++id}\t${i + 1}\t${u}\t${branchIds[memberUnit[u]]}\t${it.id}\t${it.block}\t${YEAR}\t${d.getUTCMonth() + 1}\t${d.toISOString().slice(0, 10)}\t${it.points * cQty[i]}\trecord\t${keeperOf(memberUnit[u], u)}\t${iso(new Date(d.getTime() + 90000_000))}\n`;
    }
  }
  counts.ledger_entries = await withoutIndexes(sink, 'ledger_entries', () => sink.copy('ledger_entries', ['id', 'claim_id', 'user_id', 'branch_id', 'rule_item_id', 'block', 'year', 'month', 'occurred_on', 'points', 'kind', 'created_by', 'created_at'], ledgerRows, ledgerN, '积分记录'));

  // Aggregates, exactly as postLedger maintains them.
  const itemSum = new Map<number, Map<number, number>>();
  const monthSum = new Map<number, number[][]>(); // user → month(1..12) → [base, task, reward]
  const blockIdx = { base: 0, task: 1, reward: 2 } as const;
  const cumByMonth = new Map<number, Map<number, number>[]>(); // for publication year totals
  for (let i = 0; i < C; i++) {
    if (!counted(i)) continue;
    const u = cUser[i];
    const it = items[cItem[i]];
    const pts = it.points * cQty[i];
    const m = monthOf(i);
    const im = itemSum.get(u) ?? new Map();
    im.set(it.id, (im.get(it.id) ?? 0) + pts);
    itemSum.set(u, im);
    const mm = monthSum.get(u) ?? Array.from({ length: 13 }, () => [0, 0, 0]);
    mm[m][blockIdx[it.block]] += pts;
    monthSum.set(u, mm);
    const cm = cumByMonth.get(u) ?? Array.from({ length: 13 }, () => new Map<number, number>());
    cm[m].set(it.id, (cm[m].get(it.id) ?? 0) + pts);
    cumByMonth.set(u, cm);
  }
  const itemRows = function* () {
    for (const [u, im] of itemSum) for (const [id, p] of im) yield `${u}\t${YEAR}\t${id}\t${items[id - 1].block}\t${p}\n`;
  };
  counts.member_item_totals = await sink.copy('member_item_totals', ['user_id', 'year', 'rule_item_id', 'block', 'points'], itemRows, [...itemSum.values()].reduce((s, m) => s + m.size, 0), '项目汇总');
  const monthRows = function* () {
    for (const [u, mm] of monthSum) for (let m = 1; m <= 12; m++) {
      const [b, t, rw] = mm[m];
      if (b || t || rw) yield `${u}\t${YEAR}\t${m}\t${b}\t${t}\t${rw}\t${b + t + rw}\n`;
    }
  };
  counts.member_month_totals = await sink.copy('member_month_totals', ['user_id', 'year', 'month', 'base', 'task', 'reward', 'total'], monthRows, [...monthSum.values()].reduce((s, mm) => s + mm.filter((x) => x[0] || x[1] || x[2]).length, 0), '月度汇总');
  const yearTotals = new Map<number, ReturnType<typeof applyCaps>>();
  // Every member has a year row (zeros without points), with their placement copied for rankings.
  const yearRows = function* () {
    for (let u = 2; u < N + 2; u++) {
      const im = itemSum.get(u) ?? new Map<number, number>();
      const t = applyCaps([...im].map(([id, p]) => ({ ruleItemId: id, block: items[id - 1].block, points: p })), caps);
      yearTotals.set(u, t);
      const pub = items.filter((x) => 'rewardCandidate' in x && (im.get(x.id) ?? 0) > 0).length;
      yield `${u}\t${YEAR}\t${t.base}\t${t.task}\t${t.reward}\t${t.total}\t${t.overflow}\t${t.raw}\t${pub}\t${branchIds[memberUnit[u]]}\t${memberSection[u]}\t${memberGroup[u]}\t${iso(now)}\n`;
    }
  };
  counts.member_year_totals = await withoutIndexes(sink, 'member_year_totals', () => sink.copy('member_year_totals', ['user_id', 'year', 'base', 'task', 'reward', 'total', 'overflow', 'raw', 'published', 'branch_id', 'section_id', 'group_id', 'updated_at'], yearRows, N, '年度汇总'));

  // Monthly publications January–October, three approved quarters.
  const pubId = (u: number, m: number) => u * 12 + m;
  function* pubRows() {
    for (let u = 0; u < UNITS; u++) for (let m = 1; m <= 10; m++) {
      const at = new Date(Date.UTC(YEAR, m, 3, 2));
      yield `${pubId(u, m)}\t${branchIds[u]}\t${YEAR}\t${m}\tregular\t${u + 2}\t${iso(at)}\t${iso(new Date(at.getTime() + 7 * 86400_000))}\t${iso(at)}\t${iso(at)}\n`;
    }
  }
  counts.publications = await sink.copy('publications', ['id', 'branch_id', 'year', 'month', 'kind', 'published_by', 'published_at', 'closes_at', 'created_at', 'updated_at'], pubRows, UNITS * 10, '公示');
  function* lineRows() {
    for (let id = 2; id < N + 2; id++) {
      const u = memberUnit[id];
      const cm = cumByMonth.get(id);
      const mm = monthSum.get(id);
      const run = new Map<number, number>();
      for (let m = 1; m <= 10; m++) {
        if (cm) for (const [k, p] of cm[m]) run.set(k, (run.get(k) ?? 0) + p);
        const yt = applyCaps([...run].map(([k, p]) => ({ ruleItemId: k, block: items[k - 1].block, points: p })), caps).total;
        const mp = mm ? mm[m][0] + mm[m][1] + mm[m][2] : 0;
        yield `${pubId(u, m)}\t${id}\t成员${id}\t第${u + 1}单位第${(Math.floor((id - 2) / UNITS) % SECTIONS_PER_UNIT) + 1}科室\t${mp}\t${yt}\n`;
      }
    }
  }
  counts.publication_lines = await withoutIndexes(sink, 'publication_lines', () => sink.copy('publication_lines', ['publication_id', 'user_id', 'name', 'section_name', 'month_points', 'year_total'], lineRows, N * 10, '公示名单'));
  let pcN = 0;
  for (let i = 0; i < C; i++) if (counted(i) && monthOf(i) <= 10) pcN++;
  function* pcRows() {
    for (let i = 0; i < C; i++) {
      if (!counted(i)) continue;
      const m = monthOf(i);
      if (m > 10) continue;
      yield `${pubId(memberUnit[cUser[i]], m)}\t${i + 1}\t${items[cItem[i]].points * cQty[i]}\n`;
    }
  }
  counts.publication_claims = await withoutIndexes(sink, 'publication_claims', () => sink.copy('publication_claims', ['publication_id', 'claim_id', 'points'], pcRows, pcN, '公示明细'));
  const approvals: string[] = [];
  for (let u = 0; u < UNITS; u++) for (let q = 1; q <= 3; q++) approvals.push(`${u * 4 + q}\t${branchIds[u]}\t${YEAR}\t${q}\t${u + 2 * UNITS + 2}\t${iso(new Date(Date.UTC(YEAR, q * 3, 20, 2)))}\t0\n`);
  counts.approvals = await sink.copy('approvals', ['id', 'branch_id', 'year', 'quarter', 'approved_by', 'approved_at', 'claim_count'], function* () { yield* approvals; }, approvals.length, '审定');

  // Sequences follow the explicit ids; statistics for the planner.
  for (const [t, col] of [['org_units', 'id'], ['users', 'id'], ['claims', 'id'], ['ledger_entries', 'id'], ['publications', 'id'], ['approvals', 'id'], ['rule_items', 'id'], ['rule_sets', 'id']]) {
    await sink.exec(`select setval(pg_get_serial_sequence('${t}', '${col}'), coalesce((select max(${col}) from ${t}), 1))`);
  }
  log('VACUUM ANALYZE …');
  await sink.exec('vacuum analyze');
  await sink.close();
  const seconds = (Date.now() - t0) / 1000;
  const rows = Object.values(counts).reduce((s, n) => s + n, 0);
  return { url: opts.url, dataDir: opts.dataDir, members: N, claims: C, seconds, rowsPerSecond: Math.round(rows / seconds), counts };
}

if (process.argv[1]?.endsWith('generate.ts')) {
  const a = parseArgs(process.argv.slice(2));
  const embedded = !!a.embedded;
  const members = Number(a.members ?? (embedded ? 2000 : 20000));
  const claims = Number(a.claims ?? (embedded ? 100000 : 1000000));
  const seed = Number(a.seed ?? 7);
  const url = embedded ? undefined : process.env.BENCH_DATABASE_URL || (await freshDatabase(DEFAULT_ADMIN_URL, String(a.db ?? 'xj_bench')));
  const dataDir = embedded ? join(process.cwd(), 'bench/.work/embedded') : undefined;
  const g = await generate({ members, claims, seed, url, dataDir });
  console.log(JSON.stringify(g, null, 2));
}
