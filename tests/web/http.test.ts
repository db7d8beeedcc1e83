import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';

vi.mock('element-plus', () => ({ ElMessage: { error: vi.fn(), success: vi.fn(), warning: vi.fn() } }));

import { ElMessage } from 'element-plus';
import { ApiError, buildUrl, http } from '../../web/src/api/http';
import { useAuthStore } from '../../web/src/stores/auth';
import { router } from '../../web/src/router';
import type { Me } from '../../web/src/api/types';

const admin: Me = {
  id: 1, username: 'admin', name: '系统管理员', roles: ['admin'], unitId: 1, branchId: null, sectionId: null, groupId: null,
  unitName: '宿松县委组织部', branchName: null, sectionName: null, groupName: null, title: null, mustChangePassword: false,
};

function reply(status: number, body: unknown) {
  return vi.fn(async () => new Response(body === undefined ? '' : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
}
const errorBody = (statusCode: number, code: string, message: string) => ({ statusCode, code, error: 'x', message });

beforeEach(async () => {
  setActivePinia(createPinia());
  localStorage.clear();
  vi.mocked(ElMessage.error).mockClear();
  vi.unstubAllGlobals();
});

describe('http client', () => {
  it('sends the bearer token and drops empty query values', async () => {
    const auth = useAuthStore();
    auth.setToken('tok-1');
    const fetchMock = reply(200, { items: [], total: 0 });
    vi.stubGlobal('fetch', fetchMock);
    await http.get('/users', { q: '', branchId: 2, role: undefined, active: false });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/users?branchId=2&active=false');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok-1');
  });

  it('shows the API message on a 4xx refusal and rejects with its code', async () => {
    useAuthStore().setToken('tok-1');
    vi.stubGlobal('fetch', reply(409, errorBody(409, 'USERNAME_TAKEN', '登录名已被使用')));
    const err = await http.post('/users', { username: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(409);
    expect((err as ApiError).code).toBe('USERNAME_TAKEN');
    expect(ElMessage.error).toHaveBeenCalledWith('登录名已被使用');
    // A 409 is not a lost session.
    expect(useAuthStore().token).toBe('tok-1');
  });

  it('stays quiet when the caller opts out', async () => {
    vi.stubGlobal('fetch', reply(400, errorBody(400, 'BAD_INPUT', 'password：至少 8 位')));
    await expect(http.post('/auth/password', {}, { silent: true })).rejects.toMatchObject({ message: 'password：至少 8 位' });
    expect(ElMessage.error).not.toHaveBeenCalled();
  });

  it('maps a network failure to a Chinese message', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    await expect(http.get('/me')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
    expect(ElMessage.error).toHaveBeenCalledWith('网络连接失败，请稍后重试');
  });

  it('on 401 with a session: clears it and sends to /login?redirect=<where the person was>', async () => {
    const auth = useAuthStore();
    auth.setToken('dead-token');
    auth.me = admin;
    await router.push('/admin/users');
    expect(router.currentRoute.value.name).toBe('admin-users');

    vi.stubGlobal('fetch', reply(401, errorBody(401, 'UNAUTHORIZED', '登录已过期')));
    await expect(http.get('/users')).rejects.toMatchObject({ status: 401 });

    expect(auth.token).toBeNull();
    expect(auth.me).toBeNull();
    expect(localStorage.getItem('xxjf.token')).toBeNull();
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'));
    expect(router.currentRoute.value.query.redirect).toBe('/admin/users');
    expect(ElMessage.error).toHaveBeenCalledWith('登录已失效，请重新登录');
  });

  it('on 401 without a session (wrong password at login): no redirect, the caller shows the message', async () => {
    const auth = useAuthStore();
    vi.stubGlobal('fetch', reply(401, errorBody(401, 'BAD_CREDENTIALS', '登录名或密码错误')));
    await expect(auth.login('zhangwei', 'nope')).rejects.toMatchObject({ message: '登录名或密码错误' });
    expect(auth.token).toBeNull();
    expect(ElMessage.error).not.toHaveBeenCalled();
  });

  it('login stores the token and loads /api/me', async () => {
    const auth = useAuthStore();
    const fetchMock = vi.fn(async (url: string) =>
      url === '/api/auth/login'
        ? new Response(JSON.stringify({ token: 'new', expiresAt: '2030-01-01T00:00:00Z', user: { ...admin } }), { status: 200 })
        : new Response(JSON.stringify(admin), { status: 200 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    await auth.login('admin', 'Demo@2026');
    expect(auth.token).toBe('new');
    expect(localStorage.getItem('xxjf.token')).toBe('new');
    expect(auth.hasRole('admin')).toBe(true);
    expect(auth.hasRole('cadre', 'leader')).toBe(false);
  });

  it('buildUrl keeps the /api base', () => {
    expect(buildUrl('/org')).toBe('/api/org');
  });
});
