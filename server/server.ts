import { buildApp } from './app';
import { bootstrap } from './bootstrap';
import { ConfigError, loadConfig } from './config';

let config;
try {
  config = loadConfig(process.env);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`配置错误：${e.message}`);
    process.exit(1);
  }
  throw e;
}

const boot = await bootstrap(config).catch((e: Error & { code?: string }) => {
  // A refused ADMIN_PASSWORD or an unreachable database: say so plainly and stop.
  console.error(`启动失败：${e.message}`);
  process.exit(1);
});
const app = await buildApp({ db: boot.handle.db, dbKind: boot.handle.kind, config });

// PGlite has no autovacuum: keep its statistics and free space in order ourselves (after start, then every 6 hours).
if (boot.handle.pglite) {
  const pg = boot.handle.pglite;
  const vacuum = () => pg.exec('vacuum analyze').catch((err) => app.log.warn({ err }, 'vacuum failed'));
  setTimeout(vacuum, 60_000).unref();
  setInterval(vacuum, 6 * 3600_000).unref();
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down: draining requests');
  // fastify.close() stops accepting and waits for in-flight requests.
  await app.close();
  await boot.handle.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await app.listen({ port: config.port, host: config.host });
console.log(`学习积分 已启动：http://localhost:${config.port}/  （数据库：${boot.handle.kind === 'embedded' ? `内嵌 PGlite，${config.dbDir}` : 'PostgreSQL'}）`);
