import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../lib/context';
import { BadRequestError } from '../../lib/errors';
import { IdParams, Page, errors } from '../../lib/schemas';
import { ORGANIZERS } from './common';
import { createQuizService } from './quiz.service';
import { Attempt, Bank, CreateQuizBody, Quiz, QuizImportResult, QuizResult, QuizStats, SubmitBody } from './quiz.schemas';

const quizRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const svc = createQuizService(ctx);
  const tags = ['weekly: 业务知识测试'];
  const org = { access: [...ORGANIZERS] };

  app.post('/api/weekly/quiz/questions/import', {
    config: org,
    schema: {
      tags, summary: '从 Excel 导入题库（multipart，字段 file）。表头：题库、题型（单选/多选/判断）、题干、选项A…选项F、答案（A、AC、对/错）、解析。任一行有误则整表不导入，错误信息指明行、列；同题库同题干的题目不重复导入',
      consumes: ['multipart/form-data'], response: { 201: QuizImportResult, ...errors(400, 401, 403), 413: Type.Ref('ErrorBody') },
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new BadRequestError('NOT_MULTIPART', 'file: 请以 multipart/form-data 上传 Excel 文件');
    const file = await req.file();
    if (!file) throw new BadRequestError('FILE_MISSING', 'file: 缺少文件');
    return reply.status(201).send(await svc.importQuestions(req.auth, await file.toBuffer(), req.ip));
  });

  app.get('/api/weekly/quiz/banks', {
    config: org,
    schema: { tags, summary: '题库与题数', response: { 200: Type.Object({ items: Type.Array(Bank) }), ...errors(401, 403) } },
  }, async () => ({ items: await svc.banks() }));

  app.get('/api/weekly/quizzes', {
    config: { access: 'user' },
    schema: { tags, summary: '测试列表（含本人答题状态）', response: { 200: Page(Quiz), ...errors(401) } },
  }, (req) => svc.list(req.auth));

  app.post('/api/weekly/quizzes', {
    config: org,
    schema: { tags, summary: '组织一次测试：题库、题数、起止时间、限时、及格分、及格记分的积分项目', body: CreateQuizBody, response: { 201: Quiz, ...errors(400, 401, 403) } },
  }, async (req, reply) => reply.status(201).send(await svc.create(req.auth, req.body, req.ip)));

  app.post('/api/weekly/quizzes/:id/start', {
    config: { access: ['cadre'] },
    schema: { tags, summary: '开始答题（每人一次；再次进入返回同一份试卷和截止时间）', params: IdParams, response: { 200: Attempt, ...errors(401, 403, 404, 409) } },
  }, (req) => svc.start(req.auth, req.params.id));

  app.post('/api/weekly/quizzes/:id/submit', {
    config: { access: ['cadre'] },
    schema: { tags, summary: '交卷：自动判分；及格则记入所设积分项目一次（来源 quiz）', params: IdParams, body: SubmitBody, response: { 200: QuizResult, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.submit(req.auth, req.params.id, req.body, req.ip));

  app.get('/api/weekly/quizzes/:id/result', {
    config: { access: 'user' },
    schema: { tags, summary: '本人成绩；测试截止后显示正确答案', params: IdParams, response: { 200: QuizResult, ...errors(401, 404) } },
  }, (req) => svc.result(req.auth, req.params.id));

  app.get('/api/weekly/quizzes/:id/stats', {
    config: org,
    schema: { tags, summary: '测试统计：平均分、及格率、最难的题、每人成绩', params: IdParams, response: { 200: QuizStats, ...errors(401, 403, 404) } },
  }, (req) => svc.stats(req.auth, req.params.id));
};
export default quizRoutes;
