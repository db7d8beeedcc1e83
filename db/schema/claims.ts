import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, serial, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant, timestamps } from './_columns';
import { users } from './org';
import { BLOCKS, ruleItems } from './rules';

export const CLAIM_STATUSES = ['submitted', 'returned', 'rejected', 'withdrawn', 'recorded', 'approved'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Where a claim came from: a self-report, or a record of the weekly rhythm / bulletin that credits points. */
export const CLAIM_SOURCES = ['self', 'study_session', 'lecture', 'reflection', 'quiz', 'bulletin', 'import'] as const;
export type ClaimSource = (typeof CLAIM_SOURCES)[number];

export type ClaimWarning = { code: 'DUPLICATE' | 'EVIDENCE_REUSED'; message: string; claimIds: number[] };

export const claims = pgTable(
  'claims',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id),
    /** The claimant's branch/section/group when the claim was made: scoping and publicity follow it. */
    branchId: integer('branch_id'),
    sectionId: integer('section_id'),
    groupId: integer('group_id'),
    ruleItemId: integer('rule_item_id').notNull().references(() => ruleItems.id),
    block: text('block', { enum: BLOCKS }).notNull(),
    year: smallint('year').notNull(),
    month: smallint('month').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    quantity: integer('quantity').notNull().default(1),
    description: text('description').notNull(),
    status: text('status', { enum: CLAIM_STATUSES }).notNull().default('submitted'),
    /** Snapshot of points × quantity at submission: later catalogue edits never change it. */
    unitPoints: integer('unit_points').notNull(),
    claimedPoints: integer('claimed_points').notNull(),
    recordedPoints: integer('recorded_points'),
    /** Sum of this claim's ledger entries (record, reversals, adjustments): derived, kept in step by postLedger. */
    netPoints: integer('net_points').notNull().default(0),
    recordedBy: integer('recorded_by').references(() => users.id),
    recordedAt: instant('recorded_at'),
    /** Reason of the last decision (return, reject, adjustment). */
    reason: text('reason'),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: instant('decided_at'),
    source: text('source', { enum: CLAIM_SOURCES }).notNull().default('self'),
    sourceRef: text('source_ref'),
    warnings: jsonb('warnings').$type<ClaimWarning[]>().notNull().default(sql`'[]'::jsonb`),
    version: integer('version').notNull().default(1),
    submittedAt: instant('submitted_at').notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    index('claims_user_year_idx').on(t.userId, t.year),
    index('claims_branch_status_idx').on(t.branchId, t.status, t.occurredOn),
    index('claims_branch_year_month_idx').on(t.branchId, t.year, t.month),
    index('claims_dup_idx').on(t.userId, t.ruleItemId, t.occurredOn),
    index('claims_submitted_queue_idx').on(t.status, t.submittedAt).where(sql`status = 'submitted'`),
    index('claims_item_year_status_idx').on(t.ruleItemId, t.year, t.status),
    uniqueIndex('claims_source_uq').on(t.source, t.sourceRef, t.userId).where(sql`source_ref is not null and status in ('recorded','approved')`),
  ],
);

export const evidence = pgTable(
  'evidence',
  {
    id: serial('id').primaryKey(),
    claimId: integer('claim_id').notNull().references(() => claims.id),
    filename: text('filename').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: integer('uploaded_by').notNull().references(() => users.id),
    ...timestamps,
  },
  (t) => [index('evidence_claim_idx').on(t.claimId), index('evidence_sha_idx').on(t.sha256)],
);

export const LEDGER_KINDS = ['record', 'reversal', 'adjustment'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** 积分登记表 as an append-only ledger: corrections are new rows, never edits. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    claimId: integer('claim_id').notNull().references(() => claims.id),
    userId: integer('user_id').notNull().references(() => users.id),
    branchId: integer('branch_id'),
    ruleItemId: integer('rule_item_id').notNull().references(() => ruleItems.id),
    block: text('block', { enum: BLOCKS }).notNull(),
    year: smallint('year').notNull(),
    month: smallint('month').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    points: integer('points').notNull(),
    kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
    reason: text('reason'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ledger_claim_idx').on(t.claimId),
    index('ledger_user_year_idx').on(t.userId, t.year),
    index('ledger_branch_created_idx').on(t.branchId, t.createdAt),
    index('ledger_branch_month_idx').on(t.branchId, t.year, t.month),
  ],
);

/**
 * Aggregates maintained in the same transaction as each ledger entry, so rankings never scan the ledger.
 * Per member, year and rule item (for item caps) and per member and month (for month/quarter views).
 */
export const memberItemTotals = pgTable(
  'member_item_totals',
  {
    userId: integer('user_id').notNull(),
    year: smallint('year').notNull(),
    ruleItemId: integer('rule_item_id').notNull(),
    block: text('block', { enum: BLOCKS }).notNull(),
    points: integer('points').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.year, t.ruleItemId] })],
);

export const memberMonthTotals = pgTable(
  'member_month_totals',
  {
    userId: integer('user_id').notNull(),
    year: smallint('year').notNull(),
    month: smallint('month').notNull(),
    base: integer('base').notNull().default(0),
    task: integer('task').notNull().default(0),
    reward: integer('reward').notNull().default(0),
    total: integer('total').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.year, t.month] }), index('member_month_year_month_idx').on(t.year, t.month)],
);

/** Capped year totals per member (items first, then blocks). */
export const memberYearTotals = pgTable(
  'member_year_totals',
  {
    userId: integer('user_id').notNull(),
    year: smallint('year').notNull(),
    base: integer('base').notNull().default(0),
    task: integer('task').notNull().default(0),
    reward: integer('reward').notNull().default(0),
    total: integer('total').notNull().default(0),
    overflow: integer('overflow').notNull().default(0),
    raw: integer('raw').notNull().default(0),
    /** Has a recorded/approved 重要刊物 item: a reward candidate whatever the total. */
    published: integer('published').notNull().default(0),
    /** The member's current placement, copied here so a ranking reads one index in total order and stops at the page. */
    branchId: integer('branch_id'),
    sectionId: integer('section_id'),
    groupId: integer('group_id'),
    /** Counted in rankings: an active cadre with a branch (kept in step with the user). */
    ranked: boolean('ranked').notNull().default(true),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.year] }),
    index('member_year_rank_idx').on(t.year, t.total.desc(), t.userId).where(sql`ranked`),
    index('member_year_branch_rank_idx').on(t.year, t.branchId, t.total.desc(), t.userId).where(sql`ranked`),
    index('member_year_section_rank_idx').on(t.year, t.sectionId, t.total.desc(), t.userId).where(sql`ranked`),
    index('member_year_group_rank_idx').on(t.year, t.groupId, t.total.desc(), t.userId).where(sql`ranked`),
  ],
);

export type ClaimRow = typeof claims.$inferSelect;
export type NewClaim = typeof claims.$inferInsert;
export type EvidenceRow = typeof evidence.$inferSelect;
export type LedgerRow = typeof ledgerEntries.$inferSelect;
