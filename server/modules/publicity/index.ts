import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../lib/context';
import { IdParams, errors } from '../../lib/schemas';
import {
  Approval, ApprovalBody, ListApprovalsQuery, ListObjectionsQuery, ListPublicityQuery, Objection, ObjectionBody, Preview, PreviewQuery, Publication,
  PublicationSummary, PublishBody, Readiness, ReadinessQuery, RuleBody, SupplementBody,
} from './publicity.schemas';
import { createPublicityService } from './publicity.service';

const publicity: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const svc = createPublicityService(ctx);
  const tags = ['publicity'];

  app.post('/api/publicity', {
    config: { access: ['scorekeeper'] },
    schema: { tags, summary: '每月通报公示（计分员）；公示期默认 5 个工作日', body: PublishBody, response: { 201: Publication, ...errors(400, 401, 403, 409) } },
  }, async (req, reply) => reply.status(201).send(await svc.publish(req.auth, req.body)));

  app.get('/api/publicity/preview', {
    config: { access: ['scorekeeper', 'branch', 'leader', 'admin'] },
    schema: { tags, summary: '公示预览：若现在发布将显示的名单，以及迟录的积分', querystring: PreviewQuery, response: { 200: Preview, ...errors(400, 401, 403) } },
  }, (req) => svc.preview(req.auth, req.query));

  app.get('/api/publicity', {
    config: { access: 'user' },
    schema: { tags, summary: '公示列表（本支部）', querystring: ListPublicityQuery, response: { 200: Type.Object({ items: Type.Array(PublicationSummary), total: Type.Integer() }), ...errors(400, 401, 403) } },
  }, (req) => svc.list(req.auth, req.query));

  app.get('/api/publicity/:id', {
    config: { access: 'user' },
    schema: { tags, summary: '公示详情：名单、积分明细、异议', params: IdParams, response: { 200: Publication, ...errors(401, 404) } },
  }, (req) => svc.get(req.auth, req.params.id));

  app.post('/api/publicity/:id/supplement', {
    config: { access: ['scorekeeper'] },
    schema: { tags, summary: '补充公示：该月公示后才记录的积分', params: IdParams, body: SupplementBody, response: { 201: Publication, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await svc.supplement(req.auth, req.params.id, req.body)));

  app.post('/api/publicity/:id/objections', {
    config: { access: 'user' },
    schema: { tags, summary: '对公示中的一条积分提出异议（本支部党员，公示期内）', params: IdParams, body: ObjectionBody, response: { 201: Objection, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await svc.object(req.auth, req.params.id, req.body)));

  app.get('/api/objections', {
    config: { access: 'user' },
    schema: { tags, summary: '异议列表', querystring: ListObjectionsQuery, response: { 200: Type.Object({ items: Type.Array(Objection), total: Type.Integer() }), ...errors(400, 401, 403) } },
  }, (req) => svc.listObjections(req.auth, req.query));

  app.post('/api/objections/:id/rule', {
    config: { access: ['branch'] },
    schema: { tags, summary: '裁定异议（党支部；不能是提出人或被异议人）；成立则以冲销记录更正', params: IdParams, body: RuleBody, response: { 200: Objection, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.rule(req.auth, req.params.id, req.body));

  app.get('/api/approvals/readiness', {
    config: { access: 'user' },
    schema: { tags, summary: '季度审定前还差什么', querystring: ReadinessQuery, response: { 200: Readiness, ...errors(400, 401, 403) } },
  }, (req) => svc.readiness(req.auth, req.query));

  app.post('/api/approvals', {
    config: { access: ['branch'] },
    schema: { tags, summary: '每季度审定（党支部）；审定后该季度积分为最终结果', body: ApprovalBody, response: { 201: Approval, ...errors(400, 401, 403, 409) } },
  }, async (req, reply) => reply.status(201).send(await svc.approve(req.auth, req.body)));

  app.get('/api/approvals', {
    config: { access: 'user' },
    schema: { tags, summary: '审定记录', querystring: ListApprovalsQuery, response: { 200: Type.Object({ items: Type.Array(Approval), total: Type.Integer() }), ...errors(400, 401, 403) } },
  }, (req) => svc.listApprovals(req.auth, req.query));
};
export default publicity;
