import type { Role } from '../api/types';
import { t } from '../locales';

export const ALL_ROLES: Role[] = ['cadre', 'scorekeeper', 'branch', 'leader', 'editor', 'admin'];
export const roleName = (r: Role) => t(`roles.${r}`);
export const roleTagType = (r: Role) =>
  (({ admin: 'danger', leader: 'warning', branch: 'success', scorekeeper: 'primary', editor: 'info', cadre: 'info' }) as const)[r];
