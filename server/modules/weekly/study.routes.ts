import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../lib/context';
import { IdParams, Ok, Page, errors } from '../../lib/schemas';
import { parts, today } from '../../lib/dates';
import { ORGANIZERS } from './common';
import { createStudyService } from './study.service';
import {
  CloseResult, CreateSessionBody, ListSessionsQuery, MarkAttendanceBody, ReasonBody, Session, SessionDetail, StudyStats, UpdateSessionBody, YearQuery,
} from './weekly.schemas';

const studyRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const svc = createStudyService(ctx);
  const tags = ['weekly: 每周一学'];
  const org = { access: [...ORGANIZERS] };

  app.get('/api/weekly/sessions', {
    config: { access: 'user' },
    schema: { tags, summary: '学习活动列表', querystring: ListSessionsQuery, response: { 200: Page(Session), ...errors(400, 401) } },
  }, (req) => svc.list(req.query));

  app.post('/api/weekly/sessions', {
    config: org,
    schema: { tags, summary: '安排一次学习（默认积分项目：专家讲堂→经济讲堂，其余→集中理论学习）', body: CreateSessionBody, response: { 201: Session, ...errors(400, 401, 403) } },
  }, async (req, reply) => reply.status(201).send(await svc.create(req.auth, req.body, req.ip)));

  app.get('/api/weekly/sessions/:id', {
    config: { access: 'user' },
    schema: { tags, summary: '学习活动详情与考勤', params: IdParams, response: { 200: SessionDetail, ...errors(401, 404) } },
  }, (req) => svc.detail(req.params.id));

  app.patch('/api/weekly/sessions/:id', {
    config: org,
    schema: { tags, summary: '修改学习活动（未结束时）', params: IdParams, body: UpdateSessionBody, response: { 200: Session, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.update(req.auth, req.params.id, req.body, req.ip));

  app.delete('/api/weekly/sessions/:id', {
    config: org,
    schema: { tags, summary: '删除从未记分的学习活动', params: IdParams, response: { 200: Ok, ...errors(401, 403, 404, 409) } },
  }, async (req) => {
    await svc.remove(req.auth, req.params.id, req.ip);
    return { ok: true };
  });

  app.put('/api/weekly/sessions/:id/attendance', {
    config: org,
    schema: { tags, summary: '批量登记考勤（参加/请假/缺席）；本人考勤须由其他组织者登记', params: IdParams, body: MarkAttendanceBody, response: { 200: SessionDetail, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.mark(req.auth, req.params.id, req.body, req.ip));

  app.post('/api/weekly/sessions/:id/close', {
    config: org,
    schema: { tags, summary: '结束并记分：为每名参加人员记入积分（来源 study_session）；重新结束时只补记或冲销差异', params: IdParams, response: { 200: CloseResult, ...errors(401, 403, 404, 409) } },
  }, (req) => svc.close(req.auth, req.params.id, req.ip));

  app.post('/api/weekly/sessions/:id/reopen', {
    config: org,
    schema: { tags, summary: '重新开启以更正考勤（再次结束时以冲销/恢复记录调整积分）', params: IdParams, body: ReasonBody, response: { 200: Session, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.reopen(req.auth, req.params.id, req.body.reason, req.ip));

  app.get('/api/weekly/study/stats', {
    config: { access: 'user' },
    schema: { tags, summary: '每周一学统计：已开展场次，按科室、个人的出勤率', querystring: YearQuery, response: { 200: StudyStats, ...errors(400, 401) } },
  }, (req) => svc.stats(req.query.year ?? parts(today(ctx.clock)).year));
  void Type;
};
export default studyRoutes;
