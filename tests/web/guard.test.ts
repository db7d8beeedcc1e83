import { describe, expect, it } from 'vitest';
import type { RouteMeta } from 'vue-router';
import { decide, safeRedirect, type SessionState } from '../../web/src/router/guard';
import { buildMenu } from '../../web/src/router/menu';
import { moduleSlots } from '../../web/src/router/modules';

const to = (name: string, fullPath: string, meta: RouteMeta = {}) => ({ name, fullPath, meta });
const cadre: SessionState = { loggedIn: true, mustChangePassword: false, roles: ['cadre'] };
const admin: SessionState = { loggedIn: true, mustChangePassword: false, roles: ['admin'] };
const anon: SessionState = { loggedIn: false, mustChangePassword: false, roles: [] };

describe('route guard', () => {
  it('sends a visitor to login, remembering where they were going', () => {
    expect(decide(to('admin-users', '/admin/users?q=张', { roles: ['admin'] }), anon)).toEqual({ name: 'login', query: { redirect: '/admin/users?q=张' } });
    expect(decide(to('home', '/'), anon)).toEqual({ name: 'login', query: {} });
  });

  it('lets anyone see public pages, but a signed-in person skips the login page', () => {
    expect(decide(to('login', '/login', { public: true }), anon)).toBe(true);
    expect(decide(to('login', '/login', { public: true }), cadre)).toEqual({ name: 'home' });
  });

  it('forces the password change before anything else, even before the role check', () => {
    const s = { ...cadre, mustChangePassword: true };
    expect(decide(to('home', '/'), s)).toEqual({ name: 'password' });
    expect(decide(to('admin-users', '/admin/users', { roles: ['admin'] }), s)).toEqual({ name: 'password' });
    expect(decide(to('password', '/password'), s)).toBe(true);
  });

  it('refuses a page the roles do not allow with the 403 page', () => {
    expect(decide(to('admin-users', '/admin/users', { roles: ['admin'] }), cadre)).toEqual({ name: 'forbidden' });
    expect(decide(to('admin-users', '/admin/users', { roles: ['admin'] }), admin)).toBe(true);
    expect(decide(to('x', '/x', { roles: ['leader', 'admin'] }), { ...cadre, roles: ['cadre', 'leader'] })).toBe(true);
    expect(decide(to('home', '/'), cadre)).toBe(true);
  });

  it('follows only same-site redirects after login', () => {
    expect(safeRedirect('/admin/org')).toBe('/admin/org');
    expect(safeRedirect('//evil.example')).toBe('/');
    expect(safeRedirect('https://evil.example')).toBe('/');
    expect(safeRedirect(undefined)).toBe('/');
  });
});

describe('menu', () => {
  it('shows admin pages only to admins', () => {
    // Feature modules add their own entries; what matters here is where the admin pages show.
    const admin = buildMenu(['admin']).map((m) => m.title);
    expect(admin[0]).toBe('首页');
    expect(admin.slice(-4)).toEqual(['人员管理', '组织架构', '积分管理办法', '审计日志']);
    const others = buildMenu(['cadre', 'leader']).map((m) => m.title);
    expect(others[0]).toBe('首页');
    for (const title of ['人员管理', '组织架构', '积分管理办法', '审计日志']) expect(others).not.toContain(title);
  });

  it('shows a module slot only once it has routes, to its roles', () => {
    const slot = moduleSlots.find((s) => s.key === 'scoring')!;
    slot.routes.push({ path: 'scoring', component: { render: () => null }, meta: { title: 'modules.scoring', roles: ['scorekeeper'] } });
    try {
      expect(buildMenu(['scorekeeper', 'cadre']).map((m) => m.title)).toContain('计分工作台');
      expect(buildMenu(['cadre']).map((m) => m.title)).not.toContain('计分工作台');
    } finally {
      slot.routes.length = 0;
    }
  });
});
