/**
 * Demo 组工信息: the title, staff submissions over the last weeks in every state (so the quota shows who
 * is behind), three published issues this quarter (authors credited through the points system), and a draft
 * issue waiting for the editor. Everything goes through the bulletin service, as real use would.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { users, type UserRow } from '../schema';
import type { DemoContext } from './demo';
import type { AppContext, AuthUser } from '../../server/lib/context';
import { loadConfig } from '../../server/config';
import { addDays, parts, quarterRange, today } from '../../server/lib/dates';
import { createBulletinService } from '../../server/modules/bulletin/bulletin.service';

type P = { lead?: string; text: string };
interface DemoItem { by: string; headline: string; paragraphs: P[]; attribution?: string; kind?: 'original' | 'reference' }

const UNIT = '宿松县委组织部';

const ITEMS: DemoItem[] = [
  { by: 'zhangwei', headline: '宿松县建立“学习积分制”激发组工干部学习潜能', paragraphs: [
    { lead: '细化积分管理。', text: '制定部机关党员积分制管理考评办法，按基础分（50分）、任务分（30分）、奖励分（20分）三大板块进行量化考核，学习、任务、实践一体计分。' },
    { lead: '规范积分流程。', text: '按照“个人申报——计分员记录——党支部审核”程序，经计分员审核无误后记入积分登记表，每月通报公示，每季度交由党支部审定。' },
    { lead: '强化积分运用。', text: '实行“一人一档”管理，积分情况记入干部平时考核，作为年终评优评先的重要依据，对年度积分60分以下的进行约谈。' },
  ] },
  { by: 'lina', headline: '组织科“每周一讲”让业务骨干走上讲台', paragraphs: [
    { lead: '组室轮流。', text: '按照“组室轮流，一人一讲”的原则，每周由一名干部结合本职工作讲业务知识、讲政策法规、讲经验方法。' },
    { lead: '点评提升。', text: '每次讲课结束后由部领导点评，3名干部谈感想、谈体会，互学互促、共同进步。' },
  ] },
  { by: 'zhaolei', headline: '干部科以“墩苗”工程锤炼年轻干部', paragraphs: [
    { text: '今年以来，干部科围绕年轻干部成长规律，持续实施“墩苗”工程。' },
    { lead: '下沉一线。', text: '选派年轻干部到乡镇、社区参与基层治理和重点项目建设，在一线经风雨、长才干。' },
    { lead: '导师帮带。', text: '落实干部成长导师帮带制度，由科室负责人“一对一”指导，定期谈心谈话、跟踪培养。' },
  ] },
  { by: 'songjia', headline: '干部监督科扎实开展警示教育', paragraphs: [
    { lead: '以案说法。', text: '邀请纪检干部以案说法，组织观看廉政纪录片，引导组工干部常拧“螺丝”、常紧“发条”。' },
    { lead: '实地观摩。', text: '组织党员干部赴廉政教育基地实地观摩，守住廉洁底线。' },
  ] },
  { by: 'tangpeng', headline: '人才工作科“双招双引”服务企业发展', paragraphs: [
    { lead: '精准对接。', text: '梳理县内重点企业人才需求清单，赴先发地区开展招才引智活动，促成一批人才项目落地。' },
    { lead: '贴心服务。', text: '建立人才服务专员制度，为引进人才解决住房、子女入学等实际问题。' },
  ] },
  { by: 'wangqiang', headline: '部机关读书会共读《习近平经济思想学习纲要》', paragraphs: [
    { text: '部机关读书会围绕《习近平经济思想学习纲要》开展共读活动，每月一次集中交流，分享读书体会。' },
  ] },
  { by: 'sunli', headline: '部机关开展“主题党日”参观见学活动', paragraphs: [
    { lead: '重温初心。', text: '组织党员赴县革命烈士纪念馆开展主题党日活动，重温入党誓词。' },
    { lead: '学以致用。', text: '结合参观见学撰写心得体会，把学习成果转化为推动工作的实际成效。' },
  ] },
  { by: 'liuyang', headline: '组织科探索党员教育“积分+清单”管理', paragraphs: [
    { text: '组织科在部分村（社区）试点党员教育“积分+清单”管理，将学习教育、志愿服务等纳入积分。' },
  ] },
  { by: 'xinxi', kind: 'reference', attribution: '甘肃省山丹县委组织部', headline: '甘肃山丹：完善机制强化组织部门自身建设', paragraphs: [
    { text: '山丹县委组织部以打造新时代优秀组工干部队伍为目标，多措并举，内强素质、外树形象。' },
    { lead: '学习常态化，提升干部工作能力素质。', text: '深入实施组工干部能力提升计划，通过建立部机关组工课堂等形式，组工干部服务发展、落实工作的能力进一步增强。' },
    { lead: '作风优良化，提升组工干部对外形象。', text: '认真落实每人每周至少一篇组织工作信息宣传制度，不断提高组织工作知情度。' },
  ] },
  { by: 'xinxi', kind: 'reference', attribution: '陕西省麟游县委组织部', headline: '陕西麟游：创新开展“学讲评” 锤炼组工硬本领', paragraphs: [
    { lead: '“每周一学”筑牢政治建设基石。', text: '建立健全集中理论学习会制度，固定学习时间，列出学习计划，通过领导领学、集体研学、个人自学等方式强化理论武装。' },
    { lead: '“每周一评”扛牢作风建设责任。', text: '各组室负责人在每周工作例会上汇报上周工作完成情况，部领导逐一点评，倒逼责任落实。' },
  ] },
];
/** Fresh this week: waiting in the editor's queue, one returned for more detail. */
const QUEUE: DemoItem[] = [
  { by: 'xumin', headline: '干部科完成年度干部档案专项审核', paragraphs: [{ lead: '对标对表。', text: '对照干部人事档案工作条例，逐卷审核，建立问题台账，限时整改到位。' }] },
  { by: 'hujun', headline: '组工干部“学经济”交流群持续活跃', paragraphs: [{ text: '部机关组建学经济交流群，干部及时分享学习心得，形成比学赶超氛围。' }] },
  { by: 'zhengyu', headline: '干部监督科“12380”举报受理规范高效', paragraphs: [{ text: '严格落实举报受理登记、转办、督办制度，做到件件有着落。' }] },
  { by: 'yangfan', headline: '选调生参加“经济微课堂”授课', paragraphs: [{ lead: '讲有所得。', text: '选调生结合基层调研，讲授县域经济发展与组织工作，受到好评。' }] },
];

function asAuth(u: UserRow): AuthUser {
  return { id: u.id, username: u.username, name: u.name, roles: u.roles, unitId: u.unitId, branchId: u.branchId, sectionId: u.sectionId, groupId: u.groupId };
}

export async function seedBulletin(db: Db, demo: DemoContext): Promise<void> {
  demo.log('演示数据：组工信息');
  const clockRef = { t: new Date(demo.now.getTime()) };
  const config = loadConfig({ ...process.env, NODE_ENV: 'development' }, { jwtSecret: 'seed-only-not-used-for-tokens-000000000' });
  const ctx: AppContext = { db, dbKind: 'embedded', config, clock: () => new Date(clockRef.t.getTime()) };
  const svc = createBulletinService(ctx);
  const at = (date: string, hour = 2) => (clockRef.t = new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`));

  const all = await db.select().from(users).where(eq(users.active, true));
  const by = new Map(all.map((u) => [u.username, asAuth(u)]));
  const editor = by.get('xinxi');
  if (!editor) return;
  const nowDate = today(ctx.clock);
  const cur = parts(nowDate);
  // Published issues fall in the current quarter: earlier quarters are approved and closed to new points.
  const qStart = quarterRange(cur.year, cur.quarter).from;
  const clamp = (d: string) => (d < qStart ? qStart : d > nowDate ? nowDate : d);

  const title = await svc.createTitle(editor, {
    name: '组工信息', office: '中共宿松县委组织部办公室', unitId: demo.unitId, sections: ['县内信息', '县外参考'],
    distribution: { bao: '市委组织部，县委常委、组织部长。', song: '县委办、县政府办，各乡镇党委书记。', fa: '各乡镇党委组织委员，部机关各科室（中心）。' },
    startYear: cur.year, startNumber: 18,
  });

  const submit = async (it: DemoItem, on: string, hour = 2) => {
    at(on, hour);
    const u = by.get(it.by);
    if (!u) return null;
    return svc.createItem(u, { headline: it.headline, paragraphs: it.paragraphs, attribution: it.attribution ?? UNIT, kind: it.kind ?? 'original' });
  };

  // Three published issues, each from the items written the week before.
  const plan = [
    { date: clamp(addDays(nowDate, -26)), items: [0, 1, 8] },
    { date: clamp(addDays(nowDate, -12)), items: [2, 3, 9] },
    { date: clamp(addDays(nowDate, -2)), items: [4, 5] },
  ];
  for (const [k, p] of plan.entries()) {
    const ids: number[] = [];
    for (const [j, idx] of p.items.entries()) {
      const written = addDays(p.date, -(3 + j));
      const item = await submit(ITEMS[idx], written < qStart ? qStart : written);
      if (!item) continue;
      at(p.date, 1);
      await svc.review(editor, item.id, 'adopted', undefined);
      ids.push(item.id);
    }
    if (!ids.length) continue;
    at(p.date, 3);
    const issue = await svc.createIssue(editor, { titleId: title.id, itemIds: ids });
    if (k === 0) {
      // The first item of the first issue carried a leader's instruction (领导批示).
      await svc.updateIssue(editor, issue.id, {
        version: issue.version,
        entries: issue.entries.map((e, i) => ({ itemId: e.itemId, section: e.section, mark: i === 0 ? '领导批示' : null })),
      });
    }
    await svc.publish(editor, issue.id, { issueDate: p.date });
  }
  // The 积分制 item was reprinted by the city's bulletin: the reward item, once.
  const firstIssue = await svc.listIssues(editor, { status: 'published', limit: 1, offset: 2 });
  const reprinted = firstIssue.items[0] ? (await svc.getIssue(editor, firstIssue.items[0].id)).entries[0] : null;
  if (reprinted) {
    at(clamp(addDays(nowDate, -5)));
    await svc.markHigher(editor, reprinted.itemId, { publication: `《安庆组工信息》${cur.year} 年第 35 期`, on: today(ctx.clock) });
  }

  // Adopted, waiting for the next issue (a draft holds two of them).
  const adopted: number[] = [];
  for (const idx of [6, 7]) {
    const item = await submit(ITEMS[idx], clamp(addDays(nowDate, -4)));
    if (!item) continue;
    at(nowDate, 1);
    await svc.review(editor, item.id, 'adopted', undefined);
    adopted.push(item.id);
  }
  if (adopted.length) await svc.createIssue(editor, { titleId: title.id, itemIds: adopted.slice(0, 1) });

  // This week's queue: submitted, one returned for more detail, one not adopted.
  const monday = addDays(nowDate, -((new Date(`${nowDate}T00:00:00Z`).getUTCDay() + 6) % 7));
  for (const [k, it] of QUEUE.entries()) {
    const item = await submit(it, monday, 1);
    if (!item) continue;
    at(nowDate, 6);
    if (k === 1) await svc.review(editor, item.id, 'returned', '请补充交流群的具体成效，如分享心得篇数、参与人数');
    if (k === 2) await svc.review(editor, item.id, 'rejected', '属日常业务工作，信息价值不高，建议结合典型案例再行报送');
  }
  clockRef.t = new Date(demo.now.getTime());
}
