import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsx as makeXlsx } from '../helpers/xlsx';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { pointsWorld, type PointsWorld } from '../helpers/points';

let t: TestApp;
let w: PointsWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await pointsWorld(t);
});
afterAll(() => t.close());

const post = (url: string, h: Record<string, string>, payload: unknown = {}) => t.app.inject({ method: 'POST', url, headers: h, payload: payload as object });
const get = (url: string, h: Record<string, string>) => t.app.inject({ url, headers: h });

const xlsx = (rows: unknown[][]) => makeXlsx(rows, '重点任务');
function upload(h: Record<string, string>, buf: Buffer, filename = '重点任务.xlsx') {
  const boundary = '----wk' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(filename)}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
    buf, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({ method: 'POST', url: '/api/weekly/tasks/import?year=2026', headers: { ...h, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
}
const HEADER = ['类别', '任务', '目标', '责任科室', '责任人', '节点'];

describe('重点任务清单', () => {
  it('a leader adds a task; cadres may not; bad input names the field; titles are unique per year', async () => {
    const body = { category: '基层党建', title: '软弱涣散党组织整顿', goal: '年底前全部转化', sectionId: w.org.s1a, ownerId: w.cadre.user.id, milestones: [{ title: '排查摸底', dueOn: '2026-11-10' }, { title: '整顿验收', dueOn: '2026-12-20' }] };
    const r = await post('/api/weekly/tasks', w.leader.h, body);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ category: '基层党建', sectionName: '组织科', ownerName: '张伟', light: 'red', percent: 0, latest: null });
    expect((await post('/api/weekly/tasks', w.cadre.h, body)).statusCode).toBe(403);
    expect((await post('/api/weekly/tasks', w.leader.h, body)).json().code).toBe('TASK_EXISTS');
    expect((await post('/api/weekly/tasks', w.leader.h, { ...body, title: 'x', sectionId: w.org.b1 })).json().message).toContain('sectionId');
    expect((await post('/api/weekly/tasks', w.leader.h, { ...body, title: 'y', milestones: [{ title: 'a', dueOn: '2026-02-31' }] })).json().message).toContain('milestones.0.dueOn');
  });

  it('imports the list from Excel', async () => {
    const buf = await xlsx([
      HEADER,
      ['干部队伍建设', '年轻干部“墩苗”工程', '选派 4 名年轻干部下沉一线', '干部科', '李娜', '2026-06-30 选派到位；2026-11-27 中期考核\n2026-12-31 总结'],
      ['干部队伍建设', '干部档案专项审核', '', '干部科', '计分员二', '2026-09-30 完成审核'],
      ['人才工作', '“双招双引”人才专班', '', '人才科', '二支部党员', ''],
      [],
    ]);
    const r = await upload(w.leader.h, buf);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toEqual({ tasks: 3, milestones: 4, categories: ['干部队伍建设', '人才工作'] });
    const list = (await get('/api/weekly/tasks?year=2026&category=干部队伍建设', w.cadre.h)).json();
    expect(list.items.map((x: { title: string }) => x.title)).toEqual(['年轻干部“墩苗”工程', '干部档案专项审核']);
    expect(list.items[0].milestones.map((m: { dueOn: string }) => m.dueOn)).toEqual(['2026-06-30', '2026-11-27', '2026-12-31']);
  });

  it('rejects a malformed file with a 400 naming row and column, and imports nothing', async () => {
    const before = (await get('/api/weekly/tasks?year=2026', w.cadre.h)).json().total;
    const cases: Array<[unknown[][], string[]]> = [
      [[HEADER, ['人才工作', '人才公寓', '', '人才科', '二支部党员', ''], ['人才工作', '人才政策兑现', '', '宣传科', '二支部党员', '']], ['第 3 行', '责任科室', 'D3', '宣传科']],
      [[HEADER, ['人才工作', '人才驿站', '', '人才科', '查无此人', '']], ['第 2 行', '责任人', 'E2']],
      [[HEADER, ['人才工作', '人才夜校', '', '人才科', '二支部党员', '下月底完成']], ['第 2 行', '节点', 'F2']],
      [[HEADER, ['', '无类别任务', '', '人才科', '二支部党员', '']], ['第 2 行', '类别', 'A2']],
      [[['类别', '任务', '责任科室'], ['a', 'b', '人才科']], ['表头', '责任人']],
      [[HEADER, ['人才工作', '重复任务', '', '人才科', '二支部党员', ''], ['人才工作', '重复任务', '', '人才科', '二支部党员', '']], ['第 3 行', '重名']],
    ];
    for (const [rows, words] of cases) {
      const r = await upload(w.leader.h, await xlsx(rows));
      expect(r.statusCode, r.body).toBe(400);
      for (const word of words) expect(r.json().message).toContain(word);
    }
    const notXlsx = await upload(w.leader.h, Buffer.from('类别,任务\n'), 'tasks.csv');
    expect(notXlsx.statusCode).toBe(400);
    expect(notXlsx.json().message).toContain('file');
    expect((await upload(w.cadre.h, await xlsx([HEADER]))).statusCode).toBe(403);
    expect((await get('/api/weekly/tasks?year=2026', w.cadre.h)).json().total).toBe(before);
  });
});

describe('每周一评: reports and comments', () => {
  let taskId: number;
  let reportId: number;
  it('the responsible person reports once a week; others may not', async () => {
    taskId = (await get('/api/weekly/tasks?year=2026&category=基层党建', w.cadre.h)).json().items[0].id;
    expect((await post(`/api/weekly/tasks/${taskId}/reports`, w.cadre2.h, { status: 'on_track', percent: 40, text: '不是我的任务' })).statusCode).toBe(403);
    expect((await post(`/api/weekly/tasks/${taskId}/reports`, w.cadre.h, { status: 'on_track', percent: 101, text: 'x进展' })).json().message).toContain('percent');
    expect((await post(`/api/weekly/tasks/${taskId}/reports`, w.cadre.h, { status: 'done', percent: 80, text: '完成了' })).json().message).toContain('percent');
    expect((await post(`/api/weekly/tasks/${taskId}/reports`, w.cadre.h, { status: 'fine', percent: 10, text: '进展' })).json().message).toContain('status');
    const r = await post(`/api/weekly/tasks/${taskId}/reports`, w.cadre.h, { status: 'at_risk', percent: 60, text: '已完成排查，3 个村整顿进度偏慢。' });
    expect(r.statusCode, r.body).toBe(201);
    reportId = r.json().id;
    expect(r.json()).toMatchObject({ weekOf: '2026-11-16', reporterName: '张伟', status: 'at_risk', percent: 60, comment: null });
    expect((await post(`/api/weekly/tasks/${taskId}/reports`, w.sk.h, { status: 'on_track', percent: 65, text: '同科室再报' })).json().code).toBe('REPORT_EXISTS');
  });

  it('a leader comments on each report; the reporter sees it; no self-comment, no second comment', async () => {
    expect((await post(`/api/weekly/reports/${reportId}/comment`, w.sk.h, { text: '好' })).statusCode).toBe(403);
    const c = await post(`/api/weekly/reports/${reportId}/comment`, w.leader.h, { text: '要倒排工期，月底前逐村验收。' });
    expect(c.statusCode, c.body).toBe(200);
    expect((await post(`/api/weekly/reports/${reportId}/comment`, w.leader.h, { text: '再评' })).json().code).toBe('ALREADY_COMMENTED');
    const seen = (await get(`/api/weekly/tasks/${taskId}`, w.cadre.h)).json();
    expect(seen.reports[0]).toMatchObject({ comment: '要倒排工期，月底前逐村验收。', commentByName: '汪部长' });
    // A leader who reports (as a member of the section) cannot comment on it.
    const own = (await post('/api/weekly/tasks', w.leader.h, { category: '基层党建', title: '党建引领基层治理', sectionId: w.org.s1a, ownerId: w.leader.user.id })).json();
    const rep = (await post(`/api/weekly/tasks/${own.id}/reports`, w.leader.h, { status: 'on_track', percent: 30, text: '制定方案' })).json();
    expect((await post(`/api/weekly/reports/${rep.id}/comment`, w.leader.h, { text: '自评' })).json().code).toBe('SELF_COMMENT');
  });

  it('milestones are marked done once', async () => {
    const task = (await get(`/api/weekly/tasks/${taskId}`, w.cadre.h)).json();
    const m = task.milestones[0];
    expect((await post(`/api/weekly/milestones/${m.id}/done`, w.cadre2.h)).statusCode).toBe(403);
    const r = await post(`/api/weekly/milestones/${m.id}/done`, w.cadre.h);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().milestones[0].doneOn).toBe('2026-11-20');
    expect((await post(`/api/weekly/milestones/${m.id}/done`, w.cadre.h)).json().code).toBe('MILESTONE_DONE');
  });

  it('the board: categories with lights, late, due this week, not reported, completion over time', async () => {
    const dossier = (await get('/api/weekly/tasks?year=2026&category=干部队伍建设', w.cadre.h)).json().items.find((x: { title: string }) => x.title === '干部档案专项审核');
    await post(`/api/weekly/tasks/${dossier.id}/reports`, w.sk2.h, { status: 'done', percent: 100, text: '审核完成' });
    const b = (await get('/api/weekly/board?year=2026', w.leader.h)).json();
    expect(b).toMatchObject({ year: 2026, weekOf: '2026-11-16', weekEnd: '2026-11-22' });
    expect(b.categories.map((c: { name: string }) => c.name)).toEqual(['基层党建', '干部队伍建设', '人才工作']);
    const light = (title: string) => b.categories.flatMap((c: { tasks: Array<{ title: string; light: string }> }) => c.tasks).find((x: { title: string }) => x.title === title).light;
    expect(light('干部档案专项审核')).toBe('done');
    expect(light('软弱涣散党组织整顿')).toBe('yellow'); // at risk, overdue milestone done
    expect(light('年轻干部“墩苗”工程')).toBe('red'); // 2026-06-30 passed, not done
    expect(light('“双招双引”人才专班')).toBe('green');
    expect(b.late.map((x: { title: string }) => x.title)).toEqual(['年轻干部“墩苗”工程']);
    expect(b.notReported.map((x: { taskTitle: string }) => x.taskTitle).sort()).toEqual(['“双招双引”人才专班', '年轻干部“墩苗”工程'].sort());
    expect(b.totals).toMatchObject({ tasks: 5, done: 1, red: 1, reportedThisWeek: 3 });
    expect(b.chart.at(-1)).toMatchObject({ weekOf: '2026-11-16', done: 1, reports: 3 });
    const nextWeek = (await get('/api/weekly/board?year=2026&date=2026-11-25', w.leader.h)).json();
    expect(nextWeek.dueThisWeek.map((d: { milestone: { title: string } }) => d.milestone.title)).toEqual(['中期考核']);
    expect((await get('/api/weekly/board?date=2026-13-01', w.leader.h)).statusCode).toBe(400);
  });

  it('信息素材 for a task and for the board', async () => {
    const m = (await get(`/api/weekly/material?kind=task&id=${taskId}`, w.cadre.h)).json();
    expect(m.paragraph).toContain('软弱涣散党组织整顿');
    expect(m.paragraph).toContain('组织科');
    const b = (await get('/api/weekly/material?kind=board&year=2026', w.cadre.h)).json();
    expect(b.paragraph).toContain('3大类5项重点任务');
    expect(b.facts).toMatchObject({ tasks: 5, categories: 3, done: 1 });
  });
});
