import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/context';
import { Ok, errors } from '../../lib/schemas';
import { ChangePasswordBody, LoginBody, LoginReply, Me } from './auth.schemas';
import { createAuthService } from './auth.service';

const auth: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const svc = createAuthService(ctx, app);
  const tags = ['auth'];

  app.post('/api/auth/login', {
    config: { access: 'public' },
    schema: { tags, summary: '登录', body: LoginBody, response: { 200: LoginReply, ...errors(400, 401, 429) } },
  }, (req) => svc.login(req.body.username, req.body.password, req.ip, req.headers['user-agent']));

  app.get('/api/me', {
    config: { access: 'user' },
    schema: { tags, summary: '当前用户', response: { 200: Me, ...errors(401) } },
  }, (req) => svc.me(req.auth));

  app.post('/api/auth/logout', {
    config: { access: 'user' },
    schema: { tags, summary: '退出登录（结束本人所有会话）', response: { 200: Ok, ...errors(401) } },
  }, async (req) => {
    await svc.logout(req.auth, req.ip);
    return { ok: true };
  });

  app.post('/api/auth/password', {
    config: { access: 'user' },
    schema: { tags, summary: '修改本人密码', body: ChangePasswordBody, response: { 200: LoginReply, ...errors(400, 401) } },
  }, (req) => svc.changePassword(req.auth, req.body.oldPassword, req.body.newPassword, req.ip));
};
export default auth;
