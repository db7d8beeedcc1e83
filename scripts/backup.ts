// npm run backup [-- file.jsonl.gz] — a consistent logical backup of the database in use (embedded: stop the server first).
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { backup } from '../db/backup';
import { loadConfig } from '../server/config';

const config = loadConfig(process.env);
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const file = resolve(process.argv[2] ?? join(config.dataDir, 'backups', `xuexi-jifen-${stamp}.jsonl.gz`));
mkdirSync(dirname(file), { recursive: true });
const handle = await createDb({ url: config.databaseUrl, dataDir: config.dbDir }).catch((e) => {
  console.error(`无法打开数据库（内嵌数据库须先停止服务）：${e.message}`);
  process.exit(1);
});
await runMigrations(handle);
let last = '';
const r = await backup(handle.db, file, (t, n) => {
  if (t !== last) process.stderr.write(`\n${t} `);
  last = t;
  process.stderr.write(`\r${t} ${n} 行`);
});
await handle.close();
console.log(`\n备份完成：${r.tables} 张表，${r.rows} 行 → ${file}`);
