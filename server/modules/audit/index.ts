import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { auditLog, users } from '../../../db/schema';
import type { AppContext } from '../../lib/context';
import { Id, errors } from '../../lib/schemas';
import { sealAuditChain, verifyAuditChain } from '../../lib/audit-verify';

export const ChainReport = Type.Object({
  ok: Type.Boolean(), rows: Type.Integer(), headSeq: Type.Union([Type.Integer(), Type.Null()]), headHash: Type.Union([Type.String(), Type.Null()]),
  firstBreak: Type.Union([Type.Object({ seq: Type.Integer(), id: Type.Integer(), reason: Type.String() }), Type.Null()]),
  checkedAt: Type.String({ format: 'date-time' }),
});
export const AuditEntry = Type.Object({
  id: Type.Integer(), seq: Type.Union([Type.Integer(), Type.Null()]), at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.Integer(), Type.Null()]), actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(), entity: Type.String(), entityId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(), after: Type.Unknown(), ip: Type.Union([Type.String(), Type.Null()]), hash: Type.Union([Type.String(), Type.Null()]),
});
export const AuditQuery = Type.Object({
  entity: Type.Optional(Type.String({ maxLength: 40 })), entityId: Type.Optional(Type.String({ maxLength: 40 })), actorId: Type.Optional(Id),
  beforeId: Type.Optional(Id), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export const AuditList = Type.Object({ items: Type.Array(AuditEntry), total: Type.Integer() });

const audit: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tags = ['audit'];
  app.get('/api/audit/verify', {
    config: { access: ['admin'] },
    schema: { tags, summary: '校验审计日志的哈希链，报告第一处断裂', response: { 200: ChainReport, ...errors(401, 403) } },
  }, async () => ({ ...(await verifyAuditChain(ctx.db)), checkedAt: ctx.clock().toISOString() }));

  app.get('/api/audit', {
    config: { access: ['admin'] },
    schema: { tags, summary: '审计日志（新的在前，按 beforeId 翻页）', querystring: AuditQuery, response: { 200: AuditList, ...errors(400, 401, 403) } },
  }, async (req) => {
    await sealAuditChain(ctx.db);
    const q = req.query;
    const conds: (SQL | undefined)[] = [
      q.entity ? eq(auditLog.entity, q.entity) : undefined,
      q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
      q.actorId ? eq(auditLog.actorId, q.actorId) : undefined,
      q.beforeId ? lt(auditLog.id, q.beforeId) : undefined,
    ];
    const r = await ctx.db
      .select({ a: auditLog, actorName: users.name })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(and(...conds))
      .orderBy(desc(auditLog.id))
      .limit(q.limit ?? 50);
    const items = r.map(({ a, actorName }) => ({ ...a, at: a.at.toISOString(), actorName, before: a.before ?? null, after: a.after ?? null }));
    return { items: items.map(({ prevHash: _p, ...x }) => x), total: items.length };
  });
};
export default audit;
