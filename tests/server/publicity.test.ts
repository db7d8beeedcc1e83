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

describe('monthly publicity, objections and quarterly approval', () => {
  it('walks Q1 from claims to approval, with an upheld and a dismissed objection and a late entry', async () => {
    t.clock.set('2026-02-02T02:00:00Z'); // Monday
    const a = await submit(t, w.cadre, w.items.theory, '2026-01-05', 1, '1月集中学习');
    const b = await submit(t, w.cadre2, w.items.training, '2026-01-20', 1, '参加专题培训班');
    await record(t, w.sk, a);
    await record(t, w.sk, b);

    // Only the branch's scorekeeper publishes; closesAt defaults to 5 working days.
    expect((await post('/api/publicity', w.otherSk.h, { branchId: w.org.b1, year: 2026, month: 1 })).statusCode).toBe(403);
    expect((await post('/api/publicity', w.cadre.h, { branchId: w.org.b1, year: 2026, month: 1 })).statusCode).toBe(403);
    const pub = await post('/api/publicity', w.sk.h, { branchId: w.org.b1, year: 2026, month: 1 });
    expect(pub.statusCode).toBe(201);
    const p = pub.json();
    expect(p).toMatchObject({ branchId: w.org.b1, year: 2026, month: 1, publishedAt: '2026-02-02T02:00:00.000Z', closesAt: '2026-02-09T02:00:00.000Z' });
    expect(p.lines.find((l: { userId: number }) => l.userId === w.cadre.user.id)).toMatchObject({ name: '张伟', monthPoints: 2, yearTotal: 2 });
    expect(p.lines.find((l: { userId: number }) => l.userId === w.cadre2.user.id)).toMatchObject({ monthPoints: 5, yearTotal: 5 });
    expect(p.lines.some((l: { userId: number }) => l.userId === w.other.user.id)).toBe(false);
    const dup = await post('/api/publicity', w.sk2.h, { branchId: w.org.b1, year: 2026, month: 1 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('ALREADY_PUBLISHED');

    // Objections: members of the branch, while open, on a line of this publication.
    expect((await post(`/api/publicity/${p.id}/objections`, w.other.h, { claimId: a, reason: 'x' })).statusCode).toBe(404);
    const notIn = await post(`/api/publicity/${p.id}/objections`, w.cadre2.h, { claimId: 999999, reason: 'x' });
    expect(notIn.statusCode).toBe(400);
    expect(notIn.json().message).toContain('claimId');
    const o1 = await post(`/api/publicity/${p.id}/objections`, w.cadre2.h, { claimId: a, reason: '当天张伟请假未参加学习' });
    expect(o1.statusCode).toBe(201);
    expect(o1.json()).toMatchObject({ status: 'open' });
    const o2 = await post(`/api/publicity/${p.id}/objections`, w.cadre.h, { claimId: b, reason: '培训班是否已结业？' });
    expect(o2.statusCode).toBe(201);

    // Rulings: branch role, not the objector, not the claimant.
    expect((await post(`/api/objections/${o1.json().id}/rule`, w.sk.h, { upheld: true, note: 'x' })).statusCode).toBe(403);
    t.clock.set('2026-02-10T02:00:00Z');
    expect((await post(`/api/publicity/${p.id}/objections`, w.cadre2.h, { claimId: b, reason: 'late' })).statusCode).toBe(409);
    const up = await post(`/api/objections/${o1.json().id}/rule`, w.branch.h, { upheld: true, note: '经核实考勤，当天请假' });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ status: 'upheld', upheld: true, ruledBy: w.branch.user.id });
    expect((await post(`/api/objections/${o1.json().id}/rule`, w.branch2.h, { upheld: false, note: 'again' })).statusCode).toBe(409);
    const dis = await post(`/api/objections/${o2.json().id}/rule`, w.branch.h, { upheld: false, note: '已结业，证书见附件' });
    expect(dis.json()).toMatchObject({ status: 'dismissed' });
    // Upheld → reversed by a ledger entry, the record stays.
    const ca = (await get(`/api/claims/${a}`, w.cadre.h)).json();
    expect(ca).toMatchObject({ status: 'recorded', recordedPoints: 2, netPoints: 0 });
    expect(ca.ledger.map((l: { kind: string; points: number }) => [l.kind, l.points])).toEqual([['record', 2], ['reversal', -2]]);

    // Readiness lists what blocks Q1.
    t.clock.set('2026-04-01T02:00:00Z');
    const late = await submit(t, w.cadre, w.items.reading, '2026-01-25', 1, '1月读书会，补报');
    let r = (await get(`/api/approvals/readiness?branchId=${w.org.b1}&year=2026&quarter=1`, w.branch.h)).json();
    expect(r.ready).toBe(false);
    expect(r.blockers.map((x: { code: string }) => x.code).sort()).toEqual(['PENDING_CLAIMS', 'UNPUBLISHED_MONTH', 'UNPUBLISHED_MONTH']);
    const refused = await post('/api/approvals', w.branch.h, { branchId: w.org.b1, year: 2026, quarter: 1 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('APPROVAL_BLOCKED');

    await record(t, w.sk, late);
    for (const m of [2, 3]) expect((await post('/api/publicity', w.sk.h, { branchId: w.org.b1, year: 2026, month: m })).statusCode).toBe(201);
    r = (await get(`/api/approvals/readiness?branchId=${w.org.b1}&year=2026&quarter=1`, w.branch.h)).json();
    expect(r.blockers.map((x: { code: string }) => x.code).sort()).toEqual(['LATE_ENTRIES', 'WINDOW_OPEN', 'WINDOW_OPEN']);
    const lateBlocker = r.blockers.find((x: { code: string }) => x.code === 'LATE_ENTRIES');
    expect(lateBlocker).toMatchObject({ month: 1, claimIds: [late], publicationId: p.id });
    const sup = await post(`/api/publicity/${p.id}/supplement`, w.sk.h, {});
    expect(sup.statusCode).toBe(201);
    expect(sup.json()).toMatchObject({ kind: 'supplementary', month: 1 });
    expect(sup.json().claims.map((c: { claimId: number }) => c.claimId)).toEqual([late]);
    expect((await post(`/api/publicity/${p.id}/supplement`, w.sk.h, {})).statusCode).toBe(409);

    t.clock.set('2026-04-15T02:00:00Z');
    r = (await get(`/api/approvals/readiness?branchId=${w.org.b1}&year=2026&quarter=1`, w.branch.h)).json();
    expect(r).toMatchObject({ ready: true, blockers: [] });
    // Only the branch approves, and only its own branch.
    expect((await post('/api/approvals', w.otherSk.h, { branchId: w.org.b1, year: 2026, quarter: 1 })).statusCode).toBe(403);
    const ok = await post('/api/approvals', w.branch.h, { branchId: w.org.b1, year: 2026, quarter: 1 });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ branchId: w.org.b1, year: 2026, quarter: 1, approvedBy: w.branch.user.id, claimCount: 3 });
    const again = await post('/api/approvals', w.branch2.h, { branchId: w.org.b1, year: 2026, quarter: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('QUARTER_ALREADY_APPROVED');

    // Final: claims approved; new claims dated in the quarter refused; corrections only by adjustment.
    expect((await get(`/api/claims/${b}`, w.cadre2.h)).json().status).toBe('approved');
    const closed = await post('/api/claims', w.cadre.h, { ruleItemId: w.items.theory, occurredOn: '2026-03-30', description: 'x' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('QUARTER_APPROVED');
    expect((await post(`/api/claims/${b}/record`, w.sk.h, {})).statusCode).toBe(409);
    const adj = await post(`/api/claims/${b}/adjust`, w.sk.h, { points: -1, reason: '培训班缺课一天' });
    expect(adj.statusCode).toBe(200);
    expect(adj.json()).toMatchObject({ status: 'approved', netPoints: 4 });
  });

  it('publicity is visible to the branch, not to other branches', async () => {
    const list = (await get(`/api/publicity?branchId=${w.org.b1}&year=2026`, w.cadre.h)).json();
    expect(list.total).toBeGreaterThan(0);
    expect((await get(`/api/publicity?branchId=${w.org.b1}&year=2026`, w.other.h)).statusCode).toBe(403);
    expect((await get(`/api/publicity/${list.items[0].id}`, w.other.h)).statusCode).toBe(404);
    expect((await get(`/api/publicity/${list.items[0].id}`, w.leader.h)).statusCode).toBe(200);
  });

  it('refuses bad publish input naming the field', async () => {
    const future = await post('/api/publicity', w.sk.h, { branchId: w.org.b1, year: 2026, month: 12 });
    expect(future.statusCode).toBe(400);
    expect(future.json().message).toContain('month');
    const past = await post('/api/publicity', w.sk.h, { branchId: w.org.b1, year: 2026, month: 4, closesAt: '2020-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().message).toContain('closesAt');
    const badMonth = await post('/api/publicity', w.sk.h, { branchId: w.org.b1, year: 2026, month: 13 });
    expect(badMonth.statusCode).toBe(400);
    expect(badMonth.json().message).toContain('month');
  });
});
