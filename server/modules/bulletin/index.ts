import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../lib/context';
import { BadRequestError } from '../../lib/errors';
import { IdParams, Ok, Page, errors } from '../../lib/schemas';
import {
  CommentBody, CreateIssueBody, CreateItemBody, CreateTitleBody, Facts, FactsQuery, HigherBody, Image, Issue, IssueSummary, Item,
  ListIssuesQuery, ListItemsQuery, PublishBody, Quota, QuotaQuery, QuotaSetting, QuotaSettings, ReviewBody, Title, UpdateIssueBody,
  UpdateItemBody, UpdateTitleBody,
} from './bulletin.schemas';
import { createBulletinService } from './bulletin.service';
import { createFactsService } from './facts';
import { issueDocx } from './docx';

const bulletinModule: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const svc = createBulletinService(ctx);
  const facts = createFactsService(ctx);
  const tags = ['bulletin'];
  const editor = { access: ['editor'] as ['editor'] };

  // ── 信息稿 ──
  app.post('/api/bulletin/items', {
    config: { access: 'user' },
    schema: { tags, summary: '提交信息稿（任何干部；外地参考稿由信息员录入）', body: CreateItemBody, response: { 201: Item, ...errors(400, 401, 403) } },
  }, async (req, reply) => reply.status(201).send(await svc.createItem(req.auth, req.body, req.ip)));

  app.get('/api/bulletin/items', {
    config: { access: 'user' },
    schema: { tags, summary: '信息稿列表（本人；信息员、部领导看全部）', querystring: ListItemsQuery, response: { 200: Page(Item), ...errors(400, 401) } },
  }, (req) => svc.listItems(req.auth, req.query));

  app.get('/api/bulletin/items/:id', {
    config: { access: 'user' },
    schema: { tags, summary: '信息稿详情', params: IdParams, response: { 200: Item, ...errors(401, 404) } },
  }, (req) => svc.getItem(req.auth, req.params.id));

  app.patch('/api/bulletin/items/:id', {
    config: { access: 'user' },
    schema: { tags, summary: '修改待审核或被退回的信息稿并重新提交（作者）', params: IdParams, body: UpdateItemBody, response: { 200: Item, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.updateItem(req.auth, req.params.id, req.body, req.ip));

  app.post('/api/bulletin/items/:id/withdraw', {
    config: { access: 'user' },
    schema: { tags, summary: '撤回信息稿（作者）', params: IdParams, response: { 200: Item, ...errors(401, 403, 404, 409) } },
  }, (req) => svc.withdrawItem(req.auth, req.params.id, req.ip));

  app.post('/api/bulletin/items/:id/adopt', {
    config: editor,
    schema: { tags, summary: '采用（信息员）', params: IdParams, body: ReviewBody, response: { 200: Item, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.review(req.auth, req.params.id, 'adopted', req.body.comment, req.ip));

  app.post('/api/bulletin/items/:id/return', {
    config: editor,
    schema: { tags, summary: '退回修改，须写意见（信息员）', params: IdParams, body: CommentBody, response: { 200: Item, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.review(req.auth, req.params.id, 'returned', req.body.comment, req.ip));

  app.post('/api/bulletin/items/:id/reject', {
    config: editor,
    schema: { tags, summary: '不予采用，须说明理由（信息员）', params: IdParams, body: CommentBody, response: { 200: Item, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.review(req.auth, req.params.id, 'rejected', req.body.comment, req.ip));

  app.post('/api/bulletin/items/:id/higher', {
    config: editor,
    schema: { tags, summary: '标记为被上级刊物采用：给作者记一次奖励分（信息员）', params: IdParams, body: HigherBody, response: { 200: Item, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.markHigher(req.auth, req.params.id, req.body, req.ip));

  app.post('/api/bulletin/items/:id/images', {
    config: { access: 'user' },
    schema: {
      tags, summary: '上传配图（multipart，字段 file；作者或信息员）', consumes: ['multipart/form-data'], params: IdParams,
      response: { 201: Image, ...errors(400, 401, 403, 404, 409), 413: Type.Ref('ErrorBody') },
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new BadRequestError('NOT_MULTIPART', 'file: 请以 multipart/form-data 上传图片');
    const file = await req.file();
    if (!file) throw new BadRequestError('FILE_MISSING', 'file: 缺少文件');
    return reply.status(201).send(await svc.addImage(req.auth, req.params.id, file, req.ip));
  });

  app.get('/api/bulletin/images/:id', {
    config: { access: 'user' },
    schema: { tags, summary: '配图', params: IdParams, response: { ...errors(401, 404) } },
  }, async (req, reply) => {
    const f = await svc.openImage(req.auth, req.params.id);
    return reply.header('content-type', f.row.mime).header('content-length', f.size).header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=3600').send(f.stream);
  });

  // ── 报送任务 ──
  app.get('/api/bulletin/quota', {
    config: { access: 'user' },
    schema: { tags, summary: '报送任务完成情况：本周、本月（每人；信息员、部领导看全部）', querystring: QuotaQuery, response: { 200: Quota, ...errors(400, 401) } },
  }, (req) => svc.quota(req.auth, req.query.date));

  app.get('/api/bulletin/quota/settings', {
    config: { access: ['editor', 'admin'] },
    schema: { tags, summary: '各单位每周报送篇数（-1 = 沿用上级设置）', response: { 200: QuotaSettings, ...errors(401, 403) } },
  }, () => svc.quotaSettings());

  app.post('/api/bulletin/quota/settings', {
    config: { access: ['editor', 'admin'] },
    schema: { tags, summary: '设置某单位/党支部/科室每人每周报送篇数', body: QuotaSetting, response: { 200: QuotaSettings, ...errors(400, 401, 403) } },
  }, (req) => svc.setQuota(req.auth, req.body, req.ip));

  // ── 刊物 ──
  app.get('/api/bulletin/titles', {
    config: { access: 'user' },
    schema: { tags, summary: '刊物列表', response: { 200: Page(Title), ...errors(401) } },
  }, () => svc.listTitles());

  app.post('/api/bulletin/titles', {
    config: { access: ['editor', 'admin'] },
    schema: { tags, summary: '新建刊物（名称、编印单位、默认栏目、报送发范围、起始期号）', body: CreateTitleBody, response: { 201: Title, ...errors(400, 401, 403, 409) } },
  }, async (req, reply) => reply.status(201).send(await svc.createTitle(req.auth, req.body, req.ip)));

  app.patch('/api/bulletin/titles/:id', {
    config: { access: ['editor', 'admin'] },
    schema: { tags, summary: '修改刊物设置', params: IdParams, body: UpdateTitleBody, response: { 200: Title, ...errors(400, 401, 403, 404) } },
  }, (req) => svc.updateTitle(req.auth, req.params.id, req.body, req.ip));

  // ── 期 ──
  app.get('/api/bulletin/issues', {
    config: { access: 'user' },
    schema: { tags, summary: '期刊列表与归档检索（正文、署名单位、日期）；草稿仅信息员可见', querystring: ListIssuesQuery, response: { 200: Page(IssueSummary), ...errors(400, 401) } },
  }, (req) => svc.listIssues(req.auth, req.query));

  app.post('/api/bulletin/issues', {
    config: editor,
    schema: { tags, summary: '新建一期草稿（可带已采用的信息稿）', body: CreateIssueBody, response: { 201: Issue, ...errors(400, 401, 403, 409) } },
  }, async (req, reply) => reply.status(201).send(await svc.createIssue(req.auth, req.body, req.ip)));

  app.get('/api/bulletin/issues/:id', {
    config: { access: 'user' },
    schema: { tags, summary: '一期的全部内容', params: IdParams, response: { 200: Issue, ...errors(401, 404) } },
  }, (req) => svc.getIssue(req.auth, req.params.id));

  app.patch('/api/bulletin/issues/:id', {
    config: editor,
    schema: { tags, summary: '编排草稿：栏目、条目顺序、标记、文字、报送发', params: IdParams, body: UpdateIssueBody, response: { 200: Issue, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.updateIssue(req.auth, req.params.id, req.body, req.ip));

  app.delete('/api/bulletin/issues/:id', {
    config: editor,
    schema: { tags, summary: '删除草稿（已刊发的不能删除）', params: IdParams, response: { 200: Ok, ...errors(401, 403, 404, 409) } },
  }, (req) => svc.deleteIssue(req.auth, req.params.id, req.ip));

  app.post('/api/bulletin/issues/:id/publish', {
    config: editor,
    schema: { tags, summary: '刊发：编定期号（每刊每年连续）、锁定本期、给被采用信息的作者记分', params: IdParams, body: PublishBody, response: { 200: Issue, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.publish(req.auth, req.params.id, req.body, req.ip));

  app.get('/api/bulletin/issues/:id/docx', {
    config: { access: 'user' },
    schema: { tags, summary: '下载 Word 文档（.docx）', params: IdParams, response: { ...errors(401, 404) } },
  }, async (req, reply) => {
    const issue = await svc.getIssue(req.auth, req.params.id);
    const buf = await issueDocx(issue, await svc.imageFiles(issue.entries.map((e) => e.itemId)));
    const name = issue.number ? `${issue.titleName}${issue.year}年第${issue.number}期.docx` : `${issue.titleName}（草稿）.docx`;
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(buf);
  });

  // ── 数据素材 ──
  app.get('/api/bulletin/facts', {
    config: editor,
    schema: { tags, summary: '从数据生成的统计语句（注明统计时段），供编写信息时引用', querystring: FactsQuery, response: { 200: Facts, ...errors(400, 401, 403) } },
  }, (req) => facts.facts(req.query));
};
export default bulletinModule;
