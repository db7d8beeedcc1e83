import { readFileSync } from 'node:fs';
import { BadRequestError } from './errors';

const COMMON = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#')),
);

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** ASVS 5.0 §6.2: length 8–128 (any characters), not a common password, not the username. */
export function checkPassword(field: string, password: string, username?: string): void {
  const len = [...password].length;
  if (len < PASSWORD_MIN) throw new BadRequestError('PASSWORD_WEAK', `${field}: 密码至少 ${PASSWORD_MIN} 位`);
  if (len > PASSWORD_MAX) throw new BadRequestError('PASSWORD_WEAK', `${field}: 密码不能超过 ${PASSWORD_MAX} 位`);
  if (COMMON.has(password.toLowerCase())) throw new BadRequestError('PASSWORD_COMMON', `${field}: 这是常见密码，容易被猜中，请换一个`);
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    throw new BadRequestError('PASSWORD_WEAK', `${field}: 密码不能包含登录名`);
  }
}

export const commonPasswordCount = () => COMMON.size;
