import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../lib/context';
import { BadRequestError } from '../../lib/errors';
import { IdParams, Page, Year, errors } from '../../lib/schemas';
import { createTasksService } from './tasks.service';
import { Board, CreateTaskBody, ImportResult, ListTasksQuery, Report, ReportBody, ReportsQuery, Task, TaskDetail, TextBody, WeekQuery } from './weekly.schemas';

const tasksRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const svc = createTasksService(ctx);
  const tags = ['weekly: 每周一评'];

  app.get('/api/weekly/tasks', {
    config: { access: 'user' },
    schema: { tags, summary: '重点任务清单（含节点、最新汇报、红黄绿灯）', querystring: ListTasksQuery, response: { 200: Page(Task), ...errors(400, 401) } },
  }, (req) => svc.list(req.auth, req.query));

  app.post('/api/weekly/tasks', {
    config: { access: ['leader', 'admin'] },
    schema: { tags, summary: '新增重点任务（部领导、管理员）', body: CreateTaskBody, response: { 201: Task, ...errors(400, 401, 403, 409) } },
  }, async (req, reply) => reply.status(201).send(await svc.create(req.auth, req.body, req.ip)));

  app.post('/api/weekly/tasks/import', {
    config: { access: ['leader', 'admin'] },
    schema: {
      tags, summary: '从 Excel 导入重点任务清单（multipart，字段 file）。表头：类别、任务、目标、责任科室、责任人、节点（“YYYY-MM-DD 内容”，多个用；或换行分隔）。任一行有误则整表不导入，错误信息指明行、列',
      consumes: ['multipart/form-data'], querystring: Type.Object({ year: Type.Optional(Year) }),
      response: { 201: ImportResult, ...errors(400, 401, 403, 409), 413: Type.Ref('ErrorBody') },
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new BadRequestError('NOT_MULTIPART', 'file: 请以 multipart/form-data 上传 Excel 文件');
    const file = await req.file();
    if (!file) throw new BadRequestError('FILE_MISSING', 'file: 缺少文件');
    const buf = await file.toBuffer();
    return reply.status(201).send(await svc.importXlsx(req.auth, buf, req.query.year, req.ip));
  });

  app.get('/api/weekly/tasks/:id', {
    config: { access: 'user' },
    schema: { tags, summary: '重点任务详情与历次汇报', params: IdParams, response: { 200: TaskDetail, ...errors(401, 404) } },
  }, (req) => svc.detail(req.auth, req.params.id));

  app.post('/api/weekly/tasks/:id/reports', {
    config: { access: 'user' },
    schema: { tags, summary: '本周进度汇报（责任人或责任科室人员；每周一次）', params: IdParams, body: ReportBody, response: { 201: Report, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await svc.report(req.auth, req.params.id, req.body, req.ip)));

  app.get('/api/weekly/reports', {
    config: { access: 'user' },
    schema: { tags, summary: '汇报列表（可按周、任务、待点评筛选）', querystring: ReportsQuery, response: { 200: Page(Report), ...errors(400, 401) } },
  }, (req) => svc.reports(req.query));

  app.post('/api/weekly/reports/:id/comment', {
    config: { access: ['leader'] },
    schema: { tags, summary: '部领导点评汇报（一次；不能点评本人汇报）', params: IdParams, body: TextBody, response: { 200: Report, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.comment(req.auth, req.params.id, req.body.text, req.ip));

  app.post('/api/weekly/milestones/:id/done', {
    config: { access: 'user' },
    schema: { tags, summary: '标记节点完成（责任人或责任科室人员）', params: IdParams, response: { 200: TaskDetail, ...errors(401, 403, 404, 409) } },
  }, (req) => svc.milestoneDone(req.auth, req.params.id, req.ip));

  app.get('/api/weekly/board', {
    config: { access: 'user' },
    schema: { tags, summary: '挂图作战：按类别红黄绿灯、滞后任务、本周到期节点、本周未汇报、完成进度走势', querystring: WeekQuery, response: { 200: Board, ...errors(400, 401) } },
  }, (req) => svc.board(req.auth, req.query));
};
export default tasksRoutes;
