import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { orgUnits, users } from '../schema';
import { DEMO_BRANCHES, DEMO_GROUPS, DEMO_PASSWORD, DEMO_PEOPLE, DEMO_UNIT } from './people';

export interface SeedOptions {
  /** Wins over the demo password for the admin account. */
  adminPassword?: string;
  hash: (password: string) => Promise<string>;
  now: Date;
  log?: (msg: string) => void;
  /** Steps that later modules add (rules, points, weekly rhythm, bulletin), run in order after org and people. */
  extraSteps?: Array<(db: Db, ctx: DemoContext) => Promise<void>>;
}

export interface DemoContext {
  now: Date;
  unitId: number;
  branchIds: Record<string, number>;
  sectionIds: Record<string, number>;
  groupIds: number[];
  userIds: Record<string, number>;
  log: (msg: string) => void;
}

/** Creates the demo department. Deterministic: the same people, units and memberships every time. */
export async function seedDemo(db: Db, opts: SeedOptions): Promise<DemoContext> {
  const log = opts.log ?? (() => {});
  log('演示数据：组织与人员');
  const demoHash = await opts.hash(DEMO_PASSWORD);
  const adminHash = opts.adminPassword ? await opts.hash(opts.adminPassword) : demoHash;
  const ctx = await db.transaction(async (tx) => {
    const [unit] = await tx.insert(orgUnits).values({ kind: 'unit', name: DEMO_UNIT }).returning();
    const branchIds: Record<string, number> = {};
    const sectionIds: Record<string, number> = {};
    const sectionBranch: Record<string, number> = {};
    let order = 0;
    for (const b of DEMO_BRANCHES) {
      const [br] = await tx.insert(orgUnits).values({ kind: 'branch', name: b.name, parentId: unit.id, sortOrder: order++ }).returning();
      branchIds[b.key] = br.id;
      for (const s of b.sections) {
        const [sec] = await tx.insert(orgUnits).values({ kind: 'section', name: s.name, parentId: br.id, sortOrder: order++ }).returning();
        sectionIds[s.key] = sec.id;
        sectionBranch[s.key] = br.id;
      }
    }
    const groupRows = await tx
      .insert(orgUnits)
      .values(DEMO_GROUPS.map((name, i) => ({ kind: 'group' as const, name, parentId: unit.id, sortOrder: i })))
      .returning();
    const groupIds = groupRows.map((g) => g.id);
    const userIds: Record<string, number> = {};
    // Study groups mix sections on purpose (桐城: related work, a mix of ages): deal people round-robin.
    let gi = 0;
    for (const p of DEMO_PEOPLE) {
      const isAdminOnly = p.roles.length === 1 && p.roles[0] === 'admin';
      const [row] = await tx
        .insert(users)
        .values({
          username: p.username,
          name: p.name,
          passwordHash: p.username === 'admin' ? adminHash : demoHash,
          roles: p.roles,
          unitId: unit.id,
          branchId: isAdminOnly ? null : sectionBranch[p.section],
          sectionId: isAdminOnly ? null : sectionIds[p.section],
          groupId: isAdminOnly ? null : groupIds[gi++ % groupIds.length],
          title: p.title,
          // The demo accounts are for trying the product: no forced change, except an admin whose password came from ADMIN_PASSWORD is already personal.
          mustChangePassword: false,
        })
        .returning({ id: users.id });
      userIds[p.username] = row.id;
    }
    return { now: opts.now, unitId: unit.id, branchIds, sectionIds, groupIds, userIds, log };
  });
  for (const step of opts.extraSteps ?? []) await step(db, ctx);
  log('演示数据：完成');
  return ctx;
}

export async function hasAnyUser(db: Db): Promise<boolean> {
  const r = await db.select({ id: users.id }).from(users).limit(1);
  return r.length > 0;
}

export async function hasAdmin(db: Db): Promise<boolean> {
  const r = await db.select({ id: users.id }).from(users).where(sql`'admin' = any(${users.roles}) and ${users.active}`).limit(1);
  return r.length > 0;
}
