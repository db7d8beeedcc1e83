import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { claims, orgUnits, ruleItems, sessionAttendance, studySessions, users, type StudySessionRow } from '../../../db/schema';
import { rows, type Executor } from '../../../db/client';
import type { AppContext, AuthUser } from '../../lib/context';
import { audit } from '../../lib/audit';
import { ConflictError, ForbiddenError, NotFoundError, fieldError } from '../../lib/errors';
import { parts, today } from '../../lib/dates';
import { createClaimsService } from '../claims/claims.service';
import { postLedger } from '../claims/ledger';
import { FORM_DEFAULT_ITEM, assertOrganizer, checkDate, membersOf, ruleItemFor, unitsById, usersByIds } from './common';
import type {
  CreateSessionBodyT, ListSessionsQueryT, MarkAttendanceBodyT, SessionDetailT, SessionT, StudyStatsT, UpdateSessionBodyT,
} from './weekly.schemas';

export const sessionRef = (id: number) => `session:${id}`;

export function createStudyService(ctx: AppContext) {
  const { db, clock } = ctx;
  const claimsSvc = createClaimsService(ctx);

  async function checkInvited(ex: Executor, ids: number[] | undefined) {
    if (!ids?.length) return;
    const units = await unitsById(ex);
    ids.forEach((id, i) => {
      const u = units.get(id);
      if (!u || u.kind === 'group') throw fieldError(`invitedUnitIds.${i}`, `组织单位 ${id} 不存在或不是党支部/科室`);
    });
  }

  /** Session rows with their rule item and attendance counts, in display shape. */
  async function shape(ex: Executor, list: StudySessionRow[]): Promise<SessionT[]> {
    if (!list.length) return [];
    const units = await unitsById(ex);
    const items = new Map((await ex.select().from(ruleItems).where(inArray(ruleItems.id, [...new Set(list.map((s) => s.ruleItemId))]))).map((i) => [i.id, i]));
    const counts = await ex
      .select({ sessionId: sessionAttendance.sessionId, status: sessionAttendance.status, n: sql<number>`count(*)::int` })
      .from(sessionAttendance)
      .where(inArray(sessionAttendance.sessionId, list.map((s) => s.id)))
      .groupBy(sessionAttendance.sessionId, sessionAttendance.status);
    const members = await membersOf(ex, []);
    return list.map((s) => {
      const c = { attended: 0, leave: 0, absent: 0 };
      for (const r of counts) if (r.sessionId === s.id) c[r.status] = Number(r.n);
      const marked = c.attended + c.leave + c.absent;
      const invited = expectedFrom(members, s.invitedUnitIds).length;
      const expected = s.status === 'closed' ? marked : Math.max(invited, marked);
      const item = items.get(s.ruleItemId)!;
      return {
        id: s.id, year: s.year, heldOn: s.heldOn, startTime: s.startTime, endTime: s.endTime, topic: s.topic, form: s.form, presenter: s.presenter,
        location: s.location, materials: s.materials, invitedUnitIds: s.invitedUnitIds, invitedUnitNames: s.invitedUnitIds.map((id) => units.get(id)?.name ?? `#${id}`),
        ruleItemId: s.ruleItemId, ruleItemName: item.name, points: item.points, status: s.status, closings: s.closings,
        closedAt: s.closedAt?.toISOString() ?? null, notes: s.notes, createdBy: s.createdBy, version: s.version,
        counts: { expected, ...c, unmarked: Math.max(0, expected - marked) },
      };
    });
  }

  function expectedFrom<T extends { sectionId: number | null; branchId: number | null; unitId: number | null }>(members: T[], unitIds: number[]): T[] {
    if (!unitIds.length) return members;
    const set = new Set(unitIds);
    return members.filter((u) => (u.sectionId != null && set.has(u.sectionId)) || (u.branchId != null && set.has(u.branchId)) || (u.unitId != null && set.has(u.unitId)));
  }

  async function load(ex: Executor, id: number): Promise<StudySessionRow> {
    const [s] = await ex.select().from(studySessions).where(eq(studySessions.id, id));
    if (!s) throw new NotFoundError('学习活动不存在', 'SESSION_NOT_FOUND');
    return s;
  }

  async function get(id: number, ex: Executor = db): Promise<SessionT> {
    return (await shape(ex, [await load(ex, id)]))[0];
  }

  async function list(q: ListSessionsQueryT): Promise<{ items: SessionT[]; total: number }> {
    const where = and(
      q.year ? eq(studySessions.year, q.year) : undefined,
      q.status ? eq(studySessions.status, q.status) : undefined,
      q.from ? gte(studySessions.heldOn, q.from) : undefined,
      q.to ? lte(studySessions.heldOn, q.to) : undefined,
    );
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(studySessions).where(where);
    const r = await db.select().from(studySessions).where(where).orderBy(desc(studySessions.heldOn), desc(studySessions.id)).limit(q.limit ?? 50).offset(q.offset ?? 0);
    return { items: await shape(db, r), total: Number(n) };
  }

  async function detail(id: number): Promise<SessionDetailT> {
    const s = await load(db, id);
    const [session] = await shape(db, [s]);
    const marks = await db.select().from(sessionAttendance).where(eq(sessionAttendance.sessionId, id));
    const expected = s.status === 'closed' ? [] : expectedFrom(await membersOf(db, []), s.invitedUnitIds);
    const ids = [...new Set([...expected.map((u) => u.id), ...marks.map((m) => m.userId)])];
    const people = await usersByIds(db, ids);
    const units = await unitsById(db);
    const credited = await db
      .select({ userId: claims.userId, id: claims.id, net: claims.netPoints })
      .from(claims)
      .where(and(eq(claims.source, 'study_session'), eq(claims.sourceRef, sessionRef(id)), inArray(claims.status, ['recorded', 'approved'])));
    const byUser = new Map(credited.map((c) => [c.userId, c]));
    const markBy = new Map(marks.map((m) => [m.userId, m]));
    const attendance = ids.map((uid) => {
      const u = people.get(uid)!;
      const m = markBy.get(uid);
      const sectionId = m?.sectionId ?? u.sectionId;
      const c = byUser.get(uid);
      return {
        userId: uid, name: u.name, sectionId, sectionName: sectionId ? (units.get(sectionId)?.name ?? null) : null,
        status: m?.status ?? null, note: m?.note ?? null, markedBy: m?.markedBy ?? null, points: c ? c.net : null, claimId: c?.id ?? null,
      };
    });
    const order = new Map([...units.values()].map((u, i) => [u.id, i]));
    attendance.sort((a, b) => (order.get(a.sectionId ?? 0) ?? 999) - (order.get(b.sectionId ?? 0) ?? 999) || a.userId - b.userId);
    return { ...session, attendance };
  }

  async function create(actor: AuthUser, body: CreateSessionBodyT, ip?: string): Promise<SessionT> {
    assertOrganizer(actor);
    checkDate('heldOn', body.heldOn);
    if (body.startTime && body.endTime && body.endTime <= body.startTime) throw fieldError('endTime', '结束时间须晚于开始时间');
    const id = await db.transaction(async (tx) => {
      const item = await ruleItemFor(tx, body.heldOn, 'ruleItemId', body.ruleItemId != null ? { id: body.ruleItemId } : { code: FORM_DEFAULT_ITEM[body.form] });
      await checkInvited(tx, body.invitedUnitIds);
      const now = clock();
      const [row] = await tx.insert(studySessions).values({
        year: parts(body.heldOn).year, heldOn: body.heldOn, startTime: body.startTime ?? null, endTime: body.endTime ?? null, topic: body.topic.trim(), form: body.form,
        presenter: body.presenter?.trim() || null, location: body.location?.trim() || null, materials: body.materials ?? [], invitedUnitIds: body.invitedUnitIds ?? [],
        ruleItemId: item.id, notes: body.notes?.trim() || null, createdBy: actor.id, createdAt: now, updatedAt: now,
      }).returning();
      await audit(tx, { actorId: actor.id, action: 'session.create', entity: 'study_session', entityId: row.id, after: row, ip });
      return row.id;
    });
    return get(id);
  }

  async function update(actor: AuthUser, id: number, body: UpdateSessionBodyT, ip?: string): Promise<SessionT> {
    assertOrganizer(actor);
    await db.transaction(async (tx) => {
      const before = await load(tx, id);
      if (before.status !== 'planned') throw new ConflictError('SESSION_CLOSED', '该学习活动已结束，请先重新开启再修改');
      const heldOn = body.heldOn ?? before.heldOn;
      checkDate('heldOn', heldOn);
      if (before.closings > 0 && parts(heldOn).year !== before.year) throw fieldError('heldOn', '已记分的学习活动不能改到其他年度');
      const form = body.form ?? before.form;
      const item = body.ruleItemId != null || body.heldOn || body.form
        ? await ruleItemFor(tx, heldOn, 'ruleItemId', body.ruleItemId != null ? { id: body.ruleItemId } : body.form ? { code: FORM_DEFAULT_ITEM[form] } : { id: before.ruleItemId })
        : null;
      if (before.closings > 0 && item && item.id !== before.ruleItemId) throw fieldError('ruleItemId', '已记分的学习活动不能更换积分项目');
      await checkInvited(tx, body.invitedUnitIds);
      const [row] = await tx.update(studySessions).set({
        heldOn, year: parts(heldOn).year, form, ruleItemId: item?.id ?? before.ruleItemId,
        startTime: body.startTime ?? before.startTime, endTime: body.endTime ?? before.endTime, topic: body.topic?.trim() ?? before.topic,
        presenter: body.presenter !== undefined ? body.presenter.trim() || null : before.presenter,
        location: body.location !== undefined ? body.location.trim() || null : before.location,
        materials: body.materials ?? before.materials, invitedUnitIds: body.invitedUnitIds ?? before.invitedUnitIds,
        notes: body.notes !== undefined ? body.notes.trim() || null : before.notes,
        version: sql`${studySessions.version} + 1`, updatedAt: clock(),
      }).where(and(eq(studySessions.id, id), eq(studySessions.status, 'planned'), eq(studySessions.version, before.version))).returning();
      if (!row) throw new ConflictError('SESSION_CHANGED', '该学习活动刚被修改或结束，请刷新后重试');
      await audit(tx, { actorId: actor.id, action: 'session.update', entity: 'study_session', entityId: id, before, after: row, ip });
    });
    return get(id);
  }

  async function remove(actor: AuthUser, id: number, ip?: string): Promise<void> {
    assertOrganizer(actor);
    await db.transaction(async (tx) => {
      const before = await load(tx, id);
      const [row] = await tx.delete(studySessions).where(and(eq(studySessions.id, id), eq(studySessions.status, 'planned'), eq(studySessions.closings, 0))).returning({ id: studySessions.id });
      if (!row) throw new ConflictError('SESSION_HAS_POINTS', '该学习活动已结束并记分，不能删除（可重新开启后更正考勤）');
      await audit(tx, { actorId: actor.id, action: 'session.delete', entity: 'study_session', entityId: id, before, ip });
    });
  }

  /** 考勤登记, in bulk. Nobody certifies their own attendance: another organizer marks it. */
  async function mark(actor: AuthUser, id: number, body: MarkAttendanceBodyT, ip?: string): Promise<SessionDetailT> {
    assertOrganizer(actor);
    await db.transaction(async (tx) => {
      // Row lock: a concurrent close waits, then sees the marks (or we see it closed).
      await tx.execute(sql`select id from study_sessions where id = ${id} for update`);
      const s = await load(tx, id);
      if (s.status !== 'planned') throw new ConflictError('SESSION_CLOSED', '该学习活动已结束，须重新开启后才能更正考勤');
      const seen = new Set<number>();
      const people = await usersByIds(tx, body.entries.map((e) => e.userId));
      body.entries.forEach((e, i) => {
        if (seen.has(e.userId)) throw fieldError(`entries.${i}.userId`, '同一人重复出现');
        seen.add(e.userId);
        const u = people.get(e.userId);
        if (!u || !u.active || !u.roles.includes('cadre')) throw fieldError(`entries.${i}.userId`, `人员 ${e.userId} 不存在或不是在职党员`);
        if (e.userId === actor.id) throw new ForbiddenError('不能登记本人的考勤（须由其他组织者登记）', 'SELF_ATTENDANCE');
      });
      const now = clock();
      for (const e of body.entries) {
        const u = people.get(e.userId)!;
        await tx.insert(sessionAttendance)
          .values({ sessionId: id, userId: e.userId, sectionId: u.sectionId, status: e.status, note: e.note?.trim() || null, markedBy: actor.id, markedAt: now })
          .onConflictDoUpdate({
            target: [sessionAttendance.sessionId, sessionAttendance.userId],
            set: { status: e.status, note: e.note?.trim() || null, markedBy: actor.id, markedAt: now },
          });
      }
      await tx.update(studySessions).set({ version: sql`${studySessions.version} + 1`, updatedAt: now }).where(eq(studySessions.id, id));
      await audit(tx, { actorId: actor.id, action: 'session.attendance', entity: 'study_session', entityId: id, after: body.entries, ip });
    });
    return detail(id);
  }

  /**
   * 结束并记分. The status guard makes a concurrent second close find nothing (one winner, one 409).
   * Each attendee's session claim is brought to what the attendance says: credited when new, restored
   * after an earlier correction, reversed when no longer attended — always new ledger entries, never edits.
   */
  async function close(actor: AuthUser, id: number, ip?: string) {
    assertOrganizer(actor);
    const result = await db.transaction(async (tx) => {
      const s = await load(tx, id);
      if (s.heldOn > today(clock)) throw new ConflictError('SESSION_NOT_HELD', `该学习活动定于 ${s.heldOn}，尚未举行，不能结束记分`);
      const now = clock();
      const [row] = await tx.update(studySessions)
        .set({ status: 'closed', closings: sql`${studySessions.closings} + 1`, closedAt: now, closedBy: actor.id, version: sql`${studySessions.version} + 1`, updatedAt: now })
        .where(and(eq(studySessions.id, id), eq(studySessions.status, 'planned')))
        .returning();
      if (!row) throw new ConflictError('SESSION_CLOSED', '该学习活动已结束（可能是其他组织者刚刚结束），请刷新');
      // Invitees nobody marked were not there.
      const marks = await tx.select().from(sessionAttendance).where(eq(sessionAttendance.sessionId, id));
      const markedIds = new Set(marks.map((m) => m.userId));
      const missing = expectedFrom(await membersOf(tx, []), s.invitedUnitIds).filter((u) => !markedIds.has(u.id));
      if (missing.length) {
        await tx.insert(sessionAttendance).values(missing.map((u) => ({ sessionId: id, userId: u.id, sectionId: u.sectionId, status: 'absent' as const, note: '未登记，结束时按缺席计', markedBy: actor.id, markedAt: now })));
      }
      const all = [...marks, ...missing.map((u) => ({ userId: u.id, status: 'absent' as const }))];
      const existing = await tx.select().from(claims)
        .where(and(eq(claims.source, 'study_session'), eq(claims.sourceRef, sessionRef(id)), inArray(claims.status, ['recorded', 'approved'])));
      const byUser = new Map(existing.map((c) => [c.userId, c]));
      const [item] = await tx.select().from(ruleItems).where(eq(ruleItems.id, s.ruleItemId));
      let credited = 0, reversed = 0, restored = 0;
      for (const a of all.sort((x, y) => x.userId - y.userId)) {
        const c = byUser.get(a.userId);
        const attended = a.status === 'attended';
        if (attended && !c) {
          const r = await claimsSvc.credit(tx, {
            userId: a.userId, ruleItemId: s.ruleItemId, occurredOn: s.heldOn, source: 'study_session', sourceRef: sessionRef(id), actorId: actor.id,
            description: `参加每周一学：${s.topic}（${s.heldOn}）`,
          });
          if (r) credited++;
        } else if (attended && c && c.netPoints === 0) {
          await tx.execute(sql`select id from claims where id = ${c.id} for update`);
          await postLedger(tx, { claim: c, points: c.recordedPoints ?? item.points, kind: 'adjustment', reason: '更正考勤：改为参加，恢复记分', createdBy: actor.id, at: now });
          await tx.update(claims).set({ version: sql`${claims.version} + 1`, updatedAt: now }).where(eq(claims.id, c.id));
          restored++;
        } else if (!attended && c && c.netPoints > 0) {
          await tx.execute(sql`select id from claims where id = ${c.id} for update`);
          await postLedger(tx, { claim: c, points: -c.netPoints, kind: 'reversal', reason: `更正考勤：改为${a.status === 'leave' ? '请假' : '缺席'}，冲销记分`, createdBy: actor.id, at: now });
          await tx.update(claims).set({ version: sql`${claims.version} + 1`, updatedAt: now }).where(eq(claims.id, c.id));
          reversed++;
        }
      }
      await audit(tx, { actorId: actor.id, action: 'session.close', entity: 'study_session', entityId: id, after: { closings: row.closings, credited, reversed, restored }, ip });
      return { credited, reversed, restored };
    });
    return { session: await get(id), ...result };
  }

  /** 重新开启: attendance can be corrected; the ledger follows when it is closed again. */
  async function reopen(actor: AuthUser, id: number, reason: string, ip?: string): Promise<SessionT> {
    assertOrganizer(actor);
    await db.transaction(async (tx) => {
      await load(tx, id);
      const [row] = await tx.update(studySessions)
        .set({ status: 'planned', version: sql`${studySessions.version} + 1`, updatedAt: clock() })
        .where(and(eq(studySessions.id, id), eq(studySessions.status, 'closed')))
        .returning();
      if (!row) throw new ConflictError('SESSION_NOT_CLOSED', '该学习活动尚未结束，无需重新开启');
      await audit(tx, { actorId: actor.id, action: 'session.reopen', entity: 'study_session', entityId: id, after: { reason }, ip });
    });
    return get(id);
  }

  /** Figures bulletins quote: sessions held this year, attendance rate per section and person. */
  async function stats(year: number): Promise<StudyStatsT> {
    const counts = await rows<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from study_sessions where year = ${year} group by status`);
    const byForm = await rows<{ form: string; n: number }>(db, sql`select form, count(*)::int as n from study_sessions where year = ${year} and closings > 0 group by form order by n desc, form`);
    const att = await db
      .select({ userId: sessionAttendance.userId, sectionId: sessionAttendance.sectionId, status: sessionAttendance.status, n: sql<number>`count(*)::int` })
      .from(sessionAttendance)
      .innerJoin(studySessions, eq(studySessions.id, sessionAttendance.sessionId))
      .where(and(eq(studySessions.year, year), eq(studySessions.status, 'closed')))
      .groupBy(sessionAttendance.userId, sessionAttendance.sectionId, sessionAttendance.status);
    const units = await unitsById(db);
    const people = await usersByIds(db, att.map((a) => a.userId));
    const blank = () => ({ expected: 0, attended: 0, leave: 0, absent: 0, rate: 0 });
    const overall = blank();
    const sec = new Map<number, ReturnType<typeof blank>>();
    const per = new Map<number, ReturnType<typeof blank> & { sectionId: number | null }>();
    for (const a of att) {
      const n = Number(a.n);
      for (const t of [overall, a.sectionId != null ? (sec.get(a.sectionId) ?? sec.set(a.sectionId, blank()).get(a.sectionId)!) : null, per.get(a.userId) ?? per.set(a.userId, { ...blank(), sectionId: a.sectionId }).get(a.userId)!]) {
        if (!t) continue;
        t[a.status] += n;
        t.expected += n;
      }
    }
    const rate = <T extends ReturnType<typeof blank>>(t: T): T => ({ ...t, rate: t.expected ? Math.round((t.attended / t.expected) * 1000) / 1000 : 0 });
    const order = new Map([...units.values()].map((u, i) => [u.id, i]));
    return {
      year,
      sessionsHeld: Number(counts.find((c) => c.status === 'closed')?.n ?? 0),
      sessionsPlanned: Number(counts.find((c) => c.status === 'planned')?.n ?? 0),
      byForm: byForm.map((f) => ({ form: f.form as never, count: Number(f.n) })),
      overall: rate(overall),
      bySection: [...sec].sort((a, b) => (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0)).map(([sectionId, t]) => ({ sectionId, name: units.get(sectionId)?.name ?? `#${sectionId}`, ...rate(t) })),
      byPerson: [...per].map(([userId, t]) => ({
        userId, name: people.get(userId)?.name ?? `#${userId}`, sectionId: t.sectionId, sectionName: t.sectionId ? (units.get(t.sectionId)?.name ?? null) : null,
        ...rate({ expected: t.expected, attended: t.attended, leave: t.leave, absent: t.absent, rate: 0 }),
      })).sort((a, b) => b.rate - a.rate || b.attended - a.attended || a.userId - b.userId),
    };
  }

  void orgUnits; void users; void asc;
  return { list, get, detail, create, update, remove, mark, close, reopen, stats };
}
export type StudyService = ReturnType<typeof createStudyService>;
