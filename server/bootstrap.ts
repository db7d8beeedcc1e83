import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createDb, type DbHandle } from '../db/client';
import { runMigrations } from '../db/migrate';
import { hasAdmin, hasAnyUser, seedDemo } from '../db/seed/demo';
import { demoSteps } from '../db/seed/steps';
import { users } from '../db/schema';
import type { Config } from './config';
import { hashPassword } from './lib/passwords';
import { checkPassword } from './lib/password-policy';
import { systemClock, type Clock } from './lib/dates';

export interface Boot {
  handle: DbHandle;
  seeded: boolean;
  /** Set when the server had to invent the admin password (no ADMIN_PASSWORD, no demo). */
  generatedAdminPassword?: string;
}

/** Opens the database, migrates, seeds the demo department on an empty database when asked, and makes sure an admin exists. */
export async function bootstrap(config: Config, opts: { clock?: Clock; log?: (m: string) => void } = {}): Promise<Boot> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const clock = opts.clock ?? systemClock;
  if (config.adminPassword) checkPassword('ADMIN_PASSWORD', config.adminPassword, 'admin');
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dbDir });
  await runMigrations(handle);
  let seeded = false;
  if (config.seedDemo && !(await hasAnyUser(handle.db))) {
    const t = Date.now();
    await seedDemo(handle.db, { adminPassword: config.adminPassword, hash: hashPassword, now: clock(), log, extraSteps: demoSteps });
    log(`演示单位已生成（${((Date.now() - t) / 1000).toFixed(1)} 秒）`);
    seeded = true;
  }
  let generatedAdminPassword: string | undefined;
  if (!(await hasAdmin(handle.db))) {
    const password = config.adminPassword ?? (generatedAdminPassword = randomBytes(12).toString('base64url'));
    const taken = await handle.db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = 'admin'`);
    if (taken.length) throw new Error('a user named "admin" exists but no active admin: fix the roles by hand');
    await handle.db.insert(users).values({
      username: 'admin', name: '系统管理员', passwordHash: await hashPassword(password), roles: ['admin'],
      mustChangePassword: !config.adminPassword,
    });
    log(generatedAdminPassword ? `已创建管理员 admin，初始密码：${generatedAdminPassword}（首次登录须修改）` : '已创建管理员 admin（密码取自 ADMIN_PASSWORD）');
  }
  return { handle, seeded, generatedAdminPassword };
}
