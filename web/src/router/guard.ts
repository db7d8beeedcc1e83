import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router';
import type { Role } from '../api/types';

export interface SessionState {
  loggedIn: boolean;
  mustChangePassword: boolean;
  roles: readonly Role[];
}

type Target = Pick<RouteLocationNormalized, 'name' | 'fullPath' | 'meta'>;

/**
 * Where a navigation may go, in priority order: sign in, then the forced password
 * change, then the role check. Pure, so it is tested without a router.
 */
export function decide(to: Target, s: SessionState): true | RouteLocationRaw {
  if (to.meta.public) {
    if (to.name === 'login' && s.loggedIn) return { name: 'home' };
    return true;
  }
  if (!s.loggedIn) {
    return { name: 'login', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  if (s.mustChangePassword && to.name !== 'password') return { name: 'password' };
  const need = to.meta.roles;
  if (need && need.length > 0 && !need.some((r) => s.roles.includes(r))) return { name: 'forbidden' };
  return true;
}

/** Only same-site paths are followed after login (no open redirect). */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}
