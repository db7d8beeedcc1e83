import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/client';
import { users } from '../../db/schema';
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
type Slot = { id: number; weekOf: string; sectionId: number | null; lecturerId: number | null; status: string; lecturerName: string | null };
const plan = (r: { items: Slot[] }) => r.items.filter((s) => s.weekOf >= '2026-11-23').map((s) => [s.weekOf, s.status, s.lecturerId]);
const yearTotal = async (userId: number) => {
  const [r] = await rows<{ total: number }>(t.handle.db, sql`select total from member_year_totals where user_id = ${userId} and year = 2026`);
  return Number(r?.total ?? 0);
};

describe('每周一讲: rotation 组室轮流，一人一讲', () => {
  it('generates N weeks: sections in turn, least-lectured first, holidays kept as skipped', async () => {
    const r = await post('/api/weekly/rotation/generate', w.sk.h, { weeks: 6, holidays: ['2026-12-09'] });
    expect(r.statusCode, r.body).toBe(200);
    // Test org sections in order: 组织科 (张伟, 吴晓燕, 石书记, 汪部长), 干部科 (李娜, 计分员二, 储委员), 人才科 (二支部党员, 二支部计分员).
    expect(plan(r.json())).toEqual([
      ['2026-11-23', 'planned', w.cadre.user.id],
      ['2026-11-30', 'planned', w.cadre2.user.id],
      ['2026-12-07', 'skipped', null],
      ['2026-12-14', 'planned', w.other.user.id],
      ['2026-12-21', 'planned', w.sk.user.id],
      ['2026-12-28', 'planned', w.sk2.user.id],
    ]);
    // Each person sees when their turn comes.
    const mine = (await get('/api/weekly/rotation', w.cadre.h)).json();
    expect(mine.myNext).toMatchObject({ weekOf: '2026-11-23', sectionName: '组织科', lecturerName: '张伟' });
  });

  it('refuses cadres and bad input, naming the field', async () => {
    expect((await post('/api/weekly/rotation/generate', w.cadre.h, { weeks: 4 })).statusCode).toBe(403);
    const bad = await post('/api/weekly/rotation/generate', w.sk.h, { weeks: 4, holidays: ['2026-13-01'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('holidays');
    const past = await post('/api/weekly/rotation/generate', w.sk.h, { weeks: 4, from: '2026-10-01' });
    expect(past.statusCode).toBe(400);
    expect(past.json().message).toContain('from');
    expect((await post('/api/weekly/rotation/generate', w.sk.h, { weeks: 0 })).json().message).toContain('weeks');
    expect((await post('/api/weekly/rotation/generate', w.sk.h, { weeks: 2, sectionIds: [999999] })).json().message).toContain('sectionIds');
  });

  it('swaps two weeks; a skipped week cannot be swapped', async () => {
    const r0 = (await get('/api/weekly/rotation', w.sk.h)).json();
    const a = r0.items.find((s: Slot) => s.weekOf === '2026-11-30');
    const b = r0.items.find((s: Slot) => s.weekOf === '2026-12-14');
    const hol = r0.items.find((s: Slot) => s.weekOf === '2026-12-07');
    const r = await post(`/api/weekly/rotation/${a.id}/swap`, w.sk.h, { otherId: b.id });
    expect(r.statusCode, r.body).toBe(200);
    expect(plan(r.json()).slice(1, 4)).toEqual([['2026-11-30', 'planned', w.other.user.id], ['2026-12-07', 'skipped', null], ['2026-12-14', 'planned', w.cadre2.user.id]]);
    expect((await post(`/api/weekly/rotation/${a.id}/swap`, w.sk.h, { otherId: hol.id })).json().code).toBe('SLOT_FIXED');
    expect((await post(`/api/weekly/rotation/${a.id}/swap`, w.cadre.h, { otherId: b.id })).statusCode).toBe(403);
  });

  it('skipping a week (holiday) moves each later turn one week on', async () => {
    const r0 = (await get('/api/weekly/rotation', w.sk.h)).json();
    const a = r0.items.find((s: Slot) => s.weekOf === '2026-11-30');
    const r = await post(`/api/weekly/rotation/${a.id}/skip`, w.sk.h, { reason: '国庆调休' });
    expect(r.statusCode, r.body).toBe(200);
    expect(plan(r.json())).toEqual([
      ['2026-11-23', 'planned', w.cadre.user.id],
      ['2026-11-30', 'skipped', null],
      ['2026-12-07', 'skipped', null],
      ['2026-12-14', 'planned', w.other.user.id],
      ['2026-12-21', 'planned', w.cadre2.user.id],
      ['2026-12-28', 'planned', w.sk.user.id],
      ['2027-01-04', 'planned', w.sk2.user.id],
    ]);
  });

  it('people who left are skipped when the plan is generated again', async () => {
    await t.handle.db.update(users).set({ active: false }).where(eq(users.id, w.cadre2.user.id));
    const r = (await post('/api/weekly/rotation/generate', w.sk.h, { weeks: 6 })).json();
    const ids = plan(r).map((p) => p[2]);
    expect(ids).not.toContain(w.cadre2.user.id);
    expect(ids).toContain(w.sk2.user.id);
    await t.handle.db.update(users).set({ active: true }).where(eq(users.id, w.cadre2.user.id));
  });
});

describe('每周一讲: lecture, 点评, reflections and points', () => {
  let lectureId: number;
  it('an organizer records a lecture; confirming it credits the lecturer once (经济微课堂授课)', async () => {
    const before = await yearTotal(w.cadre.user.id);
    const c = await post('/api/weekly/lectures', w.sk.h, { lecturerId: w.cadre.user.id, heldOn: '2026-11-18', topic: '发展党员工作流程', outline: '一、政策依据\n二、25 个步骤' });
    expect(c.statusCode, c.body).toBe(201);
    lectureId = c.json().id;
    expect(c.json()).toMatchObject({ status: 'planned', lecturerName: '张伟', sectionName: '组织科' });
    expect((await post(`/api/weekly/lectures/${lectureId}/give`, w.cadre.h)).statusCode).toBe(403);
    const rs = await Promise.all([post(`/api/weekly/lectures/${lectureId}/give`, w.sk.h), post(`/api/weekly/lectures/${lectureId}/give`, w.sk2.h)]);
    expect(rs.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await yearTotal(w.cadre.user.id)).toBe(before + 5);
    const claims = (await get('/api/claims?source=lecture', w.cadre.h)).json().items;
    expect(claims).toEqual([expect.objectContaining({ sourceRef: `lecture:${lectureId}`, status: 'recorded', recordedPoints: 5, ruleItemId: w.items.micro_lecture })]);
  });

  it('nobody confirms their own lecture; a lecture not yet held cannot be confirmed', async () => {
    const own = (await post('/api/weekly/lectures', w.sk2.h, { lecturerId: w.sk.user.id, heldOn: '2026-11-17', topic: '积分管理办法解读' })).json();
    const self = await post(`/api/weekly/lectures/${own.id}/give`, w.sk.h);
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('SELF_CREDIT');
    const future = (await post('/api/weekly/lectures', w.sk.h, { lecturerId: w.cadre2.user.id, heldOn: '2026-11-25', topic: '干部档案审核' })).json();
    expect((await post(`/api/weekly/lectures/${future.id}/give`, w.sk.h)).json().code).toBe('LECTURE_NOT_HELD');
    // Only an organizer or the lecturer records a lecture.
    expect((await post('/api/weekly/lectures', w.cadre2.h, { lecturerId: w.cadre.user.id, heldOn: '2026-11-17', topic: 'x' })).statusCode).toBe(403);
    const noLecturer = await post('/api/weekly/lectures', w.sk.h, { heldOn: '2026-11-17', topic: 'x' });
    expect(noLecturer.statusCode).toBe(400);
    expect(noLecturer.json().message).toContain('lecturerId');
  });

  it('a leader comments once; others and the lecturer may not', async () => {
    expect((await post(`/api/weekly/lectures/${lectureId}/comment`, w.sk.h, { text: '讲得好' })).statusCode).toBe(403);
    const r = await post(`/api/weekly/lectures/${lectureId}/comment`, w.leader.h, { text: '讲解细致，流程清楚，建议补充典型案例。' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ comment: '讲解细致，流程清楚，建议补充典型案例。', commentByName: '汪部长' });
    expect((await post(`/api/weekly/lectures/${lectureId}/comment`, w.leader.h, { text: '再评' })).json().code).toBe('ALREADY_COMMENTED');
    expect((await post(`/api/weekly/lectures/${lectureId}/comment`, w.leader.h, { text: '' })).json().message).toContain('text');
  });

  it('three colleagues reflect, each their own; the fourth and the lecturer are refused', async () => {
    expect((await post(`/api/weekly/lectures/${lectureId}/reflections`, w.cadre.h, { text: '自己讲自己' })).json().code).toBe('SELF_REFLECTION');
    for (const who of [w.cadre2, w.branch, w.branch2]) {
      const r = await post(`/api/weekly/lectures/${lectureId}/reflections`, who.h, { text: `${who.user.name}：结合本职工作，收获很大。` });
      expect(r.statusCode, r.body).toBe(200);
    }
    expect((await post(`/api/weekly/lectures/${lectureId}/reflections`, w.cadre2.h, { text: '再写一次' })).json().code).toBe('REFLECTION_EXISTS');
    expect((await post(`/api/weekly/lectures/${lectureId}/reflections`, w.leader.h, { text: '第四人' })).json().code).toBe('REFLECTIONS_FULL');
    const l = (await get(`/api/weekly/lectures/${lectureId}`, w.cadre.h)).json();
    expect(l.reflections.map((r: { authorName: string }) => r.authorName)).toEqual(['李娜', '石书记', '储委员']);
  });

  it('a scorekeeper credits a reflection as 学习心得 once, never their own', async () => {
    const l = (await get(`/api/weekly/lectures/${lectureId}`, w.cadre.h)).json();
    const r1 = l.reflections[0];
    const before = await yearTotal(w.cadre2.user.id);
    expect((await post(`/api/weekly/reflections/${r1.id}/credit`, w.cadre.h)).statusCode).toBe(403);
    const c = await post(`/api/weekly/reflections/${r1.id}/credit`, w.sk.h);
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().reflections[0]).toMatchObject({ credited: true });
    expect(await yearTotal(w.cadre2.user.id)).toBe(before + 3);
    expect((await post(`/api/weekly/reflections/${r1.id}/credit`, w.sk2.h)).json().code).toBe('ALREADY_CREDITED');
    // A scorekeeper's own reflection goes to another scorekeeper.
    const other = (await post('/api/weekly/lectures', w.sk2.h, { lecturerId: w.cadre2.user.id, heldOn: '2026-11-19', topic: '干部人事档案' })).json();
    await post(`/api/weekly/lectures/${other.id}/give`, w.sk2.h);
    const mine = (await post(`/api/weekly/lectures/${other.id}/reflections`, w.sk.h, { text: '档案工作要细之又细。' })).json().reflections[0];
    expect((await post(`/api/weekly/reflections/${mine.id}/credit`, w.sk.h)).json().code).toBe('SELF_DECISION');
    expect((await post(`/api/weekly/reflections/${mine.id}/credit`, w.sk2.h)).statusCode).toBe(200);
  });

  it('the points show in rankings and agree with the ledger', async () => {
    const r = (await get('/api/rankings?year=2026&by=person', w.leader.h)).json();
    const zw = r.items.find((i: { id: number }) => i.id === w.cadre.user.id);
    expect(zw.task).toBeGreaterThanOrEqual(5);
    await expectAggregatesMatchLedger(t.handle.db, 2026);
  });

  it('a lecture on the rotation: the lecturer records it, the slot is done once confirmed', async () => {
    const slot = (await get('/api/weekly/rotation', w.cadre.h)).json().myNext;
    const c = await post('/api/weekly/lectures', w.cadre.h, { slotId: slot.id, heldOn: slot.weekOf, topic: '基层党组织换届' });
    expect(c.statusCode, c.body).toBe(201);
    expect((await post('/api/weekly/lectures', w.sk.h, { slotId: slot.id, heldOn: slot.weekOf, topic: '重复' })).json().code).toBe('LECTURE_EXISTS');
    t.clock.set('2026-11-24T02:00:00Z');
    expect((await post(`/api/weekly/lectures/${c.json().id}/give`, w.sk.h)).statusCode).toBe(200);
    const rot = (await get('/api/weekly/rotation', w.cadre.h)).json();
    expect(rot.items.find((s: Slot) => s.id === slot.id)).toMatchObject({ status: 'done', lectureId: c.json().id });
    expect(rot.counts.find((x: { userId: number }) => x.userId === w.cadre.user.id).given).toBe(2);
    t.clock.set('2026-11-20T02:00:00Z');
  });

  it('信息素材 for a lecture names the lecturer, section, comment and reflections', async () => {
    const m = (await get(`/api/weekly/material?kind=lecture&id=${lectureId}`, w.cadre.h)).json();
    expect(m.paragraph).toContain('组织科张伟');
    expect(m.paragraph).toContain('讲解细致');
    expect(m.paragraph).toContain('李娜、石书记、储委员3名干部');
    expect(m.facts.lecturer).toBe('张伟');
  });
});
