import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './_columns';

/** Append-only: who did what to which record, when, from where, with before/after. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: instant('at').notNull().defaultNow(),
    actorId: integer('actor_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    /** The inserting transaction: rows are sealed into the chain once every transaction before the horizon has ended. */
    txid: bigint('txid', { mode: 'number' }).notNull().default(sql`(pg_current_xact_id()::text::bigint)`),
    /** Hash chain, filled by audit_seal() shortly after commit: seq orders the chain, hash covers the row and prev_hash. */
    seq: bigint('seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [index('audit_entity_idx').on(t.entity, t.entityId), index('audit_actor_idx').on(t.actorId, t.at), uniqueIndex('audit_seq_uq').on(t.seq), index('audit_unsealed_idx').on(t.txid, t.id).where(sql`seq is null`)],
);

export type AuditRow = typeof auditLog.$inferSelect;
