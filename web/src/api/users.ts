import { http } from './http';
import type { CreateUserBody, ListUsersQuery, UpdateUserBody, User, UserPage } from './types';

export const listUsers = (query: ListUsersQuery = {}) => http.get<UserPage>('/users', query);
export const getUser = (id: number) => http.get<User>(`/users/${id}`);
export const createUser = (body: CreateUserBody) => http.post<User>('/users', body);
export const updateUser = (id: number, body: UpdateUserBody) => http.patch<User>(`/users/${id}`, body);
export const deactivateUser = (id: number) => http.post<User>(`/users/${id}/deactivate`);
export const activateUser = (id: number) => http.post<User>(`/users/${id}/activate`);
export const resetUserPassword = (id: number, password: string) => http.post<User>(`/users/${id}/reset-password`, { password });
