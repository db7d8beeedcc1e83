/**
 * Demo 学讲评 (after 麟游县): this year's 每周一学 sessions with attendance, the 每周一讲 rotation with
 * past lectures, comments and reflections, and a key-task list with milestones and weekly reports.
 * Everything that earns points goes through the services, so claims, ledger and aggregates agree.
 *
 * Sessions in quarters the branches already approved are entered as history (attendance, no credit):
 * in the story, those months' study points came from self-reports before attendance was kept here.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { approvals, sessionAttendance, studySessions, users, ruleItems, type UserRow } from '../schema';
import type { DemoContext } from './demo';
import type { AppContext, AuthUser } from '../../server/lib/context';
import { loadConfig } from '../../server/config';
import { addDays, parts, quarterRange, today, weekOf } from '../../server/lib/dates';
import { createStudyService } from '../../server/modules/weekly/study.service';
import { rng } from './points';

const asAuth = (u: UserRow): AuthUser => ({ id: u.id, username: u.username, name: u.name, roles: u.roles, unitId: u.unitId, branchId: u.branchId, sectionId: u.sectionId, groupId: u.groupId });

const STUDY: Array<{ topic: string; form: 'leader_led' | 'group' | 'expert' | 'center_group' | 'party_day'; presenter: string; material?: string }> = [
  { topic: '学习贯彻习近平总书记关于党的建设的重要思想', form: 'center_group', presenter: '汪振华', material: '习近平总书记关于党的建设的重要思想概论' },
  { topic: '《中国共产党组织工作条例》逐条学', form: 'leader_led', presenter: '朱明远', material: '中国共产党组织工作条例' },
  { topic: '全国组织部长会议精神', form: 'leader_led', presenter: '汪振华' },
  { topic: '新时代党的组织路线', form: 'group', presenter: '储卫东' },
  { topic: '省委组织部长会议精神传达', form: 'leader_led', presenter: '朱明远' },
  { topic: '县域经济高质量发展专题', form: 'expert', presenter: '县发改委 王主任' },
  { topic: '干部选拔任用工作条例', form: 'group', presenter: '赵磊', material: '党政领导干部选拔任用工作条例' },
  { topic: '“四下基层”与调查研究', form: 'party_day', presenter: '石国庆' },
  { topic: '党纪学习教育：《中国共产党纪律处分条例》', form: 'leader_led', presenter: '何丽娟', material: '中国共产党纪律处分条例' },
  { topic: '人才工作政策解读', form: 'group', presenter: '唐鹏' },
  { topic: '招商引资与“双招双引”', form: 'expert', presenter: '县投促中心 刘主任' },
  { topic: '基层党组织建设质量提升', form: 'group', presenter: '张伟' },
  { topic: '习近平经济思想学习纲要', form: 'center_group', presenter: '汪振华', material: '习近平经济思想学习纲要' },
  { topic: '党员教育管理工作条例', form: 'group', presenter: '曾莉' },
  { topic: '干部监督工作重点', form: 'group', presenter: '梁晨' },
  { topic: '党的二十届四中全会精神', form: 'center_group', presenter: '汪振华', material: '中国共产党第二十届中央委员会第四次全体会议公报' },
  { topic: '四中全会精神集体研讨', form: 'group', presenter: '朱明远' },
  { topic: '乡村振兴与抓党建促发展', form: 'expert', presenter: '县农业农村局 陈局长' },
  { topic: '《干部任用条例》案例研学', form: 'group', presenter: '孙丽' },
  { topic: '年轻干部“墩苗”工作交流', form: 'leader_led', presenter: '朱明远' },
  { topic: '机关党建“四优”模范机关建设', form: 'group', presenter: '石国庆' },
  { topic: '年终总结与明年工作思路', form: 'leader_led', presenter: '汪振华' },
];

export async function seedWeekly(db: Db, demo: DemoContext): Promise<void> {
  const started = Date.now();
  const clockRef = { t: new Date(demo.now.getTime()) };
  const config = loadConfig({ ...process.env, NODE_ENV: 'development' }, { jwtSecret: 'seed-only-not-used-for-tokens-000000000' });
  const ctx: AppContext = { db, dbKind: 'embedded', config, clock: () => new Date(clockRef.t.getTime()) };
  const setClock = (d: string) => (clockRef.t = new Date(`${d}T02:00:00Z`));
  const study = createStudyService(ctx);

  const all = await db.select().from(users);
  const by = new Map(all.map((u) => [u.username, u]));
  const members = all.filter((u) => u.roles.includes('cadre') && u.active && u.branchId != null);
  const nowDate = today(ctx.clock);
  const cur = parts(nowDate);
  const rand = rng(2022_12_19);

  // ── 每周一学 ──
  demo.log('演示数据：每周一学');
  const approved = await db.select({ quarter: approvals.quarter }).from(approvals).where(eq(approvals.year, cur.year));
  const lastApproved = Math.max(0, ...approved.map((a) => a.quarter));
  const openFrom = lastApproved ? addDays(quarterRange(cur.year, lastApproved).to, 1) : `${cur.year}-01-01`;
  // Mondays this year up to today; 21 held (the last ones weekly, in the open quarter), the next Monday planned.
  const thisMonday = weekOf(nowDate).from;
  const mondays: string[] = [];
  for (let d = weekOf(`${cur.year}-01-08`).from; d <= thisMonday; d = addDays(d, 7)) if (d <= nowDate) mondays.push(d);
  const recent = mondays.filter((d) => d >= openFrom).slice(-6);
  const earlier = mondays.filter((d) => d < (recent[0] ?? openFrom));
  const held = 21 - recent.length;
  const pick = Array.from({ length: held }, (_, i) => earlier[Math.floor((i * earlier.length) / held)]).filter((d, i, a) => d && a.indexOf(d) === i);
  const dates = [...pick, ...recent];
  const organizer = asAuth(by.get('jifen1')!);
  const organizer2 = asAuth(by.get('guoxin')!);
  const leaders = new Set(['buzhang', 'fubuzhang']);
  const laggards = new Set(['hanbing', 'luohao', 'caiyun', 'jiangtao']);
  const item = async (date: string, code: string) => (await db.select().from(ruleItems).where(and(eq(ruleItems.year, parts(date).year), eq(ruleItems.code, code))))[0];

  for (let i = 0; i < dates.length; i++) {
    const d = dates[i];
    const spec = STUDY[i % STUDY.length];
    const historical = d < openFrom;
    const status = (u: UserRow): 'attended' | 'leave' | 'absent' => {
      const r = rand();
      const p = laggards.has(u.username) ? 0.6 : u.username === 'jiangtao' || u.username === 'panwen' ? 0.4 : 0.9;
      return r < p ? 'attended' : r < p + (1 - p) * 0.6 ? 'leave' : 'absent';
    };
    const materials = spec.material ? [{ title: spec.material, url: `https://www.12371.cn/special/${encodeURIComponent(spec.material)}/` }] : [];
    if (historical) {
      const it = await item(d, spec.form === 'expert' ? 'lecture_hall' : 'theory');
      const [row] = await db.insert(studySessions).values({
        year: cur.year, heldOn: d, startTime: '08:30', endTime: '10:00', topic: spec.topic, form: spec.form, presenter: spec.presenter, location: '部机关三楼会议室',
        materials, invitedUnitIds: [], ruleItemId: it.id, status: 'closed', closings: 1, closedAt: new Date(`${d}T04:00:00Z`), closedBy: organizer.id,
        notes: '历史记录补录：当时的学习积分由个人申报记分', createdBy: organizer.id,
      }).returning();
      await db.insert(sessionAttendance).values(members.map((u) => ({ sessionId: row.id, userId: u.id, sectionId: u.sectionId, status: status(u), markedBy: u.id === organizer.id ? organizer2.id : organizer.id, markedAt: new Date(`${d}T04:00:00Z`) })));
      continue;
    }
    setClock(d);
    const s = await study.create(organizer, {
      heldOn: d, startTime: '08:30', endTime: '10:00', topic: spec.topic, form: spec.form, presenter: spec.presenter, location: '部机关三楼会议室', materials,
    });
    const marks = members.map((u) => ({ userId: u.id, status: leaders.has(u.username) && rand() < 0.2 ? ('leave' as const) : status(u) }));
    await study.mark(organizer, s.id, { entries: marks.filter((m) => m.userId !== organizer.id).map((m) => ({ ...m, note: m.status === 'leave' ? '因公外出' : undefined })) });
    await study.mark(organizer2, s.id, { entries: marks.filter((m) => m.userId === organizer.id) });
    await study.close(organizer, s.id);
    // One correction: a person marked present was on leave — reopened and closed again (a reversing entry).
    if (i === dates.length - 2) {
      const wrong = marks.find((m) => m.status === 'attended' && m.userId !== organizer.id && m.userId !== by.get('zhangwei')!.id)!;
      setClock(addDays(d, 1));
      await study.reopen(organizer, s.id, '考勤登记有误：该同志当天请假');
      await study.mark(organizer, s.id, { entries: [{ userId: wrong.userId, status: 'leave', note: '补登请假' }] });
      await study.close(organizer, s.id);
    }
  }
  // Next Monday: planned, for the whole unit.
  const next = addDays(thisMonday, 7);
  setClock(nowDate);
  const spec = STUDY[dates.length % STUDY.length];
  if (parts(next).year === cur.year) await study.create(organizer, { heldOn: next, startTime: '08:30', endTime: '10:00', topic: spec.topic, form: spec.form, presenter: spec.presenter, location: '部机关三楼会议室' });
  demo.log(`演示数据：每周一学 ${dates.length} 场（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);

  clockRef.t = new Date(demo.now.getTime());
  void sql;
}
