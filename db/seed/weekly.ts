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
import { approvals, quizQuestions, sessionAttendance, studySessions, users, ruleItems, type UserRow } from '../schema';
import type { DemoContext } from './demo';
import type { AppContext, AuthUser } from '../../server/lib/context';
import { loadConfig } from '../../server/config';
import { addDays, parts, quarterRange, today, weekOf } from '../../server/lib/dates';
import { createStudyService } from '../../server/modules/weekly/study.service';
import { createLectureService } from '../../server/modules/weekly/lecture.service';
import { createTasksService } from '../../server/modules/weekly/tasks.service';
import { createQuizService } from '../../server/modules/weekly/quiz.service';
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

const LECTURES = [
  { topic: '发展党员工作“25 个步骤”', outline: '一、政策依据\n二、入党申请到预备党员的 25 个步骤\n三、常见问题与纠正', comment: '讲得系统，流程清楚，要把常见问题清单发到各支部。' },
  { topic: '干部人事档案专项审核要点', outline: '一、“三龄两历一身份”\n二、审核中发现的典型问题\n三、整改办法', comment: '结合实例讲得透彻，档案工作要细之又细、严之又严。' },
  { topic: '人才政策“一本通”解读', outline: '一、引才政策\n二、用才留才政策\n三、兑现流程', comment: '政策梳理全面，建议做成口袋书，便于基层使用。' },
  { topic: '党员教育“五色”管理', outline: '一、分类标准\n二、动态管理\n三、结果运用', comment: '思路新、抓手实，要在全县推广。' },
  { topic: '干部监督“双向亮晒”机制', outline: '一、亮什么、晒什么\n二、如何约束和激励\n三、下一步打算', comment: '把监督和激励结合起来，这个思路要坚持。' },
  { topic: '公文写作与信息报送', outline: '一、信息稿的结构\n二、好标题从哪里来\n三、常见错误', comment: '实用性强，年轻干部要多学多练，每周至少写一篇信息稿。' },
  { topic: '机关党建“三会一课”规范', outline: '一、制度要求\n二、记录规范\n三、质量提升', comment: '讲清了规范，也讲出了问题，要对照整改。' },
  { topic: '“四型”社区创建的“1234”模式', outline: '一、一个目标\n二、两个抓手\n三、三项机制\n四、四类服务', comment: '总结提炼到位，要形成可复制的经验。' },
];
const REFLECTIONS = [
  '听了“{topic}”，对本职工作的流程和要求有了更系统的认识，今后要把学到的方法用到日常工作中。',
  '这次讲课联系实际、案例鲜活，让我认识到业务工作中还存在不细不实的问题，要补短板。',
  '“{topic}”讲得深入浅出，老同志的经验对我们年轻干部帮助很大，要在实践中不断积累。',
  '通过学习，进一步明确了工作标准，下一步要对照要求查漏补缺，提升工作质效。',
];

/** [category, title, goal, owner username, start %, slack (weeks beyond the window; ≤0 finishes), milestones MM-DD] */
const KEY_TASKS: Array<{ category: string; title: string; goal: string; owner: string; start: number; slack: number; milestones: Array<[string, string]> }> = [
  { category: '政治建设', title: '“每周一学”常态化', goal: '全年开展“每周一学”不少于 40 场次', owner: 'shuji1', start: 60, slack: 2, milestones: [['06-30', '上半年 20 场'], ['12-25', '全年 40 场']] },
  { category: '政治建设', title: '“四优”模范机关创建', goal: '创成市级模范机关', owner: 'shuji1', start: 50, slack: 3, milestones: [['05-31', '制定方案'], ['11-30', '迎接验收']] },
  { category: '基层组织建设', title: '软弱涣散党组织整顿', goal: '排查出的 12 个村（社区）年底前全部转化', owner: 'weiyuan1', start: 45, slack: 6, milestones: [['04-30', '排查摸底'], ['09-30', '集中整顿'], ['11-20', '逐村验收']] },
  { category: '基层组织建设', title: '“四型”社区创建', goal: '打造 5 个示范社区', owner: 'zhangwei', start: 40, slack: 2, milestones: [['06-30', '确定示范点'], ['12-15', '总结推广']] },
  { category: '基层组织建设', title: '村党组织书记专题轮训', goal: '全县村党组织书记轮训全覆盖', owner: 'zhangwei', start: 70, slack: 0, milestones: [['05-15', '第一期'], ['10-15', '最后一期']] },
  { category: '干部队伍建设', title: '年轻干部“墩苗”工程', goal: '选派 4 名优秀年轻干部下沉一线', owner: 'zhaolei', start: 55, slack: 1, milestones: [['03-31', '选派到位'], ['11-27', '中期考核'], ['12-31', '年度总结']] },
  { category: '干部队伍建设', title: '干部人事档案专项审核', goal: '科级干部档案审核全覆盖', owner: 'sunli', start: 75, slack: -1, milestones: [['06-30', '审核过半'], ['10-31', '全部完成']] },
  { category: '干部队伍建设', title: '优秀年轻干部储备', goal: '建立 100 人优秀年轻干部库', owner: 'zhaolei', start: 35, slack: 4, milestones: [['07-31', '摸底推荐'], ['11-26', '考察入库']] },
  { category: '人才工作', title: '“双招双引”人才专班', goal: '引进各类人才 200 名', owner: 'tangpeng', start: 50, slack: 1, milestones: [['06-30', '引进 100 名'], ['12-20', '引进 200 名']] },
  { category: '人才工作', title: '人才政策兑现“一站式”', goal: '政策兑现时限压缩至 15 个工作日', owner: 'fengxue', start: 65, slack: 0, milestones: [['04-30', '流程再造'], ['09-30', '系统上线']] },
  { category: '人才工作', title: '人才公寓建设', goal: '新增人才公寓 120 套', owner: 'tangpeng', start: 30, slack: 7, milestones: [['08-31', '主体完工'], ['11-15', '交付使用']] },
  { category: '党员教育管理', title: '党员教育“五色”管理', goal: '全县党员分类管理全覆盖', owner: 'zengli', start: 55, slack: 2, milestones: [['05-31', '分类标准'], ['11-24', '动态调整']] },
  { category: '党员教育管理', title: '远程教育站点提质', goal: '站点规范化率 100%', owner: 'tianxin', start: 60, slack: 1, milestones: [['09-30', '设备更新']] },
  { category: '党员教育管理', title: '发展党员质量提升', goal: '发展党员“25 个步骤”全程纪实', owner: 'xiaoming', start: 70, slack: 0, milestones: [['06-30', '纪实系统启用']] },
  { category: '干部监督', title: '“343 督考融合”闭环管理', goal: '督查考核一体推进', owner: 'shuji2', start: 45, slack: 3, milestones: [['06-30', '半年督查'], ['12-10', '年终考核']] },
  { category: '干部监督', title: '选人用人专项检查', goal: '对 10 个单位开展专项检查', owner: 'liangchen', start: 50, slack: 5, milestones: [['09-30', '检查 6 个单位'], ['11-30', '检查 10 个单位']] },
  { category: '干部监督', title: '“双向亮晒”机制', goal: '每季度亮晒一次', owner: 'liangchen', start: 65, slack: 1, milestones: [['03-31', '一季度'], ['06-30', '二季度'], ['09-30', '三季度'], ['12-20', '四季度']] },
  { category: '机关自身建设', title: '“勤快严实精细廉”作风建设', goal: '作风建设专项整治', owner: 'shuji1', start: 60, slack: 2, milestones: [['10-31', '自查自纠']] },
  { category: '机关自身建设', title: '组工信息报送', goal: '全年报送信息 150 篇，被市委组织部采用 20 篇', owner: 'xinxi', start: 55, slack: 2, milestones: [['06-30', '上半年 75 篇'], ['12-31', '全年 150 篇']] },
  { category: '乡村振兴', title: '包抓村“四美”乡村建设', goal: '包抓村创成“四美”乡村', owner: 'zhoujie', start: 40, slack: 3, milestones: [['06-30', '环境整治'], ['11-25', '验收评比']] },
  { category: '乡村振兴', title: '帮扶村巨菌草种植', goal: '试验田 50 亩', owner: 'dengkai', start: 50, slack: 0, milestones: [['04-30', '试验田种植'], ['10-31', '收割测产']] },
];
const PROGRESS = [
  '本周召开推进会，{title}整体进度{pct}%，下步按节点倒排推进。',
  '{title}：已完成阶段任务，正在对接相关单位，协调解决场地和经费问题。',
  '本周深入基层调研 2 次，梳理问题清单 5 条，已逐条明确责任人和时限。',
  '按计划推进，完成情况{pct}%，需部领导协调的事项已形成专报。',
];
const COMMENTS: Record<string, string[]> = {
  on_track: ['进展正常，要保持节奏，注重总结经验。', '思路清晰，措施具体，下步要在质量上下功夫。', '按期推进，注意留存过程资料。'],
  at_risk: ['进度偏慢，要倒排工期，下周汇报整改措施。', '存在风险，分管领导要亲自调度，协调解决堵点。'],
  late: ['已滞后，要专班推进，每周报送进展，确保年底前完成。', '滞后原因要深入分析，拿出硬措施，限期赶上。'],
  done: ['任务完成得好，要及时总结提炼，形成可复制的经验。', '完成质量高，可作为信息素材报送。'],
};

const QUIZ: Array<{ kind: 'single' | 'multiple' | 'judge'; stem: string; options: string[]; answer: number[]; explanation?: string }> = [
  { kind: 'single', stem: '《中国共产党组织工作条例》发布于哪一年？', options: ['2019 年', '2020 年', '2021 年', '2022 年'], answer: [2], explanation: '2021 年 6 月发布施行' },
  { kind: 'single', stem: '预备党员的预备期为多长时间？', options: ['三个月', '半年', '一年', '两年'], answer: [2] },
  { kind: 'multiple', stem: '“三会一课”中的“三会”包括？', options: ['支部党员大会', '支部委员会', '党小组会', '职工代表大会'], answer: [0, 1, 2] },
  { kind: 'judge', stem: '发展党员必须经过支部大会讨论。', options: ['正确', '错误'], answer: [0] },
  { kind: 'judge', stem: '干部选拔任用可以不经过民主推荐。', options: ['正确', '错误'], answer: [1], explanation: '民主推荐是必经程序' },
  { kind: 'single', stem: '党员教育管理工作应当坚持的根本指导是？', options: ['习近平新时代中国特色社会主义思想', '部门规章', '地方惯例', '个人经验'], answer: [0] },
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

  // ── 每周一讲 ──
  const lecture = createLectureService(ctx);
  const t1 = Date.now();
  setClock(addDays(openFrom, -1));
  const firstWeek = weekOf(addDays(openFrom, 3)).from;
  const weeksToNow = Math.round((Date.parse(thisMonday) - Date.parse(firstWeek)) / (7 * 86400_000)) + 1;
  const rot = await lecture.generate(organizer, { weeks: weeksToNow + 10, from: firstWeek, holidays: [firstWeek] });
  let given = 0;
  for (const slot of rot.items.filter((x) => x.status === 'planned' && x.weekOf <= thisMonday)) {
    const day = addDays(slot.weekOf, 1); // Tuesday morning, after the weekly meeting
    if (day > nowDate) continue;
    setClock(day);
    const lecturer = all.find((u) => u.id === slot.lecturerId)!;
    const topic = LECTURES[given % LECTURES.length];
    const l = await lecture.create(organizer, { slotId: slot.id, heldOn: day, topic: topic.topic, outline: topic.outline });
    await lecture.give(lecturer.id === organizer.id ? organizer2 : organizer, l.id);
    const leader = asAuth(by.get(given % 2 === 0 || lecturer.username === 'buzhang' ? (lecturer.username === 'fubuzhang' ? 'buzhang' : 'fubuzhang') : 'buzhang')!);
    await lecture.comment(leader, l.id, topic.comment);
    const colleagues = members.filter((m) => m.id !== lecturer.id && !leaders.has(m.username));
    const three = [0, 1, 2].map((k) => colleagues[(given * 7 + k * 11) % colleagues.length]);
    for (const [k, c] of three.entries()) {
      const refl = await lecture.reflect(asAuth(c), l.id, REFLECTIONS[(given + k) % REFLECTIONS.length].replace('{topic}', topic.topic));
      if (k === 0) {
        const r = refl.reflections.find((x) => x.authorId === c.id)!;
        await lecture.creditReflection(c.id === organizer.id ? organizer2 : organizer, r.id);
      }
    }
    given++;
  }
  demo.log(`演示数据：每周一讲 ${given} 期（${((Date.now() - t1) / 1000).toFixed(1)} 秒）`);

  // ── 每周一评: 21 key tasks in 8 categories (宜秀区's list size), reports for the last weeks, leaders' comments ──
  const t2 = Date.now();
  const tasks = createTasksService(ctx);
  const planner = asAuth(by.get('buzhang')!);
  setClock(`${cur.year}-02-20`);
  const ids: number[] = [];
  for (const k of KEY_TASKS) {
    const owner = by.get(k.owner)!;
    const t = await tasks.create(planner, {
      year: cur.year, category: k.category, title: k.title, goal: k.goal, sectionId: owner.sectionId!, ownerId: owner.id,
      milestones: k.milestones.map(([md, title]) => ({ title, dueOn: `${cur.year}-${md}` })),
    });
    ids.push(t.id);
  }
  const commenters = [asAuth(by.get('buzhang')!), asAuth(by.get('fubuzhang')!)];
  const weeks: string[] = [];
  for (let wk = addDays(thisMonday, -7 * 9); wk <= thisMonday; wk = addDays(wk, 7)) weeks.push(wk);
  let reports = 0;
  for (const [wi, wk] of weeks.entries()) {
    const isNow = wk === thisMonday;
    // Reports are made at the Monday meeting; this week's come in through the week, and not everyone has reported yet.
    if (isNow) clockRef.t = new Date(demo.now.getTime());
    else setClock(wk);
    for (const [ti, id] of ids.entries()) {
      const k = KEY_TASKS[ti];
      if (isNow && ti % 4 === 3) continue;
      const owner = asAuth(by.get(k.owner)!);
      const progress = Math.min(100, Math.round(k.start + ((100 - k.start) * (wi + 1)) / (weeks.length + k.slack)));
      const done = k.slack <= 0 && wi >= weeks.length - 3;
      const status = done ? 'done' : k.slack >= 6 && wi >= weeks.length - 4 ? 'late' : k.slack >= 4 && wi >= weeks.length - 5 ? 'at_risk' : 'on_track';
      const pctNow = done ? 100 : Math.min(progress, 95);
      if (done && wi > weeks.length - 3) continue; // reported done once
      const r = await tasks.report(owner, id, { status, percent: pctNow, text: PROGRESS[(ti + wi) % PROGRESS.length].replace('{title}', k.title).replace('{pct}', String(pctNow)) });
      reports++;
      // Leaders comment at the meeting; this week's reports are still waiting for some comments.
      if (!isNow || ti % 3 === 0) {
        await tasks.comment(commenters[(ti + wi) % 2], r.id, COMMENTS[status][(ti + wi) % COMMENTS[status].length]);
      }
    }
  }
  // Milestones already passed are mostly done; a few are late on purpose.
  const ms = await db.execute(sql`select m.id, m.due_on from task_milestones m join key_tasks t on t.id = m.task_id where t.year = ${cur.year} and m.due_on < ${nowDate} order by m.id`);
  const msRows = (Array.isArray(ms) ? ms : (ms as { rows: Array<{ id: number; due_on: string }> }).rows) as Array<{ id: number; due_on: string }>;
  for (const [i, m] of msRows.entries()) {
    if (i % 7 === 3) continue;
    await db.execute(sql`update task_milestones set done_on = ${m.due_on}, done_by = ${planner.id} where id = ${m.id}`);
  }
  demo.log(`演示数据：每周一评 ${ids.length} 项任务、${reports} 条汇报（${((Date.now() - t2) / 1000).toFixed(1)} 秒）`);

  // ── 业务知识测试: a small bank and a test open for the next days; a few have taken it ──
  clockRef.t = new Date(demo.now.getTime());
  await db.insert(quizQuestions).values(QUIZ.map((q) => ({ bank: '组织工作业务知识', ...q, createdBy: organizer.id }))).onConflictDoNothing();
  const quiz = createQuizService(ctx);
  const selfStudy = await item(nowDate, 'self_study');
  const closes = new Date(`${addDays(nowDate, 5)}T10:00:00Z`);
  if (closes > ctx.clock()) {
    const qz = await quiz.create(organizer, { title: '组织工作业务知识测试（第一期）', bank: '组织工作业务知识', closesAt: closes.toISOString(), timeLimitMinutes: 20, passMark: 60, ruleItemId: selfStudy?.id });
    for (const [i, u] of members.filter((m) => m.id !== organizer.id).slice(0, 6).entries()) {
      const a = await quiz.start(asAuth(u), qz.id);
      const answers = Object.fromEntries(a.questions.map((q, k) => [String(q.id), (k + i) % 4 === 0 ? [1] : QUIZ[k].answer]));
      await quiz.submit(asAuth(u), qz.id, { answers });
    }
  }

  clockRef.t = new Date(demo.now.getTime());
  void sql;
}
