import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../lib/context';
import { IdParams, errors } from '../../lib/schemas';
import { CreateOrgUnitBody, OrgTree, OrgUnit, UpdateOrgUnitBody } from './org.schemas';
import { createOrgService } from './org.service';

const org: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const svc = createOrgService(ctx);
  const tags = ['org'];

  app.get('/api/org', {
    config: { access: 'user' },
    schema: { tags, summary: '组织架构：党支部、科室、学习小组', response: { 200: OrgTree, ...errors(401) } },
  }, () => svc.tree());

  app.get('/api/org/units', {
    config: { access: ['admin'] },
    schema: { tags, summary: '全部组织单元（含停用）', response: { 200: Type.Object({ items: Type.Array(OrgUnit), total: Type.Integer() }), ...errors(401, 403) } },
  }, async () => {
    const items = await svc.list();
    return { items, total: items.length };
  });

  app.post('/api/org/units', {
    config: { access: ['admin'] },
    schema: { tags, summary: '新建党支部、科室或学习小组', body: CreateOrgUnitBody, response: { 201: OrgUnit, ...errors(400, 401, 403, 409) } },
  }, async (req, reply) => reply.status(201).send(await svc.create(req.auth, req.body, req.ip)));

  app.patch('/api/org/units/:id', {
    config: { access: ['admin'] },
    schema: { tags, summary: '修改组织单元（改名、排序、停用）', params: IdParams, body: UpdateOrgUnitBody, response: { 200: OrgUnit, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.update(req.auth, req.params.id, req.body, req.ip));
};
export default org;
