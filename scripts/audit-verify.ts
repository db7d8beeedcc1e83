// npm run audit:verify — walks the audit log's hash chain and reports the first break (exit 1 if broken).
import { createDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { loadConfig } from '../server/config';
import { verifyAuditChain } from '../server/lib/audit-verify';

const config = loadConfig(process.env);
const handle = await createDb({ url: config.databaseUrl, dataDir: config.dbDir });
await runMigrations(handle);
const r = await verifyAuditChain(handle.db);
await handle.close();
if (r.ok) console.log(`审计链完好：${r.rows} 条记录，末条序号 ${r.headSeq}，哈希 ${r.headHash}`);
else console.error(`审计链断裂：第 ${r.firstBreak!.seq} 条（id ${r.firstBreak!.id}）${r.firstBreak!.reason}`);
process.exit(r.ok ? 0 : 1);
