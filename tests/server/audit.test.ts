import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/client';
import { sealAuditChain, verifyAuditChain } from '../../server/lib/audit-verify';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { pointsWorld, record, submit, type PointsWorld } from '../helpers/points';

let t: TestApp;
let w: PointsWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await pointsWorld(t);
  for (let i = 0; i < 3; i++) await record(t, w.sk, await submit(t, w.cadre, w.items.theory, '2026-10-0' + (i + 1)));
});
afterAll(() => t.close());

describe('audit trail', () => {
  it('records every state change with who, what, before/after, and chains the rows', async () => {
    const r = (await t.app.inject({ url: '/api/audit?entity=claim', headers: w.admin.h })).json();
    expect(r.items.length).toBe(6);
    expect(r.items[0]).toMatchObject({ action: 'claim.record', actorId: w.sk.user.id, actorName: '吴晓燕', entity: 'claim' });
    expect(r.items[0].hash).toMatch(/^[0-9a-f]{64}$/);
    const v = (await t.app.inject({ url: '/api/audit/verify', headers: w.admin.h })).json();
    expect(v).toMatchObject({ ok: true, firstBreak: null });
    expect(v.rows).toBeGreaterThan(6);
    expect((await t.app.inject({ url: '/api/audit/verify', headers: w.sk.h })).statusCode).toBe(403);
  });

  it('sealing only fills the chain columns of unsealed rows', async () => {
    await t.handle.db.execute(sql`select 1`);
    const e = await t.handle.db.execute(sql`update audit_log set hash = 'x' where seq is not null`).then(() => null, (err: Error & { cause?: Error }) => err);
    expect(String(e?.cause?.message ?? e?.message)).toMatch(/append-only/);
  });

  it('refuses UPDATE and DELETE on the audit log and the ledger', async () => {
    const refused = async (q: ReturnType<typeof sql>) => {
      const e = await t.handle.db.execute(q).then(() => null, (err: Error & { cause?: Error }) => err);
      expect(e, 'the statement should have been refused').not.toBeNull();
      expect(String(e!.cause?.message ?? e!.message)).toMatch(/append-only/);
    };
    await refused(sql`update audit_log set action = 'x' where id = (select min(id) from audit_log)`);
    await refused(sql`delete from audit_log where id = (select min(id) from audit_log)`);
    await refused(sql`update ledger_entries set points = 100`);
    await refused(sql`delete from ledger_entries`);
  });

  it('catches a row deleted behind the triggers', async () => {
    const t2 = await createTestApp();
    try {
      const w2 = await pointsWorld(t2);
      await record(t2, w2.sk, await submit(t2, w2.cadre, w2.items.theory, '2026-10-01'));
      expect(await sealAuditChain(t2.handle.db)).toBeGreaterThan(2);
      const [mid] = await rows<{ id: number; seq: number }>(t2.handle.db, sql`select id, seq from audit_log order by seq offset 1 limit 1`);
      await t2.handle.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
      await t2.handle.db.execute(sql`delete from audit_log where id = ${mid.id}`);
      await t2.handle.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
      const v = await verifyAuditChain(t2.handle.db);
      expect(v.ok).toBe(false);
      expect(v.firstBreak).toMatchObject({ seq: Number(mid.seq) + 1 });
      expect(v.firstBreak!.reason).toContain('序号不连续');
    } finally {
      await t2.close();
    }
  });

  it('catches a row tampered with behind the triggers', async () => {
    await sealAuditChain(t.handle.db);
    const [target] = await rows<{ id: number; seq: number }>(t.handle.db, sql`select id, seq from audit_log where action = 'claim.record' order by seq limit 1`);
    // Someone with owner rights switches the guard off, edits a row and switches it back on.
    await t.handle.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await t.handle.db.execute(sql`update audit_log set after = '{"status":"recorded","points":50}'::jsonb where id = ${target.id}`);
    await t.handle.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
    const v = await verifyAuditChain(t.handle.db);
    expect(v.ok).toBe(false);
    expect(v.firstBreak).toMatchObject({ seq: Number(target.seq), id: Number(target.id) });
    expect(v.firstBreak!.reason).toContain('被修改');
  });
});
