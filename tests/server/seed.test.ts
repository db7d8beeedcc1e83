import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/client';
import { seedDemo } from '../../db/seed/demo';
import { demoSteps } from '../../db/seed/steps';
import { hashPassword } from '../../server/lib/passwords';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { login, bearer } from '../helpers/factories';
import { expectAggregatesMatchLedger } from '../helpers/recompute';

let t: TestApp;
const NOW = new Date('2026-11-21T02:00:00Z');

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(NOW.toISOString());
  await seedDemo(t.handle.db, { hash: hashPassword, now: NOW, extraSteps: demoSteps });
}, 240_000);
afterAll(() => t.close());

describe('the demo department', () => {
  it('has 2 branches, 6 sections, 9 groups, about 40 people and every role', async () => {
    const org = (await t.app.inject({ url: '/api/org', headers: bearer(await login(t.app, 'admin', 'Demo@2026')) })).json();
    expect(org.branches).toHaveLength(2);
    expect(org.branches.flatMap((b: { sections: unknown[] }) => b.sections)).toHaveLength(6);
    expect(org.groups).toHaveLength(9);
    const [{ n }] = await rows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from users`);
    expect(Number(n)).toBe(40);
    const roles = await rows<{ r: string }>(t.handle.db, sql`select distinct unnest(roles) as r from users order by 1`);
    expect(roles.map((r) => r.r)).toEqual(['admin', 'branch', 'cadre', 'editor', 'leader', 'scorekeeper']);
  });

  it('shows a believable year: approved quarters, published months, a queue, objections, a talk list', async () => {
    const h = bearer(await login(t.app, 'buzhang', 'Demo@2026'));
    const approvals = await rows<{ year: number; n: number }>(t.handle.db, sql`select year, count(*)::int as n from approvals where co_approved_by is not null or pending_user_id is null group by year order by year`);
    expect(approvals.map((a) => [Number(a.year), Number(a.n)])).toEqual([[2025, 8], [2026, 6]]);
    const statuses = await rows<{ status: string }>(t.handle.db, sql`select distinct status from claims where year = 2026 order by 1`);
    expect(statuses.map((s) => s.status)).toEqual(['approved', 'recorded', 'rejected', 'returned', 'submitted', 'withdrawn']);
    const obj = await rows<{ status: string }>(t.handle.db, sql`select status from objections order by status`);
    expect(obj.map((o) => o.status)).toEqual(['dismissed', 'upheld']);
    const prev = (await t.app.inject({ url: '/api/annual/2025', headers: h })).json();
    expect(prev.final).toBe(true);
    expect(prev.counts.talkList).toBeGreaterThanOrEqual(2);
    expect(prev.counts.talkList).toBeLessThanOrEqual(8);
    expect(prev.counts.rewardCandidates).toBeGreaterThan(0);
    const rank = (await t.app.inject({ url: '/api/rankings?year=2026', headers: h })).json();
    expect(rank.items[0].total).toBeGreaterThan(50);
    expect(await expectAggregatesMatchLedger(t.handle.db, 2026)).toBeGreaterThan(30);
    await expectAggregatesMatchLedger(t.handle.db, 2025);
  });
});
