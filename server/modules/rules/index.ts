import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/context';
import { IdParams, errors } from '../../lib/schemas';
import { AddItemBody, RuleItem, RuleSet, RuleSetInput, RuleYears, RulesQuery } from './rules.schemas';
import { createRulesService } from './rules.service';

const rules: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const svc = createRulesService(ctx);
  const tags = ['rules'];

  app.get('/api/rules', {
    config: { access: 'user' },
    schema: { tags, summary: '某年度积分管理办法', querystring: RulesQuery, response: { 200: RuleSet, ...errors(400, 401, 404) } },
  }, (req) => svc.get(req.query.year));

  app.get('/api/rules/years', {
    config: { access: 'user' },
    schema: { tags, summary: '已制定积分管理办法的年度', response: { 200: RuleYears, ...errors(401) } },
  }, () => svc.years());

  app.post('/api/rules', {
    config: { access: ['admin'] },
    schema: { tags, summary: '制定或整体替换某年度积分管理办法（已有记录积分的年度不可替换）', body: RuleSetInput, response: { 201: RuleSet, ...errors(400, 401, 403, 409) } },
  }, async (req, reply) => reply.status(201).send(await svc.put(req.auth, req.body, req.ip)));

  app.post('/api/rules/items', {
    config: { access: ['admin'] },
    schema: { tags, summary: '为某年度新增积分项目', body: AddItemBody, response: { 201: RuleItem, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => {
    const { year, ...item } = req.body;
    return reply.status(201).send(await svc.addItem(req.auth, year, item, req.ip));
  });

  app.post('/api/rules/items/:id/retire', {
    config: { access: ['admin'] },
    schema: { tags, summary: '停用积分项目（历史不变，不再可申报）', params: IdParams, response: { 200: RuleItem, ...errors(401, 403, 404) } },
  }, (req) => svc.setItemActive(req.auth, req.params.id, false, req.ip));

  app.post('/api/rules/items/:id/restore', {
    config: { access: ['admin'] },
    schema: { tags, summary: '恢复已停用的积分项目', params: IdParams, response: { 200: RuleItem, ...errors(401, 403, 404) } },
  }, (req) => svc.setItemActive(req.auth, req.params.id, true, req.ip));
};
export default rules;
