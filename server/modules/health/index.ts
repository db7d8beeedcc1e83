import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../lib/context';

export const HealthBody = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  db: Type.Union([Type.Literal('embedded'), Type.Literal('postgres')]),
});

const health: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: '健康检查', response: { 200: HealthBody, 503: HealthBody } },
    },
    async (_req, reply) => {
      try {
        await ctx.db.execute(sql`select 1`);
        return { status: 'ok' as const, db: ctx.dbKind };
      } catch {
        return reply.status(503).send({ status: 'degraded' as const, db: ctx.dbKind });
      }
    },
  );
};
export default health;
