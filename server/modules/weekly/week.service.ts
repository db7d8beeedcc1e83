import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { lectureSlots, lectures } from '../../../db/schema';
import { rows } from '../../../db/client';
import type { AppContext, AuthUser } from '../../lib/context';
import { addDays, today, weekOf } from '../../lib/dates';
import { checkDate } from './common';
import { createLectureService } from './lecture.service';
import { createStudyService } from './study.service';
import { createTasksService } from './tasks.service';
import type { WeekT } from './weekly.schemas';

/** 本周: the week's study sessions, lecture, reports and comments, points recorded from them, who has not reported. */
export function createWeekService(ctx: AppContext) {
  const { db, clock } = ctx;
  const study = createStudyService(ctx);
  const lecture = createLectureService(ctx);
  const tasks = createTasksService(ctx);

  async function week(viewer: AuthUser | null, date?: string): Promise<WeekT> {
    if (date) checkDate('date', date);
    const w = weekOf(date ?? today(clock));
    const sessions = (await study.list({ from: w.from, to: w.to, limit: 50 })).items.sort((a, b) => a.heldOn.localeCompare(b.heldOn));
    const [slotRow] = await db.select().from(lectureSlots).where(eq(lectureSlots.weekOf, w.from));
    const rot = slotRow ? await lecture.rotation(viewer ?? NOBODY, { from: w.from, to: w.from }) : null;
    const lecRows = await db.select({ id: lectures.id }).from(lectures).where(and(gte(lectures.heldOn, w.from), lte(lectures.heldOn, w.to))).orderBy(asc(lectures.heldOn));
    const lecs = await Promise.all(lecRows.map((l) => lecture.get(l.id)));
    const reports = (await tasks.reports({ weekOf: w.from, limit: 500 })).items;
    const board = await tasks.board(viewer, { date: w.from });
    // Instants of the week in China time (UTC+8).
    const start = new Date(`${w.from}T00:00:00+08:00`);
    const end = new Date(`${addDays(w.to, 1)}T00:00:00+08:00`);
    const pts = await rows<{ source: string; claims: number; points: number }>(db, sql`
      select c.source, count(distinct c.id)::int as claims, coalesce(sum(l.points), 0)::int as points
      from ledger_entries l join claims c on c.id = l.claim_id
      where c.source in ('study_session', 'lecture', 'reflection', 'quiz') and l.created_at >= ${start.toISOString()} and l.created_at < ${end.toISOString()}
      group by c.source order by c.source`);
    const bySource = pts.map((p) => ({ source: p.source, claims: Number(p.claims), points: Number(p.points) }));
    return {
      weekOf: w.from, weekEnd: w.to, sessions, slot: rot?.items[0] ?? null, lectures: lecs, reports, notReported: board.notReported,
      points: { claims: bySource.reduce((a, b) => a + b.claims, 0), points: bySource.reduce((a, b) => a + b.points, 0), bySource },
    };
  }
  return { week };
}
const NOBODY: AuthUser = { id: 0, username: '', name: '', roles: [], unitId: null, branchId: null, sectionId: null, groupId: null };
