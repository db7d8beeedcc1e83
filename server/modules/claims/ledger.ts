import { and, eq, sql } from 'drizzle-orm';
import { claims, ledgerEntries, memberItemTotals, memberMonthTotals, memberYearTotals, type Block, type ClaimRow, type LedgerKind } from '../../../db/schema';
import type { Executor } from '../../../db/client';
import { rows } from '../../../db/client';
import { loadCaps, type Caps } from '../rules/rules.service';

export interface ItemTotal {
  ruleItemId: number;
  block: Block;
  points: number;
}

export interface CappedTotals {
  base: number;
  task: number;
  reward: number;
  total: number;
  overflow: number;
  raw: number;
  /** Per block: the sum after item caps, before the block cap. */
  blockRaw: Record<Block, number>;
}

/**
 * Caps apply to sums, never to recording order: each item's year sum is cut at its yearly cap,
 * then each block's sum at the block cap. Whatever was cut is overflow (溢出).
 */
export function applyCaps(items: ItemTotal[], caps: Pick<Caps, 'blockCaps' | 'itemCaps'>): CappedTotals {
  const blockRaw: Record<Block, number> = { base: 0, task: 0, reward: 0 };
  let raw = 0;
  for (const it of items) {
    const pts = Math.max(0, it.points);
    raw += pts;
    const cap = caps.itemCaps.get(it.ruleItemId);
    blockRaw[it.block] += cap == null ? pts : Math.min(pts, cap);
  }
  const base = Math.min(blockRaw.base, caps.blockCaps.base);
  const task = Math.min(blockRaw.task, caps.blockCaps.task);
  const reward = Math.min(blockRaw.reward, caps.blockCaps.reward);
  const total = base + task + reward;
  return { base, task, reward, total, overflow: raw - total, raw, blockRaw };
}

export interface PostInput {
  claim: Pick<ClaimRow, 'id' | 'userId' | 'branchId' | 'ruleItemId' | 'block' | 'year' | 'month' | 'occurredOn'>;
  points: number;
  kind: LedgerKind;
  reason?: string | null;
  createdBy: number | null;
  at: Date;
}

/**
 * Appends one ledger entry and updates the member's aggregates in the same transaction.
 * The member-year row is locked first, so concurrent entries for one person serialize and
 * the capped total is always recomputed from committed sums.
 */
export async function postLedger(tx: Executor, e: PostInput): Promise<void> {
  const { claim } = e;
  // A rule-set replacement for the year waits for us, and we for it.
  await tx.execute(sql`select pg_advisory_xact_lock_shared(hashtext('rules'), ${claim.year})`);
  await ensureYearRows(tx, claim.year, [claim.userId]);
  await rows(tx, sql`select 1 from member_year_totals where user_id = ${claim.userId} and year = ${claim.year} for update`);
  await tx.insert(ledgerEntries).values({
    claimId: claim.id, userId: claim.userId, branchId: claim.branchId, ruleItemId: claim.ruleItemId, block: claim.block,
    year: claim.year, month: claim.month, occurredOn: claim.occurredOn, points: e.points, kind: e.kind, reason: e.reason ?? null,
    createdBy: e.createdBy, createdAt: e.at,
  });
  await tx
    .insert(memberItemTotals)
    .values({ userId: claim.userId, year: claim.year, ruleItemId: claim.ruleItemId, block: claim.block, points: e.points })
    .onConflictDoUpdate({
      target: [memberItemTotals.userId, memberItemTotals.year, memberItemTotals.ruleItemId],
      set: { points: sql`${memberItemTotals.points} + ${e.points}` },
    });
  const blockCol = { base: memberMonthTotals.base, task: memberMonthTotals.task, reward: memberMonthTotals.reward }[claim.block];
  await tx
    .insert(memberMonthTotals)
    .values({ userId: claim.userId, year: claim.year, month: claim.month, [claim.block]: e.points, total: e.points })
    .onConflictDoUpdate({
      target: [memberMonthTotals.userId, memberMonthTotals.year, memberMonthTotals.month],
      set: { [claim.block]: sql`${blockCol} + ${e.points}`, total: sql`${memberMonthTotals.total} + ${e.points}` },
    });
  await recomputeYear(tx, claim.userId, claim.year, e.at);
  await tx.update(claims).set({ netPoints: sql`${claims.netPoints} + ${e.points}` }).where(eq(claims.id, claim.id));
}

/**
 * Makes sure members have a (zero) year row, so rankings can read member_year_totals alone in total order.
 * Without userIds: every active member (cadre with a branch).
 */
export async function ensureYearRows(tx: Executor, year: number, userIds?: number[]): Promise<void> {
  const who = userIds ? sql`u.id in ${userIds}` : sql`u.active and u.branch_id is not null and 'cadre' = any(u.roles)`;
  await tx.execute(sql`insert into member_year_totals (user_id, year, branch_id, section_id, group_id, ranked)
    select u.id, ${year}, u.branch_id, u.section_id, u.group_id, (u.active and u.branch_id is not null and 'cadre' = any(u.roles)) from users u where ${who}
    on conflict (user_id, year) do nothing`);
}

/** Keeps the copied placement and ranking flag in step when a member moves, changes roles or is (de)activated. */
export async function syncPlacement(tx: Executor, userId: number): Promise<void> {
  await tx.execute(sql`update member_year_totals t set branch_id = u.branch_id, section_id = u.section_id, group_id = u.group_id,
      ranked = (u.active and u.branch_id is not null and 'cadre' = any(u.roles))
    from users u where u.id = ${userId} and t.user_id = u.id`);
}

/** Recomputes one member's capped year totals from the item sums. */
export async function recomputeYear(tx: Executor, userId: number, year: number, at: Date): Promise<CappedTotals> {
  const caps = await loadCaps(tx, year);
  const items = await tx
    .select({ ruleItemId: memberItemTotals.ruleItemId, block: memberItemTotals.block, points: memberItemTotals.points })
    .from(memberItemTotals)
    .where(and(eq(memberItemTotals.userId, userId), eq(memberItemTotals.year, year)));
  const t = applyCaps(items, caps ?? { blockCaps: { base: 0, task: 0, reward: 0 }, itemCaps: new Map() });
  const published = caps ? items.filter((i) => caps.items.get(i.ruleItemId)?.rewardCandidate && i.points > 0).length : 0;
  await tx
    .update(memberYearTotals)
    .set({ base: t.base, task: t.task, reward: t.reward, total: t.total, overflow: t.overflow, raw: t.raw, published, updatedAt: at })
    .where(and(eq(memberYearTotals.userId, userId), eq(memberYearTotals.year, year)));
  return t;
}
