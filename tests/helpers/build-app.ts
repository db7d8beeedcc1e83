import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import type { DbHandle } from '../../db/client';
import { createTestDb } from './test-db';

/** A movable clock: tests walk through months, publicity windows and year end. */
export class TestClock {
  constructor(public t = new Date('2026-11-20T02:00:00Z')) {}
  now = () => new Date(this.t.getTime());
  set(iso: string) {
    this.t = new Date(iso);
  }
  advance(ms: number) {
    this.t = new Date(this.t.getTime() + ms);
  }
}

export interface TestApp {
  app: FastifyInstance;
  handle: DbHandle;
  config: Config;
  clock: TestClock;
  close(): Promise<void>;
}

/** The production buildApp, on a fresh database, with a temp data dir and a test clock. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xj-app-'));
  const config = loadConfig(
    { NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', WEB_DIR: join(dataDir, 'no-web') },
    { jwtSecret: 'test-secret-test-secret-test-secret-123456', ...overrides },
  );
  const handle = await createTestDb();
  const clock = new TestClock();
  const app = await buildApp({ db: handle.db, dbKind: handle.kind, config, clock: clock.now, logger: false, sealAuditEveryMs: 0 });
  await app.ready();
  return {
    app,
    handle,
    config,
    clock,
    async close() {
      await app.close();
      await handle.close();
    },
  };
}
