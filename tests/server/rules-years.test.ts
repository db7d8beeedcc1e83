import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { RULES_2026, pointsWorld, record, submit, type PointsWorld } from '../helpers/points';

let t: TestApp;
let w: PointsWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await pointsWorld(t);
  // 2027: fewer items, no points recorded.
  const r = await t.app.inject({ method: 'POST', url: '/api/rules', headers: w.admin.h, payload: { ...RULES_2026, year: 2027, items: RULES_2026.items.slice(0, 3) } });
  expect(r.statusCode).toBe(201);
  await record(t, w.sk, await submit(t, w.cadre, w.items.theory, '2026-10-01'));
});
afterAll(() => t.close());

describe('rule years', () => {
  it('counts each year’s own items and locks only the year with recorded points', async () => {
    const r = (await t.app.inject({ url: '/api/rules/years', headers: w.admin.h })).json();
    expect(r.items).toEqual([
      { year: 2027, threshold: 60, itemCount: 3, locked: false },
      { year: 2026, threshold: 60, itemCount: RULES_2026.items.length, locked: true },
    ]);
    expect((await t.app.inject({ url: '/api/rules?year=2027', headers: w.admin.h })).json().locked).toBe(false);
  });
});
