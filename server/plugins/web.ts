import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Serves the built web app at / with history-mode fallback; /api stays JSON. */
export default fp(async function webPlugin(app: FastifyInstance, opts: { webDir: string }) {
  const index = join(opts.webDir, 'index.html');
  if (!existsSync(index)) {
    app.log.warn({ webDir: opts.webDir }, 'web build missing: only the API is served');
    return;
  }
  await app.register(fastifyStatic, {
    root: opts.webDir,
    prefix: '/',
    // The file list is read once at start: restart the server after rebuilding the web app.
    wildcard: false,
    index: false,
    setHeaders(res, path) {
      // Hashed assets never change; index.html must always be fresh.
      if (path.includes('/assets/')) res.header('cache-control', 'public, max-age=31536000, immutable');
      else res.header('cache-control', 'no-cache');
    },
  });
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, (req, reply) => {
    const path = req.url.split('?')[0];
    if (path.startsWith('/api/')) {
      return reply.status(404).send({ statusCode: 404, code: 'NOT_FOUND', error: 'Not Found', message: `没有这个接口：${req.method} ${path}` });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
});
