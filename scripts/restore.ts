// npm run restore -- file.jsonl.gz — restores a backup into an empty database (a fresh DATA_DIR, or an empty DATABASE_URL).
import { existsSync } from 'node:fs';
import { createDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { restore } from '../db/backup';
import { loadConfig } from '../server/config';

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.error('用法：npm run restore -- <备份文件.jsonl.gz>（目标数据库须为空：新的 DATA_DIR 或空的 DATABASE_URL）');
  process.exit(1);
}
const config = loadConfig(process.env);
const handle = await createDb({ url: config.databaseUrl, dataDir: config.dbDir });
await runMigrations(handle);
const r = await restore(handle.db, file, (t, n) => process.stderr.write(`\r${t} ${n} 行        `));
await handle.close();
console.log(`\n恢复完成：${r.tables} 张表，${r.rows} 行`);
