import { boolean, date, index, integer, pgTable, primaryKey, serial, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant, timestamps } from './_columns';
import { claims } from './claims';
import { orgUnits, users } from './org';

export const PUBLICATION_KINDS = ['regular', 'supplementary'] as const;

/** 每月通报公示: a snapshot of a branch's month, open for objections until closesAt. */
export const publications = pgTable(
  'publications',
  {
    id: serial('id').primaryKey(),
    branchId: integer('branch_id').notNull().references(() => orgUnits.id),
    year: smallint('year').notNull(),
    month: smallint('month').notNull(),
    kind: text('kind', { enum: PUBLICATION_KINDS }).notNull().default('regular'),
    publishedBy: integer('published_by').notNull().references(() => users.id),
    publishedAt: instant('published_at').notNull(),
    closesAt: instant('closes_at').notNull(),
    note: text('note'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('publications_regular_uq').on(t.branchId, t.year, t.month).where(sql`kind = 'regular'`),
    index('publications_branch_year_idx').on(t.branchId, t.year),
  ],
);

export const publicationLines = pgTable(
  'publication_lines',
  {
    publicationId: integer('publication_id').notNull().references(() => publications.id),
    userId: integer('user_id').notNull().references(() => users.id),
    name: text('name').notNull(),
    sectionName: text('section_name'),
    monthPoints: integer('month_points').notNull(),
    yearTotal: integer('year_total').notNull(),
  },
  (t) => [primaryKey({ columns: [t.publicationId, t.userId] })],
);

/** Which recorded claims a publication showed: a claim recorded later is a late entry until a supplementary one shows it. */
export const publicationClaims = pgTable(
  'publication_claims',
  {
    publicationId: integer('publication_id').notNull().references(() => publications.id),
    claimId: integer('claim_id').notNull().references(() => claims.id),
    points: integer('points').notNull(),
  },
  (t) => [primaryKey({ columns: [t.publicationId, t.claimId] }), index('publication_claims_claim_idx').on(t.claimId)],
);

export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const;

export const objections = pgTable(
  'objections',
  {
    id: serial('id').primaryKey(),
    publicationId: integer('publication_id').notNull().references(() => publications.id),
    claimId: integer('claim_id').notNull().references(() => claims.id),
    branchId: integer('branch_id').notNull(),
    objectorId: integer('objector_id').notNull().references(() => users.id),
    reason: text('reason').notNull(),
    status: text('status', { enum: OBJECTION_STATUSES }).notNull().default('open'),
    ruledBy: integer('ruled_by').references(() => users.id),
    ruledAt: instant('ruled_at'),
    upheld: boolean('upheld'),
    note: text('note'),
    ...timestamps,
  },
  (t) => [index('objections_publication_idx').on(t.publicationId), index('objections_branch_status_idx').on(t.branchId, t.status)],
);

/** 每季度审定. */
export const approvals = pgTable(
  'approvals',
  {
    id: serial('id').primaryKey(),
    branchId: integer('branch_id').notNull().references(() => orgUnits.id),
    year: smallint('year').notNull(),
    quarter: smallint('quarter').notNull(),
    approvedBy: integer('approved_by').notNull().references(() => users.id),
    approvedAt: instant('approved_at').notNull(),
    note: text('note'),
    claimCount: integer('claim_count').notNull().default(0),
    /**
     * Separation of duties: the approver's own claims are not approved by them. They wait here for
     * a second branch member (co-approval), who completes the quarter.
     */
    pendingUserId: integer('pending_user_id').references(() => users.id),
    coApprovedBy: integer('co_approved_by').references(() => users.id),
    coApprovedAt: instant('co_approved_at'),
  },
  (t) => [uniqueIndex('approvals_branch_quarter_uq').on(t.branchId, t.year, t.quarter)],
);

/** 约谈 records for people on the talk list. */
export const talks = pgTable(
  'talks',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id),
    year: smallint('year').notNull(),
    talkedOn: date('talked_on', { mode: 'string' }).notNull(),
    talkedBy: text('talked_by').notNull(),
    notes: text('notes').notNull(),
    createdBy: integer('created_by').notNull().references(() => users.id),
    ...timestamps,
  },
  (t) => [index('talks_user_year_idx').on(t.userId, t.year)],
);

export type PublicationRow = typeof publications.$inferSelect;
export type ObjectionRow = typeof objections.$inferSelect;
export type ApprovalRow = typeof approvals.$inferSelect;
export type TalkRow = typeof talks.$inferSelect;
