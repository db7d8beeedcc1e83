import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { orgUnits, users, type Role, type UserRow } from '../../../db/schema';
import type { Executor } from '../../../db/client';
import type { AppContext, AuthUser } from '../../lib/context';
import { hasRole } from '../../lib/context';
import { audit } from '../../lib/audit';
import { ensureYearRows, syncPlacement } from '../claims/ledger';
import { ruleSets } from '../../../db/schema';
import { ConflictError, ForbiddenError, NotFoundError, fieldError } from '../../lib/errors';
import { hashPassword } from '../../lib/passwords';
import { checkPassword } from '../../lib/password-policy';
import type { CreateUserBodyT, ListUsersQueryT, UpdateUserBodyT, UserT } from './users.schemas';

export function toUser(u: UserRow): UserT {
  return {
    id: u.id, username: u.username, name: u.name, roles: u.roles, unitId: u.unitId, branchId: u.branchId, sectionId: u.sectionId,
    groupId: u.groupId, title: u.title, active: u.active, mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null, createdAt: u.createdAt.toISOString(),
  };
}

/** Checks that branch/section/group ids point at the right kind of unit and that the section sits in the branch. */
async function checkPlacement(tx: Executor, p: { branchId: number | null; sectionId: number | null; groupId: number | null }) {
  const ids = [p.branchId, p.sectionId, p.groupId].filter((x): x is number => x != null);
  const rows = ids.length ? await tx.select().from(orgUnits).where(sql`${orgUnits.id} in ${ids}`) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  if (p.branchId != null && byId.get(p.branchId)?.kind !== 'branch') throw fieldError('branchId', '不是有效的党支部');
  if (p.sectionId != null) {
    const s = byId.get(p.sectionId);
    if (s?.kind !== 'section') throw fieldError('sectionId', '不是有效的科室');
    if (p.branchId == null || s.parentId !== p.branchId) throw fieldError('sectionId', '科室不属于所选党支部');
  }
  if (p.groupId != null && byId.get(p.groupId)?.kind !== 'group') throw fieldError('groupId', '不是有效的学习小组');
  const [unit] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.kind, 'unit')).limit(1);
  return unit?.id ?? null;
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
}

export function createUsersService(ctx: AppContext) {
  const { db } = ctx;

  /** Who may see whom: admin and leaders everyone; scorekeepers and branch members their branch; others only themselves. */
  function visibleFilter(viewer: AuthUser): SQL | undefined {
    if (hasRole(viewer, 'admin', 'leader')) return undefined;
    if (hasRole(viewer, 'scorekeeper', 'branch', 'editor') && viewer.branchId) return eq(users.branchId, viewer.branchId);
    return eq(users.id, viewer.id);
  }

  async function list(viewer: AuthUser, q: ListUsersQueryT): Promise<{ items: UserT[]; total: number }> {
    const conds: (SQL | undefined)[] = [visibleFilter(viewer)];
    if (q.q) conds.push(or(ilike(users.name, `%${q.q}%`), ilike(users.username, `%${q.q}%`)));
    if (q.branchId) conds.push(eq(users.branchId, q.branchId));
    if (q.sectionId) conds.push(eq(users.sectionId, q.sectionId));
    if (q.groupId) conds.push(eq(users.groupId, q.groupId));
    if (q.role) conds.push(sql`${q.role} = any(${users.roles})`);
    if (q.active !== undefined) conds.push(eq(users.active, q.active));
    const where = and(...conds);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(where);
    const rows = await db.select().from(users).where(where).orderBy(asc(users.branchId), asc(users.sectionId), asc(users.id)).limit(q.limit ?? 50).offset(q.offset ?? 0);
    return { items: rows.map(toUser), total: Number(n) };
  }

  async function getRow(id: number, ex: Executor = db): Promise<UserRow> {
    const [u] = await ex.select().from(users).where(eq(users.id, id));
    if (!u) throw new NotFoundError('人员不存在');
    return u;
  }

  async function get(viewer: AuthUser, id: number): Promise<UserT> {
    const filter = visibleFilter(viewer);
    const [u] = await db.select().from(users).where(and(eq(users.id, id), filter));
    if (!u) throw new NotFoundError('人员不存在');
    return toUser(u);
  }

  async function create(actor: AuthUser | null, body: CreateUserBodyT, ip?: string, opts: { mustChangePassword?: boolean } = {}): Promise<UserT> {
    checkPassword('password', body.password, body.username);
    const passwordHash = await hashPassword(body.password);
    return db.transaction(async (tx) => {
      const placement = { branchId: body.branchId, sectionId: body.sectionId, groupId: body.groupId ?? null };
      const unitId = await checkPlacement(tx, placement);
      const [exists] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${body.username})`);
      if (exists) throw new ConflictError('USERNAME_TAKEN', `用户名“${body.username}”已被使用`);
      try {
        const [row] = await tx
          .insert(users)
          .values({
            username: body.username, name: body.name, passwordHash, roles: body.roles as Role[], unitId, ...placement,
            title: body.title ?? null, mustChangePassword: opts.mustChangePassword ?? true,
          })
          .returning();
        const { passwordHash: _p, ...safe } = row;
        for (const { year } of await tx.select({ year: ruleSets.year }).from(ruleSets)) await ensureYearRows(tx, year, [row.id]);
        await audit(tx, { actorId: actor?.id ?? null, action: 'user.create', entity: 'user', entityId: row.id, after: safe, ip });
        return toUser(row);
      } catch (e) {
        if (isUniqueViolation(e)) throw new ConflictError('USERNAME_TAKEN', `用户名“${body.username}”已被使用`);
        throw e;
      }
    });
  }

  async function update(actor: AuthUser, id: number, body: UpdateUserBodyT, ip?: string): Promise<UserT> {
    return db.transaction(async (tx) => {
      const before = await getRow(id, tx);
      const placement = {
        branchId: body.branchId !== undefined ? body.branchId : before.branchId,
        sectionId: body.sectionId !== undefined ? body.sectionId : before.sectionId,
        groupId: body.groupId !== undefined ? body.groupId : before.groupId,
      };
      // Moving to another branch without naming a section drops the old section rather than leave it dangling.
      if (body.branchId !== undefined && body.sectionId === undefined && body.branchId !== before.branchId) placement.sectionId = null;
      await checkPlacement(tx, placement);
      if (body.roles && id === actor.id && before.roles.includes('admin') && !body.roles.includes('admin')) {
        throw new ConflictError('SELF_DEMOTION', '不能取消自己的管理员角色');
      }
      const rolesChanged = body.roles && [...body.roles].sort().join() !== [...before.roles].sort().join();
      const [row] = await tx
        .update(users)
        .set({
          ...(body.name !== undefined && { name: body.name }),
          ...(body.roles && { roles: body.roles as Role[] }),
          ...(body.title !== undefined && { title: body.title }),
          ...placement,
          ...(rolesChanged && { tokenVersion: sql`${users.tokenVersion} + 1` }),
          updatedAt: new Date(),
        })
        .where(eq(users.id, id))
        .returning();
      await syncPlacement(tx, id);
      const strip = ({ passwordHash: _p, ...r }: UserRow) => r;
      await audit(tx, { actorId: actor.id, action: 'user.update', entity: 'user', entityId: id, before: strip(before), after: strip(row), ip });
      return toUser(row);
    });
  }

  async function setActive(actor: AuthUser, id: number, active: boolean, ip?: string): Promise<UserT> {
    if (id === actor.id && !active) throw new ConflictError('SELF_DEACTIVATION', '不能停用自己的账号');
    return db.transaction(async (tx) => {
      const before = await getRow(id, tx);
      if (before.active === active) throw new ConflictError(active ? 'USER_ALREADY_ACTIVE' : 'USER_ALREADY_INACTIVE', active ? '该账号已是启用状态' : '该账号已停用');
      const [row] = await tx
        .update(users)
        .set({ active, tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: new Date() })
        .where(and(eq(users.id, id), eq(users.active, before.active)))
        .returning();
      if (!row) throw new ConflictError('USER_CHANGED', '该账号刚被其他人修改，请刷新后重试');
      await syncPlacement(tx, id);
      await audit(tx, { actorId: actor.id, action: active ? 'user.activate' : 'user.deactivate', entity: 'user', entityId: id, before: { active: before.active }, after: { active }, ip });
      return toUser(row);
    });
  }

  async function resetPassword(actor: AuthUser, id: number, password: string, ip?: string): Promise<UserT> {
    const target = await getRow(id);
    checkPassword('password', password, target.username);
    const passwordHash = await hashPassword(password);
    return db.transaction(async (tx) => {
      await getRow(id, tx);
      if (id === actor.id) throw new ForbiddenError('请在“修改密码”中修改自己的密码');
      const [row] = await tx
        .update(users)
        .set({ passwordHash, mustChangePassword: true, tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: new Date() })
        .where(eq(users.id, id))
        .returning();
      await audit(tx, { actorId: actor.id, action: 'user.reset_password', entity: 'user', entityId: id, ip });
      return toUser(row);
    });
  }

  return { list, get, getRow, create, update, setActive, resetPassword };
}
export type UsersService = ReturnType<typeof createUsersService>;
