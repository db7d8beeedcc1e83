import type { TestApp } from './build-app';
import { actor, seedOrg, type TestOrg } from './factories';

export const RULES_2026 = {
  year: 2026,
  threshold: 60,
  blocks: [
    { code: 'base', name: '基础分', cap: 50 },
    { code: 'task', name: '任务分', cap: 30 },
    { code: 'reward', name: '奖励分', cap: 20 },
  ],
  items: [
    { code: 'theory', name: '集中理论学习', block: 'base', points: 2 },
    { code: 'reading', name: '读书会', block: 'base', points: 2, yearlyCap: 10 },
    { code: 'lecture_hall', name: '经济讲堂', block: 'base', points: 3 },
    { code: 'visit', name: '参观见学', block: 'base', points: 3, evidenceRequired: true },
    { code: 'reflection', name: '撰写学习心得', block: 'task', points: 3, yearlyCap: 12 },
    { code: 'training', name: '参加专题培训班', block: 'task', points: 5 },
    { code: 'micro_lecture', name: '经济微课堂授课', block: 'task', points: 5 },
    { code: 'party_day', name: '组织开展主题党日', block: 'task', points: 4 },
    { code: 'frontline', name: '一线实践锻炼', block: 'reward', points: 5 },
    { code: 'publication', name: '在重要刊物发表文章', block: 'reward', points: 10, evidenceRequired: true, rewardCandidate: true },
  ],
};

export type Actor = Awaited<ReturnType<typeof actor>>;

export interface PointsWorld {
  org: TestOrg;
  admin: Actor;
  cadre: Actor;
  cadre2: Actor;
  sk: Actor;
  sk2: Actor;
  branch: Actor;
  branch2: Actor;
  leader: Actor;
  other: Actor;
  otherSk: Actor;
  items: Record<string, number>;
}

/** Two branches with people in every role, and the 2026 rules set up through the API. */
export async function pointsWorld(t: TestApp): Promise<PointsWorld> {
  const db = t.handle.db;
  const org = await seedOrg(db);
  const b1 = { branchId: org.b1, sectionId: org.s1a, groupId: org.g1, unitId: org.unitId };
  const admin = await actor(t.app, db, { roles: ['admin'] });
  const cadre = await actor(t.app, db, { roles: ['cadre'], ...b1, name: '张伟' });
  const cadre2 = await actor(t.app, db, { roles: ['cadre'], ...b1, sectionId: org.s1b, groupId: org.g2, name: '李娜' });
  const sk = await actor(t.app, db, { roles: ['cadre', 'scorekeeper'], ...b1, name: '吴晓燕' });
  const sk2 = await actor(t.app, db, { roles: ['cadre', 'scorekeeper'], ...b1, sectionId: org.s1b, name: '计分员二' });
  const branch = await actor(t.app, db, { roles: ['cadre', 'branch'], ...b1, name: '石书记' });
  const branch2 = await actor(t.app, db, { roles: ['cadre', 'branch'], ...b1, sectionId: org.s1b, name: '储委员' });
  const leader = await actor(t.app, db, { roles: ['cadre', 'leader'], ...b1, name: '汪部长' });
  const other = await actor(t.app, db, { roles: ['cadre'], branchId: org.b2, sectionId: org.s2a, groupId: org.g2, unitId: org.unitId, name: '二支部党员' });
  const otherSk = await actor(t.app, db, { roles: ['cadre', 'scorekeeper'], branchId: org.b2, sectionId: org.s2a, unitId: org.unitId, name: '二支部计分员' });
  const res = await t.app.inject({ method: 'POST', url: '/api/rules', headers: admin.h, payload: RULES_2026 });
  if (res.statusCode !== 201) throw new Error(`rules: ${res.statusCode} ${res.body}`);
  const items = Object.fromEntries(res.json().items.map((i: { code: string; id: number }) => [i.code, i.id]));
  return { org, admin, cadre, cadre2, sk, sk2, branch, branch2, leader, other, otherSk, items };
}

/** Submit a claim through the API and return its id. */
export async function submit(t: TestApp, who: Actor, ruleItemId: number, occurredOn: string, quantity = 1, description = '参加学习') {
  const r = await t.app.inject({ method: 'POST', url: '/api/claims', headers: who.h, payload: { ruleItemId, occurredOn, quantity, description } });
  if (r.statusCode !== 201) throw new Error(`submit: ${r.statusCode} ${r.body}`);
  return r.json().id as number;
}

export async function record(t: TestApp, sk: Actor, id: number, body: Record<string, unknown> = {}) {
  const r = await t.app.inject({ method: 'POST', url: `/api/claims/${id}/record`, headers: sk.h, payload: body });
  if (r.statusCode !== 200) throw new Error(`record: ${r.statusCode} ${r.body}`);
  return r.json();
}
