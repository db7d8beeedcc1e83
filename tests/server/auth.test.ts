import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner } from 'fast-jwt';
import { createTestApp, type TestApp } from '../helpers/build-app';
import { PASSWORD, actor, bearer, login, makeUser, seedOrg, type TestOrg } from '../helpers/factories';
import { JWT_AUDIENCE, JWT_ISSUER } from '../../server/plugins/auth';

let t: TestApp;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestApp();
  org = await seedOrg(t.handle.db);
});
afterAll(() => t.close());

const err = (body: string) => JSON.parse(body) as { statusCode: number; code: string; error: string; message: string };

describe('health', () => {
  it('says ok and which database is in use, without auth', async () => {
    const res = await t.app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded' });
  });
});

describe('login', () => {
  it('returns a token and the user; the token opens /api/me', async () => {
    const u = await makeUser(t.handle.db, { roles: ['cadre', 'scorekeeper'], branchId: org.b1, sectionId: org.s1a, groupId: org.g1 });
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ id: u.id, username: u.username, name: u.name, roles: ['cadre', 'scorekeeper'] });
    expect(typeof body.token).toBe('string');
    const me = await t.app.inject({ url: '/api/me', headers: bearer(body.token) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: u.id, roles: ['cadre', 'scorekeeper'], branchId: org.b1, sectionId: org.s1a, groupId: org.g1, branchName: '第一党支部', sectionName: '组织科' });
  });

  it('gives the same 401 for an unknown user and a wrong password', async () => {
    const u = await makeUser(t.handle.db, { roles: ['cadre'] });
    const a = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'wrong-password' } });
    const b = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody-here', password: 'wrong-password' } });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(err(a.body)).toEqual(err(b.body));
    expect(err(a.body)).toMatchObject({ statusCode: 401, code: 'LOGIN_FAILED', error: 'Unauthorized' });
  });

  it('refuses a deactivated account like a wrong password', async () => {
    const u = await makeUser(t.handle.db, { roles: ['cadre'], active: false });
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: PASSWORD } });
    expect(res.statusCode).toBe(401);
  });

  it('rate limits repeated failures with 429, even with the right password afterwards', async () => {
    const u = await makeUser(t.handle.db, { roles: ['cadre'] });
    for (let i = 0; i < 5; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'nope-nope' } });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: PASSWORD } });
    expect(blocked.statusCode).toBe(429);
    expect(err(blocked.body).code).toBe('LOGIN_RATE_LIMITED');
    // The window passes: the right password works again.
    t.clock.advance(16 * 60_000);
    expect(await login(t.app, u.username)).toBeTypeOf('string');
  });

  it('names the missing field on bad input', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(err(res.body)).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(err(res.body).message).toContain('password');
    const junk = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{not json' });
    expect(junk.statusCode).toBe(400);
  });
});

describe('tokens', () => {
  it('401 without a token, with a forged one, an expired one, or another algorithm', async () => {
    const u = await makeUser(t.handle.db, { roles: ['cadre'] });
    expect((await t.app.inject('/api/me')).statusCode).toBe(401);
    const forged = createSigner({ key: 'not-the-secret-not-the-secret-123', iss: JWT_ISSUER, aud: JWT_AUDIENCE })({ sub: String(u.id), tv: 0 });
    expect((await t.app.inject({ url: '/api/me', headers: bearer(forged) })).statusCode).toBe(401);
    const expired = createSigner({ key: t.config.jwtSecret, iss: JWT_ISSUER, aud: JWT_AUDIENCE, expiresIn: 1000, clockTimestamp: Date.now() - 3600_000 })({ sub: String(u.id), tv: 0 });
    expect((await t.app.inject({ url: '/api/me', headers: bearer(expired) })).statusCode).toBe(401);
    const none = createSigner({ algorithm: 'none', iss: JWT_ISSUER, aud: JWT_AUDIENCE })({ sub: String(u.id), tv: 0 });
    expect((await t.app.inject({ url: '/api/me', headers: bearer(none) })).statusCode).toBe(401);
    const hs512 = createSigner({ key: t.config.jwtSecret, algorithm: 'HS512', iss: JWT_ISSUER, aud: JWT_AUDIENCE })({ sub: String(u.id), tv: 0 });
    expect((await t.app.inject({ url: '/api/me', headers: bearer(hs512) })).statusCode).toBe(401);
    const wrongAud = createSigner({ key: t.config.jwtSecret, iss: JWT_ISSUER, aud: 'someone-else' })({ sub: String(u.id), tv: 0 });
    expect((await t.app.inject({ url: '/api/me', headers: bearer(wrongAud) })).statusCode).toBe(401);
    // Control: the same claims as a real login, re-signed with the real key, are accepted.
    const real = JSON.parse(Buffer.from((await login(t.app, u.username)).split('.')[1], 'base64url').toString());
    const good = createSigner({ key: t.config.jwtSecret, iss: JWT_ISSUER, aud: JWT_AUDIENCE })({ sub: real.sub, tv: real.tv, sid: real.sid });
    expect((await t.app.inject({ url: '/api/me', headers: bearer(good) })).statusCode).toBe(200);
    const noSession = createSigner({ key: t.config.jwtSecret, iss: JWT_ISSUER, aud: JWT_AUDIENCE })({ sub: real.sub, tv: real.tv, sid: 'made-up' });
    expect((await t.app.inject({ url: '/api/me', headers: bearer(noSession) })).statusCode).toBe(401);
  });

  it('logout ends the session at once', async () => {
    const { h } = await actor(t.app, t.handle.db, { roles: ['cadre'] });
    expect((await t.app.inject({ url: '/api/me', headers: h })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: h })).statusCode).toBe(200);
    const after = await t.app.inject({ url: '/api/me', headers: h });
    expect(after.statusCode).toBe(401);
    expect(err(after.body).code).toBe('SESSION_ENDED');
  });

  it('changing the password requires the old one and issues a fresh token', async () => {
    const { user, h } = await actor(t.app, t.handle.db, { roles: ['cadre'] });
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: h, payload: { oldPassword: 'wrong', newPassword: 'Another-pass-1' } });
    expect(bad.statusCode).toBe(400);
    expect(err(bad.body).message).toContain('oldPassword');
    const short = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: h, payload: { oldPassword: PASSWORD, newPassword: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(err(short.body).message).toContain('newPassword');
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: h, payload: { oldPassword: PASSWORD, newPassword: 'Another-pass-1' } });
    expect(ok.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/me', headers: h })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/me', headers: bearer(ok.json().token) })).statusCode).toBe(200);
    expect(await login(t.app, user.username, 'Another-pass-1')).toBeTypeOf('string');
  });
});

describe('password policy', () => {
  it('refuses short, common and username-containing passwords, naming the field', async () => {
    const admin = await actor(t.app, t.handle.db, { roles: ['admin'] });
    const make = (password: string, username = 'newbie01') =>
      t.app.inject({ method: 'POST', url: '/api/users', headers: admin.h, payload: { username, name: '新人', password, roles: ['cadre'], branchId: org.b1, sectionId: org.s1a } });
    const short = await make('Ab1!xyz');
    expect(short.statusCode).toBe(400);
    expect(short.json().message).toContain('password');
    const common = await make('Password123');
    expect(common.statusCode).toBe(400);
    expect(common.json().code).toBe('PASSWORD_COMMON');
    expect((await make('woaini1314')).json().code).toBe('PASSWORD_COMMON');
    expect((await make('xx-newbie01-yy')).json().message).toContain('登录名');
    const long = await make('长'.repeat(64) + 'Aa1!');
    expect(long.statusCode).toBe(201);
    const { h } = await actor(t.app, t.handle.db, { roles: ['cadre'] });
    const change = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: h, payload: { oldPassword: PASSWORD, newPassword: 'qwerty123' } });
    expect(change.statusCode).toBe(400);
    expect(change.json().message).toContain('newPassword');
  });
});

describe('session timeouts', () => {
  it('ends a session after the inactivity timeout, keeps it alive while used', async () => {
    const idle = await createTestApp({ sessionIdleMs: 3000 });
    try {
      const u = await makeUser(idle.handle.db, { roles: ['cadre'] });
      const h = bearer(await login(idle.app, u.username));
      // Used every second for longer than the timeout: stays alive.
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        expect((await idle.app.inject({ url: '/api/me', headers: h })).statusCode).toBe(200);
      }
      await new Promise((r) => setTimeout(r, 3300));
      const res = await idle.app.inject({ url: '/api/me', headers: h });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('SESSION_IDLE');
    } finally {
      await idle.close();
    }
  });
});

describe('roles guard', () => {
  it('403 for a role that may not, 401 before 403', async () => {
    const { h } = await actor(t.app, t.handle.db, { roles: ['cadre', 'scorekeeper', 'leader'], branchId: org.b1 });
    const res = await t.app.inject({ method: 'POST', url: '/api/users', headers: h, payload: { username: 'abc', name: 'x', password: 'Xuexi-2026!', roles: ['cadre'], branchId: null, sectionId: null } });
    expect(res.statusCode).toBe(403);
    expect(err(res.body)).toMatchObject({ statusCode: 403, code: 'FORBIDDEN', error: 'Forbidden' });
    const anon = await t.app.inject({ method: 'POST', url: '/api/users', payload: {} });
    expect(anon.statusCode).toBe(401);
  });

  it('unknown API routes answer the error body with 404', async () => {
    const res = await t.app.inject('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(err(res.body)).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', error: 'Not Found' });
  });

  it('serves the OpenAPI document with every route', async () => {
    const res = await t.app.inject('/api/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/health', '/api/auth/login', '/api/me', '/api/org', '/api/users', '/api/users/{id}']) expect(doc.paths).toHaveProperty([p]);
  });
});

describe('security log', () => {
  it('logs failed logins, refused tokens and denied requests with user, address and UTC time', async () => {
    const { Writable } = await import('node:stream');
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({ write(chunk, _e, cb) { for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l)); cb(); } });
    const { buildApp } = await import('../../server/app');
    const app = await buildApp({ db: t.handle.db, dbKind: t.handle.kind, config: t.config, clock: t.clock.now, sealAuditEveryMs: 0, logger: { level: 'info', stream, timestamp: () => `,"time":"${new Date().toISOString()}"` } });
    try {
      const u = await makeUser(t.handle.db, { roles: ['cadre'] });
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'wrong-password' }, remoteAddress: '10.1.2.3' });
      const token = await login(app, u.username);
      await app.inject({ url: '/api/me', headers: bearer('garbage'), remoteAddress: '10.1.2.4' });
      await app.inject({ url: '/api/org/units', headers: bearer(token), remoteAddress: '10.1.2.5' });
      const sec = lines.filter((l) => l.security);
      expect(sec.find((l) => l.security === 'login_failed')).toMatchObject({ username: u.username, ip: '10.1.2.3' });
      expect(sec.find((l) => l.security === 'login')).toMatchObject({ username: u.username });
      expect(sec.find((l) => l.security === 'auth_failed')).toMatchObject({ ip: '10.1.2.4', url: '/api/me', code: 'TOKEN_INVALID' });
      expect(sec.find((l) => l.security === 'access_denied')).toMatchObject({ userId: u.id, username: u.username, ip: '10.1.2.5', url: '/api/org/units' });
      for (const l of sec) expect(String(l.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    } finally {
      await app.close();
    }
  });
});

describe('limits', () => {
  it('throttles probing of unknown routes with 429 and the error body', async () => {
    let last = 0;
    for (let i = 0; i < 61; i++) last = (await t.app.inject({ url: `/api/probe-${i}`, remoteAddress: '10.9.8.7' })).statusCode;
    expect(last).toBe(429);
    const r = await t.app.inject({ url: '/api/probe-x', remoteAddress: '10.9.8.7' });
    expect(r.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    // Another client is not affected, and known routes are not throttled.
    expect((await t.app.inject({ url: '/api/probe-y', remoteAddress: '10.9.8.6' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/health', remoteAddress: '10.9.8.7' })).statusCode).toBe(200);
  });

  it('refuses bodies over the limit with 413 and the error body', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: 'y'.repeat(1_100_000) } });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('sends security headers with a CSP that allows inline styles but not inline scripts', async () => {
    const r = await t.app.inject('/api/health');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
