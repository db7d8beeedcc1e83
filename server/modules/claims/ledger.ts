import { eq, sql } from 'drizzle-orm';
import { claims, ledgerEntries, memberItemTotals, memberMonthTotals, type Block, type ClaimRow, type LedgerKind } from '../../../db/schema';
import type { Executor } from '../../../db/client';
import type { Caps } from '../rules/rules.service';

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
  // Creating or touching the member's year row takes its row lock: entries for one person serialize here.
  await tx.execute(sql`insert into member_year_totals (user_id, year, branch_id, section_id, group_id, ranked)
    select u.id, ${claim.year}, u.branch_id, u.section_id, u.group_id, (u.active and u.branch_id is not null and 'cadre' = any(u.roles))
    from users u where u.id = ${claim.userId}
    on conflict (user_id, year) do update set updated_at = excluded.updated_at`);
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

/**
 * Recomputes one member's capped year totals from the item sums in one statement: items cut at their
 * yearly cap, blocks at theirs, the rest is overflow — the same rule as applyCaps(), which the tests
 * use to check this SQL against a recomputation from the ledger.
 */
export async function recomputeYear(tx: Executor, userId: number, year: number, at: Date): Promise<void> {
  await tx.execute(sql`
    with it as (
      select m.block, greatest(m.points, 0) as pts,
        least(greatest(m.points, 0), coalesce(ri.yearly_cap, greatest(m.points, 0))) as capped,
        (ri.reward_candidate and m.points > 0) as pub
      from member_item_totals m join rule_items ri on ri.id = m.rule_item_id
      where m.user_id = ${userId} and m.year = ${year}
    ),
    caps as (
      select coalesce(max(rb.cap) filter (where rb.code = 'base'), 0) as cb,
        coalesce(max(rb.cap) filter (where rb.code = 'task'), 0) as ct,
        coalesce(max(rb.cap) filter (where rb.code = 'reward'), 0) as cr
      from rule_blocks rb join rule_sets rs on rs.id = rb.rule_set_id where rs.year = ${year}
    ),
    v as (
      select least(coalesce(sum(it.capped) filter (where it.block = 'base'), 0), caps.cb)::int as base,
        least(coalesce(sum(it.capped) filter (where it.block = 'task'), 0), caps.ct)::int as task,
        least(coalesce(sum(it.capped) filter (where it.block = 'reward'), 0), caps.cr)::int as reward,
        coalesce(sum(it.pts), 0)::int as raw,
        (count(*) filter (where it.pub))::int as published
      from caps left join it on true group by caps.cb, caps.ct, caps.cr
    )
    update member_year_totals t set base = v.base, task = v.task, reward = v.reward, total = v.base + v.task + v.reward,
      raw = v.raw, overflow = v.raw - (v.base + v.task + v.reward), published = v.published, updated_at = ${at.toISOString()}::timestamptz
    from v where t.user_id = ${userId} and t.year = ${year}`);
}
