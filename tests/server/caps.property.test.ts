import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCaps } from '../../server/modules/claims/ledger';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { actor } from '../helpers/factories';
import { pointsWorld, submit, type PointsWorld } from '../helpers/points';

const caps = {
  blockCaps: { base: 50, task: 30, reward: 20 },
  itemCaps: new Map<number, number | null>([[1, null], [2, 10], [3, null], [4, 12], [5, null], [6, 20]]),
};
const blockOf: Record<number, 'base' | 'task' | 'reward'> = { 1: 'base', 2: 'base', 3: 'task', 4: 'task', 5: 'reward', 6: 'reward' };

describe('caps (pure)', () => {
  it('items first, then blocks; overflow is what was cut', () => {
    const t = applyCaps([
      { ruleItemId: 2, block: 'base', points: 16 }, // item cap 10 → 6 overflow
      { ruleItemId: 1, block: 'base', points: 48 }, // base 58 → 50, 8 overflow
      { ruleItemId: 3, block: 'task', points: 7 },
    ], caps);
    expect(t).toMatchObject({ base: 50, task: 7, reward: 0, total: 57, raw: 71, overflow: 14 });
  });

  it('any order of the same entries gives the same totals and overflow', () => {
    const entry = fc.record({ ruleItemId: fc.integer({ min: 1, max: 6 }), points: fc.integer({ min: 1, max: 15 }) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), fc.func(fc.integer()), (entries, _f) => {
        const sum = (list: typeof entries) => {
          const by = new Map<number, number>();
          for (const e of list) by.set(e.ruleItemId, (by.get(e.ruleItemId) ?? 0) + e.points);
          return applyCaps([...by].map(([id, p]) => ({ ruleItemId: id, block: blockOf[id], points: p })), caps);
        };
        const shuffled = [...entries].sort(() => Math.random() - 0.5);
        const a = sum(entries);
        const b = sum(shuffled);
        expect(b).toEqual(a);
        expect(a.total).toBeLessThanOrEqual(100);
        expect(a.total + a.overflow).toBe(a.raw);
      }),
      { numRuns: 300 },
    );
  });
});

describe('caps through the API and the database', () => {
  let t: TestApp;
  let w: PointsWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await pointsWorld(t);
  });
  afterAll(() => t.close());

  it('recording the same claims in any order gives the same year totals and overflow', async () => {
    const itemCodes = ['theory', 'reading', 'lecture_hall', 'reflection', 'training', 'frontline'] as const;
    const spec = fc.array(fc.record({ item: fc.constantFrom(...itemCodes), qty: fc.integer({ min: 1, max: 6 }), day: fc.integer({ min: 1, max: 28 }) }), { minLength: 1, maxLength: 14 });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(spec, fc.integer({ min: 0, max: 1000 }), async (claimsSpec, seed) => {
        run++;
        // Two fresh people get the same claims; one is recorded in order, the other in a shuffled order.
        const a = await actor(t.app, t.handle.db, { roles: ['cadre'], branchId: w.org.b1, sectionId: w.org.s1a, name: `甲${run}` });
        const b = await actor(t.app, t.handle.db, { roles: ['cadre'], branchId: w.org.b1, sectionId: w.org.s1a, name: `乙${run}` });
        const ids = async (who: typeof a) => {
          const out: number[] = [];
          for (const c of claimsSpec) out.push(await submit(t, who, w.items[c.item], `2026-10-${String(c.day).padStart(2, '0')}`, c.qty));
          return out;
        };
        const ia = await ids(a);
        const ib = await ids(b);
        const order = ib.map((id, i) => ({ id, k: (i * 7919 + seed) % 101 })).sort((x, y) => x.k - y.k).map((x) => x.id);
        for (const id of ia) expect((await t.app.inject({ method: 'POST', url: `/api/claims/${id}/record`, headers: w.sk.h, payload: {} })).statusCode).toBe(200);
        for (const id of order) expect((await t.app.inject({ method: 'POST', url: `/api/claims/${id}/record`, headers: w.sk.h, payload: {} })).statusCode).toBe(200);
        const ra = (await t.app.inject({ url: `/api/people/${a.user.id}/summary?year=2026`, headers: w.admin.h })).json();
        const rb = (await t.app.inject({ url: `/api/people/${b.user.id}/summary?year=2026`, headers: w.admin.h })).json();
        expect({ total: rb.total, overflow: rb.overflow, blocks: rb.blocks }).toEqual({ total: ra.total, overflow: ra.overflow, blocks: ra.blocks });
        // And the maintained aggregate equals the recomputation from raw claims.
        const rank = (await t.app.inject({ url: `/api/rankings?year=2026&branchId=${w.org.b1}&limit=500`, headers: w.admin.h })).json();
        const ta = rank.items.find((i: { id: number }) => i.id === a.user.id);
        const tb = rank.items.find((i: { id: number }) => i.id === b.user.id);
        expect([ta.total, ta.overflow]).toEqual([tb.total, tb.overflow]);
        expect(ta.total).toBe(ra.total);
      }),
      { numRuns: 12 },
    );
  });
});
