import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../lib/context';
import { BadRequestError } from '../../lib/errors';
import { IdParams, Page, errors } from '../../lib/schemas';
import { AdjustBody, Claim, ClaimDetail, CreateClaimBody, EvidenceInfo, ListClaimsQuery, ReasonBody, RecordBody, UpdateClaimBody } from './claims.schemas';
import { createClaimsService } from './claims.service';

const claimsModule: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const svc = createClaimsService(ctx);
  const tags = ['claims'];

  app.post('/api/claims', {
    config: { access: 'user' },
    schema: { tags, summary: '个人申报', body: CreateClaimBody, response: { 201: Claim, ...errors(400, 401, 403, 409) } },
  }, async (req, reply) => reply.status(201).send(await svc.create(req.auth, req.body, req.ip)));

  app.get('/api/claims', {
    config: { access: 'user' },
    schema: { tags, summary: '申报列表（本人；计分员、党支部、部领导看本支部；管理员看全部）', querystring: ListClaimsQuery, response: { 200: Page(Claim), ...errors(400, 401) } },
  }, (req) => svc.list(req.auth, req.query));

  app.get('/api/claims/:id', {
    config: { access: 'user' },
    schema: { tags, summary: '申报详情（含佐证材料和积分记录）', params: IdParams, response: { 200: ClaimDetail, ...errors(401, 404) } },
  }, (req) => svc.detail(req.auth, req.params.id));

  app.patch('/api/claims/:id', {
    config: { access: 'user' },
    schema: { tags, summary: '修改被退回的申报并重新提交（申报人）', params: IdParams, body: UpdateClaimBody, response: { 200: Claim, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.update(req.auth, req.params.id, req.body, req.ip));

  app.post('/api/claims/:id/withdraw', {
    config: { access: 'user' },
    schema: { tags, summary: '撤回申报（申报人，待记录或被退回时）', params: IdParams, response: { 200: Claim, ...errors(401, 403, 404, 409) } },
  }, (req) => svc.withdraw(req.auth, req.params.id, req.ip));

  app.post('/api/claims/:id/evidence', {
    config: { access: 'user' },
    schema: {
      tags, summary: '上传佐证材料（multipart，字段 file；图片、PDF、Office 文档）', consumes: ['multipart/form-data'], params: IdParams,
      response: { 201: EvidenceInfo, ...errors(400, 401, 403, 404, 409), 413: Type.Ref('ErrorBody') },
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new BadRequestError('NOT_MULTIPART', 'file: 请以 multipart/form-data 上传文件');
    const file = await req.file();
    if (!file) throw new BadRequestError('FILE_MISSING', 'file: 缺少文件');
    return reply.status(201).send(await svc.addEvidence(req.auth, req.params.id, file, req.ip));
  });

  app.get('/api/evidence/:id', {
    config: { access: 'user' },
    schema: { tags, summary: '下载佐证材料（可见该申报的人）', params: IdParams, response: { ...errors(401, 404) } },
  }, async (req, reply) => {
    const f = await svc.openEvidence(req.auth, req.params.id);
    const inline = f.row.mime.startsWith('image/') || f.row.mime === 'application/pdf';
    return reply
      .header('content-type', f.row.mime)
      .header('content-length', f.size)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=3600')
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(f.row.filename)}`)
      .send(f.stream);
  });

  app.post('/api/claims/:id/record', {
    config: { access: ['scorekeeper'] },
    schema: { tags, summary: '记录（计分员）；分值与申报不同须说明理由', params: IdParams, body: RecordBody, response: { 200: Claim, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.record(req.auth, req.params.id, req.body, req.ip));

  app.post('/api/claims/:id/return', {
    config: { access: ['scorekeeper'] },
    schema: { tags, summary: '退回修改（计分员）', params: IdParams, body: ReasonBody, response: { 200: Claim, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.decide(req.auth, req.params.id, 'returned', req.body.reason, req.ip));

  app.post('/api/claims/:id/reject', {
    config: { access: ['scorekeeper'] },
    schema: { tags, summary: '驳回（计分员）', params: IdParams, body: ReasonBody, response: { 200: Claim, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.decide(req.auth, req.params.id, 'rejected', req.body.reason, req.ip));

  app.post('/api/claims/:id/adjust', {
    config: { access: ['scorekeeper'] },
    schema: { tags, summary: '更正已记录/已审定的积分：追加一条有理由的调整记录', params: IdParams, body: AdjustBody, response: { 200: Claim, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.adjust(req.auth, req.params.id, req.body.points, req.body.reason, req.ip));

  app.post('/api/claims/:id/reverse', {
    config: { access: ['scorekeeper'] },
    schema: { tags, summary: '冲销该申报的全部分值（有理由的冲销记录）', params: IdParams, body: ReasonBody, response: { 200: Claim, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.reverse(req.auth, req.params.id, req.body.reason, req.ip));
};
export default claimsModule;
