import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/context';
import { errors } from '../../lib/schemas';
import { createMaterialService } from './material.service';
import lectureRoutes from './lecture.routes';
import studyRoutes from './study.routes';
import tasksRoutes from './tasks.routes';
import quizRoutes from './quiz.routes';
import { BulletinMaterial, MaterialQuery, Week, WeekQuery } from './weekly.schemas';
import { createWeekService } from './week.service';

/** 学讲评: 每周一学, 每周一讲, 每周一评, the week and bulletin material. */
const weeklyModule: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(studyRoutes, { ctx });
  await app.register(lectureRoutes, { ctx });
  await app.register(tasksRoutes, { ctx });
  await app.register(quizRoutes, { ctx });

  const week = createWeekService(ctx);
  app.get('/api/weekly/week', {
    config: { access: 'user' },
    schema: { tags: ['weekly: 本周'], summary: '本周学讲评：学习与考勤、授课、汇报与点评、学讲评记分、本周未汇报', querystring: WeekQuery, response: { 200: Week, ...errors(400, 401) } },
  }, (req) => week.week(req.auth, req.query.date));

  const material = createMaterialService(ctx);
  app.get('/api/weekly/material', {
    config: { access: 'user' },
    schema: {
      tags: ['weekly: 信息素材'],
      summary: '生成信息素材：按记录生成《组工信息》稿件段落草稿（事实取自数据）',
      description: 'kind=study_summary（可带 year）| session（id）| lecture（id）| task（id）| board（可带 year）| week（可带 date）。返回 headline（△标题候选）、paragraph（正文段落）、attribution（（单位））、facts（同一组数字，机器可读）、source（出处页面）。',
      querystring: MaterialQuery,
      response: { 200: BulletinMaterial, ...errors(400, 401, 404) },
    },
  }, (req) => material.generate(req.query));
};
export default weeklyModule;
