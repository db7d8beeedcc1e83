import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/context';
import { IdParams, Page, errors } from '../../lib/schemas';
import { CreateUserBody, ListUsersQuery, ResetPasswordBody, UpdateUserBody, User } from './users.schemas';
import { createUsersService } from './users.service';

const usersModule: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const svc = createUsersService(ctx);
  const tags = ['users'];

  app.get('/api/users', {
    config: { access: 'user' },
    schema: { tags, summary: '人员列表（按可见范围）', querystring: ListUsersQuery, response: { 200: Page(User), ...errors(400, 401) } },
  }, (req) => svc.list(req.auth, req.query));

  app.get('/api/users/:id', {
    config: { access: 'user' },
    schema: { tags, summary: '人员详情', params: IdParams, response: { 200: User, ...errors(401, 404) } },
  }, (req) => svc.get(req.auth, req.params.id));

  app.post('/api/users', {
    config: { access: ['admin'] },
    schema: { tags, summary: '新建人员', body: CreateUserBody, response: { 201: User, ...errors(400, 401, 403, 409) } },
  }, async (req, reply) => reply.status(201).send(await svc.create(req.auth, req.body, req.ip)));

  app.patch('/api/users/:id', {
    config: { access: ['admin'] },
    schema: { tags, summary: '修改人员（姓名、角色、所在组织）', params: IdParams, body: UpdateUserBody, response: { 200: User, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => svc.update(req.auth, req.params.id, req.body, req.ip));

  app.post('/api/users/:id/deactivate', {
    config: { access: ['admin'] },
    schema: { tags, summary: '停用账号（立即结束其登录）', params: IdParams, response: { 200: User, ...errors(401, 403, 404, 409) } },
  }, (req) => svc.setActive(req.auth, req.params.id, false, req.ip));

  app.post('/api/users/:id/activate', {
    config: { access: ['admin'] },
    schema: { tags, summary: '启用账号', params: IdParams, response: { 200: User, ...errors(401, 403, 404, 409) } },
  }, (req) => svc.setActive(req.auth, req.params.id, true, req.ip));

  app.post('/api/users/:id/reset-password', {
    config: { access: ['admin'] },
    schema: { tags, summary: '重置密码（下次登录须修改）', params: IdParams, body: ResetPasswordBody, response: { 200: User, ...errors(400, 401, 403, 404) } },
  }, (req) => svc.resetPassword(req.auth, req.params.id, req.body.password, req.ip));
};
export default usersModule;
