import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/context';
import { IdParams, Page, errors } from '../../lib/schemas';
import { ORGANIZERS } from './common';
import { createLectureService } from './lecture.service';
import { AssignBody, CreateLectureBody, GenerateBody, Lecture, ListLecturesQuery, Rotation, RotationQuery, SkipBody, SwapBody, TextBody } from './weekly.schemas';

const lectureRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const svc = createLectureService(ctx);
  const tags = ['weekly: 每周一讲'];
  const org = { access: [...ORGANIZERS] };

  app.get('/api/weekly/rotation', {
    config: { access: 'user' },
    schema: { tags, summary: '轮讲安排（默认前 4 周起 30 周）、我的下一次授课、各人授课次数', querystring: RotationQuery, response: { 200: Rotation, ...errors(400, 401) } },
  }, (req) => svc.rotation(req.auth, req.query));

  app.post('/api/weekly/rotation/generate', {
    config: org,
    schema: { tags, summary: '生成未来 N 周轮讲安排：组室轮流、科室内授课最少者优先、跳过离岗人员和节假日；覆盖起始周后尚未登记授课的安排', body: GenerateBody, response: { 200: Rotation, ...errors(400, 401, 403) } },
  }, (req) => svc.generate(req.auth, req.body, req.ip));

  app.post('/api/weekly/rotation/:id/swap', {
    config: org,
    schema: { tags, summary: '两周对调', params: IdParams, body: SwapBody, response: { 200: Rotation, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.swap(req.auth, req.params.id, req.body.otherId, req.ip));

  app.post('/api/weekly/rotation/:id/skip', {
    config: org,
    schema: { tags, summary: '本周停讲（如节假日），之后的安排依次顺延一周', params: IdParams, body: SkipBody, response: { 200: Rotation, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.skip(req.auth, req.params.id, req.body.reason, req.ip));

  app.post('/api/weekly/rotation/:id/assign', {
    config: org,
    schema: { tags, summary: '更换本周主讲人', params: IdParams, body: AssignBody, response: { 200: Rotation, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.assign(req.auth, req.params.id, req.body.lecturerId, req.ip));

  app.get('/api/weekly/lectures', {
    config: { access: 'user' },
    schema: { tags, summary: '授课记录', querystring: ListLecturesQuery, response: { 200: Page(Lecture), ...errors(400, 401) } },
  }, (req) => svc.list(req.query));

  app.post('/api/weekly/lectures', {
    config: { access: 'user' },
    schema: { tags, summary: '登记授课（组织者，或轮讲安排中的主讲人本人）', body: CreateLectureBody, response: { 201: Lecture, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await svc.create(req.auth, req.body, req.ip)));

  app.get('/api/weekly/lectures/:id', {
    config: { access: 'user' },
    schema: { tags, summary: '授课详情（点评、感想）', params: IdParams, response: { 200: Lecture, ...errors(401, 404) } },
  }, (req) => svc.get(req.params.id));

  app.post('/api/weekly/lectures/:id/give', {
    config: org,
    schema: { tags, summary: '确认已授课：为主讲人记“经济微课堂授课”（来源 lecture）；不能确认本人的授课', params: IdParams, response: { 200: Lecture, ...errors(401, 403, 404, 409) } },
  }, (req) => svc.give(req.auth, req.params.id, req.ip));

  app.post('/api/weekly/lectures/:id/comment', {
    config: { access: ['leader'] },
    schema: { tags, summary: '部领导点评（一次；不能点评本人授课）', params: IdParams, body: TextBody, response: { 200: Lecture, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.comment(req.auth, req.params.id, req.body.text, req.ip));

  app.post('/api/weekly/lectures/:id/reflections', {
    config: { access: ['cadre'] },
    schema: { tags, summary: '谈感想（每次 3 人，本人撰写，主讲人除外）', params: IdParams, body: TextBody, response: { 200: Lecture, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.reflect(req.auth, req.params.id, req.body.text, req.ip));

  app.post('/api/weekly/reflections/:id/credit', {
    config: { access: ['scorekeeper'] },
    schema: { tags, summary: '将感想记为“撰写学习心得”（来源 reflection；计分员，非作者本人）', params: IdParams, response: { 200: Lecture, ...errors(401, 403, 404, 409) } },
  }, (req) => svc.creditReflection(req.auth, req.params.id, req.ip));
};
export default lectureRoutes;
