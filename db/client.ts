import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from './schema';
import { withRetry } from './retry';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or an open transaction. Repositories take this. */
export type Executor = Db | Tx;
export type DbKind = 'embedded' | 'postgres';

export interface DbHandle {
  db: Db;
  kind: DbKind;
  /** The embedded engine, when embedded (for VACUUM, dumps). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface DbConfig {
  /** postgres://… — a real PostgreSQL server. */
  url?: string;
  /** Directory for the embedded database; omitted = in memory. */
  dataDir?: string;
  /** A ready PGlite instance (tests clone a migrated template into one). */
  pglite?: PGlite;
  /** Pool size for postgres. */
  max?: number;
}

export async function createDb(config: DbConfig): Promise<DbHandle> {
  if (config.url) {
    const client = postgres(config.url, {
      max: config.max ?? 10,
      onnotice: () => {},
      // Dates stay 'YYYY-MM-DD' strings (drizzle's date mode 'string'); instants are Date.
      connection: { TimeZone: 'UTC' },
    });
    const db = drizzlePostgres(client, { schema, casing: 'snake_case' }) as unknown as Db;
    retryTransactions(db);
    return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  let pglite = config.pglite;
  if (!pglite) {
    if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
    pglite = new PGlite(config.dataDir);
  }
  await pglite.waitReady;
  await pglite.exec(`SET TIME ZONE 'UTC'`);
  const db = drizzlePglite(pglite, { schema, casing: 'snake_case' }) as unknown as Db;
  const pg = pglite;
  return { db, kind: 'embedded', pglite: pg, close: () => pg.close() };
}

/** Every top-level transaction retries when chosen as a deadlock victim or failing serialization. */
function retryTransactions(db: Db) {
  const begin = db.transaction.bind(db);
  db.transaction = ((fn: Parameters<Db['transaction']>[0], config?: Parameters<Db['transaction']>[1]) => withRetry(() => begin(fn, config))) as Db['transaction'];
}

/**
 * `db.execute()` answers an array on postgres.js and `{ rows }` on PGlite: every raw query goes through here.
 */
export async function rows<T = Record<string, unknown>>(db: Executor, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown;
  if (Array.isArray(res)) return res as T[];
  return ((res as { rows?: T[] }).rows ?? []) as T[];
}
