/**
 * “生成信息素材”: a draft bulletin paragraph per record, with the facts filled from the data —
 * e.g. “目前已开展‘每周一学’活动21场次”. The bulletin editor pastes and edits it; nothing here is stored.
 */
import type { AppContext, AuthUser } from '../../lib/context';
import { BadRequestError, fieldError } from '../../lib/errors';
import { parts, today } from '../../lib/dates';
import { FORM_NAMES, cnDate, unitName } from './common';
import { createStudyService } from './study.service';
import { createLectureService } from './lecture.service';
import { createTasksService } from './tasks.service';
import { createWeekService } from './week.service';
import type { BulletinMaterialT, MaterialQueryT } from './weekly.schemas';

export type MaterialProvider = (q: MaterialQueryT, ctx: { unit: string; year: number; today: string }) => Promise<Omit<BulletinMaterialT, 'attribution' | 'generatedAt' | 'kind'>>;

const STATUS_NAMES: Record<string, string> = { on_track: '正常推进', at_risk: '有风险', late: '滞后', done: '已完成' };
/** Material is public within the department: no viewer-specific fields are used. */
const NOBODY: AuthUser = { id: 0, username: '', name: '', roles: [], unitId: null, branchId: null, sectionId: null, groupId: null };
const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;

export function createMaterialService(ctx: AppContext, extra: Partial<Record<MaterialQueryT['kind'], MaterialProvider>> = {}) {
  const study = createStudyService(ctx);
  const lecture = createLectureService(ctx);
  const tasks = createTasksService(ctx);
  const weekSvc = createWeekService(ctx);

  const providers: Partial<Record<MaterialQueryT['kind'], MaterialProvider>> = {
    async study_summary(q, c) {
      const year = q.year ?? c.year;
      const s = await study.stats(year);
      const forms = s.byForm.map((f) => FORM_NAMES[f.form]).slice(0, 3);
      const best = [...s.bySection].sort((a, b) => b.rate - a.rate)[0];
      const formText = forms.length ? `通过${forms.join('、')}等方式，` : '';
      const paragraph = `“每周一学”筑牢政治建设基石。${c.unit}坚持把强化理论武装作为锤炼政治品格的基石，建立健全集中理论学习制度，固定学习时间，列出学习计划，${formText}引导组工干部补足“精神之钙”。${year === c.year ? '目前' : `${year}年`}已开展“每周一学”活动${s.sessionsHeld}场次，参学${s.overall.attended}人次，平均出勤率${pct(s.overall.rate)}${best ? `，其中${best.name}出勤率达${pct(best.rate)}` : ''}。`;
      return {
        headline: `${c.unit.replace(/（演示）$/, '')}扎实开展“每周一学”活动`,
        paragraph,
        facts: { year, sessionsHeld: s.sessionsHeld, attendance: s.overall.attended, attendanceRate: pct(s.overall.rate), forms, topSection: best?.name ?? '' },
        source: { kind: 'study_summary', id: null, url: '/weekly/study' },
      };
    },
    async session(q) {
      if (!q.id) throw fieldError('id', '须指定学习活动');
      const d = await study.detail(q.id);
      const s = await study.stats(d.year);
      const leave = d.counts.leave;
      const paragraph = `${cnDate(d.heldOn)}，${d.invitedUnitNames.length ? d.invitedUnitNames.join('、') : '部机关全体党员干部'}以${FORM_NAMES[d.form]}方式开展“每周一学”，${d.presenter ? `由${d.presenter}领学，` : ''}围绕“${d.topic}”进行学习${d.materials.length ? `，学习了${d.materials.map((m) => `《${m.title.replace(/^《|》$/g, '')}》`).join('、')}` : ''}。应到${d.counts.expected}人，实到${d.counts.attended}人${leave ? `，请假${leave}人` : ''}。这是今年开展的第${s.sessionsHeld}场“每周一学”活动。`;
      return {
        headline: `开展“每周一学”：${d.topic}`,
        paragraph,
        facts: { date: d.heldOn, topic: d.topic, form: FORM_NAMES[d.form], expected: d.counts.expected, attended: d.counts.attended, leave, sessionsHeld: s.sessionsHeld, units: d.invitedUnitNames },
        source: { kind: 'session', id: d.id, url: `/weekly/study/${d.id}` },
      };
    },
    async lecture(q, c) {
      if (!q.id) throw fieldError('id', '须指定授课记录');
      const l = await lecture.get(q.id);
      const { total } = await lecture.list({ year: parts(l.heldOn).year, limit: 1 });
      const authors = l.reflections.map((r) => r.authorName);
      const paragraph = `${cnDate(l.heldOn)}，${c.unit.replace(/（演示）$/, '')}开展“每周一讲”活动，按照“组室轮流，一人一讲”的原则，由${l.sectionName ?? ''}${l.lecturerName}围绕“${l.topic}”结合本职工作讲业务知识、讲政策法规、讲经验方法。${l.comment ? `讲课结束后，${l.commentByName ?? '部领导'}对讲授内容进行点评：“${l.comment}”` : ''}${authors.length ? `${authors.join('、')}${authors.length}名干部结合所学谈感想、谈心得、谈体会。` : ''}今年已开展“每周一讲”${total}期。`;
      return {
        headline: `“每周一讲”：${l.lecturerName}讲“${l.topic}”`,
        paragraph,
        facts: { date: l.heldOn, lecturer: l.lecturerName, section: l.sectionName ?? '', topic: l.topic, comment: l.comment ?? '', reflections: authors, lecturesThisYear: total },
        source: { kind: 'lecture', id: l.id, url: `/weekly/lectures/${l.id}` },
      };
    },
    async task(q, c) {
      if (!q.id) throw fieldError('id', '须指定重点任务');
      const t = await tasks.detail(NOBODY, q.id);
      const done = t.milestones.filter((m) => m.doneOn).length;
      const l = t.reports[0];
      const paragraph = `${t.sectionName}${t.ownerName}牵头推进“${t.title}”${t.goal ? `，目标是${t.goal.replace(/。$/, '')}` : ''}。按照“工作项目化、项目目标化、目标节点化、节点责任化”要求，${t.milestones.length ? `细化${t.milestones.length}个时间节点，已完成${done}个` : '明确责任和时限'}。${l ? `截至${cnDate(c.today)}，任务进度${l.percent}%（${STATUS_NAMES[l.status]}）：${l.text.replace(/。$/, '')}。` : ''}${l?.comment ? `部领导点评：“${l.comment.replace(/。$/, '')}”。` : ''}`;
      return {
        headline: `“${t.title}”推进情况`,
        paragraph,
        facts: { title: t.title, category: t.category, section: t.sectionName, owner: t.ownerName, percent: t.percent, milestones: t.milestones.length, milestonesDone: done, status: l ? STATUS_NAMES[l.status] : '' },
        source: { kind: 'task', id: t.id, url: `/weekly/tasks/${t.id}` },
      };
    },
    async board(q, c) {
      const b = await tasks.board(null, { year: q.year ?? c.year, date: q.date });
      const commented = (await tasks.reports({ weekOf: b.weekOf, limit: 500 })).items.filter((r) => r.comment).length;
      const t = b.totals;
      const paragraph = `“每周一评”扛牢作风建设责任。${c.unit.replace(/（演示）$/, '')}围绕今年组织工作，梳理细化${b.categories.length}大类${t.tasks}项重点任务，坚持挂图作战，推行“周汇报周点评”工作机制，各组室负责人每周汇报上周工作完成情况，部领导逐一点评。截至${cnDate(c.today)}，已完成${t.done}项，正常推进${t.green}项，预警${t.yellow}项，滞后${t.red}项；本周${t.reportedThisWeek}项任务汇报进展，部领导点评${commented}条。`;
      return {
        headline: '推行“周汇报周点评” 重点任务挂图作战',
        paragraph,
        facts: { year: b.year, categories: b.categories.length, tasks: t.tasks, done: t.done, green: t.green, yellow: t.yellow, red: t.red, reportedThisWeek: t.reportedThisWeek, commented },
        source: { kind: 'board', id: null, url: '/weekly/tasks' },
      };
    },
    async week(q) {
      const w = await weekSvc.week(null, q.date);
      const held = w.sessions.filter((s) => s.status === 'closed');
      const attended = held.reduce((a, s) => a + s.counts.attended, 0);
      const l = w.lectures[0];
      const commented = w.reports.filter((r) => r.comment).length;
      const parts1: string[] = [];
      if (held.length) parts1.push(`开展“每周一学”${held.length}场次，${held.map((s) => `围绕“${s.topic}”${FORM_NAMES[s.form]}`).join('；')}，参学${attended}人次`);
      if (l) parts1.push(`“每周一讲”由${l.sectionName ?? ''}${l.lecturerName}讲授“${l.topic}”${l.comment ? `，${l.commentByName ?? '部领导'}现场点评` : ''}${l.reflections.length ? `，${l.reflections.length}名干部谈感想` : ''}`);
      if (w.reports.length) parts1.push(`“每周一评”中各组室汇报重点任务进展${w.reports.length}项，部领导点评${commented}条`);
      const paragraph = `${cnDate(w.weekOf)}至${cnDate(w.weekEnd)}，${parts1.length ? `部机关${parts1.join('；')}。` : '本周暂无学讲评活动记录。'}${w.points.points ? `学讲评活动共为干部记入学习积分${w.points.points}分。` : ''}`;
      return {
        headline: `本周“学讲评”活动情况（${cnDate(w.weekOf)}—${cnDate(w.weekEnd)}）`,
        paragraph,
        facts: { weekOf: w.weekOf, weekEnd: w.weekEnd, sessions: held.length, attendance: attended, lecture: l?.topic ?? '', reports: w.reports.length, commented, points: w.points.points },
        source: { kind: 'week', id: null, url: `/weekly?date=${w.weekOf}` },
      };
    },
    ...extra,
  };

  async function generate(q: MaterialQueryT): Promise<BulletinMaterialT> {
    const p = providers[q.kind];
    if (!p) throw new BadRequestError('MATERIAL_KIND_UNSUPPORTED', `kind: 暂不支持生成“${q.kind}”信息素材`);
    const unit = await unitName(ctx.db);
    const d = today(ctx.clock);
    const m = await p(q, { unit, year: parts(d).year, today: d });
    return { kind: q.kind, ...m, attribution: `（${unit.replace(/（演示）$/, '')}）`, generatedAt: ctx.clock().toISOString() };
  }

  return { generate };
}
