// Times a full bootstrap (migrate + demo seed) into a temp directory: `npx tsx scripts/seed-check.ts`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap } from '../server/bootstrap';
import { loadConfig } from '../server/config';

const dir = mkdtempSync(join(tmpdir(), 'xj-seed-'));
const t = Date.now();
const boot = await bootstrap(loadConfig({ DATA_DIR: dir, NODE_ENV: 'development' }), { log: (m) => console.log(`${((Date.now() - t) / 1000).toFixed(1)}s ${m}`) });
await boot.handle.close();
console.log(`done in ${((Date.now() - t) / 1000).toFixed(1)} s → ${dir}`);
