import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { pointsWorld, record, submit, type PointsWorld } from '../helpers/points';

let t: TestApp;
let w: PointsWorld;
const post = (url: string, h: Record<string, string>, payload: unknown = {}) => t.app.inject({ method: 'POST', url, headers: h, payload: payload as object });
const get = (url: string, h: Record<string, string>) => t.app.inject({ url, headers: h });

beforeAll(async () => {
  t = await createTestApp();
  w = await pointsWorld(t);
  t.clock.set('2026-08-10T02:00:00Z');
  // cadre: 10 × theory (2) = 20 base + reading 6 × 2 = 12 → item cap 10 → base 30 (overflow 2); training 5 → task 5. Total 35.
  for (let i = 1; i <= 10; i++) await record(t, w.sk, await submit(t, w.cadre, w.items.theory, `2026-07-${String(i).padStart(2, '0')}`));
  await record(t, w.sk, await submit(t, w.cadre, w.items.reading, '2026-07-15', 6));
  await record(t, w.sk, await submit(t, w.cadre, w.items.training, '2026-08-03'));
  // cadre2: tie with leader at 10.
  await record(t, w.sk, await submit(t, w.cadre2, w.items.training, '2026-07-20', 2));
  await record(t, w.sk, await submit(t, w.leader, w.items.micro_lecture, '2026-07-21', 2));
  // other branch member publishes in an important publication (reward candidate once approved).
  await record(t, w.otherSk, await submit(t, w.other, w.items.frontline, '2026-07-22', 1));
});
afterAll(() => t.close());

describe('rankings', () => {
  it('year ranking by person: capped, ties share a rank (1, 2, 2, 4)', async () => {
    const r = (await get(`/api/rankings?year=2026&branchId=${w.org.b1}`, w.cadre.h)).json();
    expect(r.capped).toBe(true);
    const top = r.items.slice(0, 4).map((i: { name: string; rank: number; total: number }) => [i.rank, i.total]);
    expect(top).toEqual([[1, 35], [2, 10], [2, 10], [4, 0]]);
    expect(r.items[0]).toMatchObject({ id: w.cadre.user.id, base: 30, task: 5, reward: 0, overflow: 2 });
    expect(r.total).toBe(7);
  });

  it('month and quarter figures are uncapped sums of that period', async () => {
    const m = (await get(`/api/rankings?year=2026&month=7&branchId=${w.org.b1}`, w.cadre.h)).json();
    expect(m.capped).toBe(false);
    expect(m.items[0]).toMatchObject({ id: w.cadre.user.id, base: 32, total: 32, overflow: 0 });
    const q = (await get(`/api/rankings?year=2026&quarter=3&branchId=${w.org.b1}`, w.cadre.h)).json();
    expect(q.items[0]).toMatchObject({ id: w.cadre.user.id, total: 37 });
    expect((await get('/api/rankings?year=2026&quarter=3&month=7', w.cadre.h)).statusCode).toBe(400);
  });

  it('by section and by group add up members', async () => {
    const s = (await get('/api/rankings?year=2026&by=section', w.leader.h)).json();
    const s1a = s.items.find((i: { id: number }) => i.id === w.org.s1a);
    expect(s1a).toMatchObject({ total: 45, members: 4, average: 11.3 });
    const g = (await get('/api/rankings?year=2026&by=group', w.leader.h)).json();
    expect(g.items.length).toBeGreaterThan(0);
    expect(g.items[0].rank).toBe(1);
  });
});

describe('annual results, talks, summary', () => {
  it('talk list below the threshold, eligibility, reward candidates', async () => {
    expect((await get('/api/annual/2026', w.cadre.h)).statusCode).toBe(403);
    expect((await get(`/api/annual/2026?branchId=${w.org.b2}`, w.sk.h)).statusCode).toBe(403);
    const a = (await get(`/api/annual/2026?branchId=${w.org.b1}`, w.leader.h)).json();
    expect(a).toMatchObject({ year: 2026, threshold: 60 });
    expect(a.items.every((i: { talkList: boolean; eligible: boolean }) => i.talkList && !i.eligible)).toBe(true);
    expect(a.counts).toMatchObject({ members: 7, talkList: 7, rewardCandidates: 0 });
  });

  it('records a talk for someone on the list; refuses someone who is not, and oneself', async () => {
    const ok = await post('/api/talks', w.branch.h, { userId: w.cadre2.user.id, year: 2026, talkedOn: '2026-08-09', talkedBy: '石国庆', notes: '谈学习计划，约定每周参加集中学习' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ userId: w.cadre2.user.id, talkedBy: '石国庆' });
    expect((await post('/api/talks', w.branch.h, { userId: w.branch.user.id, year: 2026, talkedOn: '2026-08-09', talkedBy: 'x', notes: 'x' })).statusCode).toBe(403);
    expect((await post('/api/talks', w.cadre.h, { userId: w.cadre2.user.id, year: 2026, talkedOn: '2026-08-09', talkedBy: 'x', notes: 'x' })).statusCode).toBe(403);
    const future = await post('/api/talks', w.branch.h, { userId: w.cadre2.user.id, year: 2026, talkedOn: '2026-12-09', talkedBy: 'x', notes: 'x' });
    expect(future.statusCode).toBe(400);
    expect(future.json().message).toContain('talkedOn');
    const a = (await get(`/api/annual/2026?branchId=${w.org.b1}`, w.branch.h)).json();
    expect(a.items.find((i: { userId: number }) => i.userId === w.cadre2.user.id).talk).toMatchObject({ talkedBy: '石国庆' });
  });

  it('summary: blocks with caps and overflow, ranks, forecast warning from Q3', async () => {
    const s = (await get(`/api/people/${w.cadre.user.id}/summary?year=2026`, w.cadre.h)).json();
    expect(s.blocks.find((b: { code: string }) => b.code === 'base')).toMatchObject({ cap: 50, points: 30, effective: 30, overflow: 0 });
    expect(s).toMatchObject({ total: 35, overflow: 2, rankInBranch: 1, monthPoints: 5 });
    expect(s.monthly[6]).toBe(32);
    // 35 points by 10 August (222 of 365 days): about 57.6 by year end — under 60, and it is Q3, so warned.
    expect(s.forecast.elapsedShare).toBeCloseTo(222 / 365, 3);
    expect(s.forecast.projected).toBe(58);
    expect(s.forecast.warning).toBe(true);
    const s2 = (await get(`/api/people/${w.cadre2.user.id}/summary?year=2026`, w.cadre2.h)).json();
    expect(s2.forecast.warning).toBe(true);
    expect(s2.forecast.message).toContain('约谈');
    expect((await get(`/api/people/${w.cadre.user.id}/summary?year=2026`, w.cadre2.h)).statusCode).toBe(404);
    expect((await get(`/api/people/${w.cadre.user.id}/summary?year=2026`, w.otherSk.h)).statusCode).toBe(404);
  });

  it('weekly statistics count this week per person and section', async () => {
    const r = (await get('/api/stats/weekly?date=2026-08-10', w.sk.h)).json();
    expect(r).toMatchObject({ from: '2026-08-10', to: '2026-08-16' });
    const wk = (await get('/api/stats/weekly?date=2026-08-05', w.sk.h)).json();
    expect(wk.totals.recordedClaims).toBe(0); // everything was recorded on 8-10 (the clock)
    expect(r.totals.recordedClaims).toBe(14);
    expect(r.people.find((p: { userId: number }) => p.userId === w.sk.user.id).processed).toBe(14);
    expect(r.sections.length).toBeGreaterThan(0);
    expect((await get('/api/stats/weekly', w.cadre.h)).statusCode).toBe(403);
  });

  it('archive: the person, years, claims with ledger; visible to self, branch, leaders — not to colleagues', async () => {
    const a = (await get(`/api/people/${w.cadre.user.id}/archive?year=2026`, w.cadre.h)).json();
    expect(a.person).toMatchObject({ id: w.cadre.user.id, name: '张伟', branchName: '第一党支部' });
    expect(a.years[0]).toMatchObject({ year: 2026, total: 35, talkList: true });
    expect(a.claims.length).toBe(12);
    expect(a.claims[0].ledger.length).toBe(1);
    expect(a.activities).toEqual([expect.objectContaining({ source: 'self', count: 12, points: 37 })]);
    expect((await get(`/api/people/${w.cadre.user.id}/archive`, w.branch.h)).statusCode).toBe(200);
    expect((await get(`/api/people/${w.cadre.user.id}/archive`, w.cadre2.h)).statusCode).toBe(404);
    expect((await get(`/api/people/${w.cadre.user.id}/archive`, w.other.h)).statusCode).toBe(404);
  });
});

describe('exports', () => {
  async function open(res: { rawPayload: Buffer }) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    return wb;
  }

  it('积分登记表 for a month: Chinese headers, numbers as numbers, a download with a Chinese file name', async () => {
    const res = await get(`/api/exports/register?branchId=${w.org.b1}&year=2026&month=7`, w.sk.h);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1])).toBe('第一党支部积分登记表（2026年7月）.xlsx');
    const wb = await open(res);
    const ws = wb.getWorksheet('积分登记表')!;
    expect(ws.getRow(1).values).toEqual(expect.arrayContaining(['序号', '姓名', '积分项目', '记入分值']));
    expect(ws.rowCount).toBe(1 + 13);
    const row2 = ws.getRow(2);
    expect(row2.getCell(2).value).toBe('张伟');
    expect(typeof row2.getCell(9).value).toBe('number');
    const sum = wb.getWorksheet('个人汇总')!;
    expect(sum.getRow(2).getCell(1).value).toBe('张伟');
    expect(sum.getRow(2).getCell(7).value).toBe(32);
    expect((await get(`/api/exports/register?branchId=${w.org.b2}&year=2026&month=7`, w.sk.h)).statusCode).toBe(403);
  });

  it('annual results workbook has the results, talk list and reward sheets', async () => {
    const res = await get(`/api/exports/annual/2026?branchId=${w.org.b1}`, w.leader.h);
    expect(res.statusCode).toBe(200);
    const wb = await open(res);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['年度积分', '约谈名单', '奖励候选']);
    const ws = wb.getWorksheet('年度积分')!;
    expect(ws.getRow(2).getCell(2).value).toBe('张伟');
    expect(ws.getRow(2).getCell(8).value).toBe(35);
    expect(wb.getWorksheet('约谈名单')!.rowCount).toBe(1 + 7);
  });
});
