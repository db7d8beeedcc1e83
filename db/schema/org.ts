import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, serial, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { instant, timestamps } from './_columns';

/**
 * One tree for the organization: 单位 (unit) → 党支部 (branch) → 科室/组室 (section).
 * 学习小组 (study groups) hang off the unit: they cut across sections on purpose
 * (桐城 mixed related work and ages).
 */
export const ORG_KINDS = ['unit', 'branch', 'section', 'group'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const orgUnits = pgTable(
  'org_units',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: ORG_KINDS }).notNull(),
    name: text('name').notNull(),
    parentId: integer('parent_id').references((): AnyPgColumn => orgUnits.id),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    index('org_units_parent_idx').on(t.parentId),
    uniqueIndex('org_units_parent_name_uq').on(t.parentId, t.kind, t.name),
  ],
);

export const ROLES = ['cadre', 'scorekeeper', 'branch', 'leader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`).$type<Role[]>(),
    unitId: integer('unit_id').references(() => orgUnits.id),
    branchId: integer('branch_id').references(() => orgUnits.id),
    sectionId: integer('section_id').references(() => orgUnits.id),
    groupId: integer('group_id').references(() => orgUnits.id),
    title: text('title'),
    active: boolean('active').notNull().default(true),
    /** Bumped on logout, password reset, role change and deactivation: ends every open session. */
    tokenVersion: integer('token_version').notNull().default(0),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    lastLoginAt: instant('last_login_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    index('users_branch_idx').on(t.branchId),
    index('users_section_idx').on(t.sectionId),
    index('users_group_idx').on(t.groupId),
  ],
);

/** Failed and successful login attempts: the rate limit must hold across API processes. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull(),
    ip: text('ip').notNull(),
    success: boolean('success').notNull(),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [index('login_attempts_user_at_idx').on(t.username, t.at), index('login_attempts_ip_at_idx').on(t.ip, t.at)],
);

/** One row per login: lets a session end on inactivity, and lets logout end it at once. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id),
    createdAt: instant('created_at').notNull().defaultNow(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export type OrgUnitRow = typeof orgUnits.$inferSelect;
export type NewOrgUnit = typeof orgUnits.$inferInsert;
export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
