/**
 * Demo points: the previous year complete (four approved quarters) and the current year up to today —
 * published months, approved quarters, an upheld and a dismissed objection, an open publicity window,
 * and this month's claims in every state. Everything goes through the services, so the ledger,
 * aggregates and audit log are exactly what real use would leave.
 */
import { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { users, type UserRow } from '../schema';
import type { DemoContext } from './demo';
import type { AppContext, AuthUser } from '../../server/lib/context';
import { loadConfig } from '../../server/config';
import { createRulesService } from '../../server/modules/rules/rules.service';
import { createClaimsService } from '../../server/modules/claims/claims.service';
import { createPublicityService } from '../../server/modules/publicity/publicity.service';
import { createResultsService } from '../../server/modules/results/results.service';
import { addWorkingDays, parts, quarterRange, today } from '../../server/lib/dates';

export const DEMO_RULE_ITEMS = [
  { code: 'theory', name: '集中理论学习', block: 'base', points: 2, description: '按学习计划参加部机关集中理论学习，每次 2 分' },
  { code: 'reading', name: '读书会', block: 'base', points: 2, yearlyCap: 12, description: '参加读书会并交流发言，每次 2 分，全年最多 12 分' },
  { code: 'lecture_hall', name: '经济讲堂', block: 'base', points: 3, description: '参加“周一专家经济讲堂”，每次 3 分' },
  { code: 'visit', name: '参观见学', block: 'base', points: 3, evidenceRequired: true, description: '参加组织的参观见学活动，每次 3 分，须附照片' },
  { code: 'self_study', name: '个人自学', block: 'base', points: 1, yearlyCap: 10, description: '个人自学并提交学习笔记，每次 1 分，全年最多 10 分' },
  { code: 'reflection', name: '撰写学习心得', block: 'task', points: 3, yearlyCap: 12, description: '撰写学习心得体会，每篇 3 分，全年最多 12 分' },
  { code: 'training', name: '参加专题培训班', block: 'task', points: 5, evidenceRequired: true, description: '参加专题培训班并结业，每期 5 分，须附结业证明' },
  { code: 'micro_lecture', name: '经济微课堂授课', block: 'task', points: 5, description: '在“经济微课堂”或“每周一讲”授课，每次 5 分' },
  { code: 'party_day', name: '组织开展主题党日', block: 'task', points: 4, description: '牵头组织专题“主题党日”活动，每次 4 分' },
  { code: 'info_adopted', name: '信息被采用', block: 'task', points: 2, description: '撰写的信息稿被《组工信息》采用，每篇 2 分' },
  { code: 'frontline', name: '一线实践锻炼', block: 'reward', points: 5, description: '到先发地区、双招双引、重点工作一线实践锻炼，每次 5 分' },
  { code: 'publication', name: '在重要刊物发表文章', block: 'reward', points: 10, evidenceRequired: true, rewardCandidate: true, description: '在省级以上重要刊物发表相关文章，每篇 10 分，须附刊物' },
] as const;

export const DEMO_BLOCKS = [
  { code: 'base', name: '基础分', cap: 50 },
  { code: 'task', name: '任务分', cap: 30 },
  { code: 'reward', name: '奖励分', cap: 20 },
] as const;

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const THEORY_TOPICS = ['党的二十届四中全会精神', '习近平经济思想学习纲要', '《中国共产党组织工作条例》', '省市党代会精神', '新时代党的组织路线', '高质量发展与县域经济', '招商引资政策解读', '乡村振兴重点任务'];

/** A small solid-colour PNG, different for every seed: stands in for a photo or a certificate scan. */
export function demoPng(seed: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const w = 24;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(w, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const row = Buffer.alloc(1 + w * 3);
  for (let x = 0; x < w; x++) row.set([(seed * 37) & 255, (seed * 91 + x) & 255, (seed * 53) & 255], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: w }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function asAuth(u: UserRow): AuthUser {
  return { id: u.id, username: u.username, name: u.name, roles: u.roles, unitId: u.unitId, branchId: u.branchId, sectionId: u.sectionId, groupId: u.groupId };
}

export async function seedPoints(db: Db, demo: DemoContext): Promise<void> {
  const clockRef = { t: new Date(demo.now.getTime()) };
  const config = loadConfig({ ...process.env, NODE_ENV: 'development' }, { jwtSecret: 'seed-only-not-used-for-tokens-000000000' });
  const ctx: AppContext = { db, dbKind: 'embedded', config, clock: () => new Date(clockRef.t.getTime()) };
  const rules = createRulesService(ctx);
  const claimsSvc = createClaimsService(ctx);
  const publicity = createPublicityService(ctx);
  const results = createResultsService(ctx);
  const setClock = (iso: string) => (clockRef.t = new Date(iso));

  const all = await db.select().from(users);
  const byName = new Map(all.map((u) => [u.username, u]));
  const admin = asAuth(byName.get('admin')!);
  const members = all.filter((u) => u.roles.includes('cadre') && u.branchId != null);
  const nowDate = today(ctx.clock);
  const cur = parts(nowDate);
  const years = [cur.year - 1, cur.year];

  for (const year of years) {
    await rules.put(admin, { year, threshold: 60, blocks: DEMO_BLOCKS.map((b) => ({ ...b })), items: DEMO_RULE_ITEMS.map((i) => ({ ...i })) });
  }

  const scorekeepers = new Map<number, AuthUser[]>();
  const branchPeople = new Map<number, AuthUser[]>();
  for (const u of all) {
    if (u.branchId == null) continue;
    if (u.roles.includes('scorekeeper')) scorekeepers.set(u.branchId, [...(scorekeepers.get(u.branchId) ?? []), asAuth(u)]);
    if (u.roles.includes('branch')) branchPeople.set(u.branchId, [...(branchPeople.get(u.branchId) ?? []), asAuth(u)]);
  }
  const branchIds = [...branchPeople.keys()].sort((a, b) => a - b);
  /** A scorekeeper of the claimant's branch other than the claimant. */
  const keeperFor = (u: UserRow) => (scorekeepers.get(u.branchId!) ?? []).find((s) => s.id !== u.id) ?? (scorekeepers.get(u.branchId!) ?? [])[0];
  const items = (year: number) => rules.get(year).then((r) => new Map(r.items.map((i) => [i.code, i.id])));

  // Each person's diligence decides how much they study; a few are deliberately behind (the 约谈 list).
  const diligence = new Map<number, number>();
  const laggards = new Set(['hanbing', 'luohao', 'caiyun', 'jiangtao']);
  const r0 = rng(20211221);
  for (const m of members) diligence.set(m.id, laggards.has(m.username) ? 0.35 + r0() * 0.2 : 0.75 + r0() * 0.5);

  let total = 0;
  for (const year of years) {
    const ids = await items(year);
    const lastMonth = year < cur.year ? 12 : cur.month;
    const rand = rng(year * 7 + 1);
    demo.log(`演示数据：${year} 年积分（${lastMonth} 个月）`);
    for (let month = 1; month <= lastMonth; month++) {
      const mm = String(month).padStart(2, '0');
      const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const isCurrent = year === cur.year && month === cur.month;
      const maxDay = isCurrent ? Math.max(1, cur.day - 1) : lastDay;
      const day = (d: number) => `${year}-${mm}-${String(Math.min(d, maxDay)).padStart(2, '0')}`;
      // Claims are submitted and recorded during the month (their own month, so publication sees them).
      setClock(`${day(maxDay)}T02:00:00Z`);
      if (month % 3 === 0 || month === lastMonth) demo.log(`演示数据：${year} 年 ${month} 月（已生成申报 ${total} 条）`);
      for (const m of members) {
        const d = diligence.get(m.id)!;
        const plan: Array<{ code: string; qty: number; on: string; text: string }> = [];
        const theory = Math.round(d * 2.2 * (0.8 + rand() * 0.4));
        if (theory > 0) plan.push({ code: 'theory', qty: Math.min(theory, 4), on: day(8), text: `参加部机关集中理论学习 ${Math.min(theory, 4)} 次，学习${THEORY_TOPICS[(month + m.id) % THEORY_TOPICS.length]}` });
        if (rand() < 0.35 * d) plan.push({ code: 'reading', qty: 1, on: day(15), text: '参加部机关读书会，交流《习近平经济思想学习纲要》读书体会' });
        if (rand() < 0.25 * d) plan.push({ code: 'lecture_hall', qty: 1, on: day(20), text: '参加周一专家经济讲堂：产业链招商与项目建设' });
        if (rand() < 0.3 * d) plan.push({ code: 'reflection', qty: 1, on: day(25), text: '撰写学习心得：把学习成果转化为推动高质量发展的实际成效' });
        if (rand() < 0.09 * d) plan.push({ code: 'micro_lecture', qty: 1, on: day(12), text: '在经济微课堂讲授“县域经济发展与组织工作”' });
        if (rand() < 0.07) plan.push({ code: 'party_day', qty: 1, on: day(1), text: '牵头组织“学经济、提能力、促发展”主题党日' });
        if (rand() < 0.06 * d) plan.push({ code: 'frontline', qty: 1, on: day(18), text: '赴先发地区开展双招双引一线实践锻炼一周' });
        if (rand() < 0.012 * d) plan.push({ code: 'publication', qty: 1, on: day(26), text: '在《党建研究》发表文章《以学习积分制激发组工干部学习潜能》' });
        for (const p of plan) {
          if (isCurrent && rand() < 0.45) continue; // this month's claims are created below, in every state
          const c = await claimsSvc.create(asAuth(m), { ruleItemId: ids.get(p.code)!, occurredOn: p.on, quantity: p.qty, description: p.text });
          total++;
          const evidenceNeeded = DEMO_RULE_ITEMS.find((i) => i.code === p.code && 'evidenceRequired' in i);
          if (evidenceNeeded && rand() < 0.9) {
            await claimsSvc.addEvidence(asAuth(m), c.id, { file: Readable.from([demoPng(c.id)]), filename: p.code === 'publication' ? '刊物版面.png' : p.code === 'training' ? '结业证书.png' : '活动照片.png' });
          }
          if (evidenceNeeded || isCurrent) continue; // decided below, like a scorekeeper's queue
          const keeper = keeperFor(m);
          const adjust = rand() < 0.04 && p.qty > 1;
          await claimsSvc.record(keeper, c.id, adjust ? { points: c.claimedPoints - 2, reason: '其中一次学习请假，按实际参加次数记分' } : {});
        }
      }
      // Evidence-required claims that were left: return or reject a few, withdraw none; the rest stay pending only this month.
      if (!isCurrent) {
        const pending = await claimsSvc.list(admin, { status: 'submitted', year, month, limit: 500 });
        for (const c of pending.items) {
          const claimant = all.find((u) => u.id === c.userId)!;
          const keeper = keeperFor(claimant);
          if (c.evidenceCount === 0) await claimsSvc.decide(keeper, c.id, 'rejected', '未提供结业证明、照片或刊物，不予记分');
          else await claimsSvc.record(keeper, c.id, {});
        }
      }
      // Publish the month early the next month, when that is in the past.
      const pubDay = new Date(Date.UTC(year, month, 3, 2));
      if (pubDay.toISOString().slice(0, 10) < nowDate) {
        setClock(pubDay.toISOString());
        for (const b of branchIds) {
          const sk = scorekeepers.get(b)![0];
          const pub = await publicity.publish(sk, { branchId: b, year, month });
          // One upheld and one dismissed objection in the current year, in February.
          if (year === cur.year && month === 2 && b === branchIds[0] && pub.claims.length > 3) {
            setClock(addWorkingDays(pubDay, 1).toISOString());
            const members1 = members.filter((m) => m.branchId === b);
            const target1 = pub.claims[0];
            const target2 = pub.claims[1];
            const objector1 = members1.find((m) => m.id !== target1.userId && !m.roles.includes('branch'))!;
            const objector2 = members1.find((m) => m.id !== target2.userId && m.id !== objector1.id && !m.roles.includes('branch'))!;
            const o1 = await publicity.object(asAuth(objector1), pub.id, { claimId: target1.claimId, reason: `${target1.occurredOn} 当天${target1.userName}在外出差，未参加该次学习` });
            const o2 = await publicity.object(asAuth(objector2), pub.id, { claimId: target2.claimId, reason: '该项目分值是否按办法执行？' });
            setClock(addWorkingDays(pubDay, 3).toISOString());
            const judge = (id: number) => branchPeople.get(b)!.find((p) => p.id !== id && p.id !== objector1.id && p.id !== objector2.id)!;
            await publicity.rule(judge(target1.userId), o1.id, { upheld: true, note: '经核对考勤记录，异议成立，冲销该次积分' });
            await publicity.rule(judge(target2.userId), o2.id, { upheld: false, note: '分值符合积分管理办法，异议不成立' });
          }
        }
      }
      // Approve a quarter three weeks after it ends; own points co-approved by another branch member.
      if (month % 3 === 0) {
        const q = month / 3;
        const approveOn = new Date(new Date(`${quarterRange(year, q).to}T02:00:00Z`).getTime() + 21 * 86400_000);
        if (approveOn.toISOString().slice(0, 10) < nowDate) {
          setClock(approveOn.toISOString());
          for (const b of branchIds) {
            const [first, second] = branchPeople.get(b)!;
            const a = await publicity.approve(first, { branchId: b, year, quarter: q, note: '经支部委员会审定' });
            if (!a.complete && second) await publicity.approve(second, { branchId: b, year, quarter: q });
          }
        }
      }
    }
  }

  // This month, as the morning finds it: a queue with a few returned, rejected and withdrawn claims.
  setClock(demo.now.toISOString());
  const curIds = await items(cur.year);
  const queue = await claimsSvc.list(admin, { status: 'submitted', year: cur.year, month: cur.month, limit: 500, order: 'queue' });
  const rq = rng(cur.month);
  let n = 0;
  for (const c of queue.items) {
    const claimant = all.find((u) => u.id === c.userId)!;
    const keeper = keeperFor(claimant);
    if (c.evidenceRequired && c.evidenceCount === 0) continue;
    n++;
    if (n <= 2) await claimsSvc.decide(keeper, c.id, 'returned', '请补充学习内容、时间和地点后重新提交');
    else if (n === 3) await claimsSvc.decide(keeper, c.id, 'rejected', '该活动不属于积分管理办法所列项目');
    else if (rq() < 0.5) await claimsSvc.record(keeper, c.id, {});
  }
  const zhang = byName.get('zhangwei')!;
  const extra = await claimsSvc.create(asAuth(zhang), { ruleItemId: curIds.get('self_study')!, occurredOn: nowDate, quantity: 1, description: '个人自学《中国共产党组织工作条例》并撰写笔记' });
  const w = await claimsSvc.create(asAuth(zhang), { ruleItemId: curIds.get('reading')!, occurredOn: nowDate, quantity: 1, description: '读书会（重复提交）' });
  await claimsSvc.withdraw(asAuth(zhang), w.id);
  total += 2;
  void extra;

  // Talks for last year's talk list.
  const prev = cur.year - 1;
  const annualPrev = await results.annual(admin, prev);
  const leader = asAuth(byName.get('buzhang')!);
  setClock(`${cur.year}-01-15T02:00:00Z`);
  for (const i of annualPrev.items.filter((x) => x.talkList).slice(0, 2)) {
    await results.addTalk(leader, { userId: i.userId, year: prev, talkedOn: `${cur.year}-01-15`, talkedBy: '汪振华（部长）', notes: '分析学习积分偏低原因，明确今年每月至少参加 2 次集中学习、每季度撰写 1 篇学习心得。' });
  }
  setClock(demo.now.toISOString());
  await db.execute(sql`select 1`);
  demo.log(`演示数据：积分申报 ${total} 条`);
  void eq;
}
