// npm start: build the web app if it is missing, then run the server (TypeScript through tsx).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const webDir = resolve(process.env.WEB_DIR || 'dist/web');
if (!existsSync(resolve(webDir, 'index.html'))) {
  console.log('未找到前端构建，正在构建（vite build）…');
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/server.ts'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
