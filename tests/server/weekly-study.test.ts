import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/client';
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
const put = (url: string, h: Record<string, string>, payload: unknown) => t.app.inject({ method: 'PUT', url, headers: h, payload: payload as object });
const get = (url: string, h: Record<string, string>) => t.app.inject({ url, headers: h });
const yearTotal = async (userId: number) => {
  const [r] = await rows<{ total: number }>(t.handle.db, sql`select total from member_year_totals where user_id = ${userId} and year = 2026`);
  return Number(r?.total ?? 0);
};
const ledgerOf = (ref: string) => rows<{ user_id: number; points: number; kind: string }>(t.handle.db, sql`
  select l.user_id, l.points, l.kind from ledger_entries l join claims c on c.id = l.claim_id where c.source_ref = ${ref} order by l.id`);

async function newSession(body: Record<string, unknown> = {}) {
  const r = await post('/api/weekly/sessions', w.sk.h, { heldOn: '2026-11-16', startTime: '08:30', endTime: '10:00', topic: '学习党的二十届四中全会精神', form: 'leader_led', presenter: '汪部长', invitedUnitIds: [w.org.b1], ...body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

describe('每周一学: plan', () => {
  it('an organizer plans a session; the rule item defaults by form', async () => {
    const s = await newSession({ materials: [{ title: '会议精神原文', url: 'https://www.gov.cn/a.html' }] });
    expect(s).toMatchObject({ status: 'planned', form: 'leader_led', ruleItemId: w.items.theory, ruleItemName: '集中理论学习', points: 2, invitedUnitNames: ['第一党支部'] });
    expect(s.counts.expected).toBeGreaterThanOrEqual(7);
    const expert = await newSession({ form: 'expert', topic: '产业链招商' });
    expect(expert.ruleItemId).toBe(w.items.lecture_hall);
  });

  it('a cadre may not plan; bad input names the field', async () => {
    expect((await post('/api/weekly/sessions', w.cadre.h, { heldOn: '2026-11-16', topic: 'x', form: 'group' })).statusCode).toBe(403);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ heldOn: '2026-02-30', topic: 'x', form: 'group' }, 'heldOn'],
      [{ heldOn: '2026-11-16', topic: '', form: 'group' }, 'topic'],
      [{ heldOn: '2026-11-16', topic: 'x', form: 'lecture' }, 'form'],
      [{ heldOn: '2026-11-16', topic: 'x', form: 'group', startTime: '25:00' }, 'startTime'],
      [{ heldOn: '2026-11-16', topic: 'x', form: 'group', startTime: '10:00', endTime: '09:00' }, 'endTime'],
      [{ heldOn: '2026-11-16', topic: 'x', form: 'group', invitedUnitIds: [999999] }, 'invitedUnitIds'],
      [{ heldOn: '2026-11-16', topic: 'x', form: 'group', ruleItemId: 999999 }, 'ruleItemId'],
      [{ heldOn: '2025-11-16', topic: 'x', form: 'group' }, 'ruleItemId'],
      [{ heldOn: '2026-11-16', topic: 'x', form: 'group', materials: [{ title: 'a', url: 'javascript:alert(1)' }] }, 'materials'],
    ];
    for (const [body, field] of cases) {
      const r = await post('/api/weekly/sessions', w.sk.h, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().message).toContain(field);
    }
  });
});

describe('每周一学: attendance and closing', () => {
  it('bulk marking, then closing credits each attendee once; totals match the ledger', async () => {
    const s = await newSession();
    const before = { cadre: await yearTotal(w.cadre.user.id), cadre2: await yearTotal(w.cadre2.user.id), branch: await yearTotal(w.branch.user.id) };
    const m = await put(`/api/weekly/sessions/${s.id}/attendance`, w.sk.h, { entries: [
      { userId: w.cadre.user.id, status: 'attended' }, { userId: w.cadre2.user.id, status: 'leave', note: '外出培训' }, { userId: w.branch.user.id, status: 'attended' },
    ] });
    expect(m.statusCode, m.body).toBe(200);
    expect(m.json().attendance.find((a: { userId: number }) => a.userId === w.cadre2.user.id)).toMatchObject({ status: 'leave', note: '外出培训', points: null });
    const c = await post(`/api/weekly/sessions/${s.id}/close`, w.sk2.h);
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ credited: 2, reversed: 0, restored: 0, session: { status: 'closed', closings: 1 } });
    expect(c.json().session.counts.unmarked).toBe(0);
    expect(await yearTotal(w.cadre.user.id)).toBe(before.cadre + 2);
    expect(await yearTotal(w.cadre2.user.id)).toBe(before.cadre2);
    expect(await yearTotal(w.branch.user.id)).toBe(before.branch + 2);
    // The attendee sees it as a recorded claim from the session, no self-report.
    const mine = (await get('/api/claims?source=study_session', w.cadre.h)).json();
    expect(mine.items.find((x: { sourceRef: string }) => x.sourceRef === `session:${s.id}`)).toMatchObject({ status: 'recorded', recordedPoints: 2, ruleItemId: w.items.theory });
    // Unmarked invitees became absent.
    const d = (await get(`/api/weekly/sessions/${s.id}`, w.cadre.h)).json();
    expect(d.attendance.find((a: { userId: number }) => a.userId === w.leader.user.id)).toMatchObject({ status: 'absent' });
    expect(d.attendance.find((a: { userId: number }) => a.userId === w.cadre.user.id)).toMatchObject({ status: 'attended', points: 2 });
    // Closed: marking is refused until reopened; closing again is 409.
    expect((await put(`/api/weekly/sessions/${s.id}/attendance`, w.sk.h, { entries: [{ userId: w.cadre2.user.id, status: 'attended' }] })).statusCode).toBe(409);
    expect((await post(`/api/weekly/sessions/${s.id}/close`, w.sk.h)).json().code).toBe('SESSION_CLOSED');
    await expectAggregatesMatchLedger(t.handle.db, 2026);
  });

  it('reopen and correct: reversing and restoring entries, never edits', async () => {
    const s = await newSession();
    await put(`/api/weekly/sessions/${s.id}/attendance`, w.sk.h, { entries: [{ userId: w.cadre.user.id, status: 'attended' }, { userId: w.cadre2.user.id, status: 'absent' }] });
    await post(`/api/weekly/sessions/${s.id}/close`, w.sk.h);
    const t0 = { cadre: await yearTotal(w.cadre.user.id), cadre2: await yearTotal(w.cadre2.user.id) };
    expect((await post(`/api/weekly/sessions/${s.id}/reopen`, w.sk.h, { reason: '' })).statusCode).toBe(400);
    expect((await post(`/api/weekly/sessions/${s.id}/reopen`, w.sk.h, { reason: '考勤登记有误' })).statusCode).toBe(200);
    expect((await post(`/api/weekly/sessions/${s.id}/reopen`, w.sk.h, { reason: '再来' })).json().code).toBe('SESSION_NOT_CLOSED');
    await put(`/api/weekly/sessions/${s.id}/attendance`, w.sk.h, { entries: [{ userId: w.cadre.user.id, status: 'leave' }, { userId: w.cadre2.user.id, status: 'attended' }] });
    const c2 = (await post(`/api/weekly/sessions/${s.id}/close`, w.sk.h)).json();
    expect(c2).toMatchObject({ credited: 1, reversed: 1, restored: 0 });
    expect(await yearTotal(w.cadre.user.id)).toBe(t0.cadre - 2);
    expect(await yearTotal(w.cadre2.user.id)).toBe(t0.cadre2 + 2);
    // Back again: the reversed claim is restored by an adjustment entry.
    await post(`/api/weekly/sessions/${s.id}/reopen`, w.sk.h, { reason: '请假记录有误' });
    await put(`/api/weekly/sessions/${s.id}/attendance`, w.sk.h, { entries: [{ userId: w.cadre.user.id, status: 'attended' }] });
    expect((await post(`/api/weekly/sessions/${s.id}/close`, w.sk.h)).json()).toMatchObject({ credited: 0, reversed: 0, restored: 1 });
    const led = await ledgerOf(`session:${s.id}`);
    expect(led.filter((l) => l.user_id === w.cadre.user.id).map((l) => [l.kind, l.points])).toEqual([['record', 2], ['reversal', -2], ['adjustment', 2]]);
    expect(led.filter((l) => l.user_id === w.cadre2.user.id).map((l) => [l.kind, l.points])).toEqual([['record', 2]]);
    await expectAggregatesMatchLedger(t.handle.db, 2026);
  });

  it('nobody marks their own attendance; cadres may not mark; a future session cannot be closed', async () => {
    const s = await newSession();
    const self = await put(`/api/weekly/sessions/${s.id}/attendance`, w.sk.h, { entries: [{ userId: w.sk.user.id, status: 'attended' }] });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('SELF_ATTENDANCE');
    expect((await put(`/api/weekly/sessions/${s.id}/attendance`, w.cadre.h, { entries: [{ userId: w.cadre2.user.id, status: 'attended' }] })).statusCode).toBe(403);
    const bad = await put(`/api/weekly/sessions/${s.id}/attendance`, w.sk.h, { entries: [{ userId: w.cadre.user.id, status: 'present' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('status');
    const ghost = await put(`/api/weekly/sessions/${s.id}/attendance`, w.sk.h, { entries: [{ userId: 999999, status: 'attended' }] });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().message).toContain('entries.0.userId');
    const future = await newSession({ heldOn: '2026-11-27' });
    expect((await post(`/api/weekly/sessions/${future.id}/close`, w.sk.h)).json().code).toBe('SESSION_NOT_HELD');
    expect((await get('/api/weekly/sessions/999999', w.cadre.h)).statusCode).toBe(404);
  });

  it('closing twice at once: one 200, one 409, no double points', async () => {
    for (let i = 0; i < 5; i++) {
      const s = await newSession();
      await put(`/api/weekly/sessions/${s.id}/attendance`, w.sk.h, { entries: [{ userId: w.cadre.user.id, status: 'attended' }, { userId: w.cadre2.user.id, status: 'attended' }] });
      const before = await yearTotal(w.cadre2.user.id);
      const rs = await Promise.all([post(`/api/weekly/sessions/${s.id}/close`, w.sk.h), post(`/api/weekly/sessions/${s.id}/close`, w.sk2.h)]);
      expect(rs.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect((await ledgerOf(`session:${s.id}`)).length).toBe(2);
      expect(await yearTotal(w.cadre2.user.id)).toBe(before + 2);
    }
    await expectAggregatesMatchLedger(t.handle.db, 2026);
  });

  it('a session in an approved quarter cannot credit points: 409 and nothing changes', async () => {
    // A quarter approval row is what the claims service checks; inserted directly to keep this test short.
    await t.handle.db.execute(sql`insert into approvals (branch_id, year, quarter, approved_by, approved_at) values (${w.org.b1}, 2026, 1, ${w.branch.user.id}, now())`);
    const s = await newSession({ heldOn: '2026-03-10' });
    await put(`/api/weekly/sessions/${s.id}/attendance`, w.sk.h, { entries: [{ userId: w.cadre.user.id, status: 'attended' }] });
    const r = await post(`/api/weekly/sessions/${s.id}/close`, w.sk.h);
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('QUARTER_APPROVED');
    expect((await get(`/api/weekly/sessions/${s.id}`, w.sk.h)).json().status).toBe('planned');
  });
});

describe('每周一学: stats', () => {
  it('counts sessions held this year and attendance per section and person', async () => {
    const r = await get('/api/weekly/study/stats?year=2026', w.leader.h);
    expect(r.statusCode).toBe(200);
    const s = r.json();
    expect(s.sessionsHeld).toBeGreaterThanOrEqual(7);
    expect(s.sessionsPlanned).toBeGreaterThanOrEqual(1);
    const zw = s.byPerson.find((p: { userId: number }) => p.userId === w.cadre.user.id);
    expect(zw.attended).toBeGreaterThanOrEqual(3);
    expect(zw.rate).toBeGreaterThan(0);
    expect(zw.rate).toBeLessThanOrEqual(1);
    const sec = s.bySection.find((x: { sectionId: number }) => x.sectionId === w.org.s1a);
    expect(sec.name).toBe('组织科');
    expect(sec.expected).toBe(sec.attended + sec.leave + sec.absent);
    expect(s.overall.expected).toBe(s.bySection.reduce((a: number, b: { expected: number }) => a + b.expected, 0));
  });

  it('deleting: only a never-closed session', async () => {
    const s = await newSession();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/weekly/sessions/${s.id}`, headers: w.sk.h })).statusCode).toBe(200);
    const closed = (await get('/api/weekly/sessions?status=closed&year=2026', w.sk.h)).json().items[0];
    expect((await t.app.inject({ method: 'DELETE', url: `/api/weekly/sessions/${closed.id}`, headers: w.sk.h })).statusCode).toBe(409);
  });
});

describe('信息素材', () => {
  it('drafts a bulletin paragraph with the year’s count and a session’s facts', async () => {
    const r = await get('/api/weekly/material?kind=study_summary&year=2026', w.cadre.h);
    expect(r.statusCode, r.body).toBe(200);
    const m = r.json();
    const held = (await get('/api/weekly/study/stats?year=2026', w.cadre.h)).json().sessionsHeld;
    expect(m.paragraph).toContain(`已开展“每周一学”活动${held}场次`);
    expect(m.facts.sessionsHeld).toBe(held);
    expect(m.attribution).toBe('（测试县委组织部）');
    const closed = (await get('/api/weekly/sessions?status=closed&year=2026', w.sk.h)).json().items[0];
    const s = (await get(`/api/weekly/material?kind=session&id=${closed.id}`, w.cadre.h)).json();
    expect(s.paragraph).toContain('11月16日');
    expect(s.paragraph).toContain(`实到${closed.counts.attended}人`);
    expect(s.source).toEqual({ kind: 'session', id: closed.id, url: `/weekly/study/${closed.id}` });
    expect((await get('/api/weekly/material?kind=session', w.cadre.h)).json().message).toContain('id');
    expect((await get('/api/weekly/material?kind=nope', w.cadre.h)).statusCode).toBe(400);
    expect((await get('/api/weekly/material?kind=session&id=999999', w.cadre.h)).statusCode).toBe(404);
  });
});
