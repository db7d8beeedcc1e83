/**
 * Web part of the benchmark: built JS/CSS per route (gzipped) from the Vite manifest, and the time from
 * opening the leader's dashboard to a usable page (ranking table and charts drawn) in headless chromium
 * on the demo department.   npx tsx bench/web.ts   (builds first if dist/web is missing)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, ensureWebBuild, launchBrowser, loginAs, startServer } from '../tests/helpers/e2e';

interface Chunk { file: string; src?: string; isEntry?: boolean; isDynamicEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[] }

export async function measureWeb() {
  if (!existsSync(join(ROOT, 'dist/web/.vite/manifest.json'))) process.env.E2E_REBUILD = '1';
  ensureWebBuild();
  const dist = join(ROOT, 'dist/web');
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
  const gz = (f: string) => gzipSync(readFileSync(join(dist, f))).length;
  const closure = (key: string, seen = new Set<string>()) => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const i of manifest[key]?.imports ?? []) closure(i, seen);
    return seen;
  };
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry)!;
  const initial = closure(entryKey);
  const sizeOf = (keys: Iterable<string>) => {
    let js = 0;
    let css = 0;
    for (const k of keys) {
      js += gz(manifest[k].file);
      for (const c of manifest[k].css ?? []) css += gz(c);
    }
    return { js, css };
  };
  const init = sizeOf(initial);
  const routes = Object.entries(manifest)
    .filter(([, c]) => c.isDynamicEntry && c.src?.startsWith('src/views/'))
    .map(([k, c]) => {
      const own = [...closure(k)].filter((x) => !initial.has(x));
      return { route: c.src!.replace('src/views/', ''), ...sizeOf(own) };
    })
    .sort((a, b) => b.js - a.js);

  // Time to a usable dashboard: leader opens 排行榜/驾驶舱 until the ranking rows and the charts are drawn.
  const server = await startServer();
  const browser = await launchBrowser();
  const times: number[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, server.url, 'buzhang');
    for (let i = 0; i < 4; i++) {
      if (i === 0) await page.context().clearCookies();
      const t0 = Date.now();
      await page.goto(`${server.url}/dashboard`);
      await page.locator('.el-table__row').first().waitFor({ timeout: 30_000 });
      await page.locator('canvas').first().waitFor({ timeout: 30_000 });
      times.push(Date.now() - t0);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return { initial: init, routes, dashboardMs: times };
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
export function webReport(w: Awaited<ReturnType<typeof measureWeb>>) {
  const sorted = [...w.dashboardMs].slice(1).sort((a, b) => a - b);
  return [
    `- 首次加载（入口及其静态依赖，gzip）：JS ${kb(w.initial.js)}，CSS ${kb(w.initial.css)}`,
    `- 领导驾驶舱可用时间（打开 /dashboard 到排行表与图表画出，无头 chromium，演示数据）：首次 ${w.dashboardMs[0]} ms，之后中位数 ${sorted[Math.floor(sorted.length / 2)]} ms`,
    '',
    '| 页面（按需加载） | JS gzip | CSS gzip |',
    '|---|---:|---:|',
    ...w.routes.map((r) => `| ${r.route} | ${kb(r.js)} | ${kb(r.css)} |`),
  ].join('\n');
}

if (process.argv[1]?.endsWith('web.ts')) {
  if (!existsSync('/usr/bin/chromium')) throw new Error('needs /usr/bin/chromium');
  console.log(webReport(await measureWeb()));
}
