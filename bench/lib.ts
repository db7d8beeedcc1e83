import postgres from 'postgres';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function parseArgs(argv: string[]) {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=');
    if (v !== undefined) out[k] = v;
    else if (argv[i + 1] && !argv[i + 1].startsWith('--')) out[k] = argv[++i];
    else out[k] = true;
  }
  return out;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates (or re-creates) a database on the server behind adminUrl and returns its URL. */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  return withDatabase(adminUrl, name);
}

/** A progress bar on stderr that redraws in place (or prints lines when not a TTY). */
export function progress(label: string, total: number) {
  const start = Date.now();
  let last = 0;
  return {
    tick(done: number) {
      const now = Date.now();
      if (now - last < 250 && done < total) return;
      last = now;
      const pct = Math.min(1, done / total);
      const bar = '█'.repeat(Math.round(pct * 30)).padEnd(30, '░');
      const rate = done / Math.max(0.001, (now - start) / 1000);
      const line = `${label} ${bar} ${(pct * 100).toFixed(0).padStart(3)}% ${done.toLocaleString()}/${total.toLocaleString()} ${Math.round(rate).toLocaleString()} 行/秒`;
      if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
      else if (done === total || now - start > 0) process.stderr.write(`${line}\n`);
    },
    done(done = total) {
      this.tick(done);
      if (process.stderr.isTTY) process.stderr.write('\n');
      return (Date.now() - start) / 1000;
    },
  };
}

export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function percentile(sorted: number[], p: number) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
