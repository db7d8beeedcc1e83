import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, type Db } from '../../db/client';
import { backup, restore, tablesInOrder } from '../../db/backup';
import { verifyAuditChain } from '../../server/lib/audit-verify';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { createTestDb } from '../helpers/test-db';
import { pointsWorld, record, submit } from '../helpers/points';

let t: TestApp;
const dir = mkdtempSync(join(tmpdir(), 'xj-backup-'));

beforeAll(async () => {
  t = await createTestApp();
  const w = await pointsWorld(t);
  t.clock.set('2026-03-02T02:00:00Z');
  for (let i = 1; i <= 5; i++) await record(t, w.sk, await submit(t, w.cadre, w.items.theory, `2026-02-0${i}`, 2, `第${i}次学习，含 'quote' 与 "双引号" 与换行\n第二行`));
  await submit(t, w.cadre2, w.items.training, '2026-02-10');
  await t.app.inject({ method: 'POST', url: '/api/publicity', headers: w.sk.h, payload: { branchId: w.org.b1, year: 2026, month: 2 } });
  await verifyAuditChain(t.handle.db);
});
afterAll(() => t.close());

async function snapshot(db: Db) {
  const out: Record<string, unknown> = {};
  for (const table of await tablesInOrder(db)) {
    const [r] = await rows<{ j: unknown }>(db, sql.raw(`select coalesce(json_agg(x order by x::text), '[]'::json) as j from "${table}" x`));
    out[table] = r.j;
  }
  return out;
}

describe('backup and restore', () => {
  it('restores into a fresh database with every table equal, the audit chain intact, and ids continuing', async () => {
    const file = join(dir, 'b.jsonl.gz');
    const b = await backup(t.handle.db, file);
    expect(b.rows).toBeGreaterThan(50);
    const fresh = await createTestDb();
    try {
      const r = await restore(fresh.db, file);
      expect(r.rows).toBe(b.rows);
      const [before, after] = [await snapshot(t.handle.db), await snapshot(fresh.db)];
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
      expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: true });
      // New rows get new ids after the restored ones.
      const [{ max }] = await rows<{ max: number }>(fresh.db, sql`select max(id)::int as max from claims`);
      const [{ id }] = await rows<{ id: number }>(fresh.db, sql`insert into org_units (kind, name) values ('group', '恢复后新建') returning (select max(id) from claims) as id`);
      expect(Number(id)).toBe(Number(max));
      const [{ next }] = await rows<{ next: number }>(fresh.db, sql`select nextval(pg_get_serial_sequence('claims', 'id'))::int as next`);
      expect(Number(next)).toBe(Number(max) + 1);
    } finally {
      await fresh.close();
    }
  });

  it('refuses to restore over a database that has data', async () => {
    const file = join(dir, 'c.jsonl.gz');
    await backup(t.handle.db, file);
    await expect(restore(t.handle.db, file)).rejects.toThrow(/not empty/);
  });
});
