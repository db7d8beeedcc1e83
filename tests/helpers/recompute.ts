import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client';
import { applyCaps } from '../../server/modules/claims/ledger';
import { loadCaps } from '../../server/modules/rules/rules.service';

/** Totals recomputed from the raw ledger, independent of the maintained aggregates. */
export async function recomputeFromLedger(db: Db, year: number) {
  const caps = (await loadCaps(db, year))!;
  const r = await rows<{ user_id: number; rule_item_id: number; block: 'base' | 'task' | 'reward'; points: number }>(
    db,
    sql`select user_id, rule_item_id, block, sum(points)::int as points from ledger_entries where year = ${year} group by user_id, rule_item_id, block`,
  );
  const by = new Map<number, { ruleItemId: number; block: 'base' | 'task' | 'reward'; points: number }[]>();
  for (const x of r) by.set(Number(x.user_id), [...(by.get(Number(x.user_id)) ?? []), { ruleItemId: Number(x.rule_item_id), block: x.block, points: Number(x.points) }]);
  return new Map([...by].map(([u, items]) => [u, applyCaps(items, caps)]));
}

export async function aggregateTotals(db: Db, year: number) {
  const r = await rows<{ user_id: number; total: number; overflow: number }>(db, sql`select user_id, total, overflow from member_year_totals where year = ${year}`);
  return new Map(r.map((x) => [Number(x.user_id), { total: Number(x.total), overflow: Number(x.overflow) }]));
}

/** Fails loudly if any member's maintained totals differ from the ledger's. */
export async function expectAggregatesMatchLedger(db: Db, year: number) {
  const a = await recomputeFromLedger(db, year);
  const b = await aggregateTotals(db, year);
  const diffs: string[] = [];
  for (const [u, t] of a) {
    const m = b.get(u);
    if (!m || m.total !== t.total || m.overflow !== t.overflow) diffs.push(`user ${u}: ledger ${t.total}/${t.overflow}, aggregate ${m?.total}/${m?.overflow}`);
  }
  for (const [u, m] of b) if (!a.has(u) && m.total !== 0) diffs.push(`user ${u}: aggregate ${m.total} without ledger`);
  if (diffs.length) throw new Error(`aggregates drifted from the ledger:\n${diffs.join('\n')}`);
  return a.size;
}
