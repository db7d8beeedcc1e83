import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { pointsWorld, record, submit, type PointsWorld } from '../helpers/points';

let t: TestApp;
let w: PointsWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await pointsWorld(t);
});
afterAll(() => t.close());

const post = (url: string, h: Record<string, string>, payload: unknown = {}) => t.app.inject({ method: 'POST', url, headers: h, payload: payload as object });
const get = (url: string, h: Record<string, string>) => t.app.inject({ url, headers: h });
type Note = { kind: string; count: number; message: string; link: string; claimId?: number; year?: number; quarter?: number };
const notes = async (h: Record<string, string>, since?: string) => {
  const r = await get(`/api/notifications${since ? `?since=${encodeURIComponent(since)}` : ''}`, h);
  expect(r.statusCode).toBe(200);
  return r.json() as { items: Note[]; total: number; checkedAt: string };
};

describe('GET /api/notifications', () => {
  it('needs a login and a valid since', async () => {
    expect((await get('/api/notifications', {})).statusCode).toBe(401);
    const bad = await get('/api/notifications?since=yesterday', w.cadre.h);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('since');
  });

  it('cadre: own claims returned, recorded, rejected since the instant; scorekeeper: queue size', async () => {
    t.clock.set('2026-01-12T02:00:00Z');
    const a = await submit(t, w.cadre, w.items.theory, '2026-01-05');
    const b = await submit(t, w.cadre, w.items.training, '2026-01-06');
    const c = await submit(t, w.cadre, w.items.reading, '2026-01-07');
    await submit(t, w.cadre2, w.items.theory, '2026-01-07');
    let sk = await notes(w.sk.h);
    expect(sk.items).toEqual([expect.objectContaining({ kind: 'queue', count: 4, link: '/scoring' })]);
    // Nothing decided yet for the cadre.
    expect((await notes(w.cadre.h)).items).toEqual([]);

    t.clock.set('2026-01-13T02:00:00Z');
    await record(t, w.sk, a);
    expect((await post(`/api/claims/${b}/return`, w.sk.h, { reason: '请补充培训通知' })).statusCode).toBe(200);
    const before = (await notes(w.cadre.h)).checkedAt;
    t.clock.set('2026-01-14T02:00:00Z');
    expect((await post(`/api/claims/${c}/reject`, w.sk.h, { reason: '重复申报' })).statusCode).toBe(200);

    const all = await notes(w.cadre.h);
    expect(all.items.map((i) => [i.kind, i.claimId])).toEqual([['claim_rejected', c], ['claim_returned', b], ['claim_recorded', a]]);
    expect(all.items[1].message).toContain('请补充培训通知');
    expect(all.items[1].link).toBe(`/claims?edit=${b}`);
    expect(all.items[2].message).toContain('记 2 分');
    // Only what happened after `since`.
    expect((await notes(w.cadre.h, before)).items.map((i) => i.claimId)).toEqual([c]);
    // The queue shrank to the one claim still submitted; the scorekeeper does not count their own.
    sk = await notes(w.sk.h);
    expect(sk.items.find((i) => i.kind === 'queue')?.count).toBe(1);
    // Another branch sees none of this.
    expect((await notes(w.otherSk.h)).items).toEqual([]);
  });

  it('branch: open objections and quarters ready to approve', async () => {
    t.clock.set('2026-02-02T02:00:00Z');
    const pending = (await get(`/api/claims?status=submitted&branchId=${w.org.b1}`, w.sk.h)).json().items as { id: number; userId: number }[];
    for (const p of pending) if (p.userId !== w.sk.user.id) await record(t, w.sk, p.id);
    const pub = (await post('/api/publicity', w.sk.h, { branchId: w.org.b1, year: 2026, month: 1 })).json();
    const claimId = pub.claims[0].claimId as number;
    expect((await post(`/api/publicity/${pub.id}/objections`, w.cadre2.h, { claimId, reason: '当天请假' })).statusCode).toBe(201);
    let br = await notes(w.branch.h);
    expect(br.items.find((i) => i.kind === 'open_objections')).toMatchObject({ count: 1, link: '/publicity/objections' });
    // 2026 Q1 has not ended: no quarter to approve.
    expect(br.items.some((i) => i.kind === 'quarter_ready')).toBe(false);

    t.clock.set('2026-04-20T02:00:00Z');
    const o = (await get(`/api/objections?branchId=${w.org.b1}&status=open`, w.branch.h)).json().items[0];
    expect((await post(`/api/objections/${o.id}/rule`, w.branch.h, { upheld: false, note: '已核实' })).statusCode).toBe(200);
    for (const month of [2, 3]) expect((await post('/api/publicity', w.sk.h, { branchId: w.org.b1, year: 2026, month })).statusCode).toBe(201);
    t.clock.set('2026-04-28T02:00:00Z');
    br = await notes(w.branch.h);
    expect(br.items.some((i) => i.kind === 'open_objections')).toBe(false);
    expect(br.items.find((i) => i.kind === 'quarter_ready')).toMatchObject({ year: 2026, quarter: 1, link: '/approval?year=2026&quarter=1' });
    // A cadre without the branch role gets none of the branch's work.
    expect((await notes(w.cadre2.h)).items.some((i) => i.kind === 'quarter_ready' || i.kind === 'open_objections')).toBe(false);

    expect((await post('/api/approvals', w.branch.h, { branchId: w.org.b1, year: 2026, quarter: 1 })).statusCode).toBe(201);
    expect((await notes(w.branch.h)).items.some((i) => i.kind === 'quarter_ready' && i.quarter === 1)).toBe(false);
  });
});
