import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '../../db/client';
import { withDatabase } from './global-setup';

let counter = 0;

/** A fresh, migrated database for one test file: PGlite in memory, or a new database on TEST_DATABASE_URL. */
export async function createTestDb(): Promise<DbHandle & { url?: string }> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `xj_t_${process.ppid}_${process.pid}_${counter++}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name} template ${inject('pgTemplate')}`);
    await admin.end();
    const dbUrl = withDatabase(url, name);
    const h = await createDb({ url: dbUrl, max: 10 });
    return {
      ...h,
      url: dbUrl,
      async close() {
        await h.close();
        const a = postgres(url, { max: 1, onnotice: () => {} });
        await a.unsafe(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const blob = new Blob([readFileSync(inject('pgliteTemplate'))]);
  const pglite = new PGlite({ loadDataDir: blob });
  return createDb({ pglite });
}
