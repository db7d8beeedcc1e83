import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import type { Db, DbKind } from '../db/client';
import type { Config } from './config';
import { systemClock, type Clock } from './lib/dates';
import type { AppContext } from './lib/context';
import { ErrorBody } from './lib/schemas';
import { sealAuditChain } from './lib/audit-verify';
import errorsPlugin from './plugins/errors';
import authPlugin from './plugins/auth';
import swaggerPlugin from './plugins/swagger';
import webPlugin from './plugins/web';
import health from './modules/health';
import auth from './modules/auth';
import org from './modules/org';
import usersModule from './modules/users';
import rules from './modules/rules';
import claimsModule from './modules/claims';
import publicity from './modules/publicity';
import results from './modules/results';
import bulletin from './modules/bulletin';
import weekly from './modules/weekly';
import auditModule from './modules/audit';
import notifications from './modules/notifications';

export interface BuildOptions {
  db: Db;
  dbKind: DbKind;
  config: Config;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** How often to seal the audit chain; 0 = never (tests seal explicitly through verify). */
  sealAuditEveryMs?: number;
}

/** The same options in production and in tests: tests call this very function. */
export const ajvOptions = {
  customOptions: { removeAdditional: true, useDefaults: true, coerceTypes: 'array' as const, allErrors: false },
};

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const ctx: AppContext = { db: opts.db, dbKind: opts.dbKind, config: opts.config, clock: opts.clock ?? systemClock };
  const app = Fastify({
    // ISO 8601 UTC timestamps: security events are read by people.
    logger: opts.logger ?? { level: opts.config.logLevel, timestamp: () => `,"time":"${new Date().toISOString()}"` },
    ajv: ajvOptions,
    trustProxy: opts.config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  });
  app.decorate('ctx', ctx);
  app.addSchema(ErrorBody);

  await app.register(errorsPlugin);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        // Element Plus sets inline styles; blob: for evidence previews.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'script-src': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(multipart, { limits: { fileSize: opts.config.uploadMaxBytes, files: 1, fields: 10 } });
  await app.register(swaggerPlugin);
  await app.register(authPlugin, { ctx });

  await app.register(health, { ctx });
  await app.register(auth, { ctx });
  await app.register(org, { ctx });
  await app.register(usersModule, { ctx });
  await app.register(rules, { ctx });
  await app.register(claimsModule, { ctx });
  await app.register(publicity, { ctx });
  await app.register(results, { ctx });
  await app.register(bulletin, { ctx });
  await app.register(weekly, { ctx });
  await app.register(auditModule, { ctx });
  await app.register(notifications, { ctx });

  await app.register(webPlugin, { webDir: opts.config.webDir });

  // Chain new audit rows a moment after they commit (every process tries; one seals at a time).
  if (opts.sealAuditEveryMs !== 0) {
    const timer = setInterval(() => {
      sealAuditChain(ctx.db).catch((err) => app.log.warn({ err }, 'audit seal failed'));
    }, opts.sealAuditEveryMs ?? 2000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
