import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { approvals, claims, evidence, ledgerEntries, memberItemTotals, memberMonthTotals, memberYearTotals, objections, orgUnits, ruleItems, ruleSets, talks, users } from '../../../db/schema';
import { rows, type Executor } from '../../../db/client';
import type { AppContext, AuthUser } from '../../lib/context';
import { hasRole } from '../../lib/context';
import { audit } from '../../lib/audit';
import { ConflictError, ForbiddenError, NotFoundError, fieldError } from '../../lib/errors';
import { isValidDate, parts, quarterMonths, today, weekOf } from '../../lib/dates';
import { BLOCK_NAMES, loadCaps } from '../rules/rules.service';
import { applyCaps } from '../claims/ledger';
import { claimScope, toClaim } from '../claims/claims.service';
import type { AnnualT, ArchiveT, RankingItemT, RankingsQueryT, SummaryT } from './results.schemas';

const num = (v: unknown) => Number(v ?? 0);

export function createResultsService(ctx: AppContext) {
  const { db, clock } = ctx;

  /** Ranking scope filters on the member (users u). */
  function memberFilter(q: { branchId?: number; sectionId?: number; groupId?: number }) {
    return sql.join(
      [
        sql`u.active and u.branch_id is not null and 'cadre' = any(u.roles)`,
        q.branchId ? sql`u.branch_id = ${q.branchId}` : undefined,
        q.sectionId ? sql`u.section_id = ${q.sectionId}` : undefined,
        q.groupId ? sql`u.group_id = ${q.groupId}` : undefined,
      ].filter(Boolean) as ReturnType<typeof sql>[],
      sql` and `,
    );
  }


  /**
   * Figures per ranked member for the period, read from member_year_totals (placement and ranked flag are
   * copied there, with indexes): the capped year totals, or the uncapped sums of the period's months.
   */
  function figures(q: RankingsQueryT) {
    const scope = sql.join(
      [
        sql`t.year = ${q.year} and t.ranked`,
        q.branchId ? sql`t.branch_id = ${q.branchId}` : undefined,
        q.sectionId ? sql`t.section_id = ${q.sectionId}` : undefined,
        q.groupId ? sql`t.group_id = ${q.groupId}` : undefined,
      ].filter(Boolean) as ReturnType<typeof sql>[],
      sql` and `,
    );
    if (!q.quarter && !q.month) {
      return { scope, rows: sql`select t.user_id, t.section_id, t.group_id, t.branch_id, t.base, t.task, t.reward, t.total, t.overflow from member_year_totals t where ${scope}` };
    }
    const months = q.month ? [q.month] : quarterMonths(q.quarter!);
    return {
      scope,
      rows: sql`select t.user_id, t.section_id, t.group_id, t.branch_id,
          coalesce(sum(m.base), 0) as base, coalesce(sum(m.task), 0) as task, coalesce(sum(m.reward), 0) as reward, coalesce(sum(m.total), 0) as total, 0 as overflow
        from member_year_totals t
        left join member_month_totals m on m.user_id = t.user_id and m.year = t.year and m.month in (${sql.join(months.map((m) => sql`${m}`), sql`, `)})
        where ${scope}
        group by t.user_id, t.section_id, t.group_id, t.branch_id`,
    };
  }

  async function rankings(q: RankingsQueryT) {
    if (q.quarter && q.month) throw fieldError('month', '不能同时指定季度和月份');
    const by = q.by ?? 'person';
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const f = figures(q);
    let items: RankingItemT[];
    let total: number;
    if (by === 'person') {
      // Year: one index in total order, so rank() streams and the page stops early. Periods: sums of the month rows.
      const inner = !q.quarter && !q.month
        ? sql`select t.user_id as id, t.section_id, t.branch_id, t.base, t.task, t.reward, t.total, t.overflow,
              rank() over (order by t.total desc nulls last) as rank
            from member_year_totals t where ${f.scope}
            order by t.total desc nulls last, t.user_id limit ${limit} offset ${offset}`
        : sql`select f.user_id as id, f.section_id, f.branch_id, f.base, f.task, f.reward, f.total, f.overflow,
              rank() over (order by f.total desc) as rank
            from (${f.rows}) f order by f.total desc, f.user_id limit ${limit} offset ${offset}`;
      const r = await rows<Record<string, unknown>>(db, sql`
        select x.*, u.name, s.name as section_name, b.name as branch_name from (${inner}) x
        join users u on u.id = x.id left join org_units s on s.id = x.section_id left join org_units b on b.id = x.branch_id
        order by x.rank, x.id`);
      const [c] = await rows<{ n: number }>(db, sql`select count(*)::int as n from member_year_totals t where ${f.scope}`);
      total = num(c?.n);
      items = r.map((x) => ({
        rank: num(x.rank), id: num(x.id), name: String(x.name), base: num(x.base), task: num(x.task), reward: num(x.reward), total: num(x.total),
        overflow: num(x.overflow), sectionName: (x.section_name as string) ?? null, branchName: (x.branch_name as string) ?? null,
      }));
    } else {
      const col = by === 'section' ? sql.raw('section_id') : sql.raw('group_id');
      const r = await rows<Record<string, unknown>>(db, sql`
        with g as (
          select f.${col} as id, count(*) as members, sum(f.base) as base, sum(f.task) as task, sum(f.reward) as reward, sum(f.total) as total, sum(f.overflow) as overflow
          from (${f.rows}) f where f.${col} is not null group by f.${col}
        )
        select g.*, o.name, p.name as branch_name, rank() over (order by g.total desc) as rank, count(*) over () as n
        from g join org_units o on o.id = g.id left join org_units p on p.id = o.parent_id and p.kind = 'branch'
        order by g.total desc, g.id limit ${limit} offset ${offset}`);
      total = r.length ? num(r[0].n) : 0;
      items = r.map((x) => ({
        rank: num(x.rank), id: num(x.id), name: String(x.name), base: num(x.base), task: num(x.task), reward: num(x.reward), total: num(x.total),
        overflow: num(x.overflow), members: num(x.members), average: Math.round((num(x.total) / Math.max(1, num(x.members))) * 10) / 10,
        branchName: (x.branch_name as string) ?? null,
      }));
    }
    return { year: q.year, quarter: q.quarter ?? null, month: q.month ?? null, by, capped: !q.quarter && !q.month, items, total };
  }



  /** Scorekeepers and branch members see their own branch; leaders and admin any branch or all. */
  function resultsBranch(viewer: AuthUser, branchId?: number): number | undefined {
    if (hasRole(viewer, 'leader', 'admin')) return branchId;
    if (hasRole(viewer, 'scorekeeper', 'branch')) {
      if (branchId && branchId !== viewer.branchId) throw new ForbiddenError('只能查看本党支部的年度结果');
      return viewer.branchId ?? undefined;
    }
    throw new ForbiddenError('年度结果由计分员、党支部和部领导查看');
  }

  async function annual(viewer: AuthUser, year: number, branchIdQ?: number): Promise<AnnualT> {
    const branchId = resultsBranch(viewer, branchIdQ);
    const [set] = await db.select().from(ruleSets).where(eq(ruleSets.year, year));
    if (!set) throw new NotFoundError(`${year} 年尚未制定积分管理办法`, 'RULES_NOT_FOUND');
    const [prev] = await db.select().from(ruleSets).where(eq(ruleSets.year, year - 1));
    const filter = memberFilter({ branchId });
    const r = await rows<Record<string, unknown>>(db, sql`
      select u.id, u.name, s.name as section_name, b.name as branch_name,
        coalesce(t.base,0) as base, coalesce(t.task,0) as task, coalesce(t.reward,0) as reward, coalesce(t.total,0) as total, coalesce(t.overflow,0) as overflow,
        rank() over (order by coalesce(t.total,0) desc) as rank,
        p.total as prev_total
      from users u
      left join member_year_totals t on t.user_id = u.id and t.year = ${year}
      left join member_year_totals p on p.user_id = u.id and p.year = ${year - 1}
      left join org_units s on s.id = u.section_id left join org_units b on b.id = u.branch_id
      where ${filter}
      order by coalesce(t.total,0) desc, u.id`);
    // Anyone with an approved 重要刊物 item is a reward candidate: one indexed query for the few such claims.
    // member_year_totals.published flags the few with such an item; only they are checked for approval.
    const publishedRows = await rows<{ user_id: number }>(db, sql`
      select distinct c.user_id from member_year_totals t
      join claims c on c.user_id = t.user_id and c.year = t.year and c.status = 'approved' and c.net_points > 0
      join rule_items ri on ri.id = c.rule_item_id and ri.reward_candidate
      where t.year = ${year} and t.published > 0 ${branchId ? sql`and t.branch_id = ${branchId}` : sql``}`);
    const published = new Set(publishedRows.map((p) => num(p.user_id)));
    const talkRows = await db.select().from(talks).where(eq(talks.year, year)).orderBy(desc(talks.talkedOn));
    const talkBy = new Map<number, (typeof talkRows)[number]>();
    for (const t of talkRows) if (!talkBy.has(t.userId)) talkBy.set(t.userId, t);
    // Highest totals: the top tenth (at least one person), among those who passed the threshold.
    const topN = Math.max(1, Math.ceil(r.length / 10));
    const items = r.map((x) => {
      const total = num(x.total);
      const rank = num(x.rank);
      const talkList = total < set.threshold;
      const reasons: string[] = [];
      if (!talkList && rank <= topN) reasons.push(`积分排名第 ${rank}`);
      if (published.has(num(x.id))) reasons.push('在重要刊物发表文章');
      const prevBelow = prev != null && x.prev_total != null && num(x.prev_total) < prev.threshold;
      const t = talkBy.get(num(x.id));
      return {
        userId: num(x.id), name: String(x.name), sectionName: (x.section_name as string) ?? null, branchName: (x.branch_name as string) ?? null,
        base: num(x.base), task: num(x.task), reward: num(x.reward), total, overflow: num(x.overflow), rank,
        talkList, eligible: !talkList, rewardCandidate: !talkList && reasons.length > 0, rewardReasons: talkList ? [] : reasons,
        secondYearBelow: talkList && prevBelow,
        talk: t ? { id: t.id, talkedOn: t.talkedOn, talkedBy: t.talkedBy, notes: t.notes } : null,
      };
    });
    const aq = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(approvals)
      .where(and(eq(approvals.year, year), branchId ? eq(approvals.branchId, branchId) : undefined));
    const branches = branchId ? 1 : num((await rows<{ n: number }>(db, sql`select count(*)::int as n from org_units where kind = 'branch' and active`))[0]?.n);
    const approvedQuarters = branches ? Math.floor(num(aq[0]?.n) / branches) : 0;
    return {
      year, threshold: set.threshold, final: approvedQuarters >= 4, approvedQuarters, items,
      counts: {
        members: items.length, talkList: items.filter((i) => i.talkList).length, rewardCandidates: items.filter((i) => i.rewardCandidate).length,
        average: items.length ? Math.round((items.reduce((s, i) => s + i.total, 0) / items.length) * 10) / 10 : 0,
      },
    };
  }

  /** Who may see a person's figures: themselves, their branch's scorekeepers and branch members, leaders, admin. */
  async function personVisible(viewer: AuthUser, userId: number) {
    const [u] = await db.select().from(users).where(eq(users.id, userId));
    if (!u) throw new NotFoundError('人员不存在');
    const ok = viewer.id === userId || hasRole(viewer, 'leader', 'admin') || (hasRole(viewer, 'scorekeeper', 'branch') && viewer.branchId != null && viewer.branchId === u.branchId);
    if (!ok) throw new NotFoundError('人员不存在');
    return u;
  }

  async function summary(viewer: AuthUser, userId: number, yearQ?: number): Promise<SummaryT> {
    const u = await personVisible(viewer, userId);
    const nowDate = today(clock);
    const year = yearQ ?? parts(nowDate).year;
    const caps = await loadCaps(db, year);
    if (!caps) throw new NotFoundError(`${year} 年尚未制定积分管理办法`, 'RULES_NOT_FOUND');
    const [set] = await db.select().from(ruleSets).where(eq(ruleSets.year, year));
    const itemTotals = await db.select().from(memberItemTotals).where(and(eq(memberItemTotals.userId, userId), eq(memberItemTotals.year, year)));
    const t = applyCaps(itemTotals, caps);
    const months = await db.select().from(memberMonthTotals).where(and(eq(memberMonthTotals.userId, userId), eq(memberMonthTotals.year, year)));
    const monthly = Array.from({ length: 12 }, (_, i) => months.find((m) => m.month === i + 1)?.total ?? 0);
    const curMonth = parts(nowDate).year === year ? parts(nowDate).month : 12;
    const rankIn = async (col: 'branch_id' | 'section_id', id: number | null) => {
      if (id == null) return { rank: null, size: 0 };
      const [r] = await rows<{ higher: number; size: number }>(db, sql`
        select count(*) filter (where coalesce(t.total,0) > ${t.total})::int as higher, count(*)::int as size
        from users u left join member_year_totals t on t.user_id = u.id and t.year = ${year}
        where u.active and 'cadre' = any(u.roles) and u.${sql.raw(col)} = ${id}`);
      return { rank: num(r.higher) + 1, size: num(r.size) };
    };
    const br = await rankIn('branch_id', u.branchId);
    const sr = await rankIn('section_id', u.sectionId);
    // Pace: points per elapsed month; projection = points so far + pace × months left, capped at the maximum.
    const max = caps.blockCaps.base + caps.blockCaps.task + caps.blockCaps.reward;
    const cur = parts(nowDate);
    let elapsed: number;
    if (cur.year > year) elapsed = 1;
    else if (cur.year < year) elapsed = 0;
    else {
      const start = Date.UTC(year, 0, 1);
      const end = Date.UTC(year + 1, 0, 1);
      elapsed = (Date.UTC(year, cur.month - 1, cur.day) + 86400_000 - start) / (end - start);
    }
    const pacePerMonth = elapsed > 0 ? t.total / (elapsed * 12) : 0;
    const projected = Math.min(max, Math.round(elapsed >= 1 ? t.total : t.total + pacePerMonth * 12 * (1 - elapsed)));
    const warning = cur.year === year && cur.quarter >= 3 && projected < set.threshold;
    const message = elapsed >= 1
      ? `${year} 年度积分 ${t.total} 分${t.total < set.threshold ? `，低于 ${set.threshold} 分` : ''}`
      : warning
        ? `按目前进度，预计年底约 ${projected} 分，低于 ${set.threshold} 分，将被约谈并取消评优资格，请抓紧参加学习`
        : `按目前进度，预计年底约 ${projected} 分`;
    const counts = await db
      .select({ status: claims.status, n: sql<number>`count(*)::int` })
      .from(claims)
      .where(and(eq(claims.userId, userId), eq(claims.year, year)))
      .groupBy(claims.status);
    const c = (s: string) => num(counts.find((x) => x.status === s)?.n);
    return {
      userId, name: u.name, year, threshold: set.threshold, max,
      blocks: (['base', 'task', 'reward'] as const).map((code) => ({
        code, name: BLOCK_NAMES[code], cap: caps.blockCaps[code], points: t.blockRaw[code], effective: t[code], overflow: t.blockRaw[code] - t[code],
      })),
      total: t.total, overflow: t.overflow, monthPoints: monthly[curMonth - 1] ?? 0, monthly,
      rankInBranch: br.rank, branchSize: br.size, rankInSection: sr.rank, sectionSize: sr.size,
      forecast: { soFar: t.total, elapsedShare: Math.round(elapsed * 1000) / 1000, pacePerMonth: Math.round(pacePerMonth * 10) / 10, projected, warning, message },
      claims: { submitted: c('submitted'), returned: c('returned'), recorded: c('recorded'), approved: c('approved'), rejected: c('rejected') },
    };
  }

  async function weekly(viewer: AuthUser, q: { date?: string; branchId?: number }) {
    const date = q.date ?? today(clock);
    if (!isValidDate(date)) throw fieldError('date', '不是有效的日期');
    const branchId = hasRole(viewer, 'leader', 'admin') ? q.branchId : viewer.branchId ?? undefined;
    if (!hasRole(viewer, 'leader', 'admin', 'scorekeeper', 'branch')) throw new ForbiddenError('每周统计由计分员、党支部和部领导查看');
    if (q.branchId && branchId !== q.branchId) throw new ForbiddenError('只能查看本党支部的统计');
    const { from, to } = weekOf(date);
    // The week in China time: [Monday 00:00 +08, next Monday 00:00 +08).
    const start = sql`${new Date(`${from}T00:00:00+08:00`).toISOString()}::timestamptz`;
    const end = sql`${new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86400_000).toISOString()}::timestamptz`;
    const filter = memberFilter({ branchId });
    const r = await rows<Record<string, unknown>>(db, sql`
      select u.id, u.name, u.section_id, s.name as section_name,
        (select count(*) from claims c where c.user_id = u.id and c.source = 'self' and c.created_at >= ${start} and c.created_at < ${end})::int as submitted,
        (select coalesce(sum(l.points),0) from ledger_entries l where l.user_id = u.id and l.created_at >= ${start} and l.created_at < ${end})::int as recorded_points,
        (select count(*) from ledger_entries l where l.user_id = u.id and l.kind = 'record' and l.created_at >= ${start} and l.created_at < ${end})::int as recorded_claims,
        (select count(*) from claims c where c.decided_by = u.id and c.user_id <> u.id and c.decided_at >= ${start} and c.decided_at < ${end} and c.status <> 'withdrawn')::int as processed
      from users u left join org_units s on s.id = u.section_id
      where ${filter}
      order by u.section_id, u.id`);
    const people = r.map((x) => ({
      userId: num(x.id), name: String(x.name), sectionName: (x.section_name as string) ?? null,
      submitted: num(x.submitted), recordedPoints: num(x.recorded_points), recordedClaims: num(x.recorded_claims), processed: num(x.processed),
      sectionId: x.section_id == null ? null : num(x.section_id),
    }));
    const sections = new Map<number | null, { sectionId: number | null; name: string; members: number; submitted: number; recordedPoints: number; recordedClaims: number; processed: number }>();
    const totals = { submitted: 0, recordedPoints: 0, recordedClaims: 0, processed: 0 };
    for (const p of people) {
      const s = sections.get(p.sectionId) ?? { sectionId: p.sectionId, name: p.sectionName ?? '未分科室', members: 0, submitted: 0, recordedPoints: 0, recordedClaims: 0, processed: 0 };
      s.members++;
      for (const k of ['submitted', 'recordedPoints', 'recordedClaims', 'processed'] as const) {
        s[k] += p[k];
        totals[k] += p[k];
      }
      sections.set(p.sectionId, s);
    }
    const [queue] = await db
      .select({ n: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${claims.submittedAt})` })
      .from(claims)
      .where(and(eq(claims.status, 'submitted'), branchId ? eq(claims.branchId, branchId) : undefined));
    const oldest = queue.oldest ? new Date(queue.oldest as unknown as string) : null;
    return {
      from, to, branchId: branchId ?? null, people: people.map(({ sectionId: _s, ...p }) => p), sections: [...sections.values()], totals,
      queue: { waiting: num(queue.n), oldestSubmittedAt: oldest ? oldest.toISOString() : null },
    };
  }

  async function listTalks(viewer: AuthUser, q: { year?: number; userId?: number; branchId?: number }) {
    const branchId = hasRole(viewer, 'leader', 'admin') ? q.branchId : viewer.branchId ?? undefined;
    if (!hasRole(viewer, 'leader', 'admin', 'branch', 'scorekeeper')) {
      if (q.userId && q.userId !== viewer.id) throw new ForbiddenError('只能查看本人的约谈记录');
      q.userId = viewer.id;
    }
    const r = await db
      .select({ t: talks, name: users.name })
      .from(talks)
      .innerJoin(users, eq(users.id, talks.userId))
      .where(and(
        q.year ? eq(talks.year, q.year) : undefined,
        q.userId ? eq(talks.userId, q.userId) : undefined,
        branchId && !(q.userId === viewer.id) ? eq(users.branchId, branchId) : undefined,
      ))
      .orderBy(desc(talks.talkedOn), desc(talks.id));
    const items = r.map(({ t, name }) => ({ ...t, userName: name, createdAt: t.createdAt.toISOString() }));
    return { items: items.map(({ updatedAt: _u, ...x }) => x), total: items.length };
  }

  async function addTalk(actor: AuthUser, body: { userId: number; year: number; talkedOn: string; talkedBy: string; notes: string }, ip?: string) {
    if (!isValidDate(body.talkedOn)) throw fieldError('talkedOn', '不是有效的日期');
    if (body.talkedOn > today(clock)) throw fieldError('talkedOn', '不能是将来的日期');
    const u = await personVisible(actor, body.userId);
    if (u.id === actor.id) throw new ForbiddenError('不能为本人登记约谈', 'SELF_TALK');
    if (!hasRole(actor, 'leader', 'admin') && u.branchId !== actor.branchId) throw new ForbiddenError('只能登记本党支部人员的约谈');
    const [set] = await db.select().from(ruleSets).where(eq(ruleSets.year, body.year));
    if (!set) throw fieldError('year', `${body.year} 年尚未制定积分管理办法`);
    const [t] = await db.select().from(memberYearTotals).where(and(eq(memberYearTotals.userId, body.userId), eq(memberYearTotals.year, body.year)));
    if ((t?.total ?? 0) >= set.threshold) throw new ConflictError('NOT_ON_TALK_LIST', `${u.name} ${body.year} 年积分 ${t?.total ?? 0} 分，不在约谈名单中`);
    const id = await db.transaction(async (tx) => {
      const [row] = await tx.insert(talks).values({ ...body, talkedBy: body.talkedBy.trim(), notes: body.notes.trim(), createdBy: actor.id, createdAt: clock(), updatedAt: clock() }).returning();
      await audit(tx, { actorId: actor.id, action: 'talk.record', entity: 'talk', entityId: row.id, after: row, ip });
      return row.id;
    });
    const all = await listTalks({ ...actor, roles: ['admin'] }, { userId: body.userId });
    return all.items.find((x) => x.id === id)!;
  }

  async function archive(viewer: AuthUser, userId: number, year?: number): Promise<ArchiveT> {
    const u = await personVisible(viewer, userId);
    const branch = alias(orgUnits, 'branch');
    const section = alias(orgUnits, 'section');
    const grp = alias(orgUnits, 'grp');
    const [names] = await db
      .select({ b: branch.name, s: section.name, g: grp.name })
      .from(users)
      .leftJoin(branch, eq(branch.id, users.branchId))
      .leftJoin(section, eq(section.id, users.sectionId))
      .leftJoin(grp, eq(grp.id, users.groupId))
      .where(eq(users.id, userId));
    const yearRows = await rows<Record<string, unknown>>(db, sql`
      select rs.year, rs.threshold, coalesce(t.base,0) as base, coalesce(t.task,0) as task, coalesce(t.reward,0) as reward,
        coalesce(t.total,0) as total, coalesce(t.overflow,0) as overflow,
        (select count(*) + 1 from users u2 left join member_year_totals t2 on t2.user_id = u2.id and t2.year = rs.year
          where u2.branch_id = ${u.branchId} and u2.active and 'cadre' = any(u2.roles) and coalesce(t2.total,0) > coalesce(t.total,0))::int as rank,
        (select count(*) from users u3 where u3.branch_id = ${u.branchId} and u3.active and 'cadre' = any(u3.roles))::int as branch_size,
        (select count(*) from approvals a where a.branch_id = ${u.branchId} and a.year = rs.year)::int as approved_quarters
      from rule_sets rs left join member_year_totals t on t.user_id = ${userId} and t.year = rs.year
      where exists (select 1 from claims c where c.user_id = ${userId} and c.year = rs.year) or rs.year = ${year ?? parts(today(clock)).year}
      order by rs.year desc`);
    const claimWhere = and(eq(claims.userId, userId), year ? eq(claims.year, year) : undefined, claimScope({ ...viewer, roles: hasRole(viewer, 'leader', 'admin') ? ['admin'] : viewer.roles }));
    const cs = await db
      .select({
        c: claims, userName: users.name, ruleItemName: ruleItems.name, evidenceRequired: ruleItems.evidenceRequired,
        evidenceCount: sql<number>`(select count(*)::int from ${evidence} where ${evidence.claimId} = ${claims.id})`,
      })
      .from(claims)
      .innerJoin(users, eq(users.id, claims.userId))
      .innerJoin(ruleItems, eq(ruleItems.id, claims.ruleItemId))
      .where(claimWhere)
      .orderBy(desc(claims.occurredOn), desc(claims.id));
    const ids = cs.map((c) => c.c.id);
    const evs = ids.length ? await db.select().from(evidence).where(inArray(evidence.claimId, ids)).orderBy(asc(evidence.id)) : [];
    const creator = alias(users, 'creator');
    const led = ids.length
      ? await db.select({ e: ledgerEntries, name: creator.name }).from(ledgerEntries).leftJoin(creator, eq(creator.id, ledgerEntries.createdBy)).where(inArray(ledgerEntries.claimId, ids)).orderBy(asc(ledgerEntries.id))
      : [];
    const nameOf = new Map<number, string>();
    const deciders = [...new Set(cs.flatMap((c) => [c.c.recordedBy, c.c.decidedBy]).filter((x): x is number => x != null))];
    if (deciders.length) for (const d of await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, deciders))) nameOf.set(d.id, d.name);
    const claimsOut = cs.map((r) => ({
      ...toClaim(r),
      recordedByName: r.c.recordedBy ? nameOf.get(r.c.recordedBy) ?? null : null,
      decidedByName: r.c.decidedBy ? nameOf.get(r.c.decidedBy) ?? null : null,
      evidence: evs.filter((e) => e.claimId === r.c.id).map((e) => ({ id: e.id, filename: e.filename, size: e.size, sha256: e.sha256, mime: e.mime, createdAt: e.createdAt.toISOString() })),
      ledger: led.filter((l) => l.e.claimId === r.c.id).map(({ e, name }) => ({ id: e.id, points: e.points, kind: e.kind, reason: e.reason, createdBy: e.createdBy, createdByName: name, createdAt: e.createdAt.toISOString() })),
    }));
    const SOURCE_LABELS: Record<string, string> = { self: '个人申报', study_session: '每周一学', lecture: '每周一讲', reflection: '学习心得', quiz: '业务知识测试', bulletin: '组工信息', import: '导入' };
    const acts = new Map<string, { source: string; label: string; count: number; points: number }>();
    for (const c of claimsOut.filter((c) => c.status === 'recorded' || c.status === 'approved')) {
      const a = acts.get(c.source) ?? { source: c.source, label: SOURCE_LABELS[c.source] ?? c.source, count: 0, points: 0 };
      a.count++;
      a.points += c.netPoints;
      acts.set(c.source, a);
    }
    const talkList = await listTalks({ ...viewer, roles: ['admin'] }, { userId, year });
    const objs = ids.length ? await db.select().from(objections).where(inArray(objections.claimId, ids)) : [];
    return {
      person: { id: u.id, username: u.username, name: u.name, title: u.title, roles: u.roles, branchName: names?.b ?? null, sectionName: names?.s ?? null, groupName: names?.g ?? null, active: u.active },
      year: year ?? null,
      years: yearRows.map((y) => ({
        year: num(y.year), threshold: num(y.threshold), base: num(y.base), task: num(y.task), reward: num(y.reward), total: num(y.total), overflow: num(y.overflow),
        talkList: num(y.total) < num(y.threshold), rank: u.branchId ? num(y.rank) : null, branchSize: num(y.branch_size), approvedQuarters: num(y.approved_quarters),
      })),
      claims: claimsOut,
      activities: [...acts.values()],
      talks: talkList.items,
      objections: objs.map((o) => ({ id: o.id, claimId: o.claimId, status: o.status, reason: o.reason, note: o.note })),
    };
  }

  return { rankings, annual, summary, weekly, listTalks, addTalk, archive, resultsBranch, personVisible };
}
export type ResultsService = ReturnType<typeof createResultsService>;
