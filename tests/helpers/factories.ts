import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client';
import { orgUnits, users, type Role } from '../../db/schema';
import { hashPassword } from '../../server/lib/passwords';

export const PASSWORD = 'Xuexi-2026!';
let hashed: Promise<string> | undefined;
const passwordHash = () => (hashed ??= hashPassword(PASSWORD));

export interface TestOrg {
  unitId: number;
  b1: number;
  b2: number;
  s1a: number;
  s1b: number;
  s2a: number;
  g1: number;
  g2: number;
}

/** A small org: one unit, two branches, sections, two study groups. */
export async function seedOrg(db: Db): Promise<TestOrg> {
  const [unit] = await db.insert(orgUnits).values({ kind: 'unit', name: '测试县委组织部' }).returning();
  const [b1, b2] = await db.insert(orgUnits).values([
    { kind: 'branch', name: '第一党支部', parentId: unit.id },
    { kind: 'branch', name: '第二党支部', parentId: unit.id },
  ]).returning();
  const [s1a, s1b, s2a] = await db.insert(orgUnits).values([
    { kind: 'section', name: '组织科', parentId: b1.id },
    { kind: 'section', name: '干部科', parentId: b1.id },
    { kind: 'section', name: '人才科', parentId: b2.id },
  ]).returning();
  const [g1, g2] = await db.insert(orgUnits).values([
    { kind: 'group', name: '第一学习小组', parentId: unit.id },
    { kind: 'group', name: '第二学习小组', parentId: unit.id },
  ]).returning();
  return { unitId: unit.id, b1: b1.id, b2: b2.id, s1a: s1a.id, s1b: s1b.id, s2a: s2a.id, g1: g1.id, g2: g2.id };
}

let seq = 0;
export async function makeUser(
  db: Db,
  p: { roles: Role[]; branchId?: number | null; sectionId?: number | null; groupId?: number | null; username?: string; name?: string; active?: boolean; unitId?: number | null },
) {
  const username = p.username ?? `u${++seq}_${Math.random().toString(36).slice(2, 6)}`;
  const [row] = await db
    .insert(users)
    .values({
      username,
      name: p.name ?? `测试${username}`,
      passwordHash: await passwordHash(),
      roles: p.roles,
      unitId: p.unitId ?? null,
      branchId: p.branchId ?? null,
      sectionId: p.sectionId ?? null,
      groupId: p.groupId ?? null,
      active: p.active ?? true,
    })
    .returning();
  return row;
}

export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  return res.json().token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Makes a user and logs in: returns the row and ready headers. */
export async function actor(app: FastifyInstance, db: Db, p: Parameters<typeof makeUser>[1]) {
  const user = await makeUser(db, p);
  const token = await login(app, user.username);
  return { user, token, h: bearer(token) };
}
