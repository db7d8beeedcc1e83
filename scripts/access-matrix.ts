// Prints a starting access matrix from the live routes' config.access (npx tsx scripts/access-matrix.ts).
// The table in server/access-matrix.ts is the reviewed policy; this only helps write new rows.
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createDb } from '../db/client';

const roles = ['cadre', 'scorekeeper', 'branch', 'leader', 'editor', 'admin'] as const;
const h = await createDb({});
const app = await buildApp({ db: h.db, dbKind: h.kind, config: loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/xj-matrix', WEB_DIR: '/nonexistent' }), logger: false, sealAuditEveryMs: 0 });
const lines: string[] = [];
await app.ready();
const accessOf = app.routeAccess;
const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
const routes = app.printRoutes({ commonPrefix: false });
void routes;
for (const [path, ops] of Object.entries(doc.paths)) {
  for (const method of Object.keys(ops)) {
    const fastifyPath = path.replace(/\{([^}]+)\}/g, ':$1');
    const access = accessOf.get(`${method.toUpperCase()} ${fastifyPath}`);
    const key = `${method.toUpperCase()} ${path}`;
    if (access === 'public') lines.push(`  '${key}': 'public',`);
    else if (access === 'user') lines.push(`  '${key}': all('scoped'),`);
    else if (Array.isArray(access)) lines.push(`  '${key}': only(${access.map((a) => `'${a}'`).join(', ')}),`);
  }
}
console.log(lines.join('\n'));
await app.close();
await h.close();
void roles;
