import { and, asc, eq, inArray } from 'drizzle-orm';
import { orgUnits, ruleItems, users, type OrgUnitRow, type RuleItemRow, type UserRow } from '../../../db/schema';
import type { Executor } from '../../../db/client';
import type { AuthUser } from '../../lib/context';
import { hasRole } from '../../lib/context';
import { ForbiddenError, fieldError } from '../../lib/errors';
import { isValidDate, parts } from '../../lib/dates';

/** Who organizes the weekly rhythm: plans sessions, marks attendance, runs the rotation. */
export const ORGANIZERS = ['admin', 'scorekeeper', 'leader'] as const;
export function assertOrganizer(u: AuthUser) {
  if (!hasRole(u, ...ORGANIZERS)) throw new ForbiddenError('只有组织者（计分员、部领导、管理员）可以执行此操作');
}

export function checkDate(field: string, d: string) {
  if (!isValidDate(d)) throw fieldError(field, '不是有效的日期（YYYY-MM-DD）');
}

/** A rule item of the year the activity happened in, by id or by its code. */
export async function ruleItemFor(ex: Executor, date: string, field: string, p: { id?: number; code?: string }): Promise<RuleItemRow> {
  const { year } = parts(date);
  const where = p.id != null ? eq(ruleItems.id, p.id) : and(eq(ruleItems.year, year), eq(ruleItems.code, p.code!));
  const [item] = await ex.select().from(ruleItems).where(where);
  if (!item) {
    throw p.id != null
      ? fieldError(field, '积分项目不存在')
      : fieldError(field, `${year} 年积分管理办法中没有“${p.code}”项目，请先制定当年的积分管理办法或指定积分项目`, 'NO_RULE_ITEM');
  }
  if (item.year !== year) throw fieldError(field, `该项目属于 ${item.year} 年的积分管理办法，与日期 ${date} 不符`);
  if (!item.active) throw fieldError(field, '该积分项目已停用');
  return item;
}

export async function unitsById(ex: Executor): Promise<Map<number, OrgUnitRow>> {
  const all = await ex.select().from(orgUnits).orderBy(asc(orgUnits.sortOrder), asc(orgUnits.id));
  return new Map(all.map((u) => [u.id, u]));
}

export async function sectionsInOrder(ex: Executor): Promise<OrgUnitRow[]> {
  return ex.select().from(orgUnits).where(and(eq(orgUnits.kind, 'section'), eq(orgUnits.active, true))).orderBy(asc(orgUnits.sortOrder), asc(orgUnits.id));
}

/** The unit's name for bulletin attributions (（宿松县委组织部）). */
export async function unitName(ex: Executor): Promise<string> {
  const [u] = await ex.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.kind, 'unit')).orderBy(asc(orgUnits.id)).limit(1);
  return u?.name ?? '本部';
}

/** Active members (cadres) of the given branches/sections; all members when none are given. */
export async function membersOf(ex: Executor, unitIds: number[]): Promise<UserRow[]> {
  const all = await ex.select().from(users).where(eq(users.active, true)).orderBy(asc(users.id));
  const members = all.filter((u) => u.roles.includes('cadre'));
  if (!unitIds.length) return members;
  const set = new Set(unitIds);
  return members.filter((u) => (u.sectionId != null && set.has(u.sectionId)) || (u.branchId != null && set.has(u.branchId)) || (u.unitId != null && set.has(u.unitId)));
}

export async function usersByIds(ex: Executor, ids: number[]): Promise<Map<number, UserRow>> {
  if (!ids.length) return new Map();
  const r = await ex.select().from(users).where(inArray(users.id, [...new Set(ids)]));
  return new Map(r.map((u) => [u.id, u]));
}

export const FORM_NAMES: Record<string, string> = {
  leader_led: '领导领学', group: '集体研学', self: '个人自学', expert: '专家讲堂', center_group: '理论学习中心组', party_day: '主题党日',
};
/** The rule item a form credits by default: an expert lecture is 经济讲堂, everything else 集中理论学习. */
export const FORM_DEFAULT_ITEM: Record<string, string> = {
  leader_led: 'theory', group: 'theory', self: 'theory', expert: 'lecture_hall', center_group: 'theory', party_day: 'theory',
};

/** 2026-11-16 → 11月16日 */
export function cnDate(d: string): string {
  const { month, day } = parts(d);
  return `${month}月${day}日`;
}
