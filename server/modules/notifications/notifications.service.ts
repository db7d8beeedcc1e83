import { and, asc, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { claims, objections, ruleItems } from '../../../db/schema';
import type { AppContext, AuthUser } from '../../lib/context';
import { hasRole } from '../../lib/context';
import { fieldError } from '../../lib/errors';
import { parts, today } from '../../lib/dates';
import { createPublicityService } from '../publicity/publicity.service';
import type { NotificationT, NotificationsQueryT, NotificationsT } from './notifications.schemas';

const DECISIONS = { returned: '被退回', recorded: '已记录', rejected: '不予记录' } as const;
const DAY = 86_400_000;

/** In-app notifications, computed from the claims, objections and approvals tables: nothing is stored. */
export function createNotificationsService(ctx: AppContext) {
  const { db, clock } = ctx;
  const publicity = createPublicityService(ctx);

  /** A cadre's own claims decided since `since`: returned first (they need action), then newest. */
  async function ownDecisions(viewer: AuthUser, since: Date): Promise<NotificationT[]> {
    const r = await db
      .select({ id: claims.id, status: claims.status, at: claims.decidedAt, occurredOn: claims.occurredOn, points: claims.recordedPoints, reason: claims.reason, item: ruleItems.name })
      .from(claims)
      .innerJoin(ruleItems, eq(ruleItems.id, claims.ruleItemId))
      .where(and(eq(claims.userId, viewer.id), inArray(claims.status, ['returned', 'recorded', 'rejected']), gt(claims.decidedAt, since), ne(claims.decidedBy, viewer.id)))
      .orderBy(desc(claims.decidedAt), desc(claims.id))
      .limit(50);
    return r.map((c) => {
      const status = c.status as keyof typeof DECISIONS;
      const tail = status === 'recorded' ? `，记 ${c.points ?? 0} 分` : c.reason ? `：${c.reason}` : '';
      return {
        kind: `claim_${status}` as NotificationT['kind'],
        message: `${c.occurredOn}「${c.item}」${DECISIONS[status]}${tail}`,
        count: 1,
        link: status === 'returned' ? `/claims?edit=${c.id}` : `/claims?id=${c.id}`,
        at: c.at?.toISOString() ?? null,
        claimId: c.id,
      };
    });
  }

  async function queue(viewer: AuthUser): Promise<NotificationT[]> {
    if (viewer.branchId == null) return [];
    const [q] = await db
      .select({ n: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${claims.submittedAt})` })
      .from(claims)
      .where(and(eq(claims.branchId, viewer.branchId), eq(claims.status, 'submitted'), ne(claims.userId, viewer.id)));
    const n = Number(q?.n ?? 0);
    if (!n) return [];
    const oldest = q.oldest ? new Date(q.oldest) : null;
    const days = oldest ? Math.floor((clock().getTime() - oldest.getTime()) / DAY) : 0;
    return [{
      kind: 'queue', count: n, link: '/scoring',
      message: `有 ${n} 条申报待记录${days >= 1 ? `，最早的已等待 ${days} 天` : ''}`,
      at: oldest?.toISOString() ?? null,
    }];
  }

  async function branchWork(viewer: AuthUser): Promise<NotificationT[]> {
    if (viewer.branchId == null) return [];
    const out: NotificationT[] = [];
    const open = await db
      .select({ id: objections.id, createdAt: objections.createdAt })
      .from(objections)
      .where(and(eq(objections.branchId, viewer.branchId), eq(objections.status, 'open')))
      .orderBy(asc(objections.createdAt));
    if (open.length) {
      out.push({ kind: 'open_objections', count: open.length, link: '/publicity/objections', message: `有 ${open.length} 条公示异议待裁定`, at: open[0].createdAt.toISOString() });
    }
    // Quarters that have ended, this year and last, and are not yet (fully) approved.
    const now = parts(today(clock));
    const candidates: { year: number; quarter: number }[] = [];
    for (const year of [now.year - 1, now.year]) {
      for (let quarter = 1; quarter <= 4; quarter++) {
        if (year === now.year && quarter >= now.quarter) continue;
        candidates.push({ year, quarter });
      }
    }
    for (const c of candidates) {
      const r = await publicity.readiness(viewer, { branchId: viewer.branchId, ...c });
      const co = r.blockers.find((b) => b.code === 'CO_APPROVAL_NEEDED');
      const link = `/approval?year=${c.year}&quarter=${c.quarter}`;
      if (co && r.approved?.approvedBy !== viewer.id && r.approved?.pendingUserId !== viewer.id) {
        out.push({ kind: 'co_approval', count: 1, link, message: `${c.year} 年第 ${c.quarter} 季度：${co.message}`, at: r.approved?.approvedAt ?? null, ...c });
      } else if (r.ready && !co) {
        out.push({ kind: 'quarter_ready', count: 1, link, message: `${c.year} 年第 ${c.quarter} 季度已具备审定条件`, at: null, ...c });
      }
    }
    return out;
  }

  async function list(viewer: AuthUser, q: NotificationsQueryT): Promise<NotificationsT> {
    const checkedAt = clock();
    const since = q.since ? new Date(q.since) : new Date(checkedAt.getTime() - 30 * DAY);
    if (Number.isNaN(since.getTime())) throw fieldError('since', '不是有效的时间');
    const items: NotificationT[] = [];
    if (hasRole(viewer, 'scorekeeper')) items.push(...(await queue(viewer)));
    if (hasRole(viewer, 'branch')) items.push(...(await branchWork(viewer)));
    items.push(...(await ownDecisions(viewer, since)));
    return { items, total: items.length, checkedAt: checkedAt.toISOString() };
  }

  return { list };
}
