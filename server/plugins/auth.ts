import fp from 'fastify-plugin';
import jwt from '@fastify/jwt';
import { and, eq, lt } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sessions, users } from '../../db/schema';
import { ForbiddenError, UnauthorizedError } from '../lib/errors';
import type { Access, AppContext, AuthUser } from '../lib/context';

export const JWT_ISSUER = 'xuexi-jifen';
export const JWT_AUDIENCE = 'xuexi-jifen-web';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string; tv: number; sid: string };
    user: AuthUser;
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** 'METHOD /api/path/:param' → who may call it, as each route declares. */
    routeAccess: Map<string, Access>;
  }
  interface FastifyRequest {
    /** Set by the auth hook on every non-public route. */
    auth: AuthUser;
  }
}

export default fp(async function authPlugin(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  await app.register(jwt, {
    secret: ctx.config.jwtSecret,
    sign: { algorithm: 'HS256', expiresIn: ctx.config.jwtExpiresIn, iss: JWT_ISSUER, aud: JWT_AUDIENCE },
    verify: { algorithms: ['HS256'], allowedIss: JWT_ISSUER, allowedAud: JWT_AUDIENCE },
  });
  app.decorateRequest('auth', null as unknown as AuthUser);

  // Every /api route must say who may call it; a route that forgets fails at start, not in production.
  const routeAccess = new Map<string, Access>();
  app.decorate('routeAccess', routeAccess);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api') || route.url.startsWith('/api/docs')) return;
    if (route.method === 'HEAD' || route.method === 'OPTIONS') return;
    if (!route.config?.access) throw new Error(`route ${route.method} ${route.url} has no config.access`);
    for (const m of [route.method].flat()) routeAccess.set(`${m} ${route.url}`, route.config.access);
  });

  async function authenticate(req: FastifyRequest): Promise<AuthUser> {
    try {
      return await authenticateOrThrow(req);
    } catch (e) {
      // Every refused request is logged with the address and the reason (time is in the log line, UTC).
      req.log.warn({ security: 'auth_failed', ip: req.ip, method: req.method, url: req.url, code: (e as { code?: string }).code }, 'authentication failed');
      throw e;
    }
  }

  async function authenticateOrThrow(req: FastifyRequest): Promise<AuthUser> {
    const header = req.headers.authorization;
    if (!header || !/^Bearer\s+\S+/i.test(header)) throw new UnauthorizedError('未登录：缺少 Authorization: Bearer 令牌');
    let payload: { sub: string; tv: number; sid: string };
    try {
      payload = await req.jwtVerify<{ sub: string; tv: number; sid: string }>();
    } catch {
      throw new UnauthorizedError('登录已过期或令牌无效，请重新登录', 'TOKEN_INVALID');
    }
    const id = Number(payload.sub);
    if (!Number.isInteger(id) || typeof payload.sid !== 'string') throw new UnauthorizedError('令牌无效', 'TOKEN_INVALID');
    const [u] = await ctx.db
      .select({
        id: users.id, username: users.username, name: users.name, roles: users.roles, active: users.active,
        tokenVersion: users.tokenVersion, unitId: users.unitId, branchId: users.branchId, sectionId: users.sectionId, groupId: users.groupId,
        lastSeenAt: sessions.lastSeenAt, revokedAt: sessions.revokedAt, expiresAt: sessions.expiresAt,
      })
      .from(users)
      .innerJoin(sessions, and(eq(sessions.id, payload.sid), eq(sessions.userId, users.id)))
      .where(eq(users.id, id));
    if (!u || !u.active || u.tokenVersion !== payload.tv || u.revokedAt) throw new UnauthorizedError('会话已失效，请重新登录', 'SESSION_ENDED');
    const now = Date.now();
    if (now >= u.expiresAt.getTime()) throw new UnauthorizedError('登录已过期，请重新登录', 'SESSION_ENDED');
    if (now - u.lastSeenAt.getTime() > ctx.config.sessionIdleMs) {
      throw new UnauthorizedError(`超过 ${Math.round(ctx.config.sessionIdleMs / 60_000) || 1} 分钟未操作，请重新登录`, 'SESSION_IDLE');
    }
    // Keep the session alive without a write on every request.
    const touchEvery = Math.min(60_000, ctx.config.sessionIdleMs / 4);
    if (now - u.lastSeenAt.getTime() > touchEvery) {
      await ctx.db.update(sessions).set({ lastSeenAt: new Date(now) }).where(and(eq(sessions.id, payload.sid), lt(sessions.lastSeenAt, new Date(now))));
    }
    const { active: _a, tokenVersion: _t, lastSeenAt: _l, revokedAt: _r, expiresAt: _e, ...user } = u;
    return user;
  }

  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access || access === 'public') return;
    req.auth = await authenticate(req);
    if (access === 'user') return;
    if (!access.some((r) => req.auth.roles.includes(r))) {
      req.log.warn({ security: 'access_denied', userId: req.auth.id, username: req.auth.username, roles: req.auth.roles, ip: req.ip, method: req.method, url: req.url }, 'access denied');
      throw new ForbiddenError();
    }
  });
});
