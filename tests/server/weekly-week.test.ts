import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { pointsWorld, type PointsWorld } from '../helpers/points';
import { expectAggregatesMatchLedger } from '../helpers/recompute';

let t: TestApp;
let w: PointsWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await pointsWorld(t);
});
afterAll(() => t.close());

const post = (url: string, h: Record<string, string>, payload: unknown = {}) => t.app.inject({ method: 'POST', url, headers: h, payload: payload as object });
const get = (url: string, h: Record<string, string>) => t.app.inject({ url, headers: h });

describe('本周 and the week’s bulletin material', () => {
  it('puts the week together: sessions, lecture, reports and comments, points, who has not reported', async () => {
    const s = (await post('/api/weekly/sessions', w.sk.h, { heldOn: '2026-11-17', topic: '学习全会精神', form: 'group', invitedUnitIds: [w.org.s1a] })).json();
    await t.app.inject({ method: 'PUT', url: `/api/weekly/sessions/${s.id}/attendance`, headers: w.sk.h, payload: { entries: [{ userId: w.cadre.user.id, status: 'attended' }, { userId: w.leader.user.id, status: 'attended' }, { userId: w.branch.user.id, status: 'leave' }] } });
    expect((await post(`/api/weekly/sessions/${s.id}/close`, w.sk2.h)).statusCode).toBe(200);
    const l = (await post('/api/weekly/lectures', w.sk.h, { lecturerId: w.cadre2.user.id, heldOn: '2026-11-18', topic: '干部档案审核' })).json();
    await post(`/api/weekly/lectures/${l.id}/give`, w.sk.h);
    await post(`/api/weekly/lectures/${l.id}/comment`, w.leader.h, { text: '讲得实在。' });
    const a = (await post('/api/weekly/tasks', w.leader.h, { category: '基层党建', title: '换届风气监督', sectionId: w.org.s1a, ownerId: w.cadre.user.id })).json();
    await post('/api/weekly/tasks', w.leader.h, { category: '人才工作', title: '人才驿站', sectionId: w.org.s2a, ownerId: w.other.user.id });
    const rep = (await post(`/api/weekly/tasks/${a.id}/reports`, w.cadre.h, { status: 'on_track', percent: 50, text: '已完成调研' })).json();
    await post(`/api/weekly/reports/${rep.id}/comment`, w.leader.h, { text: '抓紧推进。' });

    const r = await get('/api/weekly/week?date=2026-11-19', w.cadre.h);
    expect(r.statusCode, r.body).toBe(200);
    const wk = r.json();
    expect(wk).toMatchObject({ weekOf: '2026-11-16', weekEnd: '2026-11-22' });
    expect(wk.sessions.map((x: { id: number }) => x.id)).toEqual([s.id]);
    expect(wk.lectures.map((x: { topic: string }) => x.topic)).toEqual(['干部档案审核']);
    expect(wk.reports).toEqual([expect.objectContaining({ taskTitle: '换届风气监督', comment: '抓紧推进。' })]);
    expect(wk.notReported.map((x: { taskTitle: string }) => x.taskTitle)).toEqual(['人才驿站']);
    expect(wk.points.bySource).toEqual([{ source: 'lecture', claims: 1, points: 5 }, { source: 'study_session', claims: 2, points: 4 }]);
    expect(wk.points.points).toBe(9);
    const other = (await get('/api/weekly/week?date=2026-11-09', w.cadre.h)).json();
    expect(other.sessions).toEqual([]);
    expect((await get('/api/weekly/week?date=2026-11-31', w.cadre.h)).statusCode).toBe(400);

    const m = (await get('/api/weekly/material?kind=week&date=2026-11-19', w.cadre.h)).json();
    expect(m.paragraph).toContain('11月16日至11月22日');
    expect(m.paragraph).toContain('开展“每周一学”1场次');
    expect(m.paragraph).toContain('参学2人次');
    expect(m.paragraph).toContain('李娜讲授“干部档案审核”');
    expect(m.paragraph).toContain('汇报重点任务进展1项，部领导点评1条');
    expect(m.facts).toMatchObject({ sessions: 1, attendance: 2, reports: 1, points: 9 });
    await expectAggregatesMatchLedger(t.handle.db, 2026);
  });

  it('every weekly route is documented with per-status responses', async () => {
    const doc = (await get('/api/docs/json', w.admin.h)).json();
    const paths = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>).filter(([p]) => p.startsWith('/api/weekly'));
    expect(paths.length).toBeGreaterThanOrEqual(20);
    for (const [p, ops] of paths) {
      for (const [method, op] of Object.entries(ops)) {
        const codes = Object.keys(op.responses);
        expect(codes.some((c) => c.startsWith('2')), `${method} ${p}`).toBe(true);
        expect(codes, `${method} ${p}`).toContain('401');
      }
    }
    expect(doc.paths['/api/weekly/material'].get.responses['200']).toBeTruthy();
  });
});
