import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { claims, ledgerEntries, ruleBlocks, ruleItems, ruleSets, type Block, type RuleItemRow } from '../../../db/schema';
import type { Executor } from '../../../db/client';
import type { AppContext, AuthUser } from '../../lib/context';
import { audit } from '../../lib/audit';
import { ensureYearRows } from '../claims/ledger';
import { ConflictError, NotFoundError, fieldError } from '../../lib/errors';
import type { RuleItemInputT, RuleItemT, RuleSetInputT, RuleSetT } from './rules.schemas';

export const BLOCK_NAMES: Record<Block, string> = { base: '基础分', task: '任务分', reward: '奖励分' };

export interface Caps {
  threshold: number;
  blockCaps: Record<Block, number>;
  itemCaps: Map<number, number | null>;
  items: Map<number, RuleItemRow>;
}

const toItem = (r: RuleItemRow): RuleItemT => ({
  id: r.id, code: r.code, name: r.name, block: r.block, points: r.points, yearlyCap: r.yearlyCap, evidenceRequired: r.evidenceRequired,
  description: r.description, rewardCandidate: r.rewardCandidate, active: r.active,
});

/** True once any point was recorded under the year's rules: from then on items may only be added or retired. */
export async function yearLocked(ex: Executor, year: number): Promise<boolean> {
  const r = await ex.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.year, year)).limit(1);
  return r.length > 0;
}

/** The caps of a year, for computing totals. Cached per process: rule sets are immutable once points exist. */
export async function loadCaps(ex: Executor, year: number): Promise<Caps | null> {
  const [set] = await ex.select().from(ruleSets).where(eq(ruleSets.year, year));
  if (!set) return null;
  const blocks = await ex.select().from(ruleBlocks).where(eq(ruleBlocks.ruleSetId, set.id));
  const items = await ex.select().from(ruleItems).where(eq(ruleItems.year, year));
  const blockCaps = { base: 0, task: 0, reward: 0 } as Record<Block, number>;
  for (const b of blocks) blockCaps[b.code] = b.cap;
  return {
    threshold: set.threshold,
    blockCaps,
    itemCaps: new Map(items.map((i) => [i.id, i.yearlyCap])),
    items: new Map(items.map((i) => [i.id, i])),
  };
}

function checkInput(input: RuleSetInputT) {
  const codes = input.blocks.map((b) => b.code).sort().join();
  if (codes !== 'base,reward,task') throw fieldError('blocks', '必须恰好包含 base、task、reward 三个板块');
  const seen = new Set<string>();
  input.items.forEach((it, i) => {
    if (seen.has(it.code)) throw fieldError(`items.${i}.code`, `编码“${it.code}”重复`);
    seen.add(it.code);
  });
}

export function createRulesService(ctx: AppContext) {
  const { db } = ctx;

  async function get(year: number, ex: Executor = db): Promise<RuleSetT> {
    const [set] = await ex.select().from(ruleSets).where(eq(ruleSets.year, year));
    if (!set) throw new NotFoundError(`${year} 年尚未制定积分管理办法`, 'RULES_NOT_FOUND');
    const blocks = await ex.select().from(ruleBlocks).where(eq(ruleBlocks.ruleSetId, set.id));
    const items = await ex.select().from(ruleItems).where(eq(ruleItems.year, year)).orderBy(asc(ruleItems.sortOrder), asc(ruleItems.id));
    const order: Block[] = ['base', 'task', 'reward'];
    return {
      year,
      threshold: set.threshold,
      locked: await yearLocked(ex, year),
      blocks: order.map((c) => blocks.find((b) => b.code === c)).filter(Boolean).map((b) => ({ code: b!.code, name: b!.name, cap: b!.cap })),
      items: items.map(toItem),
    };
  }

  async function years() {
    const rows = await db
      .select({
        year: ruleSets.year,
        threshold: ruleSets.threshold,
        // Correlated on the outer row by explicit aliases: bare column references would render as "year" = "year".
        itemCount: sql<number>`(select count(*)::int from ${ruleItems} ri where ri."year" = ${ruleSets}."year")`,
        locked: sql<boolean>`exists (select 1 from ${ledgerEntries} le where le."year" = ${ruleSets}."year")`,
      })
      .from(ruleSets)
      .orderBy(sql`${ruleSets.year} desc`);
    return { items: rows.map((r) => ({ ...r, itemCount: Number(r.itemCount) })), total: rows.length };
  }

  /** Creates a year's rule set, or replaces it while no point has been recorded under it. */
  async function put(actor: AuthUser, input: RuleSetInputT, ip?: string): Promise<RuleSetT> {
    checkInput(input);
    return db.transaction(async (tx) => {
      // One writer per year: a concurrent record or edit waits here.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('rules'), ${input.year})`);
      if (await yearLocked(tx, input.year)) {
        throw new ConflictError('RULES_LOCKED', `${input.year} 年已有记录在册的积分，不能修改原有项目；请新增项目或停用旧项目`);
      }
      const before = await tx.select().from(ruleSets).where(eq(ruleSets.year, input.year));
      let setId: number;
      if (before[0]) {
        setId = before[0].id;
        await tx.update(ruleSets).set({ threshold: input.threshold, updatedAt: new Date() }).where(eq(ruleSets.id, setId));
        await tx.delete(ruleBlocks).where(eq(ruleBlocks.ruleSetId, setId));
      } else {
        [{ id: setId }] = await tx.insert(ruleSets).values({ year: input.year, threshold: input.threshold }).returning({ id: ruleSets.id });
      }
      await tx.insert(ruleBlocks).values(input.blocks.map((b) => ({ ruleSetId: setId, code: b.code, name: b.name, cap: b.cap })));
      const existing = await tx.select().from(ruleItems).where(eq(ruleItems.year, input.year));
      const byCode = new Map(existing.map((e) => [e.code, e]));
      for (const [i, it] of input.items.entries()) {
        const values = {
          name: it.name, block: it.block, points: it.points, yearlyCap: it.yearlyCap ?? null, evidenceRequired: it.evidenceRequired ?? false,
          description: it.description ?? null, rewardCandidate: it.rewardCandidate ?? false, sortOrder: i, active: true, updatedAt: new Date(),
        };
        const old = byCode.get(it.code);
        // Pending claims keep the points they were submitted with (snapshotted on the claim).
        if (old) await tx.update(ruleItems).set(values).where(eq(ruleItems.id, old.id));
        else await tx.insert(ruleItems).values({ ...values, ruleSetId: setId, year: input.year, code: it.code });
      }
      const dropped = existing.filter((e) => !input.items.some((i) => i.code === e.code));
      if (dropped.length) {
        const used = await tx.select({ id: claims.ruleItemId }).from(claims).where(inArray(claims.ruleItemId, dropped.map((d) => d.id)));
        const usedIds = new Set(used.map((u) => u.id));
        const retire = dropped.filter((d) => usedIds.has(d.id)).map((d) => d.id);
        const remove = dropped.filter((d) => !usedIds.has(d.id)).map((d) => d.id);
        if (retire.length) await tx.update(ruleItems).set({ active: false }).where(inArray(ruleItems.id, retire));
        if (remove.length) await tx.delete(ruleItems).where(inArray(ruleItems.id, remove));
      }
      await ensureYearRows(tx, input.year);
      const after = await get(input.year, tx);
      await audit(tx, { actorId: actor.id, action: before[0] ? 'rules.replace' : 'rules.create', entity: 'rule_set', entityId: input.year, after, ip });
      return after;
    });
  }

  /** Adds an item to a year, allowed even after points were recorded (history is untouched). */
  async function addItem(actor: AuthUser, year: number, it: RuleItemInputT, ip?: string): Promise<RuleItemT> {
    return db.transaction(async (tx) => {
      const [set] = await tx.select().from(ruleSets).where(eq(ruleSets.year, year));
      if (!set) throw new NotFoundError(`${year} 年尚未制定积分管理办法`, 'RULES_NOT_FOUND');
      const [dup] = await tx.select({ id: ruleItems.id }).from(ruleItems).where(and(eq(ruleItems.year, year), eq(ruleItems.code, it.code)));
      if (dup) throw new ConflictError('RULE_ITEM_EXISTS', `编码“${it.code}”在 ${year} 年已存在`);
      const [{ n }] = await tx.select({ n: sql<number>`coalesce(max(${ruleItems.sortOrder}), 0)::int` }).from(ruleItems).where(eq(ruleItems.year, year));
      const [row] = await tx
        .insert(ruleItems)
        .values({
          ruleSetId: set.id, year, code: it.code, name: it.name, block: it.block, points: it.points, yearlyCap: it.yearlyCap ?? null,
          evidenceRequired: it.evidenceRequired ?? false, description: it.description ?? null, rewardCandidate: it.rewardCandidate ?? false, sortOrder: Number(n) + 1,
        })
        .returning();
      await audit(tx, { actorId: actor.id, action: 'rules.add_item', entity: 'rule_item', entityId: row.id, after: row, ip });
      return toItem(row);
    });
  }

  /** Retires an item: no new claims, history kept. */
  async function setItemActive(actor: AuthUser, id: number, active: boolean, ip?: string): Promise<RuleItemT> {
    return db.transaction(async (tx) => {
      const [row] = await tx.update(ruleItems).set({ active, updatedAt: new Date() }).where(eq(ruleItems.id, id)).returning();
      if (!row) throw new NotFoundError('积分项目不存在');
      await audit(tx, { actorId: actor.id, action: active ? 'rules.restore_item' : 'rules.retire_item', entity: 'rule_item', entityId: id, ip });
      return toItem(row);
    });
  }

  return { get, years, put, addItem, setItemActive };
}
