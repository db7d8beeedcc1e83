/**
 * Logical backup and restore of the whole database, the same for PGlite and PostgreSQL.
 * A backup is gzip'd JSON lines: a header (format, time, applied migrations), then each table's
 * rows in chunks, read in one REPEATABLE READ transaction so the copy is consistent.
 * For a large PostgreSQL installation use pg_dump instead (README).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import { rows, type Db, type Executor } from './client';

export const BACKUP_FORMAT = 'xuexi-jifen-backup/1';
const CHUNK = 2000;

/** Tables of the public schema, parents before children (foreign keys). */
export async function tablesInOrder(db: Executor): Promise<string[]> {
  const tables = (await rows<{ t: string }>(db, sql`select tablename as t from pg_tables where schemaname = 'public' order by 1`)).map((r) => r.t);
  const deps = await rows<{ child: string; parent: string }>(db, sql`
    select c.relname as child, p.relname as parent from pg_constraint k
    join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = 'public' and c.relname <> p.relname`);
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, stack: Set<string>) => {
    if (seen.has(t) || stack.has(t)) return;
    stack.add(t);
    for (const d of deps.filter((x) => x.child === t)) visit(d.parent, stack);
    seen.add(t);
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}

async function keyColumns(db: Executor, table: string): Promise<string[]> {
  const r = await rows<{ col: string }>(db, sql`
    select a.attname as col from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${table}::regclass and i.indisprimary order by array_position(i.indkey, a.attnum)`);
  return r.map((x) => x.col);
}

export async function backup(db: Db, file: string, onProgress?: (table: string, n: number) => void): Promise<{ tables: number; rows: number }> {
  const gz = createGzip();
  const out = createWriteStream(file);
  gz.pipe(out);
  const write = async (obj: unknown) => {
    if (!gz.write(JSON.stringify(obj) + '\n')) await once(gz, 'drain');
  };
  let total = 0;
  let count = 0;
  await db.transaction(
    async (tx) => {
      const migrations = await rows<{ hash: string; created_at: string }>(tx, sql`select hash, created_at from drizzle.__drizzle_migrations order by id`).catch(() => []);
      const tables = await tablesInOrder(tx);
      await write({ format: BACKUP_FORMAT, createdAt: new Date().toISOString(), migrations: migrations.length, tables });
      for (const t of tables) {
        const keys = await keyColumns(tx, t);
        const order = keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'ctid';
        let offset = 0;
        for (;;) {
          const [r] = await rows<{ j: unknown[] | null }>(tx, sql.raw(`select json_agg(x) as j from (select * from "${t}" order by ${order} limit ${CHUNK} offset ${offset}) x`));
          const chunk = r?.j ?? [];
          if (!chunk.length) break;
          await write({ table: t, rows: chunk });
          offset += chunk.length;
          total += chunk.length;
          onProgress?.(t, offset);
          if (chunk.length < CHUNK) break;
        }
        count++;
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  gz.end();
  await once(out, 'finish');
  return { tables: count, rows: total };
}

/**
 * Restores into a migrated, empty database. Triggers and foreign-key checks are off during the load
 * (session_replication_role = replica, needs a superuser), so the audit chain and the append-only
 * ledger come back exactly as they were. Sequences follow the restored ids.
 */
export async function restore(db: Db, file: string, onProgress?: (table: string, n: number) => void): Promise<{ tables: number; rows: number }> {
  let header: { format: string; tables: string[] } | null = null;
  let total = 0;
  const done = new Set<string>();
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    // Created right before iterating: a readline that runs ahead of its iterator can close unseen.
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const obj = JSON.parse(line);
      if (!header) {
        if (obj.format !== BACKUP_FORMAT) throw new Error(`not a backup of this product (format ${obj.format})`);
        header = obj;
        const [{ n }] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from users`);
        if (Number(n) > 0) throw new Error('the target database is not empty: restore needs a fresh one');
        continue;
      }
      const t = String(obj.table);
      if (!header.tables.includes(t)) throw new Error(`unknown table in backup: ${t}`);
      // Ids are copied as they were; columns the backup does not have (an older version) take their defaults.
      const cols = Object.keys(obj.rows[0] ?? {}).map((c) => `"${c.replace(/"/g, '')}"`).join(', ');
      if (!cols) continue;
      await tx.execute(sql.raw(`insert into "${t}" (${cols}) select ${cols} from json_populate_recordset(null::"${t}", '${JSON.stringify(obj.rows).replace(/'/g, "''")}'::json)`));
      total += obj.rows.length;
      done.add(t);
      onProgress?.(t, total);
    }
    const seqs = await rows<{ t: string; c: string; s: string }>(tx, sql`
      select c.relname as t, a.attname as c, pg_get_serial_sequence(quote_ident(c.relname), a.attname) as s
      from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
      where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null`);
    for (const q of seqs) await tx.execute(sql.raw(`select setval('${q.s}', coalesce((select max("${q.c}") from "${q.t}"), 0) + 1, false)`));
  });
  if (!header) throw new Error('empty backup file');
  return { tables: done.size, rows: total };
}
