import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/client';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { pointsWorld, record, submit, type PointsWorld } from '../helpers/points';
import { expectAggregatesMatchLedger } from '../helpers/recompute';

// On PGlite (one connection) these interleave at await points; on TEST_DATABASE_URL they truly run in parallel.
let t: TestApp;
let w: PointsWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await pointsWorld(t);
});
afterAll(() => t.close());

const post = (url: string, h: Record<string, string>, payload: unknown = {}) => t.app.inject({ method: 'POST', url, headers: h, payload: payload as object });
const statuses = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();

describe('races end with one winner and a 409', () => {
  it('two scorekeepers record the same claim: one 200, one 409, one ledger entry', async () => {
    for (let i = 0; i < 8; i++) {
      const id = await submit(t, w.cadre, w.items.theory, '2026-10-05');
      const rs = await Promise.all([post(`/api/claims/${id}/record`, w.sk.h), post(`/api/claims/${id}/record`, w.sk2.h)]);
      expect(statuses(rs)).toEqual([200, 409]);
      const [{ n }] = await rows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from ledger_entries where claim_id = ${id}`);
      expect(Number(n)).toBe(1);
    }
  });

  it('record vs withdraw: exactly one wins and the state agrees with the ledger', async () => {
    for (let i = 0; i < 8; i++) {
      const id = await submit(t, w.cadre2, w.items.training, '2026-10-06');
      const rs = await Promise.all([post(`/api/claims/${id}/record`, w.sk.h), post(`/api/claims/${id}/withdraw`, w.cadre2.h)]);
      expect(statuses(rs)).toEqual([200, 409]);
      const c = (await t.app.inject({ url: `/api/claims/${id}`, headers: w.cadre2.h })).json();
      expect(c.ledger.length).toBe(c.status === 'recorded' ? 1 : 0);
    }
  });

  it('record vs return: exactly one wins', async () => {
    const id = await submit(t, w.cadre2, w.items.party_day, '2026-10-06');
    const rs = await Promise.all([post(`/api/claims/${id}/record`, w.sk.h), post(`/api/claims/${id}/return`, w.sk2.h, { reason: '补充材料' })]);
    expect(statuses(rs)).toEqual([200, 409]);
  });

  it('many records for one person at once never lose or double points', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 24; i++) ids.push(await submit(t, w.branch2, [w.items.theory, w.items.reading, w.items.reflection, w.items.frontline][i % 4], `2026-09-${String((i % 28) + 1).padStart(2, '0')}`));
    const rs = await Promise.all(ids.map((id, i) => post(`/api/claims/${id}/record`, i % 2 ? w.sk.h : w.sk2.h)));
    expect(rs.every((r) => r.statusCode === 200)).toBe(true);
    await expectAggregatesMatchLedger(t.handle.db, 2026);
  });

  it('publish twice at once: one 201, one 409', async () => {
    t.clock.set('2026-11-02T02:00:00Z');
    const rs = await Promise.all([
      post('/api/publicity', w.sk.h, { branchId: w.org.b1, year: 2026, month: 10 }),
      post('/api/publicity', w.sk2.h, { branchId: w.org.b1, year: 2026, month: 10 }),
    ]);
    expect(statuses(rs)).toEqual([201, 409]);
  });

  it('rule an objection twice at once: one 200, one 409, one reversal', async () => {
    t.clock.set('2026-11-03T02:00:00Z');
    const pubs = (await t.app.inject({ url: `/api/publicity?branchId=${w.org.b1}&year=2026`, headers: w.sk.h })).json();
    const p = (await t.app.inject({ url: `/api/publicity/${pubs.items.find((x: { month: number }) => x.month === 10).id}`, headers: w.sk.h })).json();
    const target = p.claims.find((c: { userId: number; points: number }) => c.userId === w.cadre.user.id && c.points > 0);
    const o = await post(`/api/publicity/${p.id}/objections`, w.cadre2.h, { claimId: target.claimId, reason: '重复' });
    const rs = await Promise.all([
      post(`/api/objections/${o.json().id}/rule`, w.branch.h, { upheld: true, note: '成立' }),
      post(`/api/objections/${o.json().id}/rule`, w.branch2.h, { upheld: true, note: '成立' }),
    ]);
    expect(statuses(rs)).toEqual([200, 409]);
    const [{ n }] = await rows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from ledger_entries where claim_id = ${target.claimId} and kind = 'reversal'`);
    expect(Number(n)).toBe(1);
    await expectAggregatesMatchLedger(t.handle.db, 2026);
  });

  it('approve twice at once: one 201, one 409', async () => {
    // Quarter 2 of an empty branch 2: publish three months, let windows close, approve from two branch members.
    const { actor } = await import('../helpers/factories');
    const b2a = await actor(t.app, t.handle.db, { roles: ['cadre', 'branch'], branchId: w.org.b2, sectionId: w.org.s2a });
    const b2b = await actor(t.app, t.handle.db, { roles: ['cadre', 'branch'], branchId: w.org.b2, sectionId: w.org.s2a });
    t.clock.set('2026-07-01T02:00:00Z');
    const c = await submit(t, w.other, w.items.theory, '2026-05-05');
    await record(t, w.otherSk, c);
    for (const m of [4, 5, 6]) expect((await post('/api/publicity', w.otherSk.h, { branchId: w.org.b2, year: 2026, month: m })).statusCode).toBe(201);
    t.clock.set('2026-07-20T02:00:00Z');
    const rs = await Promise.all([
      post('/api/approvals', b2a.h, { branchId: w.org.b2, year: 2026, quarter: 2 }),
      post('/api/approvals', b2b.h, { branchId: w.org.b2, year: 2026, quarter: 2 }),
    ]);
    expect(statuses(rs)).toEqual([201, 409]);
    expect((await t.app.inject({ url: `/api/claims/${c}`, headers: w.other.h })).json().status).toBe('approved');
  });

  it("the approver's own points wait for a second branch member (co-approval)", async () => {
    const { actor } = await import('../helpers/factories');
    t.clock.set('2026-04-02T02:00:00Z');
    const self = await actor(t.app, t.handle.db, { roles: ['cadre', 'branch'], branchId: w.org.b2, sectionId: w.org.s2a });
    const c = await submit(t, self, w.items.theory, '2026-03-05');
    await record(t, w.otherSk, c);
    for (const m of [1, 2, 3]) expect((await post('/api/publicity', w.otherSk.h, { branchId: w.org.b2, year: 2026, month: m })).statusCode).toBe(201);
    t.clock.set('2026-04-20T02:00:00Z');
    const other = await submit(t, w.other, w.items.theory, '2026-03-06');
    t.clock.set('2026-04-03T02:00:00Z');
    // (recorded after publication: a late entry, published in a supplement first)
    await record(t, w.otherSk, other);
    const pubs = (await t.app.inject({ url: `/api/publicity?branchId=${w.org.b2}&year=2026`, headers: w.otherSk.h })).json();
    const march = pubs.items.find((p: { month: number; kind: string }) => p.month === 3 && p.kind === 'regular');
    expect((await post(`/api/publicity/${march.id}/supplement`, w.otherSk.h, {})).statusCode).toBe(201);
    t.clock.set('2026-04-20T02:00:00Z');
    const first = await post('/api/approvals', self.h, { branchId: w.org.b2, year: 2026, quarter: 1 });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ complete: false, pendingUserId: self.user.id, claimCount: 1 });
    expect((await t.app.inject({ url: `/api/claims/${other}`, headers: w.other.h })).json().status).toBe('approved');
    expect((await t.app.inject({ url: `/api/claims/${c}`, headers: self.h })).json().status).toBe('recorded');
    const readiness = (await t.app.inject({ url: `/api/approvals/readiness?branchId=${w.org.b2}&year=2026&quarter=1`, headers: self.h })).json();
    expect(readiness.blockers.map((b: { code: string }) => b.code)).toEqual(['CO_APPROVAL_NEEDED']);
    const again = await post('/api/approvals', self.h, { branchId: w.org.b2, year: 2026, quarter: 1 });
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('SELF_APPROVAL');
    const colleague = await actor(t.app, t.handle.db, { roles: ['cadre', 'branch'], branchId: w.org.b2, sectionId: w.org.s2a });
    const co = await post('/api/approvals', colleague.h, { branchId: w.org.b2, year: 2026, quarter: 1 });
    expect(co.statusCode).toBe(201);
    expect(co.json()).toMatchObject({ complete: true, coApprovedBy: colleague.user.id, claimCount: 2 });
    expect((await t.app.inject({ url: `/api/claims/${c}`, headers: self.h })).json().status).toBe('approved');
    expect((await post('/api/approvals', colleague.h, { branchId: w.org.b2, year: 2026, quarter: 1 })).statusCode).toBe(409);
  });
});
