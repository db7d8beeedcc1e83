import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { lectureReflections, lectures, lectureSlots, users, type LectureRow, type LectureSlotRow } from '../../../db/schema';
import type { Executor } from '../../../db/client';
import type { AppContext, AuthUser } from '../../lib/context';
import { hasRole } from '../../lib/context';
import { audit } from '../../lib/audit';
import { ConflictError, ForbiddenError, NotFoundError, fieldError } from '../../lib/errors';
import { addDays, parts, today, weekOf } from '../../lib/dates';
import { createClaimsService } from '../claims/claims.service';
import { assertOrganizer, checkDate, membersOf, ruleItemFor, sectionsInOrder, unitsById, usersByIds } from './common';
import type { CreateLectureBodyT, GenerateBodyT, LectureT, SlotT } from './weekly.schemas';

export const lectureRef = (id: number) => `lecture:${id}`;
export const reflectionRef = (id: number) => `reflection:${id}`;
/** The calendar day (UTC+8) of an instant. */
const cnDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export function createLectureService(ctx: AppContext) {
  const { db, clock } = ctx;
  const claimsSvc = createClaimsService(ctx);

  // ── rotation ──
  async function shapeSlots(ex: Executor, list: LectureSlotRow[]): Promise<SlotT[]> {
    const units = await unitsById(ex);
    const people = await usersByIds(ex, list.map((s) => s.lecturerId).filter((x): x is number => x != null));
    const lecs = list.length ? await ex.select({ id: lectures.id, slotId: lectures.slotId }).from(lectures).where(inArray(lectures.slotId, list.map((s) => s.id))) : [];
    const bySlot = new Map(lecs.map((l) => [l.slotId, l.id]));
    return list.map((s) => {
      const u = s.lecturerId != null ? people.get(s.lecturerId) : undefined;
      return {
        id: s.id, weekOf: s.weekOf, sectionId: s.sectionId, sectionName: s.sectionId ? (units.get(s.sectionId)?.name ?? null) : null,
        lecturerId: s.lecturerId, lecturerName: u?.name ?? null, lecturerActive: u ? u.active : true, status: s.status, note: s.note, lectureId: bySlot.get(s.id) ?? null,
      };
    });
  }

  /** Lectures given (or already planned before `before`) per person: who has lectured least goes first. */
  async function lectureCounts(ex: Executor, before?: string): Promise<Map<number, number>> {
    const given = await ex.select({ userId: lectures.lecturerId, n: sql<number>`count(*)::int` }).from(lectures).where(eq(lectures.status, 'given')).groupBy(lectures.lecturerId);
    const m = new Map(given.map((g) => [g.userId, Number(g.n)]));
    if (before) {
      const pending = await ex.select({ userId: lectureSlots.lecturerId }).from(lectureSlots)
        .where(and(eq(lectureSlots.status, 'planned'), sql`${lectureSlots.weekOf} < ${before}`, sql`not exists (select 1 from lectures l where l.slot_id = ${lectureSlots.id} and l.status = 'given')`));
      for (const p of pending) if (p.userId != null) m.set(p.userId, (m.get(p.userId) ?? 0) + 1);
    }
    return m;
  }

  async function rotation(viewer: AuthUser, q: { from?: string; to?: string }) {
    const from = q.from ?? addDays(weekOf(today(clock)).from, -28);
    const to = q.to ?? addDays(from, 7 * 30);
    const list = await db.select().from(lectureSlots).where(and(gte(lectureSlots.weekOf, from), lte(lectureSlots.weekOf, to))).orderBy(asc(lectureSlots.weekOf));
    const items = await shapeSlots(db, list);
    const [mine] = await db.select().from(lectureSlots)
      .where(and(eq(lectureSlots.lecturerId, viewer.id), eq(lectureSlots.status, 'planned'), gte(lectureSlots.weekOf, weekOf(today(clock)).from)))
      .orderBy(asc(lectureSlots.weekOf)).limit(1);
    const counts = await lectureCounts(db);
    const members = await membersOf(db, []);
    return {
      items,
      myNext: mine ? (await shapeSlots(db, [mine]))[0] : null,
      counts: members.map((m) => ({ userId: m.id, name: m.name, sectionId: m.sectionId, given: counts.get(m.id) ?? 0 })).sort((a, b) => a.given - b.given || a.userId - b.userId),
    };
  }

  /**
   * 组室轮流，一人一讲: from the given week on, planned weeks without a lecture record are planned again.
   * Sections take turns in order (continuing after the last planned section); within a section the
   * active member who has lectured least goes first; holiday weeks are kept as skipped.
   */
  async function generate(actor: AuthUser, body: GenerateBodyT, ip?: string) {
    assertOrganizer(actor);
    if (body.from) checkDate('from', body.from);
    (body.holidays ?? []).forEach((h, i) => checkDate(`holidays.${i}`, h));
    const start = weekOf(body.from ?? addDays(today(clock), 7)).from;
    if (start < weekOf(today(clock)).from) throw fieldError('from', '不能为已经过去的周生成轮讲安排');
    const holidays = new Set((body.holidays ?? []).map((h) => weekOf(h).from));
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('lecture_rotation'))`);
      const all = await sectionsInOrder(tx);
      let sections = all;
      if (body.sectionIds) {
        const known = new Map(all.map((s) => [s.id, s]));
        body.sectionIds.forEach((id, i) => {
          if (!known.has(id)) throw fieldError(`sectionIds.${i}`, `科室 ${id} 不存在`);
        });
        sections = body.sectionIds.map((id) => known.get(id)!);
      }
      const members = await membersOf(tx, []);
      const bySection = new Map(sections.map((s) => [s.id, members.filter((m) => m.sectionId === s.id)]));
      const turnable = sections.filter((s) => bySection.get(s.id)!.length > 0);
      if (!turnable.length) throw fieldError('sectionIds', '所选科室没有在职人员');
      // Replan: drop future planned weeks nobody has recorded a lecture for.
      await tx.execute(sql`delete from lecture_slots s where s.week_of >= ${start} and s.status = 'planned' and not exists (select 1 from lectures l where l.slot_id = s.id)`);
      const fixed = new Set((await tx.select({ w: lectureSlots.weekOf }).from(lectureSlots).where(gte(lectureSlots.weekOf, start))).map((r) => r.w));
      const [last] = await tx.select().from(lectureSlots).where(and(sql`${lectureSlots.weekOf} < ${start}`, sql`${lectureSlots.sectionId} is not null`)).orderBy(desc(lectureSlots.weekOf)).limit(1);
      let si = last ? (turnable.findIndex((s) => s.id === last.sectionId) + 1) % turnable.length : 0;
      if (si < 0) si = 0;
      const counts = await lectureCounts(tx, start);
      const now = clock();
      for (let i = 0, w = start; i < body.weeks; i++, w = addDays(w, 7)) {
        if (fixed.has(w)) continue;
        if (holidays.has(w)) {
          await tx.insert(lectureSlots).values({ weekOf: w, status: 'skipped', note: '节假日停讲', createdAt: now, updatedAt: now });
          continue;
        }
        const section = turnable[si % turnable.length];
        si++;
        const pool = bySection.get(section.id)!;
        const next = [...pool].sort((a, b) => (counts.get(a.id) ?? 0) - (counts.get(b.id) ?? 0) || a.id - b.id)[0];
        counts.set(next.id, (counts.get(next.id) ?? 0) + 1);
        await tx.insert(lectureSlots).values({ weekOf: w, sectionId: section.id, lecturerId: next.id, status: 'planned', createdAt: now, updatedAt: now });
      }
      await audit(tx, { actorId: actor.id, action: 'rotation.generate', entity: 'lecture_rotation', after: { start, ...body }, ip });
    });
    return rotation(actor, { from: addDays(start, -28), to: addDays(start, 7 * (body.weeks + 4)) });
  }

  async function lockSlot(tx: Executor, id: number): Promise<LectureSlotRow> {
    await tx.execute(sql`select id from lecture_slots where id = ${id} for update`);
    const [s] = await tx.select().from(lectureSlots).where(eq(lectureSlots.id, id));
    if (!s) throw new NotFoundError('轮讲安排不存在', 'SLOT_NOT_FOUND');
    return s;
  }
  async function hasLecture(tx: Executor, slotId: number) {
    return (await tx.select({ id: lectures.id }).from(lectures).where(eq(lectures.slotId, slotId))).length > 0;
  }

  async function swap(actor: AuthUser, id: number, otherId: number, ip?: string) {
    assertOrganizer(actor);
    if (id === otherId) throw fieldError('otherId', '不能与同一周对调');
    await db.transaction(async (tx) => {
      // Lock in id order so two opposite swaps cannot deadlock.
      const locked = new Map<number, LectureSlotRow>();
      for (const x of [id, otherId].sort((p, q) => p - q)) locked.set(x, await lockSlot(tx, x));
      const a = locked.get(id)!;
      const b = locked.get(otherId)!;
      for (const s of [a, b]) {
        if (s.status !== 'planned' || (await hasLecture(tx, s.id))) throw new ConflictError('SLOT_FIXED', `${s.weekOf} 这一周已开讲、停讲或已登记授课，不能对调`);
      }
      const now = clock();
      await tx.update(lectureSlots).set({ sectionId: b.sectionId, lecturerId: b.lecturerId, note: `与 ${b.weekOf} 对调`, updatedAt: now }).where(eq(lectureSlots.id, a.id));
      await tx.update(lectureSlots).set({ sectionId: a.sectionId, lecturerId: a.lecturerId, note: `与 ${a.weekOf} 对调`, updatedAt: now }).where(eq(lectureSlots.id, b.id));
      await audit(tx, { actorId: actor.id, action: 'rotation.swap', entity: 'lecture_slot', entityId: id, after: { a: a.weekOf, b: b.weekOf }, ip });
    });
    return rotation(actor, {});
  }

  /** 停讲一周 (holiday): this week is skipped and each later planned turn moves one week on. */
  async function skip(actor: AuthUser, id: number, reason: string, ip?: string) {
    assertOrganizer(actor);
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('lecture_rotation'))`);
      const s = await lockSlot(tx, id);
      if (s.status !== 'planned' || (await hasLecture(tx, s.id))) throw new ConflictError('SLOT_FIXED', '这一周已开讲、停讲或已登记授课，不能顺延');
      const later = await tx.select().from(lectureSlots).where(and(gte(lectureSlots.weekOf, s.weekOf), eq(lectureSlots.status, 'planned'))).orderBy(asc(lectureSlots.weekOf));
      const movable: LectureSlotRow[] = [];
      for (const x of later) if (!(await hasLecture(tx, x.id))) movable.push(x);
      const [{ maxWeek }] = await tx.select({ maxWeek: sql<string>`max(${lectureSlots.weekOf})` }).from(lectureSlots);
      const now = clock();
      // The last turn goes to a new week after everything planned; each other turn takes the next movable week.
      const tail = movable[movable.length - 1];
      await tx.insert(lectureSlots).values({ weekOf: addDays(maxWeek, 7), sectionId: tail.sectionId, lecturerId: tail.lecturerId, status: 'planned', note: '顺延', createdAt: now, updatedAt: now });
      for (let i = movable.length - 1; i >= 1; i--) {
        await tx.update(lectureSlots).set({ sectionId: movable[i - 1].sectionId, lecturerId: movable[i - 1].lecturerId, note: '顺延', updatedAt: now }).where(eq(lectureSlots.id, movable[i].id));
      }
      await tx.update(lectureSlots).set({ status: 'skipped', sectionId: null, lecturerId: null, note: reason.trim(), updatedAt: now }).where(eq(lectureSlots.id, s.id));
      await audit(tx, { actorId: actor.id, action: 'rotation.skip', entity: 'lecture_slot', entityId: id, after: { weekOf: s.weekOf, reason }, ip });
    });
    return rotation(actor, {});
  }

  async function assign(actor: AuthUser, id: number, lecturerId: number, ip?: string) {
    assertOrganizer(actor);
    await db.transaction(async (tx) => {
      const s = await lockSlot(tx, id);
      if (s.status !== 'planned' || (await hasLecture(tx, s.id))) throw new ConflictError('SLOT_FIXED', '这一周已开讲、停讲或已登记授课，不能更换主讲人');
      const [u] = await tx.select().from(users).where(eq(users.id, lecturerId));
      if (!u || !u.active || !u.roles.includes('cadre')) throw fieldError('lecturerId', '主讲人不存在或不是在职党员');
      await tx.update(lectureSlots).set({ lecturerId, sectionId: u.sectionId, note: '调整主讲人', updatedAt: clock() }).where(eq(lectureSlots.id, id));
      await audit(tx, { actorId: actor.id, action: 'rotation.assign', entity: 'lecture_slot', entityId: id, before: { lecturerId: s.lecturerId }, after: { lecturerId }, ip });
    });
    return rotation(actor, {});
  }

  // ── lectures ──
  async function shapeLectures(ex: Executor, list: LectureRow[]): Promise<LectureT[]> {
    if (!list.length) return [];
    const refl = await ex.select().from(lectureReflections).where(inArray(lectureReflections.lectureId, list.map((l) => l.id))).orderBy(asc(lectureReflections.id));
    const people = await usersByIds(ex, [...list.flatMap((l) => [l.lecturerId, l.commentBy ?? 0]), ...refl.map((r) => r.authorId)].filter(Boolean));
    const units = await unitsById(ex);
    return list.map((l) => {
      const lu = people.get(l.lecturerId)!;
      return {
        id: l.id, slotId: l.slotId, lecturerId: l.lecturerId, lecturerName: lu.name, sectionName: lu.sectionId ? (units.get(lu.sectionId)?.name ?? null) : null,
        heldOn: l.heldOn, topic: l.topic, outline: l.outline, materials: l.materials, status: l.status, givenAt: l.givenAt?.toISOString() ?? null, claimId: l.claimId,
        comment: l.comment, commentBy: l.commentBy, commentByName: l.commentBy ? (people.get(l.commentBy)?.name ?? null) : null, commentAt: l.commentAt?.toISOString() ?? null,
        reflections: refl.filter((r) => r.lectureId === l.id).map((r) => ({
          id: r.id, lectureId: r.lectureId, authorId: r.authorId, authorName: people.get(r.authorId)?.name ?? '', text: r.text, claimId: r.claimId, credited: r.claimId != null, createdAt: r.createdAt.toISOString(),
        })),
      };
    });
  }

  async function loadLecture(ex: Executor, id: number): Promise<LectureRow> {
    const [l] = await ex.select().from(lectures).where(eq(lectures.id, id));
    if (!l) throw new NotFoundError('授课记录不存在', 'LECTURE_NOT_FOUND');
    return l;
  }
  async function get(id: number): Promise<LectureT> {
    return (await shapeLectures(db, [await loadLecture(db, id)]))[0];
  }
  async function list(q: { year?: number; lecturerId?: number; limit?: number; offset?: number }) {
    const where = and(q.year ? eq(lectures.year, q.year) : undefined, q.lecturerId ? eq(lectures.lecturerId, q.lecturerId) : undefined);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(lectures).where(where);
    const r = await db.select().from(lectures).where(where).orderBy(desc(lectures.heldOn), desc(lectures.id)).limit(q.limit ?? 50).offset(q.offset ?? 0);
    return { items: await shapeLectures(db, r), total: Number(n) };
  }

  /** 登记授课: an organizer, or the lecturer of the slot. */
  async function create(actor: AuthUser, body: CreateLectureBodyT, ip?: string): Promise<LectureT> {
    checkDate('heldOn', body.heldOn);
    const id = await db.transaction(async (tx) => {
      let lecturerId = body.lecturerId;
      if (body.slotId) {
        const s = await lockSlot(tx, body.slotId);
        if (s.status === 'skipped') throw new ConflictError('SLOT_SKIPPED', '这一周停讲');
        if (await hasLecture(tx, s.id)) throw new ConflictError('LECTURE_EXISTS', '这一周已登记授课');
        lecturerId ??= s.lecturerId ?? undefined;
        if (body.lecturerId && s.lecturerId && body.lecturerId !== s.lecturerId) throw fieldError('lecturerId', '与轮讲安排的主讲人不一致，请先调整轮讲安排');
      }
      if (!lecturerId) throw fieldError('lecturerId', '须指定主讲人');
      if (!hasRole(actor, 'admin', 'scorekeeper', 'leader') && actor.id !== lecturerId) throw new ForbiddenError('只有组织者或主讲人本人可以登记授课');
      const [u] = await tx.select().from(users).where(eq(users.id, lecturerId));
      if (!u || !u.active || !u.roles.includes('cadre')) throw fieldError('lecturerId', '主讲人不存在或不是在职党员');
      const now = clock();
      const [row] = await tx.insert(lectures).values({
        slotId: body.slotId ?? null, lecturerId, heldOn: body.heldOn, year: parts(body.heldOn).year, topic: body.topic.trim(), outline: body.outline?.trim() || null,
        materials: body.materials ?? [], createdBy: actor.id, createdAt: now, updatedAt: now,
      }).returning();
      await audit(tx, { actorId: actor.id, action: 'lecture.create', entity: 'lecture', entityId: row.id, after: row, ip });
      return row.id;
    });
    return get(id);
  }

  /** 确认已授课: credits the lecturer (经济微课堂授课, source lecture). Nobody confirms their own lecture. */
  async function give(actor: AuthUser, id: number, ip?: string): Promise<LectureT> {
    assertOrganizer(actor);
    await db.transaction(async (tx) => {
      const l = await loadLecture(tx, id);
      if (l.lecturerId === actor.id) throw new ForbiddenError('不能确认本人的授课（须由其他组织者确认）', 'SELF_CREDIT');
      if (l.heldOn > today(clock)) throw new ConflictError('LECTURE_NOT_HELD', `授课定于 ${l.heldOn}，尚未举行`);
      const item = await ruleItemFor(tx, l.heldOn, 'ruleItemId', { code: 'micro_lecture' });
      const now = clock();
      const [row] = await tx.update(lectures).set({ status: 'given', givenAt: now, confirmedBy: actor.id, updatedAt: now })
        .where(and(eq(lectures.id, id), eq(lectures.status, 'planned'))).returning();
      if (!row) throw new ConflictError('LECTURE_GIVEN', '该授课已确认（可能是其他组织者刚刚确认），请刷新');
      const claim = await claimsSvc.credit(tx, {
        userId: l.lecturerId, ruleItemId: item.id, occurredOn: l.heldOn, source: 'lecture', sourceRef: lectureRef(id), actorId: actor.id,
        description: `每周一讲授课：${l.topic}（${l.heldOn}）`,
      });
      await tx.update(lectures).set({ claimId: claim?.id ?? null }).where(eq(lectures.id, id));
      if (l.slotId) await tx.update(lectureSlots).set({ status: 'done', updatedAt: now }).where(eq(lectureSlots.id, l.slotId));
      await audit(tx, { actorId: actor.id, action: 'lecture.give', entity: 'lecture', entityId: id, after: { claimId: claim?.id ?? null }, ip });
    });
    return get(id);
  }

  /** 领导点评: once, by a leader who is not the lecturer. */
  async function comment(actor: AuthUser, id: number, text: string, ip?: string): Promise<LectureT> {
    await db.transaction(async (tx) => {
      const l = await loadLecture(tx, id);
      if (l.lecturerId === actor.id) throw new ForbiddenError('不能点评本人的授课', 'SELF_COMMENT');
      if (l.status !== 'given') throw new ConflictError('LECTURE_NOT_GIVEN', '授课确认后才能点评');
      const now = clock();
      const [row] = await tx.update(lectures).set({ comment: text.trim(), commentBy: actor.id, commentAt: now, updatedAt: now })
        .where(and(eq(lectures.id, id), sql`${lectures.comment} is null`)).returning();
      if (!row) throw new ConflictError('ALREADY_COMMENTED', '该授课已有领导点评');
      await audit(tx, { actorId: actor.id, action: 'lecture.comment', entity: 'lecture', entityId: id, after: { comment: text }, ip });
    });
    return get(id);
  }

  /** 谈感想: three colleagues, each writing their own, never the lecturer. */
  async function reflect(actor: AuthUser, id: number, text: string, ip?: string): Promise<LectureT> {
    if (!hasRole(actor, 'cadre')) throw new ForbiddenError('只有党员干部可以谈感想');
    await db.transaction(async (tx) => {
      await tx.execute(sql`select id from lectures where id = ${id} for update`);
      const l = await loadLecture(tx, id);
      if (l.lecturerId === actor.id) throw new ForbiddenError('主讲人不能为自己的授课谈感想', 'SELF_REFLECTION');
      if (l.status !== 'given') throw new ConflictError('LECTURE_NOT_GIVEN', '授课确认后才能谈感想');
      const existing = await tx.select().from(lectureReflections).where(eq(lectureReflections.lectureId, id));
      if (existing.some((r) => r.authorId === actor.id)) throw new ConflictError('REFLECTION_EXISTS', '您已为这次授课谈过感想');
      if (existing.length >= 3) throw new ConflictError('REFLECTIONS_FULL', '每次授课由 3 名干部谈感想，已满');
      const now = clock();
      const [row] = await tx.insert(lectureReflections).values({ lectureId: id, authorId: actor.id, text: text.trim(), createdAt: now, updatedAt: now }).returning();
      await audit(tx, { actorId: actor.id, action: 'lecture.reflect', entity: 'lecture_reflection', entityId: row.id, after: row, ip });
    });
    return get(id);
  }

  /** A reflection recorded as 撰写学习心得 (source reflection), by a scorekeeper who is not its author. */
  async function creditReflection(actor: AuthUser, reflectionId: number, ip?: string): Promise<LectureT> {
    const lectureId = await db.transaction(async (tx) => {
      await tx.execute(sql`select id from lecture_reflections where id = ${reflectionId} for update`);
      const [r] = await tx.select().from(lectureReflections).where(eq(lectureReflections.id, reflectionId));
      if (!r) throw new NotFoundError('感想不存在', 'REFLECTION_NOT_FOUND');
      if (r.authorId === actor.id) throw new ForbiddenError('不能为本人的感想记分（须由其他计分员处理）', 'SELF_DECISION');
      if (r.claimId != null) throw new ConflictError('ALREADY_CREDITED', '该感想已记为学习心得');
      const day = cnDay(r.createdAt);
      const item = await ruleItemFor(tx, day, 'ruleItemId', { code: 'reflection' });
      const l = await loadLecture(tx, r.lectureId);
      const claim = await claimsSvc.credit(tx, {
        userId: r.authorId, ruleItemId: item.id, occurredOn: day, source: 'reflection', sourceRef: reflectionRef(r.id), actorId: actor.id,
        description: `每周一讲学习心得：听“${l.topic}”有感`,
      });
      if (!claim) throw new ConflictError('ALREADY_CREDITED', '该感想已记为学习心得');
      await tx.update(lectureReflections).set({ claimId: claim.id, updatedAt: clock() }).where(eq(lectureReflections.id, r.id));
      await audit(tx, { actorId: actor.id, action: 'reflection.credit', entity: 'lecture_reflection', entityId: r.id, after: { claimId: claim.id }, ip });
      return r.lectureId;
    });
    return get(lectureId);
  }

  return { rotation, generate, swap, skip, assign, list, get, create, give, comment, reflect, creditReflection };
}
export type LectureService = ReturnType<typeof createLectureService>;
