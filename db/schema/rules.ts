import { boolean, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps } from './_columns';

export const BLOCKS = ['base', 'task', 'reward'] as const;
export type Block = (typeof BLOCKS)[number];

/** 积分管理办法: one rule set per year. */
export const ruleSets = pgTable('rule_sets', {
  id: serial('id').primaryKey(),
  year: integer('year').notNull().unique(),
  threshold: integer('threshold').notNull().default(60),
  ...timestamps,
});

export const ruleBlocks = pgTable(
  'rule_blocks',
  {
    id: serial('id').primaryKey(),
    ruleSetId: integer('rule_set_id').notNull().references(() => ruleSets.id, { onDelete: 'cascade' }),
    code: text('code', { enum: BLOCKS }).notNull(),
    name: text('name').notNull(),
    cap: integer('cap').notNull(),
  },
  (t) => [uniqueIndex('rule_blocks_set_code_uq').on(t.ruleSetId, t.code)],
);

export const ruleItems = pgTable(
  'rule_items',
  {
    id: serial('id').primaryKey(),
    ruleSetId: integer('rule_set_id').notNull().references(() => ruleSets.id),
    year: integer('year').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    block: text('block', { enum: BLOCKS }).notNull(),
    points: integer('points').notNull(),
    yearlyCap: integer('yearly_cap'),
    evidenceRequired: boolean('evidence_required').notNull().default(false),
    description: text('description'),
    /** Items like 在重要刊物发表文章: an approved one makes the person a reward candidate whatever the total. */
    rewardCandidate: boolean('reward_candidate').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Retired items stay for history but can no longer be claimed. */
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex('rule_items_year_code_uq').on(t.year, t.code), index('rule_items_set_idx').on(t.ruleSetId)],
);

export type RuleSetRow = typeof ruleSets.$inferSelect;
export type RuleItemRow = typeof ruleItems.$inferSelect;
export type NewRuleItem = typeof ruleItems.$inferInsert;
