import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withRetry } from '../../db/retry';
import { createTestDb } from '../helpers/test-db';

describe('transaction retry', () => {
  it('retries deadlock victims and serialization failures, not other errors', async () => {
    let n = 0;
    const codes: string[] = [];
    const r = await withRetry(async () => {
      n++;
      if (n === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      if (n === 2) throw Object.assign(new Error('wrapped'), { cause: { code: '40001' } });
      return 'done';
    }, 4, (c) => codes.push(c));
    expect([r, n, codes]).toEqual(['done', 3, ['40P01', '40001']]);
    let m = 0;
    await expect(withRetry(async () => { m++; throw Object.assign(new Error('unique'), { code: '23505' }); })).rejects.toThrow('unique');
    expect(m).toBe(1);
    let k = 0;
    await expect(withRetry(async () => { k++; throw Object.assign(new Error('always'), { code: '40P01' }); }, 3)).rejects.toThrow('always');
    expect(k).toBe(3);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('a real deadlock on PostgreSQL: the victim is retried and both transactions commit', async () => {
    const h = await createTestDb();
    try {
      await h.db.execute(sql`create table dl (id int primary key, v int)`);
      await h.db.execute(sql`insert into dl values (1, 0), (2, 0)`);
      // Two transactions lock the rows in opposite order; PostgreSQL aborts one, the wrapper runs it again.
      const step = (a: number, b: number) =>
        h.db.transaction(async (tx) => {
          await tx.execute(sql`update dl set v = v + 1 where id = ${a}`);
          await new Promise((r) => setTimeout(r, 150));
          await tx.execute(sql`update dl set v = v + 1 where id = ${b}`);
        });
      await Promise.all([step(1, 2), step(2, 1)]);
      const rs = (await h.db.execute(sql`select v from dl order by id`)) as unknown as Array<{ v: number }>;
      expect(rs.map((x) => x.v)).toEqual([2, 2]);
    } finally {
      await h.close();
    }
  });
});
