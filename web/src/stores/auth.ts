import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as authApi from '../api/auth';
import type { LoginReply, Me, Role } from '../api/types';

const TOKEN_KEY = 'xxjf.token';

function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | null>(readToken());
  const me = ref<Me | null>(null);

  const isLoggedIn = computed(() => !!token.value);
  const roles = computed<Role[]>(() => me.value?.roles ?? []);
  const mustChangePassword = computed(() => !!me.value?.mustChangePassword);

  function hasRole(...wanted: Role[]): boolean {
    return wanted.some((r) => roles.value.includes(r));
  }

  function setToken(value: string | null) {
    token.value = value;
    try {
      if (value) localStorage.setItem(TOKEN_KEY, value);
      else localStorage.removeItem(TOKEN_KEY);
    } catch {
      // Private mode without storage: the session lives in memory only.
    }
  }

  /** Forget the session locally (no request): used on 401 and after logout. */
  function clear() {
    setToken(null);
    me.value = null;
  }

  async function fetchMe(): Promise<Me> {
    me.value = await authApi.fetchMe();
    return me.value;
  }

  async function login(username: string, password: string): Promise<Me> {
    const reply = await authApi.login(username, password);
    setToken(reply.token);
    return fetchMe();
  }

  /** A password change ends the old sessions: keep the new token it returns. */
  async function changePassword(oldPassword: string, newPassword: string): Promise<LoginReply> {
    const reply = await authApi.changePassword(oldPassword, newPassword);
    setToken(reply.token);
    await fetchMe();
    return reply;
  }

  async function logout() {
    try {
      if (token.value) await authApi.logout();
    } catch {
      // Logging out must always succeed locally, even if the server is unreachable.
    } finally {
      clear();
    }
  }

  return { token, me, isLoggedIn, roles, mustChangePassword, hasRole, setToken, clear, fetchMe, login, changePassword, logout };
});
