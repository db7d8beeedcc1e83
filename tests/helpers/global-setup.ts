import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../db/client';
import { runMigrations } from '../../db/migrate';

/**
 * Migrate once, clone per test file. Embedded: a migrated PGlite data dir dumped to a tarball.
 * Real server (TEST_DATABASE_URL): a migrated template database that each file copies with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    const template = `xj_tmpl_${process.pid}`;
    await admin.unsafe(`drop database if exists ${template}`);
    await admin.unsafe(`create database ${template}`);
    const tmplUrl = withDatabase(url, template);
    const h = await createDb({ url: tmplUrl, max: 1 });
    await runMigrations(h);
    await h.close();
    project.provide('pgTemplate', template);
    return async () => {
      // Files' databases are dropped by the files; the template goes last.
      const left = await admin`select datname from pg_database where datname like ${'xj_t_' + process.pid + '_%'}`;
      for (const r of left) await admin.unsafe(`drop database if exists ${r.datname} with (force)`);
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }
  const pg = new PGlite();
  const h = await createDb({ pglite: pg });
  await runMigrations(h);
  const dump = await pg.dumpDataDir('none');
  const dir = join(tmpdir(), `xj-tests-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await pg.close();
  project.provide('pgliteTemplate', file);
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}
