import { and, asc, desc, eq, gt, inArray, notExists, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  approvals, claims, memberMonthTotals, memberYearTotals, objections, orgUnits, publicationClaims, publicationLines, publications, ruleItems, users,
  type PublicationRow,
} from '../../../db/schema';
import type { Executor } from '../../../db/client';
import type { AppContext, AuthUser } from '../../lib/context';
import { hasRole } from '../../lib/context';
import { audit } from '../../lib/audit';
import { ConflictError, ForbiddenError, NotFoundError, fieldError } from '../../lib/errors';
import { addWorkingDays, monthRange, parts, quarterMonths, quarterRange, today } from '../../lib/dates';
import { lockQuarter } from '../claims/claims.service';
import { postLedger } from '../claims/ledger';
import type { ApprovalT, BlockerT, ObjectionT, PublicationSummaryT, PublicationT, PublishBodyT, ReadinessT } from './publicity.schemas';

const objector = alias(users, 'objector');
const claimant = alias(users, 'claimant');
const ruler = alias(users, 'ruler');
const publisher = alias(users, 'publisher');

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
}

export function createPublicityService(ctx: AppContext) {
  const { db, clock } = ctx;

  /** Who sees a branch's publicity: its members, leaders, admin. */
  function canSeeBranch(viewer: AuthUser, branchId: number) {
    return viewer.branchId === branchId || hasRole(viewer, 'leader', 'admin');
  }

  function requireOwnBranch(viewer: AuthUser, branchId: number, what: string) {
    if (viewer.branchId !== branchId) throw new ForbiddenError(`只能${what}本党支部的事项`);
  }

  async function branchName(ex: Executor, branchId: number): Promise<string> {
    const [b] = await ex.select().from(orgUnits).where(and(eq(orgUnits.id, branchId), eq(orgUnits.kind, 'branch')));
    if (!b) throw fieldError('branchId', '不是有效的党支部');
    return b.name;
  }

  /** The lines a month's publication would show now: every member's month points (uncapped) and year total (capped). */
  async function computeLines(ex: Executor, branchId: number, year: number, month: number) {
    const section = alias(orgUnits, 'section');
    const r = await ex
      .select({
        userId: users.id, name: users.name, sectionName: section.name,
        monthPoints: sql<number>`coalesce(${memberMonthTotals.total}, 0)::int`,
        yearTotal: sql<number>`coalesce(${memberYearTotals.total}, 0)::int`,
      })
      .from(users)
      .leftJoin(section, eq(section.id, users.sectionId))
      .leftJoin(memberMonthTotals, and(eq(memberMonthTotals.userId, users.id), eq(memberMonthTotals.year, year), eq(memberMonthTotals.month, month)))
      .leftJoin(memberYearTotals, and(eq(memberYearTotals.userId, users.id), eq(memberYearTotals.year, year)))
      .where(and(eq(users.branchId, branchId), eq(users.active, true), sql`'cadre' = any(${users.roles})`))
      .orderBy(desc(sql`coalesce(${memberYearTotals.total}, 0)`), asc(users.id));
    return r.map((x) => ({ ...x, monthPoints: Number(x.monthPoints), yearTotal: Number(x.yearTotal) }));
  }

  const claimLine = {
    claimId: claims.id, userId: claims.userId, userName: users.name, ruleItemName: ruleItems.name, block: claims.block,
    occurredOn: claims.occurredOn, points: claims.netPoints, description: claims.description,
  };

  /** Recorded claims of a branch's month; with `unpublished`, only those no publication has shown yet (late entries). */
  async function monthClaims(ex: Executor, branchId: number, year: number, month: number, unpublished = false) {
    return ex
      .select(claimLine)
      .from(claims)
      .innerJoin(users, eq(users.id, claims.userId))
      .innerJoin(ruleItems, eq(ruleItems.id, claims.ruleItemId))
      .where(and(
        eq(claims.branchId, branchId), eq(claims.year, year), eq(claims.month, month), inArray(claims.status, ['recorded', 'approved']),
        unpublished ? notExists(ex.select({ x: sql`1` }).from(publicationClaims).where(eq(publicationClaims.claimId, claims.id))) : undefined,
      ))
      .orderBy(asc(claims.occurredOn), asc(claims.id));
  }

  async function summaries(where: SQL | undefined): Promise<PublicationSummaryT[]> {
    const now = clock();
    const rows = await db
      .select({
        p: publications, branchName: orgUnits.name, publishedByName: publisher.name,
        lineCount: sql<number>`(select count(*)::int from ${publicationLines} where ${publicationLines.publicationId} = ${publications.id})`,
        claimCount: sql<number>`(select count(*)::int from ${publicationClaims} where ${publicationClaims.publicationId} = ${publications.id})`,
        openObjections: sql<number>`(select count(*)::int from ${objections} where ${objections.publicationId} = ${publications.id} and ${objections.status} = 'open')`,
      })
      .from(publications)
      .innerJoin(orgUnits, eq(orgUnits.id, publications.branchId))
      .innerJoin(publisher, eq(publisher.id, publications.publishedBy))
      .where(where)
      .orderBy(desc(publications.year), desc(publications.month), asc(publications.id));
    return rows.map((r) => ({
      id: r.p.id, branchId: r.p.branchId, branchName: r.branchName, year: r.p.year, month: r.p.month, kind: r.p.kind,
      publishedAt: r.p.publishedAt.toISOString(), closesAt: r.p.closesAt.toISOString(), open: r.p.closesAt > now,
      publishedBy: r.p.publishedBy, publishedByName: r.publishedByName,
      lineCount: Number(r.lineCount), claimCount: Number(r.claimCount), openObjections: Number(r.openObjections),
    }));
  }

  async function list(viewer: AuthUser, q: { branchId?: number; year?: number }) {
    const branchId = q.branchId ?? viewer.branchId ?? undefined;
    if (branchId != null && !canSeeBranch(viewer, branchId)) throw new ForbiddenError('只能查看本党支部的公示');
    const items = await summaries(and(
      branchId != null ? eq(publications.branchId, branchId) : hasRole(viewer, 'leader', 'admin') ? undefined : sql`false`,
      q.year ? eq(publications.year, q.year) : undefined,
    ));
    return { items, total: items.length };
  }

  async function get(viewer: AuthUser, id: number, ex: Executor = db): Promise<PublicationT> {
    const [s] = await summaries(eq(publications.id, id));
    if (!s || !canSeeBranch(viewer, s.branchId)) throw new NotFoundError('公示不存在或无权查看', 'PUBLICATION_NOT_FOUND');
    const lines = await ex
      .select({ userId: publicationLines.userId, name: publicationLines.name, sectionName: publicationLines.sectionName, monthPoints: publicationLines.monthPoints, yearTotal: publicationLines.yearTotal })
      .from(publicationLines)
      .where(eq(publicationLines.publicationId, id))
      .orderBy(desc(publicationLines.yearTotal), asc(publicationLines.userId));
    const pcs = await ex
      .select({ ...claimLine, points: publicationClaims.points })
      .from(publicationClaims)
      .innerJoin(claims, eq(claims.id, publicationClaims.claimId))
      .innerJoin(users, eq(users.id, claims.userId))
      .innerJoin(ruleItems, eq(ruleItems.id, claims.ruleItemId))
      .where(eq(publicationClaims.publicationId, id))
      .orderBy(asc(claims.occurredOn), asc(claims.id));
    return { ...s, lines, claims: pcs, objections: await listObjectionsWhere(eq(objections.publicationId, id)) };
  }

  async function preview(viewer: AuthUser, q: { branchId: number; year: number; month: number }) {
    if (!canSeeBranch(viewer, q.branchId)) throw new ForbiddenError('只能查看本党支部的公示');
    await branchName(db, q.branchId);
    const [existing] = await db.select({ id: publications.id }).from(publications).where(and(eq(publications.branchId, q.branchId), eq(publications.year, q.year), eq(publications.month, q.month), eq(publications.kind, 'regular')));
    return {
      ...q,
      published: !!existing,
      closesAt: addWorkingDays(clock(), 5).toISOString(),
      lines: await computeLines(db, q.branchId, q.year, q.month),
      claims: await monthClaims(db, q.branchId, q.year, q.month),
      lateClaims: existing ? await monthClaims(db, q.branchId, q.year, q.month, true) : [],
    };
  }

  function closingTime(closesAt: string | undefined) {
    const now = clock();
    if (!closesAt) return addWorkingDays(now, 5);
    const d = new Date(closesAt);
    if (Number.isNaN(d.getTime())) throw fieldError('closesAt', '不是有效的时间');
    if (d <= now) throw fieldError('closesAt', '公示截止时间必须晚于现在');
    if (d.getTime() - now.getTime() > 60 * 86400_000) throw fieldError('closesAt', '公示期不能超过 60 天');
    return d;
  }

  async function writePublication(tx: Executor, actor: AuthUser, branchId: number, year: number, month: number, kind: 'regular' | 'supplementary', closesAt: Date, claimRows: Awaited<ReturnType<typeof monthClaims>>) {
    const now = clock();
    let pub: PublicationRow;
    try {
      [pub] = await tx.insert(publications).values({ branchId, year, month, kind, publishedBy: actor.id, publishedAt: now, closesAt }).returning();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('ALREADY_PUBLISHED', `${year} 年 ${month} 月已公示`);
      throw e;
    }
    const lines = await computeLines(tx, branchId, year, month);
    if (lines.length) await tx.insert(publicationLines).values(lines.map((l) => ({ publicationId: pub.id, ...l })));
    if (claimRows.length) await tx.insert(publicationClaims).values(claimRows.map((c) => ({ publicationId: pub.id, claimId: c.claimId, points: c.points })));
    await audit(tx, { actorId: actor.id, action: kind === 'regular' ? 'publicity.publish' : 'publicity.supplement', entity: 'publication', entityId: pub.id, after: { branchId, year, month, kind, closesAt, lines: lines.length, claims: claimRows.length } });
    return pub;
  }

  async function publish(actor: AuthUser, body: PublishBodyT): Promise<PublicationT> {
    requireOwnBranch(actor, body.branchId, '公示');
    const closesAt = closingTime(body.closesAt);
    const { from } = monthRange(body.year, body.month);
    if (from > today(clock)) throw fieldError('month', `${body.year} 年 ${body.month} 月尚未开始，不能公示`);
    const id = await db.transaction(async (tx) => {
      await branchName(tx, body.branchId);
      // Serialize publishing a branch's month against records and approval of its quarter.
      await lockQuarter(tx, body.branchId, body.year, Math.ceil(body.month / 3), 'exclusive');
      const [dup] = await tx.select({ id: publications.id }).from(publications).where(and(eq(publications.branchId, body.branchId), eq(publications.year, body.year), eq(publications.month, body.month), eq(publications.kind, 'regular')));
      if (dup) throw new ConflictError('ALREADY_PUBLISHED', `${body.year} 年 ${body.month} 月已公示，迟录的积分请用“补充公示”`);
      const claimRows = await monthClaims(tx, body.branchId, body.year, body.month);
      return (await writePublication(tx, actor, body.branchId, body.year, body.month, 'regular', closesAt, claimRows)).id;
    });
    return get(actor, id);
  }

  /** Late entries (recorded after their month was published) go out in a supplementary publication before approval. */
  async function supplement(actor: AuthUser, publicationId: number, body: { closesAt?: string }): Promise<PublicationT> {
    const closesAt = closingTime(body.closesAt);
    const id = await db.transaction(async (tx) => {
      const [base] = await tx.select().from(publications).where(eq(publications.id, publicationId));
      if (!base || !canSeeBranch(actor, base.branchId)) throw new NotFoundError('公示不存在或无权查看', 'PUBLICATION_NOT_FOUND');
      requireOwnBranch(actor, base.branchId, '公示');
      await lockQuarter(tx, base.branchId, base.year, Math.ceil(base.month / 3), 'exclusive');
      const late = await monthClaims(tx, base.branchId, base.year, base.month, true);
      if (!late.length) throw new ConflictError('NO_LATE_ENTRIES', '该月没有需要补充公示的迟录积分');
      return (await writePublication(tx, actor, base.branchId, base.year, base.month, 'supplementary', closesAt, late)).id;
    });
    return get(actor, id);
  }

  async function listObjectionsWhere(where: SQL | undefined): Promise<ObjectionT[]> {
    const r = await db
      .select({
        o: objections, objectorName: objector.name, claimantId: claims.userId, claimantName: claimant.name, ruleItemName: ruleItems.name, ruledByName: ruler.name,
        year: publications.year, month: publications.month,
      })
      .from(objections)
      .innerJoin(objector, eq(objector.id, objections.objectorId))
      .innerJoin(claims, eq(claims.id, objections.claimId))
      .innerJoin(claimant, eq(claimant.id, claims.userId))
      .innerJoin(ruleItems, eq(ruleItems.id, claims.ruleItemId))
      .innerJoin(publications, eq(publications.id, objections.publicationId))
      .leftJoin(ruler, eq(ruler.id, objections.ruledBy))
      .where(where)
      .orderBy(desc(objections.id));
    return r.map(({ o, ...x }) => ({
      id: o.id, publicationId: o.publicationId, claimId: o.claimId, branchId: o.branchId, objectorId: o.objectorId, objectorName: x.objectorName,
      claimantId: x.claimantId, claimantName: x.claimantName, ruleItemName: x.ruleItemName, reason: o.reason, status: o.status,
      ruledBy: o.ruledBy, ruledByName: x.ruledByName, ruledAt: o.ruledAt?.toISOString() ?? null, upheld: o.upheld, note: o.note,
      createdAt: o.createdAt.toISOString(), year: x.year, month: x.month,
    }));
  }

  async function listObjections(viewer: AuthUser, q: { branchId?: number; status?: 'open' | 'upheld' | 'dismissed'; publicationId?: number; year?: number }) {
    const branchId = q.branchId ?? viewer.branchId ?? undefined;
    if (branchId != null && !canSeeBranch(viewer, branchId)) throw new ForbiddenError('只能查看本党支部的异议');
    // Branch, scorekeepers, leaders and admin see the branch's objections; a member sees those they raised or that concern them.
    const seeAll = hasRole(viewer, 'branch', 'scorekeeper', 'leader', 'admin');
    const items = await listObjectionsWhere(and(
      branchId != null ? eq(objections.branchId, branchId) : hasRole(viewer, 'leader', 'admin') ? undefined : sql`false`,
      seeAll ? undefined : sql`(${objections.objectorId} = ${viewer.id} or ${claims.userId} = ${viewer.id})`,
      q.status ? eq(objections.status, q.status) : undefined,
      q.publicationId ? eq(objections.publicationId, q.publicationId) : undefined,
      q.year ? eq(publications.year, q.year) : undefined,
    ));
    return { items, total: items.length };
  }

  async function object(actor: AuthUser, publicationId: number, body: { claimId: number; reason: string }): Promise<ObjectionT> {
    const id = await db.transaction(async (tx) => {
      const [pub] = await tx.select().from(publications).where(eq(publications.id, publicationId));
      if (!pub || !canSeeBranch(actor, pub.branchId)) throw new NotFoundError('公示不存在或无权查看', 'PUBLICATION_NOT_FOUND');
      if (actor.branchId !== pub.branchId) throw new ForbiddenError('只有本党支部的党员可以对公示提出异议');
      if (clock() >= pub.closesAt) throw new ConflictError('PUBLICITY_CLOSED', `公示已于 ${pub.closesAt.toISOString()} 截止，不能再提出异议`);
      const [pc] = await tx.select().from(publicationClaims).where(and(eq(publicationClaims.publicationId, publicationId), eq(publicationClaims.claimId, body.claimId)));
      if (!pc) throw fieldError('claimId', '该申报不在本次公示中');
      const [dup] = await tx.select({ id: objections.id }).from(objections).where(and(eq(objections.claimId, body.claimId), eq(objections.objectorId, actor.id), eq(objections.status, 'open')));
      if (dup) throw new ConflictError('OBJECTION_EXISTS', '您对该条积分的异议正在处理中');
      const [row] = await tx.insert(objections).values({ publicationId, claimId: body.claimId, branchId: pub.branchId, objectorId: actor.id, reason: body.reason.trim(), createdAt: clock(), updatedAt: clock() }).returning();
      await audit(tx, { actorId: actor.id, action: 'objection.raise', entity: 'objection', entityId: row.id, after: row });
      return row.id;
    });
    const [o] = await listObjectionsWhere(eq(objections.id, id));
    return o;
  }

  async function rule(actor: AuthUser, id: number, body: { upheld: boolean; note: string }): Promise<ObjectionT> {
    await db.transaction(async (tx) => {
      const [o] = await tx.select({ o: objections, claimantId: claims.userId }).from(objections).innerJoin(claims, eq(claims.id, objections.claimId)).where(eq(objections.id, id));
      if (!o || !canSeeBranch(actor, o.o.branchId)) throw new NotFoundError('异议不存在或无权查看', 'OBJECTION_NOT_FOUND');
      if (actor.branchId !== o.o.branchId) throw new ForbiddenError('只能裁定本党支部的异议');
      if (o.o.objectorId === actor.id) throw new ForbiddenError('不能裁定本人提出的异议', 'SELF_RULING');
      if (o.claimantId === actor.id) throw new ForbiddenError('不能裁定针对本人积分的异议', 'SELF_RULING');
      const now = clock();
      const [row] = await tx
        .update(objections)
        .set({ status: body.upheld ? 'upheld' : 'dismissed', upheld: body.upheld, note: body.note.trim(), ruledBy: actor.id, ruledAt: now, updatedAt: now })
        .where(and(eq(objections.id, id), eq(objections.status, 'open')))
        .returning();
      if (!row) throw new ConflictError('OBJECTION_NOT_OPEN', '该异议已裁定');
      if (body.upheld) {
        await tx.execute(sql`select id from claims where id = ${o.o.claimId} for update`);
        const [c] = await tx.select().from(claims).where(eq(claims.id, o.o.claimId));
        if (c.netPoints !== 0) {
          await postLedger(tx, { claim: c, points: -c.netPoints, kind: 'reversal', reason: `异议成立：${body.note.trim()}`, createdBy: actor.id, at: now });
          await tx.update(claims).set({ version: sql`${claims.version} + 1`, updatedAt: now }).where(eq(claims.id, c.id));
        }
      }
      await audit(tx, { actorId: actor.id, action: body.upheld ? 'objection.uphold' : 'objection.dismiss', entity: 'objection', entityId: id, before: { status: 'open' }, after: { status: row.status, note: row.note } });
    });
    const [o] = await listObjectionsWhere(eq(objections.id, id));
    return o;
  }

  async function approvalRow(ex: Executor, where: SQL): Promise<ApprovalT[]> {
    const approver = alias(users, 'approver');
    const pendingU = alias(users, 'pending_u');
    const co = alias(users, 'co');
    const r = await ex
      .select({ a: approvals, name: approver.name, pendingName: pendingU.name, coName: co.name })
      .from(approvals)
      .innerJoin(approver, eq(approver.id, approvals.approvedBy))
      .leftJoin(pendingU, eq(pendingU.id, approvals.pendingUserId))
      .leftJoin(co, eq(co.id, approvals.coApprovedBy))
      .where(where)
      .orderBy(desc(approvals.year), desc(approvals.quarter));
    return r.map(({ a, name, pendingName, coName }) => ({
      id: a.id, branchId: a.branchId, year: a.year, quarter: a.quarter, approvedBy: a.approvedBy, approvedByName: name, approvedAt: a.approvedAt.toISOString(),
      claimCount: a.claimCount, note: a.note,
      pendingUserId: a.coApprovedBy ? null : a.pendingUserId, pendingUserName: a.coApprovedBy ? null : pendingName,
      coApprovedBy: a.coApprovedBy, coApprovedByName: coName, coApprovedAt: a.coApprovedAt?.toISOString() ?? null,
      complete: !a.pendingUserId || !!a.coApprovedBy,
    }));
  }

  async function readinessOf(ex: Executor, branchId: number, year: number, quarter: number): Promise<ReadinessT> {
    const blockers: BlockerT[] = [];
    const notes: string[] = [];
    const [approved] = await approvalRow(ex, and(eq(approvals.branchId, branchId), eq(approvals.year, year), eq(approvals.quarter, quarter))!);
    if (approved?.complete) blockers.push({ code: 'ALREADY_APPROVED', message: `${year} 年第 ${quarter} 季度已于 ${approved.approvedAt.slice(0, 10)} 审定` });
    if (approved && !approved.complete) {
      return {
        branchId, year, quarter, ready: true, approved, notes,
        blockers: [{ code: 'CO_APPROVAL_NEEDED', message: `${approved.pendingUserName} 本人的积分须由其他支部委员审定（${approved.approvedByName} 已审定其余积分）` }],
        summary: await quarterSummary(ex, branchId, year, quarter),
      };
    }
    const range = quarterRange(year, quarter);
    if (today(clock) <= range.to) blockers.push({ code: 'QUARTER_NOT_ENDED', message: `第 ${quarter} 季度到 ${range.to} 才结束` });
    const months = quarterMonths(quarter);
    const inQuarter = and(eq(claims.branchId, branchId), eq(claims.year, year), inArray(claims.month, months));
    const pending = await ex.select({ id: claims.id }).from(claims).where(and(inQuarter, eq(claims.status, 'submitted')));
    if (pending.length) blockers.push({ code: 'PENDING_CLAIMS', message: `还有 ${pending.length} 条申报待记录`, claimIds: pending.map((p) => p.id) });
    const pubs = await ex.select().from(publications).where(and(eq(publications.branchId, branchId), eq(publications.year, year), inArray(publications.month, months)));
    const now = clock();
    for (const m of months) {
      if (!pubs.some((p) => p.month === m && p.kind === 'regular')) blockers.push({ code: 'UNPUBLISHED_MONTH', month: m, message: `${m} 月积分尚未公示` });
    }
    for (const p of pubs.filter((p) => p.closesAt > now)) {
      blockers.push({ code: 'WINDOW_OPEN', month: p.month, publicationId: p.id, closesAt: p.closesAt.toISOString(), message: `${p.month} 月${p.kind === 'supplementary' ? '补充' : ''}公示期至 ${p.closesAt.toISOString()} 才结束` });
    }
    if (pubs.length) {
      const open = await ex.select({ id: objections.id, publicationId: objections.publicationId }).from(objections).where(and(inArray(objections.publicationId, pubs.map((p) => p.id)), eq(objections.status, 'open')));
      if (open.length) blockers.push({ code: 'OPEN_OBJECTION', message: `还有 ${open.length} 条异议未裁定`, objectionIds: open.map((o) => o.id) });
    }
    for (const m of months) {
      if (!pubs.some((p) => p.month === m && p.kind === 'regular')) continue;
      const late = await monthClaims(ex, branchId, year, m, true);
      if (late.length) blockers.push({ code: 'LATE_ENTRIES', month: m, claimIds: late.map((l) => l.claimId), publicationId: pubs.find((p) => p.month === m && p.kind === 'regular')!.id, message: `${m} 月有 ${late.length} 条公示后记录的积分，须补充公示` });
    }
    const returned = await ex.select({ id: claims.id }).from(claims).where(and(inQuarter, eq(claims.status, 'returned')));
    if (returned.length) notes.push(`有 ${returned.length} 条被退回的申报尚未重新提交，审定后将不能再提交`);
    return {
      branchId, year, quarter, ready: blockers.length === 0, approved: approved ?? null, blockers, notes,
      summary: await quarterSummary(ex, branchId, year, quarter),
    };
  }

  async function quarterSummary(ex: Executor, branchId: number, year: number, quarter: number) {
    const [sum] = await ex
      .select({ n: sql<number>`count(*)::int`, pts: sql<number>`coalesce(sum(${claims.netPoints}), 0)::int` })
      .from(claims)
      .where(and(eq(claims.branchId, branchId), eq(claims.year, year), inArray(claims.month, quarterMonths(quarter)), inArray(claims.status, ['recorded', 'approved'])));
    const [{ members }] = await ex.select({ members: sql<number>`count(*)::int` }).from(users).where(and(eq(users.branchId, branchId), eq(users.active, true), sql`'cadre' = any(${users.roles})`));
    return { members: Number(members), recordedClaims: Number(sum.n), points: Number(sum.pts) };
  }

  async function readiness(viewer: AuthUser, q: { branchId: number; year: number; quarter: number }): Promise<ReadinessT> {
    if (!canSeeBranch(viewer, q.branchId)) throw new ForbiddenError('只能查看本党支部的审定情况');
    await branchName(db, q.branchId);
    return readinessOf(db, q.branchId, q.year, q.quarter);
  }

  /**
   * Approves a branch's quarter. The approver's own claims are left for a second branch member:
   * the first call approves everyone else's, a call by another member completes the quarter.
   */
  async function approve(actor: AuthUser, body: { branchId: number; year: number; quarter: number; note?: string }): Promise<ApprovalT> {
    requireOwnBranch(actor, body.branchId, '审定');
    const id = await db.transaction(async (tx) => {
      await branchName(tx, body.branchId);
      // Exclusive: no claim of this quarter can be submitted, recorded or published while we check and approve.
      await lockQuarter(tx, body.branchId, body.year, body.quarter, 'exclusive');
      const inQuarter = and(eq(claims.branchId, body.branchId), eq(claims.year, body.year), inArray(claims.month, quarterMonths(body.quarter)), eq(claims.status, 'recorded'));
      const now = clock();
      const [existing] = await tx.select().from(approvals).where(and(eq(approvals.branchId, body.branchId), eq(approvals.year, body.year), eq(approvals.quarter, body.quarter)));
      if (existing) {
        if (!existing.pendingUserId || existing.coApprovedBy) throw new ConflictError('QUARTER_ALREADY_APPROVED', '该季度已审定');
        if (existing.pendingUserId === actor.id || existing.approvedBy === actor.id) {
          throw new ForbiddenError('剩余的是您本人的积分，须由支部其他委员审定', 'SELF_APPROVAL');
        }
        const done = await tx.update(claims).set({ status: 'approved', version: sql`${claims.version} + 1`, updatedAt: now })
          .where(and(inQuarter, eq(claims.userId, existing.pendingUserId))).returning({ id: claims.id });
        const [row] = await tx.update(approvals).set({ coApprovedBy: actor.id, coApprovedAt: now, claimCount: existing.claimCount + done.length })
          .where(and(eq(approvals.id, existing.id), sql`${approvals.coApprovedBy} is null`)).returning();
        if (!row) throw new ConflictError('QUARTER_ALREADY_APPROVED', '该季度已审定');
        await audit(tx, { actorId: actor.id, action: 'approval.co_approve', entity: 'approval', entityId: existing.id, after: { claims: done.length, for: existing.pendingUserId } });
        return existing.id;
      }
      const r = await readinessOf(tx, body.branchId, body.year, body.quarter);
      if (!r.ready) throw new ConflictError('APPROVAL_BLOCKED', `不能审定：${r.blockers.map((b) => b.message).join('；')}`);
      const own = await tx.select({ id: claims.id }).from(claims).where(and(inQuarter, eq(claims.userId, actor.id))).limit(1);
      let row;
      try {
        [row] = await tx.insert(approvals).values({
          branchId: body.branchId, year: body.year, quarter: body.quarter, approvedBy: actor.id, approvedAt: now, note: body.note ?? null,
          pendingUserId: own.length ? actor.id : null,
        }).returning();
      } catch (e) {
        if (isUniqueViolation(e)) throw new ConflictError('QUARTER_ALREADY_APPROVED', '该季度已审定');
        throw e;
      }
      const done = await tx
        .update(claims)
        .set({ status: 'approved', version: sql`${claims.version} + 1`, updatedAt: now })
        .where(and(inQuarter, sql`${claims.userId} <> ${actor.id}`))
        .returning({ id: claims.id });
      await tx.update(approvals).set({ claimCount: done.length }).where(eq(approvals.id, row.id));
      await audit(tx, { actorId: actor.id, action: 'approval.approve', entity: 'approval', entityId: row.id, after: { ...body, claims: done.length, ownPending: own.length > 0 } });
      return row.id;
    });
    const [a] = await approvalRow(db, eq(approvals.id, id));
    return a;
  }

  async function listApprovals(viewer: AuthUser, q: { branchId?: number; year?: number }) {
    const branchId = q.branchId ?? viewer.branchId ?? undefined;
    if (branchId != null && !canSeeBranch(viewer, branchId)) throw new ForbiddenError('只能查看本党支部的审定记录');
    const items = await approvalRow(db, and(
      branchId != null ? eq(approvals.branchId, branchId) : hasRole(viewer, 'leader', 'admin') ? sql`true` : sql`false`,
      q.year ? eq(approvals.year, q.year) : undefined,
    )!);
    return { items, total: items.length };
  }

  return { list, get, preview, publish, supplement, listObjections, object, rule, readiness, approve, listApprovals };
}
export type PublicityService = ReturnType<typeof createPublicityService>;
