import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/client';
import { xlsx as makeXlsx } from '../helpers/xlsx';
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
const xlsx = (rows: unknown[][]) => makeXlsx(rows, '题库');
function upload(h: Record<string, string>, buf: Buffer) {
  const b = '----q' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="q.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`), buf, Buffer.from(`\r\n--${b}--\r\n`)]);
  return t.app.inject({ method: 'POST', url: '/api/weekly/quiz/questions/import', headers: { ...h, 'content-type': `multipart/form-data; boundary=${b}` }, payload });
}
const HEADER = ['题库', '题型', '题干', '选项A', '选项B', '选项C', '选项D', '答案', '解析'];
const yearTotal = async (userId: number) => Number((await rows<{ total: number }>(t.handle.db, sql`select total from member_year_totals where user_id = ${userId} and year = 2026`))[0]?.total ?? 0);

describe('业务知识测试', () => {
  let quizId: number;
  let ids: number[];
  it('imports a question bank from Excel; a malformed row is named', async () => {
    const good = await xlsx([
      HEADER,
      ['组织工作条例', '单选', '《中国共产党组织工作条例》于哪一年发布？', '2019', '2020', '2021', '2022', 'C', '2021 年 6 月发布'],
      ['组织工作条例', '多选', '组织工作的基本原则包括？', '坚持党管干部', '坚持民主集中制', '坚持任人唯亲', '坚持从严管理', 'ABD', ''],
      ['组织工作条例', '判断', '发展党员须经过支部大会讨论。', '', '', '', '', '对', ''],
      ['组织工作条例', '判断', '预备党员的预备期为半年。', '', '', '', '', '错', '预备期为一年'],
    ]);
    const r = await upload(w.sk.h, good);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toEqual({ questions: 4, banks: ['组织工作条例'] });
    expect((await upload(w.sk.h, good)).json().questions).toBe(0); // same bank and stem: not twice
    const bad: Array<[unknown[][], string[]]> = [
      [[HEADER, ['组织工作条例', '填空', '题', '', '', '', '', 'A', '']], ['第 2 行', '题型', 'B2']],
      [[HEADER, ['组织工作条例', '单选', '题2', '甲', '乙', '', '', 'E', '']], ['第 2 行', '答案', 'H2']],
      [[HEADER, ['组织工作条例', '单选', '题3', '甲', '乙', '', '', 'AB', '']], ['单选题只能有一个答案']],
      [[HEADER, ['组织工作条例', '判断', '题4', '', '', '', '', '也许', '']], ['判断题']],
      [[['题库', '题干'], ['a', 'b']], ['表头', '题型']],
    ];
    for (const [rowsIn, words] of bad) {
      const res = await upload(w.sk.h, await xlsx(rowsIn));
      expect(res.statusCode, res.body).toBe(400);
      for (const word of words) expect(res.json().message).toContain(word);
    }
    expect((await upload(w.cadre.h, good)).statusCode).toBe(403);
    expect((await get('/api/weekly/quiz/banks', w.sk.h)).json().items).toEqual([{ bank: '组织工作条例', single: 1, multiple: 1, judge: 2, total: 4 }]);
  });

  it('an organizer schedules a timed test with a pass mark and the rule item a pass credits', async () => {
    const bad = await post('/api/weekly/quizzes', w.sk.h, { title: 't', bank: '不存在', closesAt: '2026-11-27T10:00:00Z', timeLimitMinutes: 20, passMark: 60 });
    expect(bad.json().message).toContain('bank');
    const r = await post('/api/weekly/quizzes', w.sk.h, { title: '组织工作条例测试', bank: '组织工作条例', closesAt: '2026-11-27T10:00:00Z', timeLimitMinutes: 20, passMark: 75, ruleItemId: w.items.training });
    expect(r.statusCode, r.body).toBe(201);
    quizId = r.json().id;
    expect(r.json()).toMatchObject({ state: 'open', questions: 4, passMark: 75, ruleItemName: '参加专题培训班', mine: null });
  });

  it('a cadre takes it: answers graded, a pass credits once; answers hidden until the test closes', async () => {
    const a = await post(`/api/weekly/quizzes/${quizId}/start`, w.cadre.h);
    expect(a.statusCode, a.body).toBe(200);
    ids = a.json().questions.map((q: { id: number }) => q.id);
    expect(a.json().questions[0]).not.toHaveProperty('answer');
    expect(a.json().deadline).toBe('2026-11-20T02:20:00.000Z');
    expect((await post(`/api/weekly/quizzes/${quizId}/start`, w.cadre.h)).json().deadline).toBe('2026-11-20T02:20:00.000Z');
    expect((await post(`/api/weekly/quizzes/${quizId}/submit`, w.cadre.h, { answers: { 999999: [0] } })).json().message).toContain('answers.999999');
    expect((await post(`/api/weekly/quizzes/${quizId}/submit`, w.cadre.h, { answers: { [ids[0]]: [0, 1] } })).json().message).toContain(`answers.${ids[0]}`);
    const before = await yearTotal(w.cadre.user.id);
    const answers = { [ids[0]]: [2], [ids[1]]: [3, 0, 1], [ids[2]]: [0], [ids[3]]: [0] };
    const rs = await Promise.all([post(`/api/weekly/quizzes/${quizId}/submit`, w.cadre.h, { answers }), post(`/api/weekly/quizzes/${quizId}/submit`, w.cadre.h, { answers })]);
    expect(rs.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const ok = rs.find((r) => r.statusCode === 200)!.json();
    expect(ok).toMatchObject({ score: 75, correct: 3, total: 4, passed: true, credited: true, key: null });
    expect(await yearTotal(w.cadre.user.id)).toBe(before + 5);
    expect((await post(`/api/weekly/quizzes/${quizId}/start`, w.cadre.h)).json().code).toBe('ALREADY_SUBMITTED');
    // A fail credits nothing.
    await post(`/api/weekly/quizzes/${quizId}/start`, w.cadre2.h);
    const fail = (await post(`/api/weekly/quizzes/${quizId}/submit`, w.cadre2.h, { answers: { [ids[0]]: [1] } })).json();
    expect(fail).toMatchObject({ score: 0, passed: false, credited: false });
    // The organizer may not take their own test; too late is refused.
    expect((await post(`/api/weekly/quizzes/${quizId}/start`, w.sk.h)).json().code).toBe('OWN_QUIZ');
    await post(`/api/weekly/quizzes/${quizId}/start`, w.branch.h);
    t.clock.set('2026-11-20T02:25:00Z');
    expect((await post(`/api/weekly/quizzes/${quizId}/submit`, w.branch.h, { answers: {} })).json().code).toBe('TIME_UP');
    t.clock.set('2026-11-20T02:00:00Z');
    const claims = (await get('/api/claims?source=quiz', w.cadre.h)).json().items;
    expect(claims).toEqual([expect.objectContaining({ sourceRef: `quiz:${quizId}`, status: 'recorded', recordedPoints: 5 })]);
    await expectAggregatesMatchLedger(t.handle.db, 2026);
  });

  it('after closing, each person sees the correct answers; the organizer sees average, pass rate, hardest questions', async () => {
    t.clock.set('2026-11-28T02:00:00Z');
    const r = (await get(`/api/weekly/quizzes/${quizId}/result`, w.cadre.h)).json();
    expect(r.key).toHaveLength(4);
    expect(r.key[1]).toMatchObject({ answer: [0, 1, 3], chosen: [3, 0, 1], correct: true });
    expect(r.key[3]).toMatchObject({ answer: [1], correct: false, explanation: '预备期为一年' });
    expect((await post(`/api/weekly/quizzes/${quizId}/start`, w.leader.h)).json().code).toBe('QUIZ_NOT_OPEN');
    expect((await get(`/api/weekly/quizzes/${quizId}/stats`, w.cadre.h)).statusCode).toBe(403);
    const s = (await get(`/api/weekly/quizzes/${quizId}/stats`, w.sk2.h)).json();
    expect(s).toMatchObject({ submitted: 2, average: 37.5, passRate: 0.5 });
    expect(s.hardest[0].correctRate).toBe(0);
    expect(s.people.map((p: { name: string }) => p.name)).toContain('张伟');
    t.clock.set('2026-11-20T02:00:00Z');
  });
});
