import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import { orgUnits } from '../../../db/schema';
import type { AppContext } from '../../lib/context';
import { IdParams, errors } from '../../lib/schemas';
import { createPublicityService } from '../publicity/publicity.service';
import { Annual, AnnualQuery, Archive, ArchiveQuery, Rankings, RankingsQuery, RegisterQuery, Summary, SummaryQuery, Talk, TalkBody, TalksQuery, Weekly, WeeklyQuery, YearParams } from './results.schemas';
import { createResultsService } from './results.service';
import { XLSX_MIME, contentDisposition, createExports } from './exports';

const results: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const svc = createResultsService(ctx);
  const publicity = createPublicityService(ctx);
  const xlsx = createExports(ctx);
  const tags = ['results'];
  const file = { 200: Type.String({ format: 'binary', description: 'xlsx 文件' }) };

  app.get('/api/rankings', {
    config: { access: 'user' },
    schema: { tags, summary: '排行榜：按人、科室或学习小组；年度计上限，季度/月度为当期记录分值', querystring: RankingsQuery, response: { 200: Rankings, ...errors(400, 401) } },
  }, (req) => svc.rankings(req.query));

  app.get('/api/annual/:year', {
    config: { access: ['scorekeeper', 'branch', 'leader', 'admin'] },
    schema: { tags, summary: '年度结果：排名、约谈名单、评优资格、奖励候选', params: YearParams, querystring: AnnualQuery, response: { 200: Annual, ...errors(400, 401, 403, 404) } },
  }, (req) => svc.annual(req.auth, req.params.year, req.query.branchId));

  app.get('/api/people/:id/summary', {
    config: { access: 'user' },
    schema: { tags, summary: '个人积分概况：板块进度、月度走势、排名、年底预测', params: IdParams, querystring: SummaryQuery, response: { 200: Summary, ...errors(400, 401, 404) } },
  }, (req) => svc.summary(req.auth, req.params.id, req.query.year));

  app.get('/api/people/:id/archive', {
    config: { access: 'user' },
    schema: { tags, summary: '一人一档', params: IdParams, querystring: ArchiveQuery, response: { 200: Archive, ...errors(400, 401, 404) } },
  }, (req) => svc.archive(req.auth, req.params.id, req.query.year));

  app.get('/api/stats/weekly', {
    config: { access: ['scorekeeper', 'branch', 'leader', 'admin'] },
    schema: { tags, summary: '每周统计：本周每人/每科室的申报、记入积分和处理件数', querystring: WeeklyQuery, response: { 200: Weekly, ...errors(400, 401, 403) } },
  }, (req) => svc.weekly(req.auth, req.query));

  app.get('/api/talks', {
    config: { access: 'user' },
    schema: { tags, summary: '约谈记录', querystring: TalksQuery, response: { 200: Type.Object({ items: Type.Array(Talk), total: Type.Integer() }), ...errors(400, 401, 403) } },
  }, (req) => svc.listTalks(req.auth, req.query));

  app.post('/api/talks', {
    config: { access: ['branch', 'leader', 'admin'] },
    schema: { tags, summary: '登记约谈（约谈名单中的人员）', body: TalkBody, response: { 201: Talk, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await svc.addTalk(req.auth, req.body, req.ip)));

  app.get('/api/exports/register', {
    config: { access: ['scorekeeper', 'branch', 'leader', 'admin'] },
    schema: { tags: ['exports'], summary: '导出积分登记表（Excel）', querystring: RegisterQuery, response: { ...file, ...errors(400, 401, 403) } },
  }, async (req, reply) => {
    const f = await xlsx.register(req.auth, req.query);
    return reply.header('content-type', XLSX_MIME).header('content-disposition', contentDisposition(f.filename)).send(f.buffer as never);
  });

  app.get('/api/exports/publicity/:id', {
    config: { access: 'user' },
    schema: { tags: ['exports'], summary: '导出公示名单（Excel）', params: IdParams, response: { ...file, ...errors(401, 404) } },
  }, async (req, reply) => {
    const f = await xlsx.publication(await publicity.get(req.auth, req.params.id));
    return reply.header('content-type', XLSX_MIME).header('content-disposition', contentDisposition(f.filename)).send(f.buffer as never);
  });

  app.get('/api/exports/annual/:year', {
    config: { access: ['scorekeeper', 'branch', 'leader', 'admin'] },
    schema: { tags: ['exports'], summary: '导出年度结果（Excel）', params: YearParams, querystring: AnnualQuery, response: { ...file, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => {
    const a = await svc.annual(req.auth, req.params.year, req.query.branchId);
    const branchId = svc.resultsBranch(req.auth, req.query.branchId);
    const [b] = branchId ? await ctx.db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, branchId)) : [];
    const f = await xlsx.annual(a, b?.name ?? null);
    return reply.header('content-type', XLSX_MIME).header('content-disposition', contentDisposition(f.filename)).send(f.buffer as never);
  });
};
export default results;
