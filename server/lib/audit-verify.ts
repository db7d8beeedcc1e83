import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client';

export interface ChainReport {
  ok: boolean;
  rows: number;
  headSeq: number | null;
  headHash: string | null;
  /** The first row whose hash or link does not match, if any. */
  firstBreak: { seq: number; id: number; reason: string } | null;
}

/**
 * Walks the audit chain in seq order and recomputes every hash in the database with the same
 * formula the insert trigger uses; reports the first row that does not match.
 */
/** Chains every audit row whose transaction has ended (see migration 0007). Returns how many were sealed. */
export async function sealAuditChain(db: Executor): Promise<number> {
  const [r] = await rows<{ n: number }>(db, sql`select audit_seal() as n`);
  return Number(r?.n ?? 0);
}

export async function verifyAuditChain(db: Executor): Promise<ChainReport> {
  await sealAuditChain(db);
  // Sealed rows in chain order (rows whose transaction is younger than the oldest running one wait for the next seal).
  const r = await rows<{ id: number; seq: number; hash: string; prev_hash: string; expected: string; prev_actual: string | null; prev_seq: number | null }>(db, sql`
    select id, seq, hash, prev_hash,
      encode(sha256(convert_to(audit_row_material(a), 'UTF8')), 'hex') as expected,
      lag(hash) over (order by seq) as prev_actual,
      lag(seq) over (order by seq) as prev_seq
    from audit_log a where seq is not null order by seq`);
  let firstBreak: ChainReport['firstBreak'] = null;
  for (const x of r) {
    const seq = Number(x.seq);
    const prevSeq = x.prev_seq == null ? 0 : Number(x.prev_seq);
    let reason: string | null = null;
    if (x.seq == null) reason = '缺少序号（未经链式写入）';
    else if (seq !== prevSeq + 1) reason = `序号不连续：${prevSeq} 之后是 ${seq}（有记录被删除）`;
    else if ((x.prev_actual ?? '') !== (x.prev_hash ?? '')) reason = '与上一条记录的哈希不衔接';
    else if (x.expected !== x.hash) reason = '记录内容与哈希不符（被修改）';
    if (reason) {
      firstBreak = { seq, id: Number(x.id), reason };
      break;
    }
  }
  const head = r[r.length - 1];
  return { ok: !firstBreak, rows: r.length, headSeq: head ? Number(head.seq) : null, headHash: head?.hash ?? null, firstBreak };
}
