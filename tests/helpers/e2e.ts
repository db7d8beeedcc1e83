// Browser-test helpers: one real server (embedded DB, demo department) and headless Chromium.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SHOTS_DIR = join(ROOT, 'tests/.artifacts/screenshots');
export const DEMO_PASSWORD = 'Demo@2026';

/**
 * Skip only when Chromium is absent and nobody asked for E2E; with E2E=1 a missing
 * browser must fail the run instead of passing silently.
 */
export function e2eSkipReason(): string | null {
  if (existsSync(CHROMIUM)) return null;
  if (process.env.E2E === '1') return null; // launchBrowser() will fail loudly
  return `浏览器测试已跳过：找不到 ${CHROMIUM}（设 E2E=1 则缺少浏览器时报错）`;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

export function ensureWebBuild() {
  if (existsSync(join(ROOT, 'dist/web/index.html')) && process.env.E2E_REBUILD !== '1') return;
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`web build failed (exit ${r.status})`);
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** Hash of everything that shapes a freshly seeded database: migrations, seed and server code, and today's date. */
function seedKey(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|sql|json)$/.test(name)) h.update(p).update(readFileSync(p));
    }
  };
  walk(join(ROOT, 'db'));
  walk(join(ROOT, 'server'));
  h.update(new Date().toISOString().slice(0, 10));
  return h.digest('hex').slice(0, 16);
}

/**
 * Seeding the demo department takes ~30 s on PGlite: do it once per code version and copy the
 * stopped server's data directory for every browser-test server.
 */
async function seededTemplate(): Promise<string> {
  const dir = join(tmpdir(), `xxjf-e2e-template-${seedKey()}`);
  if (existsSync(join(dir, 'db'))) return dir;
  // Templates of older code versions are of no further use.
  for (const old of readdirSync(tmpdir()).filter((n) => n.startsWith('xxjf-e2e-template-'))) rmSync(join(tmpdir(), old), { recursive: true, force: true });
  const work = mkdtempSync(join(tmpdir(), 'xxjf-e2e-seeding-'));
  const srv = await launch(work);
  await srv.stop(false);
  rmSync(dir, { recursive: true, force: true });
  renameSync(work, dir);
  return dir;
}

export async function startServer(): Promise<RunningServer> {
  ensureWebBuild();
  const template = await seededTemplate();
  const dataDir = mkdtempSync(join(tmpdir(), 'xxjf-e2e-'));
  cpSync(template, dataDir, { recursive: true });
  return launch(dataDir);
}

async function launch(dataDir: string): Promise<RunningServer & { stop(remove?: boolean): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let started = false;
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
    if (output.includes('已启动')) started = true;
  });
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));

  const url = `http://127.0.0.1:${port}`;
  const stop = async (remove = true) => {
    if (exited === null) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    }
    if (remove) rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (exited !== null) {
      await stop();
      throw new Error(`server exited (${exited}) before it was ready:\n${output}`);
    }
    if (started) {
      try {
        const res = await fetch(`${url}/api/health`);
        if (res.status === 200) return { url, stop };
      } catch {
        // not listening yet
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`server not ready within 180 s:\n${output}`);
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`E2E=1 but Chromium is missing at ${CHROMIUM}`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const file = join(SHOTS_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Sign in through the login form, as a person would. */
export async function loginAs(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('登录名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
}
