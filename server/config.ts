import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Config {
  env: 'production' | 'development' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** Set → a real PostgreSQL server; unset → embedded PGlite under dataDir/db. */
  databaseUrl?: string;
  /** Embedded database directory; undefined = in memory (tests). */
  dbDir?: string;
  evidenceDir: string;
  jwtSecret: string;
  jwtExpiresIn: string;
  /** Without a request for this long a session ends (inactivity timeout). The JWT's exp is the absolute one. */
  sessionIdleMs: number;
  adminPassword?: string;
  seedDemo: boolean;
  webDir: string;
  uploadMaxBytes: number;
  logLevel: string;
  trustProxy: boolean;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

/** A random secret kept beside the data, so restarts keep sessions but no two installs share one. */
function dataDirSecret(dataDir: string): string {
  const file = join(dataDir, '.jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const dataDir = resolve(env.DATA_DIR || './data');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  if (nodeEnv === 'production') {
    if (!env.JWT_SECRET || env.JWT_SECRET.length < 32) throw new ConfigError('JWT_SECRET (at least 32 characters) is required when NODE_ENV=production');
    if (!env.ADMIN_PASSWORD) throw new ConfigError('ADMIN_PASSWORD is required when NODE_ENV=production');
  }
  const config: Config = {
    env: nodeEnv,
    port: int(env, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    dataDir,
    databaseUrl,
    dbDir: databaseUrl ? undefined : join(dataDir, 'db'),
    evidenceDir: resolve(env.EVIDENCE_DIR || join(dataDir, 'evidence')),
    jwtSecret: overrides.jwtSecret ?? env.JWT_SECRET ?? dataDirSecret(dataDir),
    jwtExpiresIn: env.JWT_EXPIRES_IN || '8h',
    sessionIdleMs: int(env, 'SESSION_IDLE_MINUTES', 30) * 60_000,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    seedDemo: env.SEED_DEMO ? env.SEED_DEMO === '1' || env.SEED_DEMO === 'true' : !databaseUrl,
    webDir: resolve(env.WEB_DIR || 'dist/web'),
    uploadMaxBytes: int(env, 'UPLOAD_MAX_MB', 10) * 1024 * 1024,
    logLevel: env.LOG_LEVEL || (nodeEnv === 'production' ? 'info' : 'warn'),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
  };
  return { ...config, ...overrides };
}
