import { randomUUID } from 'node:crypto';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import type { FastifyInstance } from 'fastify';
import { alias } from 'drizzle-orm/pg-core';
import { loginAttempts, orgUnits, sessions, users } from '../../../db/schema';
import type { AppContext, AuthUser } from '../../lib/context';
import { audit } from '../../lib/audit';
import { BadRequestError, TooManyRequestsError, UnauthorizedError } from '../../lib/errors';
import { dummyHash, hashPassword, verifyPassword } from '../../lib/passwords';
import { checkPassword } from '../../lib/password-policy';
import type { LoginReplyT, MeT } from './auth.schemas';

/** Failed logins allowed per username, and per client address, within the window. */
export const LOGIN_LIMITS = { windowMinutes: 15, perUser: 5, perIp: 30 };

export function createAuthService(ctx: AppContext, app: FastifyInstance) {
  const { db, clock } = ctx;

  /** A new session row and its token; the token's exp is the absolute timeout. */
  async function issue(tx: Executor, u: { id: number; tokenVersion: number }, ip: string, userAgent?: string) {
    const sid = randomUUID();
    const token = app.jwt.sign({ sub: String(u.id), tv: u.tokenVersion, sid });
    const { exp } = app.jwt.decode<{ exp: number }>(token)!;
    const expiresAt = new Date(exp * 1000);
    await tx.insert(sessions).values({ id: sid, userId: u.id, createdAt: new Date(), lastSeenAt: new Date(), expiresAt, ip, userAgent: userAgent?.slice(0, 200) ?? null });
    return { token, expiresAt: expiresAt.toISOString() };
  }

  async function login(usernameRaw: string, password: string, ip: string, userAgent?: string): Promise<LoginReplyT> {
    try {
      const r = await loginOrThrow(usernameRaw, password, ip, userAgent);
      app.log.info({ security: 'login', username: r.user.username, userId: r.user.id, ip }, 'login succeeded');
      return r;
    } catch (e) {
      app.log.warn({ security: 'login_failed', username: usernameRaw.slice(0, 64), ip, code: (e as { code?: string }).code }, 'login refused');
      throw e;
    }
  }

  async function loginOrThrow(usernameRaw: string, password: string, ip: string, userAgent?: string): Promise<LoginReplyT> {
    const username = usernameRaw.trim().toLowerCase();
    const since = new Date(clock().getTime() - LOGIN_LIMITS.windowMinutes * 60_000);
    const [counts] = await db
      .select({
        byUser: sql<number>`count(*) filter (where ${loginAttempts.username} = ${username})::int`,
        byIp: sql<number>`count(*) filter (where ${loginAttempts.ip} = ${ip})::int`,
      })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.success, false), gte(loginAttempts.at, since), sql`(${loginAttempts.username} = ${username} or ${loginAttempts.ip} = ${ip})`));
    if (Number(counts.byUser) >= LOGIN_LIMITS.perUser || Number(counts.byIp) >= LOGIN_LIMITS.perIp) {
      throw new TooManyRequestsError(`登录失败次数过多，请 ${LOGIN_LIMITS.windowMinutes} 分钟后再试`, 'LOGIN_RATE_LIMITED');
    }
    const [u] = await db.select().from(users).where(sql`lower(${users.username}) = ${username}`);
    const ok = u ? await verifyPassword(u.passwordHash, password) : (await verifyPassword(await dummyHash(), password), false);
    if (!u || !ok || !u.active) {
      await db.insert(loginAttempts).values({ username, ip, success: false, at: clock() });
      // Same answer for unknown user, wrong password and disabled account.
      throw new UnauthorizedError('用户名或密码错误', 'LOGIN_FAILED');
    }
    const issued = await db.transaction(async (tx) => {
      await tx.insert(loginAttempts).values({ username, ip, success: true, at: clock() });
      await tx.update(users).set({ lastLoginAt: clock() }).where(eq(users.id, u.id));
      return issue(tx, u, ip, userAgent);
    });
    return {
      ...issued,
      user: { id: u.id, username: u.username, name: u.name, roles: u.roles, mustChangePassword: u.mustChangePassword },
    };
  }

  async function me(auth: AuthUser): Promise<MeT> {
    const unit = alias(orgUnits, 'unit');
    const branch = alias(orgUnits, 'branch');
    const section = alias(orgUnits, 'section');
    const group = alias(orgUnits, 'grp');
    const [r] = await db
      .select({ u: users, unitName: unit.name, branchName: branch.name, sectionName: section.name, groupName: group.name })
      .from(users)
      .leftJoin(unit, eq(unit.id, users.unitId))
      .leftJoin(branch, eq(branch.id, users.branchId))
      .leftJoin(section, eq(section.id, users.sectionId))
      .leftJoin(group, eq(group.id, users.groupId))
      .where(eq(users.id, auth.id));
    const u = r.u;
    return {
      id: u.id, username: u.username, name: u.name, roles: u.roles, unitId: u.unitId, branchId: u.branchId, sectionId: u.sectionId, groupId: u.groupId,
      unitName: r.unitName, branchName: r.branchName, sectionName: r.sectionName, groupName: r.groupName, title: u.title, mustChangePassword: u.mustChangePassword,
    };
  }

  /** Ends every session of this user (all devices): the token version moves on. */
  async function logout(auth: AuthUser, ip: string): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.update(users).set({ tokenVersion: sql`${users.tokenVersion} + 1` }).where(eq(users.id, auth.id));
      await audit(tx, { actorId: auth.id, action: 'auth.logout', entity: 'user', entityId: auth.id, ip });
    });
  }

  async function changePassword(auth: AuthUser, oldPassword: string, newPassword: string, ip: string): Promise<LoginReplyT> {
    const [u] = await db.select().from(users).where(eq(users.id, auth.id));
    if (!(await verifyPassword(u.passwordHash, oldPassword))) throw new BadRequestError('OLD_PASSWORD_WRONG', 'oldPassword: 原密码不正确');
    if (oldPassword === newPassword) throw new BadRequestError('PASSWORD_UNCHANGED', 'newPassword: 新密码不能与原密码相同');
    checkPassword('newPassword', newPassword, u.username);
    const passwordHash = await hashPassword(newPassword);
    const { row, issued } = await db.transaction(async (tx) => {
      const [row] = await tx
        .update(users)
        .set({ passwordHash, mustChangePassword: false, tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: new Date() })
        .where(eq(users.id, auth.id))
        .returning();
      await audit(tx, { actorId: auth.id, action: 'auth.change_password', entity: 'user', entityId: auth.id, ip });
      // Other sessions end (token version); this one continues with a fresh token.
      return { row, issued: await issue(tx, row, ip) };
    });
    return {
      ...issued,
      user: { id: row.id, username: row.username, name: row.name, roles: row.roles, mustChangePassword: false },
    };
  }

  return { login, me, logout, changePassword };
}
