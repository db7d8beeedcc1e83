import { and, asc, desc, eq, gte, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  approvals, claims, evidence, ledgerEntries, ruleItems, ruleSets, users,
  type ClaimRow, type ClaimSource, type ClaimWarning, type RuleItemRow,
} from '../../../db/schema';
import type { Executor } from '../../../db/client';
import type { AppContext, AuthUser } from '../../lib/context';
import { hasRole } from '../../lib/context';
import { audit } from '../../lib/audit';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, fieldError } from '../../lib/errors';
import { isValidDate, parts, today } from '../../lib/dates';
import { postLedger } from './ledger';
import { createEvidenceStore, type StoredFile } from './evidence-store';
import type { ClaimDetailT, ClaimT, CreateClaimBodyT, EvidenceInfoT, ListClaimsQueryT, UpdateClaimBodyT } from './claims.schemas';

/** Advisory-lock key of a branch's quarter: claims take it shared, approval exclusive. */
export async function lockQuarter(tx: Executor, branchId: number | null, year: number, quarter: number, mode: 'shared' | 'exclusive') {
  if (branchId == null) return;
  const fn = mode === 'shared' ? sql`pg_advisory_xact_lock_shared` : sql`pg_advisory_xact_lock`;
  await tx.execute(sql`select ${fn}(${branchId}, ${year * 10 + quarter})`);
}

export async function quarterApproved(tx: Executor, branchId: number | null, year: number, quarter: number): Promise<boolean> {
  if (branchId == null) return false;
  const r = await tx
    .select({ id: approvals.id })
    .from(approvals)
    .where(and(eq(approvals.branchId, branchId), eq(approvals.year, year), eq(approvals.quarter, quarter)));
  return r.length > 0;
}

const recorder = alias(users, 'recorder');
const decider = alias(users, 'decider');

const claimColumns = {
  c: claims,
  userName: users.name,
  ruleItemName: ruleItems.name,
  evidenceRequired: ruleItems.evidenceRequired,
  evidenceCount: sql<number>`(select count(*)::int from ${evidence} where ${evidence.claimId} = ${claims.id})`,
};

type ClaimJoined = { c: ClaimRow; userName: string; ruleItemName: string; evidenceRequired: boolean; evidenceCount: number };

export function toClaim(r: ClaimJoined): ClaimT {
  const c = r.c;
  return {
    id: c.id, userId: c.userId, ruleItemId: c.ruleItemId, block: c.block, occurredOn: c.occurredOn, quantity: c.quantity, description: c.description,
    status: c.status, claimedPoints: c.claimedPoints, recordedPoints: c.recordedPoints, recordedBy: c.recordedBy,
    recordedAt: c.recordedAt?.toISOString() ?? null, reason: c.reason, source: c.source, version: c.version, createdAt: c.createdAt.toISOString(),
    userName: r.userName, ruleItemName: r.ruleItemName, branchId: c.branchId, sectionId: c.sectionId, sourceRef: c.sourceRef, netPoints: c.netPoints,
    submittedAt: c.submittedAt.toISOString(), decidedBy: c.decidedBy, decidedAt: c.decidedAt?.toISOString() ?? null,
    evidenceCount: Number(r.evidenceCount), evidenceRequired: r.evidenceRequired, warnings: c.warnings,
  };
}

/** What claims a user may see: own; their branch for scorekeepers, branch members and leaders; all for admin. */
export function claimScope(viewer: AuthUser): SQL | undefined {
  if (hasRole(viewer, 'admin')) return undefined;
  if (hasRole(viewer, 'scorekeeper', 'branch', 'leader') && viewer.branchId != null) {
    return or(eq(claims.branchId, viewer.branchId), eq(claims.userId, viewer.id));
  }
  return eq(claims.userId, viewer.id);
}

export function createClaimsService(ctx: AppContext) {
  const { db, clock } = ctx;
  const store = createEvidenceStore(ctx.config.evidenceDir);

  async function loadItem(tx: Executor, ruleItemId: number, occurredOn: string): Promise<RuleItemRow> {
    const { year } = parts(occurredOn);
    const [item] = await tx.select().from(ruleItems).where(eq(ruleItems.id, ruleItemId));
    // An item of the activity's year proves the year has rules; otherwise find out which error to give.
    if (!item || item.year !== year) {
      const [set] = await tx.select({ id: ruleSets.id }).from(ruleSets).where(eq(ruleSets.year, year));
      if (!set) throw new BadRequestError('NO_RULES_FOR_YEAR', `occurredOn: ${year} 年尚未制定积分管理办法，无法申报`);
    }
    if (!item) throw fieldError('ruleItemId', '积分项目不存在');
    if (item.year !== year) throw fieldError('ruleItemId', `该项目属于 ${item.year} 年的积分管理办法，与活动日期 ${occurredOn} 不符`);
    if (!item.active) throw fieldError('ruleItemId', '该积分项目已停用');
    return item;
  }

  function checkDate(occurredOn: string) {
    if (!isValidDate(occurredOn)) throw fieldError('occurredOn', '不是有效的日期（YYYY-MM-DD）');
    if (occurredOn > today(clock)) throw fieldError('occurredOn', '不能是将来的日期', 'DATE_IN_FUTURE');
  }

  async function checkQuarterOpen(tx: Executor, branchId: number | null, occurredOn: string) {
    const { year, quarter } = parts(occurredOn);
    await lockQuarter(tx, branchId, year, quarter, 'shared');
    if (await quarterApproved(tx, branchId, year, quarter)) {
      throw new ConflictError('QUARTER_APPROVED', `${year} 年第 ${quarter} 季度已经党支部审定，不能再申报该季度的活动`);
    }
  }

  async function duplicateWarnings(tx: Executor, userId: number, ruleItemId: number, occurredOn: string, selfId?: number): Promise<ClaimWarning[]> {
    const dups = await tx
      .select({ id: claims.id })
      .from(claims)
      .where(and(
        eq(claims.userId, userId), eq(claims.ruleItemId, ruleItemId), eq(claims.occurredOn, occurredOn),
        inArray(claims.status, ['submitted', 'returned', 'recorded', 'approved']),
        selfId ? ne(claims.id, selfId) : undefined,
      ));
    if (!dups.length) return [];
    return [{ code: 'DUPLICATE', message: `同一人同一项目同一天已有 ${dups.length} 条申报，请核实是否重复`, claimIds: dups.map((d) => d.id) }];
  }

  async function fetchJoined(ex: Executor, where: SQL | undefined) {
    return ex.select(claimColumns).from(claims).innerJoin(users, eq(users.id, claims.userId)).innerJoin(ruleItems, eq(ruleItems.id, claims.ruleItemId)).where(where);
  }

  async function getVisible(viewer: AuthUser, id: number, ex: Executor = db): Promise<ClaimT> {
    const [r] = await fetchJoined(ex, and(eq(claims.id, id), claimScope(viewer)));
    if (!r) throw new NotFoundError('申报不存在或无权查看', 'CLAIM_NOT_FOUND');
    return toClaim(r);
  }

  async function list(viewer: AuthUser, q: ListClaimsQueryT): Promise<{ items: ClaimT[]; total: number }> {
    const where = and(
      claimScope(viewer),
      q.status ? eq(claims.status, q.status) : undefined,
      q.userId ? eq(claims.userId, q.userId) : undefined,
      q.year ? eq(claims.year, q.year) : undefined,
      q.month ? eq(claims.month, q.month) : undefined,
      q.branchId ? eq(claims.branchId, q.branchId) : undefined,
      q.sectionId ? eq(claims.sectionId, q.sectionId) : undefined,
      q.ruleItemId ? eq(claims.ruleItemId, q.ruleItemId) : undefined,
      q.source ? eq(claims.source, q.source) : undefined,
      q.from ? gte(claims.occurredOn, q.from) : undefined,
      q.to ? lte(claims.occurredOn, q.to) : undefined,
    );
    const order = q.order === 'queue' ? [asc(claims.submittedAt), asc(claims.id)] : q.order === 'occurred' ? [desc(claims.occurredOn), desc(claims.id)] : [desc(claims.id)];
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(claims).where(where);
    const items = await db
      .select(claimColumns)
      .from(claims)
      .innerJoin(users, eq(users.id, claims.userId))
      .innerJoin(ruleItems, eq(ruleItems.id, claims.ruleItemId))
      .where(where)
      .orderBy(...order)
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0);
    return { items: items.map(toClaim), total: Number(n) };
  }

  async function detail(viewer: AuthUser, id: number): Promise<ClaimDetailT> {
    const [r] = await db
      .select({ ...claimColumns, recordedByName: recorder.name, decidedByName: decider.name })
      .from(claims)
      .innerJoin(users, eq(users.id, claims.userId))
      .innerJoin(ruleItems, eq(ruleItems.id, claims.ruleItemId))
      .leftJoin(recorder, eq(recorder.id, claims.recordedBy))
      .leftJoin(decider, eq(decider.id, claims.decidedBy))
      .where(and(eq(claims.id, id), claimScope(viewer)));
    if (!r) throw new NotFoundError('申报不存在或无权查看', 'CLAIM_NOT_FOUND');
    const ev = await db.select().from(evidence).where(eq(evidence.claimId, id)).orderBy(asc(evidence.id));
    const creator = alias(users, 'creator');
    const led = await db
      .select({ e: ledgerEntries, name: creator.name })
      .from(ledgerEntries)
      .leftJoin(creator, eq(creator.id, ledgerEntries.createdBy))
      .where(eq(ledgerEntries.claimId, id))
      .orderBy(asc(ledgerEntries.id));
    return {
      ...toClaim(r),
      recordedByName: r.recordedByName,
      decidedByName: r.decidedByName,
      evidence: ev.map(toEvidence),
      ledger: led.map(({ e, name }) => ({ id: e.id, points: e.points, kind: e.kind, reason: e.reason, createdBy: e.createdBy, createdByName: name, createdAt: e.createdAt.toISOString() })),
    };
  }

  async function create(actor: AuthUser, body: CreateClaimBodyT, ip?: string): Promise<ClaimT> {
    if (!hasRole(actor, 'cadre')) throw new ForbiddenError('只有组工干部（党员）可以申报积分');
    checkDate(body.occurredOn);
    const quantity = body.quantity ?? 1;
    const id: ClaimT = await db.transaction(async (tx) => {
      const item = await loadItem(tx, body.ruleItemId, body.occurredOn);
      await checkQuarterOpen(tx, actor.branchId, body.occurredOn);
      const { year, month } = parts(body.occurredOn);
      const warnings = await duplicateWarnings(tx, actor.id, item.id, body.occurredOn);
      const now = clock();
      const [row] = await tx
        .insert(claims)
        .values({
          userId: actor.id, branchId: actor.branchId, sectionId: actor.sectionId, groupId: actor.groupId, ruleItemId: item.id, block: item.block,
          year, month, occurredOn: body.occurredOn, quantity, description: body.description.trim(), status: 'submitted',
          unitPoints: item.points, claimedPoints: item.points * quantity, source: 'self', warnings, submittedAt: now, createdAt: now, updatedAt: now,
        })
        .returning();
      await audit(tx, { actorId: actor.id, action: 'claim.submit', entity: 'claim', entityId: row.id, after: row, ip });
      return toClaim({ c: row, userName: actor.name, ruleItemName: item.name, evidenceRequired: item.evidenceRequired, evidenceCount: 0 });
    });
    return id;
  }

  /** The claimant edits a returned claim, which resubmits it. */
  async function update(actor: AuthUser, id: number, body: UpdateClaimBodyT, ip?: string): Promise<ClaimT> {
    await db.transaction(async (tx) => {
      const [before] = await tx.select().from(claims).where(and(eq(claims.id, id), claimScope(actor)));
      if (!before) throw new NotFoundError('申报不存在或无权查看', 'CLAIM_NOT_FOUND');
      if (before.userId !== actor.id) throw new ForbiddenError('只有申报人本人可以修改申报');
      if (before.status !== 'returned') throw new ConflictError('CLAIM_NOT_RETURNED', '只有被退回的申报可以修改后重新提交');
      const occurredOn = body.occurredOn ?? before.occurredOn;
      checkDate(occurredOn);
      const item = await loadItem(tx, body.ruleItemId ?? before.ruleItemId, occurredOn);
      await checkQuarterOpen(tx, before.branchId, occurredOn);
      const quantity = body.quantity ?? before.quantity;
      const { year, month } = parts(occurredOn);
      const warnings = await duplicateWarnings(tx, actor.id, item.id, occurredOn, id);
      const reused = before.warnings.filter((w) => w.code === 'EVIDENCE_REUSED');
      const now = clock();
      const [row] = await tx
        .update(claims)
        .set({
          ruleItemId: item.id, block: item.block, occurredOn, year, month, quantity, description: body.description?.trim() ?? before.description,
          unitPoints: item.points, claimedPoints: item.points * quantity, status: 'submitted', warnings: [...warnings, ...reused],
          version: sql`${claims.version} + 1`, submittedAt: now, updatedAt: now,
        })
        .where(and(eq(claims.id, id), eq(claims.status, 'returned'), eq(claims.version, before.version)))
        .returning();
      if (!row) throw new ConflictError('CLAIM_CHANGED', '该申报刚被修改，请刷新后重试');
      await audit(tx, { actorId: actor.id, action: 'claim.resubmit', entity: 'claim', entityId: id, before, after: row, ip });
    });
    return getVisible(actor, id);
  }

  async function withdraw(actor: AuthUser, id: number, ip?: string): Promise<ClaimT> {
    await db.transaction(async (tx) => {
      const [before] = await tx.select().from(claims).where(and(eq(claims.id, id), claimScope(actor)));
      if (!before) throw new NotFoundError('申报不存在或无权查看', 'CLAIM_NOT_FOUND');
      if (before.userId !== actor.id) throw new ForbiddenError('只有申报人本人可以撤回申报');
      const [row] = await tx
        .update(claims)
        .set({ status: 'withdrawn', version: sql`${claims.version} + 1`, decidedAt: clock(), decidedBy: actor.id, updatedAt: clock() })
        .where(and(eq(claims.id, id), inArray(claims.status, ['submitted', 'returned'])))
        .returning();
      if (!row) throw new ConflictError('CLAIM_NOT_WITHDRAWABLE', '只有待记录或被退回的申报可以撤回');
      await audit(tx, { actorId: actor.id, action: 'claim.withdraw', entity: 'claim', entityId: id, before: { status: before.status }, after: { status: 'withdrawn' }, ip });
    });
    return getVisible(actor, id);
  }

  /** Loads a claim (with the claimant's name and the item) for a scorekeeper's decision: visible (own branch), not their own. */
  async function forDecisionJoined(tx: Executor, actor: AuthUser, id: number) {
    const [r] = await tx
      .select({ c: claims, userName: users.name, ruleItemName: ruleItems.name, evidenceRequired: ruleItems.evidenceRequired })
      .from(claims)
      .innerJoin(users, eq(users.id, claims.userId))
      .innerJoin(ruleItems, eq(ruleItems.id, claims.ruleItemId))
      .where(and(eq(claims.id, id), claimScope(actor)));
    if (!r) throw new NotFoundError('申报不存在或无权查看', 'CLAIM_NOT_FOUND');
    await forDecision(tx, actor, id, r.c);
    return r;
  }

  /** Checks a claim for a scorekeeper's decision: visible (own branch), not their own. */
  async function forDecision(tx: Executor, actor: AuthUser, id: number, loaded?: ClaimRow): Promise<ClaimRow> {
    const [c] = loaded ? [loaded] : await tx.select().from(claims).where(and(eq(claims.id, id), claimScope(actor)));
    if (!c) throw new NotFoundError('申报不存在或无权查看', 'CLAIM_NOT_FOUND');
    if (c.userId === actor.id) throw new ForbiddenError('不能处理本人的申报（须由其他计分员处理）', 'SELF_DECISION');
    if (!hasRole(actor, 'admin') && c.branchId !== actor.branchId) throw new ForbiddenError('只能处理本党支部的申报');
    return c;
  }

  async function record(actor: AuthUser, id: number, body: { points?: number; reason?: string }, ip?: string): Promise<ClaimT> {
    return db.transaction(async (tx) => {
      const j = await forDecisionJoined(tx, actor, id);
      const c = j.c;
      if (c.status !== 'submitted') throw new ConflictError('CLAIM_NOT_SUBMITTED', `该申报当前状态为“${STATUS_NAMES[c.status]}”，不能记录`);
      const points = body.points ?? c.claimedPoints;
      if (points !== c.claimedPoints && !body.reason?.trim()) throw fieldError('reason', `记录分值（${points}）与申报分值（${c.claimedPoints}）不同，须说明调整理由`);
      const [{ n: evidenceCount }] = await tx.select({ n: sql<number>`count(*)::int` }).from(evidence).where(eq(evidence.claimId, id));
      if (j.evidenceRequired && Number(evidenceCount) === 0) throw new ConflictError('EVIDENCE_MISSING', `“${j.ruleItemName}”须附佐证材料，请退回申报人补充`);
      await lockQuarter(tx, c.branchId, c.year, Math.ceil(c.month / 3), 'shared');
      const now = clock();
      // The status guard in the WHERE makes a concurrent second record find nothing: one winner.
      const [row] = await tx
        .update(claims)
        .set({
          status: 'recorded', recordedPoints: points, recordedBy: actor.id, recordedAt: now, decidedBy: actor.id, decidedAt: now,
          reason: body.reason?.trim() || null, version: sql`${claims.version} + 1`, updatedAt: now,
        })
        .where(and(eq(claims.id, id), eq(claims.status, 'submitted')))
        .returning();
      if (!row) throw new ConflictError('CLAIM_NOT_SUBMITTED', '该申报已被处理（可能是其他计分员刚刚处理），请刷新');
      await postLedger(tx, { claim: row, points, kind: 'record', reason: body.reason?.trim() || null, createdBy: actor.id, at: now });
      await audit(tx, { actorId: actor.id, action: 'claim.record', entity: 'claim', entityId: id, before: { status: c.status }, after: { status: 'recorded', points, reason: body.reason ?? null }, ip });
      return toClaim({ c: { ...row, netPoints: row.netPoints + points }, userName: j.userName, ruleItemName: j.ruleItemName, evidenceRequired: j.evidenceRequired, evidenceCount: Number(evidenceCount) });
    });
  }

  async function decide(actor: AuthUser, id: number, to: 'returned' | 'rejected', reason: string, ip?: string): Promise<ClaimT> {
    await db.transaction(async (tx) => {
      const c = await forDecision(tx, actor, id);
      if (c.status !== 'submitted') throw new ConflictError('CLAIM_NOT_SUBMITTED', `该申报当前状态为“${STATUS_NAMES[c.status]}”，不能${to === 'returned' ? '退回' : '驳回'}`);
      const now = clock();
      const [row] = await tx
        .update(claims)
        .set({ status: to, reason: reason.trim(), decidedBy: actor.id, decidedAt: now, version: sql`${claims.version} + 1`, updatedAt: now })
        .where(and(eq(claims.id, id), eq(claims.status, 'submitted')))
        .returning();
      if (!row) throw new ConflictError('CLAIM_NOT_SUBMITTED', '该申报已被处理（可能是其他计分员刚刚处理），请刷新');
      await audit(tx, { actorId: actor.id, action: to === 'returned' ? 'claim.return' : 'claim.reject', entity: 'claim', entityId: id, before: { status: c.status }, after: { status: to, reason }, ip });
    });
    return getVisible(actor, id);
  }

  /** A reasoned correction of recorded or approved points: a new ledger entry, never an edit. */
  async function adjust(actor: AuthUser, id: number, delta: number, reason: string, ip?: string): Promise<ClaimT> {
    if (delta === 0) throw fieldError('points', '调整分值不能为 0');
    await db.transaction(async (tx) => {
      const c = await forDecision(tx, actor, id);
      if (c.status !== 'recorded' && c.status !== 'approved') throw new ConflictError('CLAIM_NOT_RECORDED', '只有已记录或已审定的积分可以调整');
      await rows1(tx, id);
      const [fresh] = await tx.select().from(claims).where(eq(claims.id, id));
      if (fresh.netPoints + delta < 0) throw fieldError('points', `调整后分值不能为负（当前 ${fresh.netPoints} 分）`);
      const kind = fresh.netPoints + delta === 0 && delta < 0 ? 'reversal' : 'adjustment';
      await postLedger(tx, { claim: fresh, points: delta, kind, reason: reason.trim(), createdBy: actor.id, at: clock() });
      await tx.update(claims).set({ version: sql`${claims.version} + 1`, updatedAt: clock() }).where(eq(claims.id, id));
      await audit(tx, { actorId: actor.id, action: `claim.${kind}`, entity: 'claim', entityId: id, before: { netPoints: fresh.netPoints }, after: { netPoints: fresh.netPoints + delta, reason }, ip });
    });
    return getVisible(actor, id);
  }

  /** Row lock on the claim, so two adjustments of one claim never both see the old net. */
  async function rows1(tx: Executor, id: number) {
    await tx.execute(sql`select id from claims where id = ${id} for update`);
  }

  async function reverse(actor: AuthUser, id: number, reason: string, ip?: string): Promise<ClaimT> {
    const [c] = await db.select({ net: claims.netPoints }).from(claims).where(and(eq(claims.id, id), claimScope(actor)));
    if (!c) throw new NotFoundError('申报不存在或无权查看', 'CLAIM_NOT_FOUND');
    if (c.net <= 0) throw new ConflictError('CLAIM_NOTHING_TO_REVERSE', '该申报当前没有可冲销的分值');
    return adjust(actor, id, -c.net, reason, ip);
  }

  async function addEvidence(actor: AuthUser, id: number, file: { file: NodeJS.ReadableStream & { truncated?: boolean }; filename: string }, ip?: string): Promise<EvidenceInfoT> {
    const [c] = await db.select().from(claims).where(and(eq(claims.id, id), claimScope(actor)));
    if (!c) throw new NotFoundError('申报不存在或无权查看', 'CLAIM_NOT_FOUND');
    if (c.userId !== actor.id) throw new ForbiddenError('只有申报人本人可以上传佐证材料');
    if (c.status !== 'submitted' && c.status !== 'returned') throw new ConflictError('CLAIM_CLOSED', '申报已处理，不能再上传佐证材料');
    const stored: StoredFile = await store.save(file.file as never, file.filename);
    return db.transaction(async (tx) => {
      const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(evidence).where(eq(evidence.claimId, id));
      if (Number(n) >= 10) throw new ConflictError('EVIDENCE_LIMIT', '每条申报最多上传 10 个佐证材料');
      const [row] = await tx.insert(evidence).values({ claimId: id, filename: stored.filename, mime: stored.mime, size: stored.size, sha256: stored.sha256, uploadedBy: actor.id, createdAt: clock() }).returning();
      const others = await tx.select({ claimId: evidence.claimId }).from(evidence).where(and(eq(evidence.sha256, stored.sha256), ne(evidence.claimId, id)));
      if (others.length) {
        const ids = [...new Set(others.map((o) => o.claimId))];
        const [cur] = await tx.select({ warnings: claims.warnings }).from(claims).where(eq(claims.id, id));
        const rest = cur.warnings.filter((w) => w.code !== 'EVIDENCE_REUSED');
        const prev = cur.warnings.find((w) => w.code === 'EVIDENCE_REUSED')?.claimIds ?? [];
        const all = [...new Set([...prev, ...ids])];
        await tx.update(claims).set({ warnings: [...rest, { code: 'EVIDENCE_REUSED', message: `佐证材料与其他 ${all.length} 条申报中的文件完全相同，请核实`, claimIds: all }] }).where(eq(claims.id, id));
      }
      await audit(tx, { actorId: actor.id, action: 'claim.evidence', entity: 'claim', entityId: id, after: { evidenceId: row.id, sha256: row.sha256, filename: row.filename }, ip });
      return toEvidence(row);
    });
  }

  async function openEvidence(viewer: AuthUser, evidenceId: number) {
    const [r] = await db
      .select({ e: evidence })
      .from(evidence)
      .innerJoin(claims, eq(claims.id, evidence.claimId))
      .where(and(eq(evidence.id, evidenceId), claimScope(viewer)));
    if (!r) throw new NotFoundError('材料不存在或无权查看', 'EVIDENCE_NOT_FOUND');
    const f = store.open(r.e.sha256);
    if (!f) throw new NotFoundError('材料文件已丢失，请联系管理员', 'EVIDENCE_FILE_MISSING');
    return { ...f, row: r.e };
  }

  /**
   * A claim credited by a record of the department (a study session attended, a lecture given, a bulletin item adopted):
   * recorded at once, with its source, no self-report needed. Idempotent per (source, sourceRef, user).
   */
  async function credit(
    tx: Executor,
    p: { userId: number; ruleItemId: number; occurredOn: string; quantity?: number; description: string; source: ClaimSource; sourceRef: string; actorId: number; reason?: string },
  ): Promise<ClaimRow | null> {
    const [u] = await tx.select().from(users).where(eq(users.id, p.userId));
    if (!u) throw fieldError('userId', '人员不存在');
    const [existing] = await tx
      .select({ id: claims.id })
      .from(claims)
      .where(and(eq(claims.source, p.source), eq(claims.sourceRef, p.sourceRef), eq(claims.userId, p.userId), inArray(claims.status, ['recorded', 'approved'])));
    if (existing) return null;
    const item = await loadItem(tx, p.ruleItemId, p.occurredOn);
    await checkQuarterOpen(tx, u.branchId, p.occurredOn);
    const { year, month } = parts(p.occurredOn);
    const quantity = p.quantity ?? 1;
    const now = clock();
    const pts = item.points * quantity;
    const [row] = await tx
      .insert(claims)
      .values({
        userId: u.id, branchId: u.branchId, sectionId: u.sectionId, groupId: u.groupId, ruleItemId: item.id, block: item.block, year, month,
        occurredOn: p.occurredOn, quantity, description: p.description, status: 'recorded', unitPoints: item.points, claimedPoints: pts,
        recordedPoints: pts, recordedBy: p.actorId, recordedAt: now, decidedBy: p.actorId, decidedAt: now, reason: p.reason ?? null,
        source: p.source, sourceRef: p.sourceRef, submittedAt: now, createdAt: now, updatedAt: now,
      })
      .returning();
    await postLedger(tx, { claim: row, points: pts, kind: 'record', reason: p.reason ?? null, createdBy: p.actorId, at: now });
    return row;
  }

  return { list, detail, getVisible, create, update, withdraw, record, decide, adjust, reverse, addEvidence, openEvidence, credit };
}
export type ClaimsService = ReturnType<typeof createClaimsService>;

export const STATUS_NAMES: Record<string, string> = {
  submitted: '待记录', returned: '已退回', rejected: '已驳回', withdrawn: '已撤回', recorded: '已记录', approved: '已审定',
};

function toEvidence(e: typeof evidence.$inferSelect): EvidenceInfoT {
  return { id: e.id, filename: e.filename, size: e.size, sha256: e.sha256, mime: e.mime, createdAt: e.createdAt.toISOString() };
}
