import ExcelJS from 'exceljs';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { keyTasks, taskMilestones, taskReports, users, type KeyTaskRow, type MilestoneRow, type TaskReportRow } from '../../../db/schema';
import type { Executor } from '../../../db/client';
import type { AppContext, AuthUser } from '../../lib/context';
import { hasRole } from '../../lib/context';
import { audit } from '../../lib/audit';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, fieldError } from '../../lib/errors';
import { addDays, isValidDate, parts, today, weekOf } from '../../lib/dates';
import { checkDate, sectionsInOrder, unitsById, usersByIds } from './common';
import type { BoardT, CreateTaskBodyT, ListTasksQueryT, ReportBodyT, ReportT, TaskT } from './weekly.schemas';

type Light = TaskT['light'];

/** Who plans the key-task list: leaders and admins. */
export function assertPlanner(u: AuthUser) {
  if (!hasRole(u, 'admin', 'leader')) throw new ForbiddenError('只有部领导或管理员可以维护重点任务清单');
}

export function createTasksService(ctx: AppContext) {
  const { db, clock } = ctx;

  /** The responsible person, or anyone of the responsible section (组室负责人汇报), may report. */
  const mayReport = (u: AuthUser, t: KeyTaskRow) => u.id === t.ownerId || (u.sectionId != null && u.sectionId === t.sectionId) || hasRole(u, 'admin');

  function lightOf(t: { milestones: MilestoneRow[]; latest: TaskReportRow | null }, day: string): Light {
    if (t.latest?.status === 'done') return 'done';
    const weekEnd = weekOf(day).to;
    const open = t.milestones.filter((m) => !m.doneOn);
    if (t.latest?.status === 'late' || open.some((m) => m.dueOn < day)) return 'red';
    if (t.latest?.status === 'at_risk' || open.some((m) => m.dueOn <= weekEnd)) return 'yellow';
    return 'green';
  }

  async function shapeReports(ex: Executor, list: TaskReportRow[], titles?: Map<number, string>): Promise<ReportT[]> {
    if (!list.length) return [];
    const people = await usersByIds(ex, list.flatMap((r) => [r.reporterId, r.commentBy ?? 0]).filter(Boolean));
    let names = titles;
    if (!names) {
      const ts = await ex.select({ id: keyTasks.id, title: keyTasks.title }).from(keyTasks).where(inArray(keyTasks.id, [...new Set(list.map((r) => r.taskId))]));
      names = new Map(ts.map((x) => [x.id, x.title]));
    }
    return list.map((r) => ({
      id: r.id, taskId: r.taskId, taskTitle: names!.get(r.taskId) ?? '', weekOf: r.weekOf, reporterId: r.reporterId, reporterName: people.get(r.reporterId)?.name ?? '',
      status: r.status, percent: r.percent, text: r.text, comment: r.comment, commentBy: r.commentBy, commentByName: r.commentBy ? (people.get(r.commentBy)?.name ?? null) : null,
      commentAt: r.commentAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(),
    }));
  }

  async function shapeTasks(ex: Executor, viewer: AuthUser | null, list: KeyTaskRow[]): Promise<TaskT[]> {
    if (!list.length) return [];
    const ids = list.map((t) => t.id);
    const ms = await ex.select().from(taskMilestones).where(inArray(taskMilestones.taskId, ids)).orderBy(asc(taskMilestones.dueOn), asc(taskMilestones.id));
    const latestRows = await ex.select().from(taskReports)
      .where(and(inArray(taskReports.taskId, ids), sql`${taskReports.weekOf} = (select max(r2.week_of) from task_reports r2 where r2.task_id = ${taskReports.taskId})`));
    const titles = new Map(list.map((t) => [t.id, t.title]));
    const latest = new Map((await shapeReports(ex, latestRows, titles)).map((r) => [r.taskId, r]));
    const latestRaw = new Map(latestRows.map((r) => [r.taskId, r]));
    const units = await unitsById(ex);
    const owners = await usersByIds(ex, list.map((t) => t.ownerId));
    const day = today(clock);
    const week = weekOf(day).from;
    return list.map((t) => {
      const milestones = ms.filter((m) => m.taskId === t.id);
      const l = latest.get(t.id) ?? null;
      return {
        id: t.id, year: t.year, category: t.category, title: t.title, goal: t.goal, sectionId: t.sectionId, sectionName: units.get(t.sectionId)?.name ?? '',
        ownerId: t.ownerId, ownerName: owners.get(t.ownerId)?.name ?? '',
        milestones: milestones.map((m) => ({ id: m.id, title: m.title, dueOn: m.dueOn, doneOn: m.doneOn })),
        latest: l, percent: l?.percent ?? 0, light: lightOf({ milestones, latest: latestRaw.get(t.id) ?? null }, day),
        reportedThisWeek: l?.weekOf === week, canReport: viewer ? mayReport(viewer, t) : false,
      };
    });
  }

  async function load(ex: Executor, id: number): Promise<KeyTaskRow> {
    const [t] = await ex.select().from(keyTasks).where(eq(keyTasks.id, id));
    if (!t) throw new NotFoundError('重点任务不存在', 'TASK_NOT_FOUND');
    return t;
  }

  async function list(viewer: AuthUser, q: ListTasksQueryT) {
    const year = q.year ?? parts(today(clock)).year;
    const where = and(
      eq(keyTasks.year, year),
      q.category ? eq(keyTasks.category, q.category) : undefined,
      q.sectionId ? eq(keyTasks.sectionId, q.sectionId) : undefined,
      q.mine ? sql`(${keyTasks.ownerId} = ${viewer.id} or ${keyTasks.sectionId} = ${viewer.sectionId ?? -1})` : undefined,
    );
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(keyTasks).where(where);
    const r = await db.select().from(keyTasks).where(where).orderBy(asc(keyTasks.sortOrder), asc(keyTasks.id)).limit(q.limit ?? 50).offset(q.offset ?? 0);
    return { items: await shapeTasks(db, viewer, r), total: Number(n) };
  }

  async function detail(viewer: AuthUser, id: number) {
    const t = await load(db, id);
    const [task] = await shapeTasks(db, viewer, [t]);
    const reps = await db.select().from(taskReports).where(eq(taskReports.taskId, id)).orderBy(desc(taskReports.weekOf));
    return { ...task, reports: await shapeReports(db, reps, new Map([[t.id, t.title]])) };
  }

  async function insertTasks(tx: Executor, actor: AuthUser, year: number, rowsIn: Array<Omit<CreateTaskBodyT, 'year'>>) {
    const [{ maxOrder }] = await tx.select({ maxOrder: sql<number>`coalesce(max(${keyTasks.sortOrder}), 0)::int` }).from(keyTasks).where(eq(keyTasks.year, year));
    let order = Number(maxOrder);
    let milestones = 0;
    const ids: number[] = [];
    const now = clock();
    for (const b of rowsIn) {
      const [row] = await tx.insert(keyTasks).values({
        year, category: b.category.trim(), title: b.title.trim(), goal: b.goal?.trim() || null, sectionId: b.sectionId, ownerId: b.ownerId, sortOrder: ++order, createdBy: actor.id, createdAt: now, updatedAt: now,
      }).onConflictDoNothing().returning();
      if (!row) throw new ConflictError('TASK_EXISTS', `${year} 年已有重点任务“${b.title.trim()}”`);
      ids.push(row.id);
      if (b.milestones?.length) {
        await tx.insert(taskMilestones).values(b.milestones.map((m) => ({ taskId: row.id, title: m.title.trim(), dueOn: m.dueOn })));
        milestones += b.milestones.length;
      }
    }
    return { ids, milestones };
  }

  async function create(actor: AuthUser, body: CreateTaskBodyT, ip?: string): Promise<TaskT> {
    assertPlanner(actor);
    const year = body.year ?? parts(today(clock)).year;
    (body.milestones ?? []).forEach((m, i) => checkDate(`milestones.${i}.dueOn`, m.dueOn));
    const id = await db.transaction(async (tx) => {
      const units = await unitsById(tx);
      if (units.get(body.sectionId)?.kind !== 'section') throw fieldError('sectionId', '责任科室不存在');
      const [owner] = await tx.select().from(users).where(eq(users.id, body.ownerId));
      if (!owner || !owner.active) throw fieldError('ownerId', '责任人不存在或已离岗');
      const { ids } = await insertTasks(tx, actor, year, [body]);
      await audit(tx, { actorId: actor.id, action: 'task.create', entity: 'key_task', entityId: ids[0], after: body, ip });
      return ids[0];
    });
    return (await shapeTasks(db, actor, [await load(db, id)]))[0];
  }

  /**
   * 重点任务清单 from Excel. Header row: 类别、任务（或任务名称）、目标、责任科室、责任人、节点.
   * 节点: one per line or separated by “；”, each “YYYY-MM-DD 节点内容”. All rows or none.
   */
  async function importXlsx(actor: AuthUser, buf: Buffer, yearIn?: number, ip?: string) {
    assertPlanner(actor);
    const year = yearIn ?? parts(today(clock)).year;
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buf as never);
    } catch {
      throw new BadRequestError('IMPORT_NOT_XLSX', 'file: 不是有效的 Excel（.xlsx）文件');
    }
    const ws = wb.worksheets[0];
    if (!ws || ws.rowCount < 2) throw new BadRequestError('IMPORT_EMPTY', 'file: 表格为空，第 1 行应为表头，第 2 行起每行一项任务');
    const header = new Map<string, number>();
    ws.getRow(1).eachCell((c, col) => header.set(c.text.trim().replace(/\s+/g, ''), col));
    const colOf = (...names: string[]) => names.map((n) => header.get(n)).find((c) => c != null);
    const cols = { category: colOf('类别', '任务类别'), title: colOf('任务', '任务名称', '重点任务'), goal: colOf('目标', '工作目标'), section: colOf('责任科室', '责任单位', '责任组室'), owner: colOf('责任人'), milestones: colOf('节点', '时间节点', '节点安排') };
    for (const [k, name] of [['category', '类别'], ['title', '任务'], ['section', '责任科室'], ['owner', '责任人']] as const) {
      if (!cols[k]) throw new BadRequestError('IMPORT_BAD_HEADER', `第 1 行（表头）：缺少“${name}”列`);
    }
    const letter = (col: number) => ws.getColumn(col).letter;
    const sections = new Map((await sectionsInOrder(db)).map((s) => [s.name, s.id]));
    const people = (await db.select().from(users).where(eq(users.active, true)));
    const parsed: Array<Omit<CreateTaskBodyT, 'year'>> = [];
    const seen = new Set<string>();
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cell = (col: number | undefined) => (col ? row.getCell(col).text.trim() : '');
      const where = (col: number, name: string) => `第 ${r} 行“${name}”列（${letter(col)}${r}）`;
      const v = { category: cell(cols.category), title: cell(cols.title), goal: cell(cols.goal), section: cell(cols.section), owner: cell(cols.owner), ms: cell(cols.milestones) };
      if (!Object.values(v).some(Boolean)) continue;
      if (!v.category) throw new BadRequestError('IMPORT_BAD_CELL', `${where(cols.category!, '类别')}：不能为空`);
      if (v.category.length > 50) throw new BadRequestError('IMPORT_BAD_CELL', `${where(cols.category!, '类别')}：不能超过 50 个字`);
      if (!v.title) throw new BadRequestError('IMPORT_BAD_CELL', `${where(cols.title!, '任务')}：不能为空`);
      if (v.title.length > 200) throw new BadRequestError('IMPORT_BAD_CELL', `${where(cols.title!, '任务')}：不能超过 200 个字`);
      if (seen.has(v.title)) throw new BadRequestError('IMPORT_DUPLICATE', `${where(cols.title!, '任务')}：与前面的任务重名`);
      seen.add(v.title);
      const sectionId = sections.get(v.section);
      if (!sectionId) throw new BadRequestError('IMPORT_BAD_CELL', `${where(cols.section!, '责任科室')}：找不到科室“${v.section}”`);
      const named = people.filter((p) => p.name === v.owner);
      const owner = named.find((p) => p.sectionId === sectionId) ?? (named.length === 1 ? named[0] : undefined);
      if (!owner) throw new BadRequestError('IMPORT_BAD_CELL', `${where(cols.owner!, '责任人')}：${named.length > 1 ? `有 ${named.length} 名“${v.owner}”，且都不在${v.section}` : `找不到在职人员“${v.owner}”`}`);
      const milestones: Array<{ title: string; dueOn: string }> = [];
      for (const part of v.ms.split(/[；;\n]+/).map((x) => x.trim()).filter(Boolean)) {
        const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*[：:，,]?\s*(.+)$/.exec(part);
        const due = m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : '';
        if (!m || !isValidDate(due)) throw new BadRequestError('IMPORT_BAD_CELL', `${where(cols.milestones!, '节点')}：“${part}”应为“YYYY-MM-DD 节点内容”`);
        milestones.push({ title: m[4].trim().slice(0, 200), dueOn: due });
      }
      parsed.push({ category: v.category, title: v.title, goal: v.goal || undefined, sectionId, ownerId: owner.id, milestones });
    }
    if (!parsed.length) throw new BadRequestError('IMPORT_EMPTY', 'file: 没有可导入的任务行');
    const res = await db.transaction(async (tx) => {
      const r = await insertTasks(tx, actor, year, parsed);
      await audit(tx, { actorId: actor.id, action: 'task.import', entity: 'key_task', after: { year, tasks: r.ids.length, milestones: r.milestones }, ip });
      return r;
    });
    return { tasks: res.ids.length, milestones: res.milestones, categories: [...new Set(parsed.map((p) => p.category))] };
  }

  /** 周汇报: one per task and week (the week of today). */
  async function report(actor: AuthUser, taskId: number, body: ReportBodyT, ip?: string): Promise<ReportT> {
    const t = await load(db, taskId);
    if (!mayReport(actor, t)) throw new ForbiddenError('只有责任人或责任科室人员可以汇报该任务');
    if (body.status === 'done' && body.percent !== 100) throw fieldError('percent', '状态为“已完成”时进度应为 100');
    const week = weekOf(today(clock)).from;
    const id = await db.transaction(async (tx) => {
      const now = clock();
      const [row] = await tx.insert(taskReports).values({ taskId, weekOf: week, reporterId: actor.id, status: body.status, percent: body.percent, text: body.text.trim(), createdAt: now, updatedAt: now })
        .onConflictDoNothing().returning();
      if (!row) throw new ConflictError('REPORT_EXISTS', `该任务本周（${week} 起）已汇报`);
      await audit(tx, { actorId: actor.id, action: 'task.report', entity: 'task_report', entityId: row.id, after: row, ip });
      return row.id;
    });
    const [r] = await db.select().from(taskReports).where(eq(taskReports.id, id));
    return (await shapeReports(db, [r]))[0];
  }

  /** 领导点评: once per report, never on one's own. */
  async function comment(actor: AuthUser, reportId: number, text: string, ip?: string): Promise<ReportT> {
    await db.transaction(async (tx) => {
      const [r] = await tx.select().from(taskReports).where(eq(taskReports.id, reportId));
      if (!r) throw new NotFoundError('汇报不存在', 'REPORT_NOT_FOUND');
      if (r.reporterId === actor.id) throw new ForbiddenError('不能点评本人的汇报', 'SELF_COMMENT');
      const now = clock();
      const [row] = await tx.update(taskReports).set({ comment: text.trim(), commentBy: actor.id, commentAt: now, updatedAt: now })
        .where(and(eq(taskReports.id, reportId), sql`${taskReports.comment} is null`)).returning();
      if (!row) throw new ConflictError('ALREADY_COMMENTED', '该汇报已有领导点评');
      await audit(tx, { actorId: actor.id, action: 'task.comment', entity: 'task_report', entityId: reportId, after: { comment: text }, ip });
    });
    const [r] = await db.select().from(taskReports).where(eq(taskReports.id, reportId));
    return (await shapeReports(db, [r]))[0];
  }

  async function milestoneDone(actor: AuthUser, id: number, ip?: string) {
    const [m] = await db.select().from(taskMilestones).where(eq(taskMilestones.id, id));
    if (!m) throw new NotFoundError('节点不存在', 'MILESTONE_NOT_FOUND');
    const t = await load(db, m.taskId);
    if (!mayReport(actor, t)) throw new ForbiddenError('只有责任人或责任科室人员可以标记节点完成');
    await db.transaction(async (tx) => {
      const [row] = await tx.update(taskMilestones).set({ doneOn: today(clock), doneBy: actor.id }).where(and(eq(taskMilestones.id, id), sql`${taskMilestones.doneOn} is null`)).returning();
      if (!row) throw new ConflictError('MILESTONE_DONE', '该节点已完成');
      await audit(tx, { actorId: actor.id, action: 'task.milestone', entity: 'task_milestone', entityId: id, after: row, ip });
    });
    return detail(actor, t.id);
  }

  async function reports(q: { weekOf?: string; taskId?: number; uncommented?: boolean; limit?: number; offset?: number }) {
    if (q.weekOf) checkDate('weekOf', q.weekOf);
    const where = and(
      q.weekOf ? eq(taskReports.weekOf, weekOf(q.weekOf).from) : undefined,
      q.taskId ? eq(taskReports.taskId, q.taskId) : undefined,
      q.uncommented ? sql`${taskReports.comment} is null` : undefined,
    );
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(taskReports).where(where);
    const r = await db.select().from(taskReports).where(where).orderBy(desc(taskReports.weekOf), asc(taskReports.taskId)).limit(q.limit ?? 50).offset(q.offset ?? 0);
    return { items: await shapeReports(db, r), total: Number(n) };
  }

  /** 挂图作战: by category with lights, late and due this week, who has not reported, completion over time. */
  async function board(viewer: AuthUser | null, q: { date?: string; year?: number }): Promise<BoardT> {
    if (q.date) checkDate('date', q.date);
    const day = q.date ?? today(clock);
    const year = q.year ?? parts(day).year;
    const week = weekOf(day);
    const all = await db.select().from(keyTasks).where(eq(keyTasks.year, year)).orderBy(asc(keyTasks.sortOrder), asc(keyTasks.id));
    const tasks = await shapeTasks(db, viewer, all);
    const cats = new Map<string, TaskT[]>();
    for (const t of tasks) cats.set(t.category, [...(cats.get(t.category) ?? []), t]);
    const reps = all.length ? await db.select({ taskId: taskReports.taskId, weekOf: taskReports.weekOf, status: taskReports.status, percent: taskReports.percent }).from(taskReports)
      .where(inArray(taskReports.taskId, all.map((t) => t.id))).orderBy(asc(taskReports.weekOf)) : [];
    const chart: BoardT['chart'] = [];
    if (reps.length) {
      const state = new Map<number, { percent: number; done: boolean }>();
      let i = 0;
      for (let w = reps[0].weekOf; w <= week.from; w = addDays(w, 7)) {
        let n = 0;
        while (i < reps.length && reps[i].weekOf <= w) {
          state.set(reps[i].taskId, { percent: reps[i].percent, done: reps[i].status === 'done' });
          if (reps[i].weekOf === w) n++;
          i++;
        }
        const vals = all.map((t) => state.get(t.id)?.percent ?? 0);
        chart.push({ weekOf: w, done: [...state.values()].filter((s) => s.done).length, avgPercent: Math.round(vals.reduce((a, b) => a + b, 0) / Math.max(1, vals.length)), reports: n });
      }
    }
    const thisWeek = new Set(reps.filter((r) => r.weekOf === week.from).map((r) => r.taskId));
    const count = (l: Light) => tasks.filter((t) => t.light === l).length;
    return {
      year, weekOf: week.from, weekEnd: week.to,
      totals: { tasks: tasks.length, done: count('done'), green: count('green'), yellow: count('yellow'), red: count('red'), reportedThisWeek: thisWeek.size },
      categories: [...cats].map(([name, ts]) => ({ name, tasks: ts, done: ts.filter((t) => t.light === 'done').length, avgPercent: Math.round(ts.reduce((a, t) => a + t.percent, 0) / ts.length) })),
      late: tasks.filter((t) => t.light === 'red'),
      dueThisWeek: tasks.flatMap((t) => t.milestones.filter((m) => !m.doneOn && m.dueOn >= week.from && m.dueOn <= week.to)
        .map((m) => ({ milestone: m, taskId: t.id, taskTitle: t.title, ownerName: t.ownerName, sectionName: t.sectionName }))),
      notReported: tasks.filter((t) => t.light !== 'done' && !thisWeek.has(t.id)).map((t) => ({ taskId: t.id, taskTitle: t.title, ownerId: t.ownerId, ownerName: t.ownerName, sectionName: t.sectionName })),
      chart,
    };
  }

  return { list, detail, create, importXlsx, report, comment, milestoneDone, reports, board };
}
export type TasksService = ReturnType<typeof createTasksService>;
