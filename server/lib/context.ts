import type { Db, DbKind } from '../../db/client';
import type { Config } from '../config';
import type { Clock } from './dates';
import type { Role } from '../../db/schema';

/** What every service is built from: passed in, never global. */
export interface AppContext {
  db: Db;
  dbKind: DbKind;
  config: Config;
  clock: Clock;
}

export interface AuthUser {
  id: number;
  username: string;
  name: string;
  roles: Role[];
  unitId: number | null;
  branchId: number | null;
  sectionId: number | null;
  groupId: number | null;
}

/** Who may reach a route: anyone, any signed-in user, or signed-in users holding one of the roles. */
export type Access = 'public' | 'user' | Role[];

export const hasRole = (u: AuthUser, ...roles: Role[]) => roles.some((r) => u.roles.includes(r));
