import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, serial, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant, timestamps } from './_columns';
import { orgUnits, users } from './org';

/**
 * 组工信息: staff submit items (信息稿), the editor adopts them and composes numbered issues (期)
 * of a title (刊物). A published issue is frozen: its entries keep their own copy of the text.
 */

/** One paragraph of an item: an optional bold lead phrase (“**顶格推进。**”) and the running text. */
export type BulletinParagraph = { lead?: string; text: string };
export type BulletinDistribution = { bao: string; song: string; fa: string };

export const BULLETIN_ITEM_STATUSES = ['submitted', 'returned', 'rejected', 'adopted', 'published', 'withdrawn'] as const;
export type BulletinItemStatus = (typeof BULLETIN_ITEM_STATUSES)[number];
/** original: staff writing (earns points when published); reference: 外地经验 excerpted by the editor (no points). */
export const BULLETIN_ITEM_KINDS = ['original', 'reference'] as const;
export type BulletinItemKind = (typeof BULLETIN_ITEM_KINDS)[number];

/** Per org unit (单位, 党支部 or 科室): how many items a week each member owes; the nearest unit up the tree wins. */
export const bulletinQuotas = pgTable('bulletin_quotas', {
  orgUnitId: integer('org_unit_id').primaryKey().references(() => orgUnits.id),
  perWeek: smallint('per_week').notNull().default(1),
  ...timestamps,
});

export const bulletinTitles = pgTable(
  'bulletin_titles',
  {
    id: serial('id').primaryKey(),
    unitId: integer('unit_id').references(() => orgUnits.id),
    name: text('name').notNull(),
    office: text('office').notNull(),
    sections: jsonb('sections').$type<string[]>().notNull().default(sql`'["市内信息","市外参考"]'::jsonb`),
    distribution: jsonb('distribution').$type<BulletinDistribution>().notNull().default(sql`'{"bao":"","song":"","fa":""}'::jsonb`),
    /** The first number to give in startYear (a title moving into the system mid-year, e.g. at 第 35 期). */
    startYear: smallint('start_year'),
    startNumber: integer('start_number').notNull().default(1),
    /** Rule item codes credited for an adopted item and for one taken up by a higher-level publication. */
    adoptedRuleCode: text('adopted_rule_code').notNull().default('info_adopted'),
    publicationRuleCode: text('publication_rule_code').notNull().default('publication'),
    active: boolean('active').notNull().default(true),
    createdBy: integer('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [uniqueIndex('bulletin_titles_unit_name_uq').on(t.unitId, t.name)],
);

/** Last issue number given per title and year: bumped with a row lock in the publishing transaction. */
export const bulletinCounters = pgTable(
  'bulletin_counters',
  {
    titleId: integer('title_id').notNull().references(() => bulletinTitles.id),
    year: smallint('year').notNull(),
    lastNumber: integer('last_number').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.titleId, t.year] })],
);

export const bulletinItems = pgTable(
  'bulletin_items',
  {
    id: serial('id').primaryKey(),
    authorId: integer('author_id').notNull().references(() => users.id),
    /** The author's unit, branch and section when submitted: quota and archive filters follow it. */
    unitId: integer('unit_id'),
    branchId: integer('branch_id'),
    sectionId: integer('section_id'),
    kind: text('kind', { enum: BULLETIN_ITEM_KINDS }).notNull().default('original'),
    headline: text('headline').notNull(),
    paragraphs: jsonb('paragraphs').$type<BulletinParagraph[]>().notNull(),
    attribution: text('attribution').notNull(),
    status: text('status', { enum: BULLETIN_ITEM_STATUSES }).notNull().default('submitted'),
    /** China calendar day of the first submission (a resubmission keeps it): the quota counts by it. */
    submittedOn: date('submitted_on', { mode: 'string' }).notNull(),
    submittedAt: instant('submitted_at').notNull().defaultNow(),
    reviewComment: text('review_comment'),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewedAt: instant('reviewed_at'),
    /** Taken up by a higher-level publication (e.g. 《安徽组工信息》): credits the reward item once. */
    higherPublication: text('higher_publication'),
    higherPublicationOn: date('higher_publication_on', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index('bulletin_items_author_day_idx').on(t.authorId, t.submittedOn),
    index('bulletin_items_status_idx').on(t.status, t.submittedAt),
    index('bulletin_items_unit_idx').on(t.unitId),
  ],
);

export const bulletinImages = pgTable(
  'bulletin_images',
  {
    id: serial('id').primaryKey(),
    itemId: integer('item_id').notNull().references(() => bulletinItems.id),
    filename: text('filename').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: integer('uploaded_by').notNull().references(() => users.id),
    ...timestamps,
  },
  (t) => [index('bulletin_images_item_idx').on(t.itemId)],
);

export const BULLETIN_ISSUE_STATUSES = ['draft', 'published'] as const;
export const BULLETIN_ISSUE_KINDS = ['regular', 'erratum'] as const;

export const bulletinIssues = pgTable(
  'bulletin_issues',
  {
    id: serial('id').primaryKey(),
    titleId: integer('title_id').notNull().references(() => bulletinTitles.id),
    status: text('status', { enum: BULLETIN_ISSUE_STATUSES }).notNull().default('draft'),
    kind: text('kind', { enum: BULLETIN_ISSUE_KINDS }).notNull().default('regular'),
    correctsIssueId: integer('corrects_issue_id'),
    /** Given at publication: consecutive per title and year, never reused. */
    year: smallint('year'),
    number: integer('number'),
    issueDate: date('issue_date', { mode: 'string' }),
    /** Copied from the title when created, editable while a draft, frozen at publication. */
    titleName: text('title_name').notNull(),
    office: text('office').notNull(),
    sections: jsonb('sections').$type<string[]>().notNull(),
    distribution: jsonb('distribution').$type<BulletinDistribution>().notNull(),
    note: text('note'),
    createdBy: integer('created_by').notNull().references(() => users.id),
    publishedBy: integer('published_by').references(() => users.id),
    publishedAt: instant('published_at'),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('bulletin_issues_number_uq').on(t.titleId, t.year, t.number).where(sql`number is not null`),
    index('bulletin_issues_status_idx').on(t.status, t.issueDate),
  ],
);

export const bulletinEntries = pgTable(
  'bulletin_entries',
  {
    id: serial('id').primaryKey(),
    issueId: integer('issue_id').notNull().references(() => bulletinIssues.id),
    itemId: integer('item_id').notNull().references(() => bulletinItems.id),
    /** Index into the issue's sections. */
    section: smallint('section').notNull().default(0),
    position: integer('position').notNull().default(0),
    /** A mark shown in the contents, e.g. 领导批示. */
    mark: text('mark'),
    /** The issue's copy of the text: edited while composing, frozen at publication. */
    headline: text('headline').notNull(),
    paragraphs: jsonb('paragraphs').$type<BulletinParagraph[]>().notNull(),
    attribution: text('attribution').notNull(),
    ...timestamps,
  },
  (t) => [
    // An item appears in one issue at most (a draft holds it until removed).
    uniqueIndex('bulletin_entries_item_uq').on(t.itemId),
    index('bulletin_entries_issue_idx').on(t.issueId, t.section, t.position),
  ],
);

export type BulletinTitleRow = typeof bulletinTitles.$inferSelect;
export type BulletinItemRow = typeof bulletinItems.$inferSelect;
export type BulletinIssueRow = typeof bulletinIssues.$inferSelect;
export type BulletinEntryRow = typeof bulletinEntries.$inferSelect;
export type BulletinImageRow = typeof bulletinImages.$inferSelect;
