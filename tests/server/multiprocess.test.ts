/**
 * Two API processes over one PostgreSQL database, as in production behind a load balancer:
 * the same actions hit both at once, and each race ends with exactly one winner.
 * Needs a real server (TEST_DATABASE_URL; CI runs it there). On PGlite it is skipped: one process owns the file.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/client';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { actor } from '../helpers/factories';
import { pointsWorld, record, submit, type PointsWorld } from '../helpers/points';
import { expectAggregatesMatchLedger } from '../helpers/recompute';
import { call, startProc, type Proc } from '../helpers/proc';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('多进程竞争测试已跳过：需要 TEST_DATABASE_URL（真实 PostgreSQL）');

describe.skipIf(!url)('two server processes over one PostgreSQL', () => {
  let t: TestApp;
  let w: PointsWorld;
  let p1: Proc;
  let p2: Proc;
  const tally = { races: 0 };

  beforeAll(async () => {
    t = await createTestApp();
    // The processes use the real clock: so does the setup.
    t.clock.set(new Date().toISOString());
    w = await pointsWorld(t);
    const dbUrl = (t.handle as { url?: string }).url!;
    [p1, p2] = await Promise.all([startProc({ DATABASE_URL: dbUrl }), startProc({ DATABASE_URL: dbUrl })]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([p1?.kill(), p2?.kill()]);
    await t?.close();
    console.log(`多进程竞争：${tally.races} 次，每次恰好一个胜者`);
  });

  /** The same request to both processes at once; returns the two statuses, sorted. */
  async function race(method: string, a: [string, string, unknown?], b: [string, string, unknown?] = a) {
    const [ra, rb] = await Promise.all([call(p1.url, method, a[0], a[1], a[2]), call(p2.url, method, b[0], b[1], b[2])]);
    tally.races++;
    return [ra.status, rb.status].sort();
  }

  it('record / record, record / withdraw, record / return on the same claim', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    for (let i = 0; i < 10; i++) {
      const id = await submit(t, w.cadre, w.items.theory, today);
      expect(await race('POST', [`/api/claims/${id}/record`, w.sk.token, {}], [`/api/claims/${id}/record`, w.sk2.token, {}])).toEqual([200, 409]);
      const [{ n }] = await rows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from ledger_entries where claim_id = ${id}`);
      expect(Number(n)).toBe(1);
    }
    for (let i = 0; i < 10; i++) {
      const id = await submit(t, w.cadre2, w.items.reading, today);
      const [a, b] = await Promise.all([call(p1.url, 'POST', `/api/claims/${id}/record`, w.sk.token, {}), call(p2.url, 'POST', `/api/claims/${id}/withdraw`, w.cadre2.token)]);
      tally.races++;
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [{ n }] = await rows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from ledger_entries where claim_id = ${id}`);
      expect(Number(n)).toBe(a.status === 200 ? 1 : 0);
    }
    for (let i = 0; i < 5; i++) {
      const id = await submit(t, w.cadre2, w.items.training, today);
      const [a, b] = await Promise.all([call(p1.url, 'POST', `/api/claims/${id}/return`, w.sk.token, { reason: '补材料' }), call(p2.url, 'POST', `/api/claims/${id}/record`, w.sk2.token, {})]);
      tally.races++;
      expect([a.status, b.status].sort()).toEqual([200, 409]);
    }
    await expectAggregatesMatchLedger(t.handle.db, new Date().getUTCFullYear());
  });

  it('publish the same month from both: one 201, one 409; rule one objection from both: one 200, one reversal', async () => {
    const now = new Date(Date.now() + 8 * 3600_000);
    const year = now.getUTCFullYear();
    const month = now.getUTCMonth() + 1;
    const closesAt = new Date(Date.now() + 3600_000).toISOString();
    expect(await race('POST', ['/api/publicity', w.sk.token, { branchId: w.org.b1, year, month, closesAt }], ['/api/publicity', w.sk2.token, { branchId: w.org.b1, year, month, closesAt }])).toEqual([201, 409]);
    const list = await call(p1.url, 'GET', `/api/publicity?branchId=${w.org.b1}&year=${year}`, w.cadre2.token);
    const pub = await call(p2.url, 'GET', `/api/publicity/${list.json.items.find((x: { month: number }) => x.month === month).id}`, w.cadre2.token);
    const target = pub.json.claims.find((c: { userId: number; points: number }) => c.userId === w.cadre.user.id && c.points > 0);
    const o = await call(p1.url, 'POST', `/api/publicity/${pub.json.id}/objections`, w.cadre2.token, { claimId: target.claimId, reason: '当天未参加' });
    expect(o.status).toBe(201);
    expect(await race('POST', [`/api/objections/${o.json.id}/rule`, w.branch.token, { upheld: true, note: '成立' }], [`/api/objections/${o.json.id}/rule`, w.branch2.token, { upheld: true, note: '成立' }])).toEqual([200, 409]);
    const [{ n }] = await rows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from ledger_entries where claim_id = ${target.claimId} and kind = 'reversal'`);
    expect(Number(n)).toBe(1);
  });

  it('approve the same quarter from both: one 201, one 409', async () => {
    // A quarter of last year in branch 2, published with short windows through the in-process app.
    const year = new Date().getUTCFullYear() - 1;
    t.clock.set(`${year}-10-01T02:00:00Z`);
    const rules = await t.app.inject({ method: 'POST', url: '/api/rules', headers: w.admin.h, payload: { year, threshold: 60, blocks: [{ code: 'base', name: '基础分', cap: 50 }, { code: 'task', name: '任务分', cap: 30 }, { code: 'reward', name: '奖励分', cap: 20 }], items: [{ code: 'theory', name: '集中理论学习', block: 'base', points: 2 }] } });
    expect(rules.statusCode).toBe(201);
    const item = rules.json().items[0].id;
    await record(t, w.otherSk, await submit(t, w.other, item, `${year}-08-05`));
    for (const m of [7, 8, 9]) expect((await t.app.inject({ method: 'POST', url: '/api/publicity', headers: w.otherSk.h, payload: { branchId: w.org.b2, year, month: m } })).statusCode).toBe(201);
    t.clock.set(new Date().toISOString());
    const a = await actor(t.app, t.handle.db, { roles: ['cadre', 'branch'], branchId: w.org.b2, sectionId: w.org.s2a });
    const b = await actor(t.app, t.handle.db, { roles: ['cadre', 'branch'], branchId: w.org.b2, sectionId: w.org.s2a });
    expect(await race('POST', ['/api/approvals', a.token, { branchId: w.org.b2, year, quarter: 3 }], ['/api/approvals', b.token, { branchId: w.org.b2, year, quarter: 3 }])).toEqual([201, 409]);
  });

  it('close one study session from both: credits once', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const s = await call(p1.url, 'POST', '/api/weekly/sessions', w.sk.token, { heldOn: today, topic: '多进程测试学习', form: 'group' });
    expect(s.status, JSON.stringify(s.json)).toBe(201);
    const att = await call(p2.url, 'PUT', `/api/weekly/sessions/${s.json.id}/attendance`, w.sk.token, { entries: [{ userId: w.cadre.user.id, status: 'attended' }, { userId: w.cadre2.user.id, status: 'attended' }] });
    expect(att.status, JSON.stringify(att.json)).toBe(200);
    expect(await race('POST', [`/api/weekly/sessions/${s.json.id}/close`, w.sk.token, {}], [`/api/weekly/sessions/${s.json.id}/close`, w.sk2.token, {}])).toEqual([200, 409]);
    const [{ n }] = await rows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from claims where source = 'study_session' and source_ref = ${'session:' + s.json.id}`);
    expect(Number(n)).toBe(2);
    await expectAggregatesMatchLedger(t.handle.db, new Date().getUTCFullYear());
  });

  it('publish two bulletin issues from both at once: consecutive numbers, never the same', async () => {
    const editor = await actor(t.app, t.handle.db, { roles: ['cadre', 'editor'], branchId: w.org.b1, sectionId: w.org.s1a, unitId: w.org.unitId });
    const editor2 = await actor(t.app, t.handle.db, { roles: ['cadre', 'editor'], branchId: w.org.b1, sectionId: w.org.s1b, unitId: w.org.unitId });
    const title = await call(p1.url, 'POST', '/api/bulletin/titles', editor.token, { name: '多进程测试刊', office: '测试县委组织部办公室' });
    expect(title.status, JSON.stringify(title.json)).toBe(201);
    const mk = async (headline: string, who: typeof editor) => {
      const it = await call(p1.url, 'POST', '/api/bulletin/items', w.cadre2.token, { headline, paragraphs: [{ lead: '抓落实。', text: '正文内容' }], attribution: '测试县委组织部' });
      expect((await call(p2.url, 'POST', `/api/bulletin/items/${it.json.id}/adopt`, editor.token, {})).status).toBe(200);
      const is = await call(p1.url, 'POST', '/api/bulletin/issues', who.token, { titleId: title.json.id, itemIds: [it.json.id] });
      expect(is.status, JSON.stringify(is.json)).toBe(201);
      return is.json.id as number;
    };
    const a = await mk('多进程一', editor);
    const b = await mk('多进程二', editor2);
    const [ra, rb] = await Promise.all([call(p1.url, 'POST', `/api/bulletin/issues/${a}/publish`, editor.token, {}), call(p2.url, 'POST', `/api/bulletin/issues/${b}/publish`, editor2.token, {})]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    expect([ra.json.number, rb.json.number].sort()).toEqual([1, 2]);
  });
});
