import { and, asc, eq, sql } from 'drizzle-orm';
import { orgUnits, users, type OrgUnitRow } from '../../../db/schema';
import { rows, type Executor } from '../../../db/client';
import type { AppContext, AuthUser } from '../../lib/context';
import { audit } from '../../lib/audit';
import { ConflictError, NotFoundError, fieldError } from '../../lib/errors';
import type { CreateOrgUnitBodyT, OrgTreeT, OrgUnitT, UpdateOrgUnitBodyT } from './org.schemas';

export function createOrgService(ctx: AppContext) {
  const { db } = ctx;

  async function all(ex: Executor = db): Promise<OrgUnitRow[]> {
    return ex.select().from(orgUnits).orderBy(asc(orgUnits.sortOrder), asc(orgUnits.id));
  }

  async function tree(): Promise<OrgTreeT> {
    const units = (await all()).filter((u) => u.active);
    const unit = units.find((u) => u.kind === 'unit') ?? null;
    return {
      unit: unit && { id: unit.id, name: unit.name },
      branches: units
        .filter((u) => u.kind === 'branch')
        .map((b) => ({
          id: b.id,
          name: b.name,
          sections: units.filter((s) => s.kind === 'section' && s.parentId === b.id).map((s) => ({ id: s.id, name: s.name })),
        })),
      groups: units.filter((u) => u.kind === 'group').map((g) => ({ id: g.id, name: g.name })),
    };
  }

  async function list(): Promise<OrgUnitT[]> {
    const counts = await rows<{ id: number; n: number }>(db, sql`
      select o.id, (select count(*)::int from users u where u.active
        and (u.branch_id = o.id or u.section_id = o.id or u.group_id = o.id or u.unit_id = o.id)) as n
      from org_units o`);
    const byId = new Map(counts.map((c) => [Number(c.id), Number(c.n)]));
    return (await all()).map((u) => ({
      id: u.id, kind: u.kind, name: u.name, parentId: u.parentId, sortOrder: u.sortOrder, active: u.active, memberCount: byId.get(u.id) ?? 0,
    }));
  }

  async function get(id: number, ex: Executor = db): Promise<OrgUnitRow> {
    const [u] = await ex.select().from(orgUnits).where(eq(orgUnits.id, id));
    if (!u) throw new NotFoundError('组织单元不存在');
    return u;
  }

  async function create(actor: AuthUser, body: CreateOrgUnitBodyT, ip?: string): Promise<OrgUnitT> {
    return db.transaction(async (tx) => {
      let parentId = body.parentId ?? null;
      const [root] = await tx.select().from(orgUnits).where(eq(orgUnits.kind, 'unit')).limit(1);
      if (body.kind === 'section') {
        if (!parentId) throw fieldError('parentId', '科室必须属于一个党支部');
        const parent = await tx.select().from(orgUnits).where(eq(orgUnits.id, parentId));
        if (!parent[0] || parent[0].kind !== 'branch') throw fieldError('parentId', '上级必须是党支部');
      } else {
        if (parentId && parentId !== root?.id) throw fieldError('parentId', '党支部和学习小组直接属于本单位');
        parentId = root?.id ?? null;
      }
      const dup = await tx
        .select({ id: orgUnits.id })
        .from(orgUnits)
        .where(and(eq(orgUnits.kind, body.kind), eq(orgUnits.name, body.name), parentId ? eq(orgUnits.parentId, parentId) : sql`parent_id is null`));
      if (dup.length) throw new ConflictError('ORG_UNIT_EXISTS', `同级已有名为“${body.name}”的组织`);
      const [row] = await tx.insert(orgUnits).values({ kind: body.kind, name: body.name, parentId, sortOrder: body.sortOrder ?? 0 }).returning();
      await audit(tx, { actorId: actor.id, action: 'org.create', entity: 'org_unit', entityId: row.id, after: row, ip });
      return { id: row.id, kind: row.kind, name: row.name, parentId: row.parentId, sortOrder: row.sortOrder, active: row.active, memberCount: 0 };
    });
  }

  async function update(actor: AuthUser, id: number, body: UpdateOrgUnitBodyT, ip?: string): Promise<OrgUnitT> {
    return db.transaction(async (tx) => {
      const before = await get(id, tx);
      if (before.kind === 'unit' && body.active === false) throw new ConflictError('ORG_UNIT_ROOT', '不能停用本单位');
      if (body.active === false) {
        const [{ n }] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(users)
          .where(and(eq(users.active, true), sql`(${users.branchId} = ${id} or ${users.sectionId} = ${id} or ${users.groupId} = ${id})`));
        if (Number(n) > 0) throw new ConflictError('ORG_UNIT_NOT_EMPTY', `该组织还有 ${n} 名在册人员，请先调整人员后再停用`);
      }
      const [row] = await tx
        .update(orgUnits)
        .set({ ...body, updatedAt: new Date() })
        .where(eq(orgUnits.id, id))
        .returning();
      await audit(tx, { actorId: actor.id, action: 'org.update', entity: 'org_unit', entityId: id, before, after: row, ip });
      return { id: row.id, kind: row.kind, name: row.name, parentId: row.parentId, sortOrder: row.sortOrder, active: row.active, memberCount: 0 };
    });
  }

  return { tree, list, get, create, update, all };
}
export type OrgService = ReturnType<typeof createOrgService>;
