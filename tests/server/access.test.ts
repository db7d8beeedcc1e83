/**
 * The access-control matrix: one table (server/access-matrix.ts) of every route × role, checked against
 * the live route list and against what the running app does. A new route missing from the table, or a
 * route that lets in (or keeps out) a role other than the table says, fails here.
 * Route level only: 'scoped' routes admit the role, and the service narrows what it may see or change
 * (other branches' records answer 404) — the IDOR tests below and in each module's tests cover that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_MATRIX, MATRIX_ROLES, type MatrixRole } from '../../server/access-matrix';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { actor, bearer } from '../helpers/factories';
import { pointsWorld, record, submit, type PointsWorld } from '../helpers/points';

let t: TestApp;
let w: PointsWorld;
const liveRoutes: string[] = [];
const tokens = {} as Record<MatrixRole, Record<string, string>>;

beforeAll(async () => {
  t = await createTestApp();
  w = await pointsWorld(t);
  // One person per role, holding only that role.
  for (const role of MATRIX_ROLES) {
    const a = await actor(t.app, t.handle.db, { roles: [role], branchId: role === 'admin' ? null : w.org.b1, sectionId: role === 'admin' ? null : w.org.s1a, unitId: w.org.unitId });
    tokens[role] = a.h;
  }
  const doc = (await t.app.inject({ url: '/api/docs/json' })).json();
  for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
    for (const method of Object.keys(ops)) if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) liveRoutes.push(`${method.toUpperCase()} ${path}`);
  }
}, 120_000);
afterAll(() => t.close());

describe('access matrix', () => {
  it('lists every live route, and only live routes', () => {
    const table = Object.keys(ACCESS_MATRIX);
    expect(liveRoutes.filter((r) => !table.includes(r)), 'routes missing from server/access-matrix.ts').toEqual([]);
    expect(table.filter((r) => !liveRoutes.includes(r)), 'routes in the table that no longer exist').toEqual([]);
  });

  it('every route behaves as the table says for every role, and 401 without a token', async () => {
    const mismatches: string[] = [];
    let checks = 0;
    // Logout ends the session: it goes last.
    const order = Object.entries(ACCESS_MATRIX).sort(([a], [b]) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')));
    for (const [route, rule] of order) {
      const [method, path] = route.split(' ');
      const url = path.replace(/\{year\}/g, '2026').replace(/\{[^}]+\}/g, '999999');
      const send = (headers: Record<string, string>) =>
        t.app.inject({ method: method as 'GET', url, headers: { ...headers, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) }, ...(method === 'GET' ? {} : { payload: '{}' }) });
      const anon = await send({});
      checks++;
      if (rule === 'public') {
        if (anon.statusCode === 401 || anon.statusCode === 403) mismatches.push(`${route} anonymous: ${anon.statusCode}, table says public`);
        continue;
      }
      if (anon.statusCode !== 401) mismatches.push(`${route} anonymous: ${anon.statusCode}, expected 401`);
      for (const role of MATRIX_ROLES) {
        const expected = rule[role];
        const res = await send(tokens[role]);
        checks++;
        const denied = res.statusCode === 403;
        if (res.statusCode === 401 || res.statusCode >= 500) mismatches.push(`${route} as ${role}: ${res.statusCode}`);
        else if (expected === 'deny' && !denied) mismatches.push(`${route} as ${role}: ${res.statusCode}, table says deny`);
        else if (expected !== 'deny' && denied) mismatches.push(`${route} as ${role}: 403, table says ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
    console.log(`访问控制矩阵：${Object.keys(ACCESS_MATRIX).length} 个接口 × ${MATRIX_ROLES.length} 个角色，${checks} 次检查`);
  }, 180_000);
});

describe('IDOR: another branch, another person', () => {
  it('claims, evidence, archives, summaries and publicity of another branch are not visible', async () => {
    const own = await submit(t, w.cadre, w.items.theory, '2026-10-01');
    await record(t, w.sk, own);
    const pub = await t.app.inject({ method: 'POST', url: '/api/publicity', headers: w.sk.h, payload: { branchId: w.org.b1, year: 2026, month: 10 } });
    expect(pub.statusCode).toBe(201);
    const outsider = w.otherSk.h;
    const colleague = w.cadre2.h;
    const cases: Array<[string, Record<string, string>]> = [
      [`/api/claims/${own}`, outsider], [`/api/claims/${own}`, colleague],
      [`/api/people/${w.cadre.user.id}/archive`, outsider], [`/api/people/${w.cadre.user.id}/archive`, colleague],
      [`/api/people/${w.cadre.user.id}/summary?year=2026`, outsider], [`/api/people/${w.cadre.user.id}/summary?year=2026`, colleague],
      [`/api/publicity/${pub.json().id}`, w.other.h], [`/api/users/${w.cadre.user.id}`, w.other.h],
    ];
    for (const [url, h] of cases) expect((await t.app.inject({ url, headers: h })).statusCode, url).toBe(404);
    for (const [url, verb] of [[`/api/claims/${own}/adjust`, { points: -1, reason: 'x' }], [`/api/claims/${own}/reverse`, { reason: 'x' }]] as const) {
      expect((await t.app.inject({ method: 'POST', url, headers: outsider, payload: verb })).statusCode, url).toBe(404);
    }
    // Lists never leak other branches' rows.
    const list = (await t.app.inject({ url: '/api/claims?limit=500', headers: outsider })).json();
    expect(list.items.every((c: { branchId: number }) => c.branchId === w.org.b2)).toBe(true);
    expect((await t.app.inject({ url: `/api/exports/register?branchId=${w.org.b1}&year=2026&month=10`, headers: outsider })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/exports/publicity/${pub.json().id}`, headers: w.other.h })).statusCode).toBe(404);
    expect(bearer('x')).toBeTruthy();
  });
});
