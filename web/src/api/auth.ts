import { http } from './http';
import type { Health, LoginReply, Me } from './types';

export const login = (username: string, password: string) =>
  // The login form shows the refusal itself, next to the fields.
  http.post<LoginReply>('/auth/login', { username, password }, { silent: true });
export const fetchMe = () => http.get<Me>('/me');
export const logout = () => http.post<{ ok: boolean }>('/auth/logout', {}, { silent: true });
export const changePassword = (oldPassword: string, newPassword: string) =>
  http.post<LoginReply>('/auth/password', { oldPassword, newPassword }, { silent: true });
export const health = () => http.get<Health>('/health', undefined, { silent: true });
